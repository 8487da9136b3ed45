package diagnose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// configRules are about how the account and its domains are set up: where
// mail is routed, what happens to mail nobody asked for, and whether the
// DNS records receivers check are in place.
func configRules() []Rule {
	return []Rule{
		{ID: "routing-mismatch", Severity: Fail, Title: T("cPanel's email routing disagrees with where the domain's MX points", "cPanel 的電子郵件路由設定與網域 MX 指向的位置不一致"), Check: routingMismatch},
		{ID: "mx-missing", Severity: Fail, Title: T("A mail domain's DNS zone has no MX record", "郵件網域的 DNS 區域沒有 MX 紀錄"), Check: mxMissing},
		{ID: "filter-discards", Severity: Warn, Title: T("An email filter deletes or refuses the mail it matches", "電子郵件篩選器會刪除或拒收符合條件的郵件"), Check: filterDiscards},
		{ID: "spam-auto-delete", Severity: Warn, Title: T("Spam auto-delete removes mail above a score without a trace", "垃圾郵件自動刪除會把超過分數的郵件直接刪掉，不留痕跡"), Check: spamAutoDelete},
		{ID: "default-address-discards", Severity: Warn, Title: T("Mail to unknown addresses is silently discarded or piped away", "寄到不存在地址的郵件被默默丟棄或交給程式處理"), Check: defaultAddressDiscards},
		{ID: "forwarder-external", Severity: Info, Title: T("A forwarder sends mail on to an outside provider", "轉寄程式把郵件轉寄到外部信箱"), Check: forwarderExternal},
		{ID: "spf-missing", Severity: Fail, Title: T("A domain publishes no SPF record", "網域沒有發布 SPF 紀錄"), Check: spfRule("spf-missing")},
		{ID: "spf-invalid", Severity: Fail, Title: T("A domain's SPF record does not authorise this server, or is broken", "網域的 SPF 紀錄未授權本伺服器寄信，或格式有誤"), Check: spfRule("spf-invalid")},
		{ID: "dkim-missing", Severity: Fail, Title: T("A domain has no DKIM key published (or none on the server)", "網域沒有發布 DKIM 金鑰（或伺服器上沒有金鑰）"), Check: dkimRule("dkim-missing")},
		{ID: "dkim-invalid", Severity: Fail, Title: T("A domain's published DKIM key does not match the server's", "網域發布的 DKIM 金鑰與伺服器上的不符"), Check: dkimRule("dkim-invalid")},
		{ID: "dmarc-missing", Severity: Warn, Title: T("A domain publishes no DMARC record", "網域沒有發布 DMARC 紀錄"), Check: dmarcMissing},
		{ID: "ptr-invalid", Severity: Fail, Title: T("The sending IP has no valid reverse DNS (PTR)", "寄信 IP 沒有有效的反向 DNS（PTR）"), Check: ptrInvalid},
	}
}

// --- default address ---

func defaultAddressDiscards(e *Env) []Finding {
	das := append([]cpanel.DefaultAddress(nil), e.S.DefaultAddresses...)
	sort.SliceStable(das, func(i, j int) bool { return das[i].Domain < das[j].Domain })
	var out []Finding
	for _, da := range das {
		v := strings.TrimSpace(da.DefaultAddress)
		bare := strings.Trim(v, `"`)
		var detail Text
		switch {
		case strings.HasPrefix(strings.ToLower(bare), ":blackhole:"):
			detail = Tf("The default address of %s is :blackhole:. Mail to any address that does not exist there (a typo, an old employee's address) is accepted and then deleted: the sender believes it was delivered and nobody ever sees it.",
				"%s 的預設地址設為 :blackhole:。寄到該網域不存在地址的郵件（拼錯的地址、離職員工的地址）會先被收下再直接刪除：寄件者以為已送達，卻沒有任何人看得到。", da.Domain)
		case strings.HasPrefix(bare, "|"):
			detail = Tf("The default address of %s pipes mail to a program (%s). Mail to addresses that do not exist goes to that program instead of bouncing; if the program drops it or fails quietly, it vanishes and the sender is never told.",
				"%s 的預設地址會把郵件交給程式處理（%s）。寄到不存在地址的郵件不會退信，而是交給該程式；若程式丟棄郵件或默默出錯，郵件就此消失，寄件者也不會收到通知。", da.Domain, bare)
		default:
			continue
		}
		out = append(out, e.Finding("default-address-discards", Warn, da.Domain,
			Tf("Mail to unknown addresses at %s disappears without a bounce", "寄到 %s 不存在地址的郵件會消失且不會退信", da.Domain),
			detail,
			Tf("In cPanel » Default Address, choose %s and set it to \"Discard the email while your server processes it by SMTP time with an error message\" (:fail:), so senders of a mistyped address get a bounce; or forward it to a mailbox someone reads.",
				"到 cPanel »「預設地址」選擇 %s，改為「在 SMTP 階段以錯誤訊息拒收」（:fail:），讓寄錯地址的人會收到退信；或轉寄到有人在看的信箱。", da.Domain),
			Evidence{Source: SrcDefaultAddress, Key: da.Domain + " defaultaddress", Value: v}))
	}
	return out
}

// --- filters ---

// filterDiscard returns the action of f that throws mail away, if any.
func filterDiscard(f cpanel.Filter) (cpanel.FilterAction, bool) {
	for _, a := range f.Actions {
		act := strings.ToLower(strings.TrimSpace(string(a.Action)))
		dest := strings.TrimSpace(string(a.Dest))
		if dest == "/dev/null" || act == "fail" || act == "discard" {
			return a, true
		}
	}
	return cpanel.FilterAction{}, false
}

// filterCondition writes a filter's rules as "$header_subject: contains coconut".
func filterCondition(f cpanel.Filter) string {
	var b strings.Builder
	for i, r := range f.Rules {
		if i > 0 {
			opt := strings.ToLower(string(f.Rules[i-1].Opt))
			if opt != "and" {
				opt = "or"
			}
			b.WriteString(" " + opt + " ")
		}
		b.WriteString(strings.TrimSpace(strings.Join(strings.Fields(string(r.Part)+" "+string(r.Match)+" "+string(r.Val)), " ")))
	}
	return b.String()
}

