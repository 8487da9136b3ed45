package diagnose

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// gatherLiveDNS runs once the answers the live checks read are in (the
// barrier live of Gather): it asks opts.LiveDNS for the checker and queues
// one live check per domain. The sending IP is checked against the
// blocklists once, with the first domain; liveDomainsAtOnce bounds the
// domains checked at the same time. Without opts.LiveDNS it does nothing.
func gatherLiveDNS(g *gatherer, opts GatherOptions) {
	if opts.LiveDNS == nil {
		return
	}
	s := g.s
	checker, skipped := opts.LiveDNS(g.ctx)
	if checker == nil || g.ctx.Err() != nil {
		if checker != nil {
			skipped = SkipReason{Code: SkipNoTime}
		}
		g.set(func() { s.LiveDNSSkipped, s.LiveDNSSkip = skipped.Text, &skipped })
		return
	}
	var domains []string
	var inputs []dnscheck.Input
	g.set(func() {
		domains = s.liveDomains()
		if len(domains) > MaxLiveDomains {
			s.Coverage = append(s.Coverage, Coverage{Source: SrcLiveDNS + " (skipped)", OK: false, Class: ClassSkipped,
				Error: fmt.Sprintf("only the first %d of %d domains were checked; name a domain to check it", MaxLiveDomains, len(domains))})
			domains = domains[:MaxLiveDomains]
		}
		for _, d := range domains {
			inputs = append(inputs, s.LiveInput(d, opts.DKIMSelectors))
		}
	})
	sem := make(chan struct{}, liveDomainsAtOnce)
	for i, d := range domains {
		cc := *checker
		if i > 0 {
			cc.Lists = []dnscheck.Blocklist{}
		}
		g.run(SrcLiveDNS+" "+d, func(ctx context.Context) error {
			sem <- struct{}{}
			defer func() { <-sem }()
			rep := cc.CheckDomain(ctx, inputs[i])
			g.set(func() { s.LiveDNS = append(s.LiveDNS, rep) })
			return liveUnknown(rep)
		})
	}
}

// liveUnknown returns, as one error, the live checks of a domain that got
// no answer, or nil.
func liveUnknown(rep dnscheck.Report) error {
	var unknown []dnscheck.Problem
	for _, r := range rep.Results {
		for _, p := range r.Problems {
			if p.Verdict == dnscheck.Unknown {
				unknown = append(unknown, p)
			}
		}
	}
	if len(unknown) == 0 {
		return nil
	}
	return &LiveDNSError{Unanswered: unknown}
}

// LiveDNSError says which live DNS checks of a domain got no answer.
type LiveDNSError struct {
	Unanswered []dnscheck.Problem
}

// Error names the unanswered checks with their arguments (the words are
// the CLI's: Problem.Text).
func (e *LiveDNSError) Error() string {
	parts := make([]string, len(e.Unanswered))
	for i, p := range e.Unanswered {
		parts[i] = p.ID
		if len(p.Text.Args) > 0 {
			var args []string
			for _, k := range slices.Sorted(maps.Keys(p.Text.Args)) {
				args = append(args, fmt.Sprintf("%s=%v", k, p.Text.Args[k]))
			}
			parts[i] += " (" + strings.Join(args, ", ") + ")"
		}
	}
	return strings.Join(parts, "; ")
}
