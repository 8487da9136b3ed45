package dnscheck

import (
	"context"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Checker runs the checks through one Resolver.
type Checker struct {
	// Resolver answers every query; nil means the first nameserver of
	// /etc/resolv.conf.
	Resolver Resolver
	// Timeout bounds each check as a whole; zero means 30 seconds.
	Timeout time.Duration
	// Lists are the IP blocklists; nil means DefaultIPBlocklists(), an
	// empty non-nil slice means none.
	Lists []Blocklist
	// DomainLists are the domain blocklists; nil means
	// DefaultDomainBlocklists().
	DomainLists []Blocklist
	// Concurrency bounds the checks CheckDomain runs at once; zero means 6.
	Concurrency int
}

// Input is what CheckDomain needs to know about a domain. Only Domain is
// required; checks whose inputs are missing are skipped or limited.
type Input struct {
	Domain string `json:"domain"`
	// SendingIP is the address the server sends the domain's mail from.
	SendingIP netip.Addr `json:"sending_ip"`
	// ServerIPs and ServerHost identify this server, to tell whether the
	// public MX leads here. ServerHost is also the mail HELO name.
	ServerIPs  []netip.Addr `json:"server_ips,omitempty"`
	ServerHost string       `json:"server_host,omitempty"`
	// ZoneView is what cPanel's zone holds; nil skips the authority diff.
	ZoneView *ZoneView `json:"zone_view,omitempty"`
	// DKIMSelectors are checked in addition to "default".
	DKIMSelectors []string `json:"dkim_selectors,omitempty"`
	// ExpectedDKIM is the record cPanel signs with at selector "default"
	// (EmailAuth's "expected"); empty skips the key comparison.
	ExpectedDKIM string `json:"expected_dkim,omitempty"`
}

// resolver returns c.Resolver or, when unset, one asking the system's
// first nameserver.
func (c *Checker) resolver() Resolver {
	if c.Resolver != nil {
		return c.Resolver
	}
	addr, err := SystemResolverAddr()
	if err != nil {
		addr = "127.0.0.1:53"
	}
	return NewResolver(addr, 5*time.Second)
}

func (c *Checker) checkContext(ctx context.Context) (context.Context, context.CancelFunc) {
	t := c.Timeout
	if t <= 0 {
		t = 30 * time.Second
	}
	return context.WithTimeout(ctx, t)
}

// CheckDomain runs every check that applies to in.Domain, at most
// Concurrency at a time, and returns the results in a fixed order:
// authority, mx, spf, dkim (default first), dmarc, ptr, blocklists.
func (c *Checker) CheckDomain(ctx context.Context, in Input) Report {
	domain := normDomain(in.Domain)
	var tasks []func() Result
	if in.ZoneView != nil {
		zv := *in.ZoneView
		if zv.Domain == "" {
			zv.Domain = domain
		}
		tasks = append(tasks, func() Result { return c.CheckAuthority(ctx, zv) })
	}
	tasks = append(tasks,
		func() Result { return c.CheckMX(ctx, domain, in.ServerIPs, in.ServerHost) },
		func() Result { return c.CheckSPF(ctx, domain, in.SendingIP) },
		func() Result { return c.CheckDKIM(ctx, domain, "default", in.ExpectedDKIM) },
	)
	seen := map[string]bool{"default": true}
	for _, s := range in.DKIMSelectors {
		s = strings.ToLower(strings.TrimSpace(s))
		if s == "" || seen[s] {
			continue
		}
		seen[s] = true
		tasks = append(tasks, func() Result { return c.CheckDKIM(ctx, domain, s, "") })
	}
	tasks = append(tasks, func() Result { return c.CheckDMARC(ctx, domain) })
	if in.SendingIP.IsValid() {
		tasks = append(tasks,
			func() Result { return c.CheckPTR(ctx, in.SendingIP, in.ServerHost) },
		)
		if c.Lists == nil || len(c.Lists) > 0 {
			tasks = append(tasks, func() Result { return c.CheckIPBlocklists(ctx, in.SendingIP) })
		}
	}
	if c.DomainLists == nil || len(c.DomainLists) > 0 {
		tasks = append(tasks, func() Result { return c.CheckDomainBlocklists(ctx, domain) })
	}

	n := c.Concurrency
	if n <= 0 {
		n = 6
	}
	sem := make(chan struct{}, n)
	results := make([]Result, len(tasks))
	var wg sync.WaitGroup
	for i, task := range tasks {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sem <- struct{}{}
			defer func() { <-sem }()
			results[i] = task()
		}()
	}
	wg.Wait()
	rep := Report{Domain: domain, Results: results}
	return rep
}
