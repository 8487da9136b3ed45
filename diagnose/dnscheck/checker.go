package dnscheck

import (
	"context"
	"net/netip"
	"time"
)

// Checker runs the checks through one Resolver.
type Checker struct {
	// Resolver answers every query. It must be set.
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

func (c *Checker) resolver() Resolver { return c.Resolver }

func (c *Checker) checkContext(ctx context.Context) (context.Context, context.CancelFunc) {
	t := c.Timeout
	if t <= 0 {
		t = 30 * time.Second
	}
	return context.WithTimeout(ctx, t)
}
