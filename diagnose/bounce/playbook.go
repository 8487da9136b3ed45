package bounce

// playbookIndex is the provider table, indexed once when the package is
// loaded. Like vocabulary it is read-only lookup data: nothing writes to it
// after newPlaybooks returns, so sharing it between goroutines is safe.
var playbookIndex = newPlaybooks(playbookTable(), providerMarkers())

// The providers' pages. Each was found on the provider's own site (or is
// the page the provider's reply itself points to); none is guessed.
const (
	docGmailErrors      = "https://support.google.com/a/answer/3726730"
	docGmailSenders     = "https://support.google.com/mail/answer/81126"
	docMicrosoftNDR     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online"
	docMicrosoft515     = "https://support.microsoft.com/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef"
	docMicrosoft7xx     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750"
	docMicrosoft4xx     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online"
	docMicrosoft5110    = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-550-5-1-10-in-exchange-online"
	docMicrosoftDelist  = "https://sender.office.com/"
	docYahooErrors      = "https://senders.yahooinc.com/smtp-error-codes/"
	docApplePostmaster  = "https://support.apple.com/en-us/102322"
	docMailChannelsOut  = "https://docs.mailchannels.com/outbound/smtp-errors"
	docMailChannelsIn   = "https://docs.mailchannels.com/inbound/smtp-errors"
	docSpamhausChecker  = "https://check.spamhaus.org/"
	docSpamCopBlocklist = "https://www.spamcop.net/bl.shtml"
	docBarracudaRemoval = "https://www.barracudacentral.org/rbl/removal-request"
	docProofpointIP     = "https://ipcheck.proofpoint.com/"
)

// providerMarkers lists how each provider shows itself in its replies:
// host names, signatures and its own name, in the normalized form (lower
// case, matched at a word start).
func providerMarkers() []providerMarker {
	return []providerMarker{
		{Gmail, []string{"gsmtp", "google.com", "gmail-smtp", "gcdp"}},
		{Microsoft, []string{"outlook.com", "protection.outlook", "hotmail", "office365", "office 365",
			"microsoft", "resolver.adr", "resolver.rst", "storedrv", "sender.office.com", "mail.live.com"}},
		{Yahoo, []string{"yahoo", "yahoodns", "aol.com", "postmaster.verizonmedia", "verizonmedia"}},
		{Apple, []string{"icloud", "support.apple.com", "apple.com", "me.com", "mac.com"}},
		{Zoho, []string{"zoho"}},
		{Yandex, []string{"yandex"}},
		{MailRu, []string{"mail.ru", "corp.mail.ru"}},
		{GMX, []string{"gmx", "web.de"}},
		{Comcast, []string{"comcast", "xfinity"}},
		{ATT, []string{"att.net", "sbcglobal", "bellsouth", "prodigy.net"}},
		{Proofpoint, []string{"proofpoint", "pphosted", "ppops.net"}},
		{Mimecast, []string{"mimecast"}},
		{Barracuda, []string{"barracuda"}},
		{MailChannels, []string{"mailchannels"}},
		{Spamhaus, []string{"spamhaus"}},
		{SpamCop, []string{"spamcop"}},
	}
}

