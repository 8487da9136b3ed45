package dnscheck

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/netip"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/dnstest"
)

func ed25519Key(t *testing.T) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(pub)
}

func rsaKey(t *testing.T, bits int) string {
	t.Helper()
	k, err := rsa.GenerateKey(rand.Reader, bits)
	if err != nil {
		t.Fatal(err)
	}
	der, err := x509.MarshalPKIXPublicKey(&k.PublicKey)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(der)
}

// txtRecord splits a long value into 255-byte character-strings.
func txtRecord(v string) string {
	var parts []string
	for len(v) > 200 {
		parts = append(parts, `"`+v[:200]+`"`)
		v = v[200:]
	}
	parts = append(parts, `"`+v+`"`)
	return strings.Join(parts, " ")
}

func mustAddr(s string) netip.Addr { return netip.MustParseAddr(s) }

func find(t *testing.T, rep Report, check string) Result {
	t.Helper()
	seen.add(rep.Results...)
	for _, r := range rep.Results {
		if r.Check == check {
			return r
		}
	}
	t.Fatalf("no %s result in %+v", check, rep)
	return Result{}
}

func wantProblem(t *testing.T, r Result, id string, v Verdict) Problem {
	t.Helper()
	seen.add(r)
	p, ok := r.Problem(id)
	if !ok {
		t.Fatalf("%s: no problem %q; got %+v", r.Check, id, r.Problems)
	}
	if p.Verdict != v {
		t.Fatalf("%s: problem %q is %v, want %v: %+v", r.Check, id, p.Verdict, v, p.Text)
	}
	if want := "dns." + id; p.Text.ID != want && !strings.HasPrefix(p.Text.ID, want+".") {
		t.Fatalf("%s: problem %q has message %q, want %s[.variant]", r.Check, id, p.Text.ID, want)
	}
	return p
}

func wantVerdict(t *testing.T, r Result, v Verdict) {
	t.Helper()
	seen.add(r)
	if r.Verdict != v {
		t.Fatalf("%s %s: verdict %v, want %v; summary %+v; problems %+v", r.Check, r.Subject, r.Verdict, v, r.SummaryText, r.Problems)
	}
}

// wantArg fails unless argument name of t is want or, for a list or a
// nested message, holds want (a value or a message id) somewhere inside.
func wantArg(t *testing.T, x msg.Text, name string, want any) {
	t.Helper()
	v, ok := x.Args[name]
	if !ok || !holds(v, want) {
		t.Errorf("message %s: argument %s = %#v, want it to hold %#v", x.ID, name, v, want)
	}
}

func holds(v, want any) bool {
	switch v := v.(type) {
	case msg.Text:
		if v.ID == want {
			return true
		}
		for _, a := range v.Args {
			if holds(a, want) {
				return true
			}
		}
		return false
	case msg.List:
		for _, x := range v.Items {
			if holds(x, want) {
				return true
			}
		}
		return false
	}
	return reflect.DeepEqual(v, want)
}

func healthyZone(key string) string {
	return `
example.test.                  NS   ns1.host.test.
example.test.                  NS   ns2.host.test.
example.test.                  MX   10 mail.example.test.
mail.example.test.             A    192.0.2.10
example.test.                  TXT  "v=spf1 a:mail.example.test include:_spf.host.test ~all"
example.test.                  TXT  "google-site-verification=abc"
_spf.host.test.                TXT  "v=spf1 ip4:198.51.100.0/24 ip4:192.0.2.0/25 -all"
default._domainkey.example.test. TXT "v=DKIM1; k=ed25519; p=` + key + `"
_dmarc.example.test.           TXT  "v=DMARC1; p=quarantine; rua=mailto:dmarc@example.test"
10.2.0.192.in-addr.arpa.       PTR  mail.example.test.
`
}

