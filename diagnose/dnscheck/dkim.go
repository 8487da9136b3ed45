package dnscheck

import (
	"context"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"errors"
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// DKIMKey is a parsed DKIM key record (RFC 6376 §3.6.1, RFC 8463).
type DKIMKey struct {
	// KeyType is the k= tag, "rsa" when omitted.
	KeyType string `json:"key_type"`
	// PublicKey is p= without whitespace; empty means revoked.
	PublicKey string `json:"public_key,omitempty"`
	Revoked   bool   `json:"revoked,omitempty"`
	// Bits is the RSA modulus size, 256 for Ed25519.
	Bits int `json:"bits,omitempty"`
	// Testing is t=y, Strict t=s.
	Testing bool `json:"testing,omitempty"`
	Strict  bool `json:"strict,omitempty"`
	// Hashes is h= (acceptable hash algorithms), Services s=.
	Hashes   []string `json:"hashes,omitempty"`
	Services []string `json:"services,omitempty"`
}

// parseTagList splits "a=b; c=d" (RFC 6376 §3.2). Names are lower-cased
// only for lookup by the callers; duplicates are an error.
func parseTagList(s string) ([][2]string, error) {
	var out [][2]string
	seen := map[string]bool{}
	parts := strings.Split(s, ";")
	for i, part := range parts {
		part = strings.TrimSpace(part)
		if part == "" {
			if i == len(parts)-1 {
				continue
			}
			return nil, errors.New("empty tag between semicolons")
		}
		name, value, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("%q is not tag=value", part)
		}
		name = strings.TrimSpace(name)
		if name == "" || !isAlpha(name[0]) {
			return nil, fmt.Errorf("invalid tag name %q", name)
		}
		for _, c := range []byte(name) {
			if !isAlpha(c) && !isDigit(c) && c != '_' {
				return nil, fmt.Errorf("invalid tag name %q", name)
			}
		}
		if seen[name] {
			return nil, fmt.Errorf("tag %q appears more than once", name)
		}
		seen[name] = true
		out = append(out, [2]string{name, strings.TrimSpace(value)})
	}
	return out, nil
}

// ParseDKIM parses a DKIM key record. An empty p= parses as revoked; an
// undecodable key, an unknown key type or a bad v= is an error.
func ParseDKIM(txt string) (DKIMKey, error) {
	k := DKIMKey{KeyType: "rsa"}
	tags, err := parseTagList(txt)
	if err != nil {
		return k, err
	}
	hasP := false
	for i, tv := range tags {
		name, value := tv[0], tv[1]
		switch name {
		case "v":
			if i != 0 {
				return k, errors.New("v= must be the first tag")
			}
			if value != "DKIM1" {
				return k, fmt.Errorf("v=%s: the only version is DKIM1", value)
			}
		case "k":
			k.KeyType = strings.ToLower(value)
		case "p":
			hasP = true
			k.PublicKey = normalizeKey(value)
		case "t":
			for _, f := range strings.Split(value, ":") {
				switch strings.TrimSpace(f) {
				case "y":
					k.Testing = true
				case "s":
					k.Strict = true
				}
			}
		case "h":
			k.Hashes = splitList(value, ":")
		case "s":
			k.Services = splitList(value, ":")
		}
	}
	if !hasP {
		return k, errors.New("no p= tag (public key)")
	}
	if k.PublicKey == "" {
		k.Revoked = true
		return k, nil
	}
	raw, err := base64.StdEncoding.DecodeString(k.PublicKey)
	if err != nil {
		return k, fmt.Errorf("p= is not valid base64: %v", err)
	}
	switch k.KeyType {
	case "rsa":
		var pub *rsa.PublicKey
		if pk, err := x509.ParsePKIXPublicKey(raw); err == nil {
			p, ok := pk.(*rsa.PublicKey)
			if !ok {
				return k, errors.New("k=rsa but p= holds a non-RSA key")
			}
			pub = p
		} else if p, err2 := x509.ParsePKCS1PublicKey(raw); err2 == nil {
			pub = p
		} else {
			return k, fmt.Errorf("p= is not an RSA public key: %v", err)
		}
		k.Bits = pub.N.BitLen()
	case "ed25519":
		if len(raw) != 32 {
			return k, fmt.Errorf("an Ed25519 key is 32 bytes, p= has %d", len(raw))
		}
		k.Bits = 256
	default:
		return k, fmt.Errorf("unknown key type k=%s", k.KeyType)
	}
	return k, nil
}

