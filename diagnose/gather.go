package diagnose

import (
	"context"
	"sort"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// GatherOptions says what to gather.
type GatherOptions struct {
	Target Target
	// Since and Until bound the delivery records (Until zero: now).
	Since, Until time.Time
	// Concurrency bounds the API calls in flight (default 8).
	Concurrency int
	// Now is the clock (default time.Now).
	Now func() time.Time
	// MaxPerMailboxCalls bounds the per-mailbox calls (filters, spam
	// settings) made for a whole-account diagnosis (default 50).
	MaxPerMailboxCalls int
	// LiveDNS returns the checker of the live DNS checks, or nil and why
	// they are skipped (Snapshot.LiveDNSSkip). Gather calls it once the
	// cPanel answers the checks are compared with are in (the domains,
	// zones, cPanel's checks, the account's IP) and runs each domain's
	// checks in the same pool, beside the API calls still going (the
	// mailboxes, Track Delivery). It should return at once: a checker
	// chosen beforehand. A nil LiveDNS runs no live checks.
	LiveDNS func(ctx context.Context) (*dnscheck.Checker, SkipReason)
	// DKIMSelectors are the selectors the live DKIM check tries besides
	// the one cPanel signs with.
	DKIMSelectors []string
}

// Gather reads every source the diagnosis needs, concurrently, into a
// Snapshot. A call that fails is recorded in Coverage and the rest goes on.
//
// Calls run through a pool of opts.Concurrency workers fed by one queue.
// The reads that others depend on (the mail domains, the mailboxes) are
// queued first, and the calls that need their answers are queued as soon
// as they arrive, so a diagnosis costs about as many round trips as its
// longest chain of dependencies, plus the calls divided by the pool. The
// first call goes out alone: when cPanel refuses the credentials, that one
// refused request is all the run sends (see Snapshot.Refused).
func Gather(ctx context.Context, c *cpanel.Client, opts GatherOptions) *Snapshot {
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	if opts.MaxPerMailboxCalls <= 0 {
		opts.MaxPerMailboxCalls = 50
	}
	until := opts.Until
	if until.IsZero() {
		until = now()
	}
	s := &Snapshot{SchemaVersion: SnapshotVersion, TakenAt: now().UTC(), Account: c.User(), Target: opts.Target, Since: opts.Since.UTC(), Until: until.UTC()}
	g := newGatherer(ctx, s, opts.Concurrency)
	// live waits for the calls whose answers the live DNS checks read: the
	// domains, their zones, cPanel's checks, the account's IP. It holds one
	// count until everything is queued.
	live := newBarrier(func() { gatherLiveDNS(g, opts) })
	live.Add(1)

	// First the reads other calls wait for.
	live.Add(1)
	g.runThen(SrcMailDomains, live.Done, func(ctx context.Context) error {
		v, _, err := c.Email.ListMailDomains(ctx)
		g.set(func() { s.MailDomains = v })
		domains := v
		switch {
		case err != nil && opts.Target.Kind != TargetAccount:
			domains = []string{opts.Target.Domain()}
		case err == nil && opts.Target.Kind != TargetAccount && !contains(v, opts.Target.Domain()):
			// Not on the account (TargetMissing): nothing more to read.
			g.cancel()
			return nil
		}
		gatherDomains(g, c, domains, live)
		return err
	})
	// The per-mailbox reads need the mailboxes and the delivery log.
	mailboxes := newBarrier(func() { gatherMailboxes(g, c, opts) })
	mailboxes.Add(2)
	g.runThen(SrcMailboxes, mailboxes.Done, func(ctx context.Context) error {
		v, _, err := c.Email.ListPOPsWithDisk(ctx, nil)
		g.set(func() { s.Mailboxes = v })
		return err
	})
	g.runThen(SrcTrack, mailboxes.Done, func(ctx context.Context) error {
		log, capped, err := searchAll(ctx, c, s.Since, s.Until, opts.Target)
		g.set(func() { s.DeliveryLog, s.DeliveriesCapped = log, capped })
		return err
	})
	// Then the account-wide reads.
	live.Add(1)
	g.runThen(SrcUserInfo, live.Done, func(ctx context.Context) error {
		v, _, err := c.Variables.GetUserInformation(ctx)
		g.set(func() { s.UserInfo = v })
		return err
	})
	g.run(SrcQuota, func(ctx context.Context) error {
		v, _, err := c.Quota.GetQuotaInfo(ctx)
		g.set(func() {
			s.Quota = v
			if v != nil && (!v.DiskLimitBytes().Reported || !v.InodeLimit().Reported) {
				g.note(SrcQuota, "the answer has no disk limit (megabyte_limit, byte_limit) or no inode_limit: that limit is not reported, and was not checked")
			}
		})
		return err
	})
	gatherRouting(g, c)
	g.run(SrcDefaultAddress, func(ctx context.Context) error {
		v, _, err := c.Email.ListDefaultAddress(ctx, c.User(), "")
		g.set(func() { s.DefaultAddresses = v })
		return err
	})
	g.run(SrcFilters+" (account)", func(ctx context.Context) error {
		v, _, err := c.Email.ListFilters(ctx, "")
		g.set(func() { s.Filters = append(s.Filters, v...) })
		return err
	})
	g.run(SrcSpam+" (account)", func(ctx context.Context) error {
		v, _, err := c.Email.GetSpamSettings(ctx, "")
		g.set(func() { s.spam("", v) })
		return err
	})
	g.run(SrcStatsDB, func(ctx context.Context) error {
		v, _, err := c.Email.StatsDBStatus(ctx)
		g.set(func() { s.StatsDBStatus = v })
		return err
	})
	if opts.Target.Kind == TargetAddress {
		g.run(SrcTrace, func(ctx context.Context) error {
			v, _, err := c.Email.TraceDelivery(ctx, opts.Target.Value)
			g.set(func() { s.Trace = v })
			return err
		})
	}
	live.Done()
	g.wait()
	s.sortCoverage()
	s.sortLists()
	return s
}

// sortLists puts the lists filled by concurrent calls in a fixed order, so
// the same account always gives the same snapshot.
func (s *Snapshot) sortLists() {
	sort.SliceStable(s.Forwarders, func(i, j int) bool {
		a, b := s.Forwarders[i], s.Forwarders[j]
		return a.Dest < b.Dest || a.Dest == b.Dest && a.Forward < b.Forward
	})
	sort.SliceStable(s.Filters, func(i, j int) bool { return s.Filters[i].Account < s.Filters[j].Account })
	sort.SliceStable(s.LiveDNS, func(i, j int) bool { return s.LiveDNS[i].Domain < s.LiveDNS[j].Domain })
}

// GatherDNS reads, concurrently, what the mail DNS of domains needs: the
// zones, the email routing, cPanel's SPF, DKIM, DMARC and PTR checks and,
// with opts.LiveDNS, the DNS authority, the account's IP and the live DNS
// checks themselves (as Gather runs them). Of opts, only LiveDNS,
// DKIMSelectors and Concurrency are used. A call that fails is recorded
// in Coverage.
func GatherDNS(ctx context.Context, c *cpanel.Client, domains []string, opts GatherOptions) *Snapshot {
	s := &Snapshot{SchemaVersion: SnapshotVersion, TakenAt: time.Now().UTC(), Account: c.User(), Target: Target{Kind: TargetAccount}, MailDomains: domains}
	if len(domains) == 1 {
		s.Target = Target{Kind: TargetDomain, Value: domains[0]}
	}
	if opts.Concurrency <= 0 {
		opts.Concurrency = 8
	}
	g := newGatherer(ctx, s, opts.Concurrency)
	live := newBarrier(func() { gatherLiveDNS(g, opts) })
	live.Add(1)
	gatherDomainDNS(g, c, domains, opts.LiveDNS != nil, live)
	gatherRouting(g, c)
	if opts.LiveDNS != nil {
		live.Add(1)
		g.runThen(SrcUserInfo, live.Done, func(ctx context.Context) error {
			v, _, err := c.Variables.GetUserInformation(ctx)
			g.set(func() { s.UserInfo = v })
			return err
		})
	}
	live.Done()
	g.wait()
	s.sortCoverage()
	s.sortLists()
	return s
}

// gatherRouting queues the account-wide reads about mail routing: the MX
// and routing setting of every domain, and cPanel's DMARC checks.
func gatherRouting(g *gatherer, c *cpanel.Client) {
	s := g.s
	g.run(SrcMX, func(ctx context.Context) error {
		v, _, err := c.Email.ListMXs(ctx, "")
		g.set(func() { s.MX = v })
		return err
	})
	g.run(SrcDMARC, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentDMARCs(ctx)
		g.set(func() { s.DMARC = v })
		return err
	})
}

// smallAccount is the number of mailboxes up to which a whole-account
// diagnosis reads every mailbox's filters and spam settings.
const smallAccount = 3

// trackPageSize is the records per type and request diagnose asks
// Track Delivery for: cPanel's largest, so that a busy window is read in
// answers of bounded size, and a capped one is split (cpanel's Records).
const trackPageSize = 5000
