package diagnose

import (
	"context"
	"errors"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/cpmail/cpmail/cpanel"
)

// gatherDomains queues the per-domain reads; live counts those the live
// DNS checks read.
func gatherDomains(g *gatherer, c *cpanel.Client, domains []string, live *barrier) {
	for _, d := range domains {
		g.run(SrcForwarders+" "+d, func(ctx context.Context) error {
			v, _, err := c.Email.ListForwarders(ctx, d)
			g.set(func() { g.s.Forwarders = append(g.s.Forwarders, v...) })
			return err
		})
	}
	gatherDomainDNS(g, c, domains, true, live)
}

// gatherDomainDNS queues the per-domain DNS reads: each zone, cPanel's
// SPF, DKIM and PTR checks, and with authority the DNS authority. Each
// is counted in live (when not nil) until it is done.
func gatherDomainDNS(g *gatherer, c *cpanel.Client, domains []string, authority bool, live *barrier) {
	s := g.s
	if len(domains) == 0 {
		return
	}
	run := g.run
	if live != nil {
		run = func(source string, fn func(ctx context.Context) error) {
			live.Add(1)
			g.runThen(source, live.Done, fn)
		}
	}
	zones := &zoneReader{c: c, read: map[string]*zoneRead{}}
	for _, d := range domains {
		run(SrcZone+" "+d, func(ctx context.Context) error {
			v, from, err := zones.zoneOf(ctx, d, domains)
			g.set(func() {
				if s.Zones == nil {
					s.Zones = map[string][]cpanel.ZoneRecord{}
				}
				if err == nil {
					s.Zones[d] = v
				}
				if err == nil && from != d {
					g.note(SrcZone+" "+d, "no zone of its own: its records were read from the zone of "+from)
				}
			})
			return err
		})
	}
	if authority {
		run(SrcLocalAuthority, func(ctx context.Context) error {
			v, _, err := c.DNS.HasLocalAuthority(ctx, domains...)
			g.set(func() { s.LocalAuthority = v })
			return err
		})
	}
	run(SrcSPF, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentSPFs(ctx, domains...)
		g.set(func() { s.SPF = v })
		return err
	})
	run(SrcDKIM, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentDKIMs(ctx, domains...)
		g.set(func() { s.DKIM = v })
		return err
	})
	run(SrcPTR, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentPTRs(ctx, domains...)
		g.set(func() { s.PTR = v })
		return err
	})
}

// zoneReader reads each DNS zone at most once, for its domain and for the
// subdomains whose records it holds.
type zoneReader struct {
	c    *cpanel.Client
	mu   sync.Mutex
	read map[string]*zoneRead
}

type zoneRead struct {
	once sync.Once
	recs []cpanel.ZoneRecord
	err  error
}

func (z *zoneReader) zone(ctx context.Context, name string) ([]cpanel.ZoneRecord, error) {
	z.mu.Lock()
	r := z.read[name]
	if r == nil {
		r = &zoneRead{}
		z.read[name] = r
	}
	z.mu.Unlock()
	r.once.Do(func() { r.recs, _, r.err = z.c.DNS.ParseZone(ctx, name) })
	return r.recs, r.err
}

// zoneOf returns domain's records and the zone they were read from. On
// cPanel a subdomain has no zone of its own (DNS::parse_zone answers "You
// do not control a DNS zone named …"): its records live in its parent's
// zone. When cPanel refuses the domain's own zone, zoneOf reads the longest
// account domain that is a suffix of it and has a zone (or, when the list
// has none, the names above it), and keeps the records at or below domain,
// with absolute owner names. The first error is returned when no zone
// holds it.
func (z *zoneReader) zoneOf(ctx context.Context, domain string, domains []string) ([]cpanel.ZoneRecord, string, error) {
	recs, err := z.zone(ctx, domain)
	var apiErr *cpanel.APIError
	if err == nil || !errors.As(err, &apiErr) || errors.Is(err, cpanel.ErrUnauthorized) {
		return recs, domain, err
	}
	for _, p := range parentZones(domain, domains) {
		precs, perr := z.zone(ctx, p)
		if errors.Is(perr, cpanel.ErrCredentialsRefused) {
			return nil, domain, perr
		}
		if perr == nil {
			return subtree(precs, p, domain), p, nil
		}
	}
	return nil, domain, err
}

// parentZones lists where domain's records may live, longest first: the
// account domains that are suffixes of it, or, when none is, the names
// above it (down to two labels).
func parentZones(domain string, domains []string) []string {
	domain = strings.ToLower(strings.TrimSuffix(domain, "."))
	var out []string
	for _, d := range domains {
		d = strings.ToLower(strings.TrimSuffix(d, "."))
		if strings.HasSuffix(domain, "."+d) && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		for rest := domain; strings.Count(rest, ".") > 1; {
			_, rest, _ = strings.Cut(rest, ".")
			out = append(out, rest)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return len(out[i]) > len(out[j]) })
	return out
}

// subtree returns the records of zone (read from DNS::parse_zone of zone)
// at or below domain, with absolute owner names, so that FQDN(domain)
// places them.
func subtree(recs []cpanel.ZoneRecord, zone, domain string) []cpanel.ZoneRecord {
	out := []cpanel.ZoneRecord{}
	for _, r := range recs {
		name := strings.ToLower(r.FQDN(zone))
		if name == domain || strings.HasSuffix(name, "."+domain) {
			r.Name = name + "."
			out = append(out, r)
		}
	}
	return out
}
