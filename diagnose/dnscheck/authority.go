package dnscheck

import (
	"context"
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// ZoneView is what cPanel's own DNS zone holds for a domain (from the
// cPanel API), to be compared with what public DNS answers.
type ZoneView struct {
	Domain string `json:"domain"`
	// LocalAuthority is cPanel's has_local_authority; nil when unknown.
	LocalAuthority *bool `json:"local_authority,omitempty"`
	// CPanelNS are the nameservers cPanel expects (its zone's NS records).
	CPanelNS []string `json:"cpanel_ns,omitempty"`
	MX       []MX     `json:"mx,omitempty"`
	SPF      []string `json:"spf,omitempty"`
	// DKIM maps a selector to the TXT records at <selector>._domainkey.
	DKIM  map[string][]string `json:"dkim,omitempty"`
	DMARC []string            `json:"dmarc,omitempty"`
}

// AuthorityDetail is the authority check's own output.
type AuthorityDetail struct {
	// Zone is the name whose NS records were found (the domain or the
	// closest parent with NS records).
	Zone     string   `json:"zone"`
	PublicNS []string `json:"public_ns"`
	CPanelNS []string `json:"cpanel_ns,omitempty"`
	// Elsewhere is true when public DNS is not served by cPanel.
	Elsewhere bool `json:"elsewhere"`
}

// CheckAuthority finds the domain's public nameservers, says whether they
// are cPanel's, and diffs MX, SPF, DKIM and DMARC between cPanel's zone
// and public DNS record by record.
func (c *Checker) CheckAuthority(ctx context.Context, zv ZoneView) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	domain := normDomain(zv.Domain)
	res := Result{Check: "authority", Subject: domain}
	det := &AuthorityDetail{CPanelNS: normSet(zv.CPanelNS)}
	res.Authority = det
	r := c.resolver()

	zone, ns, err := findNS(ctx, r, domain, &res)
	det.Zone = zone
	switch {
	case IsNXDOMAIN(err) && zone == domain:
		res.add("domain-nxdomain", "", Fail, "Domain", domain)
		res.finish(msg.Text{})
		return res
	case err != nil && !IsNotFound(err):
		res.add("authority-lookup-failed", "ns", Unknown, "Domain", domain, "Error", errText(err))
	default:
		det.PublicNS = normSet(ns)
		notLocal := zv.LocalAuthority != nil && !*zv.LocalAuthority
		differ := len(det.CPanelNS) > 0 && len(det.PublicNS) > 0 && !slices.Equal(det.PublicNS, det.CPanelNS)
		if notLocal || differ {
			det.Elsewhere = true
			if len(det.CPanelNS) > 0 {
				res.add(ProblemNameserversElsewhere, "cpanel-ns", Warn, "Domain", domain, "PublicNS", names(det.PublicNS), "CPanelNS", names(det.CPanelNS))
			} else {
				res.add(ProblemNameserversElsewhere, "", Warn, "Domain", domain, "PublicNS", names(det.PublicNS))
			}
		}
	}

	c.diffMX(ctx, &res, domain, zv.MX)
	c.diffTXT(ctx, &res, "SPF", domain, zv.SPF, IsSPF, normSPF, "spf")
	selectors := make([]string, 0, len(zv.DKIM))
	for s := range zv.DKIM {
		selectors = append(selectors, s)
	}
	slices.Sort(selectors)
	for _, s := range selectors {
		name := strings.ToLower(s) + "._domainkey." + domain
		c.diffTXT(ctx, &res, "DKIM "+s, name, zv.DKIM[s], func(string) bool { return true }, normDKIM, "dkim")
	}
	c.diffTXT(ctx, &res, "DMARC", "_dmarc."+domain, zv.DMARC, IsDMARC, normDMARC, "dmarc")

	res.finish(msg.New("dns.summary.authority", "PublicNS", names(det.PublicNS)))
	return res
}

