package diagnose

import (
	"slices"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/render"
)

// Rules about what happened to mail the account sent, read from the
// delivery log.

func authRejected(e *Env) []Finding {
	// Forwarded mail refused for authentication is forwarder-external's.
	ds := e.Problems(func(d Delivery) bool { return d.Direction == Outgoing && d.Class.Reason == bounce.AuthFailure })
	if len(ds) == 0 {
		return nil
	}
	var out []Finding
	for _, dom := range senderDomains(ds) {
		group := filterDomain(ds, dom)
		ev := deliveryEvidence(group, 3)
		var causes []string
		st := e.S.AuthStates(dom)
		for _, c := range []struct{ name, state, source string }{{"SPF", st.SPF, SrcSPF}, {"DKIM", st.DKIM, SrcDKIM}, {"DMARC", st.DMARC, SrcDMARC}} {
			if c.state != "" && c.state != "VALID" {
				causes = append(causes, c.name+" "+c.state)
				ev = append(ev, Evidence{Source: c.source, Key: dom + " state", Value: c.state})
			}
		}
		for _, rep := range e.S.LiveDNS {
			if bare(rep.Domain) != dom {
				continue
			}
			for _, r := range rep.Results {
				if r.Check != "spf" && r.Check != "dkim" && r.Check != "dmarc" {
					continue
				}
				for _, p := range r.Problems {
					if p.Verdict == dnscheck.Fail {
						causes = append(causes, "public "+strings.ToUpper(r.Check)+" "+p.ID)
						ev = append(ev, Evidence{Source: SrcLiveDNS, Key: dom + " " + r.Check, Value: oneLine(p.Message, 300)})
						break
					}
				}
			}
		}
		why := T(" cPanel's own SPF, DKIM and DMARC checks pass, so look at the receiver's text (alignment, a forwarded message, a third-party sender).", " cPanel 自身的 SPF、DKIM、DMARC 檢查都正常，請查看對方的退信內容（對齊、轉寄郵件或第三方寄件服務）。")
		remedy := Tf("Read the refusals: a From: address of another domain (a contact form that sends as the visitor, a newsletter tool) fails that domain's DMARC even when %s is in order. Send as an address of %s (put the visitor in Reply-To:), and send third-party mail through a service that is in %s's SPF and signs with DKIM.",
			"請閱讀退信內容：若寄件者（From:）是其他網域的地址（例如以訪客地址寄出的聯絡表單、電子報工具），即使 %s 設定正確，仍會無法通過該網域的 DMARC。請改以 %s 的地址寄出（訪客地址放在 Reply-To:），第三方寄信請使用已列入 %s SPF 且有 DKIM 簽章的服務。", dom, dom, dom)
		if len(causes) > 0 {
			why = Tf(" The checks explain it: %s.", " 檢查結果可以說明原因：%s。", strings.Join(causes, ", "))
			remedy = Tf("Open cPanel » Email Deliverability, choose Manage for %s, and repair SPF and DKIM (or publish the suggested records where the domain's DNS is hosted); then publish a DMARC record. Resend once the checks show Valid.", "到 cPanel »「電子郵件傳遞能力」，在 %s 按「管理」並修復 SPF 與 DKIM（若 DNS 不在本伺服器，請到 DNS 代管處發布建議紀錄），再發布 DMARC 紀錄。檢查顯示有效後再重寄。", dom)
		}
		f := e.Finding(dom,
			Tf("Receivers refuse mail from %s as unauthenticated", "對方伺服器以未通過驗證為由拒收 %s 寄出的郵件", dom),
			Tf("%d messages from %s were refused for failing SPF, DKIM or DMARC (for example Gmail's 550-5.7.26).%s", "%[2]s 寄出的郵件有 %[1]d 封因 SPF、DKIM 或 DMARC 未通過而被拒（例如 Gmail 的 550-5.7.26）。%[3]s", messageCount(group), dom, why),
			remedy,
			ev...)
		f.Count = records(group)
		out = append(out, f)
	}
	return out
}

