package diagnose

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// DeliveryLog is the Track Delivery log of the window summed up for the
// rules: every record is counted, but records alike for the rules are kept
// as one group with a few examples, so its size grows with the kinds of
// record (reasons, addresses, hosts), not with their number. A busy
// account's 100,000 records are read whole and fit in a small snapshot.
type DeliveryLog struct {
	// Counts is the number of records of each type.
	Counts map[cpanel.EventType]int `json:"counts"`
	// Groups holds the failures, rejections and deferrals, grouped by
	// everything the rules read (type, classification of the message,
	// sender, recipient, account user and domain, delivery domain, sending
	// host and IP); the discards ("filtered") by recipient; and the other
	// types by type alone (no rule reads more of them). In order of first
	// arrival.
	Groups []DeliveryGroup `json:"groups"`
	// Retrying sums up the messages deferred and not delivered, failed or
	// discarded afterwards in the window.
	Retrying RetryingMessages `json:"retrying"`
	// Followed holds, for an address target, the records of the newest
	// messages to or from it (at most maxFollowed messages), so that the
	// report can follow each end to end.
	Followed []cpanel.DeliveryRecord `json:"followed,omitempty"`
	// FollowedCapped is true when older messages were left out of Followed.
	FollowedCapped bool `json:"followed_capped,omitempty"`
	// Merged is the number of records put in a coarse group because the
	// log held maxGroups kinds already (their recipient is not kept).
	Merged int `json:"merged,omitempty"`
	// MessagesUntracked is the number of records of messages beyond
	// maxTrackedMessages: each counts as one message, and whether it is
	// still being retried is not known.
	MessagesUntracked int `json:"messages_untracked,omitempty"`
	// Hours counts the records hour by hour, by type and by reason (see
	// Snapshot.Hours): the timeline of a report.
	Hours []Hour `json:"hours,omitempty"`
}

// DeliveryGroup is a set of records alike for the rules.
type DeliveryGroup struct {
	// Count is the number of records.
	Count int `json:"count"`
	// Messages is the number of distinct messages (message id and
	// recipient; a record without an id counts as one message).
	Messages int `json:"messages"`
	// MaxSize is the largest message size, in bytes.
	MaxSize int64 `json:"max_size"`
	// Examples are the earliest records (at most groupExamples), oldest
	// first; the first one carries the fields the group shares.
	Examples []cpanel.DeliveryRecord `json:"examples"`
}

// RetryingMessages sums up the messages still being retried.
type RetryingMessages struct {
	// Count is the number of messages (message id and recipient).
	Count int `json:"count"`
	// FirstAttempt is the earliest first record of any of them.
	FirstAttempt time.Time `json:"first_attempt,omitzero"`
	// Examples are the last deferral of the first messages by message id
	// (at most groupExamples).
	Examples []cpanel.DeliveryRecord `json:"examples,omitempty"`
}

// groupExamples is how many example records a group keeps: the rules show
// three records of evidence.
const groupExamples = 3

// maxFollowed is how many messages to or from an address target the
// report follows end to end (the newest ones), and maxFollowedEvents how
// many records of each.
const (
	maxFollowed       = 200
	maxFollowedEvents = 50
)

// maxGroups is how many kinds of problem record the log tells apart
// before it groups more coarsely (see deliveryLogBuilder.group), and
// maxTrackedMessages how many messages it follows to count distinct
// messages and those still being retried: together they bound the
// memory of a diagnosis whatever the server sends (about 10 and 40 MB).
const (
	maxGroups          = 2000
	maxTrackedMessages = 300000
)

// groupKey is what the rules can tell apart in a record.
type groupKey struct {
	typ                                                                  cpanel.EventType
	class                                                                bounce.Classification
	recipient, email, user, domain, deliveryDomain, senderHost, senderIP string
}

func keyOf(r cpanel.DeliveryRecord) groupKey {
	switch {
	case r.Type.IsProblem():
		return groupKey{typ: r.Type, class: bounce.Classify(string(r.Message)), recipient: string(r.Recipient), email: string(r.Email),
			user: string(r.User), domain: string(r.Domain), deliveryDomain: string(r.DeliveryDomain), senderHost: string(r.SenderHost), senderIP: string(r.SenderIP)}
	case r.Type == cpanel.EventFiltered:
		return groupKey{typ: r.Type, recipient: string(r.Recipient)}
	}
	return groupKey{typ: r.Type}
}

// msgState is what is known of one message (id and recipient) while the
// log is read: a few words, no record.
type msgState struct {
	first     int64 // earliest record
	lastDefer int64 // latest deferral
	defers    int32
	group     int32 // 1 + the first group it was counted in (see more)
	done      bool  // delivered, failed, rejected or discarded
}

// retryCandidates is how many messages still being retried keep their
// last deferral while the log is read: those with the smallest ids, of
// which the first groupExamples become RetryingMessages.Examples.
const retryCandidates = 16

// retryCandidate is a message being retried and its last deferral.
type retryCandidate struct {
	id   string
	last cpanel.DeliveryRecord
}

