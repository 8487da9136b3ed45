package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// ListCode says what one blocklist answer means. MessageID, when set, is
// the catalog message that words Meaning (the default lists have one); a
// code without it is shown with Meaning as written.
type ListCode struct {
	Meaning   string  `json:"meaning"`
	Verdict   Verdict `json:"verdict"`
	MessageID string  `json:"message_id,omitempty"`
}

// text is the code's meaning as a message.
func (lc ListCode) text() msg.Text {
	if lc.MessageID != "" {
		return msg.New(lc.MessageID)
	}
	return msg.New("dns.value", "Value", lc.Meaning)
}

// Blocklist is one DNS blocklist zone (RFC 5782).
type Blocklist struct {
	Name string `json:"name"`
	Zone string `json:"zone"`
	// Domain is true for lists of domains (queried as <domain>.<zone>),
	// false for lists of IPs (queried as <reversed ip>.<zone>).
	Domain bool `json:"domain,omitempty"`
	// IPv6 is true when the list answers for IPv6 addresses.
	IPv6 bool `json:"ipv6,omitempty"`
	// URL is the list's lookup and removal page; "{}" stands for the IP
	// or domain.
	URL string `json:"url,omitempty"`
	// Codes interprets the A records the list answers with. A Verdict of
	// Unknown marks an answer that is a refusal, not a listing.
	Codes map[string]ListCode `json:"codes,omitempty"`
	// Listed is the verdict for a listing whose code is not in Codes.
	Listed Verdict `json:"listed"`
}

const publicResolverHint = "the list refuses queries from public or shared resolvers — use a private resolver, not a public one (e.g. a local unbound), or a Spamhaus DQS key"

func spamhausErrors(m map[string]ListCode) map[string]ListCode {
	m["127.255.255.252"] = ListCode{"typo in the DNSBL zone name", Unknown, "dns.blocklist.code.spamhaus-typo"}
	m["127.255.255.254"] = ListCode{"query via a public/open resolver refused: " + publicResolverHint, Unknown, "dns.blocklist.code.spamhaus-public-resolver"}
	m["127.255.255.255"] = ListCode{"excessive number of queries: " + publicResolverHint, Unknown, "dns.blocklist.code.spamhaus-rate-limit"}
	return m
}

// DefaultIPBlocklists returns the IP blocklists checked by default:
// Spamhaus ZEN, SpamCop, Barracuda and PSBL. (SORBS closed in 2024.)
func DefaultIPBlocklists() []Blocklist {
	return []Blocklist{
		{
			Name: "Spamhaus ZEN", Zone: "zen.spamhaus.org.", IPv6: true,
			URL: "https://check.spamhaus.org/results/?query={}",
			Codes: spamhausErrors(map[string]ListCode{
				"127.0.0.2":  {"SBL: Spamhaus Block List (spam source)", Fail, "dns.blocklist.code.sbl"},
				"127.0.0.3":  {"SBL CSS: snowshoe spam", Fail, "dns.blocklist.code.sbl-css"},
				"127.0.0.4":  {"XBL: exploited / infected host", Fail, "dns.blocklist.code.xbl"},
				"127.0.0.5":  {"XBL: exploited / infected host", Fail, "dns.blocklist.code.xbl"},
				"127.0.0.6":  {"XBL: exploited / infected host", Fail, "dns.blocklist.code.xbl"},
				"127.0.0.7":  {"XBL: exploited / infected host", Fail, "dns.blocklist.code.xbl"},
				"127.0.0.9":  {"DROP: hijacked or criminal network", Fail, "dns.blocklist.code.drop"},
				"127.0.0.10": {"PBL (ISP maintained): this IP should not send mail directly to MX servers", Fail, "dns.blocklist.code.pbl-isp"},
				"127.0.0.11": {"PBL (Spamhaus maintained): this IP should not send mail directly to MX servers", Fail, "dns.blocklist.code.pbl-spamhaus"},
				"127.0.0.30": {"BCL: botnet controller", Fail, "dns.blocklist.code.bcl"},
			}),
			Listed: Fail,
		},
		{
			Name: "SpamCop", Zone: "bl.spamcop.net.",
			URL:    "https://www.spamcop.net/bl.shtml?{}",
			Codes:  map[string]ListCode{"127.0.0.2": {"listed after spam reports (expires about 24 hours after the last report)", Warn, "dns.blocklist.code.spamcop"}},
			Listed: Warn,
		},
		{
			Name: "Barracuda", Zone: "b.barracudacentral.org.",
			URL:    "https://www.barracudacentral.org/lookups/lookup-reputation",
			Codes:  map[string]ListCode{"127.0.0.2": {"poor reputation (Barracuda Reputation Block List)", Fail, "dns.blocklist.code.barracuda"}},
			Listed: Fail,
		},
		{
			Name: "PSBL", Zone: "psbl.surriel.com.",
			URL:    "https://psbl.org/listing?ip={}",
			Codes:  map[string]ListCode{"127.0.0.2": {"listed by the Passive Spam Block List (spam trap hits)", Warn, "dns.blocklist.code.psbl"}},
			Listed: Warn,
		},
	}
}

