package cpaneltest

import (
	"net/url"
	"strings"
)

// zoneText returns the scenario's zone called name.
func (sc *Scenario) zoneText(name string) (string, bool) {
	for z, text := range sc.Zones {
		if strings.EqualFold(z, name) {
			return string(text), true
		}
	}
	return "", false
}

// parseZone serves DNS::parse_zone.
func (h *Handler) parseZone(p url.Values) result {
	zone := strings.ToLower(strings.TrimSuffix(strings.TrimSpace(p.Get("zone")), "."))
	if zone == "" {
		return missing("zone")
	}
	text, found := h.sc.zoneText(zone)
	if !found {
		return fail("You do not control a DNS zone named “%s”.", zone)
	}
	items, err := parseZone(text, zone)
	if err != nil { // Validate parsed it already
		return fail("The zone “%s” could not be parsed: %v", zone, err)
	}
	out := make([]any, len(items))
	for i, it := range items {
		out[i] = it.json()
	}
	return listed(out)
}

// zoneFor returns the scenario zone that holds domain, or "".
func (sc *Scenario) zoneFor(domain string) string {
	for d := strings.ToLower(domain); strings.Contains(d, "."); {
		if _, found := sc.zoneText(d); found {
			return d
		}
		_, d, _ = strings.Cut(d, ".")
	}
	return ""
}

// hasLocalAuthority serves DNS::has_local_authority.
func (h *Handler) hasLocalAuthority(p url.Values) result {
	domains := multi(p, "domain")
	if len(domains) == 0 {
		return missing("domain")
	}
	rows := []any{}
	for _, d := range domains {
		d = strings.ToLower(d)
		zone := h.sc.zoneFor(d)
		auth, set := Authority{}, false
		for k, v := range h.sc.DNSAuthority {
			if strings.EqualFold(k, d) {
				auth, set = v, true
			}
		}
		if !set {
			auth.LocalAuthority = zone != ""
		}
		ns := auth.Nameservers
		if len(ns) == 0 && auth.LocalAuthority {
			ns = h.sc.Account.Nameservers
		}
		row := map[string]any{"domain": d, "local_authority": 0, "nameservers": append([]string{}, ns...), "zone": nil}
		if auth.LocalAuthority {
			row["local_authority"] = 1
		}
		if zone != "" {
			row["zone"] = zone
		}
		if auth.Error != "" {
			row["error"] = auth.Error
		}
		rows = append(rows, row)
	}
	return listed(rows)
}
