package cpaneltest

import (
	"encoding/base64"
	"hash/fnv"
	"math/rand/v2"
	"net/url"
	"strings"
)

// authFor returns the scenario's EmailAuth entry for domain (zero when
// none: every check VALID).
func (sc *Scenario) authFor(domain string) EmailAuth {
	for d, v := range sc.EmailAuth {
		if strings.EqualFold(d, domain) {
			return v
		}
	}
	return EmailAuth{}
}

// validateEach runs row for each domain named by domain, domain-N or a
// repeated domain. Without one it is an error when required, else every
// domain of the account.
func (h *Handler) validateEach(p url.Values, required bool, row func(string) map[string]any) result {
	domains := multi(p, "domain")
	if len(domains) == 0 {
		if required {
			return missing("domain")
		}
		domains = h.sc.domains()
	}
	rows := []any{}
	for _, d := range domains {
		d = strings.ToLower(d)
		if !h.sc.isDomain(d) {
			return fail("You do not own a domain named “%s”.", d)
		}
		rows = append(rows, row(d))
	}
	return ok(rows)
}

// validateSPFs serves EmailAuth::validate_current_spfs.
func (h *Handler) validateSPFs(p url.Values) result {
	return h.validateEach(p, true, h.spfRow)
}

func authRecords(recs []AuthRecord) []any {
	out := []any{}
	for _, r := range recs {
		m := map[string]any{"current": r.Current, "state": r.State}
		if r.Reason != "" {
			m["reason"] = r.Reason
		}
		out = append(out, m)
	}
	return out
}

func (h *Handler) spfRow(d string) map[string]any {
	ip := h.sc.Account.IP
	s := h.sc.authFor(d).SPF
	if s == nil {
		s = &SPFState{State: "VALID", Records: []AuthRecord{{Current: "v=spf1 +a +mx +ip4:" + ip + " ~all", State: "PASS"}}}
	}
	row := map[string]any{
		"domain":     d,
		"state":      s.State,
		"expected":   s.Expected,
		"ip_address": ip,
		"ip_version": 4,
		"records":    authRecords(s.Records),
	}
	if s.Expected == "" {
		row["expected"] = "+ip4:" + ip
	}
	if s.State == "ERROR" {
		row["error"] = orDefault(s.Error, "(XID 7kq2mf) DNS returned SERVFAIL (code 2)\nin response to the system’s query for "+d+"\nTXT records.")
	}
	return row
}

// dkimKey returns a made-up but well-formed DKIM public key record for a
// domain, the same every time.
func dkimKey(domain string) string {
	h := fnv.New64a()
	h.Write([]byte(domain))
	rng := rand.New(rand.NewPCG(h.Sum64(), 0x6b6579))
	key := make([]byte, 270)
	for i := range key {
		key[i] = byte(rng.UintN(256))
	}
	return "v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA" + base64.StdEncoding.EncodeToString(key) + "IDAQAB"
}

func (h *Handler) dkimRow(d string) map[string]any {
	s := h.sc.authFor(d).DKIM
	if s == nil {
		s = &DKIMState{State: "VALID"}
	}
	expected := orDefault(s.Expected, dkimKey(d))
	records := s.Records
	if records == nil && s.State == "VALID" {
		records = []AuthRecord{{Current: expected, State: "VALID"}}
	}
	cache := map[string]string{"VALID": "valid", "ERROR": "error"}[s.State]
	row := map[string]any{
		"domain":                "default._domainkey." + d,
		"state":                 s.State,
		"expected":              expected,
		"records":               authRecords(records),
		"validity_cache_update": orDefault(cache, "invalid"),
	}
	if s.State == "ERROR" {
		row["error"] = orDefault(s.Error, "(XID 4krw35) DNS returned SERVFAIL (code 2)\nin response to the system’s query for default._domainkey."+d+"\nTXT records.")
	}
	return row
}

func (h *Handler) dmarcRow(d string) map[string]any {
	s := h.sc.authFor(d).DMARC
	if s == nil {
		s = &DMARCState{State: "VALID", Record: "v=DMARC1; p=none;"}
	}
	row := map[string]any{
		"domain":    d,
		"state":     s.State,
		"subdomain": "_dmarc." + d,
		"suggested": orDefault(s.Suggested, "v=DMARC1; p=none;"),
	}
	if s.Record != "" {
		row["record"] = s.Record
	}
	if s.Error != "" || s.State == "DNS_ERROR" {
		row["error"] = orDefault(s.Error, "(XID 9tz1cx) DNS returned SERVFAIL (code 2)\nin response to the system’s query for _dmarc."+d+"\nTXT records.")
	}
	return row
}

func (h *Handler) ptrRow(d string) map[string]any {
	a := h.sc.Account
	s := h.sc.authFor(d).PTR
	if s == nil {
		s = &PTRState{State: "VALID"}
	}
	host := orDefault(a.Hostname, "server."+strings.ToLower(a.MainDomain))
	recs := s.PTRRecords
	if recs == nil && oneOf(s.State, "VALID", "PTR_MISMATCH") {
		state, fwd := "VALID", a.IP
		if s.State == "PTR_MISMATCH" {
			// As cPanel reports it: the name the PTR gives resolves to
			// another address, not back to the IP.
			state, fwd = "FWD_MISMATCH", otherIP(a.IP)
		}
		recs = []PTRRecord{{Domain: host, ForwardRecords: []string{fwd}, State: state}}
	}
	ptrs := []any{}
	for _, r := range recs {
		fwd := append([]string{}, r.ForwardRecords...)
		ptrs = append(ptrs, map[string]any{"domain": r.Domain, "forward_records": fwd, "state": r.State})
	}
	row := map[string]any{
		"domain":      d,
		"state":       s.State,
		"helo":        host,
		"ip_address":  a.IP,
		"ip_version":  4,
		"arpa_domain": arpa(a.IP),
		"nameservers": append([]string{}, a.Nameservers...),
		"ptr_records": ptrs,
	}
	if s.State == "ERROR" {
		row["error"] = orDefault(s.Error, "(XID 2hx8rd) DNS query ("+arpa(a.IP)+"/PTR) timeout!")
	}
	return row
}

// arpa returns the in-addr.arpa name of an IPv4 address.
func arpa(ip string) string {
	parts := strings.Split(ip, ".")
	for i, j := 0, len(parts)-1; i < j; i, j = i+1, j-1 {
		parts[i], parts[j] = parts[j], parts[i]
	}
	return strings.Join(parts, ".") + ".in-addr.arpa"
}

func orDefault(s, def string) string {
	if s == "" {
		return def
	}
	return s
}

// otherIP is a documentation address that is not ip.
func otherIP(ip string) string {
	if ip == "192.0.2.250" {
		return "192.0.2.251"
	}
	return "192.0.2.250"
}
