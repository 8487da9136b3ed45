package diagnose

import (
	"context"
	"net/netip"
	"slices"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// SrcLiveDNS is the Coverage and Evidence source of the live DNS checks.
const SrcLiveDNS = "live DNS"

// liveDomainsAtOnce bounds the domains checked at the same time (each
// runs several checks at once), to stay polite to the resolver.
const liveDomainsAtOnce = 4

// MaxLiveDomains bounds the domains a whole-account diagnosis checks in
// live DNS; the rest are named in Coverage as skipped.
const MaxLiveDomains = 20

// ZoneViewOf returns what cPanel's zone recs hold for domain's mail: the
// apex NS, MX and SPF records, DKIM at default._domainkey and DMARC at
// _dmarc. la is cPanel's has_local_authority answer; nil when unknown.
func ZoneViewOf(recs []cpanel.ZoneRecord, domain string, la *cpanel.LocalAuthority) dnscheck.ZoneView {
	d := strings.ToLower(strings.TrimSuffix(domain, "."))
	zv := dnscheck.ZoneView{Domain: d}
	if la != nil && string(la.Error) == "" {
		v := bool(la.LocalAuthority)
		zv.LocalAuthority = &v
	}
	for _, r := range recs {
		name := strings.ToLower(r.FQDN(d))
		typ := strings.ToUpper(r.Type)
		switch {
		case typ == "NS" && name == d && len(r.Data) > 0:
			zv.CPanelNS = append(zv.CPanelNS, qualifyName(r.Data[0], d))
		case typ == "MX" && name == d && len(r.Data) >= 2:
			var p int
			for _, c := range r.Data[0] {
				if c < '0' || c > '9' {
					break
				}
				p = p*10 + int(c-'0')
			}
			zv.MX = append(zv.MX, dnscheck.MX{Priority: p, Host: qualifyName(r.Data[1], d)})
		case typ == "TXT" && name == d && dnscheck.IsSPF(r.Text()):
			zv.SPF = append(zv.SPF, r.Text())
		case typ == "TXT" && name == "default._domainkey."+d:
			if zv.DKIM == nil {
				zv.DKIM = map[string][]string{}
			}
			zv.DKIM["default"] = append(zv.DKIM["default"], r.Text())
		case typ == "TXT" && name == "_dmarc."+d:
			zv.DMARC = append(zv.DMARC, r.Text())
		}
	}
	return zv
}

// LiveInput builds the live checks' input for one domain from what the
// snapshot holds: the sending IP cPanel reports (SPF check, PTR check or
// the account's IP), the server's HELO name, the key cPanel signs with,
// and cPanel's zone when it was read.
func (s *Snapshot) LiveInput(domain string, selectors []string) dnscheck.Input {
	d := strings.ToLower(strings.TrimSuffix(domain, "."))
	in := dnscheck.Input{Domain: d, DKIMSelectors: selectors}
	var ips []string
	for _, st := range s.SPF {
		if strings.EqualFold(st.Domain, d) {
			ips = append(ips, string(st.IPAddress))
		}
	}
	for _, st := range s.PTR {
		if strings.EqualFold(st.Domain, d) {
			ips = append(ips, string(st.IPAddress))
			if in.ServerHost == "" {
				in.ServerHost = strings.TrimSuffix(string(st.HELO), ".")
			}
		}
	}
	if s.UserInfo != nil {
		ips = append(ips, string(s.UserInfo.IP))
	}
	for _, v := range ips {
		a, err := netip.ParseAddr(strings.TrimSpace(v))
		if err != nil || slices.Contains(in.ServerIPs, a) {
			continue
		}
		if !in.SendingIP.IsValid() {
			in.SendingIP = a
		}
		in.ServerIPs = append(in.ServerIPs, a)
	}
	for _, st := range s.DKIM {
		if strings.EqualFold(strings.TrimPrefix(st.Domain, "default._domainkey."), d) {
			in.ExpectedDKIM = string(st.Expected)
		}
	}
	if recs, ok := s.Zones[d]; ok {
		var la *cpanel.LocalAuthority
		for i := range s.LocalAuthority {
			if strings.EqualFold(s.LocalAuthority[i].Domain, d) {
				la = &s.LocalAuthority[i]
			}
		}
		zv := ZoneViewOf(recs, d, la)
		in.ZoneView = &zv
	}
	return in
}

// liveDomains returns the domains a diagnosis checks in live DNS: the
// target's domain, or every mail domain of the account.
func (s *Snapshot) liveDomains() []string {
	if s.Target.Kind != TargetAccount && s.Target.Domain() != "" {
		return []string{strings.ToLower(s.Target.Domain())}
	}
	ds := append([]string(nil), s.MailDomains...)
	if len(ds) == 0 && s.Domains != nil {
		ds = s.Domains.All()
	}
	for i := range ds {
		ds[i] = strings.ToLower(ds[i])
	}
	sort.Strings(ds)
	return ds
}

// CheckLiveDNS runs the live DNS checks for the snapshot's domains through
// c and stores the reports in s.LiveDNS, with one Coverage entry per
// domain, for a snapshot gathered without them (Gather runs them itself
// with GatherOptions.LiveDNS). Checks that could not get an answer are
// recorded in Coverage as not covered, with the reason. The sending IP is
// checked against the blocklists once, with the first domain.
func CheckLiveDNS(ctx context.Context, s *Snapshot, c *dnscheck.Checker, selectors []string) {
	g := newGatherer(ctx, s, liveDomainsAtOnce)
	g.widen() // no credential is at stake: every domain at once
	gatherLiveDNS(g, GatherOptions{
		LiveDNS:       func(context.Context) (*dnscheck.Checker, SkipReason) { return c, SkipReason{} },
		DKIMSelectors: selectors,
	})
	g.wait()
	s.sortLists()
	s.sortCoverage()
}