func TestHealthyDomain(t *testing.T) {
	key := ed25519Key(t)
	s := startServer(t, healthyZone(key), nil)
	c := s.checker()
	local := true
	rep := c.CheckDomain(context.Background(), Input{
		Domain:       "Example.test",
		SendingIP:    mustAddr("192.0.2.10"),
		ServerIPs:    []netip.Addr{mustAddr("192.0.2.10")},
		ServerHost:   "mail.example.test",
		ExpectedDKIM: `v=DKIM1; k=ed25519; p=` + key[:10] + `" "` + key[10:],
		ZoneView: &ZoneView{
			LocalAuthority: &local,
			CPanelNS:       []string{"NS2.host.test", "ns1.host.test."},
			MX:             []MX{{10, "mail.example.test"}},
			SPF:            []string{"v=spf1  a:mail.example.test include:_spf.host.test ~all"},
			DKIM:           map[string][]string{"default": {"v=DKIM1; k=ed25519; p=" + key}},
			DMARC:          []string{"v=DMARC1;p=quarantine; rua=mailto:dmarc@example.test"},
		},
	})
	if rep.Domain != "example.test." {
		t.Errorf("domain %q", rep.Domain)
	}
	for _, r := range rep.Results {
		wantVerdict(t, r, Pass)
	}
	if w := rep.Worst(); w != Pass {
		t.Errorf("worst %v", w)
	}
	mx := find(t, rep, "mx")
	if mx.PointsHere == nil || !*mx.PointsHere {
		t.Errorf("points_here %v", mx.PointsHere)
	}
	spf := find(t, rep, "spf")
	spf.Render(englishWords(t))
	if spf.SPF.Result != "pass" || !strings.Contains(spf.SPF.Matched, "a:mail.example.test") || spf.SPF.Lookups != 2 {
		t.Errorf("spf detail %+v", spf.SPF)
	}
	if tree := spf.SPF.Tree; tree == nil || len(tree.Children) != 1 || tree.TotalLookups != 2 || tree.Children[0].Domain != "_spf.host.test." {
		t.Errorf("spf tree %+v", spf.SPF.Tree)
	}
	dk := find(t, rep, "dkim")
	if dk.DKIM.MatchesExpected == nil || !*dk.DKIM.MatchesExpected || dk.DKIM.Key.Bits != 256 {
		t.Errorf("dkim detail %+v", dk.DKIM)
	}
	auth := find(t, rep, "authority")
	if len(auth.Diff) != 4 {
		t.Errorf("diff %+v", auth.Diff)
	}
	for _, d := range auth.Diff {
		if !d.Same {
			t.Errorf("diff %+v not same", d)
		}
	}
	// The report is JSON with the documented shape.
	b, err := json.Marshal(rep)
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"verdict":"pass"`, `"points_here":true`, `"check":"authority"`, `"diff":[{"record":"MX"`, `"total_lookups":2`} {
		if !strings.Contains(string(b), want) {
			t.Errorf("JSON lacks %s: %s", want, b)
		}
	}
	var back Report
	if err := json.Unmarshal(b, &back); err != nil || back.Worst() != Pass || len(back.Results) != len(rep.Results) {
		t.Errorf("round trip: %v %+v", err, back)
	}
}

func TestNameserversElsewhere(t *testing.T) {
	key := ed25519Key(t)
	s := startServer(t, `
moved.test.              NS  ada.ns.cloudflare.test.
moved.test.              NS  bob.ns.cloudflare.test.
moved.test.              MX  1 smtp.google.test.
smtp.google.test.        A   198.51.100.25
moved.test.              TXT "v=spf1 include:_spf.google.test ~all"
_spf.google.test.        TXT "v=spf1 ip4:198.51.100.0/24 ~all"
_dmarc.moved.test.       TXT "v=DMARC1; p=none"
shop.moved.test.         A   192.0.2.10
`, nil)
	c := s.checker()
	notLocal := false
	r := c.CheckAuthority(context.Background(), ZoneView{
		Domain:         "moved.test",
		LocalAuthority: &notLocal,
		CPanelNS:       []string{"ns1.cpanel-host.test", "ns2.cpanel-host.test"},
		MX:             []MX{{0, "moved.test"}},
		SPF:            []string{"v=spf1 +a +mx +ip4:192.0.2.10 ~all"},
		DKIM:           map[string][]string{"default": {"v=DKIM1; k=ed25519; p=" + key}},
		DMARC:          []string{"v=DMARC1; p=none"},
	})
	wantVerdict(t, r, Fail)
	p := wantProblem(t, r, "nameservers-elsewhere", Warn)
	wantArg(t, p.Text, "Domain", "moved.test.")
	wantArg(t, p.Text, "PublicNS", "ada.ns.cloudflare.test.")
	wantArg(t, p.Text, "CPanelNS", "ns1.cpanel-host.test.")
	wantProblem(t, r, "public-mx-mismatch", Fail)
	wantProblem(t, r, "spf-public-mismatch", Warn)
	wantProblem(t, r, "dkim-missing-public", Fail)
	if _, ok := r.Problem("dmarc-public-mismatch"); ok {
		t.Error("DMARC is the same on both sides")
	}
	if !r.Authority.Elsewhere || len(r.Authority.PublicNS) != 2 {
		t.Errorf("authority %+v", r.Authority)
	}
	same := map[string]bool{}
	for _, d := range r.Diff {
		same[d.Record] = d.Same
	}
	want := map[string]bool{"MX": false, "SPF": false, "DKIM default": false, "DMARC": true}
	if fmt.Sprint(same) != fmt.Sprint(want) {
		t.Errorf("diff same %v, want %v", same, want)
	}
	// The MX check says the mail goes elsewhere.
	mx := c.CheckMX(context.Background(), "moved.test", []netip.Addr{mustAddr("192.0.2.10")}, "cpanel.host.test")
	wantVerdict(t, mx, Pass)
	if mx.PointsHere == nil || *mx.PointsHere || mx.SummaryText.ID != "dns.summary.mx.elsewhere" {
		t.Errorf("points here %v, summary %+v", mx.PointsHere, mx.SummaryText)
	}
	// A subdomain finds the parent zone's NS.
	sub := c.CheckAuthority(context.Background(), ZoneView{Domain: "shop.moved.test", CPanelNS: []string{"ada.ns.cloudflare.test", "bob.ns.cloudflare.test"}})
	if sub.Authority.Zone != "moved.test." || sub.Authority.Elsewhere {
		t.Errorf("subdomain authority %+v", sub.Authority)
	}
}

func TestSPFLookupLimit(t *testing.T) {
	var zone strings.Builder
	zone.WriteString(`big.test. TXT "v=spf1 ip4:192.0.2.10`)
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&zone, " include:i%d.big.test", i)
	}
	zone.WriteString(" -all\"\n")
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&zone, "i%d.big.test. TXT \"v=spf1 ip4:198.51.100.%d -all\"\n", i, i)
	}
	s := startServer(t, zone.String(), nil)
	c := s.checker()
	r := c.CheckSPF(context.Background(), "big.test", mustAddr("198.51.100.11"))
	wantVerdict(t, r, Fail)
	p := wantProblem(t, r, "spf-lookup-limit", Fail)
	wantArg(t, p.Text, "Lookups", 11)
	wantArg(t, p.Text, "Limit", 10)
	if r.SPF.Lookups != 11 || r.SPF.Tree.TotalLookups != 11 || len(r.SPF.Tree.Children) != 11 {
		t.Errorf("detail %+v", r.SPF)
	}
	// The 11th include is past the limit: receivers return permerror.
	if r.SPF.Result != "permerror" {
		t.Errorf("result %q", r.SPF.Result)
	}
	wantProblem(t, r, "spf-ip-not-authorized", Fail)

	// An IP matched before the limit still passes evaluation.
	r = c.CheckSPF(context.Background(), "big.test", mustAddr("192.0.2.10"))
	if r.SPF.Result != "pass" {
		t.Errorf("result %q", r.SPF.Result)
	}
	wantProblem(t, r, "spf-lookup-limit", Fail)
}