// outgoing is a grouped outgoing rule as data: the reasons it reports
// and its words, for outgoingGroup.
type outgoing struct {
	reasons []bounce.Reason
	// title says how many messages; detail takes extra, the examples (or
	// the lists) in brackets.
	title  func(n int) Text
	detail func(extra Text) Text
	remedy Text
	// extra names what the refusals have in common (default: examplesText).
	extra func(ds []Delivery) Text
	// ownSendingElsewhere leaves mail from a mailbox whose own sending is
	// suspended or held to outgoing-suspended and outgoing-held.
	ownSendingElsewhere bool
}

func senderBlocklisted() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.Blocklisted},
		title: func(n int) Text {
			return Tf("The sending server is blocklisted: %d messages refused", "寄件伺服器被列入黑名單：%d 封郵件被拒", n)
		},
		detail: func(extra Text) Text {
			return Tf("Receivers refused mail because this server's IP or the sending domain is on a blocklist%s.", "對方因本伺服器的 IP 或寄件網域在黑名單上而拒收%s。", extra)
		},
		remedy: T("Look the server's IP up on the named list and request removal (Spamhaus: check.spamhaus.org; SpamCop: spamcop.net/bl.shtml; Barracuda: barracudacentral.org/rbl/removal-request). On shared hosting, ask the host: they must stop the source of spam and delist the IP. Check the account for a compromised password or script first.", "到退信中提到的黑名單查詢本伺服器 IP 並申請移除（Spamhaus：check.spamhaus.org；SpamCop：spamcop.net/bl.shtml；Barracuda：barracudacentral.org/rbl/removal-request）。若為共享主機，請洽主機商處理垃圾信來源並申請解除。請先檢查帳號是否有密碼或程式遭盜用。"),
		extra:  blocklistText,
	}
}

func ptrRejected() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.PTRMissing},
		title: func(n int) Text {
			return Tf("Receivers refuse mail for missing reverse DNS: %d messages", "對方因缺少反向 DNS 拒收：%d 封郵件", n)
		},
		detail: func(extra Text) Text {
			return T("The sending IP has no valid PTR record (or it does not resolve back), and receivers such as Gmail and Outlook refuse such mail.", "寄件 IP 沒有有效的 PTR 紀錄（或正反解不一致），Gmail、Outlook 等收件方會拒收這類郵件。")
		},
		remedy: T("Ask the owner of the server's IP (the hosting provider) to set its reverse DNS to the server's hostname, which must resolve back to the IP; if the server also sends over IPv6, its IPv6 address needs the same (cPanel's check covers IPv4 only). cPanel » Email Deliverability shows the expected value.", "請 IP 的擁有者（主機商）將反向 DNS 設為伺服器主機名稱，且該名稱需解析回此 IP；若伺服器也經由 IPv6 寄信，IPv6 位址也需要同樣設定（cPanel 的檢查只涵蓋 IPv4）。cPanel »「電子郵件傳遞能力」會顯示應設定的值。"),
	}
}

func outgoingBlocked() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.OutgoingBlocked},
		title: func(n int) Text {
			return Tf("This server blocks the account's outgoing mail: %d messages", "本伺服器封鎖了此帳號的寄出郵件：%d 封", n)
		},
		detail: func(extra Text) Text {
			return T("The server refused or held mail sent by the account (outgoing mail suspended or held for the account or a mailbox, or a server sending restriction).", "伺服器拒絕或暫扣了此帳號寄出的郵件（帳號或信箱被暫停寄信或暫扣，或伺服器限制寄件）。")
		},
		remedy:              T("Ask the host why outgoing mail is suspended for the account (often after spam was sent from a hacked password or script); fix the cause, then have it lifted. For one mailbox, see cPanel » Email Accounts » Manage » Sending Outgoing Email.", "請詢問主機商為何暫停此帳號寄信（常因密碼或程式遭盜用寄出垃圾信）；排除原因後請其解除。若只限單一信箱，請見 cPanel »「電子郵件帳號」»「管理」»「寄出郵件」。"),
		ownSendingElsewhere: true,
	}
}