// followedMsg is one message followed for an address target.
type followedMsg struct {
	sent int64
	recs []followedRec
}

type followedRec struct {
	seq int
	rec cpanel.DeliveryRecord
}

// deliveryLogBuilder sums up records into a DeliveryLog as they are read.
// Its memory is the groups plus a few words per message; no record is
// held beyond the examples.
type deliveryLogBuilder struct {
	log    DeliveryLog
	groups map[groupKey]int
	// examples is how many examples each group keeps, and reasons the
	// reason of each group's records.
	examples []int
	reasons  []bounce.Reason
	hours    *hourly
	msgs     map[string]msgState
	// more holds, for the few messages counted in more than one group,
	// the other groups.
	more map[string][]int32
	// cands are the retryCandidates pending messages with the smallest ids.
	cands []retryCandidate
	// follow is the address target ("" for none).
	follow   string
	followed map[string]*followedMsg
	floor    int64 // messages received before it were left out of followed
	seq      int   // records read
}

func newDeliveryLogBuilder(t Target) *deliveryLogBuilder {
	b := &deliveryLogBuilder{log: DeliveryLog{Counts: map[cpanel.EventType]int{}, Groups: []DeliveryGroup{}}, groups: map[groupKey]int{}, msgs: map[string]msgState{}, more: map[string][]int32{}, hours: &hourly{}}
	if t.Kind == TargetAddress {
		b.follow = t.Value
		b.followed = map[string]*followedMsg{}
	}
	return b
}

// summarizeDeliveries sums up records read whole (an older snapshot, a test).
func summarizeDeliveries(recs []cpanel.DeliveryRecord, t Target) *DeliveryLog {
	b := newDeliveryLogBuilder(t)
	for _, r := range recs {
		b.add(r)
	}
	return b.finish()
}

func (b *deliveryLogBuilder) add(r cpanel.DeliveryRecord) {
	b.seq++
	b.log.Counts[r.Type]++
	gi := b.group(r)
	g := &b.log.Groups[gi]
	g.Count++
	g.MaxSize = max(g.MaxSize, int64(r.Size))
	addExample(&g.Examples, r, b.examples[gi])

	at := r.Time().Unix()
	b.hours.add(at, r.Type, b.reasons[gi])
	id := string(r.MsgID) + "|" + strings.ToLower(string(r.Recipient))
	m, seen := b.msgs[id]
	if !seen && len(b.msgs) >= maxTrackedMessages {
		// Too many messages to tell apart: count the record as one.
		b.log.MessagesUntracked++
		g.Messages++
		if b.follow != "" {
			b.addFollowed(r)
		}
		return
	}
	if !seen {
		m.first = at
	}
	m.first = min(m.first, at)
	switch r.Type {
	case cpanel.EventDefer:
		m.defers++
		if m.defers == 1 || at >= m.lastDefer {
			m.lastDefer = at
			if !m.done {
				b.offer(id, r)
			}
		}
	case cpanel.EventInProgress:
	default:
		if !m.done && m.defers > 0 {
			b.withdraw(id)
		}
		m.done = true
	}
	switch g32 := int32(gi) + 1; {
	case r.MsgID == "":
		g.Messages++
	case m.group == 0:
		m.group = g32
		g.Messages++
	case m.group != g32 && !slices.Contains(b.more[id], g32):
		b.more[id] = append(b.more[id], g32)
		g.Messages++
	}
	b.msgs[id] = m
	if b.follow != "" {
		b.addFollowed(r)
	}
}

// offer records r as the last deferral of the pending message id, if id is
// among the retryCandidates smallest.
func (b *deliveryLogBuilder) offer(id string, r cpanel.DeliveryRecord) {
	i := sort.Search(len(b.cands), func(i int) bool { return b.cands[i].id >= id })
	switch {
	case i < len(b.cands) && b.cands[i].id == id:
		b.cands[i].last = r
	case i < retryCandidates:
		b.cands = slices.Insert(b.cands, i, retryCandidate{id, r})
		if len(b.cands) > retryCandidates {
			b.cands = slices.Delete(b.cands, retryCandidates, len(b.cands))
		}
	}
}

// withdraw forgets a message that is no longer being retried.
func (b *deliveryLogBuilder) withdraw(id string) {
	i := sort.Search(len(b.cands), func(i int) bool { return b.cands[i].id >= id })
	if i < len(b.cands) && b.cands[i].id == id {
		b.cands = slices.Delete(b.cands, i, i+1)
	}
}