func TestSPFProblems(t *testing.T) {
	s := startServer(t, `
two.test.      TXT "v=spf1 +a +mx ~all"
two.test.      TXT "v=spf1 include:_spf.google.test ~all"
open.test.     TXT "v=spf1 +all"
glued.test.    TXT "v=spf1 ip4:203.0.113.7~all"
other.test.    TXT "v=spf1 ip4:198.51.100.1 -all"
void.test.     TXT "v=spf1 a:n1.void.test a:n2.void.test a:n3.void.test ip4:192.0.2.10 -all"
noinc.test.    TXT "v=spf1 include:nothing.test -all"
nothing.test.  TXT "hello"
`, nil)
	c := s.checker()
	ctx := context.Background()
	ip := mustAddr("192.0.2.10")

	r := c.CheckSPF(ctx, "two.test", ip)
	wantVerdict(t, r, Fail)
	wantProblem(t, r, "spf-multiple", Fail)
	if len(r.SPF.Records) != 2 {
		t.Errorf("records %v", r.SPF.Records)
	}
	wantProblem(t, c.CheckSPF(ctx, "open.test", ip), "spf-plus-all", Fail)
	wantProblem(t, c.CheckSPF(ctx, "glued.test", ip), "spf-syntax", Fail)
	r = c.CheckSPF(ctx, "other.test", ip)
	p := wantProblem(t, r, "spf-ip-not-authorized", Fail)
	wantArg(t, p.Text, "IP", "192.0.2.10")
	wantArg(t, p.Text, "Domain", "other.test.")
	if r.SPF.Result != "fail" {
		t.Errorf("result %q", r.SPF.Result)
	}
	r = c.CheckSPF(ctx, "void.test", ip)
	wantProblem(t, r, "spf-void-lookups", Fail)
	if r.SPF.VoidLookups != 3 {
		t.Errorf("voids %d", r.SPF.VoidLookups)
	}
	wantProblem(t, c.CheckSPF(ctx, "noinc.test", ip), "spf-include-none", Fail)
	wantProblem(t, c.CheckSPF(ctx, "missing.test", ip), "spf-missing-public", Fail)
}

