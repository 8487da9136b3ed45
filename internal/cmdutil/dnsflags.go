package cmdutil

import (
	"context"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/render/report"
)

// DNSOptions are the live DNS options of diagnose, check and dns.
type DNSOptions struct {
	Offline   bool
	Resolver  string
	Selectors []string
	// EnvResolver is CPMAIL_RESOLVER, set by Validate.
	EnvResolver string
}

// BindDNSFlags adds --offline, --resolver and --selector.
func BindDNSFlags(fl *pflag.FlagSet, o *DNSOptions) {
	fl.BoolVar(&o.Offline, "offline", false, "skip live DNS checks (use only what cPanel holds)")
	fl.StringVar(&o.Resolver, "resolver", "", "ask this DNS server, ADDR[:PORT], for live checks (env CPMAIL_RESOLVER; default: the system's, from /etc/resolv.conf)")
	fl.StringSliceVar(&o.Selectors, "selector", nil, "also check these DKIM selectors (besides \"default\")")
}

// Validate checks the options before anything is read. envResolver is
// CPMAIL_RESOLVER, kept apart because the demo's own DNS comes before it.
func (o *DNSOptions) Validate(p *Printer, envResolver string) error {
	o.EnvResolver = strings.TrimSpace(envResolver)
	for _, r := range []struct {
		name string
		v    *string
	}{{"--resolver", &o.Resolver}, {"CPMAIL_RESOLVER", &o.EnvResolver}} {
		if *r.v == "" {
			continue
		}
		addr, err := dnscheck.ParseResolverAddr(*r.v)
		if err != nil {
			return Usage(p.Tr("cli.bad-resolver", "Flag", r.name, "Error", err.Error()))
		}
		*r.v = addr
	}
	for _, s := range o.Selectors {
		if s = strings.TrimSpace(s); s == "" || !IsDomain(s+".example") {
			return Usage(p.Tr("cli.bad-selector", "Value", s))
		}
	}
	return nil
}

// GatherLiveDNS asks liveDNS (the Factory's) for the checker now, before
// Gather, and returns Gather's GatherOptions.LiveDNS handing out that
// answer: no Factory code runs in Gather's goroutines. An error becomes
// the reason the live checks were skipped.
func GatherLiveDNS(ctx context.Context, liveDNS func(context.Context, DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error), o DNSOptions) func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) {
	checker, skipped, err := liveDNS(ctx, o)
	if err != nil {
		checker, skipped = nil, report.SkipReason(English, report.SkipError, err.Error())
	}
	return func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) { return checker, skipped }
}

// WordSkip gives a skip reason the engine recorded as a code alone (no
// time left) its English words, as snapshots and the report's
// live_dns_skipped keep them.
func WordSkip(s *diagnose.Snapshot) {
	if r := s.LiveDNSSkip; r != nil && r.Text == "" {
		r.Text = report.SkipText(English, r, "")
		s.LiveDNSSkipped = r.Text
	}
}