func filterDiscards(e *Env) []Finding {
	fs := append([]cpanel.Filter(nil), e.S.Filters...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Account != fs[j].Account {
			return fs[i].Account < fs[j].Account
		}
		return fs[i].Name < fs[j].Name
	})
	var out []Finding
	for _, f := range fs {
		if !f.IsEnabled() {
			continue
		}
		a, ok := filterDiscard(f)
		if !ok {
			continue
		}
		subject, where, owner := f.Account, Tf("the mailbox %s", "信箱 %s ", f.Account), Tf("of %s", "%s ", f.Account)
		remedy := Tf("In cPanel » Email Filters » Manage Filters for %[1]s, edit \"%[2]s\": make it \"Deliver to Folder\" (for example Junk) instead of discarding, or delete it if it is no longer wanted.",
			"到 cPanel »「電子郵件篩選器」» %[1]s 的「管理篩選器」，編輯「%[2]s」：把動作改成「傳遞到資料夾」（例如垃圾郵件資料夾）而不是丟棄；若已不需要，直接刪除。", f.Account, f.Name)
		if f.Account == "" {
			subject, where, owner = e.S.Account, T("every mailbox of the account", "帳號內所有信箱"), T("(account level, for every mailbox)", "帳號層級（套用到所有信箱）")
			remedy = Tf("In cPanel » Global Email Filters, edit \"%[1]s\": make it \"Deliver to Folder\" (for example Junk) instead of discarding, or delete it if it is no longer wanted.",
				"到 cPanel »「全域電子郵件篩選器」編輯「%[1]s」：把動作改成「傳遞到資料夾」（例如垃圾郵件資料夾）而不是丟棄；若已不需要，直接刪除。", f.Name)
		}
		hit := func(d Delivery) bool {
			return d.Record.Type == cpanel.EventFiltered && (f.Account == "" || strings.EqualFold(string(d.Record.Recipient), f.Account))
		}
		var filtered []Delivery
		for _, d := range e.Deliveries {
			if hit(d) {
				filtered = append(filtered, d)
			}
		}
		act := strings.TrimSpace(string(a.Action))
		what := T("deletes it silently", "直接刪除，不留痕跡")
		if strings.EqualFold(act, "fail") {
			what = T("refuses it with an error, so the sender gets a bounce but the recipient never sees the message", "以錯誤拒收，寄件者會收到退信，但收件者永遠看不到這封信")
		}
		cond := filterCondition(f)
		if cond == "" {
			cond = "(all mail)"
		}
		sev := Warn
		seen := T("", "")
		if len(filtered) > 0 {
			sev = Fail
			seen = Tf(" Track Delivery shows %d messages discarded by a filter in the window.", " 期間內 Track Delivery 顯示有 %d 封郵件被篩選器丟棄。", records(filtered))
		}
		ev := []Evidence{
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q rules", orAccount(f.Account), f.Name), Value: cond},
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q action", orAccount(f.Account), f.Name), Value: strings.TrimSpace(act + " " + string(a.Dest))},
		}
		ev = append(ev, deliveryEvidence(filtered, 3)...)
		fd := e.Finding("filter-discards", sev, subject,
			Tf("The filter \"%s\" discards matching mail for %s", "篩選器「%s」會丟棄%s中符合條件的郵件", f.Name, where),
			Tf("The enabled filter \"%s\" %s matches mail where %s and %s.%s", "%[2]s的啟用中篩選器「%[1]s」會比對「%[3]s」的郵件，符合條件就%[4]s。%[5]s", f.Name, owner, cond, what, seen),
			remedy, ev...)
		fd.Count = records(filtered)
		out = append(out, fd)
	}
	return out
}

// orAccount names a filter's owner for evidence keys.
func orAccount(account string) string {
	if account == "" {
		return "account-level"
	}
	return account
}

// --- spam auto-delete ---

func spamAutoDelete(e *Env) []Finding {
	acct, haveAcct := e.S.SpamSettings[""]
	var out []Finding
	for _, key := range sortedKeys(e.S.SpamSettings) {
		st := e.S.SpamSettings[key]
		on, score := st.AutoDelete()
		if !on || !bool(st.SpamEnabled) {
			continue
		}
		inherited := key != "" && st.SpamAutoDelete == nil
		if inherited && haveAcct {
			if accOn, _ := acct.AutoDelete(); accOn {
				continue // reported once for the account
			}
		}
		subject, who := key, Tf("the mailbox %s", "信箱 %s ", key)
		onKey, scoreKey := "spam_auto_delete", "spam_auto_delete_score"
		if inherited {
			onKey, scoreKey = "cpuser_spam_auto_delete", "cpuser_spam_auto_delete_score"
			who = Tf("the mailbox %s (following the account-wide setting)", "信箱 %s（沿用整個帳號的設定）", key)
		}
		if key == "" {
			subject, who = e.S.Account, T("every mailbox of the account", "帳號內所有信箱")
		}
		scoreText := strconv.FormatFloat(score, 'f', -1, 64)
		if score == 0 {
			scoreText = "?"
		}
		low := T("", "")
		if score > 0 && score <= 5 {
			low = Tf(" A threshold of %s is low: ordinary newsletters, invoices and replies from badly configured servers often score 5 or more, so real mail is deleted too.", " 門檻 %s 偏低：一般電子報、帳單或來自設定不佳伺服器的回信常常就有 5 分以上，正常郵件也會被刪掉。", scoreText)
		}
		remedy := T("In cPanel » Spam Filters, turn off \"Auto-Delete Spam\" (or raise its threshold to 10 or more) and turn on \"Spam Box\", so suspected spam is kept in a Spam folder where it can be checked.",
			"到 cPanel »「垃圾郵件篩選器」關閉「自動刪除垃圾郵件」（或把門檻調高到 10 分以上），並開啟「垃圾郵件匣」，讓疑似垃圾郵件保留在 Spam 資料夾中以便檢查。")
		if key != "" && !inherited {
			remedy = Tf("%s has its own spam settings: in cPanel » Spam Filters (the settings of %s), turn off \"Auto-Delete Spam\" or raise its threshold to 10 or more, and use the Spam Box instead.",
				"%s 有自己的垃圾郵件設定：到 cPanel »「垃圾郵件篩選器」中 %s 的設定，關閉「自動刪除垃圾郵件」或把門檻調高到 10 分以上，改用「垃圾郵件匣」。", key, key)
		}
		out = append(out, e.Finding("spam-auto-delete", Warn, subject,
			Tf("Spam scoring %s or more is deleted for %s", "%[2]s中分數達 %[1]s 分以上的垃圾郵件會被刪除", scoreText, who),
			Tf("SpamAssassin deletes every message to %s that scores %s or more before it reaches a folder.%s Deleted mail leaves no trace: the sender gets no bounce and the recipient cannot find it in Spam.",
				"SpamAssassin 會在郵件進入任何資料夾前，刪除寄給%s且分數達 %s 分以上的郵件。%s 被刪除的郵件不留任何痕跡：寄件者不會收到退信，收件者也無法在垃圾郵件資料夾中找到。", who, scoreText, low),
			remedy,
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + onKey, Value: "1"},
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + scoreKey, Value: scoreText}))
	}
	return out
}

