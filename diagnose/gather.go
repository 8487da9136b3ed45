package diagnose

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"
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
	// they are skipped (Snapshot.LiveDNSSkip). Gather calls it at the
	// start, beside the first API calls, and runs each domain's checks in
	// the same pool as soon as the cPanel answers they are compared with
	// are in. A nil LiveDNS runs no live checks and says nothing.
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
	// liveIn counts the calls whose answers the live DNS checks read: the
	// domains, their zones, cPanel's checks, the account's IP.
	var liveIn sync.WaitGroup

	// First the reads other calls wait for.
	liveIn.Add(1)
	g.runThen(SrcMailDomains, liveIn.Done, func(ctx context.Context) error {
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
		gatherDomains(g, c, domains, &liveIn)
		return err
	})
	if opts.LiveDNS != nil {
		gatherLiveDNS(g, opts, &liveIn)
	}
	// The per-mailbox reads need the mailboxes and the delivery log.
	var pending sync.WaitGroup
	pending.Add(2)
	go func() {
		pending.Wait()
		gatherMailboxes(g, c, opts)
		g.release()
	}()
	g.hold()
	g.runThen(SrcMailboxes, pending.Done, func(ctx context.Context) error {
		v, _, err := c.Email.ListPOPsWithDisk(ctx, nil)
		g.set(func() { s.Mailboxes = v })
		return err
	})
	g.runThen(SrcTrack, pending.Done, func(ctx context.Context) error {
		log, capped, err := searchAll(ctx, c, s.Since, s.Until, opts.Target)
		g.set(func() { s.DeliveryLog, s.DeliveriesCapped = log, capped })
		return err
	})
	// Then the account-wide reads.
	liveIn.Add(1)
	g.runThen(SrcUserInfo, liveIn.Done, func(ctx context.Context) error {
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
	g.wait()
	s.sortCoverage()
	s.sortLists()
	return s
}

// gatherLiveDNS gets the live DNS checker beside the API calls and, once
// every answer counted by in is there, queues one live check per domain.
// The sending IP is checked against the blocklists once, with the first
// domain; liveDomainsAtOnce bounds the domains checked at the same time.
func gatherLiveDNS(g *gatherer, opts GatherOptions, in *sync.WaitGroup) {
	s := g.s
	g.hold()
	go func() {
		defer g.release()
		checker, skipped := opts.LiveDNS(g.ctx)
		in.Wait()
		if checker == nil || g.ctx.Err() != nil {
			if checker != nil {
				skipped = SkipReason{Code: SkipNoTime, Text: "live DNS checks skipped: no time left"}
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
	}()
}

// liveUnknown returns, as one error, the live checks of a domain that got
// no answer, or nil.
func liveUnknown(rep dnscheck.Report) error {
	var unknown []string
	for _, r := range rep.Results {
		for _, p := range r.Problems {
			if p.Verdict == dnscheck.Unknown {
				unknown = append(unknown, p.Message)
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
	Unanswered []string
}

// Error joins the unanswered checks.
func (e *LiveDNSError) Error() string { return strings.Join(e.Unanswered, "; ") }

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
	live := opts.LiveDNS != nil
	var liveIn sync.WaitGroup
	gatherDomainDNS(g, c, domains, live, &liveIn)
	gatherRouting(g, c)
	if live {
		liveIn.Add(1)
		g.runThen(SrcUserInfo, liveIn.Done, func(ctx context.Context) error {
			v, _, err := c.Variables.GetUserInformation(ctx)
			g.set(func() { s.UserInfo = v })
			return err
		})
		gatherLiveDNS(g, opts, &liveIn)
	}
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

// gatherDomains queues the per-domain reads; live counts those the live
// DNS checks read.
func gatherDomains(g *gatherer, c *cpanel.Client, domains []string, live *sync.WaitGroup) {
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
func gatherDomainDNS(g *gatherer, c *cpanel.Client, domains []string, authority bool, live *sync.WaitGroup) {
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

// smallAccount is the number of mailboxes up to which a whole-account
// diagnosis reads every mailbox's filters and spam settings.
const smallAccount = 3

// gatherMailboxes queues the per-mailbox reads: held messages where
// outgoing mail is held, and the filters and spam settings of the
// mailboxes the diagnosis is about: the target, every mailbox of a small
// account, and in a larger one those whose mail was discarded ("filtered")
// in the window (at most opts.MaxPerMailboxCalls).
func gatherMailboxes(g *gatherer, c *cpanel.Client, opts GatherOptions) {
	s := g.s
	g.mu.Lock()
	boxes := s.Mailboxes
	filtered := map[string]bool{}
	for _, gr := range s.deliveryLog().Groups {
		if len(gr.Examples) > 0 && gr.Examples[0].Type == cpanel.EventFiltered {
			filtered[strings.ToLower(string(gr.Examples[0].Recipient))] = true
		}
	}
	g.mu.Unlock()
	real := 0
	for _, m := range boxes {
		if !m.IsMainAccount() {
			real++
		}
	}
	perMailbox := 0
	for _, m := range boxes {
		if m.IsMainAccount() {
			continue
		}
		addr := m.Email
		if bool(m.HoldOutgoing) {
			g.run(SrcHeld+" "+addr, func(ctx context.Context) error {
				n, _, err := c.Email.GetHeldMessageCount(ctx, addr)
				g.set(func() {
					if s.HeldMessages == nil {
						s.HeldMessages = map[string]int{}
					}
					if err == nil {
						s.HeldMessages[addr] = n
					}
				})
				return err
			})
		}
		var relevant bool
		switch opts.Target.Kind {
		case TargetAccount:
			relevant = real <= smallAccount || filtered[strings.ToLower(addr)]
		case TargetAddress:
			relevant = strings.EqualFold(opts.Target.Value, addr)
		case TargetDomain:
			relevant = strings.EqualFold(m.Domain, opts.Target.Value)
		}
		if !relevant || perMailbox >= opts.MaxPerMailboxCalls {
			continue
		}
		perMailbox++
		g.run(SrcFilters+" "+addr, func(ctx context.Context) error {
			v, _, err := c.Email.ListFilters(ctx, addr)
			g.set(func() { s.Filters = append(s.Filters, v...) })
			return err
		})
		g.run(SrcSpam+" "+addr, func(ctx context.Context) error {
			v, _, err := c.Email.GetSpamSettings(ctx, addr)
			g.set(func() { s.spam(addr, v) })
			return err
		})
	}
}

func (s *Snapshot) spam(account string, v *cpanel.SpamSettings) {
	if v == nil {
		return
	}
	if s.SpamSettings == nil {
		s.SpamSettings = map[string]cpanel.SpamSettings{}
	}
	s.SpamSettings[account] = *v
}

// searchAll reads every delivery record of the window, streamed (the way
// `cpmail deliveries` reads them: cpanel's EmailTrack.Records, which splits a
// window cPanel caps), and sums them up in a DeliveryLog as they come, so
// no record is held. For an address or domain target it asks for mail to
// and from it; otherwise for the whole account. capped says that cPanel
// still capped a window that could not be split: some records are missing.
func searchAll(ctx context.Context, c *cpanel.Client, since, until time.Time, t Target) (*DeliveryLog, bool, error) {
	base := cpanel.SearchOptions{Types: cpanel.EventTypes(), Since: since, Until: until, MaxResultsByType: trackPageSize}
	var queries []cpanel.SearchOptions
	switch t.Kind {
	case TargetAddress:
		to, from := base, base
		to.Recipient, from.Sender = t.Value, t.Value
		queries = []cpanel.SearchOptions{to, from}
	case TargetDomain:
		to, from := base, base
		to.Recipient, from.Sender = "@"+t.Value, "@"+t.Value
		queries = []cpanel.SearchOptions{to, from}
	default:
		queries = []cpanel.SearchOptions{base}
	}
	b := newDeliveryLogBuilder(t)
	capped := false
	for i, q := range queries {
		var st cpanel.SearchStats
		for r, err := range c.EmailTrack.Records(ctx, &q, &st) {
			if err != nil {
				return b.finish(), capped || st.Capped, err
			}
			// Mail from the target to itself came with the first query.
			if i > 0 && queries[0].Match(r) {
				continue
			}
			b.add(r)
		}
		capped = capped || st.Capped
	}
	return b.finish(), capped, nil
}

// trackPageSize is the records per type and request diagnose asks
// Track Delivery for: cPanel's largest, so that a busy window is read in
// answers of bounded size, and a capped one is split (cpanel's Records).
const trackPageSize = 5000

// gatherer runs calls through a pool of workers fed by a FIFO queue and
// records coverage. Calls may queue more calls.
//
// The first call whose answer refuses the credentials
// (cpanel.ErrCredentialsRefused) cancels the gatherer's context: calls in
// flight end, queued calls are recorded as not made, and no call starts
// after it (cPanel's cPHulk locks out an IP that keeps failing).
type gatherer struct {
	ctx    context.Context
	cancel context.CancelFunc
	s      *Snapshot
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []task
	busy   int // queued or running tasks
	done   chan struct{}
	// more is how many workers start once the first call is answered
	// without a refusal; until then one call at a time goes out, so wrong
	// credentials cost one refused request, not a pool's worth.
	more int
	open sync.Once
	// notes are the coverage notes by source (see note).
	notes map[string]string
}

type task struct {
	source string
	fn     func(ctx context.Context) error
	// then, when set, runs after the task, whether fn ran or was skipped.
	then func()
}

func newGatherer(ctx context.Context, s *Snapshot, workers int) *gatherer {
	ctx, cancel := context.WithCancel(ctx)
	g := &gatherer{ctx: ctx, cancel: cancel, s: s, done: make(chan struct{}), more: workers - 1}
	g.cond = sync.NewCond(&g.mu)
	go g.work()
	return g
}

// widen starts the rest of the pool, once, unless the credentials were
// refused: until then one call at a time goes out.
func (g *gatherer) widen() {
	g.open.Do(func() {
		if g.refusal() == nil {
			for range g.more {
				go g.work()
			}
		}
	})
}

// hold keeps wait from returning until release: for calls that will be
// queued later by another goroutine.
func (g *gatherer) hold() {
	g.mu.Lock()
	g.busy++
	g.mu.Unlock()
}

// release ends a hold.
func (g *gatherer) release() {
	g.mu.Lock()
	g.busy--
	g.mu.Unlock()
	g.cond.Broadcast()
}

// run queues a call.
func (g *gatherer) run(source string, fn func(ctx context.Context) error) {
	g.runThen(source, nil, fn)
}

// runThen queues a call and what must follow it even when the call is
// skipped (a refusal cancelled it).
func (g *gatherer) runThen(source string, then func(), fn func(ctx context.Context) error) {
	g.mu.Lock()
	g.queue = append(g.queue, task{source, fn, then})
	g.busy++
	g.mu.Unlock()
	g.cond.Signal()
}

func (g *gatherer) work() {
	for {
		g.mu.Lock()
		for len(g.queue) == 0 {
			select {
			case <-g.done:
				g.mu.Unlock()
				return
			default:
			}
			g.cond.Wait()
		}
		t := g.queue[0]
		g.queue = g.queue[1:]
		g.mu.Unlock()
		var err error
		ran := false
		if err = g.refusal(); err == nil {
			if err = g.ctx.Err(); err == nil {
				ran = true
				err = t.fn(g.ctx)
			}
		}
		skipped := false
		if errors.Is(err, cpanel.ErrCredentialsRefused) && ran {
			g.refuse(t.source, err)
		} else if ref := g.refusal(); err != nil && ref != nil {
			// Cancelled by the refusal: say so rather than "context canceled".
			err, skipped = ref, true
		}
		g.record(t.source, err, skipped)
		if t.then != nil {
			t.then()
		}
		g.widen()
		g.mu.Lock()
		g.busy--
		g.mu.Unlock()
		g.cond.Broadcast()
	}
}

// wait returns when every queued call (and what they queued) is done, and
// stops the workers.
func (g *gatherer) wait() {
	g.mu.Lock()
	for g.busy > 0 {
		g.cond.Wait()
	}
	close(g.done)
	g.mu.Unlock()
	g.cond.Broadcast()
	g.cancel()
}

// refuse records the first refusal of the credentials and cancels every
// call in flight and queued.
func (g *gatherer) refuse(source string, err error) {
	g.mu.Lock()
	if g.s.CredentialsRefused == "" {
		g.s.CredentialsRefused = source + ": " + oneLine(err.Error(), 500)
		g.s.CredentialsLockedOut = errors.Is(err, cpanel.ErrLockedOut)
		g.s.refusal = err
	}
	g.mu.Unlock()
	g.cancel()
}

// refusal returns the recorded refusal of the credentials, or nil.
func (g *gatherer) refusal() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.s.Refused()
}

func (g *gatherer) set(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f()
}

// record adds source's coverage; skipped says it was not read because a
// refused credential stopped the run.
func (g *gatherer) record(source string, err error, skipped bool) {
	c := Coverage{Source: source, OK: err == nil, Err: err, Class: classOf(err)}
	if skipped {
		c.Class = ClassSkipped
	}
	if err != nil {
		c.Error = strings.Join(strings.Fields(err.Error()), " ")
	}
	g.set(func() {
		c.Note = g.notes[source]
		g.s.Coverage = append(g.s.Coverage, c)
	})
}

// note attaches a note to source's coverage record; call it under g.mu
// (inside set) before the call returns.
func (g *gatherer) note(source, text string) {
	if g.notes == nil {
		g.notes = map[string]string{}
	}
	g.notes[source] = text
}

// sortCoverage orders Coverage by source.
func (s *Snapshot) sortCoverage() {
	sort.SliceStable(s.Coverage, func(i, j int) bool { return s.Coverage[i].Source < s.Coverage[j].Source })
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