// DefaultDomainBlocklists returns the domain blocklists checked by
// default: the Spamhaus DBL.
func DefaultDomainBlocklists() []Blocklist {
	return []Blocklist{{
		Name: "Spamhaus DBL", Zone: "dbl.spamhaus.org.", Domain: true,
		URL: "https://check.spamhaus.org/results/?query={}",
		Codes: spamhausErrors(map[string]ListCode{
			"127.0.1.2":   {"spam domain", Fail, "dns.blocklist.code.dbl-spam"},
			"127.0.1.4":   {"phishing domain", Fail, "dns.blocklist.code.dbl-phishing"},
			"127.0.1.5":   {"malware domain", Fail, "dns.blocklist.code.dbl-malware"},
			"127.0.1.6":   {"botnet C&C domain", Fail, "dns.blocklist.code.dbl-botnet"},
			"127.0.1.102": {"abused legitimate domain (spam)", Fail, "dns.blocklist.code.dbl-abused-spam"},
			"127.0.1.103": {"abused legitimate spammed redirector", Fail, "dns.blocklist.code.dbl-abused-redirector"},
			"127.0.1.104": {"abused legitimate domain (phishing)", Fail, "dns.blocklist.code.dbl-abused-phishing"},
			"127.0.1.105": {"abused legitimate domain (malware)", Fail, "dns.blocklist.code.dbl-abused-malware"},
			"127.0.1.106": {"abused legitimate domain (botnet C&C)", Fail, "dns.blocklist.code.dbl-abused-botnet"},
			"127.0.1.255": {"an IP was queried against the domain list", Unknown, "dns.blocklist.code.dbl-ip-queried"},
		}),
		Listed: Fail,
	}}
}

// ListResult is one blocklist's answer.
// Meaning says what the codes mean (a listing) or why the list could not
// say (Verdict Unknown): MeaningText, a message, in words when
// rendered (Result.Render).
type ListResult struct {
	Name        string   `json:"name"`
	Zone        string   `json:"zone"`
	Query       string   `json:"query"`
	Listed      bool     `json:"listed"`
	Codes       []string `json:"codes,omitempty"`
	Meaning     string   `json:"meaning,omitempty"`
	MeaningText msg.Text `json:"meaning_text,omitzero"`
	Reason      string   `json:"reason,omitempty"`
	Verdict     Verdict  `json:"verdict"`
	URL         string   `json:"url,omitempty"`
}

// BlocklistDetail is the blocklist checks' own output.
type BlocklistDetail struct {
	Lists []ListResult `json:"lists"`
}

// reverseIP returns "d.c.b.a" for IPv4 and 32 reversed nibbles for IPv6.
func reverseIP(a netip.Addr) string {
	a = a.Unmap()
	b := a.AsSlice()
	var parts []string
	if a.Is4() {
		for i := len(b) - 1; i >= 0; i-- {
			parts = append(parts, fmt.Sprint(b[i]))
		}
	} else {
		const hex = "0123456789abcdef"
		for i := len(b) - 1; i >= 0; i-- {
			parts = append(parts, string(hex[b[i]&0xf]), string(hex[b[i]>>4]))
		}
	}
	return strings.Join(parts, ".")
}

// CheckIPBlocklists looks ip up in the IP blocklists (Checker.Lists).
func (c *Checker) CheckIPBlocklists(ctx context.Context, ip netip.Addr) Result {
	ip = ip.Unmap()
	lists := c.Lists
	if lists == nil {
		lists = DefaultIPBlocklists()
	}
	res := Result{Check: "blocklist-ip", Subject: ip.String()}
	if !ip.IsValid() {
		res.add("blocklist-no-ip", "", Unknown)
		res.finish(msg.Text{})
		return res
	}
	var use []Blocklist
	for _, l := range lists {
		if !l.Domain && (ip.Is4() || l.IPv6) {
			use = append(use, l)
		}
	}
	return c.checkLists(ctx, res, reverseIP(ip), ip.String(), use, ProblemIPBlocklisted)
}

// CheckDomainBlocklists looks domain up in the domain blocklists
// (Checker.DomainLists).
func (c *Checker) CheckDomainBlocklists(ctx context.Context, domain string) Result {
	lists := c.DomainLists
	if lists == nil {
		lists = DefaultDomainBlocklists()
	}
	domain = normDomain(domain)
	res := Result{Check: "blocklist-domain", Subject: domain}
	var use []Blocklist
	for _, l := range lists {
		if l.Domain {
			use = append(use, l)
		}
	}
	return c.checkLists(ctx, res, strings.TrimSuffix(domain, "."), strings.TrimSuffix(domain, "."), use, "domain-blocklisted")
}

