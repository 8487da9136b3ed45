package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

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
			where := msg.New(".where")
			if provider != "" {
				where = verbatim(provider)
			}
			if list == "" {
				list = "?"
			}
			out = append(out, e.Finding(d,
				msg.New(".title", "Domain", d, "Where", where),
				msg.New(".detail", "Domain", d, "List", list, "Where", where),
				msg.New(".remedy", "Domain", d, "Where", where),
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
				msg.New(".title.mx-points-this", "Domain", d),
				msg.New(".detail.mx-1-2", "Domain", d, "List", list),
				msg.New(".remedy.open-cpanel-email", "Domain", d),
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
		fallback := msg.New(".fallback")
		aValue := "none"
		if len(addrs) > 0 {
			aValue = strings.Join(addrs, ", ")
			fallback = msg.New(".fallback.apex-has-record", "ARecord", aValue)
		}
		auth := msg.Text{}
		if known, local, _ := authority(e.S, d); known && !local {
			auth = msg.New(".auth")
		}
		out = append(out, e.Finding(d,
			msg.New(".title", "Domain", d),
			msg.New(".detail", "Domain", d, "Fallback", fallback, "Auth", auth),
			msg.New(".remedy", "Domain", d),
			Evidence{Source: SrcZone, Key: d + " MX", Value: "none"},
			Evidence{Source: SrcZone, Key: d + " A", Value: aValue}))
	}
	return out
}
