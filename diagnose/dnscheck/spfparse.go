package dnscheck

import (
	"errors"
	"fmt"
	"net/netip"
	"strconv"
	"strings"
)

// SPFTerm is one directive or modifier of an SPF record.
type SPFTerm struct {
	// Raw is the term as written.
	Raw string `json:"raw"`
	// Qualifier is "+", "-", "~" or "?" for mechanisms ("+" when omitted),
	// empty for modifiers.
	Qualifier string `json:"qualifier,omitempty"`
	// Name is the lower-case mechanism or modifier name ("include",
	// "ip4", "redirect", ...).
	Name string `json:"name"`
	// Modifier is true for name=value terms.
	Modifier bool `json:"modifier,omitempty"`
	// Value is the domain-spec, network or modifier value; empty when the
	// term has none (a, mx and ptr then mean the current domain).
	Value string `json:"value,omitempty"`
	// CIDR4 and CIDR6 are the prefix lengths of a, mx, ip4 and ip6 terms;
	// -1 when not given.
	CIDR4 int `json:"cidr4"`
	CIDR6 int `json:"cidr6"`
}

// CountsLookup reports whether the term costs one of the 10 DNS lookups
// RFC 7208 §4.6.4 allows.
func (t SPFTerm) CountsLookup() bool {
	switch t.Name {
	case "include", "a", "mx", "ptr", "exists":
		return !t.Modifier
	case "redirect":
		return t.Modifier
	}
	return false
}

// SPFRecord is a parsed SPF record ("v=spf1 ...").
type SPFRecord struct {
	Terms []SPFTerm `json:"terms"`
}

// String returns the record in canonical spacing.
func (r SPFRecord) String() string {
	var b strings.Builder
	b.WriteString("v=spf1")
	for _, t := range r.Terms {
		b.WriteByte(' ')
		b.WriteString(t.Raw)
	}
	return b.String()
}

// Modifier returns the value of the named modifier ("redirect", "exp").
func (r SPFRecord) Modifier(name string) (string, bool) {
	for _, t := range r.Terms {
		if t.Modifier && t.Name == name {
			return t.Value, true
		}
	}
	return "", false
}

// All returns the "all" term, if any.
func (r SPFRecord) All() (SPFTerm, bool) {
	for _, t := range r.Terms {
		if !t.Modifier && t.Name == "all" {
			return t, true
		}
	}
	return SPFTerm{}, false
}

// IsSPF reports whether a TXT record is an SPF version 1 record (RFC 7208
// §4.5: "v=spf1" alone or followed by a space, case-insensitively).
func IsSPF(txt string) bool {
	if len(txt) < 6 || !strings.EqualFold(txt[:6], "v=spf1") {
		return false
	}
	return len(txt) == 6 || txt[6] == ' '
}

// ParseSPF parses an SPF record. The error names the first term that is
// not valid RFC 7208 syntax; receivers treat such a record as permerror.
func ParseSPF(txt string) (SPFRecord, error) {
	var rec SPFRecord
	if !IsSPF(txt) {
		return rec, errors.New(`record does not start with "v=spf1 "`)
	}
	seen := map[string]bool{}
	for _, raw := range strings.Split(txt[6:], " ") {
		if raw == "" {
			continue
		}
		t, err := parseSPFTerm(raw)
		if err != nil {
			return SPFRecord{}, fmt.Errorf("term %q: %w", raw, err)
		}
		if t.Modifier && (t.Name == "redirect" || t.Name == "exp") {
			if seen[t.Name] {
				return SPFRecord{}, fmt.Errorf("modifier %q appears more than once", t.Name)
			}
			seen[t.Name] = true
		}
		rec.Terms = append(rec.Terms, t)
	}
	return rec, nil
}

