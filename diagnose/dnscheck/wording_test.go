package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net/netip"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/i18n"
)

// The tests below produce the problems and summaries the other tests do
// not, each with the arguments its words need, so that every message of
// the catalogs is rendered (TestMain).

func TestMXWordings(t *testing.T) {
	s := startServer(t, `
dup.test.          MX  10 mx.dup.test.
dup.test.          MX  20 MX.dup.test.
mx.dup.test.       A   192.0.2.30
mixed.test.        MX  0 .
mixed.test.        MX  10 mx.mixed.test.
mx.mixed.test.     A   192.0.2.31
m365.test.         MX  0 m365-test.mail.protection.msv1.invalid.
sfhost.test.       MX  10 mx.sfhost.test.
plain.test.        MX  10 mx.plain.test.
mx.plain.test.     A   192.0.2.32
`, map[string]dnstest.Behaviour{"mx.sfhost.test.": behServfail})
	c := s.checker()
	ctx := context.Background()

	p := wantProblem(t, c.CheckMX(ctx, "dup.test", nil, ""), "mx-duplicate", Warn)
	wantArg(t, p.Text, "Host", "MX.dup.test.")
	p = wantProblem(t, c.CheckMX(ctx, "mixed.test", nil, ""), "mx-null", Fail)
	if p.Text.ID != "dns.mx-null.mixed" {
		t.Errorf("null MX among others: %+v", p.Text)
	}
	r := c.CheckMX(ctx, "m365.test", nil, "")
	p = wantProblem(t, r, "mx-placeholder", Warn)
	wantArg(t, p.Text, "Host", "m365-test.mail.protection.msv1.invalid.")
	wantProblem(t, r, "mx-unresolvable", Fail)
	r = c.CheckMX(ctx, "sfhost.test", nil, "")
	wantVerdict(t, r, Unknown)
	p = wantProblem(t, r, "mx-lookup-failed", Unknown)
	wantArg(t, p.Text, "Host", "mx.sfhost.test.")
	wantArg(t, p.Text, "Error", "dns.lookup-error.servfail")
	r.Render(englishWords(t))
	if h := r.MX.Hosts[0]; h.ErrorText.ID != "dns.lookup-error.servfail" || !strings.Contains(h.Error, "SERVFAIL") {
		t.Errorf("host %+v", h)
	}
	r = c.CheckMX(ctx, "plain.test", nil, "")
	wantVerdict(t, r, Pass)
	if r.SummaryText.ID != "dns.summary.mx" || r.SummaryText.Args["Hosts"] != 1 || r.SummaryText.Args["Reachable"] != 1 {
		t.Errorf("summary %+v", r.SummaryText)
	}
}

func TestAuthorityWordings(t *testing.T) {
	s := startServer(t, `
elsewhere.test.               NS   ns1.other-dns.test.
elsewhere.test.               MX   10 mx.elsewhere.test.
diff.test.                    NS   ns1.host.test.
default._domainkey.diff.test. TXT  "v=DKIM1; k=ed25519; p=AAAA"
_dmarc.diff.test.             TXT  "v=DMARC1; p=reject"
`, nil)
	c := s.checker()
	ctx := context.Background()
	notLocal := false

	r := c.CheckAuthority(ctx, ZoneView{Domain: "elsewhere.test", LocalAuthority: &notLocal,
		SPF: []string{"v=spf1 -all"}, DKIM: map[string][]string{"default": {"v=DKIM1; p=abc"}}, DMARC: []string{"v=DMARC1; p=none"}})
	p := wantProblem(t, r, "nameservers-elsewhere", Warn)
	if p.Text.ID != "dns.nameservers-elsewhere" {
		t.Errorf("no cPanel nameservers known: %+v", p.Text)
	}
	wantArg(t, p.Text, "PublicNS", "ns1.other-dns.test.")
	p = wantProblem(t, r, "public-mx-mismatch", Fail)
	wantArg(t, p.Text, "Public", "10 mx.elsewhere.test.")
	wantArg(t, p.Text, "CPanel", "dns.none")
	for _, id := range []string{"spf-missing-public", "dkim-missing-public", "dmarc-missing-public"} {
		v := Fail
		if id == "dmarc-missing-public" {
			v = Warn
		}
		p = wantProblem(t, r, id, v)
		if !strings.HasSuffix(p.Text.ID, ".zone") {
			t.Errorf("%s: %+v", id, p.Text)
		}
	}

	r = c.CheckAuthority(ctx, ZoneView{Domain: "diff.test",
		DKIM: map[string][]string{"default": {"v=DKIM1; k=ed25519; p=BBBB"}}, DMARC: []string{"v=DMARC1; p=none"}})
	p = wantProblem(t, r, "dkim-public-mismatch", Fail)
	wantArg(t, p.Text, "Name", "default._domainkey.diff.test.")
	wantArg(t, p.Text, "Public", "v=DKIM1; k=ed25519; p=AAAA")
	wantArg(t, p.Text, "CPanel", "v=DKIM1; k=ed25519; p=BBBB")
	p = wantProblem(t, r, "dmarc-public-mismatch", Warn)
	wantArg(t, p.Text, "Record", "DMARC")

	r = c.CheckAuthority(ctx, ZoneView{Domain: "nowhere.test"})
	wantVerdict(t, r, Fail)
	p = wantProblem(t, r, "domain-nxdomain", Fail)
	wantArg(t, p.Text, "Domain", "nowhere.test.")
}