func TestDKIM(t *testing.T) {
	published := rsaKey(t, 1024)
	signing := rsaKey(t, 1024)
	s := startServer(t, `
default._domainkey.dk.test.  TXT `+txtRecord("v=DKIM1; k=rsa; p="+published)+`
gone._domainkey.dk.test.     TXT "v=DKIM1; p="
test._domainkey.dk.test.     TXT "v=DKIM1; t=y; k=ed25519; p=`+ed25519Key(t)+`"
bad._domainkey.dk.test.      TXT "v=DKIM1; k=rsa; p=bm90IGEga2V5"
m365._domainkey.dk.test.     CNAME selector1._domainkey.tenant.test.
selector1._domainkey.tenant.test. TXT "v=DKIM1; k=ed25519; p=`+ed25519Key(t)+`"
`, nil)
	c := s.checker()
	ctx := context.Background()

	r := c.CheckDKIM(ctx, "dk.test", "default", "v=DKIM1; k=rsa; p="+signing)
	wantVerdict(t, r, Fail)
	wantProblem(t, r, "dkim-key-mismatch", Fail)
	wantProblem(t, r, "dkim-weak-key", Warn)
	if r.DKIM.Key.Bits != 1024 || r.DKIM.MatchesExpected == nil || *r.DKIM.MatchesExpected {
		t.Errorf("detail %+v", r.DKIM)
	}
	// The same key, written with escaped slashes and split, matches.
	esc := strings.ReplaceAll(published, "/", `\/`)
	r = c.CheckDKIM(ctx, "dk.test", "default", "v=DKIM1; k=rsa; p="+esc[:50]+" "+esc[50:])
	if _, ok := r.Problem("dkim-key-mismatch"); ok || !*r.DKIM.MatchesExpected {
		t.Errorf("escaped key did not match: %+v", r.Problems)
	}
	wantProblem(t, c.CheckDKIM(ctx, "dk.test", "gone", ""), "dkim-revoked", Fail)
	wantProblem(t, c.CheckDKIM(ctx, "dk.test", "test", ""), "dkim-testing", Warn)
	wantProblem(t, c.CheckDKIM(ctx, "dk.test", "bad", ""), "dkim-syntax", Fail)
	wantProblem(t, c.CheckDKIM(ctx, "dk.test", "nope", ""), "dkim-missing-public", Fail)
	wantVerdict(t, c.CheckDKIM(ctx, "dk.test", "m365", ""), Pass)
}

func TestDMARC(t *testing.T) {
	s := startServer(t, `
_dmarc.org.test.        TXT "v=DMARC1; p=reject; sp=quarantine; rua=mailto:d@org.test"
shop.org.test.          A   192.0.2.80
_dmarc.two.test.        TXT "v=DMARC1; p=none; rua=mailto:a@two.test"
_dmarc.two.test.        TXT "v=DMARC1; p=reject; rua=mailto:a@two.test"
_dmarc.typo.test.       TXT "v=DMARC1; p=rejected"
_dmarc.lower.test.      TXT "v=dmarc1; p=reject"
_dmarc.ext.test.        TXT "v=DMARC1; p=none; pct=50; rua=mailto:r@reports.test,mailto:x@ok.test"
ext.test._report._dmarc.ok.test. TXT "v=DMARC1"
`, nil)
	c := s.checker()
	ctx := context.Background()

	r := c.CheckDMARC(ctx, "shop.org.test")
	wantVerdict(t, r, Pass)
	if !r.DMARC.Inherited || r.DMARC.Policy != "quarantine" || r.DMARC.Name != "_dmarc.org.test." || r.SummaryText.ID != "dns.summary.dmarc.inherited" {
		t.Errorf("fallback %+v %+v", r.DMARC, r.SummaryText)
	}
	wantArg(t, r.SummaryText, "Name", "_dmarc.org.test.")
	wantArg(t, r.SummaryText, "Policy", "quarantine")
	r = c.CheckDMARC(ctx, "none.test")
	wantVerdict(t, r, Warn)
	wantProblem(t, r, "dmarc-missing-public", Warn)
	r = c.CheckDMARC(ctx, "sub.none.test")
	wantProblem(t, r, "dmarc-missing-public", Warn)
	if r.DMARC.OrgDomain != "none.test." || len(r.Evidence) != 2 {
		t.Errorf("org fallback not tried: %+v %+v", r.DMARC, r.Evidence)
	}
	wantProblem(t, c.CheckDMARC(ctx, "two.test"), "dmarc-multiple", Fail)
	wantProblem(t, c.CheckDMARC(ctx, "typo.test"), "dmarc-invalid", Fail)
	wantProblem(t, c.CheckDMARC(ctx, "lower.test"), "dmarc-invalid", Fail)
	r = c.CheckDMARC(ctx, "ext.test")
	wantProblem(t, r, "dmarc-not-enforced", Warn)
	wantProblem(t, r, "dmarc-pct", Warn)
	p := wantProblem(t, r, "dmarc-rua-unauthorized", Warn)
	wantArg(t, p.Text, "ReportDomain", "reports.test.")
	n := 0
	for _, p := range r.Problems {
		if p.ID == "dmarc-rua-unauthorized" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("rua problems %+v", r.Problems)
	}
}

