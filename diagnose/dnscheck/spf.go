package dnscheck

import (
	"context"
	"fmt"
	"net"
	"net/netip"
	"strings"

	"blitiri.com.ar/go/spf"
	"github.com/cpmail/cpmail/diagnose/msg"
)

// SPF limits of RFC 7208 §4.6.4.
const (
	spfLookupLimit = 10
	spfVoidLimit   = 2
	spfMXLimit     = 10
	// spfWalkCap stops the include walk of pathological records.
	spfWalkCap = 60
)

// SPFNode is one record in the include tree: the checked domain at the
// root, include: and redirect= targets below it.
type SPFNode struct {
	Domain string `json:"domain"`
	// Via is "include" or "redirect"; empty at the root.
	Via    string `json:"via,omitempty"`
	Record string `json:"record,omitempty"`
	// Lookups counts the terms of this record that cost a DNS lookup;
	// TotalLookups adds those of the records below.
	Lookups      int `json:"lookups"`
	TotalLookups int `json:"total_lookups"`
	VoidLookups  int `json:"void_lookups"`
	// Error says what is wrong with this record: ErrorText, a message, in
	// words when rendered (Result.Render).
	Error     string    `json:"error,omitempty"`
	ErrorText msg.Text  `json:"error_text,omitzero"`
	Children  []SPFNode `json:"children,omitempty"`
}

// SPFDetail is the SPF check's own output.
type SPFDetail struct {
	Records []string `json:"records"`
	// Lookups and VoidLookups are counted over the whole tree, every term
	// evaluated (the worst case a receiver may hit).
	Lookups     int      `json:"lookups"`
	VoidLookups int      `json:"void_lookups"`
	Tree        *SPFNode `json:"tree,omitempty"`
	// IP is the sending IP evaluated; Result is the RFC 7208 result for
	// it (pass, fail, softfail, neutral, none, temperror, permerror).
	IP     string `json:"ip,omitempty"`
	Result string `json:"result,omitempty"`
	// Matched says which term authorises the IP and where it sits, or why
	// nothing did: MatchedText, a message, in words when rendered
	// (Result.Render).
	Matched     string   `json:"matched,omitempty"`
	MatchedText msg.Text `json:"matched_text,omitzero"`
	// MatchedTerm is the first term that covers the IP, as written, and
	// MatchedIn the domain whose record holds it; empty when none does.
	MatchedTerm string `json:"matched_term,omitempty"`
	MatchedIn   string `json:"matched_in,omitempty"`
}

// spfWalker walks an SPF include tree, counting lookups.
type spfWalker struct {
	r       Resolver
	ip      netip.Addr
	res     *Result
	lookups int
	voids   int
	nodes   int
	// term and in are the first term that covers the IP and the domain
	// whose record holds it.
	term, in string
}

// CheckSPF checks the SPF record of domain and, when ip is valid,
// evaluates it for ip as MAIL FROM postmaster@domain.
func (c *Checker) CheckSPF(ctx context.Context, domain string, ip netip.Addr) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	domain = normDomain(domain)
	res := Result{Check: "spf", Subject: domain}
	det := &SPFDetail{}
	res.SPF = det

	q := domain + " TXT"
	txts, err := c.resolver().LookupTXT(ctx, domain)
	res.evidenceOf(q, quoteAll(txts), err)
	if res.lookupProblem("spf-lookup-failed", q, err) {
		res.finish(msg.Text{})
		return res
	}
	var recs []string
	for _, t := range txts {
		if IsSPF(t) {
			recs = append(recs, t)
		} else if IsSPF(strings.TrimLeft(t, " \t")) {
			res.add("spf-syntax", "whitespace", Warn, "Record", t)
		}
	}
	det.Records = recs
	switch {
	case len(recs) == 0:
		res.add(ProblemSPFMissingPublic, "", Fail, "Domain", domain)
		res.finish(msg.Text{})
		return res
	case len(recs) > 1:
		res.add(ProblemSPFMultiple, "", Fail, "Domain", domain, "Records", len(recs))
		res.finish(msg.Text{})
		return res
	}

	w := &spfWalker{r: c.resolver(), ip: ip.Unmap(), res: &res}
	root := w.walk(ctx, domain, "", recs[0], 0, map[string]bool{})
	det.Tree = &root
	det.Lookups, det.VoidLookups = w.lookups, w.voids
	if rec, err := ParseSPF(recs[0]); err == nil {
		lintSPF(&res, rec)
	}
	if w.lookups > spfLookupLimit {
		res.add(ProblemSPFLookupLimit, "", Fail, "Lookups", w.lookups, "Limit", spfLookupLimit)
	} else if w.lookups >= spfLookupLimit-2 {
		res.add("spf-lookups-near-limit", "", Warn, "Lookups", w.lookups, "Limit", spfLookupLimit)
	}
	if w.voids > spfVoidLimit {
		res.add(ProblemSPFVoidLookups, "", Fail, "Voids", w.voids, "Limit", spfVoidLimit)
	}

	if ip.IsValid() {
		det.IP = ip.Unmap().String()
		det.MatchedTerm, det.MatchedIn = w.term, w.in
		c.evaluateSPF(ctx, &res, domain, ip.Unmap())
	}
	pass := msg.New("dns.summary.spf", "Lookups", w.lookups)
	if ip.IsValid() {
		pass = msg.New("dns.summary.spf.authorised", "IP", det.IP, "Matched", w.matchedText(), "Lookups", w.lookups)
	}
	res.finish(pass)
	return res
}