func parseSPFTerm(raw string) (SPFTerm, error) {
	t := SPFTerm{Raw: raw, CIDR4: -1, CIDR6: -1}
	for _, c := range []byte(raw) {
		if c < 0x21 || c > 0x7e {
			return t, errors.New("contains a character that is not printable ASCII")
		}
	}
	eq := strings.IndexByte(raw, '=')
	sep := strings.IndexAny(raw, ":/")
	if eq > 0 && (sep < 0 || eq < sep) {
		name := strings.ToLower(raw[:eq])
		if !validModifierName(name) {
			return t, errors.New("invalid modifier name")
		}
		t.Modifier = true
		t.Name = name
		t.Value = raw[eq+1:]
		switch name {
		case "redirect", "exp":
			return t, validDomainSpec(t.Value)
		}
		return t, validMacroString(t.Value)
	}
	rest := raw
	t.Qualifier = "+"
	if strings.ContainsRune("+-~?", rune(rest[0])) {
		t.Qualifier = rest[:1]
		rest = rest[1:]
	}
	nameEnd := strings.IndexAny(rest, ":/")
	if nameEnd < 0 {
		nameEnd = len(rest)
	}
	t.Name = strings.ToLower(rest[:nameEnd])
	rest = rest[nameEnd:]
	switch t.Name {
	case "all":
		if rest != "" {
			return t, errors.New(`"all" takes no argument`)
		}
	case "include", "exists":
		if !strings.HasPrefix(rest, ":") || len(rest) == 1 {
			return t, fmt.Errorf("%q needs a domain: %s:<domain>", t.Name, t.Name)
		}
		t.Value = rest[1:]
		return t, validDomainSpec(t.Value)
	case "ptr":
		if rest == "" {
			return t, nil
		}
		if !strings.HasPrefix(rest, ":") || len(rest) == 1 {
			return t, errors.New(`"ptr" takes only ":<domain>"`)
		}
		t.Value = rest[1:]
		return t, validDomainSpec(t.Value)
	case "a", "mx":
		spec, c4, c6, err := splitDualCIDR(rest)
		if err != nil {
			return t, err
		}
		t.CIDR4, t.CIDR6 = c4, c6
		if spec == "" {
			return t, nil
		}
		if !strings.HasPrefix(spec, ":") || len(spec) == 1 {
			return t, fmt.Errorf("%q takes only \":<domain>\" and \"/<cidr>\"", t.Name)
		}
		t.Value = spec[1:]
		return t, validDomainSpec(t.Value)
	case "ip4", "ip6":
		if !strings.HasPrefix(rest, ":") {
			return t, fmt.Errorf("%q needs an address: %s:<address>", t.Name, t.Name)
		}
		t.Value = rest[1:]
		addr, bits, hasBits := strings.Cut(t.Value, "/")
		a, err := netip.ParseAddr(addr)
		if err != nil || a.Zone() != "" {
			return t, fmt.Errorf("%q is not an IP address", addr)
		}
		max := 32
		if t.Name == "ip4" && !a.Is4() {
			return t, fmt.Errorf("%q is not an IPv4 address", addr)
		}
		if t.Name == "ip6" {
			if !a.Is6() {
				return t, fmt.Errorf("%q is not an IPv6 address", addr)
			}
			max = 128
		}
		n := max
		if hasBits {
			n, err = parseCIDR(bits, max)
			if err != nil {
				return t, err
			}
		}
		if t.Name == "ip4" {
			t.CIDR4 = n
		} else {
			t.CIDR6 = n
		}
	default:
		return t, fmt.Errorf("unknown mechanism %q", t.Name)
	}
	return t, nil
}

// Prefix returns the network of an ip4 or ip6 term.
func (t SPFTerm) Prefix() (netip.Prefix, bool) {
	if t.Name != "ip4" && t.Name != "ip6" {
		return netip.Prefix{}, false
	}
	addr, _, _ := strings.Cut(t.Value, "/")
	a, err := netip.ParseAddr(addr)
	if err != nil {
		return netip.Prefix{}, false
	}
	bits := t.CIDR4
	if t.Name == "ip6" {
		bits = t.CIDR6
	}
	p, err := a.Prefix(bits)
	return p, err == nil
}

