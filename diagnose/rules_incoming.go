package diagnose

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Rules about what happened to mail sent to the account, read from the
// delivery log.

func recipientUnknown(e *Env) []Finding {
	s := e.S
	exists := map[string]bool{}
	for _, a := range localAddresses(s) {
		exists[a] = true
	}
	groups := map[string][]Delivery{}
	for _, d := range e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == bounce.RecipientUnknown }) {
		rcpt := strings.ToLower(string(d.Record.Recipient))
		if !exists[rcpt] {
			groups[rcpt] = append(groups[rcpt], d)
		}
	}
	// An address target that does not exist is worth saying even without records.
	if t := s.Target; t.Kind == TargetAddress && s.IsLocalDomain(t.Domain()) && !exists[t.Value] && len(groups[t.Value]) == 0 && s.Covered(SrcMailboxes) && defaultFails(s, t.Domain()) {
		groups[t.Value] = nil
	}
	var out []Finding
	for _, rcpt := range slices.Sorted(maps.Keys(groups)) {
		ds := groups[rcpt]
		dom := domainOf(rcpt)
		hint := msg.Text{}
		if near := nearest(rcpt, localAddresses(s)); near != "" {
			hint = msg.New(".hint", "Near", near)
		}
		ev := []Evidence{{Source: SrcMailboxes + ", " + SrcForwarders, Key: rcpt, Value: "no such mailbox or forwarder"}}
		if da := defaultAddress(s, dom); da != "" {
			ev = append(ev, Evidence{Source: SrcDefaultAddress, Key: dom, Value: da})
		}
		ev = append(ev, deliveryEvidence(ds, 3)...)
		f := e.Finding(rcpt,
			msg.New(".title", "Recipient", rcpt),
			msg.New(".detail", "Recipient", rcpt, "Refusals", countText(records(ds)), "Hint", hint),
			msg.New(".remedy", "Recipient", rcpt, "Domain", dom),
			ev...)
		f.Count = records(ds)
		out = append(out, f)
	}
	return out
}

// localAddresses returns the addresses that exist: mailboxes and forwarders.
func localAddresses(s *Snapshot) []string {
	var out []string
	for _, m := range s.Mailboxes {
		if !m.IsMainAccount() {
			out = append(out, strings.ToLower(m.Email))
		}
	}
	for _, f := range s.Forwarders {
		out = append(out, strings.ToLower(f.Dest))
	}
	sort.Strings(out)
	return out
}

// defaultAddress returns the domain's default address setting.
func defaultAddress(s *Snapshot, domain string) string {
	for _, d := range s.DefaultAddresses {
		if strings.EqualFold(d.Domain, domain) {
			return d.DefaultAddress
		}
	}
	return ""
}

// defaultFails reports whether unknown recipients of domain bounce.
func defaultFails(s *Snapshot, domain string) bool {
	da := defaultAddress(s, domain)
	return da == "" || strings.HasPrefix(da, ":fail:")
}

// nearest returns the existing address closest to addr when it is a likely
// typo (edit distance 1 or 2 in the local part, same domain).
func nearest(addr string, existing []string) string {
	best, bestD := "", 3
	for _, a := range existing {
		if a == addr || domainOf(a) != domainOf(addr) {
			continue
		}
		if d := editDistance(localPart(addr), localPart(a)); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func localPart(a string) string {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		return a[:i]
	}
	return a
}

// editDistance is the Damerau–Levenshtein distance (adjacent swaps count 1).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// incoming is a grouped incoming rule as data: the reason it reports,
// for incomingGroup. Its words are the rule's own messages: .title (with
// Count, the records), .detail (with List, up to three sending hosts, and
// BlocklistText when blocklists is set) and .remedy.
type incoming struct {
	reason bounce.Reason
	// blocklists names the lists and the first refusal in the detail.
	blocklists bool
}

// incomingGroup reports incoming problems with g's reason, grouped.
func incomingGroup(g incoming) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == g.reason })
		if len(ds) == 0 {
			return nil
		}
		senders := map[string]bool{}
		for _, d := range ds {
			h := string(d.Record.SenderHost)
			if h == "" {
				h = string(d.Record.Email)
			}
			senders[h] = true
		}
		list := strings.Join(firstN(slices.Sorted(maps.Keys(senders)), 3), ", ")
		detail := msg.New(".detail", "List", list)
		if g.blocklists {
			detail.Args["BlocklistText"] = blocklistText(ds)
		}
		f := e.Finding(e.S.Account, msg.New(".title", "Count", records(ds)), detail, msg.New(".remedy"), deliveryEvidence(ds, 3)...)
		if t := e.S.Target; t.Kind != TargetAccount {
			f.Subject = t.Value
		}
		f.Count = records(ds)
		return []Finding{f}
	}
}