// findNS returns the NS records of domain or of its closest parent that
// has some (a subdomain is usually inside its parent's zone).
func findNS(ctx context.Context, r Resolver, domain string, res *Result) (string, []string, error) {
	name := domain
	for {
		ns, err := r.LookupNS(ctx, name)
		res.evidenceOf(name+" NS", ns, err)
		if err == nil && len(ns) > 0 {
			return name, ns, nil
		}
		if err != nil && !IsNotFound(err) {
			return name, nil, err
		}
		if IsNXDOMAIN(err) && name == domain {
			return name, nil, err
		}
		_, parent, ok := strings.Cut(name, ".")
		if !ok || strings.Count(parent, ".") < 2 {
			return name, nil, err
		}
		name = parent
	}
}

func (c *Checker) diffMX(ctx context.Context, res *Result, domain string, cp []MX) {
	item := DiffItem{Record: "MX"}
	for _, m := range cp {
		item.CPanel = append(item.CPanel, MX{m.Priority, normDomain(m.Host)}.String())
	}
	mxs, err := c.resolver().LookupMX(ctx, domain)
	for _, m := range mxs {
		item.Public = append(item.Public, MX{m.Priority, normDomain(m.Host)}.String())
	}
	res.evidenceOf(domain+" MX", item.Public, err)
	if err != nil && !IsNotFound(err) {
		item.ErrorText = errText(err)
		res.add("authority-lookup-failed", "mx", Unknown, "Domain", domain, "Error", errText(err))
		res.Diff = append(res.Diff, item)
		return
	}
	item.Same = sameSet(item.CPanel, item.Public)
	res.Diff = append(res.Diff, item)
	if !item.Same {
		res.add(ProblemPublicMXMismatch, "", Fail, "Domain", domain, "Public", orNone(names(item.Public)), "CPanel", orNone(names(item.CPanel)))
	}
}

// diffTXT compares one TXT record set; kind is "spf", "dkim" or "dmarc"
// and forms the problem IDs <kind>-missing-public and <kind>-public-mismatch.
func (c *Checker) diffTXT(ctx context.Context, res *Result, label, name string, cp []string, keep func(string) bool, norm func(string) string, kind string) {
	item := DiffItem{Record: label, CPanel: cp}
	txts, err := c.resolver().LookupTXT(ctx, name)
	res.evidenceOf(name+" TXT", quoteAll(txts), err)
	for _, t := range txts {
		if keep(t) {
			item.Public = append(item.Public, t)
		}
	}
	if err != nil && !IsNotFound(err) {
		item.ErrorText = errText(err)
		res.add("authority-lookup-failed", "txt", Unknown, "Record", label, "Name", name, "Error", errText(err))
		res.Diff = append(res.Diff, item)
		return
	}
	var a, b []string
	for _, s := range cp {
		a = append(a, norm(s))
	}
	for _, s := range item.Public {
		b = append(b, norm(s))
	}
	item.Same = sameSet(a, b)
	res.Diff = append(res.Diff, item)
	switch {
	case item.Same:
	case len(cp) > 0 && len(item.Public) == 0:
		v := Fail
		if kind == "dmarc" {
			v = Warn
		}
		res.add(kind+"-missing-public", "zone", v, "Record", label, "Name", name)
	default:
		v := Warn
		if kind == "dkim" {
			v = Fail
		}
		res.add(kind+"-public-mismatch", "", v, "Record", label, "Name", name, "Public", orNone(quotedNames(item.Public)), "CPanel", orNone(quotedNames(cp)))
	}
}

func normSet(ss []string) []string {
	out := make([]string, 0, len(ss))
	for _, s := range ss {
		out = append(out, normDomain(s))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

func sameSet(a, b []string) bool {
	a, b = slices.Clone(a), slices.Clone(b)
	slices.Sort(a)
	slices.Sort(b)
	return slices.Equal(slices.Compact(a), slices.Compact(b))
}

func normSPF(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }

func normDKIM(s string) string {
	if k, ok := dkimKeyOf(s); ok {
		return k
	}
	return strings.Join(strings.Fields(s), "")
}

func normDMARC(s string) string {
	var parts []string
	for _, p := range strings.Split(s, ";") {
		if p = strings.Join(strings.Fields(p), ""); p != "" {
			parts = append(parts, p)
		}
	}
	return strings.Join(parts, ";")
}
