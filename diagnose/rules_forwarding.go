package diagnose

import (
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

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
		named := verbatim(to)
		if p := providerName(dom); p != "" {
			named = msg.New(".named-provider", "Address", to, "Provider", p)
		}
		problems := e.Problems(func(d Delivery) bool { return strings.EqualFold(string(d.Record.Recipient), to) })
		sev := Info
		seen := msg.Text{}
		if len(problems) > 0 {
			sev = Fail
			seen = msg.New(".seen", "Count", records(problems), "To", to)
		}
		ev := []Evidence{{Source: SrcForwarders, Key: fw.Dest, Value: to}}
		ev = append(ev, deliveryEvidence(problems, 3)...)
		f := e.FindingAt(sev, fw.Dest,
			msg.New(".title", "Destination", fw.Dest, "Named", named),
			msg.New(".detail", "Seen", seen),
			msg.New(".remedy", "Destination", fw.Dest),
			ev...)
		f.Count = records(problems)
		out = append(out, f)
	}
	return out
}
