package dnscheck

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
	"golang.org/x/net/publicsuffix"
)

// DMARCRecord is a parsed DMARC record (RFC 7489, with the RFC 9989 tags
// np and t). Defaults are filled in: ADKIM and ASPF "r", Pct 100.
type DMARCRecord struct {
	// Policy is p=, empty when missing.
	Policy            string   `json:"p"`
	SubdomainPolicy   string   `json:"sp,omitempty"`
	NonexistentPolicy string   `json:"np,omitempty"`
	ADKIM             string   `json:"adkim"`
	ASPF              string   `json:"aspf"`
	Pct               int      `json:"pct"`
	PctSet            bool     `json:"pct_set,omitempty"`
	RUA               []string `json:"rua,omitempty"`
	RUF               []string `json:"ruf,omitempty"`
	FO                string   `json:"fo,omitempty"`
	Testing           bool     `json:"testing,omitempty"`
}

// IsDMARC reports whether a TXT record is a DMARC record: it starts with
// the tag v=DMARC1 (exact case, spaces around "=" allowed).
func IsDMARC(txt string) bool {
	name, rest, ok := strings.Cut(strings.TrimLeft(txt, " \t"), "=")
	if !ok || strings.TrimSpace(name) != "v" {
		return false
	}
	rest = strings.TrimLeft(rest, " \t")
	if !strings.HasPrefix(rest, "DMARC1") {
		return false
	}
	rest = strings.TrimLeft(rest[6:], " \t")
	return rest == "" || rest[0] == ';'
}

func validPolicy(p string) bool { return p == "none" || p == "quarantine" || p == "reject" }

// ParseDMARC parses a DMARC record. Unknown tags are ignored; a bad v, p,
// sp, np, adkim, aspf, pct or report URI is an error.
func ParseDMARC(txt string) (DMARCRecord, error) {
	d := DMARCRecord{ADKIM: "r", ASPF: "r", Pct: 100}
	if !IsDMARC(txt) {
		return d, errors.New(`record does not start with "v=DMARC1"`)
	}
	tags, err := parseTagList(txt)
	if err != nil {
		return d, err
	}
	for _, tv := range tags[1:] {
		name, value := strings.ToLower(tv[0]), tv[1]
		lv := strings.ToLower(value)
		switch name {
		case "v":
			return d, errors.New("v= appears twice")
		case "p", "sp", "np":
			if !validPolicy(lv) {
				return d, fmt.Errorf("%s=%s: must be none, quarantine or reject", name, value)
			}
			switch name {
			case "p":
				d.Policy = lv
			case "sp":
				d.SubdomainPolicy = lv
			default:
				d.NonexistentPolicy = lv
			}
		case "adkim", "aspf":
			if lv != "r" && lv != "s" {
				return d, fmt.Errorf("%s=%s: must be r (relaxed) or s (strict)", name, value)
			}
			if name == "adkim" {
				d.ADKIM = lv
			} else {
				d.ASPF = lv
			}
		case "pct":
			n, err := strconv.Atoi(value)
			if err != nil || n < 0 || n > 100 {
				return d, fmt.Errorf("pct=%s: must be a whole number 0-100", value)
			}
			d.Pct, d.PctSet = n, true
		case "rua", "ruf":
			uris, err := parseReportURIs(value)
			if err != nil {
				return d, fmt.Errorf("%s: %v", name, err)
			}
			if name == "rua" {
				d.RUA = uris
			} else {
				d.RUF = uris
			}
		case "fo":
			for _, f := range strings.Split(value, ":") {
				if f = strings.TrimSpace(f); f != "0" && f != "1" && f != "d" && f != "s" {
					return d, fmt.Errorf("fo=%s: options are 0, 1, d and s", value)
				}
			}
			d.FO = value
		case "t":
			d.Testing = lv == "y"
		}
	}
	return d, nil
}

// parseReportURIs splits a rua/ruf list and drops "!size" suffixes.
func parseReportURIs(v string) ([]string, error) {
	var out []string
	for _, u := range strings.Split(v, ",") {
		u = strings.TrimSpace(u)
		if u == "" {
			return nil, errors.New("empty URI in the list")
		}
		if i := strings.LastIndexByte(u, '!'); i > 0 {
			u = u[:i]
		}
		p, err := url.Parse(u)
		if err != nil || p.Scheme == "" {
			return nil, fmt.Errorf("%q is not a URI (write mailto:address)", u)
		}
		if strings.EqualFold(p.Scheme, "mailto") && !strings.Contains(p.Opaque, "@") {
			return nil, fmt.Errorf("%q has no e-mail address", u)
		}
		out = append(out, u)
	}
	return out, nil
}

// DMARCDetail is the DMARC check's own output.
type DMARCDetail struct {
	// Name is where the record was found: _dmarc.<domain> or, inherited,
	// _dmarc.<organisational domain>.
	Name      string       `json:"name,omitempty"`
	Records   []string     `json:"records,omitempty"`
	Inherited bool         `json:"inherited,omitempty"`
	OrgDomain string       `json:"org_domain,omitempty"`
	Record    *DMARCRecord `json:"record,omitempty"`
	// Policy is the policy that applies to the domain (sp= when inherited).
	Policy string `json:"policy,omitempty"`
}

