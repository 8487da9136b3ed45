package cli

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/diagnose"
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

// liveDNS runs dnsChecker now, before Gather, and gives Gather its answer
// (GatherOptions.LiveDNS): the Factory is never used from Gather's
// goroutines. An error becomes the reason the live checks were skipped.
func (f *Factory) liveDNS(ctx context.Context, o dnsOptions) func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) {
	checker, skipped, err := f.dnsChecker(ctx, o)
	if err != nil {
		checker, skipped = nil, skipReason(skipError, err.Error())
	}
	return func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) { return checker, skipped }
}

// The codes of the reasons live DNS checks are skipped (see skipWords).
const (
	skipOffline    = "offline"
	skipNoResolver = "no-resolver"
	skipBlind      = "resolver-blind"
	skipError      = "error"
)

// skipWords returns a skip code's English and Chinese wording.
func skipWords(code string) ([2]string, bool) {
	switch code {
	case skipOffline:
		return [2]string{"live DNS checks skipped (--offline)", "已略過即時 DNS 檢查（--offline）"}, true
	case skipNoResolver:
		return [2]string{"live DNS checks skipped: %s (use --resolver)", "已略過即時 DNS 檢查：%s（請用 --resolver 指定）"}, true
	case skipBlind:
		return [2]string{"live DNS checks skipped: the resolver %s %s, so it cannot show what the world sees; name one that can with --resolver, or use --offline",
			"已略過即時 DNS 檢查：解析器 %s %s，無法看到外界所見的 DNS；請用 --resolver 指定可用的解析器，或使用 --offline"}, true
	case skipError:
		return [2]string{"live DNS checks skipped: %s", "已略過即時 DNS 檢查：%s"}, true
	case diagnose.SkipNoTime:
		return [2]string{"live DNS checks skipped: no time left", "已略過即時 DNS 檢查：時間已用完"}, true
	}
	return [2]string{}, false
}

// skipReason is the reason with its English text, as snapshots keep it.
func skipReason(code string, args ...string) diagnose.SkipReason {
	w, _ := skipWords(code)
	return diagnose.SkipReason{Code: code, Args: args, Text: wordSkip(w[0], args)}
}

// skipText words a skip reason in the chosen language; a code it does not
// know (a newer cpmail's snapshot) is shown in the reason's own text.
func (f *Factory) skipText(r *diagnose.SkipReason, text string) string {
	if r == nil {
		return text
	}
	w, ok := skipWords(r.Code)
	if !ok || strings.Count(w[0], "%s") != len(r.Args) {
		return r.Text
	}
	return wordSkip(f.T(w[0], w[1]), r.Args)
}

func wordSkip(format string, args []string) string {
	a := make([]any, len(args))
	for i, v := range args {
		a[i] = v
	}
	return fmt.Sprintf(format, a...)
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
func (f *Factory) dnsChecker(ctx context.Context, o dnsOptions) (*dnscheck.Checker, diagnose.SkipReason, error) {
	if o.offline {
		return nil, skipReason(skipOffline), nil
	}
	addr := o.resolver
	f.mu.Lock()
	sc := f.demoSc
	f.mu.Unlock()
	if addr == "" && sc != nil {
		srv, err := dnstest.Start(sc.PublicZone(), nil)
		if err != nil {
			return nil, diagnose.SkipReason{}, fmt.Errorf("demo DNS: %v", err)
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
			return nil, skipReason(skipNoResolver, err.Error()), nil
		}
		addr = sys
	}
	perQuery := min(f.flags.timeout, 5*time.Second)
	r := dnscheck.NewResolver(addr, perQuery)
	if o.resolver == "" && sc == nil {
		if reason := dnscheck.SeesPublicDNS(ctx, r); reason != "" {
			return nil, skipReason(skipBlind, addr, reason), nil
		}
	}
	return &dnscheck.Checker{Resolver: r, Timeout: f.flags.timeout}, diagnose.SkipReason{}, nil
}
