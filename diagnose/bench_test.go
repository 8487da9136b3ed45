package diagnose

import (
	"fmt"
	"strings"
	"testing"
)

// benchLiveZone is a public zone with most live problems at once: other
// nameservers, another MX, SPF over the lookup limit, a foreign DKIM key,
// a broken DMARC record, an unconfirmed PTR and a blocklisting.
func benchLiveZone(key string) string {
	var spf strings.Builder
	spf.WriteString(`example.com. TXT "v=spf1`)
	for i := range 11 {
		fmt.Fprintf(&spf, " include:s%d.esp.example", i)
	}
	spf.WriteString(` ~all"` + "\n")
	for i := range 11 {
		fmt.Fprintf(&spf, "s%d.esp.example. TXT \"v=spf1 ip4:198.51.100.%d ptr -all\"\n", i, i)
	}
	return `
example.com.                     NS   ada.ns.cloudflare.example.
example.com.                     NS   bob.ns.cloudflare.example.
example.com.                     MX   10 mx.mailhost.example.
mx.mailhost.example.             A    198.51.100.200
default._domainkey.example.com.  TXT  "v=DKIM1; k=ed25519; p=` + key + `"
_dmarc.example.com.              TXT  "v=DMARC1; p=maybe"
10.113.0.203.in-addr.arpa.       PTR  server1.host.example.
server1.host.example.            A    203.0.113.99
10.113.0.203.zen.bl.test.        A    127.0.0.2
` + spf.String()
}

// BenchmarkEvaluate runs the rules over a snapshot with live DNS results
// (checked once, before the timer) and delivery problems, in each language.
func BenchmarkEvaluate(b *testing.B) {
	key := liveKey(b)
	s := liveSnap(b, key, benchLiveZone(liveKey(b)))
	s.Deliveries = append(s.Deliveries, deliverySnapBase().Deliveries...)
	for i := range 200 {
		to := fmt.Sprintf("user%d@example.org", i%40)
		s.Deliveries = append(s.Deliveries,
			rec("failure", "acme", "info@example.com", to, "550 5.1.1 <"+to+">: Recipient address rejected: User unknown", i%47),
			rec("defer", "acme", "info@example.com", to, "451 4.7.650 The mail server has been temporarily rate limited", i%31),
			rec("rejected", "-remote-", to, fmt.Sprintf("nobody%d@example.com", i%7), "No Such User Here", i%29),
			rec("failure", "acme", "info@example.com", to, "550-5.7.26 Unauthenticated email from example.com is not accepted due to domain's DMARC policy", i%23))
	}
	b.ReportAllocs()
	for b.Loop() {
		rep := Evaluate(s, EvalOptions{Now: testNow})
		if len(rep.Findings) == 0 {
			b.Fatal("no findings")
		}
	}
}