func parseCIDR(s string, max int) (int, error) {
	if s == "" || len(s) > 3 || (len(s) > 1 && s[0] == '0') {
		return 0, fmt.Errorf("invalid prefix length %q", s)
	}
	n, err := strconv.Atoi(s)
	if err != nil || n < 0 || n > max {
		return 0, fmt.Errorf("invalid prefix length %q (0-%d)", s, max)
	}
	return n, nil
}

// splitDualCIDR splits "[:domain][/c4][//c6]" into its parts.
func splitDualCIDR(s string) (spec string, c4, c6 int, err error) {
	c4, c6 = -1, -1
	if i := strings.LastIndex(s, "//"); i >= 0 && isDigits(s[i+2:]) {
		if c6, err = parseCIDR(s[i+2:], 128); err != nil {
			return "", 0, 0, err
		}
		s = s[:i]
	}
	if i := strings.LastIndexByte(s, '/'); i >= 0 && isDigits(s[i+1:]) {
		if c4, err = parseCIDR(s[i+1:], 32); err != nil {
			return "", 0, 0, err
		}
		s = s[:i]
	}
	if strings.HasPrefix(s, "/") {
		return "", 0, 0, fmt.Errorf("invalid prefix length %q", s)
	}
	return s, c4, c6, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range []byte(s) {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

func validModifierName(s string) bool {
	if s == "" || !isAlpha(s[0]) {
		return false
	}
	for _, c := range []byte(s) {
		if !isAlpha(c) && !isDigit(c) && c != '-' && c != '_' && c != '.' {
			return false
		}
	}
	return true
}

func isAlpha(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// validMacroString checks RFC 7208 §7.1 macro syntax.
func validMacroString(s string) error {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < 0x21 || c > 0x7e {
			return errors.New("invalid character")
		}
		if c != '%' {
			continue
		}
		if i+1 >= len(s) {
			return errors.New(`lone "%" at the end (write "%%" for a percent sign)`)
		}
		switch s[i+1] {
		case '%', '_', '-':
			i++
			continue
		case '{':
		default:
			return fmt.Errorf("invalid macro %q", s[i:i+2])
		}
		end := strings.IndexByte(s[i:], '}')
		if end < 0 {
			return errors.New(`macro "%{" is not closed`)
		}
		body := s[i+2 : i+end]
		if body == "" || !strings.ContainsRune("slodiphcrtvSLODIPHCRTV", rune(body[0])) {
			return fmt.Errorf("invalid macro letter in %q", s[i:i+end+1])
		}
		j := 1
		for j < len(body) && isDigit(body[j]) {
			j++
		}
		if j < len(body) && (body[j] == 'r' || body[j] == 'R') {
			j++
		}
		for ; j < len(body); j++ {
			if !strings.ContainsRune(".-+,/_=", rune(body[j])) {
				return fmt.Errorf("invalid macro %q", s[i:i+end+1])
			}
		}
		i += end
	}
	return nil
}

// validDomainSpec checks a domain-spec: a valid macro-string whose end is
// a macro or a top label (so "localhost" or "1.2.3.4" are not domains).
func validDomainSpec(s string) error {
	if s == "" {
		return errors.New("empty domain")
	}
	if err := validMacroString(s); err != nil {
		return err
	}
	if strings.HasSuffix(s, "}") {
		return nil
	}
	d := strings.TrimSuffix(s, ".")
	dot := strings.LastIndexByte(d, '.')
	if dot < 0 {
		return fmt.Errorf("%q is not a fully qualified domain", s)
	}
	top := d[dot+1:]
	if top == "" || top[0] == '-' || top[len(top)-1] == '-' {
		return fmt.Errorf("%q does not end in a valid top-level label", s)
	}
	alpha := false
	for _, c := range []byte(top) {
		switch {
		case isAlpha(c):
			alpha = true
		case isDigit(c) || c == '-':
		default:
			return fmt.Errorf("%q does not end in a valid top-level label", s)
		}
	}
	if !alpha {
		return fmt.Errorf("%q does not end in a valid top-level label", s)
	}
	return nil
}

// hasMacro reports whether a domain-spec needs macro expansion.
func hasMacro(s string) bool { return strings.Contains(s, "%{") }