// OrgDomain returns the organisational domain of d (RFC 7489 §3.2, by the
// Public Suffix List), fully qualified.
func OrgDomain(d string) string {
	d = strings.TrimSuffix(normDomain(d), ".")
	org, err := publicsuffix.EffectiveTLDPlusOne(d)
	if err != nil {
		return d + "."
	}
	return org + "."
}

// CheckDMARC checks the DMARC policy of domain, falling back to the
// organisational domain's record as receivers do.
func (c *Checker) CheckDMARC(ctx context.Context, domain string) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	domain = normDomain(domain)
	res := Result{Check: "dmarc", Subject: domain}
	det := &DMARCDetail{}
	res.DMARC = det

	recs, name, ok := c.dmarcAt(ctx, &res, "_dmarc."+domain)
	if !ok {
		res.finish(msg.Text{})
		return res
	}
	if len(recs) == 0 {
		if org := OrgDomain(domain); org != domain {
			det.OrgDomain = org
			recs, name, ok = c.dmarcAt(ctx, &res, "_dmarc."+org)
			if !ok {
				res.finish(msg.Text{})
				return res
			}
			det.Inherited = len(recs) > 0
		}
	}
	if len(recs) == 0 {
		res.add(ProblemDMARCMissingPublic, "", Warn, "Domain", strings.TrimSuffix(domain, "."), "Name", "_dmarc."+domain)
		res.finish(msg.Text{})
		return res
	}
	det.Name, det.Records = name, recs
	if len(recs) > 1 {
		res.add(ProblemDMARCMultiple, "", Fail, "Records", len(recs), "Name", name)
		res.finish(msg.Text{})
		return res
	}
	rec, err := ParseDMARC(recs[0])
	if err != nil {
		res.add(ProblemDMARCInvalid, "", Fail, "Name", name, "Error", err.Error())
		res.finish(msg.Text{})
		return res
	}
	det.Record = &rec
	det.Policy = rec.Policy
	if det.Inherited && rec.SubdomainPolicy != "" {
		det.Policy = rec.SubdomainPolicy
	}
	switch {
	case rec.Policy == "":
		res.add(ProblemDMARCInvalid, "no-policy", Warn, "Name", name)
	case det.Policy == "none":
		res.add(ProblemDMARCNotEnforced, "", Warn)
	}
	if len(rec.RUA) == 0 {
		res.add(ProblemDMARCNoRUA, "", Warn)
	} else if len(rec.RUA) > 2 {
		res.add("dmarc-rua-many", "", Warn, "URIs", len(rec.RUA))
	}
	if rec.PctSet && rec.Pct < 100 {
		res.add("dmarc-pct", "", Warn, "Pct", rec.Pct)
	}
	c.checkRUAAuth(ctx, &res, strings.TrimPrefix(name, "_dmarc."), rec.RUA)
	pass := msg.New("dns.summary.dmarc", "Policy", det.Policy)
	if det.Inherited {
		pass = msg.New("dns.summary.dmarc.inherited", "Policy", det.Policy, "Name", name)
	}
	res.finish(pass)
	return res
}

// dmarcAt reads the DMARC records at name; ok is false when the lookup
// failed (a problem was added).
func (c *Checker) dmarcAt(ctx context.Context, res *Result, name string) ([]string, string, bool) {
	q := name + " TXT"
	txts, err := c.resolver().LookupTXT(ctx, name)
	res.evidenceOf(q, quoteAll(txts), err)
	if res.lookupProblem("dmarc-lookup-failed", q, err) {
		return nil, name, false
	}
	var recs []string
	for _, t := range txts {
		switch {
		case IsDMARC(t):
			recs = append(recs, t)
		case strings.HasPrefix(strings.ToLower(strings.TrimSpace(t)), "v=dmarc"):
			res.add(ProblemDMARCInvalid, "version", Fail, "Name", name, "Record", t)
		case IsSPF(t):
			res.add(ProblemDMARCInvalid, "spf", Fail, "Name", name)
		}
	}
	return recs, name, true
}

// checkRUAAuth verifies that external report domains accept reports
// (RFC 7489 §7.1: <domain>._report._dmarc.<report domain> TXT v=DMARC1).
func (c *Checker) checkRUAAuth(ctx context.Context, res *Result, policyDomain string, uris []string) {
	for _, u := range uris {
		if !strings.HasPrefix(strings.ToLower(u), "mailto:") {
			continue
		}
		addr := u[len("mailto:"):]
		at := strings.LastIndexByte(addr, '@')
		if at < 0 {
			continue
		}
		rd := normDomain(strings.SplitN(addr[at+1:], "?", 2)[0])
		if OrgDomain(rd) == OrgDomain(policyDomain) {
			continue
		}
		name := strings.TrimSuffix(policyDomain, ".") + "._report._dmarc." + rd
		txts, err := c.resolver().LookupTXT(ctx, name)
		res.evidenceOf(name+" TXT", quoteAll(txts), err)
		if err != nil && !IsNotFound(err) {
			continue
		}
		found := false
		for _, t := range txts {
			found = found || IsDMARC(t)
		}
		if !found {
			res.add("dmarc-rua-unauthorized", "", Warn, "ReportDomain", rd, "Domain", policyDomain, "Name", name)
		}
	}
}
