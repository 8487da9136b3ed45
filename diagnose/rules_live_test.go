package diagnose

import (
	"context"
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/i18n"
)

// liveKey is a fresh Ed25519 DKIM public key, base64.
func liveKey(t testing.TB) string {
	t.Helper()
	pub, _, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	return base64.StdEncoding.EncodeToString(pub)
}

// publicZone is the public DNS of configSnapBase's example.com when all
// is well; the DKIM key is key.
func publicZone(key string) string {
	return `
example.com.                     NS   ns1.host.example.
example.com.                     NS   ns2.host.example.
example.com.                     A    203.0.113.10
example.com.                     MX   0 mail.example.com.
mail.example.com.                A    203.0.113.10
example.com.                     TXT  "v=spf1 +a +mx +ip4:203.0.113.10 ~all"
default._domainkey.example.com.  TXT  "v=DKIM1; k=ed25519; p=` + key + `"
_dmarc.example.com.              TXT  "v=DMARC1; p=none;"
10.113.0.203.in-addr.arpa.       PTR  server1.host.example.
server1.host.example.            A    203.0.113.10
`
}

// liveSnap is configSnapBase signing with key, checked against zone.
func liveSnap(t testing.TB, key, zone string) *Snapshot {
	t.Helper()
	s := configSnapBase()
	s.DKIM[0].Expected = cpanel.String("v=DKIM1; k=ed25519; p=" + key)
	srv, err := dnstest.Start(zone, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(srv.Close)
	lists := dnscheck.DefaultIPBlocklists()[:1]
	lists[0].Zone = "zen.bl.test."
	c := &dnscheck.Checker{
		Resolver:    dnscheck.NewResolver(srv.Addr, 500*time.Millisecond),
		Timeout:     5 * time.Second,
		Lists:       lists,
		DomainLists: []dnscheck.Blocklist{},
	}
	CheckLiveDNS(context.Background(), s, c, nil)
	return s
}

func liveFindings(rep *Report) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		for _, r := range rulesIn(AreaLiveDNS) {
			if f.ID == r.ID {
				out = append(out, f)
			}
		}
	}
	return out
}

func TestLiveDNSHealthyIsQuiet(t *testing.T) {
	key := liveKey(t)
	s := liveSnap(t, key, publicZone(key))
	if len(s.LiveDNS) != 1 || s.LiveDNS[0].Domain != "example.com." {
		t.Fatalf("live reports %+v", s.LiveDNS)
	}
	if !s.Covered(SrcLiveDNS) {
		t.Errorf("coverage %+v", s.Coverage)
	}
	rep := findings(t, s, i18n.English)
	for _, f := range liveFindings(rep) {
		if f.Severity > Info {
			t.Errorf("unexpected %s %s: %s — %s", f.ID, f.Subject, f.Title, f.Detail)
		}
	}
	for _, r := range s.LiveDNS[0].Results {
		if r.Verdict != dnscheck.Pass && r.Check != "dmarc" {
			t.Errorf("%s %s: %v %s", r.Check, r.Subject, r.Verdict, r.Summary)
		}
	}
}