// --- forwarders ---

// providerName names a well-known mailbox provider by the domain of an
// address, or returns "".
func providerName(domain string) string {
	domain = strings.ToLower(domain)
	first := strings.SplitN(domain, ".", 2)[0]
	switch {
	case domain == "gmail.com" || domain == "googlemail.com":
		return "Gmail"
	case first == "outlook" || first == "hotmail" || first == "live" || domain == "msn.com":
		return "Outlook.com"
	case first == "yahoo" || domain == "ymail.com" || domain == "rocketmail.com":
		return "Yahoo"
	case domain == "icloud.com" || domain == "me.com" || domain == "mac.com":
		return "iCloud"
	case domain == "aol.com":
		return "AOL"
	case domain == "proton.me" || domain == "protonmail.com":
		return "Proton Mail"
	}
	return ""
}

func forwarderExternal(e *Env) []Finding {
	fws := append([]cpanel.Forwarder(nil), e.S.Forwarders...)
	sort.SliceStable(fws, func(i, j int) bool {
		if fws[i].Dest != fws[j].Dest {
			return fws[i].Dest < fws[j].Dest
		}
		return fws[i].Forward < fws[j].Forward
	})
	var out []Finding
	for _, fw := range fws {
		to := strings.TrimSpace(fw.Forward)
		if to == "" || strings.ContainsAny(to[:1], ":|/\"") || !strings.Contains(to, "@") {
			continue
		}
		dom := domainOf(to)
		if dom == "" || e.S.IsLocalDomain(dom) {
			continue
		}
		named := T(to, to)
		if p := providerName(dom); p != "" {
			named = T(to+" ("+p+")", to+"（"+p+"）")
		}
		problems := e.Problems(func(d Delivery) bool { return strings.EqualFold(string(d.Record.Recipient), to) })
		sev := Info
		seen := T("", "")
		if len(problems) > 0 {
			sev = Fail
			seen = Tf(" In the window, %[1]d forwarded deliveries to %[2]s failed or were deferred.", " 期間內轉寄到 %[2]s 的郵件有 %[1]d 次失敗或延遲。", records(problems), to)
		}
		ev := []Evidence{{Source: SrcForwarders, Key: fw.Dest, Value: to}}
		ev = append(ev, deliveryEvidence(problems, 3)...)
		f := e.Finding("forwarder-external", sev, fw.Dest,
			Tf("Mail to %s is forwarded to %s", "寄給 %s 的郵件會轉寄到 %s", fw.Dest, named),
			Tf("A forwarded message keeps its original sender, but now arrives from this server, which the sender's SPF does not list; SPF fails, and if the sender's domain has a strict DMARC policy the provider rejects or junks it. Forwarded spam also counts against this server's reputation.%s",
				"轉寄的郵件保留原寄件者，卻改由本伺服器送出，而原寄件網域的 SPF 並未列入本伺服器，因此 SPF 驗證失敗；若原寄件網域有嚴格的 DMARC 政策，對方信箱會拒收或歸入垃圾郵件。被轉寄的垃圾信也會拉低本伺服器的信譽。%s", seen),
			Tf("Keep the mail here instead: make %[1]s a mailbox (cPanel » Email Accounts » Create) and read it in the provider's app or any mail client over IMAP, or let the provider fetch it by POP3/IMAP where it still offers that; then remove the forwarder in cPanel » Forwarders.",
				"改成把郵件留在本伺服器：把 %[1]s 建成信箱（cPanel »「電子郵件帳號」»「建立」），再用對方的 App 或任何郵件軟體以 IMAP 讀取，或在對方信箱仍支援時以 POP3/IMAP 代收；之後到 cPanel »「轉寄程式」刪除此轉寄。", fw.Dest),
			ev...)
		f.Count = records(problems)
		out = append(out, f)
	}
	return out
}

// --- MX and routing ---

// qualifyName makes a zone-relative name absolute ("mail" in example.com
// is mail.example.com; "@" is the zone itself), lower-cased, without the
// trailing dot.
func qualifyName(name, zone string) string {
	name = strings.ToLower(strings.TrimSpace(name))
	zone = strings.ToLower(strings.TrimSuffix(zone, "."))
	switch {
	case name == "@" || name == "":
		return zone
	case strings.HasSuffix(name, "."):
		return strings.TrimSuffix(name, ".")
	}
	return name + "." + zone
}

