package bounce

import "github.com/cpmail/cpmail/lang"

// An Actor says who must act to fix a failure.
type Actor string

// The actors.
const (
	// ActorSender is our side: the account that sent the message, or this
	// server and its administrator.
	ActorSender Actor = "sender"
	// ActorRecipient is the far side: the recipient or the administrator of
	// the receiving server.
	ActorRecipient Actor = "recipient"
	// ActorNobody means waiting is enough: the sending server retries.
	ActorNobody Actor = "nobody"
)

// A Description explains a Reason to people, in one language.
type Description struct {
	// Title is a one-line heading, e.g. "Recipient mailbox is full".
	Title string
	// Explanation says what happened, in plain words.
	Explanation string
	// Remedy says what to do, and where in cPanel when it is our side.
	Remedy string
	// Actor says who must act.
	Actor Actor
}

// Describe returns the title, explanation, remedy and actor of r in language
// l (English for any tag other than [lang.TraditionalChinese]). An invalid r
// is described as [Unknown].
func Describe(r Reason, l lang.Tag) Description {
	t := textOf(r)
	return Description{
		Title:       l.Pick(t.title[0], t.title[1]),
		Explanation: l.Pick(t.explain[0], t.explain[1]),
		Remedy:      l.Pick(t.remedy[0], t.remedy[1]),
		Actor:       t.actor,
	}
}

// Short returns a label of r for a table column: at most 18 characters in
// English, e.g. "no such user" or "mailbox full". An invalid r gets the
// label of [Unknown].
func (r Reason) Short(l lang.Tag) string {
	t := textOf(r)
	return l.Pick(t.short[0], t.short[1])
}

// reasonText holds the English [0] and Traditional Chinese [1] texts of one
// reason.
type reasonText struct {
	short, title, explain, remedy [2]string
	actor                         Actor
}