func TestSPFWordings(t *testing.T) {
	var long strings.Builder
	long.WriteString("v=spf1")
	for i := 1; i <= 40; i++ {
		fmt.Fprintf(&long, " ip4:198.51.100.%d", i)
	}
	long.WriteString(" -all")
	var manyMX strings.Builder
	for i := 1; i <= 11; i++ {
		fmt.Fprintf(&manyMX, "manymx.test. MX %d mx%d.manymx.test.\n", i, i)
	}
	s := startServer(t, `
after.test.       TXT "v=spf1 -all ip4:192.0.2.1"
redir.test.       TXT "v=spf1 redirect=_spf.host.test -all"
dupinc.test.      TXT "v=spf1 include:_spf.host.test include:_spf.host.test -all"
_spf.host.test.   TXT "v=spf1 ip4:198.51.100.0/24 -all"
near.test.        TXT "v=spf1 a:h1.near.test a:h2.near.test a:h3.near.test a:h4.near.test a:h5.near.test a:h6.near.test a:h7.near.test a:h8.near.test -all"
h1.near.test.     A   198.51.100.1
h2.near.test.     A   198.51.100.2
h3.near.test.     A   198.51.100.3
h4.near.test.     A   198.51.100.4
h5.near.test.     A   198.51.100.5
h6.near.test.     A   198.51.100.6
h7.near.test.     A   198.51.100.7
h8.near.test.     A   198.51.100.8
neutral.test.     TXT "v=spf1 ip4:198.51.100.1 ?all"
noall.test.       TXT "v=spf1 ip4:198.51.100.1"
ptr.test.         TXT "v=spf1 ptr -all"
loop.test.        TXT "v=spf1 include:loop2.test -all"
loop2.test.       TXT "v=spf1 include:loop.test -all"
rloop.test.       TXT "v=spf1 redirect=rloop2.test"
rloop2.test.      TXT "v=spf1 redirect=rloop.test"
space.test.       TXT " v=spf1 -all"
long.test.        TXT `+txtRecord(long.String())+`
multinc.test.     TXT "v=spf1 include:two.inc.test -all"
two.inc.test.     TXT "v=spf1 ip4:198.51.100.1 -all"
two.inc.test.     TXT "v=spf1 ip4:198.51.100.2 -all"
manymx.test.      TXT "v=spf1 mx -all"
`+manyMX.String(), nil)
	c := s.checker()
	ctx := context.Background()
	ip := mustAddr("192.0.2.10")

	p := wantProblem(t, c.CheckSPF(ctx, "after.test", ip), "spf-after-all", Warn)
	wantArg(t, p.Text, "Term", "ip4:192.0.2.1")
	p = wantProblem(t, c.CheckSPF(ctx, "redir.test", ip), "spf-after-all", Warn)
	if p.Text.ID != "dns.spf-after-all.redirect" {
		t.Errorf("redirect with all: %+v", p.Text)
	}
	p = wantProblem(t, c.CheckSPF(ctx, "dupinc.test", ip), "spf-duplicate-include", Warn)
	wantArg(t, p.Text, "Include", "_spf.host.test")
	p = wantProblem(t, c.CheckSPF(ctx, "near.test", ip), "spf-lookups-near-limit", Warn)
	wantArg(t, p.Text, "Lookups", 8)
	wantArg(t, p.Text, "Limit", 10)
	r := c.CheckSPF(ctx, "neutral.test", ip)
	wantProblem(t, r, "spf-neutral-all", Warn)
	p = wantProblem(t, r, "spf-ip-not-authorized", Warn)
	wantArg(t, p.Text, "Result", "neutral")
	wantArg(t, p.Text, "Matched", "?all")
	r = c.CheckSPF(ctx, "noall.test", ip)
	wantProblem(t, r, "spf-no-all", Warn)
	p = wantProblem(t, r, "spf-ip-not-authorized", Warn)
	wantArg(t, p.Text, "Matched", "dns.spf-matched.none")
	wantArg(t, p.Text, "Matched", "192.0.2.10")
	wantProblem(t, c.CheckSPF(ctx, "ptr.test", ip), "spf-ptr", Warn)
	r = c.CheckSPF(ctx, "loop.test", ip)
	p = wantProblem(t, r, "spf-syntax", Fail)
	if p.Text.ID != "dns.spf-syntax.include-loop" {
		t.Errorf("include loop: %+v", p.Text)
	}
	wantArg(t, p.Text, "Target", "loop.test.")
	if n := r.SPF.Tree.Children[0]; n.ErrorText.ID != "dns.spf-node.include-loop" || n.ErrorText.Args["Target"] != "loop.test." {
		t.Errorf("tree node %+v", n)
	}
	p = wantProblem(t, c.CheckSPF(ctx, "rloop.test", ip), "spf-syntax", Fail)
	if p.Text.ID != "dns.spf-syntax.redirect-loop" {
		t.Errorf("redirect loop: %+v", p.Text)
	}
	r = c.CheckSPF(ctx, "space.test", ip)
	p = wantProblem(t, r, "spf-syntax", Warn)
	wantArg(t, p.Text, "Record", " v=spf1 -all")
	wantProblem(t, r, "spf-missing-public", Fail)
	p = wantProblem(t, c.CheckSPF(ctx, "long.test", ip), "spf-too-long", Warn)
	if n, _ := p.Text.Args["Length"].(int); n <= 450 {
		t.Errorf("length %v", p.Text.Args["Length"])
	}
	p = wantProblem(t, c.CheckSPF(ctx, "multinc.test", ip), "spf-multiple", Fail)
	wantArg(t, p.Text, "Domain", "two.inc.test.")
	wantArg(t, p.Text, "Via", "include")
	wantArg(t, p.Text, "Records", 2)
	p = wantProblem(t, c.CheckSPF(ctx, "manymx.test", ip), "spf-lookup-limit", Fail)
	wantArg(t, p.Text, "Hosts", 11)
	wantArg(t, p.Text, "Limit", 10)

	r = c.CheckSPF(ctx, "_spf.host.test", netip.Addr{})
	wantVerdict(t, r, Pass)
	if r.SummaryText.ID != "dns.summary.spf" || r.SummaryText.Args["Lookups"] != 0 {
		t.Errorf("summary %+v", r.SummaryText)
	}
}