// playbookTable is the provider table, in matching order: the first entry
// that fits a text wins: cPanel's local texts, then each provider's own
// codes, then blocklists named in a reply (Spamhaus quoted by Yahoo's BL21
// is Yahoo's), then each provider's catch-all.
func playbookTable() []Playbook {
	return []Playbook{
		// --- cPanel's and Exim's own local texts. ---
		{ID: "cpanel-max-emails-per-hour", Provider: CPanel, Token: "max emails per hour", Alone: true, Reason: SendLimit, Retry: RetryYes, Actor: ActorSender,
			Explain: [2]string{
				"cPanel's Exim refused to send more: the domain reached its hourly limit of outgoing messages (WHM » Tweak Settings, or the package's \"Maximum Hourly Email by Domain Relayed\"). The count resets every hour and Exim retries the message.",
				"cPanel 的 Exim 拒絕繼續寄出：這個網域已達每小時寄信數上限（WHM » Tweak Settings，或方案的「Maximum Hourly Email by Domain Relayed」）。計數每小時重設，Exim 會自動重試。"},
			Remedy: [2]string{
				"Wait for the next hour; spread bulk mailings over time. If the volume is legitimate, ask the server administrator to raise the domain's hourly limit; if it is not, look for a compromised mailbox or script in cPanel » Track Delivery.",
				"等到下一個小時即可；大量寄信請分散時間。若寄信量正常，請主機管理者調高網域的每小時上限；若不正常，請在 cPanel » Track Delivery（追蹤傳遞）查找被盜用的信箱或程式。"}},
		{ID: "cpanel-max-defers-failures", Provider: CPanel, Token: "max defers and failures", Alone: true, Reason: SendLimit, Retry: RetryYes, Actor: ActorSender,
			Explain: [2]string{
				"cPanel's Exim stopped sending for the domain: too many of its messages were deferred or failed this hour (the \"Maximum percentage of failed or deferred messages\" setting). The block lifts when the hour's share falls.",
				"cPanel 的 Exim 暫停這個網域寄信：本小時被延遲或失敗的信件比例過高（「Maximum percentage of failed or deferred messages」設定）。比例下降後即解除。"},
			Remedy: [2]string{
				"Stop sending to stale addresses: clean the mailing list of addresses that bounce, and check cPanel » Track Delivery for the failures. Sending resumes by itself after the hour.",
				"請停止寄到失效的地址：清理名單中會退信的地址，並在 cPanel » Track Delivery（追蹤傳遞）查看失敗原因。一小時後會自動恢復寄信。"}},
		{ID: "cpanel-junkmail-rejected", Provider: CPanel, Token: "junkmail rejected", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorRecipient,
			Explain: [2]string{
				"This server's Exim refused incoming mail because the sending server's IP is on a DNS blocklist that the server checks (cPanel's RBL option in WHM » Exim Configuration Manager).",
				"本伺服器的 Exim 拒收來信，因為寄件伺服器的 IP 列在伺服器檢查的 DNS 黑名單上（WHM » Exim Configuration Manager 的 RBL 選項）。"},
			Remedy: [2]string{
				"The sender must have its IP removed from the list named in the text. If the sender is trusted, the server administrator can add its IP to the RBL exemption list in WHM » Exim Configuration Manager.",
				"寄件方須讓其 IP 從原文指出的黑名單移除。若寄件方可信，主機管理者可在 WHM » Exim Configuration Manager 將其 IP 加入 RBL 例外清單。"}},
		{ID: "cpanel-outgoing-suspended", Provider: CPanel, Token: "outgoing mail from", Alone: true, Reason: OutgoingBlocked, Retry: RetryNo, Actor: ActorSender,
			Explain: [2]string{
				"The server administrator suspended or held outgoing mail for this account or domain (WHM » Manage Email Accounts, or an automatic hold after spam). Nothing leaves until it is lifted.",
				"主機管理者已暫停或保留這個帳號或網域的外寄郵件（WHM » Manage Email Accounts，或因垃圾信被自動保留）。解除前不會寄出任何信。"},
			Remedy: [2]string{
				"Find and fix why sending was stopped (a compromised password or script: change mailbox passwords, check cPanel » Track Delivery), then ask the hosting provider to lift the suspension.",
				"請找出並修正停寄的原因（密碼或程式遭盜用：更換信箱密碼、查看 cPanel » Track Delivery），再請主機商解除暫停。"}},
		{ID: "cpanel-outgoing-email-suspended", Provider: CPanel, Token: "outgoing email from", Alone: true, Reason: OutgoingBlocked, Retry: RetryNo, Actor: ActorSender},
		{ID: "cpanel-no-such-user", Provider: CPanel, Token: "no such user here", Alone: true, Reason: RecipientUnknown, Retry: RetryNo},
		{ID: "cpanel-rbl", Provider: CPanel, Token: "is in an rbl", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorRecipient},

		// --- Gmail. Guidance: Google's "Gmail SMTP errors and codes" and
		// "Email sender guidelines". ---
		{ID: "gmail-5.7.26", Provider: Gmail, Status: "5.7.26", Reason: AuthFailure, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender,
			Explain: [2]string{
				"Gmail refused the message as unauthenticated: it passed neither SPF nor DKIM for the sending domain, or failed the domain's DMARC policy. Google requires every sender to authenticate with SPF or DKIM, and bulk senders with both plus DMARC.",
				"Gmail 以未驗證為由拒收：這封信對寄件網域的 SPF 與 DKIM 都沒通過，或未通過該網域的 DMARC 政策。Google 要求所有寄件者至少通過 SPF 或 DKIM，大量寄件者需兩者都通過並設定 DMARC。"},
			Remedy: [2]string{
				"In cPanel » Email Deliverability, repair SPF and install DKIM for the sending domain, and make sure the From domain aligns with them; publish a DMARC record. Then send again.",
				"請到 cPanel » Email Deliverability（電子郵件傳遞能力）修正寄件網域的 SPF 並安裝 DKIM，確認寄件人（From）網域與其一致，並發佈 DMARC 記錄，之後再重寄。"}},
		{ID: "gmail-5.7.25", Provider: Gmail, Status: "5.7.25", Reason: PTRMissing, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender,
			Explain: [2]string{
				"Gmail refused the message because the sending IP has no PTR (reverse DNS) record, or the name it points to does not resolve back to the IP. Google requires valid forward and reverse DNS for sending IPs.",
				"Gmail 拒收，因為寄件 IP 沒有 PTR（反向 DNS）記錄，或反查出的名稱無法正向解析回同一 IP。Google 要求寄件 IP 的正反向 DNS 一致。"},
			Remedy: [2]string{
				"Reverse DNS is set by whoever owns the IP: ask the hosting provider to set the server IP's PTR to the server's host name, and that name's A record to the IP.",
				"反向 DNS 由 IP 的擁有者設定：請主機商把伺服器 IP 的 PTR 設為主機名稱，並讓該名稱的 A 記錄指向這個 IP。"}},
		{ID: "gmail-4.7.28", Provider: Gmail, Status: "4.7.28", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody,
			Explain: [2]string{
				"Gmail saw an unusual rate of unsolicited mail from this IP or domain and temporarily rate-limited it. This is a deferral: the sending server retries, and mail flows again when the rate and the complaints fall.",
				"Gmail 偵測到這個 IP 或網域寄出異常大量的未經請求郵件，暫時限制其寄信速度。這是延遲：寄件伺服器會重試，寄信量與檢舉下降後就會恢復。"},
			Remedy: [2]string{
				"Nothing to change for this message; it is retried. Slow down sending to Gmail, send only to people who asked for the mail, and follow Google's sender guidelines (authentication, one-click unsubscribe, low spam rate).",
				"這封信不需處理，會自動重試。請放慢寄到 Gmail 的速度，只寄給有訂閱的人，並遵守 Google 寄件者規範（寄件驗證、一鍵退訂、低垃圾信比例）。"}},
		{ID: "gmail-4.7.0-unsolicited", Provider: Gmail, Status: "4.7.0", Token: "unusual rate of unsolicited mail", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-5.2.1-rate", Provider: Gmail, Status: "5.2.1", Token: "receiving mail at a rate", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody,
			Explain: [2]string{
				"The Gmail recipient is receiving mail faster than Gmail allows, so Gmail refused more for now. Although the code is permanent (5xx), the limit clears: Google says to resend later.",
				"這位 Gmail 收件人收信速度超過 Gmail 的上限，Gmail 暫時拒收。雖然代碼是永久性的（5xx），但限制會自行解除：Google 建議稍後重寄。"},
			Remedy: [2]string{
				"Send the message again later: this copy was returned (5xx), so nothing retries it by itself. If you send this recipient many messages, send fewer or combine them.",
				"請稍後再重寄：這封已被退回（5xx），不會自動重試。若經常寄很多信給這位收件人，請減少數量或合併內容。"}},
		{ID: "gmail-5.2.1-rate-email", Provider: Gmail, Status: "5.2.1", Token: "receiving email at a rate", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-4.2.1-rate", Provider: Gmail, Status: "4.2.1", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-5.2.1-disabled", Provider: Gmail, Status: "5.2.1", Reason: MailboxDisabled, Retry: RetryNo, DocsURL: docGmailErrors},
		{ID: "gmail-4.2.2", Provider: Gmail, Status: "4.2.2", Reason: MailboxFull, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient,
			Explain: [2]string{
				"The Gmail recipient's storage (shared by Gmail, Drive and Photos) is full. Gmail defers the message; it is delivered only if the recipient frees space before the sending server gives up.",
				"這位 Gmail 收件人的儲存空間（Gmail、雲端硬碟與相簿共用）已滿。Gmail 延遲收信；只有在寄件伺服器放棄前對方清出空間，才會送達。"},
			Remedy: [2]string{
				"Tell the recipient by another channel to free storage in their Google account; the queued message is retried meanwhile.",
				"請透過其他管道通知對方清理 Google 帳號的儲存空間；期間信件會在佇列中重試。"}},
		{ID: "gmail-5.2.2", Provider: Gmail, Status: "5.2.2", Reason: MailboxFull, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient},
		{ID: "gmail-5.7.1-unsolicited", Provider: Gmail, Status: "5.7.1", Token: "likely unsolicited mail", Reason: SpamContent, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender,
			Explain: [2]string{
				"Gmail's filters judged this message likely unsolicited (spam) and refused it, based on its content and the sender's reputation.",
				"Gmail 的過濾器判定這封信很可能是未經請求的垃圾信而拒收，依據是內容與寄件者信譽。"},
			Remedy: [2]string{
				"Follow Google's sender guidelines: authenticate (SPF, DKIM, DMARC), send only wanted mail, avoid link shorteners and spam-like wording, then send again. Persistent cases: check the domain in Google Postmaster Tools.",
				"請遵守 Google 寄件者規範：完成寄件驗證（SPF、DKIM、DMARC）、只寄收件人想要的信、避免縮網址與垃圾信用語後再重寄。持續發生請用 Google Postmaster Tools 檢查網域。"}},
		{ID: "gmail-5.7.1-not-authorized-ip", Provider: Gmail, Status: "5.7.1", Token: "not authorized to send email directly", Reason: Blocklisted, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorSender,
			Explain: [2]string{
				"Gmail does not accept mail directly from this IP (a dynamic or residential range); such senders must relay through their provider's mail server.",
				"Gmail 不接受直接從這個 IP（動態或住宅用 IP 範圍）寄來的信；這類寄件者必須透過服務商的郵件伺服器轉寄。"},
			Remedy: [2]string{
				"Send through the hosting server's SMTP (authenticated), not straight from the application's host; if this is the server itself, ask the hosting provider why its IP is in a dynamic range.",
				"請改用主機的 SMTP（需驗證）寄信，而不是從應用程式主機直接寄出；若這就是伺服器本身，請詢問主機商為何 IP 屬於動態範圍。"}},
		{ID: "gmail-5.7.1-gcdp", Provider: Gmail, Status: "5.7.1", Token: "gcdp", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient,
			Explain: [2]string{
				"A rule set by the recipient organisation's Google Workspace administrator refused the message (the reply ends with \"gcdp\").",
				"收件組織的 Google Workspace 管理者設定的規則拒收了這封信（回覆結尾有「gcdp」）。"},
			Remedy: [2]string{
				"Only the recipient's administrator can change the rule: ask the recipient to have their Workspace admin allow your domain or message.",
				"只有收件方的管理者能修改規則：請收件人請其 Workspace 管理者放行你的網域或信件。"}},

		// --- Microsoft: Exchange Online and Outlook.com. Guidance: the NDR
		// pages on learn.microsoft.com and support.microsoft.com. ---
		{ID: "microsoft-5.7.515", Provider: Microsoft, Status: "5.7.515", Alone: true, Reason: AuthFailure, Retry: RetryNo, DocsURL: docMicrosoft515, Actor: ActorSender,
			Explain: [2]string{
				"Outlook.com refused the message: the From domain does not meet the authentication Microsoft requires of high-volume senders (SPF and DKIM must pass, a DMARC record must exist and align).",
				"Outlook.com 拒收：寄件人（From）網域未達微軟對大量寄件者的驗證要求（SPF 與 DKIM 都須通過，且須有對齊的 DMARC 記錄）。"},
			Remedy: [2]string{
				"In cPanel » Email Deliverability fix SPF and DKIM for the From domain, publish a DMARC record (at least v=DMARC1; p=none), then send again.",
				"請到 cPanel » Email Deliverability 修正寄件網域的 SPF 與 DKIM，發佈 DMARC 記錄（至少 v=DMARC1; p=none），之後再重寄。"}},
		{ID: "microsoft-5.7.509", Provider: Microsoft, Status: "5.7.509", Alone: true, Reason: AuthFailure, Retry: RetryNo, DocsURL: docMicrosoftNDR, Actor: ActorSender,
			Explain: [2]string{
				"Microsoft refused the message because it failed DMARC for the sending domain, whose policy is p=reject.",
				"微軟拒收，因為信件未通過寄件網域的 DMARC，而該網域的政策是 p=reject。"},
			Remedy: [2]string{
				"Make SPF or DKIM pass and align with the From domain (cPanel » Email Deliverability). If a third-party service sends as your domain, add it to SPF and let it sign with DKIM.",
				"請讓 SPF 或 DKIM 通過並與寄件網域對齊（cPanel » Email Deliverability）。若有第三方服務以你的網域寄信，請把它加入 SPF 並讓它以 DKIM 簽章。"}},
		{ID: "microsoft-s3150", Provider: Microsoft, Token: "s3150", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender,
			Explain: [2]string{
				"Outlook.com refused mail from the sending IP because part of its network is on Microsoft's own block list (S3150).",
				"Outlook.com 拒收寄件 IP 的信，因為其網段在微軟自有的封鎖清單上（S3150）。"},
			Remedy: [2]string{
				"The IP belongs to the hosting provider: ask them to request delisting from Outlook.com's sender support. Meanwhile, send to Outlook.com addresses through another relay.",
				"IP 屬於主機商：請他們向 Outlook.com 寄件者支援申請解除封鎖。在此之前可改用其他轉寄伺服器寄到 Outlook.com。"}},
		{ID: "microsoft-s3140", Provider: Microsoft, Token: "s3140", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-as3150", Provider: Microsoft, Token: "as3150", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-as3140", Provider: Microsoft, Token: "as3140", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-5.7.606", Provider: Microsoft, Token: "banned sending ip", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoftDelist, Actor: ActorSender,
			Explain: [2]string{
				"Exchange Online refused the message because the sending IP is on Microsoft's banned list (5.7.606 to 5.7.649).",
				"Exchange Online 拒收，因為寄件 IP 在微軟的封鎖清單上（5.7.606 至 5.7.649）。"},
			Remedy: [2]string{
				"Use Microsoft's delist portal (sender.office.com) for the IP named in the reply; on shared hosting ask the hosting provider to do it.",
				"請用微軟的解除封鎖入口（sender.office.com）申請移除回覆中的 IP；共用主機請主機商處理。"}},
		{ID: "microsoft-5.7.708", Provider: Microsoft, Status: "5.7.708", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoft7xx, Actor: ActorSender,
			Explain: [2]string{
				"Exchange Online does not accept traffic from this IP (5.7.708), usually a low-reputation or previously abused IP.",
				"Exchange Online 不接受這個 IP 的流量（5.7.708），通常是信譽不佳或曾被濫用的 IP。"},
			Remedy: [2]string{
				"Send from another IP or relay; the hosting provider must take the IP's reputation up with Microsoft.",
				"請改用其他 IP 或轉寄伺服器寄送；IP 的信譽問題需由主機商向微軟處理。"}},
		{ID: "microsoft-5.7.708-text", Provider: Microsoft, Token: "traffic not accepted from this ip", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoft7xx, Actor: ActorSender},
		{ID: "microsoft-4.7.650", Provider: Microsoft, Status: "4.7.650", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoft4xx, Actor: ActorNobody,
			Explain: [2]string{
				"Microsoft temporarily rate-limited the sending IP for its reputation (4.7.650). It is a deferral: the server retries and mail flows again as the reputation recovers.",
				"微軟因寄件 IP 的信譽暫時限制其寄信速度（4.7.650）。這是延遲：伺服器會重試，信譽恢復後即可送達。"},
			Remedy: [2]string{
				"Nothing to change for this message. If it lasts, reduce volume to Microsoft addresses and check the IP's reputation; the hosting provider can enrol it in Microsoft's sender programs.",
				"這封信不需處理。若持續發生，請降低寄到微軟地址的量並檢查 IP 信譽；主機商可將 IP 加入微軟的寄件者計畫。"}},
		{ID: "microsoft-4.7.500", Provider: Microsoft, Status: "4.7.500", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoft4xx, Actor: ActorNobody,
			Explain: [2]string{
				"Exchange Online is throttling mail from a new or unknown IP (4.7.500 to 4.7.699, \"Server busy\"). The sending server retries, and the limit eases as the IP builds reputation.",
				"Exchange Online 正在限制新的或陌生 IP 的來信（4.7.500 至 4.7.699，「Server busy」）。寄件伺服器會重試，IP 建立信譽後限制會放寬。"},
			Remedy: [2]string{
				"Nothing to change for this message. Ramp up volume to Microsoft 365 recipients gradually.",
				"這封信不需處理。請逐步增加寄到 Microsoft 365 收件人的量。"}},
		{ID: "microsoft-5.4.1", Provider: Microsoft, Status: "5.4.1", Reason: RecipientUnknown, Retry: RetryNo, DocsURL: docMicrosoftNDR,
			Explain: [2]string{
				"Exchange Online refused the recipient (\"Recipient address rejected: Access denied\"): the address does not exist in the recipient's Microsoft 365 organisation (directory-based edge blocking).",
				"Exchange Online 拒收這個收件人（「Recipient address rejected: Access denied」）：這個地址不存在於對方的 Microsoft 365 組織（目錄式邊緣封鎖）。"},
			Remedy: [2]string{
				"Check the address with the recipient by another channel; if it should exist, their administrator must create it or fix their accepted domains.",
				"請透過其他管道向對方確認地址；若地址應存在，需由對方管理者建立或修正其接受的網域設定。"}},
		{ID: "microsoft-5.1.10", Provider: Microsoft, Status: "5.1.10", Reason: RecipientUnknown, Retry: RetryNo, DocsURL: docMicrosoft5110,
			Explain: [2]string{
				"Microsoft 365 found no recipient with this address (RESOLVER.ADR.RecipientNotFound).",
				"Microsoft 365 找不到這個地址的收件人（RESOLVER.ADR.RecipientNotFound）。"},
			Remedy: [2]string{
				"Check the spelling and confirm the address with the recipient; remove stale entries from the sender's autocomplete. Sending again unchanged will fail again.",
				"請核對拼字並向對方確認地址，並刪除寄件者自動完成清單中的舊地址。不修改地址重寄仍會失敗。"}},
		{ID: "microsoft-5.2.121", Provider: Microsoft, Status: "5.2.121", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoftNDR, Actor: ActorNobody,
			Explain: [2]string{
				"The recipient's hourly receive limit for messages from this sender was exceeded (5.2.121). The limit resets; the message can be sent again later.",
				"收件人對此寄件者的每小時收信上限已超過（5.2.121）。限制會重設，之後可再寄送。"},
			Remedy: [2]string{
				"Send again later and send this recipient fewer messages per hour (automated mailers especially).",
				"請稍後再寄，並減少每小時寄給這位收件人的信件數（特別是自動寄信程式）。"}},
		{ID: "microsoft-5.2.122", Provider: Microsoft, Status: "5.2.122", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoftNDR, Actor: ActorNobody,
			Explain: [2]string{
				"The recipient's hourly receive limit from all senders was exceeded (5.2.122). The limit resets; the message can be sent again later.",
				"收件人每小時可收的總信件數已超過（5.2.122）。限制會重設，之後可再寄送。"},
			Remedy: [2]string{
				"Send again later; if it repeats, tell the recipient their mailbox is receiving too much mail.",
				"請稍後再寄；若一再發生，請告知對方其信箱收信量過大。"}},

		// --- Yahoo and AOL. Guidance: Yahoo Sender Hub, SMTP error codes. ---
		{ID: "yahoo-tss04", Provider: Yahoo, Token: "tss04", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docYahooErrors, Actor: ActorNobody,
			Explain: [2]string{
				"Yahoo temporarily deferred mail from this IP for unexpected volume or user complaints ([TSS04]). It is a temporary error: the sending server retries.",
				"Yahoo 因異常寄信量或使用者檢舉暫時延遲這個 IP 的來信（[TSS04]）。這是暫時性錯誤：寄件伺服器會重試。"},
			Remedy: [2]string{
				"Nothing to change for this message. Follow Yahoo's sender requirements (authentication, unsubscribe, wanted mail only); if it persists for days, submit a Sender Support Request on Yahoo's Sender Hub.",
				"這封信不需處理。請遵守 Yahoo 寄件者規範（寄件驗證、退訂、只寄收件人想要的信）；若持續數天，請在 Yahoo Sender Hub 提交寄件者支援申請。"}},
		{ID: "yahoo-tss09", Provider: Yahoo, Token: "tss09", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender,
			Explain: [2]string{
				"Yahoo will permanently defer all mail from this IP ([TSS09]); retrying will not succeed.",
				"Yahoo 將永久延遲這個 IP 的所有來信（[TSS09]）；重試不會成功。"},
			Remedy: [2]string{
				"Stop sending to Yahoo from this IP, fix the cause (complaints, compromised accounts, unwanted mail), then submit a Sender Support Request on Yahoo's Sender Hub.",
				"請停止從這個 IP 寄信到 Yahoo，修正原因（檢舉、帳號遭盜用、不受歡迎的信），再於 Yahoo Sender Hub 提交寄件者支援申請。"}},
		{ID: "yahoo-ts03", Provider: Yahoo, Token: "ts03", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender,
			Explain: [2]string{
				"Yahoo permanently defers all messages from this IP ([TS03]) for a high volume of mail typical of unsolicited bulk email. The code is temporary (4xx), but Yahoo says not to resend until the practices change.",
				"Yahoo 因這個 IP 寄出大量類似未經請求群發信的郵件，永久延遲其所有來信（[TS03]）。代碼雖是暫時性（4xx），但 Yahoo 表示在改善寄信方式前不要重寄。"},
			Remedy: [2]string{
				"Review subscription practices and lists so mail goes only to people who asked for it; if it lasts more than 48 hours after the changes, contact Yahoo through the Sender Hub.",
				"請檢查訂閱方式與名單，只寄給有訂閱的人；若修正後仍持續超過 48 小時，請透過 Yahoo Sender Hub 聯絡 Yahoo。"}},
		{ID: "yahoo-ph01", Provider: Yahoo, Token: "ph01", Alone: true, Reason: SpamContent, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender,
			Explain: [2]string{
				"Yahoo refused the message for its content ([PH01]): something in it (a virus, phishing, malware, or a link to one) is not accepted.",
				"Yahoo 因內容拒收（[PH01]）：信中有不被接受的東西（病毒、釣魚、惡意軟體，或指向這些的連結）。"},
			Remedy: [2]string{
				"Check the message and its links; look for a compromised site or mailbox sending on your behalf. Send again only after removing the offending content.",
				"請檢查信件內容與連結，並查看是否有遭入侵的網站或信箱冒用你寄信。移除問題內容後再重寄。"}},
		{ID: "yahoo-bl21", Provider: Yahoo, Token: "bl21", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamhausChecker, Actor: ActorSender,
			Explain: [2]string{
				"Yahoo refused the connection ([BL21]) because the sending IP is on a Spamhaus list.",
				"Yahoo 拒絕連線（[BL21]），因為寄件 IP 在 Spamhaus 黑名單上。"},
			Remedy: [2]string{
				"Check the IP in Spamhaus's checker, fix the cause and request removal there; Yahoo accepts the IP again once it is delisted.",
				"請用 Spamhaus 查詢工具查詢該 IP，修正原因並申請移除；解除列入後 Yahoo 就會再接受。"}},
		{ID: "yahoo-5.7.9", Provider: Yahoo, Status: "5.7.9", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender,
			Explain: [2]string{
				"Yahoo did not accept the message for policy reasons (5.7.9): most often it failed the sending domain's DMARC or DKIM policy, or has characteristics Yahoo refuses.",
				"Yahoo 因政策原因不接受這封信（5.7.9）：最常見的是未通過寄件網域的 DMARC 或 DKIM 政策，或帶有 Yahoo 拒收的特徵。"},
			Remedy: [2]string{
				"Authenticate the From domain with SPF and DKIM aligned to it and publish DMARC (cPanel » Email Deliverability); do not resend unchanged.",
				"請讓寄件網域的 SPF 與 DKIM 通過並對齊，並發佈 DMARC（cPanel » Email Deliverability）；不要原封不動重寄。"}},

		// --- Apple iCloud Mail. ---
		{ID: "apple-cs01", Provider: Apple, Token: "cs01", Reason: Blocklisted, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender,
			Explain: [2]string{
				"iCloud Mail refused the message under its local policy ([CS01]) for the sending IP's or domain's reputation.",
				"iCloud Mail 依其本地政策拒收（[CS01]），原因是寄件 IP 或網域的信譽。"},
			Remedy: [2]string{
				"Follow Apple's postmaster requirements (SPF, DKIM, DMARC, reverse DNS, wanted mail only). If it persists, write to icloudadmin@apple.com with the IPs, the error and when it started.",
				"請遵守 Apple 郵件管理規範（SPF、DKIM、DMARC、反向 DNS、只寄收件人想要的信）。若持續發生，請寫信到 icloudadmin@apple.com，附上 IP、錯誤訊息與開始時間。"}},
		{ID: "apple-cs02", Provider: Apple, Token: "cs02", Reason: Blocklisted, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender},
		{ID: "apple-hm07", Provider: Apple, Token: "hm07", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender,
			Explain: [2]string{
				"iCloud Mail's filters refused this message under local policy ([HM07]/[HM08]), judging its content or sending pattern.",
				"iCloud Mail 的過濾器依本地政策拒收這封信（[HM07]/[HM08]），依據是內容或寄信模式。"},
			Remedy: [2]string{
				"Review the content and links against Apple's postmaster guidance and send again; if it persists, contact icloudadmin@apple.com with the details.",
				"請依 Apple 郵件管理指引檢查內容與連結後再重寄；若持續發生，請附上細節聯絡 icloudadmin@apple.com。"}},
		{ID: "apple-hm08", Provider: Apple, Token: "hm08", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender},

		// --- MailChannels (outbound and inbound filtering). ---
		{ID: "mailchannels-ss", Provider: MailChannels, Token: "ss]", Reason: SpamContent, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender,
			Explain: [2]string{
				"MailChannels' outbound filter blocked the message because it matches a known spam signature ([SS]).",
				"MailChannels 外寄過濾器封鎖了這封信，因為它符合已知的垃圾信特徵（[SS]）。"},
			Remedy: [2]string{
				"Review the subject, body and links for spam-like content; change the account's password and scan for malware in case it is not you sending. Then send again.",
				"請檢查主旨、內文與連結是否像垃圾信；並更換帳號密碼、掃描惡意程式，以防是他人冒用寄信。之後再重寄。"}},
		{ID: "mailchannels-rbl", Provider: MailChannels, Token: "rbl]", Reason: Blocklisted, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-esa", Provider: MailChannels, Token: "esa]", Reason: OutgoingBlocked, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-bfd", Provider: MailChannels, Token: "bfd]", Reason: AuthFailure, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-s09", Provider: MailChannels, Token: "s09]", Alone: true, Reason: Greylisted, Retry: RetryYes, DocsURL: docMailChannelsIn, Actor: ActorNobody,
			Explain: [2]string{
				"MailChannels' inbound filter greylisted the message ([S09] Try Again Later): it defers unknown senders once and accepts the retry.",
				"MailChannels 收信過濾器對這封信做了灰名單處理（[S09] Try Again Later）：對陌生寄件者先延遲一次，重試時就會接受。"},
			Remedy: [2]string{
				"Nothing to do: the sending server retries and the message is delivered.",
				"不需處理：寄件伺服器會重試並送達。"}},
		{ID: "mailchannels-s10", Provider: MailChannels, Token: "s10]", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMailChannelsIn, Actor: ActorSender},
		{ID: "mailchannels-ib-feb", Provider: MailChannels, Token: "ib_feb", Alone: true, Reason: PolicyRejected, Retry: RetryNo, DocsURL: docMailChannelsIn, Actor: ActorSender},

		// --- Blocklists, named inside any reply without a code of its own. ---
		{ID: "spamhaus", Provider: Spamhaus, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamhausChecker, Actor: ActorSender,
			Explain: [2]string{
				"The receiver refused the connection because the sending IP (or a domain in the message) is listed by Spamhaus. Spamhaus lists for spam sent, infected hosts (XBL) or address ranges that should not send mail directly (PBL).",
				"收件端拒絕連線，因為寄件 IP（或信中的網域）被 Spamhaus 列入黑名單。Spamhaus 會因寄出垃圾信、主機中毒（XBL），或該 IP 範圍不應直接寄信（PBL）而列入。"},
			Remedy: [2]string{
				"Look the IP up in Spamhaus's checker, fix what the listing says (stop the spam, clean the infected account or script), then request removal there. On shared hosting, ask the hosting provider: the IP is the server's.",
				"請用 Spamhaus 查詢工具查詢該 IP，依列入原因處理（停止垃圾信、清除中毒帳號或程式），再於該頁申請移除。共用主機的 IP 屬於伺服器，請聯絡主機商處理。"}},
		{ID: "spamcop", Provider: SpamCop, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamCopBlocklist, Actor: ActorSender,
			Explain: [2]string{
				"The receiver refused the message because the sending IP is on the SpamCop Blocking List: SpamCop users reported mail from it as spam.",
				"收件端拒收，因為寄件 IP 列在 SpamCop 黑名單：有 SpamCop 使用者檢舉從這個 IP 寄出的信是垃圾信。"},
			Remedy: [2]string{
				"Find and stop the mail that was reported (a compromised mailbox, form or script). SpamCop removes a listing by itself about a day after the reports stop; check the IP on SpamCop's page.",
				"請找出並停止被檢舉的寄信來源（被盜用的信箱、表單或程式）。檢舉停止約一天後 SpamCop 會自動移除，可在 SpamCop 網頁查詢該 IP。"}},
		{ID: "barracuda", Provider: Barracuda, Token: "barracudacentral", Reason: Blocklisted, Retry: RetryNo, DocsURL: docBarracudaRemoval, Actor: ActorSender,
			Explain: [2]string{
				"The receiver's Barracuda filter refused the message because the sending IP has a poor reputation in the Barracuda Reputation Block List.",
				"收件端的 Barracuda 過濾器拒收，因為寄件 IP 在 Barracuda 信譽黑名單（BRBL）中信譽不佳。"},
			Remedy: [2]string{
				"Stop any spam from the IP, then ask Barracuda to remove it with their removal request form. On shared hosting, ask the hosting provider.",
				"請先停止該 IP 寄出的垃圾信，再用 Barracuda 的移除申請表單申請移除。共用主機請聯絡主機商。"}},
		{ID: "barracuda-reputation", Provider: Barracuda, Token: "barracuda reputation", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docBarracudaRemoval, Actor: ActorSender},

		// --- Catch-alls: the provider is known, its code is not. ---
		{ID: "gmail-5.7.1", Provider: Gmail, Status: "5.7.1", Retry: RetryNo, DocsURL: docGmailErrors},
		{ID: "gmail", Provider: Gmail, DocsURL: docGmailErrors},
		{ID: "microsoft", Provider: Microsoft, DocsURL: docMicrosoftNDR},
		{ID: "yahoo", Provider: Yahoo, DocsURL: docYahooErrors},
		{ID: "apple", Provider: Apple, DocsURL: docApplePostmaster},
		{ID: "mailchannels", Provider: MailChannels, DocsURL: docMailChannelsOut},
		// --- Filtering services and other mailbox providers: who wrote it. ---
		{ID: "proofpoint-ipcheck", Provider: Proofpoint, Token: "ipcheck.proofpoint", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docProofpointIP, Actor: ActorSender},
		{ID: "proofpoint", Provider: Proofpoint},
		{ID: "mimecast", Provider: Mimecast},
		{ID: "zoho", Provider: Zoho},
		{ID: "yandex", Provider: Yandex},
		{ID: "mailru", Provider: MailRu},
		{ID: "gmx", Provider: GMX},
		{ID: "comcast", Provider: Comcast},
		{ID: "att", Provider: ATT},
	}
}
