package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// Rules about where mail for the domains goes: cPanel's email routing
// against the MX records.

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
			out = append(out, e.Finding(d,
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
			out = append(out, e.Finding(d,
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
		out = append(out, e.Finding(d,
			Tf("%s has no MX record", "%s 沒有 MX 紀錄", d),
			Tf("The DNS zone of %s has no MX record at the domain itself, so it does not say which server receives its mail.%s%s", "%s 的 DNS 區域在網域本身沒有 MX 紀錄，沒有指明由哪台伺服器收信。%s%s", d, fallback, auth),
			Tf("Add an MX record for %[1]s (priority 0, pointing to mail.%[1]s for this server, or to your mail provider's host): cPanel » Zone Editor » %[1]s » MX Record, or at the DNS host when the domain's DNS is elsewhere.",
				"為 %[1]s 新增 MX 紀錄（優先順序 0，指向 mail.%[1]s 即由本伺服器收信，或指向郵件服務商的主機）：cPanel »「區域編輯器」» %[1]s »「MX 紀錄」；若網域的 DNS 不在本伺服器，請到 DNS 代管處新增。", d),
			Evidence{Source: SrcZone, Key: d + " MX", Value: "none"},
			Evidence{Source: SrcZone, Key: d + " A", Value: aValue}))
	}
	return out
}
