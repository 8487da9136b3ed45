package cpanel

import (
	"context"
	"encoding/base64"
	"net/url"
	"strconv"
	"strings"
)

// DNSService reads UAPI's DNS module.
type DNSService service

// ZoneRecord is one resource record of a zone as cPanel holds it, with the
// base64 fields of DNS::parse_zone decoded.
type ZoneRecord struct {
	// Name is the owner name as written in the zone: relative ("mail") or
	// absolute ("mail.example.com.").
	Name string `json:"name"`
	TTL  int    `json:"ttl"`
	Type string `json:"type"`
	// Data holds one element per RDATA field; for TXT, one per
	// character-string (join them for the full text).
	Data      []string `json:"data"`
	LineIndex int      `json:"line_index"`
}

// FQDN returns the owner name as an absolute name without the trailing dot.
func (r ZoneRecord) FQDN(zone string) string {
	n := r.Name
	switch {
	case n == "@" || n == "":
		return strings.TrimSuffix(zone, ".")
	case strings.HasSuffix(n, "."):
		return strings.TrimSuffix(n, ".")
	default:
		return n + "." + strings.TrimSuffix(zone, ".")
	}
}

// Text returns a TXT record's character-strings joined, or the fields
// joined by spaces for other types.
func (r ZoneRecord) Text() string {
	if strings.EqualFold(r.Type, "TXT") || strings.EqualFold(r.Type, "SPF") {
		return strings.Join(r.Data, "")
	}
	return strings.Join(r.Data, " ")
}

type rawZoneItem struct {
	Type       String   `json:"type"`
	LineIndex  Int      `json:"line_index"`
	DNameB64   string   `json:"dname_b64"`
	TTL        Int      `json:"ttl"`
	RecordType string   `json:"record_type"`
	DataB64    []string `json:"data_b64"`
}

// ParseZone returns the resource records of one of the account's zones.
// Control lines and comments are skipped. Decoded bytes that are not UTF-8
// are kept as they are.
//
// UAPI: DNS::parse_zone
func (s *DNSService) ParseZone(ctx context.Context, zone string) ([]ZoneRecord, *Response, error) {
	var items []rawZoneItem
	resp, err := s.client.UAPI(ctx, "DNS", "parse_zone", url.Values{"zone": {zone}}, &items)
	if err != nil {
		return nil, resp, err
	}
	out := make([]ZoneRecord, 0, len(items))
	for _, it := range items {
		if it.RecordType == "" || (it.Type != "" && it.Type != "record") {
			continue
		}
		rec := ZoneRecord{Name: b64(it.DNameB64), TTL: int(it.TTL), Type: strings.ToUpper(it.RecordType), LineIndex: int(it.LineIndex)}
		for _, d := range it.DataB64 {
			rec.Data = append(rec.Data, b64(d))
		}
		out = append(out, rec)
	}
	return out, resp, nil
}

// b64 decodes standard base64, falling back to the raw text when a server
// sends it undecoded.
func b64(s string) string {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		return s
	}
	return string(b)
}

// LocalAuthority says whether this server is authoritative for a domain.
type LocalAuthority struct {
	Domain         string   `json:"domain"`
	LocalAuthority Bool     `json:"local_authority"`
	Nameservers    []string `json:"nameservers"`
	Zone           String   `json:"zone"`
	Error          String   `json:"error"`
}

// HasLocalAuthority checks whether the server's DNS is authoritative for
// each domain.
//
// UAPI: DNS::has_local_authority
func (s *DNSService) HasLocalAuthority(ctx context.Context, domains ...string) ([]LocalAuthority, *Response, error) {
	var out []LocalAuthority
	resp, err := s.client.UAPI(ctx, "DNS", "has_local_authority", domainParams(domains), &out)
	return out, resp, err
}

// domainParams encodes several domains as domain, domain-1, domain-2, ….
func domainParams(domains []string) url.Values {
	p := url.Values{}
	for i, d := range domains {
		if i == 0 {
			p.Set("domain", d)
		} else {
			p.Set("domain-"+strconv.Itoa(i), d)
		}
	}
	return p
}