func TestPTR(t *testing.T) {
	s := startServer(t, `
40.2.0.192.in-addr.arpa.  PTR host40.example.test.
host40.example.test.      A   192.0.2.41
10.2.0.192.in-addr.arpa.  PTR mail.example.test.
mail.example.test.        A   192.0.2.10
1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.ip6.arpa. PTR v6.example.test.
v6.example.test.          AAAA 2001:db8::1
`, nil)
	c := s.checker()
	ctx := context.Background()
	r := c.CheckPTR(ctx, mustAddr("192.0.2.40"), "")
	wantVerdict(t, r, Fail)
	p := wantProblem(t, r, "ptr-not-confirmed", Fail)
	wantArg(t, p.Text, "Names", "host40.example.test.")
	wantArg(t, p.Text, "IP", "192.0.2.40")
	wantProblem(t, c.CheckPTR(ctx, mustAddr("192.0.2.99"), ""), "ptr-missing", Fail)
	wantVerdict(t, c.CheckPTR(ctx, mustAddr("192.0.2.10"), "mail.example.test"), Pass)
	r = c.CheckPTR(ctx, mustAddr("192.0.2.10"), "server.host.test")
	wantVerdict(t, r, Warn)
	wantProblem(t, r, "ptr-helo-mismatch", Warn)
	wantVerdict(t, c.CheckPTR(ctx, mustAddr("2001:db8::1"), ""), Pass)
	wantProblem(t, c.CheckPTR(ctx, mustAddr("10.1.2.3"), ""), "ip-private", Fail)
}

func TestBlocklists(t *testing.T) {
	s := startServer(t, `
20.2.0.192.zen.bl.test.   A   127.0.0.2
20.2.0.192.zen.bl.test.   A   127.0.0.4
20.2.0.192.zen.bl.test.   TXT "https://www.spamhaus.org/sbl/query/SBL1"
30.2.0.192.zen.bl.test.   A   127.255.255.254
50.2.0.192.zen.bl.test.   A   127.0.0.10
bad.test.dbl.bl.test.     A   127.0.1.2
ip.test.dbl.bl.test.      A   127.0.1.255
`, map[string]dnstest.Behaviour{"60.2.0.192.zen.bl.test.": behRefused})
	c := s.checker()
	ctx := context.Background()

	r := c.CheckIPBlocklists(ctx, mustAddr("192.0.2.20"))
	wantVerdict(t, r, Fail)
	p := wantProblem(t, r, "ip-blocklisted", Fail)
	wantArg(t, p.Text, "Subject", "192.0.2.20")
	wantArg(t, p.Text, "List", "Spamhaus ZEN")
	wantArg(t, p.Text, "Codes", "127.0.0.2")
	wantArg(t, p.Text, "Codes", "127.0.0.4")
	wantArg(t, p.Text, "Meaning", "dns.blocklist.code.sbl")
	wantArg(t, p.Text, "Meaning", "dns.blocklist.code.xbl")
	wantArg(t, p.Text, "URL", "https://check.spamhaus.org/results/?query=192.0.2.20")
	if reason, _ := p.Text.Args["Reason"].(string); !strings.Contains(reason, "SBL1") {
		t.Errorf("reason %q", reason)
	}
	if l := r.Blocklist.Lists[0]; !l.Listed || len(l.Codes) != 2 || l.Query != "20.2.0.192.zen.bl.test." {
		t.Errorf("list result %+v", l)
	}
	wantProblem(t, c.CheckIPBlocklists(ctx, mustAddr("192.0.2.50")), "ip-blocklisted", Fail)

	r = c.CheckIPBlocklists(ctx, mustAddr("192.0.2.30"))
	wantVerdict(t, r, Unknown)
	p = wantProblem(t, r, "blocklist-unavailable", Unknown)
	wantArg(t, p.Text, "List", "Spamhaus ZEN")
	wantArg(t, p.Text, "Meaning", "127.255.255.254")
	wantArg(t, p.Text, "Meaning", "dns.blocklist.code.spamhaus-public-resolver")
	if r.Blocklist.Lists[0].Listed {
		t.Error("refusal counted as listing")
	}
	r = c.CheckIPBlocklists(ctx, mustAddr("192.0.2.60"))
	wantVerdict(t, r, Unknown)
	wantProblem(t, r, "blocklist-unavailable", Unknown)
	wantVerdict(t, c.CheckIPBlocklists(ctx, mustAddr("192.0.2.10")), Pass)

	wantProblem(t, c.CheckDomainBlocklists(ctx, "bad.test"), "domain-blocklisted", Fail)
	wantVerdict(t, c.CheckDomainBlocklists(ctx, "ip.test"), Unknown)
	wantVerdict(t, c.CheckDomainBlocklists(ctx, "good.test"), Pass)
}

