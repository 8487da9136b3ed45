package factory

import (
	"context"
	"fmt"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render/report"
)

// liveDNS (the Factory's LiveDNS) returns the live DNS checker the options
// ask for, or nil and the reason live checks are skipped. The resolver is
// --resolver, else in the demo the scenario's public DNS (served on
// 127.0.0.1), else CPMAIL_RESOLVER, else the system's. Call it after
// Client and Validate.
//
// A resolver nobody chose on the command line is first asked for the
// root's nameservers: one that cannot answer that (a sandbox, a filtering
// or split-horizon resolver) would make every domain look broken, so live
// checks are skipped with the reason instead.
func (w *wiring) liveDNS(ctx context.Context, o cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error) {
	timeout := w.f.Flags.Timeout
	if o.Offline {
		return nil, report.SkipReason(cmdutil.English, report.SkipOffline), nil
	}
	addr := o.Resolver
	d := w.demoServers()
	if addr == "" && d != nil {
		a, err := d.DNS()
		if err != nil {
			return nil, diagnose.SkipReason{}, fmt.Errorf("demo DNS: %v", err)
		}
		addr = a
	}
	if addr == "" {
		addr = o.EnvResolver
	}
	if addr == "" {
		sys, err := dnscheck.SystemResolverAddr()
		if err != nil {
			return nil, report.SkipReason(cmdutil.English, report.SkipNoResolver, err.Error()), nil
		}
		addr = sys
	}
	perQuery := min(timeout, 5*time.Second)
	r := dnscheck.NewResolver(addr, perQuery)
	if o.Resolver == "" && d == nil {
		if blind := dnscheck.PublicDNSBlindness(ctx, r); !blind.IsZero() {
			return nil, report.SkipReasonWords(cmdutil.English, report.SkipBlind, blind, addr), nil
		}
	}
	return &dnscheck.Checker{Resolver: r, Timeout: timeout}, diagnose.SkipReason{}, nil
}
