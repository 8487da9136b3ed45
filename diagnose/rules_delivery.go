package diagnose

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/render"
)

// deliveryRules read the delivery log: what was refused, by whom, and why.
func deliveryRules() []Rule {
	return []Rule{
		{ID: "tracking-unavailable", Severity: Warn, Title: T("The delivery log cannot be read, or was capped: absence of records proves nothing", "無法讀取投遞記錄或結果被截斷：查無紀錄不代表沒有發生"), Check: trackingUnavailable},
		{ID: "recipient-unknown", Severity: Fail, Title: T("Mail to a local address that does not exist is refused", "寄到本帳號不存在的地址的郵件遭拒收"), Check: recipientUnknown},
		{ID: "auth-rejected", Severity: Fail, Title: T("Outgoing mail refused for SPF, DKIM or DMARC", "寄出的郵件因 SPF、DKIM 或 DMARC 驗證失敗而被拒"), Check: authRejected},
		{ID: "sender-blocklisted", Severity: Fail, Title: T("Outgoing mail refused because the sending IP or domain is blocklisted", "寄件 IP 或網域列入黑名單，寄出的郵件被拒"), Check: outgoingGroup("sender-blocklisted", bounce.Blocklisted)},
		{ID: "ptr-rejected", Severity: Fail, Title: T("Outgoing mail refused for missing reverse DNS", "因缺少反向 DNS（PTR）而寄信被拒"), Check: outgoingGroup("ptr-rejected", bounce.PTRMissing)},
		{ID: "send-limit-reached", Severity: Fail, Title: T("cPanel's hourly sending limit or defer/fail protection was hit", "觸發 cPanel 每小時寄信上限或延遲/失敗保護"), Check: sendLimitReached},
		{ID: "outgoing-blocked", Severity: Fail, Title: T("This server blocks or holds the account's outgoing mail", "本伺服器封鎖或暫扣了此帳號的寄出郵件"), Check: outgoingGroup("outgoing-blocked", bounce.OutgoingBlocked)},
		{ID: "smtp-auth-required", Severity: Fail, Title: T("A mail client sends without SMTP authentication (relay refused)", "郵件軟體未啟用 SMTP 驗證就寄信（拒絕轉送）"), Check: smtpAuthRequired},
		{ID: "incoming-rbl-rejected", Severity: Warn, Title: T("Incoming mail refused because the sender's server is on a blocklist", "寄件方伺服器在黑名單上，來信被拒收"), Check: incomingGroup("incoming-rbl-rejected", bounce.Blocklisted)},
		{ID: "sender-verify-failed", Severity: Warn, Title: T("Incoming mail refused by sender verification", "來信因寄件者驗證失敗而被拒收"), Check: incomingGroup("sender-verify-failed", bounce.SenderRejected)},
		{ID: "remote-recipient-unknown", Severity: Warn, Title: T("Outgoing mail to addresses that do not exist on the far side", "寄出的郵件收件地址在對方不存在"), Check: outgoingGroup("remote-recipient-unknown", bounce.RecipientUnknown)},
		{ID: "remote-mailbox-full", Severity: Warn, Title: T("Outgoing mail to recipients whose mailbox is full", "收件者的信箱已滿"), Check: outgoingGroup("remote-mailbox-full", bounce.MailboxFull, bounce.MailboxDisabled)},
		{ID: "remote-domain-unknown", Severity: Warn, Title: T("Outgoing mail to domains that do not exist or cannot receive mail", "收件網域不存在或無法收信"), Check: outgoingGroup("remote-domain-unknown", bounce.DomainUnknown)},
		{ID: "remote-spam-rejected", Severity: Warn, Title: T("Outgoing mail refused as spam or by the receiver's policy", "寄出的郵件被對方判定為垃圾信或違反政策而拒收"), Check: outgoingGroup("remote-spam-rejected", bounce.SpamContent, bounce.PolicyRejected)},
		{ID: "remote-rate-limited", Severity: Warn, Title: T("Receivers throttle mail from this server", "對方伺服器限制本伺服器的寄信速率"), Check: outgoingGroup("remote-rate-limited", bounce.RateLimited)},
		{ID: "message-too-large", Severity: Warn, Title: T("Messages refused for their size", "郵件因大小超過上限而被拒"), Check: messageTooLarge},
		{ID: "deferred-retrying", Severity: Info, Title: T("Messages are still being retried", "郵件仍在重試投遞中"), Check: deferredRetrying},
		{ID: "greylisting-delays", Severity: Info, Title: T("Incoming mail delayed by greylisting", "來信因灰名單機制而延遲"), Check: incomingGroup("greylisting-delays", bounce.Greylisted)},
		{ID: "no-delivery-record", Severity: Warn, Title: T("No delivery record for the address: the message never reached this server", "此地址沒有投遞紀錄：郵件從未抵達本伺服器"), Check: noDeliveryRecord},
	}
}

