package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
	"sync"
)

// ListCode says what one blocklist answer means.
type ListCode struct {
	Meaning string  `json:"meaning"`
	Verdict Verdict `json:"verdict"`
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
	m["127.255.255.252"] = ListCode{"typo in the DNSBL zone name", Unknown}
	m["127.255.255.254"] = ListCode{"query via a public/open resolver refused: " + publicResolverHint, Unknown}
	m["127.255.255.255"] = ListCode{"excessive number of queries: " + publicResolverHint, Unknown}
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
				"127.0.0.2":  {"SBL: Spamhaus Block List (spam source)", Fail},
				"127.0.0.3":  {"SBL CSS: snowshoe spam", Fail},
				"127.0.0.4":  {"XBL: exploited / infected host", Fail},
				"127.0.0.5":  {"XBL: exploited / infected host", Fail},
				"127.0.0.6":  {"XBL: exploited / infected host", Fail},
				"127.0.0.7":  {"XBL: exploited / infected host", Fail},
				"127.0.0.9":  {"DROP: hijacked or criminal network", Fail},
				"127.0.0.10": {"PBL (ISP maintained): this IP should not send mail directly to MX servers", Fail},
				"127.0.0.11": {"PBL (Spamhaus maintained): this IP should not send mail directly to MX servers", Fail},
				"127.0.0.30": {"BCL: botnet controller", Fail},
			}),
			Listed: Fail,
		},
		{
			Name: "SpamCop", Zone: "bl.spamcop.net.",
			URL:    "https://www.spamcop.net/bl.shtml?{}",
			Codes:  map[string]ListCode{"127.0.0.2": {"listed after spam reports (expires about 24 hours after the last report)", Warn}},
			Listed: Warn,
		},
		{
			Name: "Barracuda", Zone: "b.barracudacentral.org.",
			URL:    "https://www.barracudacentral.org/lookups/lookup-reputation",
			Codes:  map[string]ListCode{"127.0.0.2": {"poor reputation (Barracuda Reputation Block List)", Fail}},
			Listed: Fail,
		},
		{
			Name: "PSBL", Zone: "psbl.surriel.com.",
			URL:    "https://psbl.org/listing?ip={}",
			Codes:  map[string]ListCode{"127.0.0.2": {"listed by the Passive Spam Block List (spam trap hits)", Warn}},
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
			"127.0.1.2":   {"spam domain", Fail},
			"127.0.1.4":   {"phishing domain", Fail},
			"127.0.1.5":   {"malware domain", Fail},
			"127.0.1.6":   {"botnet C&C domain", Fail},
			"127.0.1.102": {"abused legitimate domain (spam)", Fail},
			"127.0.1.103": {"abused legitimate spammed redirector", Fail},
			"127.0.1.104": {"abused legitimate domain (phishing)", Fail},
			"127.0.1.105": {"abused legitimate domain (malware)", Fail},
			"127.0.1.106": {"abused legitimate domain (botnet C&C)", Fail},
			"127.0.1.255": {"an IP was queried against the domain list", Unknown},
		}),
		Listed: Fail,
	}}
}

// ListResult is one blocklist's answer.
type ListResult struct {
	Name    string   `json:"name"`
	Zone    string   `json:"zone"`
	Query   string   `json:"query"`
	Listed  bool     `json:"listed"`
	Codes   []string `json:"codes,omitempty"`
	Meaning string   `json:"meaning,omitempty"`
	Reason  string   `json:"reason,omitempty"`
	Verdict Verdict  `json:"verdict"`
	URL     string   `json:"url,omitempty"`
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
		res.add("blocklist-no-ip", Unknown, "no sending IP known; give it to check blocklists")
		res.finish("")
		return res
	}
	var use []Blocklist
	for _, l := range lists {
		if !l.Domain && (ip.Is4() || l.IPv6) {
			use = append(use, l)
		}
	}
	return c.checkLists(ctx, res, reverseIP(ip), ip.String(), use, "ip-blocklisted")
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
			msg := fmt.Sprintf("%s is listed on %s (%s: %s)", subject, lr.Name, strings.Join(lr.Codes, ", "), lr.Meaning)
			if lr.Reason != "" {
				msg += "; list says: " + lr.Reason
			}
			if lr.URL != "" {
				msg += "; check and request removal at " + lr.URL
			}
			res.add(id, lr.Verdict, "%s", msg)
		case lr.Verdict == Unknown:
			res.add("blocklist-unavailable", Unknown, "%s could not be checked: %s", lr.Name, lr.Meaning)
		}
	}
	res.finish(fmt.Sprintf("%s is not listed on %d blocklist(s)", subject, len(lists)))
	if listed == 0 && res.Verdict == Unknown {
		res.Summary = fmt.Sprintf("%s is not listed where checked, but %d list(s) could not be asked", subject, len(res.Problems))
	}
	return res
}

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
			lr.Meaning = describeErr(err)
			if k := errKind(err); k == KindREFUSED || k == KindSERVFAIL {
				lr.Meaning += "; " + publicResolverHint
			}
		}
		return lr, ev
	}
	worst := Pass
	var meanings []string
	refusal := ""
	for _, a := range addrs {
		s := a.String()
		lr.Codes = append(lr.Codes, s)
		if !netip.MustParsePrefix("127.0.0.0/8").Contains(a) {
			refusal = fmt.Sprintf("answer %s is outside 127.0.0.0/8: the list is broken or its domain expired", s)
			continue
		}
		code, ok := l.Codes[s]
		if !ok && strings.HasPrefix(s, "127.255.255.") {
			code, ok = ListCode{"error code from the list, not a listing: " + publicResolverHint, Unknown}, true
		}
		if !ok {
			code = ListCode{"listed", l.Listed}
		}
		if code.Verdict == Unknown {
			refusal = s + ": " + code.Meaning
			continue
		}
		meanings = append(meanings, code.Meaning)
		if code.Verdict > worst {
			worst = code.Verdict
		}
	}
	if worst == Pass {
		if refusal != "" {
			lr.Verdict, lr.Meaning = Unknown, refusal
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
			lr.Meaning = "the list also lists 127.0.0.1, its test address that must never be listed: it answers for everything, ignore it"
			return lr, ev
		}
	}
	lr.Listed, lr.Verdict, lr.Meaning = true, worst, strings.Join(meanings, "; ")
	if txts, err := r.LookupTXT(ctx, name); err == nil {
		lr.Reason = strings.Join(txts, " ")
		ev = append(ev, Evidence{Query: name + " TXT", Answer: lr.Reason})
	}
	return lr, ev
}