func TestDKIMWordings(t *testing.T) {
	// A 512-bit RSA key (openssl genrsa 512): Go refuses to make one.
	const weak = "MFwwDQYJKoZIhvcNAQEBBQADSwAwSAJBAMTNtdzmVgldjy00lUHpwCyBjhwJHAU4FafpSt8jCcHC/j7xExx1E74TlFOVB3Y3MVXmzA+UNvVbbIhknKfGRJcCAwEAAQ=="
	s := startServer(t, `
two._domainkey.dk2.test.   TXT "v=DKIM1; k=ed25519; p=`+ed25519Key(t)+`"
two._domainkey.dk2.test.   TXT "v=DKIM1; k=ed25519; p=`+ed25519Key(t)+`"
sha1._domainkey.dk2.test.  TXT "v=DKIM1; k=ed25519; h=sha1; p=`+ed25519Key(t)+`"
svc._domainkey.dk2.test.   TXT "v=DKIM1; k=ed25519; s=other; p=`+ed25519Key(t)+`"
weak._domainkey.dk2.test.  TXT "v=DKIM1; k=rsa; p=`+weak+`"
`, nil)
	c := s.checker()
	ctx := context.Background()

	p := wantProblem(t, c.CheckDKIM(ctx, "dk2.test", "two", ""), "dkim-multiple", Fail)
	wantArg(t, p.Text, "Records", 2)
	wantArg(t, p.Text, "Name", "two._domainkey.dk2.test.")
	p = wantProblem(t, c.CheckDKIM(ctx, "dk2.test", "sha1", ""), "dkim-sha1", Warn)
	wantArg(t, p.Text, "Hashes", "sha1")
	p = wantProblem(t, c.CheckDKIM(ctx, "dk2.test", "svc", ""), "dkim-syntax", Fail)
	wantArg(t, p.Text, "Services", "other")
	p = wantProblem(t, c.CheckDKIM(ctx, "dk2.test", "weak", ""), "dkim-weak-key", Fail)
	if p.Text.ID != "dns.dkim-weak-key.rejected" {
		t.Errorf("512-bit key: %+v", p.Text)
	}
	wantArg(t, p.Text, "Bits", 512)
}

