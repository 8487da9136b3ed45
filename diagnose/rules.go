package diagnose

import "github.com/cpmail/cpmail/diagnose/dnscheck"

// The ids other rows name (in Supersedes); every other id is written in
// its row only.
const (
	ruleSPFInvalid  = "spf-invalid"
	ruleDKIMInvalid = "dkim-invalid"
)

// Rules returns the default rules: one row each, with its id, area,
// default severity, title, what it supersedes and which live DNS problems
// it explains; the checks live in rules_<area>.go. It returns a new slice
// on every call.
//
// The order is the global order of the report: findings of equal
// severity are listed in it, so it runs from the most likely cause to the
// least. The rule behind it:
//  1. first what makes every other answer doubtful (the delivery log
//     could not be read whole);
//  2. then what refuses mail at this end before anything else is looked
//     at: a full account, a full or suspended mailbox;
//  3. then the account's set-up that sends mail elsewhere or throws it
//     away (routing and MX, discarding filters and defaults, forwarders);
//  4. then authentication as cPanel checks it, then as public DNS answers
//     it (the live view supersedes cPanel's where both say the same), then
//     cPanel values cpmail does not know;
//  5. last what the delivery log shows happened: effects, whose cause is
//     usually one of the rows above; refusals before deferrals, and
//     information (retries, greylisting, no record at all) at the end.
//
// A new rule goes where its findings should rank among these.
func Rules() []Rule {
	return []Rule{
		{ID: "tracking-unavailable", Area: AreaTracking, Severity: Warn, Title: T("The delivery log cannot be read, or was capped: absence of records proves nothing", "無法讀取投遞記錄或結果被截斷：查無紀錄不代表沒有發生"),
			Check: trackingUnavailable},
		{ID: "account-disk-full", Area: AreaMailbox, Severity: Fail, Title: T("The cPanel account's disk quota is used up: every mailbox refuses mail", "cPanel 帳號的磁碟配額已用完：所有信箱都無法收信"),
			Check: accountDiskFull},
		{ID: "account-inodes-full", Area: AreaMailbox, Severity: Fail, Title: T("The cPanel account's inode (file count) quota is used up: every mailbox refuses mail", "cPanel 帳號的 inode（檔案數）配額已用完：所有信箱都無法收信"),
			Check: accountInodesFull},
		{ID: "mailbox-full", Area: AreaMailbox, Severity: Fail, Title: T("A mailbox is at its quota and refuses new mail", "信箱已達配額上限，拒收新郵件"),
			Check: mailboxFull},
		{ID: "mailbox-nearly-full", Area: AreaMailbox, Severity: Warn, Title: T("A mailbox is at 90% or more of its quota", "信箱已使用 90% 以上的配額"),
			Check: mailboxNearlyFull},
		{ID: "incoming-suspended", Area: AreaMailbox, Severity: Fail, Title: T("A mailbox has incoming mail suspended", "信箱已暫停收信"),
			Check: suspensionCheck(incomingSuspension())},
		{ID: "login-suspended", Area: AreaMailbox, Severity: Warn, Title: T("A mailbox has login suspended", "信箱已暫停登入"),
			Check: suspensionCheck(loginSuspension())},
		{ID: "outgoing-suspended", Area: AreaMailbox, Severity: Fail, Title: T("A mailbox has outgoing mail suspended", "信箱已暫停寄信"),
			Check: suspensionCheck(outgoingSuspension())},
		{ID: "outgoing-held", Area: AreaMailbox, Severity: Warn, Title: T("A mailbox's outgoing mail is held in the queue", "信箱的寄出郵件被暫扣在佇列中"),
			Check: outgoingHeld},
		{ID: "routing-mismatch", Area: AreaRouting, Severity: Fail, Title: T("cPanel's email routing disagrees with where the domain's MX points", "cPanel 的電子郵件路由設定與網域 MX 指向的位置不一致"),
			Check: routingMismatch},
		{ID: "mx-missing", Area: AreaRouting, Severity: Fail, Title: T("A mail domain's DNS zone has no MX record", "郵件網域的 DNS 區域沒有 MX 紀錄"),
			Check: mxMissing},
		{ID: "filter-discards", Area: AreaDiscards, Severity: Warn, Title: T("An email filter deletes or refuses the mail it matches", "電子郵件篩選器會刪除或拒收符合條件的郵件"),
			Check: filterDiscards},
		{ID: "spam-auto-delete", Area: AreaDiscards, Severity: Warn, Title: T("Spam auto-delete removes mail above a score without a trace", "垃圾郵件自動刪除會把超過分數的郵件直接刪掉，不留痕跡"),
			Check: spamAutoDelete},
		{ID: "default-address-discards", Area: AreaDiscards, Severity: Warn, Title: T("Mail to unknown addresses is silently discarded or piped away", "寄到不存在地址的郵件被默默丟棄或交給程式處理"),
			Check: defaultAddressDiscards},
		{ID: "forwarder-external", Area: AreaForwarding, Severity: Info, Title: T("A forwarder sends mail on to an outside provider", "轉寄程式把郵件轉寄到外部信箱"),
			Check: forwarderExternal},
		{ID: "spf-missing", Area: AreaAuth, Severity: Fail, Explains: []string{dnscheck.ProblemSPFMissingPublic}, Title: T("A domain publishes no SPF record", "網域沒有發布 SPF 紀錄"),
			Check: spfMissing},
		{ID: ruleSPFInvalid, Area: AreaAuth, Severity: Fail, Title: T("A domain's SPF record does not authorise this server, or is broken", "網域的 SPF 紀錄未授權本伺服器寄信，或格式有誤"),
			Check: spfInvalid},
		{ID: "dkim-missing", Area: AreaAuth, Severity: Fail, Explains: []string{dnscheck.ProblemDKIMMissingPublic}, Title: T("A domain has no DKIM key published (or none on the server)", "網域沒有發布 DKIM 金鑰（或伺服器上沒有金鑰）"),
			Check: dkimMissing},
		{ID: ruleDKIMInvalid, Area: AreaAuth, Severity: Fail, Title: T("A domain's published DKIM key does not match the server's", "網域發布的 DKIM 金鑰與伺服器上的不符"),
			Check: dkimInvalid},
		{ID: "dmarc-missing", Area: AreaAuth, Severity: Warn, Explains: []string{dnscheck.ProblemDMARCMissingPublic}, Title: T("A domain publishes no DMARC record", "網域沒有發布 DMARC 紀錄"),
			Check: dmarcMissing},
		{ID: "ptr-invalid", Area: AreaAuth, Severity: Fail, Title: T("The sending IP has no valid reverse DNS (PTR)", "寄信 IP 沒有有效的反向 DNS（PTR）"),
			Check: ptrInvalid},
		{ID: "nameservers-elsewhere", Area: AreaLiveDNS, Severity: Warn, Explains: []string{dnscheck.ProblemNameserversElsewhere}, Title: T("Public DNS is served elsewhere; cPanel's zone is not what the world sees", "公開 DNS 由別處提供，外界看不到 cPanel 區域的內容"),
			Check: nameserversElsewhere},
		{ID: "public-mx-mismatch", Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemPublicMXMismatch}, Title: T("Public MX differs from cPanel's zone", "公開 MX 與 cPanel 區域不同"),
			Check: publicMXMismatch},
		{ID: "spf-lookup-limit", Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemSPFLookupLimit, dnscheck.ProblemSPFVoidLookups}, Title: T("SPF needs more than 10 DNS lookups (permerror)", "SPF 需要超過 10 次 DNS 查詢（permerror）"),
			Check: spfLookupLimit},
		{ID: "spf-ip-not-authorized", Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleSPFInvalid}, Explains: []string{dnscheck.ProblemSPFIPNotAuthorized}, Title: T("Public SPF does not authorise the sending IP", "公開 SPF 未授權寄件 IP"),
			Check: spfIPNotAuthorized},
		{ID: "spf-multiple", Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleSPFInvalid}, Explains: []string{dnscheck.ProblemSPFMultiple}, Title: T("More than one SPF record in public DNS", "公開 DNS 中有多筆 SPF 紀錄"),
			Check: spfMultiple},
		{ID: "dkim-key-mismatch", Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleDKIMInvalid}, Explains: []string{dnscheck.ProblemDKIMKeyMismatch}, Title: T("Public DKIM key is not the key cPanel signs with", "公開 DKIM 金鑰不是 cPanel 簽章用的金鑰"),
			Check: dkimKeyMismatch},
		{ID: "dmarc-invalid", Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemDMARCInvalid, dnscheck.ProblemDMARCMultiple}, Title: T("Public DMARC record is invalid", "公開 DMARC 紀錄無效"),
			Check: dmarcInvalid},
		{ID: "ptr-not-confirmed", Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemPTRNotConfirmed, dnscheck.ProblemPTRMissing}, Title: T("Reverse DNS of the sending IP is missing or not confirmed", "寄件 IP 的反向 DNS 不存在或無法正向確認"),
			Check: ptrNotConfirmed},
		{ID: "ip-blocklisted", Area: AreaLiveDNS, Severity: Fail, Title: T("The sending IP or domain is on a DNS blocklist", "寄件 IP 或網域列在 DNS 黑名單上"),
			Check: ipBlocklisted},
		{ID: "dns-problem", Area: AreaLiveDNS, Severity: Warn, Title: T("Other problems found in public DNS", "公開 DNS 的其他問題"),
			Check: dnsProblem},
		{ID: "cpanel-state-unknown", Area: AreaCPanel, Severity: Warn, Title: T("cPanel reported a state cpmail does not know", "cPanel 回報了 cpmail 不認得的狀態"),
			Check: cpanelStateUnknown},
		{ID: "recipient-unknown", Area: AreaIncoming, Severity: Fail, Title: T("Mail to a local address that does not exist is refused", "寄到本帳號不存在的地址的郵件遭拒收"),
			Check: recipientUnknown},
		{ID: "auth-rejected", Area: AreaOutgoing, Severity: Fail, Title: T("Outgoing mail refused for SPF, DKIM or DMARC", "寄出的郵件因 SPF、DKIM 或 DMARC 驗證失敗而被拒"),
			Check: authRejected},
		{ID: "sender-blocklisted", Area: AreaOutgoing, Severity: Fail, Title: T("Outgoing mail refused because the sending IP or domain is blocklisted", "寄件 IP 或網域列入黑名單，寄出的郵件被拒"),
			Check: outgoingGroup(senderBlocklisted())},
		{ID: "ptr-rejected", Area: AreaOutgoing, Severity: Fail, Title: T("Outgoing mail refused for missing reverse DNS", "因缺少反向 DNS（PTR）而寄信被拒"),
			Check: outgoingGroup(ptrRejected())},
		{ID: "send-limit-reached", Area: AreaOutgoing, Severity: Fail, Title: T("cPanel's hourly sending limit or defer/fail protection was hit", "觸發 cPanel 每小時寄信上限或延遲/失敗保護"),
			Check: sendLimitReached},
		{ID: "outgoing-blocked", Area: AreaOutgoing, Severity: Fail, Title: T("This server blocks or holds the account's outgoing mail", "本伺服器封鎖或暫扣了此帳號的寄出郵件"),
			Check: outgoingGroup(outgoingBlocked())},
		{ID: "smtp-auth-required", Area: AreaOutgoing, Severity: Fail, Title: T("A mail client sends without SMTP authentication (relay refused)", "郵件軟體未啟用 SMTP 驗證就寄信（拒絕轉送）"),
			Check: smtpAuthRequired},
		{ID: "incoming-rbl-rejected", Area: AreaIncoming, Severity: Warn, Title: T("Incoming mail refused because the sender's server is on a blocklist", "寄件方伺服器在黑名單上，來信被拒收"),
			Check: incomingGroup(incomingRBLRejected())},
		{ID: "sender-verify-failed", Area: AreaIncoming, Severity: Warn, Title: T("Incoming mail refused by sender verification", "來信因寄件者驗證失敗而被拒收"),
			Check: incomingGroup(senderVerifyFailed())},
		{ID: "remote-recipient-unknown", Area: AreaOutgoing, Severity: Warn, Title: T("Outgoing mail to addresses that do not exist on the far side", "寄出的郵件收件地址在對方不存在"),
			Check: outgoingGroup(remoteRecipientUnknown())},
		{ID: "remote-mailbox-full", Area: AreaOutgoing, Severity: Warn, Title: T("Outgoing mail to recipients whose mailbox is full", "收件者的信箱已滿"),
			Check: outgoingGroup(remoteMailboxFull())},
		{ID: "remote-domain-unknown", Area: AreaOutgoing, Severity: Warn, Title: T("Outgoing mail to domains that do not exist or cannot receive mail", "收件網域不存在或無法收信"),
			Check: outgoingGroup(remoteDomainUnknown())},
		{ID: "remote-spam-rejected", Area: AreaOutgoing, Severity: Warn, Title: T("Outgoing mail refused as spam or by the receiver's policy", "寄出的郵件被對方判定為垃圾信或違反政策而拒收"),
			Check: outgoingGroup(remoteSpamRejected())},
		{ID: "remote-rate-limited", Area: AreaOutgoing, Severity: Warn, Title: T("Receivers throttle mail from this server", "對方伺服器限制本伺服器的寄信速率"),
			Check: outgoingGroup(remoteRateLimited())},
		{ID: "message-too-large", Area: AreaOutgoing, Severity: Warn, Title: T("Messages refused for their size", "郵件因大小超過上限而被拒"),
			Check: messageTooLarge},
		{ID: "deferred-retrying", Area: AreaOutgoing, Severity: Info, Title: T("Messages are still being retried", "郵件仍在重試投遞中"),
			Check: deferredRetrying},
		{ID: "greylisting-delays", Area: AreaIncoming, Severity: Info, Title: T("Incoming mail delayed by greylisting", "來信因灰名單機制而延遲"),
			Check: incomingGroup(greylistingDelays())},
		{ID: "no-delivery-record", Area: AreaTracking, Severity: Warn, Title: T("No delivery record for the address: the message never reached this server", "此地址沒有投遞紀錄：郵件從未抵達本伺服器"),
			Check: noDeliveryRecord},
	}
}

// RuleIDs lists every rule id, in order.
func RuleIDs() []string {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}