// apexRecords returns the records of the zone's apex of type typ.
func apexRecords(recs []cpanel.ZoneRecord, zone, typ string) []cpanel.ZoneRecord {
	var out []cpanel.ZoneRecord
	for _, r := range recs {
		if strings.EqualFold(r.Type, typ) && strings.EqualFold(r.FQDN(zone), strings.TrimSuffix(zone, ".")) {
			out = append(out, r)
		}
	}
	return out
}

// mxHost is one MX target and where it was read.
type mxHost struct {
	host, source, shown string
}

// domainMX returns a domain's MX hosts, from its zone when read, else from
// Email::list_mxs.
func domainMX(s *Snapshot, r cpanel.MXRouting) []mxHost {
	var out []mxHost
	if recs, ok := s.Zones[r.Domain]; ok {
		for _, rec := range apexRecords(recs, r.Domain, "MX") {
			if len(rec.Data) < 2 {
				continue
			}
			h := qualifyName(rec.Data[1], r.Domain)
			out = append(out, mxHost{host: h, source: SrcZone, shown: rec.Data[0] + " " + h})
		}
		return out
	}
	for _, en := range r.Entries {
		h := strings.ToLower(strings.TrimSuffix(en.MX, "."))
		if h != "" {
			out = append(out, mxHost{host: h, source: SrcMX, shown: fmt.Sprintf("%d %s", int64(en.Priority), h)})
		}
	}
	if len(out) == 0 && r.MX != "" {
		h := strings.ToLower(strings.TrimSuffix(r.MX, "."))
		out = append(out, mxHost{host: h, source: SrcMX, shown: h})
	}
	return out
}

// mxProvider names the outside mail provider an MX host belongs to, or "".
func mxProvider(host string) string {
	host = strings.ToLower(strings.TrimSuffix(host, "."))
	for _, p := range []struct{ suffix, name string }{
		{"google.com", "Google Workspace"}, {"googlemail.com", "Google Workspace"},
		{"outlook.com", "Microsoft 365"}, {"outlook.cn", "Microsoft 365"},
		{"zoho.com", "Zoho Mail"}, {"zoho.eu", "Zoho Mail"}, {"zoho.in", "Zoho Mail"}, {"zoho.com.au", "Zoho Mail"}, {"zohomail.com", "Zoho Mail"},
		{"messagingengine.com", "Fastmail"}, {"protonmail.ch", "Proton Mail"}, {"icloud.com", "iCloud"},
		{"yahoodns.net", "Yahoo"}, {"mimecast.com", "Mimecast"}, {"pphosted.com", "Proofpoint"},
		{"secureserver.net", "GoDaddy"}, {"emailsrvr.com", "Rackspace"}, {"yandex.net", "Yandex"},
		{"mx.cloudflare.net", "Cloudflare Email Routing"}, {"improvmx.com", "ImprovMX"}, {"qq.com", "Tencent"},
	} {
		if host == p.suffix || strings.HasSuffix(host, "."+p.suffix) {
			return p.name
		}
	}
	return ""
}

// mxIsThisServer reports whether an MX host is this server: the domain
// itself, mail.<domain>, another of the account's domains, the server's
// host name, or a name the zone points at the account's IP.
func mxIsThisServer(s *Snapshot, domain, host string) bool {
	if host == domain || host == "mail."+domain || s.IsLocalDomain(host) || s.IsLocalDomain(strings.TrimPrefix(host, "mail.")) {
		return true
	}
	for _, p := range s.PTR {
		if strings.EqualFold(string(p.HELO), host) {
			return true
		}
		for _, r := range p.PTRRecords {
			if strings.EqualFold(strings.TrimSuffix(r.Domain, "."), host) {
				return true
			}
		}
	}
	if s.UserInfo != nil && s.UserInfo.IP != "" {
		if recs, ok := s.Zones[domain]; ok {
			for _, r := range recs {
				if (r.Type == "A" || r.Type == "AAAA") && strings.EqualFold(r.FQDN(domain), host) && r.Text() == string(s.UserInfo.IP) {
					return true
				}
			}
		}
	}
	return false
}