// groupText holds the texts of a grouped delivery finding.
type groupText struct{ title, detail, remedy Text }

func trackingUnavailable(e *Env) []Finding {
	s := e.S
	var out []Finding
	track := covErr(s, SrcTrack)
	switch {
	case track != "":
		out = append(out, e.Finding("tracking-unavailable", Warn, s.Account,
			T("The delivery log (Track Delivery) could not be read", "無法讀取投遞記錄（Track Delivery）"),
			Tf("EmailTrack::search failed: %s. Without it, nothing can be said about individual messages.", "EmailTrack::search 失敗：%s。沒有投遞記錄就無法判斷個別郵件的狀況。", track),
			T("Check that the token may use Track Delivery (cPanel » Manage API Tokens, and the Track Delivery feature in the hosting plan); ask the host if the feature is disabled.", "請確認 API 權杖有權使用 Track Delivery（cPanel »「管理 API 權杖」，以及方案是否啟用「追蹤遞送」功能）；若功能被停用，請洽主機商。"),
			Evidence{Source: SrcTrack, Key: "error", Value: track}))
	case s.StatsDBStatus != "" && s.StatsDBStatus != "active":
		out = append(out, e.Finding("tracking-unavailable", Warn, s.Account,
			Tf("The delivery statistics database is %q, not active", "投遞統計資料庫狀態為 %q，並非 active", s.StatsDBStatus),
			T("Track Delivery reads the eximstats database; while it is importing or the server is updating, records are missing, so an empty result proves nothing.", "Track Delivery 讀取的是 eximstats 資料庫；在匯入或伺服器更新期間紀錄會缺漏，因此查無紀錄不代表沒有郵件。"),
			T("Wait for the import or update to finish and run cpmail again; if it stays so, ask the host to check the eximstats database.", "等匯入或更新完成後再執行一次 cpmail；若持續如此，請主機商檢查 eximstats 資料庫。"),
			Evidence{Source: SrcStatsDB, Key: "status", Value: s.StatsDBStatus}))
	}
	if s.DeliveriesCapped {
		out = append(out, e.Finding("tracking-unavailable", Warn, s.Account,
			T("cPanel capped the delivery log: some records are missing", "cPanel 截斷了投遞記錄：部分紀錄缺漏"),
			Tf("cPanel returned only part of the records of the window %s – %s, even asked for one second at a time; findings about deliveries may miss some.", "即使逐秒查詢，cPanel 仍只回傳 %s 至 %s 期間的部分紀錄，與投遞相關的判斷可能不完整。", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339)),
			T("Narrow the window (--since) or diagnose one address.", "請縮短時間範圍（--since）或只診斷單一地址。"),
			Evidence{Source: SrcTrack, Key: "metadata.overflowed", Value: "1"}))
	}
	return out
}

// covErr returns the error of a source, or "".
func covErr(s *Snapshot, source string) string {
	for _, c := range s.Coverage {
		if c.Source == source && !c.OK {
			return c.Error
		}
	}
	return ""
}

// localAddresses returns the addresses that exist: mailboxes and forwarders.
func localAddresses(s *Snapshot) []string {
	var out []string
	for _, m := range s.Mailboxes {
		if !m.IsMainAccount() {
			out = append(out, strings.ToLower(m.Email))
		}
	}
	for _, f := range s.Forwarders {
		out = append(out, strings.ToLower(f.Dest))
	}
	sort.Strings(out)
	return out
}