func TestLiveDNSFindings(t *testing.T) {
	key := liveKey(t)
	var spf strings.Builder
	spf.WriteString(`example.com. TXT "v=spf1`)
	for i := range 11 {
		fmt.Fprintf(&spf, " include:s%d.esp.example", i)
	}
	spf.WriteString(` ~all"` + "\n")
	for i := range 11 {
		fmt.Fprintf(&spf, "s%d.esp.example. TXT \"v=spf1 ip4:198.51.100.%d -all\"\n", i, i)
	}
	zone := `
example.com.                     NS   ada.ns.cloudflare.example.
example.com.                     NS   bob.ns.cloudflare.example.
example.com.                     MX   10 mx.mailhost.example.
mx.mailhost.example.             A    198.51.100.200
default._domainkey.example.com.  TXT  "v=DKIM1; k=ed25519; p=` + liveKey(t) + `"
_dmarc.example.com.              TXT  "v=DMARC1; p=maybe"
10.113.0.203.in-addr.arpa.       PTR  server1.host.example.
server1.host.example.            A    203.0.113.99
10.113.0.203.zen.bl.test.        A    127.0.0.2
` + spf.String()
	s := liveSnap(t, key, zone)

	// The snapshot round-trips with its live results.
	var buf strings.Builder
	if err := s.Write(&buf); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSnapshot(strings.NewReader(buf.String()))
	if err != nil {
		t.Fatal(err)
	}

	for _, l := range i18n.Languages() {
		rep := findings(t, back, l)
		expect(t, rep, "nameservers-elsewhere", "example.com", Warn)
		expect(t, rep, "public-mx-mismatch", "example.com", Fail)
		expect(t, rep, "spf-lookup-limit", "example.com", Fail)
		expect(t, rep, "spf-ip-not-authorized", "example.com", Fail)
		expect(t, rep, "dkim-key-mismatch", "example.com", Fail)
		expect(t, rep, "dmarc-invalid", "example.com", Fail)
		expect(t, rep, "ptr-not-confirmed", "203.0.113.10", Fail)
		bl := expect(t, rep, "ip-blocklisted", "203.0.113.10", Fail)
		if !strings.Contains(bl.Remedy, "spamhaus.org") {
			t.Errorf("%s: blocklist remedy names no removal page: %q", l, bl.Remedy)
		}
		for _, f := range liveFindings(rep) {
			if l == i18n.TraditionalChinese && !hasHan(f.Title+f.Detail+f.Remedy) {
				t.Errorf("%s: %s is not in Chinese: %s", l, f.ID, f.Detail)
			}
			if len(f.Evidence) == 0 {
				t.Errorf("%s: %s has no evidence", l, f.ID)
			}
		}
	}
	rep := findings(t, back, i18n.English)
	ns := expect(t, rep, "nameservers-elsewhere", "example.com", Warn)
	for _, want := range []string{"ada.ns.cloudflare.example", "MX", "SPF", "DMARC"} {
		if !strings.Contains(ns.Detail, want) {
			t.Errorf("nameservers-elsewhere detail lacks %q: %s", want, ns.Detail)
		}
	}
	lim := expect(t, rep, "spf-lookup-limit", "example.com", Fail)
	if !strings.Contains(lim.Detail, "takes 11 DNS lookups") {
		t.Errorf("spf-lookup-limit detail: %s", lim.Detail)
	}
	js, _ := json.Marshal(rep)
	if strings.Contains(string(js), `"id":"dns-problem"`) && !strings.Contains(string(js), "DMARC") {
		t.Errorf("report: %s", js)
	}
}

func TestLiveDNSUnreachableIsCoverageNotFindings(t *testing.T) {
	s := configSnapBase()
	c := &dnscheck.Checker{
		// A port nobody answers on: every query times out.
		Resolver:    dnscheck.NewResolver("127.0.0.1:9", 100*time.Millisecond),
		Timeout:     2 * time.Second,
		Lists:       []dnscheck.Blocklist{},
		DomainLists: []dnscheck.Blocklist{},
	}
	CheckLiveDNS(context.Background(), s, c, nil)
	if s.Covered(SrcLiveDNS) {
		t.Fatalf("live DNS reported covered although nothing answered: %+v", s.Coverage)
	}
	rep := findings(t, s, i18n.English)
	for _, f := range liveFindings(rep) {
		t.Errorf("a DNS failure became a finding: %s %s", f.ID, f.Detail)
	}
	found := false
	for _, c := range rep.Coverage {
		if strings.HasPrefix(c.Source, SrcLiveDNS) && !c.OK && c.Error != "" {
			found = true
		}
	}
	if !found {
		t.Errorf("coverage lacks the live DNS gap: %+v", rep.Coverage)
	}
}

// rulesIn returns the default rules of one area.
func rulesIn(a Area) []Rule {
	var out []Rule
	for _, r := range Rules() {
		if r.Area == a {
			out = append(out, r)
		}
	}
	return out
}
