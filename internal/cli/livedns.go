package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/dnstest"
)

// dnsOptions are the live DNS options of diagnose, check and dns.
type dnsOptions struct {
	offline   bool
	resolver  string
	selectors []string
	// envResolver is CPMAIL_RESOLVER, set by validate.
	envResolver string
}

func bindDNSFlags(fl *pflag.FlagSet, o *dnsOptions) {
	fl.BoolVar(&o.offline, "offline", false, "skip live DNS checks (use only what cPanel holds)")
	fl.StringVar(&o.resolver, "resolver", "", "ask this DNS server, ADDR[:PORT], for live checks (env CPMAIL_RESOLVER; default: the system's, from /etc/resolv.conf)")
	fl.StringSliceVar(&o.selectors, "selector", nil, "also check these DKIM selectors (besides \"default\")")
}

// validate checks the options before anything is read. envResolver is
// CPMAIL_RESOLVER, kept apart because the demo's own DNS comes before it.
func (o *dnsOptions) validate(envResolver string) error {
	o.envResolver = strings.TrimSpace(envResolver)
	for _, r := range []struct {
		name string
		v    *string
	}{{"--resolver", &o.resolver}, {"CPMAIL_RESOLVER", &o.envResolver}} {
		if *r.v == "" {
			continue
		}
		addr, err := dnscheck.ParseResolverAddr(*r.v)
		if err != nil {
			return usagef("invalid %s: %v", r.name, err)
		}
		*r.v = addr
	}
	for _, s := range o.selectors {
		if s = strings.TrimSpace(s); s == "" || validDomain(s+".example") != nil {
			return usagef("invalid --selector %q: a DKIM selector is a DNS label such as default or google", s)
		}
	}
	return nil
}

// liveDNS is dnsChecker for Gather (GatherOptions.LiveDNS), which calls it
// beside its first API calls: an error becomes the reason the live checks
// were skipped.
func (f *Factory) liveDNS(o dnsOptions) func(ctx context.Context) (*dnscheck.Checker, string) {
	return func(ctx context.Context) (*dnscheck.Checker, string) {
		checker, skipped, err := f.dnsChecker(ctx, o)
		if err != nil {
			return nil, f.T("live DNS checks skipped: ", "已略過即時 DNS 檢查：") + err.Error()
		}
		return checker, skipped
	}
}

// dnsChecker returns the live DNS checker the options ask for, or nil and
// the reason live checks are skipped. The resolver is --resolver, else in
// the demo the scenario's public DNS (served on 127.0.0.1), else
// CPMAIL_RESOLVER, else the system's. Call it after Client and validate.
//
// A resolver nobody chose on the command line is first asked for the
// root's nameservers: one that cannot answer that (a sandbox, a filtering
// or split-horizon resolver) would make every domain look broken, so live
// checks are skipped with the reason instead.
func (f *Factory) dnsChecker(ctx context.Context, o dnsOptions) (*dnscheck.Checker, string, error) {
	if o.offline {
		return nil, f.T("live DNS checks skipped (--offline)", "已略過即時 DNS 檢查（--offline）"), nil
	}
	addr := o.resolver
	f.mu.Lock()
	sc := f.demoSc
	f.mu.Unlock()
	if addr == "" && sc != nil {
		srv, err := dnstest.Start(sc.PublicZone(), nil)
		if err != nil {
			return nil, "", fmt.Errorf("demo DNS: %v", err)
		}
		f.mu.Lock()
		f.demoDNS = srv
		f.mu.Unlock()
		addr = srv.Addr
	}
	if addr == "" {
		addr = o.envResolver
	}
	if addr == "" {
		sys, err := dnscheck.SystemResolverAddr()
		if err != nil {
			return nil, fmt.Sprintf(f.T("live DNS checks skipped: %v (use --resolver)", "已略過即時 DNS 檢查：%v（請用 --resolver 指定）"), err), nil
		}
		addr = sys
	}
	perQuery := min(f.flags.timeout, 5*time.Second)
	r := dnscheck.NewResolver(addr, perQuery)
	if o.resolver == "" && sc == nil {
		if reason := dnscheck.SeesPublicDNS(ctx, r); reason != "" {
			return nil, fmt.Sprintf(f.T("live DNS checks skipped: the resolver %s %s, so it cannot show what the world sees; name one that can with --resolver, or use --offline",
				"已略過即時 DNS 檢查：解析器 %s %s，無法看到外界所見的 DNS；請用 --resolver 指定可用的解析器，或使用 --offline"), addr, reason), nil
		}
	}
	return &dnscheck.Checker{Resolver: r, Timeout: f.flags.timeout}, "", nil
}