func recipientUnknown(e *Env) []Finding {
	s := e.S
	exists := map[string]bool{}
	for _, a := range localAddresses(s) {
		exists[a] = true
	}
	groups := map[string][]Delivery{}
	for _, d := range e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == bounce.RecipientUnknown }) {
		rcpt := strings.ToLower(string(d.Record.Recipient))
		if !exists[rcpt] {
			groups[rcpt] = append(groups[rcpt], d)
		}
	}
	// An address target that does not exist is worth saying even without records.
	if t := s.Target; t.Kind == TargetAddress && s.IsLocalDomain(t.Domain()) && !exists[t.Value] && len(groups[t.Value]) == 0 && s.Covered(SrcMailboxes) && defaultFails(s, t.Domain()) {
		groups[t.Value] = nil
	}
	var out []Finding
	for _, rcpt := range sortedKeys(groups) {
		ds := groups[rcpt]
		dom := domainOf(rcpt)
		hint := T("", "")
		if near := nearest(rcpt, localAddresses(s)); near != "" {
			hint = Tf(" Did you mean %s?", " 您是要寄給 %s 嗎？", near)
		}
		ev := []Evidence{{Source: SrcMailboxes + ", " + SrcForwarders, Key: rcpt, Value: "no such mailbox or forwarder"}}
		if da := defaultAddress(s, dom); da != "" {
			ev = append(ev, Evidence{Source: SrcDefaultAddress, Key: dom, Value: da})
		}
		ev = append(ev, deliveryEvidence(ds, 3)...)
		f := e.Finding("recipient-unknown", Fail, rcpt,
			Tf("%s does not exist: mail to it is refused", "%s 不存在：寄給它的郵件遭拒收", rcpt),
			Tf("There is no mailbox or forwarder %s, and the domain's default address bounces unknown recipients (\"No Such User Here\").%s%s", "本帳號沒有 %s 這個信箱或轉寄地址，而網域的預設地址會退回不存在的收件者（No Such User Here）。%s%s", rcpt, countText(records(ds)), hint),
			Tf("Tell senders the right address, or create %[1]s in cPanel » Email Accounts (or a forwarder in cPanel » Forwarders). To catch all mail for %[2]s, set a default address in cPanel » Default Address.", "請告知寄件者正確地址，或在 cPanel »「電子郵件帳號」建立 %[1]s（或在「轉寄程式」建立轉寄）。若要接收 %[2]s 的所有郵件，請在 cPanel »「預設地址」設定收件信箱。", rcpt, dom),
			ev...)
		f.Count = records(ds)
		out = append(out, f)
	}
	return out
}

// defaultAddress returns the domain's default address setting.
func defaultAddress(s *Snapshot, domain string) string {
	for _, d := range s.DefaultAddresses {
		if strings.EqualFold(d.Domain, domain) {
			return d.DefaultAddress
		}
	}
	return ""
}

// defaultFails reports whether unknown recipients of domain bounce.
func defaultFails(s *Snapshot, domain string) bool {
	da := defaultAddress(s, domain)
	return da == "" || strings.HasPrefix(da, ":fail:")
}

// nearest returns the existing address closest to addr when it is a likely
// typo (edit distance 1 or 2 in the local part, same domain).
func nearest(addr string, existing []string) string {
	best, bestD := "", 3
	for _, a := range existing {
		if a == addr || domainOf(a) != domainOf(addr) {
			continue
		}
		if d := editDistance(localPart(addr), localPart(a)); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func localPart(a string) string {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		return a[:i]
	}
	return a
}

// editDistance is the Damerau–Levenshtein distance (adjacent swaps count 1).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

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
		f := e.Finding("auth-rejected", Fail, dom,
			Tf("Receivers refuse mail from %s as unauthenticated", "對方伺服器以未通過驗證為由拒收 %s 寄出的郵件", dom),
			Tf("%d messages from %s were refused for failing SPF, DKIM or DMARC (for example Gmail's 550-5.7.26).%s", "%[2]s 寄出的郵件有 %[1]d 封因 SPF、DKIM 或 DMARC 未通過而被拒（例如 Gmail 的 550-5.7.26）。%[3]s", messageCount(group), dom, why),
			remedy,
			ev...)
		f.Count = records(group)
		out = append(out, f)
	}
	return out
}