func (c *Checker) evaluateSPF(ctx context.Context, res *Result, domain string, ip netip.Addr) {
	det := res.SPF
	result, err := spf.CheckHostWithSender(net.IP(ip.AsSlice()), domain, "postmaster@"+domain,
		spf.WithResolver(spfAdapter{c.resolver()}), spf.WithContext(ctx))
	det.Result = string(result)
	why := ""
	if err != nil {
		why = err.Error()
	}
	if det.MatchedTerm != "" {
		det.MatchedText = msg.New("dns.spf-matched", "Term", det.MatchedTerm, "Domain", det.MatchedIn)
	}
	if det.MatchedText.IsZero() && why != "" {
		det.MatchedText = msg.New("dns.value", "Value", why)
	}
	switch result {
	case spf.Pass:
		return
	case spf.TempError:
		res.add("spf-lookup-failed", "temperror", Unknown, "IP", ip.String(), "Error", why)
		return
	case spf.PermError:
		res.add(ProblemSPFIPNotAuthorized, "permerror", Fail, "IP", ip.String(), "Error", why)
		return
	}
	v := Fail
	if result == spf.Neutral || result == spf.None {
		v = Warn
	}
	if det.MatchedTerm == "" {
		det.MatchedText = msg.New("dns.spf-matched.none", "IP", ip.String())
	}
	res.add(ProblemSPFIPNotAuthorized, "", v, "IP", ip.String(), "Domain", domain, "Result", string(result), "Matched", det.MatchedText)
}