func routingMismatch(e *Env) []Finding {
	rs := append([]cpanel.MXRouting(nil), e.S.MX...)
	sort.SliceStable(rs, func(i, j int) bool { return rs[i].Domain < rs[j].Domain })
	var out []Finding
	for _, r := range rs {
		d := strings.ToLower(r.Domain)
		check, detected := strings.ToLower(r.MXCheck), strings.ToLower(r.Detected)
		eff := check
		if eff == "auto" || eff == "" {
			eff = detected
		}
		hosts := domainMX(e.S, r)
		ev := []Evidence{{Source: SrcMX, Key: d + " mxcheck", Value: r.MXCheck}, {Source: SrcMX, Key: d + " detected", Value: r.Detected}}
		var shown []string
		for _, h := range hosts {
			ev = append(ev, Evidence{Source: h.source, Key: d + " MX", Value: h.shown})
			shown = append(shown, h.host)
		}
		list := strings.Join(shown, ", ")
		switch eff {
		case "local":
			provider := ""
			for _, h := range hosts {
				if p := mxProvider(h.host); p != "" {
					provider = p
					break
				}
			}
			if provider == "" && detected != "remote" {
				continue
			}
			where := T("another server", "其他伺服器")
			if provider != "" {
				where = T(provider, provider)
			}
			if list == "" {
				list = "?"
			}
			out = append(out, e.Finding("routing-mismatch", Fail, d,
				Tf("%s's MX points to %s, but cPanel delivers its mail locally", "%s 的 MX 指向 %s，但 cPanel 仍在本機投遞其郵件", d, where),
				Tf("The MX of %[1]s is %[2]s (%[3]s), so mail from the outside world goes there. cPanel's email routing for %[1]s is Local, so mail sent from this server (the website's contact form, the account's own mailboxes, other accounts on the server) is delivered into the mailboxes here and never reaches the real mailboxes at %[3]s.",
					"%[1]s 的 MX 是 %[2]s（%[3]s），外部寄來的郵件都會送到那裡。但 cPanel 對 %[1]s 的電子郵件路由設為「本機」，因此從本伺服器寄出的郵件（網站聯絡表單、本帳號的信箱、同伺服器的其他帳號）會投遞到這裡的信箱，永遠到不了 %[3]s 上真正使用的信箱。", d, list, where),
				Tf("If %[1]s's mail is handled by %[2]s, open cPanel » Email Routing, choose %[1]s and select \"Remote Mail Exchanger\". If the mailboxes on this server are the ones in use, point the MX back to this server instead (cPanel » Zone Editor, or at the DNS host).",
					"若 %[1]s 的郵件由 %[2]s 處理，請到 cPanel »「電子郵件路由」選擇 %[1]s，改為「遠端郵件交換器」。若實際使用的是本伺服器上的信箱，則應把 MX 改回指向本伺服器（cPanel »「區域編輯器」，或到 DNS 代管處修改）。", d, where),
				ev...))
		case "remote":
			local := len(hosts) > 0
			for _, h := range hosts {
				if !mxIsThisServer(e.S, d, h.host) {
					local = false
				}
			}
			if !local {
				continue
			}
			out = append(out, e.Finding("routing-mismatch", Fail, d,
				Tf("%s's MX points to this server, but cPanel routes its mail elsewhere", "%s 的 MX 指向本伺服器，但 cPanel 把其郵件路由到別處", d),
				Tf("The MX of %[1]s is %[2]s, which is this server, so mail for %[1]s arrives here. cPanel's email routing for %[1]s is Remote, so this server does not accept that mail for its local mailboxes: it refuses it or tries to pass it on to the MX, which is itself, and the mailboxes here receive nothing.",
					"%[1]s 的 MX 是 %[2]s，也就是本伺服器，因此寄給 %[1]s 的郵件會送到這裡。但 cPanel 對 %[1]s 的電子郵件路由設為「遠端」，本伺服器不會把這些郵件收進本機信箱：不是拒收，就是想轉交給 MX（也就是自己），結果這裡的信箱什麼都收不到。", d, list),
				Tf("Open cPanel » Email Routing, choose %s and select \"Local Mail Exchanger\" (or \"Automatically Detect Configuration\").",
					"到 cPanel »「電子郵件路由」選擇 %s，改為「本機郵件交換器」（或「自動偵測組態」）。", d),
				ev...))
		}
	}
	return out
}

func mxMissing(e *Env) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, d := range e.S.MailDomains {
		d = strings.ToLower(strings.TrimSuffix(d, "."))
		recs, ok := e.S.Zones[d]
		if !ok || seen[d] {
			continue
		}
		seen[d] = true
		if len(apexRecords(recs, d, "MX")) > 0 {
			continue
		}
		var addrs []string
		for _, typ := range []string{"A", "AAAA"} {
			for _, r := range apexRecords(recs, d, typ) {
				addrs = append(addrs, r.Text())
			}
		}
		fallback := T(" There is no A record at the apex either, so senders have nowhere to deliver: they bounce mail for it.", " 網域本身也沒有 A 紀錄，寄件方無處投遞，會直接退信。")
		aValue := "none"
		if len(addrs) > 0 {
			aValue = strings.Join(addrs, ", ")
			fallback = Tf(" The apex has an A record (%s), which senders may use as an implicit MX; not every sender does, and moving the website to another host would then move the mail with it.", " 網域本身有 A 紀錄（%s），寄件方可能把它當成隱含的 MX 使用；但並非所有寄件方都會這樣做，而且一旦網站搬到別的主機，郵件也會跟著被送過去。", aValue)
		}
		auth := T("", "")
		if known, local, _ := authority(e.S, d); known && !local {
			auth = T(" This server's DNS is not authoritative for the domain, so check the MX at the DNS host too.", " 本伺服器的 DNS 並非此網域的權威伺服器，請一併確認 DNS 代管處的 MX 設定。")
		}
		out = append(out, e.Finding("mx-missing", Fail, d,
			Tf("%s has no MX record", "%s 沒有 MX 紀錄", d),
			Tf("The DNS zone of %s has no MX record at the domain itself, so it does not say which server receives its mail.%s%s", "%s 的 DNS 區域在網域本身沒有 MX 紀錄，沒有指明由哪台伺服器收信。%s%s", d, fallback, auth),
			Tf("Add an MX record for %[1]s (priority 0, pointing to mail.%[1]s for this server, or to your mail provider's host): cPanel » Zone Editor » %[1]s » MX Record, or at the DNS host when the domain's DNS is elsewhere.",
				"為 %[1]s 新增 MX 紀錄（優先順序 0，指向 mail.%[1]s 即由本伺服器收信，或指向郵件服務商的主機）：cPanel »「區域編輯器」» %[1]s »「MX 紀錄」；若網域的 DNS 不在本伺服器，請到 DNS 代管處新增。", d),
			Evidence{Source: SrcZone, Key: d + " MX", Value: "none"},
			Evidence{Source: SrcZone, Key: d + " A", Value: aValue}))
	}
	return out
}

// --- SPF, DKIM, DMARC, PTR ---

// authority reports what DNS::has_local_authority said for domain: whether
// it is known, whether this server is authoritative, and the nameservers.
func authority(s *Snapshot, domain string) (known, local bool, ns []string) {
	for _, a := range s.LocalAuthority {
		if strings.EqualFold(strings.TrimSuffix(a.Domain, "."), domain) {
			return true, bool(a.LocalAuthority), a.Nameservers
		}
	}
	return false, false, nil
}