// senderDomains returns the sorted envelope-sender domains of ds.
func senderDomains(ds []Delivery) []string {
	set := map[string]bool{}
	for _, d := range ds {
		dom := string(d.Record.Domain)
		if dom == "" {
			dom = domainOf(string(d.Record.Email))
		}
		set[strings.ToLower(dom)] = true
	}
	return sortedKeys(set)
}

func filterDomain(ds []Delivery, dom string) []Delivery {
	var out []Delivery
	for _, d := range ds {
		sd := string(d.Record.Domain)
		if sd == "" {
			sd = domainOf(string(d.Record.Email))
		}
		if strings.EqualFold(sd, dom) {
			out = append(out, d)
		}
	}
	return out
}

// outgoingText is the wording of each grouped outgoing rule.
func outgoingText(id string, n int, subject string, extra Text) groupText {
	switch id {
	case "sender-blocklisted":
		return groupText{
			Tf("The sending server is blocklisted: %d messages refused", "寄件伺服器被列入黑名單：%d 封郵件被拒", n),
			Tf("Receivers refused mail because this server's IP or the sending domain is on a blocklist%s.", "對方因本伺服器的 IP 或寄件網域在黑名單上而拒收%s。", extra),
			T("Look the server's IP up on the named list and request removal (Spamhaus: check.spamhaus.org; SpamCop: spamcop.net/bl.shtml; Barracuda: barracudacentral.org/rbl/removal-request). On shared hosting, ask the host: they must stop the source of spam and delist the IP. Check the account for a compromised password or script first.", "到退信中提到的黑名單查詢本伺服器 IP 並申請移除（Spamhaus：check.spamhaus.org；SpamCop：spamcop.net/bl.shtml；Barracuda：barracudacentral.org/rbl/removal-request）。若為共享主機，請洽主機商處理垃圾信來源並申請解除。請先檢查帳號是否有密碼或程式遭盜用。")}
	case "ptr-rejected":
		return groupText{
			Tf("Receivers refuse mail for missing reverse DNS: %d messages", "對方因缺少反向 DNS 拒收：%d 封郵件", n),
			T("The sending IP has no valid PTR record (or it does not resolve back), and receivers such as Gmail and Outlook refuse such mail.", "寄件 IP 沒有有效的 PTR 紀錄（或正反解不一致），Gmail、Outlook 等收件方會拒收這類郵件。"),
			T("Ask the owner of the server's IP (the hosting provider) to set its reverse DNS to the server's hostname, which must resolve back to the IP; if the server also sends over IPv6, its IPv6 address needs the same (cPanel's check covers IPv4 only). cPanel » Email Deliverability shows the expected value.", "請 IP 的擁有者（主機商）將反向 DNS 設為伺服器主機名稱，且該名稱需解析回此 IP；若伺服器也經由 IPv6 寄信，IPv6 位址也需要同樣設定（cPanel 的檢查只涵蓋 IPv4）。cPanel »「電子郵件傳遞能力」會顯示應設定的值。")}
	case "outgoing-blocked":
		return groupText{
			Tf("This server blocks the account's outgoing mail: %d messages", "本伺服器封鎖了此帳號的寄出郵件：%d 封", n),
			T("The server refused or held mail sent by the account (outgoing mail suspended or held for the account or a mailbox, or a server sending restriction).", "伺服器拒絕或暫扣了此帳號寄出的郵件（帳號或信箱被暫停寄信或暫扣，或伺服器限制寄件）。"),
			T("Ask the host why outgoing mail is suspended for the account (often after spam was sent from a hacked password or script); fix the cause, then have it lifted. For one mailbox, see cPanel » Email Accounts » Manage » Sending Outgoing Email.", "請詢問主機商為何暫停此帳號寄信（常因密碼或程式遭盜用寄出垃圾信）；排除原因後請其解除。若只限單一信箱，請見 cPanel »「電子郵件帳號」»「管理」»「寄出郵件」。")}
	case "remote-recipient-unknown":
		return groupText{
			Tf("%d messages went to addresses that do not exist", "有 %d 封郵件寄到不存在的地址", n),
			Tf("The receiving servers answered that these recipients do not exist (e.g. 550 5.1.1)%s. This is usually a typo or an old address.", "收件伺服器回覆收件者不存在（例如 550 5.1.1）%s。通常是地址打錯或已停用。", extra),
			T("Check the spelling of the addresses and remove dead ones from contact forms, mailing lists and address books. Many such bounces hurt the server's reputation.", "請檢查地址拼寫，並從表單、郵寄名單與通訊錄中移除失效的地址。大量退信會損害伺服器信譽。")}
	case "remote-mailbox-full":
		return groupText{
			Tf("%d messages went to full or disabled mailboxes", "有 %d 封郵件寄到已滿或停用的信箱", n),
			Tf("The recipients' mailboxes are over quota or disabled on their side%s.", "收件者的信箱在對方那邊已超過配額或停用%s。", extra),
			T("Nothing to fix on this account: tell the recipient by another channel; temporary refusals are retried automatically.", "本帳號無需處理：請透過其他管道通知收件者；暫時性拒收會自動重試。")}
	case "remote-domain-unknown":
		return groupText{
			Tf("%d messages went to domains that cannot receive mail", "有 %d 封郵件寄到無法收信的網域", n),
			Tf("The recipient domains do not exist or publish no usable MX%s.", "收件網域不存在或沒有可用的 MX 紀錄%s。", extra),
			T("Check the domain part of the addresses for typos (gmial.com, hotmal.com); if the domain is right, its owner must fix its DNS.", "請檢查地址的網域部分是否打錯（如 gmial.com、hotmal.com）；若網域無誤，需由對方修正其 DNS。")}
	case "remote-spam-rejected":
		return groupText{
			Tf("%d messages were refused as spam or by policy", "有 %d 封郵件被判定為垃圾信或違反政策而被拒", n),
			Tf("Receivers judged the content as spam, phishing or a virus, or refused it under their own policy%s.", "收件方判定內容為垃圾信、釣魚或病毒，或依其政策拒收%s。", extra),
			T("Review what was sent (links, attachments, URL shorteners, wording), make sure SPF, DKIM and DMARC pass, and send bulk mail through a proper mailing service.", "請檢查寄出的內容（連結、附件、短網址、用詞），確認 SPF、DKIM、DMARC 都通過，大量寄信請改用專業電子報服務。")}
	case "remote-rate-limited":
		return groupText{
			Tf("Receivers throttled %d messages", "收件方限制了 %d 封郵件的速率", n),
			Tf("The receiving servers accept only so many messages per time from this server and deferred the rest%s.", "收件伺服器限制本伺服器在一定時間內可送達的數量，其餘延後處理%s。", extra),
			T("Usually nothing to do: the server retries. If it persists, send fewer messages per hour and check the server's reputation (Gmail Postmaster Tools, Microsoft SNDS).", "通常無須處理，伺服器會自動重試。若持續發生，請降低每小時寄信量，並檢查伺服器信譽（Gmail Postmaster Tools、Microsoft SNDS）。")}
	}
	return groupText{T(id, id), T("", ""), T("", "")}
}

