package diagnose

import (
	"context"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel"
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
}

// Gather reads every source the diagnosis needs, concurrently, into a
// Snapshot. A call that fails is recorded in Coverage and the rest goes on.
//
// Calls run through a pool of opts.Concurrency workers fed by one queue.
// The reads that others depend on (the mail domains, the mailboxes) are
// queued first, and the calls that need their answers are queued as soon
// as they arrive, so a diagnosis costs about as many round trips as its
// longest chain of dependencies (two), plus the calls divided by the pool.
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

	// First the reads other calls wait for.
	g.run(SrcMailDomains, func(ctx context.Context) error {
		v, _, err := c.Email.ListMailDomains(ctx)
		g.set(func() { s.MailDomains = v })
		domains := v
		if err != nil && opts.Target.Kind != TargetAccount {
			domains = []string{opts.Target.Domain()}
		}
		gatherDomains(g, c, domains)
		return err
	})
	// The per-mailbox reads need the mailboxes and the delivery log.
	var pending sync.WaitGroup
	pending.Add(2)
	go func() {
		pending.Wait()
		gatherMailboxes(g, c, opts)
		g.release()
	}()
	g.hold()
	g.run(SrcMailboxes, func(ctx context.Context) error {
		defer pending.Done()
		v, _, err := c.Email.ListPOPsWithDisk(ctx, nil)
		g.set(func() { s.Mailboxes = v })
		return err
	})
	g.run(SrcTrack, func(ctx context.Context) error {
		defer pending.Done()
		recs, capped, err := searchAll(ctx, c, s.Since, s.Until, opts.Target)
		g.set(func() { s.Deliveries, s.DeliveriesCapped = recs, capped })
		return err
	})
	// Then the account-wide reads.
	g.run(SrcUserInfo, func(ctx context.Context) error {
		v, _, err := c.Variables.GetUserInformation(ctx)
		g.set(func() { s.UserInfo = v })
		return err
	})
	g.run(SrcQuota, func(ctx context.Context) error {
		v, _, err := c.Quota.GetQuotaInfo(ctx)
		g.set(func() { s.Quota = v })
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

// sortLists puts the lists filled by concurrent calls in a fixed order, so
// the same account always gives the same snapshot.
func (s *Snapshot) sortLists() {
	sort.SliceStable(s.Forwarders, func(i, j int) bool {
		a, b := s.Forwarders[i], s.Forwarders[j]
		return a.Dest < b.Dest || a.Dest == b.Dest && a.Forward < b.Forward
	})
	sort.SliceStable(s.Filters, func(i, j int) bool { return s.Filters[i].Account < s.Filters[j].Account })
}

// GatherDNS reads, concurrently, what the mail DNS of domains needs: the
// zones, the email routing, cPanel's SPF, DKIM, DMARC and PTR checks and,
// with live (for the live DNS checks), the DNS authority and the
// account's IP. A call that fails is recorded in Coverage.
func GatherDNS(ctx context.Context, c *cpanel.Client, domains []string, live bool) *Snapshot {
	s := &Snapshot{SchemaVersion: SnapshotVersion, TakenAt: time.Now().UTC(), Account: c.User(), Target: Target{Kind: TargetAccount}, MailDomains: domains}
	if len(domains) == 1 {
		s.Target = Target{Kind: TargetDomain, Value: domains[0]}
	}
	g := newGatherer(ctx, s, 8)
	gatherDomainDNS(g, c, domains, live)
	gatherRouting(g, c)
	if live {
		g.run(SrcUserInfo, func(ctx context.Context) error {
			v, _, err := c.Variables.GetUserInformation(ctx)
			g.set(func() { s.UserInfo = v })
			return err
		})
	}
	g.wait()
	s.sortCoverage()
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

// gatherDomains queues the per-domain reads.
func gatherDomains(g *gatherer, c *cpanel.Client, domains []string) {
	for _, d := range domains {
		g.run(SrcForwarders+" "+d, func(ctx context.Context) error {
			v, _, err := c.Email.ListForwarders(ctx, d)
			g.set(func() { g.s.Forwarders = append(g.s.Forwarders, v...) })
			return err
		})
	}
	gatherDomainDNS(g, c, domains, true)
}

// gatherDomainDNS queues the per-domain DNS reads: each zone, cPanel's
// SPF, DKIM and PTR checks, and with authority the DNS authority.
func gatherDomainDNS(g *gatherer, c *cpanel.Client, domains []string, authority bool) {
	s := g.s
	if len(domains) == 0 {
		return
	}
	for _, d := range domains {
		g.run(SrcZone+" "+d, func(ctx context.Context) error {
			v, _, err := c.DNS.ParseZone(ctx, d)
			g.set(func() {
				if s.Zones == nil {
					s.Zones = map[string][]cpanel.ZoneRecord{}
				}
				if err == nil {
					s.Zones[d] = v
				}
			})
			return err
		})
	}
	if authority {
		g.run(SrcLocalAuthority, func(ctx context.Context) error {
			v, _, err := c.DNS.HasLocalAuthority(ctx, domains...)
			g.set(func() { s.LocalAuthority = v })
			return err
		})
	}
	g.run(SrcSPF, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentSPFs(ctx, domains...)
		g.set(func() { s.SPF = v })
		return err
	})
	g.run(SrcDKIM, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentDKIMs(ctx, domains...)
		g.set(func() { s.DKIM = v })
		return err
	})
	g.run(SrcPTR, func(ctx context.Context) error {
		v, _, err := c.EmailAuth.ValidateCurrentPTRs(ctx, domains...)
		g.set(func() { s.PTR = v })
		return err
	})
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
	for _, r := range s.Deliveries {
		if r.Type == cpanel.EventFiltered {
			filtered[strings.ToLower(string(r.Recipient))] = true
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

// searchAll reads delivery records of every type for the window. For an
// address target it asks for mail to and from the address (so a busy
// account's cap does not hide it); otherwise for the whole account.
func searchAll(ctx context.Context, c *cpanel.Client, since, until time.Time, t Target) ([]cpanel.DeliveryRecord, bool, error) {
	base := cpanel.SearchOptions{Types: cpanel.EventTypes(), Since: since, Until: until, MaxResultsByType: 5000}
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
	var out []cpanel.DeliveryRecord
	seen := map[string]bool{}
	capped := false
	for _, q := range queries {
		recs, resp, err := c.EmailTrack.Search(ctx, &q)
		if err != nil {
			return out, capped, err
		}
		capped = capped || resp.Overflowed
		for _, r := range recs {
			key := string(r.MsgID) + "|" + string(r.Recipient) + "|" + string(r.Type) + "|" + strconv.FormatInt(int64(r.ActionUnixTime), 10)
			if !seen[key] {
				seen[key] = true
				out = append(out, r)
			}
		}
	}
	return out, capped, nil
}

// gatherer runs calls through a pool of workers fed by a FIFO queue and
// records coverage. Calls may queue more calls.
type gatherer struct {
	ctx   context.Context
	s     *Snapshot
	mu    sync.Mutex
	cond  *sync.Cond
	queue []task
	busy  int // queued or running tasks
	done  chan struct{}
}

type task struct {
	source string
	fn     func(ctx context.Context) error
}

func newGatherer(ctx context.Context, s *Snapshot, workers int) *gatherer {
	g := &gatherer{ctx: ctx, s: s, done: make(chan struct{})}
	g.cond = sync.NewCond(&g.mu)
	for range workers {
		go g.work()
	}
	return g
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
	g.mu.Lock()
	g.queue = append(g.queue, task{source, fn})
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
		// Run fn even when ctx is done: its calls then fail at once,
		// without a request, and what fn must do in any case (the
		// mailboxes' and the delivery log's pending.Done) is done; a
		// skipped fn left Gather waiting forever.
		err := t.fn(g.ctx)
		g.record(t.source, err)
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
}

func (g *gatherer) set(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f()
}

func (g *gatherer) record(source string, err error) {
	c := Coverage{Source: source, OK: err == nil, Err: err}
	if err != nil {
		c.Error = strings.Join(strings.Fields(err.Error()), " ")
	}
	g.set(func() { g.s.Coverage = append(g.s.Coverage, c) })
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