func remoteRecipientUnknown() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.RecipientUnknown},
		title: func(n int) Text {
			return Tf("%d messages went to addresses that do not exist", "有 %d 封郵件寄到不存在的地址", n)
		},
		detail: func(extra Text) Text {
			return Tf("The receiving servers answered that these recipients do not exist (e.g. 550 5.1.1)%s. This is usually a typo or an old address.", "收件伺服器回覆收件者不存在（例如 550 5.1.1）%s。通常是地址打錯或已停用。", extra)
		},
		remedy: T("Check the spelling of the addresses and remove dead ones from contact forms, mailing lists and address books. Many such bounces hurt the server's reputation.", "請檢查地址拼寫，並從表單、郵寄名單與通訊錄中移除失效的地址。大量退信會損害伺服器信譽。"),
	}
}

func remoteMailboxFull() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.MailboxFull, bounce.MailboxDisabled},
		title: func(n int) Text {
			return Tf("%d messages went to full or disabled mailboxes", "有 %d 封郵件寄到已滿或停用的信箱", n)
		},
		detail: func(extra Text) Text {
			return Tf("The recipients' mailboxes are over quota or disabled on their side%s.", "收件者的信箱在對方那邊已超過配額或停用%s。", extra)
		},
		remedy: T("Nothing to fix on this account: tell the recipient by another channel; temporary refusals are retried automatically.", "本帳號無需處理：請透過其他管道通知收件者；暫時性拒收會自動重試。"),
	}
}

func remoteDomainUnknown() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.DomainUnknown},
		title: func(n int) Text {
			return Tf("%d messages went to domains that cannot receive mail", "有 %d 封郵件寄到無法收信的網域", n)
		},
		detail: func(extra Text) Text {
			return Tf("The recipient domains do not exist or publish no usable MX%s.", "收件網域不存在或沒有可用的 MX 紀錄%s。", extra)
		},
		remedy: T("Check the domain part of the addresses for typos (gmial.com, hotmal.com); if the domain is right, its owner must fix its DNS.", "請檢查地址的網域部分是否打錯（如 gmial.com、hotmal.com）；若網域無誤，需由對方修正其 DNS。"),
	}
}

func remoteSpamRejected() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.SpamContent, bounce.PolicyRejected},
		title: func(n int) Text {
			return Tf("%d messages were refused as spam or by policy", "有 %d 封郵件被判定為垃圾信或違反政策而被拒", n)
		},
		detail: func(extra Text) Text {
			return Tf("Receivers judged the content as spam, phishing or a virus, or refused it under their own policy%s.", "收件方判定內容為垃圾信、釣魚或病毒，或依其政策拒收%s。", extra)
		},
		remedy: T("Review what was sent (links, attachments, URL shorteners, wording), make sure SPF, DKIM and DMARC pass, and send bulk mail through a proper mailing service.", "請檢查寄出的內容（連結、附件、短網址、用詞），確認 SPF、DKIM、DMARC 都通過，大量寄信請改用專業電子報服務。"),
	}
}

func remoteRateLimited() outgoing {
	return outgoing{
		reasons: []bounce.Reason{bounce.RateLimited},
		title: func(n int) Text {
			return Tf("Receivers throttled %d messages", "收件方限制了 %d 封郵件的速率", n)
		},
		detail: func(extra Text) Text {
			return Tf("The receiving servers accept only so many messages per time from this server and deferred the rest%s.", "收件伺服器限制本伺服器在一定時間內可送達的數量，其餘延後處理%s。", extra)
		},
		remedy: T("Usually nothing to do: the server retries. If it persists, send fewer messages per hour and check the server's reputation (Gmail Postmaster Tools, Microsoft SNDS).", "通常無須處理，伺服器會自動重試。若持續發生，請降低每小時寄信量，並檢查伺服器信譽（Gmail Postmaster Tools、Microsoft SNDS）。"),
	}
}