func TestBlocklistListingTheWorld(t *testing.T) {
	s := startServer(t, `
20.2.0.192.zen.bl.test.  A  127.0.0.2
1.0.0.127.zen.bl.test.   A  127.0.0.2
`, nil)
	r := s.checker().CheckIPBlocklists(context.Background(), mustAddr("192.0.2.20"))
	wantVerdict(t, r, Unknown)
}

func TestServfailAndRefusedAreUnknown(t *testing.T) {
	s := startServer(t, `
sf.test.  NS ns.sf.test.
`, map[string]dnstest.Behaviour{
		"sf.test.":                    behServfail,
		"_dmarc.sf.test.":             behServfail,
		"default._domainkey.sf.test.": behRefused,
		"10.2.0.192.in-addr.arpa.":    behServfail,
		"10.2.0.192.zen.bl.test.":     behServfail,
		"sf.test.dbl.bl.test.":        behRefused,
	})
	c := s.checker()
	rep := c.CheckDomain(context.Background(), Input{Domain: "sf.test", SendingIP: mustAddr("192.0.2.10"), ZoneView: &ZoneView{}})
	for _, r := range rep.Results {
		wantVerdict(t, r, Unknown)
		for _, p := range r.Problems {
			if p.Verdict == Fail {
				t.Errorf("%s: fail on a lookup error: %+v", r.Check, p)
			}
		}
	}
	if rep.Worst() != Unknown {
		t.Errorf("worst %v", rep.Worst())
	}
	spf := find(t, rep, "spf")
	p := wantProblem(t, spf, "spf-lookup-failed", Unknown)
	wantArg(t, p.Text, "Error", "dns.lookup-error.servfail")
	wantArg(t, p.Text, "Query", "sf.test. TXT")
	dk := find(t, rep, "dkim")
	p = wantProblem(t, dk, "dkim-lookup-failed", Unknown)
	wantArg(t, p.Text, "Error", "dns.lookup-error.refused")
	wantArg(t, p.Text, "Query", "default._domainkey.sf.test. TXT")
}

func TestTimeoutIsUnknown(t *testing.T) {
	s := startServer(t, `
slow.test. TXT "v=spf1 include:hang.test -all"
`, map[string]dnstest.Behaviour{"_dmarc.slow.test.": behDrop, "hang.test.": behDrop})
	c := s.checker()
	c.Resolver = NewResolver(s.addr, 150*time.Millisecond)
	r := c.CheckDMARC(context.Background(), "slow.test")
	wantVerdict(t, r, Unknown)
	p := wantProblem(t, r, "dmarc-lookup-failed", Unknown)
	wantArg(t, p.Text, "Error", "dns.lookup-error.timeout")
	wantArg(t, p.Text, "Query", "_dmarc.slow.test. TXT")
	_, err := c.Resolver.LookupTXT(context.Background(), "_dmarc.slow.test")
	var le *LookupError
	if !errors.As(err, &le) || le.Kind != KindTIMEOUT || IsNotFound(err) {
		t.Errorf("err %v", err)
	}
	// A timeout inside the include tree makes SPF unknown, not fail.
	r = c.CheckSPF(context.Background(), "slow.test", mustAddr("192.0.2.10"))
	wantVerdict(t, r, Unknown)
	if r.SPF.Result != "temperror" {
		t.Errorf("result %q", r.SPF.Result)
	}
}