// outgoingGroup reports outgoing problems with one of reasons, grouped in
// one finding with counts and examples.
func outgoingGroup(id string, reasons ...bounce.Reason) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction != Incoming && hasReason(d, reasons) })
		if id == "outgoing-blocked" {
			// Mail from a mailbox whose own sending is suspended or held
			// is outgoing-suspended's or outgoing-held's to explain.
			ds = slices.DeleteFunc(ds, func(d Delivery) bool {
				m, ok := e.S.Mailbox(string(d.Record.Email))
				return ok && (bool(m.SuspendedOutgoing) || bool(m.HoldOutgoing))
			})
		}
		if len(ds) == 0 {
			return nil
		}
		extra := examplesText(ds)
		if id == "sender-blocklisted" {
			extra = blocklistText(ds)
		}
		subject := e.S.Account
		if doms := senderDomains(ds); len(doms) == 1 && doms[0] != "" {
			subject = doms[0]
		}
		gt := outgoingText(id, messageCount(ds), subject, extra)
		rule := ruleSeverity(id)
		f := e.Finding(id, rule, subject, gt.title, gt.detail, gt.remedy, deliveryEvidence(ds, 3)...)
		f.Count = records(ds)
		return []Finding{f}
	}
}

func hasReason(d Delivery, reasons []bounce.Reason) bool {
	for _, r := range reasons {
		if d.Class.Reason == r {
			return true
		}
	}
	return false
}