// outgoingGroup reports outgoing problems with one of g's reasons, grouped
// in one finding with counts and examples.
func outgoingGroup(g outgoing) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction != Incoming && hasReason(d, g.reasons) })
		if g.ownSendingElsewhere {
			ds = slices.DeleteFunc(ds, func(d Delivery) bool {
				m, ok := e.S.Mailbox(string(d.Record.Email))
				return ok && (bool(m.SuspendedOutgoing) || bool(m.HoldOutgoing))
			})
		}
		if len(ds) == 0 {
			return nil
		}
		extra := examplesText
		if g.extra != nil {
			extra = g.extra
		}
		subject := e.S.Account
		if doms := senderDomains(ds); len(doms) == 1 && doms[0] != "" {
			subject = doms[0]
		}
		f := e.Finding(subject, g.title(messageCount(ds)), g.detail(extra(ds)), g.remedy, deliveryEvidence(ds, 3)...)
		f.Count = records(ds)
		return []Finding{f}
	}
}

func sendLimitReached(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.SendLimit })
	if len(ds) == 0 {
		return nil
	}
	limit := T("", "")
	var ev []Evidence
	if u := e.S.UserInfo; u != nil {
		l := u.MaximumEmailsPerHour.OrZeroUnlimited()
		ev = append(ev, Evidence{Source: SrcUserInfo, Key: "maximum_emails_per_hour", Value: l.String()})
		if v, ok := l.Finite(); ok {
			limit = Tf(" The account may send %.0f messages per hour.", " 此帳號每小時最多可寄 %.0f 封。", v)
		}
		ev = append(ev, Evidence{Source: SrcUserInfo, Key: "maximum_defer_fail_percentage", Value: u.MaximumDeferFailPercentage.String()})
	}
	ev = append(ev, deliveryEvidence(ds, 3)...)
	subject := e.S.Account
	if doms := senderDomains(ds); len(doms) == 1 && doms[0] != "" {
		subject = doms[0]
	}
	fate := T(" Discarded messages are not retried.", "被丟棄的郵件不會重寄。")
	for _, r := range examplesOf(ds) {
		if strings.Contains(strings.ToLower(string(r.Message)), "reattempted") {
			fate = T(" Some messages were only deferred and will be retried later; discarded ones are not retried.", "部分郵件只是延後，稍後會重試；被丟棄的郵件不會重寄。")
			break
		}
	}
	f := e.Finding(subject,
		Tf("The hourly sending limit was hit: %d messages discarded or delayed", "已達每小時寄信上限：%d 封郵件被丟棄或延後", messageCount(ds)),
		Tf("cPanel refused outgoing mail because the domain exceeded the maximum emails per hour or the defer/failure protection.%s%s", "cPanel 因網域超過每小時寄信上限或延遲/失敗保護而拒絕寄出。%s%s", limit, fate),
		T("Find out what sent so much (a newsletter, a contact form abused by spammers, a hacked script: see cpmail deliveries --all); spread bulk mail over hours or use a mailing service; ask the host to raise the limit if the volume is legitimate. Resend what was discarded.", "查明大量寄信的來源（電子報、被濫用的聯絡表單、遭入侵的程式：可用 cpmail deliveries --all 查看）；把大量寄信分散到多個小時或改用電子報服務；若寄信量合理，請主機商提高上限。並重寄被丟棄的郵件。"),
		ev...)
	f.Count = records(ds)
	return []Finding{f}
}

