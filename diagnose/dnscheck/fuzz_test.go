package dnscheck

import (
	"reflect"
	"testing"
)

// FuzzParseSPF checks that ParseSPF never panics, is deterministic, and
// that a record it accepts parses again, from its canonical form, to the
// same terms.
func FuzzParseSPF(f *testing.F) {
	for _, s := range []string{
		"v=spf1 -all",
		"v=spf1 +a +mx +ip4:203.0.113.10 ~all",
		"v=spf1 a:mail.example.com/24//64 mx/30 ip6:2001:db8::/32 include:_spf.google.com ?all",
		"v=spf1 exists:%{i}.%{h}._spf.example.com redirect=_spf.example.com exp=explain.%{d}",
		"v=spf1 ip4:192.0.2.1/33 -all",
		"v=spf1 include: -all",
		"v=spf1 %{",
		"v=spf1 ptr:example.com unknown-mod=x",
		"v=spf1  ",
		"V=SPF1 -ALL",
		"v=spf1 ip6:::ffff:1.2.3.4/128",
		"v=spf1 a//0 mx/0//0",
		"v=spf10 -all",
		"\x00v=spf1",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, txt string) {
		rec, err := ParseSPF(txt)
		rec2, err2 := ParseSPF(txt)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(rec, rec2) {
			t.Fatalf("not deterministic for %q", txt)
		}
		if err != nil {
			return
		}
		back, err := ParseSPF(rec.String())
		if err != nil {
			t.Fatalf("%q parsed, but its canonical form %q does not: %v", txt, rec.String(), err)
		}
		if !reflect.DeepEqual(back, rec) {
			t.Fatalf("round trip of %q changed the terms:\n%+v\n%+v", txt, rec, back)
		}
		for _, term := range rec.Terms {
			if p, ok := term.Prefix(); ok && !p.IsValid() {
				t.Fatalf("%q: term %q gave an invalid prefix", txt, term.Raw)
			}
			if term.CountsLookup() && term.Name != "redirect" && term.Modifier {
				t.Fatalf("%q: modifier %q counted as a lookup", txt, term.Raw)
			}
		}
	})
}

// FuzzParseDKIM checks that ParseDKIM never panics, is deterministic, and
// that an accepted key is revoked or has a known type and a size.
func FuzzParseDKIM(f *testing.F) {
	for _, s := range []string{
		"v=DKIM1; k=rsa; p=MIGfMA0GCSqGSIb3DQEBAQUAA4GNADCBiQKBgQDwIRP/UC3SBsEmGqZ9ZJW3/DkMoGeLnQg1fWn7/zYtIxN2SnFCjxOCKG9v3b4jYfcTNh5ijSsq631uBItLa7od+v/RtdC2UzJ1lWT947qR+Rcac2gbto/NMqJ0fzfVjH4OuKhitdY9tf6mcwGjaNBcWToIMmPSPDdQPNUYckcQ2QIDAQAB",
		"v=DKIM1; k=ed25519; p=11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=",
		"v=DKIM1; p=",
		"k=rsa; t=y:s; h=sha1:sha256; s=email; p=AAAA",
		"v=DKIM1; k=ed25519; p=AAAA",
		"v=DKIM2; p=x",
		"p=\"MIIB\" \"IjAN\"",
		"=;=;",
		"v=DKIM1; k=rsa; p=MII\\/B",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, txt string) {
		k, err := ParseDKIM(txt)
		k2, err2 := ParseDKIM(txt)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(k, k2) {
			t.Fatalf("not deterministic for %q", txt)
		}
		if err != nil || k.Revoked {
			return
		}
		if k.KeyType != "rsa" && k.KeyType != "ed25519" {
			t.Fatalf("%q accepted with key type %q", txt, k.KeyType)
		}
		if k.Bits <= 0 {
			t.Fatalf("%q accepted with no key size", txt)
		}
	})
}

// FuzzParseDMARC checks that ParseDMARC never panics, is deterministic,
// and that an accepted record has a valid policy, alignment and pct.
func FuzzParseDMARC(f *testing.F) {
	for _, s := range []string{
		"v=DMARC1; p=none",
		"v=DMARC1; p=reject; sp=quarantine; np=reject; adkim=s; aspf=r; pct=50; rua=mailto:a@example.com,mailto:b@example.net!10m; ruf=mailto:f@example.com; fo=1:d",
		"v=DMARC1;p=quarantine;t=y",
		"v=DMARC1; p=maybe",
		"v=DMARC1; pct=101; p=none",
		"v=DMARC1; rua=mailto:; p=none",
		"v=dmarc1; p=none",
		"v=DMARC1",
		"v=DMARC1; p=none; rua=mailto:a@b!",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, txt string) {
		r, err := ParseDMARC(txt)
		r2, err2 := ParseDMARC(txt)
		if (err == nil) != (err2 == nil) || !reflect.DeepEqual(r, r2) {
			t.Fatalf("not deterministic for %q", txt)
		}
		if err != nil {
			return
		}
		if r.Policy != "" && !validPolicy(r.Policy) {
			t.Fatalf("%q accepted with policy %q", txt, r.Policy)
		}
		if r.Pct < 0 || r.Pct > 100 {
			t.Fatalf("%q accepted with pct %d", txt, r.Pct)
		}
		if (r.ADKIM != "r" && r.ADKIM != "s") || (r.ASPF != "r" && r.ASPF != "s") {
			t.Fatalf("%q accepted with alignment %q/%q", txt, r.ADKIM, r.ASPF)
		}
	})
}