// dnsRemedy says where to fix a record: cPanel's Repair when this server's
// DNS is authoritative, else the DNS host.
func dnsRemedy(s *Snapshot, domain, record string) Text {
	known, local, ns := authority(s, domain)
	switch {
	case known && local:
		return Tf("Open cPanel » Email Deliverability, choose Manage for %[1]s and press Repair for %[2]s; this server's DNS is authoritative, so the fix takes effect once caches expire.",
			"到 cPanel »「電子郵件傳遞能力」，在 %[1]s 按「管理」，再按 %[2]s 的「修復」；本伺服器的 DNS 是權威伺服器，快取過期後即生效。", domain, record)
	case known:
		where := T("", "")
		if len(ns) > 0 {
			where = Tf(" (nameservers %s)", "（名稱伺服器 %s）", strings.Join(ns, ", "))
		}
		return Tf("This server's DNS is not authoritative for %[1]s, so Repair in cPanel would change nothing the world sees: publish the %[2]s record shown above at the domain's DNS host%[3]s.",
			"本伺服器的 DNS 並非 %[1]s 的權威伺服器，在 cPanel 按「修復」不會改變外界看到的紀錄：請到網域的 DNS 代管處%[3]s發布上述 %[2]s 紀錄。", domain, record, where)
	}
	return Tf("If this server hosts the DNS of %[1]s, open cPanel » Email Deliverability, choose Manage for %[1]s and press Repair for %[2]s; otherwise publish the %[2]s record shown above at the domain's DNS host.",
		"若 %[1]s 的 DNS 由本伺服器代管，請到 cPanel »「電子郵件傳遞能力」，在 %[1]s 按「管理」，再按 %[2]s 的「修復」；否則請到網域的 DNS 代管處發布上述 %[2]s 紀錄。", domain, record)
}

// spfSuggestion turns cPanel's expected SPF fragment into a full record.
func spfSuggestion(expected string) string {
	expected = strings.TrimSpace(expected)
	if strings.HasPrefix(strings.ToLower(expected), "v=spf1") || expected == "" {
		return expected
	}
	return "v=spf1 +a +mx " + expected + " ~all"
}

func spfRule(id string) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		sts := append([]cpanel.SPFStatus(nil), e.S.SPF...)
		sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
		var out []Finding
		for _, st := range sts {
			d := strings.ToLower(st.Domain)
			state := st.NormalState()
			expected := string(st.Expected)
			ev := []Evidence{{Source: SrcSPF, Key: d + " state", Value: state}}
			if raw := strings.ToUpper(strings.TrimSpace(st.State)); raw != state {
				ev[0].Value = st.State + " (read as " + state + ")"
			}
			if expected != "" {
				ev = append(ev, Evidence{Source: SrcSPF, Key: d + " expected", Value: expected})
			}
			permerror := false
			for _, r := range st.Records {
				ev = append(ev, Evidence{Source: SrcSPF, Key: d + " record (" + r.State + ")", Value: r.Current})
				if strings.EqualFold(r.State, "PERMERROR") {
					permerror = true
				}
			}
			if st.Error != "" {
				ev = append(ev, Evidence{Source: SrcSPF, Key: d + " error", Value: oneLine(string(st.Error), 300)})
			}
			full := spfSuggestion(expected)
			switch {
			case id == "spf-missing" && state == "MISSING":
				out = append(out, e.Finding(id, Fail, d,
					Tf("%s publishes no SPF record", "%s 沒有發布 SPF 紀錄", d),
					Tf("No TXT record starting with v=spf1 exists for %s. Gmail, Outlook and Yahoo treat unauthenticated mail as suspect and often refuse it (550 5.7.26). The record should be: %s", "%s 沒有任何以 v=spf1 開頭的 TXT 紀錄。Gmail、Outlook、Yahoo 會把未經驗證的郵件視為可疑，常直接拒收（550 5.7.26）。應發布的紀錄為：%s", d, full),
					dnsRemedy(e.S, d, "SPF"), ev...))
			case id == "spf-invalid" && (state == "MISMATCHED" || state == "MULTIPLE" || state == "ERROR"):
				sev := Warn
				var detail Text
				switch state {
				case "MULTIPLE":
					sev = Fail
					detail = Tf("%s has more than one v=spf1 TXT record. SPF then fails with a permanent error (PERMERROR) at every receiver, as if there were none. Merge them into a single v=spf1 record that names every service sending for the domain and includes %s for this server.", "%s 有不只一筆 v=spf1 TXT 紀錄。這會讓所有收件伺服器的 SPF 檢查都出現永久錯誤（PERMERROR），等同沒有 SPF。請合併為單一 v=spf1 紀錄，列出所有替此網域寄信的服務，並包含本伺服器的 %s。", d, orNone(expected))
				case "MISMATCHED":
					detail = Tf("The SPF record of %s does not authorise this server's IP (%s), so mail sent from here fails SPF and is junked or refused. cPanel expects it to include %s.", "%s 的 SPF 紀錄沒有授權本伺服器的 IP（%s），從這裡寄出的郵件 SPF 驗證失敗，會被歸入垃圾郵件或拒收。cPanel 建議加入 %s。", d, string(st.IPAddress), expected)
					if permerror {
						sev = Fail
						detail = Tf("The SPF record of %s is broken (PERMERROR: a syntax error or too many DNS lookups), so receivers treat it as missing. cPanel expects it to include %s.", "%s 的 SPF 紀錄有錯（PERMERROR：語法錯誤或 DNS 查詢次數過多），收件伺服器會當作沒有 SPF。cPanel 建議加入 %s。", d, expected)
					}
				case "ERROR":
					detail = Tf("cPanel could not look up the SPF record of %s (%s). If the lookup fails for receivers too, they may defer or refuse mail from it.", "cPanel 查詢 %s 的 SPF 紀錄時失敗（%s）。若收件伺服器查詢也失敗，可能延遲或拒收其郵件。", d, oneLine(string(st.Error), 200))
				}
				remedy := dnsRemedy(e.S, d, "SPF")
				if state == "ERROR" {
					remedy = Tf("Check that the nameservers of %s answer (cPanel » Zone Editor, or the DNS host), then run cpmail again.", "請確認 %s 的名稱伺服器能正常回應（cPanel »「區域編輯器」或 DNS 代管處），然後再執行一次 cpmail。", d)
				}
				out = append(out, e.Finding(id, sev, d,
					Tf("The SPF record of %s is %s", "%s 的 SPF 紀錄狀態為 %s", d, state),
					detail, remedy, ev...))
			}
		}
		return out
	}
}