func TestTruncationFallsBackToTCP(t *testing.T) {
	long := strings.Repeat("a", 180)
	var zone strings.Builder
	for i := range 12 {
		fmt.Fprintf(&zone, "big.tc.test. TXT \"v=spf1 ip4:192.0.2.%d\" \"%s%d\"\n", i, long, i)
	}
	zone.WriteString("small.tc.test. TXT \"hello\"\n")
	s := startServer(t, zone.String(), map[string]dnstest.Behaviour{"small.tc.test.": behTruncate})
	r := NewResolver(s.addr, time.Second)
	ctx := context.Background()

	txts, err := r.LookupTXT(ctx, "big.tc.test")
	if err != nil || len(txts) != 12 {
		t.Fatalf("big: %d records, %v", len(txts), err)
	}
	if !strings.HasSuffix(txts[0], long+"0") && !strings.Contains(strings.Join(txts, ","), long+"0") {
		t.Errorf("strings not joined: %q", txts[0])
	}
	txts, err = r.LookupTXT(ctx, "small.tc.test.")
	if err != nil || len(txts) != 1 || txts[0] != "hello" {
		t.Fatalf("small: %v %v", txts, err)
	}
	if n := s.TCPQueries(); n != 2 {
		t.Errorf("%d TCP queries, want 2", n)
	}
}

func TestResolverKinds(t *testing.T) {
	s := startServer(t, `
a.kinds.test.     A     192.0.2.1
a.kinds.test.     AAAA  2001:db8::1
alias.kinds.test. CNAME a.kinds.test.
kinds.test.       NS    ns.kinds.test.
kinds.test.       MX    0 .
`, map[string]dnstest.Behaviour{"sf.kinds.test": behServfail, "ref.kinds.test": behRefused})
	r := NewResolver(s.addr, time.Second)
	ctx := context.Background()
	kind := func(err error) ErrKind {
		var le *LookupError
		if !errors.As(err, &le) {
			t.Fatalf("not a *LookupError: %v", err)
		}
		return le.Kind
	}
	if _, err := r.LookupTXT(ctx, "nx.kinds.test"); kind(err) != KindNXDOMAIN || !IsNotFound(err) {
		t.Errorf("nx: %v", err)
	}
	if _, err := r.LookupTXT(ctx, "a.kinds.test"); kind(err) != KindNODATA || !IsNotFound(err) {
		t.Errorf("nodata: %v", err)
	}
	if _, err := r.LookupTXT(ctx, "sf.kinds.test"); kind(err) != KindSERVFAIL || IsNotFound(err) {
		t.Errorf("servfail: %v", err)
	}
	if _, err := r.LookupTXT(ctx, "ref.kinds.test"); kind(err) != KindREFUSED {
		t.Errorf("refused: %v", err)
	}
	if a, err := r.LookupA(ctx, "alias.kinds.test"); err != nil || len(a) != 1 || a[0] != mustAddr("192.0.2.1") {
		t.Errorf("A via CNAME: %v %v", a, err)
	}
	if a, err := r.LookupAAAA(ctx, "a.kinds.test"); err != nil || len(a) != 1 || a[0] != mustAddr("2001:db8::1") {
		t.Errorf("AAAA: %v %v", a, err)
	}
	if tg, err := r.LookupCNAME(ctx, "alias.kinds.test"); err != nil || tg != "a.kinds.test." {
		t.Errorf("CNAME: %q %v", tg, err)
	}
	if _, err := r.LookupCNAME(ctx, "a.kinds.test"); kind(err) != KindNODATA {
		t.Errorf("CNAME of non-alias: %v", err)
	}
	if ns, err := r.LookupNS(ctx, "kinds.test"); err != nil || len(ns) != 1 {
		t.Errorf("NS: %v %v", ns, err)
	}
	if mx, err := r.LookupMX(ctx, "kinds.test"); err != nil || len(mx) != 1 || mx[0].Host != "." {
		t.Errorf("null MX: %v %v", mx, err)
	}
	if err := fmt.Sprint(func() error { _, e := r.LookupTXT(ctx, "sf.kinds.test"); return e }()); !strings.Contains(err, "SERVFAIL") {
		t.Errorf("error text %q", err)
	}
}