// group returns the index of r's group, creating it. Past maxGroups
// groups, a record of a new kind joins a coarser group: the same type,
// classification, sender and accounts, to any recipient of the same
// domain; past twice as many, any record of the same type and
// classification. Coarse groups keep one example. So a log of 100,000
// failures to 100,000 different addresses stays small; its counts stay
// exact, and Merged says how many records lost their recipient.
func (b *deliveryLogBuilder) group(r cpanel.DeliveryRecord) int {
	key := keyOf(r)
	if gi, ok := b.groups[key]; ok {
		return gi
	}
	examples := groupExamples
	if len(b.groups) >= maxGroups {
		switch {
		case len(b.groups) >= 2*maxGroups:
			key = groupKey{typ: key.typ, class: key.class}
		case r.Type.IsProblem():
			key.recipient, key.senderHost, key.senderIP = domainOf(key.recipient), "", ""
		}
		b.log.Merged++
		if gi, ok := b.groups[key]; ok {
			return gi
		}
		examples = 1
	}
	gi := len(b.log.Groups)
	b.groups[key] = gi
	b.log.Groups = append(b.log.Groups, DeliveryGroup{})
	b.examples = append(b.examples, examples)
	b.reasons = append(b.reasons, key.class.Reason)
	return gi
}

// addExample keeps the n earliest records, oldest first (the first come
// first among records of the same second).
func addExample(list *[]cpanel.DeliveryRecord, r cpanel.DeliveryRecord, n int) {
	ex := *list
	t := r.Time()
	if len(ex) == n && !t.Before(ex[len(ex)-1].Time()) {
		return
	}
	i := sort.Search(len(ex), func(i int) bool { return ex[i].Time().After(t) })
	if len(ex) < n {
		ex = append(ex, cpanel.DeliveryRecord{})
	}
	copy(ex[i+1:], ex[i:len(ex)-1])
	ex[i] = r
	*list = ex
}

// addFollowed keeps the records of the newest messages to or from the
// address target.
func (b *deliveryLogBuilder) addFollowed(r cpanel.DeliveryRecord) {
	if !strings.EqualFold(string(r.Recipient), b.follow) && !strings.EqualFold(string(r.Email), b.follow) {
		return
	}
	sent := int64(r.SendUnixTime)
	if sent == 0 {
		sent = int64(r.ActionUnixTime)
	}
	id := string(r.MsgID)
	if id == "" {
		id = string(r.Recipient) + "@" + r.Time().Format(time.RFC3339)
	}
	m := b.followed[id]
	if m == nil {
		if len(b.followed) >= maxFollowed && sent <= b.floor {
			b.log.FollowedCapped = true
			return
		}
		m = &followedMsg{sent: sent}
		b.followed[id] = m
	}
	m.sent = max(m.sent, sent)
	if len(m.recs) < maxFollowedEvents {
		m.recs = append(m.recs, followedRec{b.seq, r})
	} else {
		b.log.FollowedCapped = true
	}
	if len(b.followed) > maxFollowed {
		// Leave out the message received first.
		oldest := ""
		for k, v := range b.followed {
			if oldest == "" || v.sent < b.followed[oldest].sent || v.sent == b.followed[oldest].sent && k < oldest {
				oldest = k
			}
		}
		b.floor = max(b.floor, b.followed[oldest].sent)
		delete(b.followed, oldest)
		b.log.FollowedCapped = true
	}
}

// finish sums up what was read and returns the log.
func (b *deliveryLogBuilder) finish() *DeliveryLog {
	var r RetryingMessages
	for _, m := range b.msgs {
		if m.defers > 0 && !m.done {
			if t := time.Unix(m.first, 0).UTC(); r.Count == 0 || t.Before(r.FirstAttempt) {
				r.FirstAttempt = t
			}
			r.Count++
		}
	}
	// The candidates are the pending messages with the smallest ids (a
	// message withdrawn can only shorten the list, never reorder it).
	for _, c := range b.cands[:min(len(b.cands), groupExamples)] {
		r.Examples = append(r.Examples, c.last)
	}
	b.log.Retrying = r
	b.log.Hours = b.hours.list()
	// Followed in the order read.
	var fol []followedRec
	for _, m := range b.followed {
		fol = append(fol, m.recs...)
	}
	sort.Slice(fol, func(i, j int) bool { return fol[i].seq < fol[j].seq })
	for _, f := range fol {
		b.log.Followed = append(b.log.Followed, f.rec)
	}
	b.msgs, b.more, b.groups, b.examples, b.followed, b.cands, b.reasons, b.hours = nil, nil, nil, nil, nil, nil, nil, nil
	return &b.log
}

// deliveryLog returns the snapshot's delivery log: the one gathered, or
// one summed up from the records of an older snapshot.
func (s *Snapshot) deliveryLog() *DeliveryLog {
	if s.DeliveryLog != nil {
		return s.DeliveryLog
	}
	return summarizeDeliveries(s.Deliveries, s.Target)
}

// DeliveryCounts returns the number of delivery records of each type in
// the window.
func (s *Snapshot) DeliveryCounts() map[cpanel.EventType]int {
	return s.deliveryLog().Counts
}

// records returns how many records ds stand for.
func records(ds []Delivery) int {
	n := 0
	for _, d := range ds {
		n += max(d.Count, 1)
	}
	return n
}

// examplesOf returns the example records of ds.
func examplesOf(ds []Delivery) []cpanel.DeliveryRecord {
	var out []cpanel.DeliveryRecord
	for _, d := range ds {
		out = append(out, d.examples()...)
	}
	return out
}