// messageCount is the number of distinct messages among ds (a message
// deferred three times is one message); records without a message id
// count one each. A message whose attempts were classified differently
// (deferred, then failed) counts once in each group.
func messageCount(ds []Delivery) int {
	n := 0
	for _, d := range ds {
		if d.Count == 0 {
			n++
			continue
		}
		n += d.Messages
	}
	return n
}

// examplesText names up to three recipients, in brackets.
func examplesText(ds []Delivery) Text {
	var names []string
	for _, d := range ds {
		r := string(d.Record.Recipient)
		if r != "" && !contains(names, r) && len(names) < 3 {
			names = append(names, r)
		}
	}
	if len(names) == 0 {
		return T("", "")
	}
	list := strings.Join(names, ", ")
	return T(" ("+list+")", "（"+list+"）")
}

// blocklistText names the lists and the first time the refusal was seen.
func blocklistText(ds []Delivery) Text {
	var lists []string
	for _, d := range ds {
		if b := d.Class.Blocklist; b != "" && !contains(lists, b) {
			lists = append(lists, b)
		}
	}
	first := ds[0].Record.Time().Format("2006-01-02 15:04 MST")
	if len(lists) == 0 {
		return Tf("; first refusal %s", "；首次拒收於 %s", first)
	}
	names := strings.Join(lists, ", ")
	return Tf(": %s; first refusal %s", "：%s；首次拒收於 %s", names, first)
}

// ruleSeverity is the default severity of a delivery rule.
func ruleSeverity(id string) Severity {
	for _, r := range deliveryRules() {
		if r.ID == id {
			return r.Severity
		}
	}
	return Warn
}

// incomingGroup reports incoming problems with a reason, grouped.
func incomingGroup(id string, reason bounce.Reason) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == reason })
		if len(ds) == 0 {
			return nil
		}
		senders := map[string]bool{}
		for _, d := range ds {
			h := string(d.Record.SenderHost)
			if h == "" {
				h = string(d.Record.Email)
			}
			senders[h] = true
		}
		list := strings.Join(firstN(sortedKeys(senders), 3), ", ")
		var gt groupText
		switch id {
		case "incoming-rbl-rejected":
			gt = groupText{
				Tf("%d incoming messages refused: the sender's server is on a blocklist", "%d 封來信被拒：寄件方伺服器在黑名單上", records(ds)),
				Tf("This server refused mail from %s because their IP is listed on a DNS blocklist%s. The message never reached the mailbox.", "本伺服器拒收來自 %s 的郵件，因為對方 IP 列在 DNS 黑名單上%s。郵件從未進入信箱。", list, blocklistText(ds)),
				T("The sender's mail administrator must get their IP delisted; the sender should have received a bounce saying so. If you trust the sender, the host can whitelist their IP.", "需由寄件方的郵件管理者申請解除黑名單；寄件者應已收到說明原因的退信。若信任對方，可請主機商將其 IP 加入白名單。"),
			}
		case "sender-verify-failed":
			gt = groupText{
				Tf("%d incoming messages refused by sender verification", "%d 封來信因寄件者驗證失敗而被拒", records(ds)),
				Tf("This server could not verify the envelope sender of mail from %s (their domain has no MX, or the address does not exist), and refused it.", "本伺服器無法驗證來自 %s 的寄件者（對方網域沒有 MX 或地址不存在），因此拒收。", list),
				T("The sender must fix their domain's DNS or sending address. If they cannot, the host can exempt that sender from verification.", "需由寄件方修正其網域 DNS 或寄件地址；若無法修正，可請主機商將該寄件者排除於驗證之外。"),
			}
		case "greylisting-delays":
			gt = groupText{
				Tf("%d incoming messages were delayed by greylisting", "%d 封來信因灰名單而延遲", records(ds)),
				Tf("First-time senders (%s) were asked to retry later; well-behaved servers retry within minutes and the mail arrives.", "首次寄信的伺服器（%s）被要求稍後重試；正常的伺服器會在數分鐘內重送，郵件會送達。", list),
				T("Nothing to do for one-off delays. If important mail is late, whitelist the sender in cPanel » Greylisting, or turn greylisting off for the domain.", "偶爾延遲無須處理。若重要郵件延誤，可在 cPanel »「灰名單」將寄件者加入信任清單，或關閉該網域的灰名單。"),
			}
		}
		f := e.Finding(id, ruleSeverity(id), e.S.Account, gt.title, gt.detail, gt.remedy, deliveryEvidence(ds, 3)...)
		if t := e.S.Target; t.Kind != TargetAccount {
			f.Subject = t.Value
		}
		f.Count = records(ds)
		return []Finding{f}
	}
}