func dkimRule(id string) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		sts := append([]cpanel.DKIMStatus(nil), e.S.DKIM...)
		sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
		var out []Finding
		for _, st := range sts {
			name := strings.ToLower(strings.TrimSuffix(st.Domain, "."))
			d := strings.TrimPrefix(name, "default._domainkey.")
			state := strings.ToUpper(st.State)
			ev := []Evidence{{Source: SrcDKIM, Key: name + " state", Value: state}}
			if st.Expected != "" {
				ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " expected", Value: string(st.Expected)})
			}
			for _, r := range st.Records {
				ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " record (" + r.State + ")", Value: r.Current})
			}
			if st.Error != "" {
				ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " error", Value: oneLine(string(st.Error), 300)})
			}
			publish := Tf(" Publish a TXT record named default._domainkey.%s with the value cPanel expects (%s).", " 請發布名為 default._domainkey.%s 的 TXT 紀錄，內容為 cPanel 預期的值（%s）。", d, oneLine(string(st.Expected), 60))
			if st.Expected == "" {
				publish = T("", "")
			}
			switch {
			case id == "dkim-missing" && (state == "MISSING" || state == "NOPUB"):
				detail := Tf("No DKIM record is published at default._domainkey.%s, so mail from %s is not signed in a way receivers can check; Gmail and Yahoo require SPF or DKIM and junk or refuse mail without them.%s",
					"default._domainkey.%s 沒有發布 DKIM 紀錄，收件伺服器無法驗證 %s 寄出郵件的簽章；Gmail 與 Yahoo 要求 SPF 或 DKIM，缺少時會歸入垃圾郵件或拒收。%s", d, d, publish)
				remedy := dnsRemedy(e.S, d, "DKIM")
				if state == "NOPUB" {
					detail = Tf("This server holds no DKIM key for %s, so its mail is sent unsigned; Gmail and Yahoo require SPF or DKIM and junk or refuse mail without them.", "本伺服器上沒有 %s 的 DKIM 金鑰，郵件寄出時不會簽章；Gmail 與 Yahoo 要求 SPF 或 DKIM，缺少時會歸入垃圾郵件或拒收。", d)
					remedy = Tf("Open cPanel » Email Deliverability, choose Manage for %s and press Repair for DKIM, which creates a key; if DKIM is turned off for the account, ask the host to enable it. Then publish the record it shows.", "到 cPanel »「電子郵件傳遞能力」，在 %s 按「管理」，再按 DKIM 的「修復」以產生金鑰；若帳號停用了 DKIM，請主機商開啟。之後發布畫面上顯示的紀錄。", d)
				}
				out = append(out, e.Finding(id, Fail, d,
					Tf("%s has no DKIM key (%s)", "%s 沒有 DKIM 金鑰（%s）", d, state),
					detail, remedy, ev...))
			case id == "dkim-invalid" && (state == "MALFORMED" || state == "MISMATCH" || state == "MULTIPLE" || state == "ERROR"):
				sev := Fail
				var detail Text
				remedy := dnsRemedy(e.S, d, "DKIM")
				switch state {
				case "MALFORMED":
					detail = Tf("The DKIM record at default._domainkey.%s is malformed, so receivers cannot use it and the signature of every message fails.%s", "default._domainkey.%s 的 DKIM 紀錄格式有誤，收件伺服器無法使用，每封郵件的簽章驗證都會失敗。%s", d, publish)
				case "MISMATCH":
					detail = Tf("The DKIM record at default._domainkey.%s holds a different public key from the one this server signs with (often left over from a previous host), so every signature fails.%s", "default._domainkey.%s 的 DKIM 紀錄與本伺服器簽章用的公鑰不同（常是舊主機留下的），每封郵件的簽章驗證都會失敗。%s", d, publish)
				case "MULTIPLE":
					detail = Tf("There are several DKIM records at default._domainkey.%s; receivers cannot tell which to use and the check fails. Keep only one.%s", "default._domainkey.%s 有多筆 DKIM 紀錄，收件伺服器無法判斷該用哪一筆，驗證會失敗。請只保留一筆。%s", d, publish)
				case "ERROR":
					sev = Warn
					detail = Tf("cPanel could not look up the DKIM record of %s (%s).", "cPanel 查詢 %s 的 DKIM 紀錄時失敗（%s）。", d, oneLine(string(st.Error), 200))
					remedy = Tf("Check that the nameservers of %s answer (cPanel » Zone Editor, or the DNS host), then run cpmail again.", "請確認 %s 的名稱伺服器能正常回應（cPanel »「區域編輯器」或 DNS 代管處），然後再執行一次 cpmail。", d)
				}
				out = append(out, e.Finding(id, sev, d,
					Tf("The DKIM record of %s is %s", "%s 的 DKIM 紀錄狀態為 %s", d, state),
					detail, remedy, ev...))
			}
		}
		return out
	}
}

