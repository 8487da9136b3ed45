package diagnose

import (
	"context"
	"strings"
	"time"

	"github.com/cpmail/cpmail/cpanel"
)

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