func firstN(s []string, n int) []string {
	if len(s) > n {
		return s[:n]
	}
	return s
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
	f := e.Finding("send-limit-reached", Fail, subject,
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
	f := e.Finding("smtp-auth-required", Fail, e.S.Account,
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
	f := e.Finding("message-too-large", Warn, e.S.Account,
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
	f := e.Finding("deferred-retrying", Info, e.S.Account,
		Tf("%d messages are still being retried", "%d 封郵件仍在重試投遞", pending.Count),
		Tf("These messages were deferred (temporary failures) and have not been delivered or given up yet. The server keeps retrying; by default it gives up about 4 days after the first attempt (the earliest around %s) and then bounces them to the sender.", "這些郵件遇到暫時性錯誤而延後，尚未送達也尚未放棄。伺服器會持續重試；預設約在首次嘗試後 4 天放棄（最早約 %s），然後退信給寄件者。", giveUp.Format("2006-01-02 15:04 MST")),
		T("Usually nothing to do. If the deferral text names a cause (see cpmail explain), fix that; the next retry then succeeds.", "通常無須處理。若延遲訊息指出原因（可用 cpmail explain 查看），修正後下次重試就會成功。"),
		ev...)
	f.Count = pending.Count
	return []Finding{f}
}

func noDeliveryRecord(e *Env) []Finding {
	s := e.S
	t := s.Target
	if t.Kind != TargetAddress || !s.Covered(SrcTrack) || s.DeliveriesCapped {
		return nil
	}
	for _, d := range e.Deliveries {
		if strings.EqualFold(string(d.Record.Recipient), t.Value) || strings.EqualFold(string(d.Record.Email), t.Value) {
			return nil
		}
	}
	ev := []Evidence{{Source: SrcTrack, Key: "records to or from " + t.Value, Value: fmt.Sprintf("0 between %s and %s", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339))}}
	for _, m := range s.MX {
		if strings.EqualFold(m.Domain, t.Domain()) {
			ev = append(ev, Evidence{Source: SrcMX, Key: m.Domain + " mx", Value: m.MX})
		}
	}
	return []Finding{e.Finding("no-delivery-record", Warn, t.Value,
		Tf("No message to or from %s reached this server in the window", "期間內沒有任何寄給或來自 %s 的郵件抵達本伺服器", t.Value),
		T("The delivery log has no record for the address. A message the sender says was sent never arrived here: it was refused before reaching this server (at connection time, by the sender's own server, or delivered to another server because the domain's MX points elsewhere).", "投遞記錄中沒有這個地址的紀錄。寄件者說已寄出的郵件根本沒有抵達這裡：可能在連線階段就被拒、卡在寄件方自己的伺服器，或因網域 MX 指向別處而送到其他伺服器。"),
		T("Ask the sender for the bounce message they received (paste it into cpmail explain) and the exact time; check that the domain's MX points to this server (cpmail dns).", "請寄件者提供收到的退信（可貼到 cpmail explain 解讀）及確切寄出時間；並確認網域的 MX 指向本伺服器（cpmail dns）。"),
		ev...)}
}