func (c *Checker) checkLists(ctx context.Context, res Result, key, subject string, lists []Blocklist, id string) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	out := make([]ListResult, len(lists))
	ev := make([][]Evidence, len(lists))
	var wg sync.WaitGroup
	for i, l := range lists {
		wg.Add(1)
		go func() {
			defer wg.Done()
			out[i], ev[i] = c.queryList(ctx, l, key, subject)
		}()
	}
	wg.Wait()
	res.Blocklist = &BlocklistDetail{Lists: out}
	listed := 0
	for i, lr := range out {
		res.Evidence = append(res.Evidence, ev[i]...)
		switch {
		case lr.Listed:
			listed++
			args := []any{"Subject", subject, "List", lr.Name, "Codes", names(lr.Codes), "Meaning", lr.MeaningText}
			if lr.Reason != "" {
				args = append(args, "Reason", lr.Reason)
			}
			if lr.URL != "" {
				args = append(args, "URL", lr.URL)
			}
			res.add(id, "", lr.Verdict, args...)
		case lr.Verdict == Unknown:
			res.add("blocklist-unavailable", "", Unknown, "List", lr.Name, "Meaning", lr.MeaningText)
		}
	}
	if listed == 0 && len(res.Problems) > 0 {
		// Only refusals: say what was not listed and how many lists could not say.
		res.SummaryText = msg.New("dns.summary.blocklist.unasked", "Subject", subject, "Unasked", len(res.Problems))
	}
	res.finish(msg.New("dns.summary.blocklist", "Subject", subject, "Lists", len(lists)))
	return res
}

// queryList asks one list about key. Meaning and MeaningText say what a
// listing means or, Verdict Unknown, why the list could not say.
func (c *Checker) queryList(ctx context.Context, l Blocklist, key, subject string) (ListResult, []Evidence) {
	zone := normDomain(l.Zone)
	name := key + "." + zone
	lr := ListResult{Name: l.Name, Zone: zone, Query: name, Verdict: Pass, URL: strings.ReplaceAll(l.URL, "{}", subject)}
	r := c.resolver()
	addrs, err := r.LookupA(ctx, name)
	var ev []Evidence
	tmp := Result{}
	tmp.evidenceOf(name+" A", addrStrings(addrs), err)
	ev = append(ev, tmp.Evidence...)
	if err != nil {
		if !IsNotFound(err) {
			lr.Verdict = Unknown
			lr.MeaningText = errText(err)
			if k := errKind(err); k == KindREFUSED || k == KindSERVFAIL {
				lr.MeaningText = msg.New("dns.blocklist.resolver-refused", "Error", lr.MeaningText)
			}
		}
		return lr, ev
	}
	worst := Pass
	var texts []msg.Text
	refusalText := msg.Text{}
	for _, a := range addrs {
		s := a.String()
		lr.Codes = append(lr.Codes, s)
		if !netip.MustParsePrefix("127.0.0.0/8").Contains(a) {
			refusalText = msg.New("dns.blocklist.outside-loopback", "Answer", s)
			continue
		}
		code, ok := l.Codes[s]
		if !ok && strings.HasPrefix(s, "127.255.255.") {
			code, ok = ListCode{"error code from the list, not a listing: " + publicResolverHint, Unknown, "dns.blocklist.code.error"}, true
		}
		if !ok {
			code = ListCode{"listed", l.Listed, "dns.blocklist.code.listed"}
		}
		if code.Verdict == Unknown {
			refusalText = msg.New("dns.blocklist.refusal", "Answer", s, "Meaning", code.text())
			continue
		}
		texts = append(texts, code.text())
		if code.Verdict > worst {
			worst = code.Verdict
		}
	}
	if worst == Pass {
		if !refusalText.IsZero() {
			lr.Verdict, lr.MeaningText = Unknown, refusalText
		}
		return lr, ev
	}
	if !l.Domain {
		// RFC 5782 §5: 127.0.0.1 must never be listed.
		probe := "1.0.0.127." + zone
		got, err := r.LookupA(ctx, probe)
		tmp := Result{}
		tmp.evidenceOf(probe+" A", addrStrings(got), err)
		ev = append(ev, tmp.Evidence...)
		if err == nil && len(got) > 0 {
			lr.Verdict = Unknown
			lr.MeaningText = msg.New("dns.blocklist.lists-everything")
			return lr, ev
		}
	}
	lr.Listed, lr.Verdict = true, worst
	lr.MeaningText = msg.New("dns.value", "Value", msg.List{Sep: "list.semicolon", Items: texts})
	if txts, err := r.LookupTXT(ctx, name); err == nil {
		lr.Reason = strings.Join(txts, " ")
		ev = append(ev, Evidence{Query: name + " TXT", Answer: lr.Reason})
	}
	return lr, ev
}