func splitList(s, sep string) []string {
	var out []string
	for _, f := range strings.Split(s, sep) {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, strings.ToLower(f))
		}
	}
	return out
}

// normalizeKey strips what DNS tools and panels add to a base64 key:
// whitespace, quotes and backslash escapes ("\/" for "/").
func normalizeKey(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\r', '\n', '"', '\\':
			return -1
		}
		return r
	}, s)
}

// dkimKeyOf returns the normalised p= of a record, even a malformed one.
func dkimKeyOf(txt string) (string, bool) {
	for _, part := range strings.Split(txt, ";") {
		name, value, ok := strings.Cut(part, "=")
		if ok && strings.TrimSpace(name) == "p" {
			return normalizeKey(value), true
		}
	}
	return "", false
}

// DKIMDetail is the DKIM check's own output.
type DKIMDetail struct {
	Selector string   `json:"selector"`
	Records  []string `json:"records"`
	Key      *DKIMKey `json:"key,omitempty"`
	// MatchesExpected compares with the key cPanel signs with; nil when
	// no expected record was given.
	MatchesExpected *bool `json:"matches_expected,omitempty"`
}

// CheckDKIM checks the key record at <selector>._domainkey.<domain> and,
// when expected (the record cPanel signs with) is not empty, whether the
// published key is the same.
func (c *Checker) CheckDKIM(ctx context.Context, domain, selector, expected string) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	domain = normDomain(domain)
	name := strings.ToLower(selector) + "._domainkey." + domain
	res := Result{Check: "dkim", Subject: name}
	det := &DKIMDetail{Selector: selector}
	res.DKIM = det

	q := name + " TXT"
	txts, err := c.resolver().LookupTXT(ctx, name)
	res.evidenceOf(q, quoteAll(txts), err)
	if res.lookupProblem("dkim-lookup-failed", q, err) {
		res.finish(msg.Text{})
		return res
	}
	det.Records = txts
	switch {
	case len(txts) == 0:
		res.add(ProblemDKIMMissingPublic, "", Fail, "Name", name, "Selector", selector)
		res.finish(msg.Text{})
		return res
	case len(txts) > 1:
		res.add("dkim-multiple", "", Fail, "Records", len(txts), "Name", name)
	}
	key, err := ParseDKIM(txts[0])
	if err != nil {
		res.add("dkim-syntax", "", Fail, "Name", name, "Error", err.Error())
	} else {
		det.Key = &key
		lintDKIM(&res, key, name)
	}
	if expected != "" {
		want, okW := dkimKeyOf(expected)
		got, okG := dkimKeyOf(txts[0])
		same := okW && okG && want != "" && want == got
		det.MatchesExpected = &same
		if !same && !(okG && got == "") {
			res.add(ProblemDKIMKeyMismatch, "", Fail, "Name", name)
		}
	}
	var pass msg.Text
	switch {
	case det.Key == nil:
	case det.MatchesExpected != nil:
		pass = msg.New("dns.summary.dkim.matches", "KeyType", det.Key.KeyType, "Bits", det.Key.Bits)
	default:
		pass = msg.New("dns.summary.dkim.not-compared", "KeyType", det.Key.KeyType, "Bits", det.Key.Bits)
	}
	res.finish(pass)
	return res
}

func lintDKIM(res *Result, k DKIMKey, name string) {
	if k.Revoked {
		res.add("dkim-revoked", "", Fail, "Name", name)
		return
	}
	if k.KeyType == "rsa" {
		switch {
		case k.Bits < 1024:
			res.add("dkim-weak-key", "rejected", Fail, "Name", name, "Bits", k.Bits)
		case k.Bits < 2048:
			res.add("dkim-weak-key", "", Warn, "Name", name, "Bits", k.Bits)
		}
	}
	if k.Testing {
		res.add("dkim-testing", "", Warn, "Name", name)
	}
	if len(k.Hashes) > 0 {
		sha256 := false
		for _, h := range k.Hashes {
			sha256 = sha256 || h == "sha256"
		}
		if !sha256 {
			res.add("dkim-sha1", "", Warn, "Name", name, "Hashes", strings.Join(k.Hashes, ":"))
		}
	}
	if len(k.Services) > 0 {
		ok := false
		for _, s := range k.Services {
			ok = ok || s == "*" || s == "email"
		}
		if !ok {
			res.add("dkim-syntax", "services", Fail, "Name", name, "Services", strings.Join(k.Services, ":"))
		}
	}
}