// textOf returns the texts of r. It is a switch rather than a map so that
// the texts are constants, not package state.
func textOf(r Reason) reasonText {
	switch r {
	case RecipientUnknown:
		return reasonText{
			short: [2]string{"no such user", "查無收件人"},
			title: [2]string{"Recipient address does not exist", "收件人地址不存在"},
			explain: [2]string{
				"The receiving server says it has no mailbox for this address. Usually the address is misspelled, the person has left, or the account was deleted. Sending again will not help.",
				"收件端伺服器表示沒有這個信箱。通常是地址打錯、對方已離職，或帳號已被刪除，重寄也不會成功。",
			},
			remedy: [2]string{
				"Check the spelling of the address and confirm it with the recipient by another channel. If the address is on one of this account's domains, create it in cPanel » Email Accounts or add a forwarder in cPanel » Forwarders, and check what happens to unknown addresses in cPanel » Default Address.",
				"請核對地址拼字，並透過其他管道向對方確認正確地址。若這個地址屬於本帳號的網域，請到 cPanel » Email Accounts（電子郵件帳號）建立信箱，或到 cPanel » Forwarders（轉寄程式）新增轉寄，並在 cPanel » Default Address（預設地址）確認寄到不存在地址的信如何處理。",
			},
			actor: ActorSender,
		}
	case MailboxFull:
		return reasonText{
			short: [2]string{"mailbox full", "信箱已滿"},
			title: [2]string{"Recipient mailbox is full", "收件人信箱已滿"},
			explain: [2]string{
				"The recipient's mailbox has reached its quota, or the hosting account it lives in has run out of disk space or inodes, so new mail is refused.",
				"收件人的信箱已達容量上限，或信箱所在的主機帳號已用完磁碟空間或檔案數（inode），所以新郵件被拒收。",
			},
			remedy: [2]string{
				"Ask the recipient to delete or archive old mail. If the mailbox is on this account, raise its quota or clean it up in cPanel » Email Accounts (Manage), and check the whole account's space in cPanel » Disk Usage.",
				"請收件人刪除或封存舊郵件。若信箱在本帳號內，可到 cPanel » Email Accounts（電子郵件帳號）按「Manage」調高配額或清理信件，並到 cPanel » Disk Usage（磁碟使用量）檢查整個帳號的空間。",
			},
			actor: ActorRecipient,
		}
	case MailboxDisabled:
		return reasonText{
			short: [2]string{"mailbox disabled", "信箱已停用"},
			title: [2]string{"Recipient mailbox is disabled or suspended", "收件人信箱已停用或暫停"},
			explain: [2]string{
				"The address exists but does not accept mail: its provider or administrator has suspended, disabled, locked or deactivated it.",
				"這個地址存在，但目前不收信：已被服務商或管理者暫停、停用、鎖定或註銷。",
			},
			remedy: [2]string{
				"Reach the recipient another way; they or their administrator must reactivate the mailbox. If the mailbox is on this account, check whether receiving is suspended in cPanel » Email Accounts (Manage › Receiving Incoming Mail), and ask your host whether the whole cPanel account is suspended.",
				"請改用其他方式聯絡收件人，由對方或其管理者重新啟用信箱。若信箱在本帳號內，請到 cPanel » Email Accounts（電子郵件帳號）按「Manage」檢查是否暫停了收信（Receiving Incoming Mail），並向主機商確認整個 cPanel 帳號是否遭到停權。",
			},
			actor: ActorRecipient,
		}
	case DomainUnknown:
		return reasonText{
			short: [2]string{"no such domain", "網域無法收信"},
			title: [2]string{"Recipient domain cannot receive mail", "收件人網域無法收信"},
			explain: [2]string{
				"The recipient's domain does not exist in DNS, or has no usable MX or A record (or publishes a null MX saying it takes no mail), so no mail server could be found for it.",
				"收件人的網域在 DNS 中不存在，或沒有可用的 MX／A 紀錄（或以 Null MX 聲明不收信），因此找不到可以投遞的郵件伺服器。",
			},
			remedy: [2]string{
				"Check the part after @ for typos (gmial.com, .con). If the domain is right, its owner must fix its MX records. If the domain is yours, check the MX records in cPanel » Zone Editor and the setting in cPanel » Email Routing.",
				"請檢查 @ 後面的網域是否打錯（例如 gmial.com、.con）。若網域無誤，需由網域管理者修正 MX 紀錄。若是您自己的網域，請到 cPanel » Zone Editor（區域編輯器）檢查 MX 紀錄，並確認 cPanel » Email Routing（電子郵件路由）的設定。",
			},
			actor: ActorSender,
		}
	case Blocklisted:
		return reasonText{
			short: [2]string{"IP blocklisted", "IP 列入黑名單"},
			title: [2]string{"Sending server is on a blocklist", "寄件伺服器被列入黑名單"},
			explain: [2]string{
				"The receiver refused the connection or the message because the sending IP address or domain is on a blocklist or has a poor reputation. This hits every message from that server, not only this one.",
				"收件端因寄件伺服器的 IP 或網域被列入黑名單、或信譽不佳而拒收。這會影響該伺服器寄出的所有郵件，不只這一封。",
			},
			remedy: [2]string{
				"Look the sending IP up on the named list (Spamhaus, SpamCop, Barracuda, ... each has a lookup page) and follow its removal steps. On a shared server, open a ticket with your host. Find and stop the cause first: look in cPanel » Track Delivery for bursts of outgoing mail from a hacked mailbox or script. For mail sent to you, the sender must do this on their side.",
				"請到訊息中提到的黑名單（Spamhaus、SpamCop、Barracuda 等都有查詢頁面）查詢寄件 IP，依指示申請移除；若是共用主機，請開單請主機商處理。申請前請先找出並排除原因：到 cPanel » Track Delivery（追蹤傳遞）查看是否有遭盜用的信箱或程式大量寄信。如果是別人寄給您的信被拒，需由寄件方自行處理。",
			},
			actor: ActorSender,
		}
	case PTRMissing:
		return reasonText{
			short: [2]string{"no reverse DNS", "缺少反解"},
			title: [2]string{"Sending IP has no valid reverse DNS (PTR)", "寄件 IP 沒有正確的反解（PTR）"},
			explain: [2]string{
				"The receiver requires the sending server's IP address to resolve back to a host name (a PTR record) that points to the same IP. The PTR record is missing or does not match.",
				"收件端要求寄件伺服器的 IP 必須能反查到主機名稱（PTR 紀錄），且該名稱要再指回同一個 IP。目前 PTR 紀錄不存在或不相符。",
			},
			remedy: [2]string{
				"The PTR record belongs to whoever owns the IP address — your hosting provider — not to the domain's zone. Ask your host to set a PTR for the server IP that matches the server's host name; cPanel » Email Deliverability shows the current reverse DNS status.",
				"PTR 紀錄由 IP 的擁有者（也就是主機商）設定，不在網域的 DNS 區域裡。請主機商為伺服器 IP 設定與主機名稱一致的 PTR；目前的反解狀態可在 cPanel » Email Deliverability（電子郵件傳遞能力）查看。",
			},
			actor: ActorSender,
		}
	case AuthFailure:
		return reasonText{
			short: [2]string{"SPF/DKIM/DMARC", "SPF/DKIM/DMARC 未通過"},
			title: [2]string{"Message failed SPF, DKIM or DMARC", "郵件未通過 SPF、DKIM 或 DMARC 驗證"},
			explain: [2]string{
				"The receiver could not verify that the message really comes from the sender's domain: SPF did not allow the sending IP, the DKIM signature was missing or broken, or the domain's DMARC policy asked for the message to be rejected.",
				"收件端無法確認這封信真的來自寄件網域：SPF 未授權寄件 IP、DKIM 簽章缺少或無效，或網域的 DMARC 政策要求拒收。",
			},
			remedy: [2]string{
				"Open cPanel » Email Deliverability, choose Manage for the sending domain and install the suggested SPF and DKIM records, then add a DMARC record. If the domain's DNS is hosted elsewhere, publish the records there. Every service that sends as your domain must be included in SPF.",
				"請到 cPanel » Email Deliverability（電子郵件傳遞能力），在寄件網域按「Manage」安裝建議的 SPF 與 DKIM 紀錄，再加上 DMARC 紀錄。若網域的 DNS 不在這台主機，請到實際管理 DNS 的地方新增。所有以您網域名義寄信的服務都要列入 SPF。",
			},
			actor: ActorSender,
		}
	case SenderRejected:
		return reasonText{
			short: [2]string{"sender refused", "寄件者被拒"},
			title: [2]string{"Sender address was refused", "寄件者地址被拒收"},
			explain: [2]string{
				"The receiver refused the envelope sender (the return address): it could not verify it, its domain does not exist or has no mail records, or the receiver blocks that address.",
				"收件端拒絕了信封寄件者（退信地址）：可能無法驗證這個地址、其網域不存在或沒有郵件紀錄，或收件端封鎖了這個地址。",
			},
			remedy: [2]string{
				"Send from a real, existing address on a domain with working MX records. For scripts and contact forms, set the envelope sender (-f) to an existing mailbox of this account (see cPanel » Email Accounts). When this server says \"Sender verify failed\" about incoming mail, the sending domain's owner must fix their DNS.",
				"請使用真實存在、且網域有正常 MX 紀錄的地址寄信。網站程式或聯絡表單請把信封寄件者（-f）設為本帳號中存在的信箱（可在 cPanel » Email Accounts 查看）。若是本伺服器對外來信顯示「Sender verify failed」，需由寄件網域的管理者修正其 DNS。",
			},
			actor: ActorSender,
		}
	case RelayDenied:
		return reasonText{
			short: [2]string{"relay denied", "拒絕轉送"},
			title: [2]string{"Relaying refused: not authenticated", "拒絕轉送：未通過 SMTP 驗證"},
			explain: [2]string{
				"The server accepts this message only from an authenticated user, or does not handle mail for the recipient's domain. Usually the mail program is sending without SMTP authentication; it then often shows \"503 valid RCPT command must precede DATA\".",
				"伺服器只接受已登入驗證的使用者寄出這封信，或它並不負責收件網域的郵件。通常是郵件軟體沒有開啟 SMTP 驗證，這時軟體常會顯示「503 valid RCPT command must precede DATA」。",
			},
			remedy: [2]string{
				"In the mail program, turn on \"My outgoing server (SMTP) requires authentication\" and log in with the full email address and its password, on port 465 (SSL/TLS) or 587 (STARTTLS). The exact settings are in cPanel » Email Accounts › Connect Devices. If the recipient domain is yours, make sure it is set to Local in cPanel » Email Routing.",
				"請在郵件軟體開啟「外寄伺服器（SMTP）需要驗證」，以完整的電子郵件地址與密碼登入，使用 465（SSL/TLS）或 587（STARTTLS）連接埠。正確設定可在 cPanel » Email Accounts › Connect Devices（連線裝置）查到。若收件網域是您自己的，請確認 cPanel » Email Routing（電子郵件路由）設為 Local。",
			},
			actor: ActorSender,
		}
	case SpamContent:
		return reasonText{
			short: [2]string{"spam or virus", "判定為垃圾信"},
			title: [2]string{"Content judged spam, phishing or a virus", "內容被判定為垃圾信、釣魚或病毒"},
			explain: [2]string{
				"A content filter scored the message as spam, phishing or malware — because of its wording, its links, or an infected or risky attachment — and refused it.",
				"內容過濾器因信件的用字、連結，或帶有病毒、高風險的附件，將它判定為垃圾信、釣魚信或惡意程式而拒收。",
			},
			remedy: [2]string{
				"Remove suspicious links and URL shorteners, image-only content, and executable or macro attachments, then send again. Make sure the sending mailbox is not compromised (look for unusual outgoing mail in cPanel » Track Delivery) and scan the account with cPanel » Virus Scanner. For mail this server refused, review cPanel » Spam Filters.",
				"請移除可疑連結與短網址、幾乎只有圖片的內容，以及執行檔或含巨集的附件後再寄。也請確認寄件信箱沒有被盜用（到 cPanel » Track Delivery 查看是否有異常外寄），並用 cPanel » Virus Scanner（病毒掃描）掃描帳號。若是本伺服器拒收的信，請檢查 cPanel » Spam Filters（垃圾郵件過濾器）。",
			},
			actor: ActorSender,
		}
	case PolicyRejected:
		return reasonText{
			short: [2]string{"policy refusal", "違反收件政策"},
			title: [2]string{"Refused by a policy of the receiver", "被收件端的政策拒收"},
			explain: [2]string{
				"The receiver refused the message under one of its own rules that is not about spam or identity: a forbidden attachment type, a restricted recipient or list, too many recipients, a country block, a bad HELO name, or a message that breaks the format rules (RFC 5322).",
				"收件端依自己的規則拒收，原因與垃圾信或身分驗證無關，例如：禁止的附件類型、限定寄件者的收件人或群組、收件人太多、國家／地區封鎖、HELO 名稱不正確，或信件格式不符 RFC 5322。",
			},
			remedy: [2]string{
				"Read the receiver's text for the rule it names. Replace blocked attachments with a download link, split long recipient lists, fix malformed headers produced by a script or plugin, or ask the recipient's administrator to allow your address.",
				"請從對方的訊息找出是哪一條規則：把被擋的附件改成下載連結、把大量收件人分批寄送、修正網站程式或外掛產生的錯誤標頭，或請收件端管理者將您的地址加入允許清單。",
			},
			actor: ActorSender,
		}
	case RateLimited:
		return reasonText{
			short: [2]string{"rate limited", "收件端限速"},
			title: [2]string{"Receiver is throttling delivery", "收件端暫時限制收信量"},
			explain: [2]string{
				"The receiver limits how much mail it accepts from the sending server for now (too many messages, recipients or connections in a short time). The sending server keeps the message and tries again.",
				"收件端暫時限制從寄件伺服器收信的數量（短時間內信件、收件人或連線太多）。寄件伺服器會保留郵件並稍後重試。",
			},
			remedy: [2]string{
				"Usually nothing: wait for the retries. If it keeps happening, send newsletters and bulk mail more slowly or through a dedicated sending service, and check cPanel » Track Delivery for an unexpected flood of outgoing mail from a hacked account or script.",
				"通常不用處理，等待系統重試即可。若經常發生，請放慢電子報或大量郵件的寄送速度，或改用專門的寄信服務，並到 cPanel » Track Delivery（追蹤傳遞）檢查是否有遭盜用的帳號或程式大量寄信。",
			},
			actor: ActorNobody,
		}
	case Greylisted:
		return reasonText{
			short: [2]string{"greylisted", "灰名單延遲"},
			title: [2]string{"Deferred by greylisting", "灰名單機制暫緩收信"},
			explain: [2]string{
				"The receiver deliberately refuses the first attempt from an unfamiliar sender and accepts the message when the sending server tries again a few minutes later. This is a normal delay, not a failure.",
				"收件端會故意先拒絕陌生寄件者的第一次投遞，等寄件伺服器幾分鐘後重試時才收下。這是正常的延遲，不是錯誤。",
			},
			remedy: [2]string{
				"Nothing to do: the sending server retries by itself, usually within 5 to 30 minutes. If this server delays too much incoming mail, adjust greylisting in cPanel » Greylisting (when your host offers it).",
				"不需處理，寄件伺服器會自動重試，通常 5 到 30 分鐘內就會送達。若本伺服器延遲太多外來信件，可到 cPanel » Greylisting（灰名單，需主機商開放）調整設定。",
			},
			actor: ActorNobody,
		}
	case SendLimit:
		return reasonText{
			short: [2]string{"hourly limit hit", "超過每小時上限"},
			title: [2]string{"Server's outgoing mail limit reached", "已達伺服器外寄信件上限"},
			explain: [2]string{
				"This server's own limit for the sending domain was reached: the maximum emails per hour, or the maximum share of failed and deferred messages per hour. Further mail is queued or discarded until the hour has passed.",
				"寄件網域已達本伺服器設定的上限：每小時最多可寄封數，或每小時退信與延遲信件的比例上限。在這一小時過去之前，後續郵件會被排隊或丟棄。",
			},
			remedy: [2]string{
				"Wait for the next hour; queued mail is retried. Find out why so much mail, or so many failures, went out: check cPanel » Track Delivery for the sender, remove invalid addresses from mailing lists, and look for a stolen password or an abused web form. Only the hosting provider (WHM) can raise the limit.",
				"請等下一個小時，排隊中的信會自動重試。同時找出寄信量或退信量暴增的原因：到 cPanel » Track Delivery（追蹤傳遞）查看該寄件者、清除郵件名單中的無效地址，並檢查是否有密碼外洩或網頁表單被濫用。上限只有主機商（WHM）能調整。",
			},
			actor: ActorSender,
		}
	case OutgoingBlocked:
		return reasonText{
			short: [2]string{"sending blocked", "外寄已封鎖"},
			title: [2]string{"Outgoing mail is blocked on this server", "本伺服器已封鎖外寄郵件"},
			explain: [2]string{
				"Sending is administratively blocked for this mailbox, domain or account (outgoing mail suspended or held), or the server forbids the way the message was sent, for example scripts running as \"nobody\".",
				"這個信箱、網域或帳號的外寄功能已被管理者封鎖（暫停或保留外寄郵件），或伺服器禁止這種寄信方式，例如以「nobody」身分執行的網站程式。",
			},
			remedy: [2]string{
				"Check cPanel » Email Accounts (Manage › Sending Outgoing Email) for a suspended or held mailbox. If the whole account or domain is blocked, ask your hosting provider why — often spam was detected — and remove the cause first. Let scripts send through an authenticated SMTP mailbox instead of PHP mail().",
				"請到 cPanel » Email Accounts（電子郵件帳號）按「Manage」檢查外寄（Sending Outgoing Email）是否被暫停或保留。若整個帳號或網域被封鎖，請詢問主機商原因（多半是偵測到垃圾信），先排除問題。網站程式請改用需驗證的 SMTP 信箱寄信，不要使用 PHP mail()。",
			},
			actor: ActorSender,
		}
	case MessageTooLarge:
		return reasonText{
			short: [2]string{"message too large", "郵件太大"},
			title: [2]string{"Message is too large", "郵件超過大小限制"},
			explain: [2]string{
				"The message with its attachments (which grow by about a third when encoded for mail) exceeds a size limit of the receiving server or mailbox.",
				"郵件加上附件（編碼後大約會再變大三分之一）超過了收件伺服器或信箱的大小限制。",
			},
			remedy: [2]string{
				"Share large files as a download link (cloud storage) instead of attachments, or compress and split them. Many receivers accept at most 10 to 25 MB per message.",
				"大型檔案請改用雲端硬碟分享下載連結，或壓縮、分割後分次寄送。多數收件端每封信的上限為 10 至 25 MB。",
			},
			actor: ActorSender,
		}
	case NetworkError:
		return reasonText{
			short: [2]string{"network/timeout", "連線失敗"},
			title: [2]string{"Could not reach the receiving server", "無法連上收件伺服器"},
			explain: [2]string{
				"The sending server could not complete a connection to the receiving mail server: the connection timed out or was refused, a DNS lookup failed, TLS negotiation failed, or the server kept trying until its retry period ran out.",
				"寄件伺服器無法順利連上收件端的郵件伺服器：連線逾時或被拒絕、DNS 查詢失敗、TLS 加密協商失敗，或一直重試到超過重試期限。",
			},
			remedy: [2]string{
				"If it is temporary, wait: the server retries for several days. If the message finally bounced, ask the recipient to check that their mail server is online, reachable on port 25, and that their MX records are right. If many destinations fail at once, ask your host to check the server's outgoing connections.",
				"若只是暫時性錯誤，請等待，伺服器會持續重試數天。若最後仍然退信，請收件人確認其郵件伺服器正常運作、25 埠可以連線，且 MX 紀錄正確。若寄往許多不同地方都失敗，請主機商檢查伺服器的對外連線。",
			},
			actor: ActorRecipient,
		}
	}
	return reasonText{
		short: [2]string{"unknown", "原因不明"},
		title: [2]string{"Reason not recognized", "無法判斷原因"},
		explain: [2]string{
			"The text does not match a known delivery problem with confidence. Its SMTP code, when present, still tells whether the failure is temporary (4xx) or permanent (5xx).",
			"這段訊息無法確定對應到已知的投遞問題。若有 SMTP 代碼，仍可看出是暫時性（4xx）還是永久性（5xx）的失敗。",
		},
		remedy: [2]string{
			"Read the full message in cPanel » Track Delivery and send it to the recipient's mail administrator or to your hosting support.",
			"請到 cPanel » Track Delivery（追蹤傳遞）查看完整訊息，並提供給收件端的郵件管理者或您的主機商客服協助判斷。",
		},
		actor: ActorSender,
	}
}