func dmarcMissing(e *Env) []Finding {
	sts := append([]cpanel.DMARCStatus(nil), e.S.DMARC...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	var out []Finding
	for _, st := range sts {
		if !strings.EqualFold(st.State, "MISSING") {
			continue
		}
		d := strings.ToLower(st.Domain)
		suggested := string(st.Suggested)
		if suggested == "" {
			suggested = "v=DMARC1; p=none;"
		}
		out = append(out, e.Finding("dmarc-missing", Warn, d,
			Tf("%s publishes no DMARC record", "%s 沒有發布 DMARC 紀錄", d),
			Tf("There is no TXT record at _dmarc.%s. Gmail and Yahoo expect one from domains that send in volume, and without it anyone can send mail in the domain's name with no policy to stop them.", "_dmarc.%s 沒有 TXT 紀錄。Gmail 與 Yahoo 要求大量寄信的網域發布 DMARC，缺少時任何人都能冒用此網域寄信，也沒有政策可以阻擋。", d),
			Tf("Publish a TXT record named _dmarc.%[1]s (value: %[2]s). When this server hosts the DNS, use cPanel » Email Deliverability » Manage for %[1]s (Repair for DMARC where offered) or cPanel » Zone Editor; otherwise add it at the DNS host.",
				"發布名為 _dmarc.%[1]s 的 TXT 紀錄（內容：%[2]s）。若本伺服器代管 DNS，可到 cPanel »「電子郵件傳遞能力」在 %[1]s 按「管理」（有 DMARC 的「修復」時直接使用），或到 cPanel »「區域編輯器」新增；否則請到 DNS 代管處新增。", d, suggested),
			Evidence{Source: SrcDMARC, Key: d + " state", Value: "MISSING"},
			Evidence{Source: SrcDMARC, Key: d + " suggested", Value: suggested}))
	}
	return out
}

func ptrInvalid(e *Env) []Finding {
	type group struct {
		st      cpanel.PTRStatus
		domains []string
	}
	var groups []*group
	byKey := map[string]*group{}
	sts := append([]cpanel.PTRStatus(nil), e.S.PTR...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	for _, st := range sts {
		state := strings.ToUpper(st.State)
		if state != "MISSING_PTR" && state != "PTR_MISMATCH" && state != "ERROR" {
			continue
		}
		key := string(st.IPAddress) + "|" + state
		if string(st.IPAddress) == "" {
			key += "|" + st.Domain
		}
		g := byKey[key]
		if g == nil {
			g = &group{st: st}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.domains = append(g.domains, strings.ToLower(st.Domain))
	}
	var out []Finding
	for _, g := range groups {
		st := g.st
		d := g.domains[0]
		state := strings.ToUpper(st.State)
		ip := string(st.IPAddress)
		helo := string(st.HELO)
		ev := []Evidence{
			{Source: SrcPTR, Key: d + " state", Value: state},
			{Source: SrcPTR, Key: d + " ip_address", Value: ip},
			{Source: SrcPTR, Key: d + " helo", Value: helo},
		}
		var namesEn, namesZh []string
		for _, r := range st.PTRRecords {
			fwd := strings.Join(r.ForwardRecords, ", ")
			ev = append(ev, Evidence{Source: SrcPTR, Key: fmt.Sprintf("%s PTR %s (%s)", ip, r.Domain, r.State), Value: "forward: " + orNone(fwd)})
			if fwd == "" {
				namesEn = append(namesEn, r.Domain+" (which has no A record)")
				namesZh = append(namesZh, r.Domain+"（該名稱沒有 A 紀錄）")
			} else {
				namesEn = append(namesEn, r.Domain+" (which resolves to "+fwd+")")
				namesZh = append(namesZh, r.Domain+"（解析為 "+fwd+"）")
			}
		}
		names := T(strings.Join(namesEn, "; "), strings.Join(namesZh, "；"))
		if st.Error != "" {
			ev = append(ev, Evidence{Source: SrcPTR, Key: d + " error", Value: oneLine(string(st.Error), 300)})
		}
		also := T("", "")
		if len(g.domains) > 1 {
			also = Tf(" The same IP sends for %s.", " 同一個 IP 也替 %s 寄信。", strings.Join(g.domains[1:], ", "))
		}
		sev := Fail
		var detail Text
		switch state {
		case "MISSING_PTR":
			detail = Tf("The IP %s that %s sends from has no reverse DNS (PTR) record%s. Many receivers, Gmail and Outlook among them, refuse or junk mail from an IP without one.%s",
				"%[2]s 寄信用的 IP %[1]s 沒有反向 DNS（PTR）紀錄%[3]s。包括 Gmail、Outlook 在內的許多收件伺服器會拒收或把來自沒有 PTR 的 IP 的郵件歸入垃圾郵件。%[4]s", ip, d, arpaText(string(st.ArpaDomain)), also)
		case "PTR_MISMATCH":
			detail = Tf("The reverse DNS of %[1]s (the IP %[2]s sends from) points to %[3]s, but that name does not resolve back to %[1]s. Receivers check that the two agree and distrust mail when they do not.%[4]s",
				"%[2]s 寄信用的 IP %[1]s，其反向 DNS 指向 %[3]s，但該名稱並未解析回 %[1]s。收件伺服器會檢查兩者是否一致，不一致時會不信任該郵件。%[4]s", ip, d, names, also)
		case "ERROR":
			sev = Warn
			detail = Tf("cPanel could not check the reverse DNS of the IP %s sends from (%s).%s", "cPanel 無法檢查 %s 寄信 IP 的反向 DNS（%s）。%s", d, oneLine(string(st.Error), 200), also)
		}
		if helo == "" {
			helo = "?"
		}
		out = append(out, e.Finding("ptr-invalid", sev, d,
			Tf("The sending IP %s has no valid reverse DNS", "寄信 IP %s 沒有有效的反向 DNS", ip),
			detail,
			Tf("Reverse DNS cannot be set in cPanel: ask whoever owns the IP %[1]s (your host or its data centre) to set its PTR record to %[2]s, the name the server greets with (HELO), and make sure %[2]s has an A record pointing back to %[1]s.",
				"反向 DNS 無法在 cPanel 中設定：請 IP %[1]s 的擁有者（主機商或其機房）把 PTR 紀錄設為 %[2]s（伺服器 HELO 時使用的名稱），並確認 %[2]s 有指回 %[1]s 的 A 紀錄。", ip, helo),
			ev...))
	}
	return out
}

// orNone returns s, or "none" when it is empty.
func orNone(s string) string {
	if s == "" {
		return "none"
	}
	return s
}

// arpaText shows the reverse lookup name, when known.
func arpaText(arpa string) Text {
	if arpa == "" {
		return T("", "")
	}
	return Tf(" (%s)", "（%s）", arpa)
}