func TestDMARCWordings(t *testing.T) {
	s := startServer(t, `
_dmarc.nop.test.    TXT "v=DMARC1; rua=mailto:d@nop.test"
_dmarc.spfy.test.   TXT "v=spf1 -all"
_dmarc.norua.test.  TXT "v=DMARC1; p=reject"
_dmarc.many.test.   TXT "v=DMARC1; p=reject; rua=mailto:a@many.test,mailto:b@many.test,mailto:c@many.test"
`, nil)
	c := s.checker()
	ctx := context.Background()

	p := wantProblem(t, c.CheckDMARC(ctx, "nop.test"), "dmarc-invalid", Warn)
	if p.Text.ID != "dns.dmarc-invalid.no-policy" {
		t.Errorf("no p=: %+v", p.Text)
	}
	p = wantProblem(t, c.CheckDMARC(ctx, "spfy.test"), "dmarc-invalid", Fail)
	if p.Text.ID != "dns.dmarc-invalid.spf" {
		t.Errorf("SPF at _dmarc: %+v", p.Text)
	}
	wantArg(t, p.Text, "Name", "_dmarc.spfy.test.")
	wantProblem(t, c.CheckDMARC(ctx, "norua.test"), "dmarc-no-rua", Warn)
	p = wantProblem(t, c.CheckDMARC(ctx, "many.test"), "dmarc-rua-many", Warn)
	wantArg(t, p.Text, "URIs", 3)
}

func TestPTRWordings(t *testing.T) {
	s := startServer(t, `
11.2.0.192.in-addr.arpa.  PTR a.multi.test.
11.2.0.192.in-addr.arpa.  PTR b.multi.test.
a.multi.test.             A   192.0.2.11
b.multi.test.             A   192.0.2.11
12.2.0.192.in-addr.arpa.  PTR sf.ptr.test.
`, map[string]dnstest.Behaviour{"sf.ptr.test.": behServfail})
	c := s.checker()
	ctx := context.Background()

	p := wantProblem(t, c.CheckPTR(ctx, mustAddr("192.0.2.11"), ""), "ptr-multiple", Warn)
	wantArg(t, p.Text, "IP", "192.0.2.11")
	wantArg(t, p.Text, "Records", 2)
	r := c.CheckPTR(ctx, mustAddr("192.0.2.12"), "")
	wantVerdict(t, r, Unknown)
	p = wantProblem(t, r, "ptr-lookup-failed", Unknown)
	if p.Text.ID != "dns.ptr-lookup-failed.forward" {
		t.Errorf("forward lookup failed: %+v", p.Text)
	}
	wantVerdict(t, c.CheckPTR(ctx, netip.Addr{}, ""), Unknown)
	wantProblem(t, c.CheckPTR(ctx, netip.Addr{}, ""), "ptr-no-ip", Unknown)
}

