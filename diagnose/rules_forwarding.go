package diagnose

import (
	"sort"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// Rules about mail forwarded on to outside addresses.

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
		f := e.FindingAt(sev, fw.Dest,
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