// walk fetches (unless record is given) and walks one SPF record.
func (w *spfWalker) walk(ctx context.Context, domain, via, record string, depth int, path map[string]bool) SPFNode {
	node := SPFNode{Domain: domain, Via: via}
	w.nodes++
	if record == "" {
		txts, err := w.r.LookupTXT(ctx, domain)
		var recs []string
		for _, t := range txts {
			if IsSPF(t) {
				recs = append(recs, t)
			}
		}
		switch {
		case err != nil && !IsNotFound(err):
			node.ErrorText = errText(err)
			w.res.add("spf-lookup-failed", "include", Unknown, "Domain", domain, "Via", via, "Error", errText(err))
			return node
		case len(recs) == 0:
			if err != nil {
				w.voids++
				node.VoidLookups++
			}
			node.ErrorText = msg.New("dns.spf-node.no-record")
			w.res.add("spf-include-none", "", Fail, "Via", via, "Domain", domain)
			return node
		case len(recs) > 1:
			node.ErrorText = msg.New("dns.spf-node.multiple")
			w.res.add(ProblemSPFMultiple, "include", Fail, "Domain", domain, "Via", via, "Records", len(recs))
			return node
		}
		record = recs[0]
	}
	node.Record = record
	rec, err := ParseSPF(record)
	if err != nil {
		node.ErrorText = msg.New("dns.value", "Value", err.Error())
		w.res.add("spf-syntax", "invalid", Fail, "Domain", domain, "Error", err.Error())
		return node
	}
	path[domain] = true
	defer delete(path, domain)

	redirect := ""
	_, hasAll := rec.All()
	for _, t := range rec.Terms {
		if t.CountsLookup() {
			node.Lookups++
			w.lookups++
		}
		if t.Modifier {
			if t.Name == "redirect" && !hasAll {
				redirect = t.Value
			}
			continue
		}
		target := domain
		if t.Value != "" {
			target = t.Value
		}
		switch t.Name {
		case "include":
			if hasMacro(target) {
				continue
			}
			target = normDomain(target)
			if path[target] {
				node.ErrorText = msg.New("dns.spf-node.include-loop", "Target", target)
				w.res.add("spf-syntax", "include-loop", Fail, "Domain", domain, "Target", target)
				continue
			}
			if depth >= 10 || w.lookups > spfWalkCap {
				continue
			}
			child := w.walk(ctx, target, "include", "", depth+1, path)
			node.Children = append(node.Children, child)
		case "a", "mx":
			if hasMacro(target) {
				continue
			}
			w.resolveTerm(ctx, &node, t, normDomain(target), domain)
		case "exists":
			if hasMacro(target) {
				continue
			}
			if _, err := w.r.LookupA(ctx, target); IsNotFound(err) {
				w.voids++
				node.VoidLookups++
			}
		case "ip4", "ip6":
			if p, ok := t.Prefix(); ok && w.ip.IsValid() && p.Contains(w.ip) {
				w.match(t, domain)
			}
		case "all":
			w.match(t, domain)
		}
	}
	if redirect != "" && !hasMacro(redirect) {
		target := normDomain(redirect)
		if path[target] {
			node.ErrorText = msg.New("dns.spf-node.redirect-loop", "Target", target)
			w.res.add("spf-syntax", "redirect-loop", Fail, "Domain", domain, "Target", target)
		} else if depth < 10 && w.lookups <= spfWalkCap {
			node.Children = append(node.Children, w.walk(ctx, target, "redirect", "", depth+1, path))
		}
	}
	node.TotalLookups = node.Lookups
	for _, ch := range node.Children {
		node.TotalLookups += ch.TotalLookups
	}
	return node
}

// resolveTerm resolves an a or mx term to count void lookups and to see
// whether it covers the sending IP.
func (w *spfWalker) resolveTerm(ctx context.Context, node *SPFNode, t SPFTerm, target, domain string) {
	hosts := []string{target}
	if t.Name == "mx" {
		mxs, err := w.r.LookupMX(ctx, target)
		if IsNotFound(err) || (err == nil && len(mxs) == 0) {
			w.voids++
			node.VoidLookups++
			return
		}
		if err != nil {
			return
		}
		if len(mxs) > spfMXLimit {
			w.res.add(ProblemSPFLookupLimit, "mx", Fail, "Domain", domain, "Hosts", len(mxs), "Limit", spfMXLimit)
		}
		hosts = hosts[:0]
		for i, mx := range mxs {
			if i == spfMXLimit {
				break
			}
			hosts = append(hosts, mx.Host)
		}
	}
	for _, h := range hosts {
		addrs, err := lookupIP(ctx, w.r, h)
		if t.Name == "a" && IsNotFound(err) {
			w.voids++
			node.VoidLookups++
		}
		if !w.ip.IsValid() {
			continue
		}
		for _, a := range addrs {
			bits := t.CIDR4
			if a.Is6() {
				bits = t.CIDR6
			}
			if bits < 0 {
				bits = a.BitLen()
			}
			if p, err := a.Prefix(bits); err == nil && p.Contains(w.ip) {
				w.match(t, domain)
				return
			}
		}
	}
}

// matchedText says which term authorises the IP, as a message: the
// term and the domain whose record holds it, or, when the walk found none
// (a term behind a macro), what the evaluation said.
func (w *spfWalker) matchedText() msg.Text {
	if det := w.res.SPF; det.MatchedText.IsZero() {
		return msg.New("dns.value", "Value", det.Matched)
	}
	return w.res.SPF.MatchedText
}

func (w *spfWalker) match(t SPFTerm, domain string) {
	if w.term == "" {
		w.term, w.in = t.Raw, domain
	}
}

// normDomain lower-cases a domain and makes it fully qualified.
func normDomain(d string) string {
	d = strings.ToLower(strings.TrimSpace(d))
	if d == "" || strings.HasSuffix(d, ".") {
		return d
	}
	return d + "."
}

func quoteAll(ss []string) []string {
	out := make([]string, len(ss))
	for i, s := range ss {
		out[i] = fmt.Sprintf("%q", s)
	}
	return out
}