func smtpAuthRequired(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.RelayDenied })
	if len(ds) == 0 {
		return nil
	}
	clients := map[string]bool{}
	for _, d := range ds {
		c := string(d.Record.SenderIP)
		if c == "" {
			c = string(d.Record.SenderHost)
		}
		if c != "" {
			clients[c] = true
		}
	}
	who := ""
	if len(clients) > 0 {
		who = " (" + strings.Join(firstN(sortedKeys(clients), 3), ", ") + ")"
	}
	f := e.Finding(e.S.Account,
		Tf("A mail client sends without logging in: %d messages refused", "郵件軟體未登入就寄信：%d 封郵件被拒", records(ds)),
		Tf("The server refused to relay mail from a client that did not authenticate%s. The mail program then usually shows \"503 valid RCPT command must precede DATA\", because every recipient was refused.", "伺服器拒絕替未經驗證的用戶端%s轉寄郵件。郵件軟體通常會顯示「503 valid RCPT command must precede DATA」，因為所有收件者都被拒絕了。", who),
		T("In the mail program's outgoing (SMTP) server settings, turn on \"My outgoing server requires authentication\" with the same address and password as for incoming mail, port 465 (SSL/TLS) or 587 (STARTTLS). cPanel » Email Accounts » Connect Devices shows the exact settings.", "在郵件軟體的外寄（SMTP）伺服器設定中，開啟「外寄伺服器需要驗證」，使用與收信相同的帳號密碼，連接埠 465（SSL/TLS）或 587（STARTTLS）。cPanel »「電子郵件帳號」»「連接裝置」會列出正確設定。"),
		deliveryEvidence(ds, 3)...)
	f.Count = records(ds)
	return []Finding{f}
}

func messageTooLarge(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.MessageTooLarge })
	if len(ds) == 0 {
		return nil
	}
	var biggest int64
	for _, d := range ds {
		biggest = max(biggest, int64(d.Record.Size), d.MaxSize)
	}
	size := ""
	if biggest > 0 {
		size = " (" + render.Bytes(biggest) + ")"
	}
	f := e.Finding(e.S.Account,
		Tf("%d messages were refused as too large", "%d 封郵件因過大被拒", records(ds)),
		Tf("The receiving server's size limit is smaller than the message%s. Attachments grow by about a third when sent.", "收件伺服器的大小上限小於郵件%s。附件寄出時會因編碼增加約三分之一。", size),
		T("Send large files as a download link (cloud storage) instead of an attachment, or split them; most receivers accept 20–25 MB at most.", "大型檔案請改用雲端下載連結或分批寄送；多數收件方最多只接受 20–25 MB。"),
		deliveryEvidence(ds, 3)...)
	f.Count = records(ds)
	return []Finding{f}
}

// eximRetryLimit is how long Exim keeps retrying by default before it gives up.
const eximRetryLimit = 4 * 24 * time.Hour

func deferredRetrying(e *Env) []Finding {
	// The delivery log sums the messages up as it is read (DeliveryLog.Retrying).
	pending := e.Log.Retrying
	if pending.Count == 0 {
		return nil
	}
	giveUp := pending.FirstAttempt.Add(eximRetryLimit)
	ev := recordEvidence(pending.Examples, pending.Count, 3)
	f := e.Finding(e.S.Account,
		Tf("%d messages are still being retried", "%d 封郵件仍在重試投遞", pending.Count),
		Tf("These messages were deferred (temporary failures) and have not been delivered or given up yet. The server keeps retrying; by default it gives up about 4 days after the first attempt (the earliest around %s) and then bounces them to the sender.", "這些郵件遇到暫時性錯誤而延後，尚未送達也尚未放棄。伺服器會持續重試；預設約在首次嘗試後 4 天放棄（最早約 %s），然後退信給寄件者。", giveUp.Format("2006-01-02 15:04 MST")),
		T("Usually nothing to do. If the deferral text names a cause (see cpmail explain), fix that; the next retry then succeeds.", "通常無須處理。若延遲訊息指出原因（可用 cpmail explain 查看），修正後下次重試就會成功。"),
		ev...)
	f.Count = pending.Count
	return []Finding{f}
}