// TestBlocklistCodeWordings asks every default list about every code it
// knows, and about codes it does not: each listing and refusal names the
// code's message.
func TestBlocklistCodeWordings(t *testing.T) {
	ipLists := DefaultIPBlocklists()
	for i := range ipLists {
		ipLists[i].Zone = fmt.Sprintf("l%d.bl.test.", i)
	}
	domLists := DefaultDomainBlocklists()
	domLists[0].Zone = "dbl.bl.test."
	var zone strings.Builder
	type probe struct {
		key, code, messageID string
		domain               bool
		verdict              Verdict
	}
	var probes []probe
	n := 0
	for i, l := range ipLists {
		for code, lc := range l.Codes {
			n++
			ip := fmt.Sprintf("192.0.%d.%d", 2+n/250, n%250+1)
			fmt.Fprintf(&zone, "%s.%s A %s\n", reverseIP(mustAddr(ip)), ipLists[i].Zone, code)
			probes = append(probes, probe{ip, code, lc.MessageID, false, lc.Verdict})
		}
	}
	for code, lc := range domLists[0].Codes {
		n++
		d := fmt.Sprintf("d%d.test", n)
		fmt.Fprintf(&zone, "%s.dbl.bl.test. A %s\n", d, code)
		probes = append(probes, probe{d, code, lc.MessageID, true, lc.Verdict})
	}
	// Codes the lists do not know.
	fmt.Fprintf(&zone, "%s.l0.bl.test. A 127.0.0.99\n", reverseIP(mustAddr("198.51.100.1")))
	fmt.Fprintf(&zone, "%s.l1.bl.test. A 127.255.255.1\n", reverseIP(mustAddr("198.51.100.2")))
	fmt.Fprintf(&zone, "%s.l3.bl.test. A 10.0.0.1\n", reverseIP(mustAddr("198.51.100.3")))
	probes = append(probes,
		probe{"198.51.100.1", "127.0.0.99", "dns.blocklist.code.listed", false, Fail},
		probe{"198.51.100.2", "127.255.255.1", "dns.blocklist.code.error", false, Unknown},
		probe{"198.51.100.3", "10.0.0.1", "dns.blocklist.outside-loopback", false, Unknown})

	s := startServer(t, zone.String(), nil)
	c := s.checker()
	c.Lists, c.DomainLists = ipLists, domLists
	ctx := context.Background()
	for _, pr := range probes {
		if pr.messageID == "" {
			t.Errorf("code %s has no message", pr.code)
			continue
		}
		var r Result
		id := "ip-blocklisted"
		if pr.domain {
			r, id = c.CheckDomainBlocklists(ctx, pr.key), "domain-blocklisted"
		} else {
			r = c.CheckIPBlocklists(ctx, mustAddr(pr.key))
		}
		if pr.verdict == Unknown {
			id = "blocklist-unavailable"
		}
		p := wantProblem(t, r, id, pr.verdict)
		wantArg(t, p.Text, "Meaning", pr.messageID)
		if id != "blocklist-unavailable" {
			wantArg(t, p.Text, "Codes", pr.code)
		} else {
			wantArg(t, p.Text, "Meaning", pr.code)
		}
	}
	p := wantProblem(t, c.CheckIPBlocklists(ctx, netip.Addr{}), "blocklist-no-ip", Unknown)
	if len(p.Text.Args) != 0 {
		t.Errorf("no IP: %+v", p.Text)
	}
}

// rootless is a Resolver that knows no nameservers for the root, and says
// so without an error.
type rootless struct{ Resolver }

func (rootless) LookupNS(context.Context, string) ([]string, error) { return nil, nil }

func TestPublicDNSBlindness(t *testing.T) {
	ok := startServer(t, `example.test. A 192.0.2.1`, nil)
	blind := startServer(t, `example.test. A 192.0.2.1`, map[string]dnstest.Behaviour{".": behServfail})
	ctx := context.Background()
	r := NewResolver(ok.addr, 300*time.Millisecond)
	if x := PublicDNSBlindness(ctx, r); !x.IsZero() {
		t.Errorf("a resolver of the public DNS: %+v", x)
	}
	br := NewResolver(blind.addr, 300*time.Millisecond)
	x := PublicDNSBlindness(ctx, br)
	if x.ID != "dns.blind.root-lookup" || !strings.Contains(fmt.Sprint(x.Args["Error"]), "SERVFAIL") {
		t.Errorf("SERVFAIL for the root: %+v", x)
	}
	y := PublicDNSBlindness(ctx, rootless{r})
	if y.ID != "dns.blind.no-root-ns" {
		t.Errorf("no root nameservers: %+v", y)
	}
	seen.addText(x, y)
}

// TestLookupErrorWords checks that every kind of lookup failure has a
// message, worded in English as the failure's description in the detail
// fields (describeErr).
func TestLookupErrorWords(t *testing.T) {
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := cat.Localizer("en")
	errs := []error{errors.New("lookup: network is unreachable")}
	for _, k := range []ErrKind{KindTIMEOUT, KindSERVFAIL, KindREFUSED, KindNXDOMAIN, KindNODATA, KindOTHER} {
		errs = append(errs, &LookupError{Name: "example.test.", Type: "TXT", Kind: k})
	}
	for _, e := range errs {
		x := errText(e)
		seen.addText(x)
		if got, want := en.Text(x), describeErr(e); got != want {
			t.Errorf("%v: %q, want %q", e, got, want)
		}
	}
	if x, ok := orNone(names(nil)).(msg.Text); !ok || x.ID != "dns.none" {
		t.Errorf("no names: %+v", orNone(names(nil)))
	}
}