func TestMXProblems(t *testing.T) {
	s := startServer(t, `
null.test.        MX  0 .
lit.test.         MX  10 192.0.2.5.
cn.test.          MX  10 alias.cn.test.
alias.cn.test.    CNAME real.cn.test.
real.cn.test.     A   192.0.2.7
priv.test.        MX  10 mx.priv.test.
mx.priv.test.     A   10.0.0.5
impl.test.        A   192.0.2.8
dead.test.        MX  10 gone.dead.test.
dead.test.        MX  20 mx.ok.test.
mx.ok.test.       A   192.0.2.9
allgone.test.     MX  10 gone.allgone.test.
empty.test.       TXT "x"
`, nil)
	c := s.checker()
	ctx := context.Background()
	wantProblem(t, c.CheckMX(ctx, "null.test", nil, ""), "mx-null", Fail)
	wantProblem(t, c.CheckMX(ctx, "lit.test", nil, ""), "mx-ip-literal", Fail)
	r := c.CheckMX(ctx, "cn.test", nil, "")
	wantVerdict(t, r, Warn)
	wantProblem(t, r, "mx-cname", Warn)
	wantProblem(t, c.CheckMX(ctx, "priv.test", nil, ""), "mx-private-ip", Fail)
	r = c.CheckMX(ctx, "impl.test", []netip.Addr{mustAddr("192.0.2.8")}, "")
	wantProblem(t, r, "mx-missing-public", Warn)
	if !r.MX.Implicit || r.PointsHere == nil || !*r.PointsHere {
		t.Errorf("implicit %+v %v", r.MX, r.PointsHere)
	}
	wantProblem(t, c.CheckMX(ctx, "dead.test", nil, ""), "mx-unresolvable", Warn)
	wantProblem(t, c.CheckMX(ctx, "allgone.test", nil, ""), "mx-unresolvable", Fail)
	wantProblem(t, c.CheckMX(ctx, "empty.test", nil, ""), "mx-missing-public", Fail)
	wantProblem(t, c.CheckMX(ctx, "nosuch.test", nil, ""), "domain-nxdomain", Fail)
}

func TestParseResolverAddr(t *testing.T) {
	for in, want := range map[string]string{
		"192.0.2.53":        "192.0.2.53:53",
		" 192.0.2.53:5353 ": "192.0.2.53:5353",
		"2001:db8::53":      "[2001:db8::53]:53",
		"[::1]:5353":        "[::1]:5353",
		"[::1]":             "[::1]:53",
		"dns.example:53":    "dns.example:53",
	} {
		got, err := ParseResolverAddr(in)
		if err != nil || got != want {
			t.Errorf("ParseResolverAddr(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "dns.example", "1.2.3.4:0", "1.2.3.4:99999", "1.2.3.4:x", "a b:53", "fe80::1%eth0"} {
		if got, err := ParseResolverAddr(in); err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("ParseResolverAddr(%q) = %q, %v; want a one-line error", in, got, err)
		}
	}
}

func TestResolvConf(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "resolv.conf")
	if err := os.WriteFile(p, []byte("# x\nsearch example.test\nnameserver 192.0.2.53\nnameserver 192.0.2.54\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if got, err := resolvConfAddr(p); err != nil || got != "192.0.2.53:53" {
		t.Errorf("got %q %v", got, err)
	}
	if err := os.WriteFile(p, []byte("search x\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if _, err := resolvConfAddr(p); err == nil {
		t.Error("want error without nameserver")
	}
}

func TestReverseIP(t *testing.T) {
	if got := reverseIP(mustAddr("192.0.2.20")); got != "20.2.0.192" {
		t.Errorf("v4 %q", got)
	}
	if got := reverseIP(mustAddr("2001:db8::1")); got != "1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2" {
		t.Errorf("v6 %q", got)
	}
}

func TestVerdictJSON(t *testing.T) {
	for _, v := range []Verdict{Pass, Unknown, Warn, Fail} {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		var back Verdict
		if err := json.Unmarshal(b, &back); err != nil || back != v {
			t.Errorf("%v: %s %v", v, b, err)
		}
	}
	if _, err := json.Marshal(Verdict(0)); err == nil {
		t.Error("zero verdict marshalled")
	}
	if (Report{}).Worst() != Pass {
		t.Error("empty report not pass")
	}
}
