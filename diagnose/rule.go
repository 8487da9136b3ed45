package diagnose

import (
	"sort"
	"strings"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/lang"
)

// Rule inspects a snapshot and reports findings. Check is a pure function:
// everything it needs is in the Env.
type Rule struct {
	// ID is stable kebab-case and never reused.
	ID string `json:"id"`
	// Severity is the default severity of its findings.
	Severity Severity `json:"severity"`
	// Title says in one line what the rule looks for.
	Title Text `json:"-"`
	// Check returns the rule's findings.
	Check func(e *Env) []Finding `json:"-"`
}

// Direction says which side of a delivery the account is on.
type Direction string

// The directions of a delivery.
const (
	// Outgoing: the account sent it and the far side (or this server's
	// own limits) refused or delayed it.
	Outgoing Direction = "outgoing"
	// Incoming: it was addressed to one of the account's mail domains.
	Incoming Direction = "incoming"
	// Forwarded: mail that came in and was forwarded on to an outside address.
	Forwarded Direction = "forwarded"
)

// Delivery is a delivery record with its direction and, for problems, the
// classification of its message. It stands for Count records alike for
// the rules (a DeliveryGroup of the log), Record being the earliest.
type Delivery struct {
	Record    cpanel.DeliveryRecord
	Direction Direction
	// Class is set for failure, rejected and defer records.
	Class bounce.Classification
	// Count is the number of records it stands for (0 means 1); count a
	// list of deliveries with records(ds), not len(ds).
	Count int
	// Messages is the number of distinct messages among them.
	Messages int
	// MaxSize is the largest message size among them.
	MaxSize int64
	// Examples are the earliest records, Record first (nil: Record alone).
	Examples []cpanel.DeliveryRecord
}

// Env is what a rule sees: the snapshot, the classified deliveries, the
// language and the clock.
type Env struct {
	S    *Snapshot
	Lang lang.Tag
	Now  time.Time
	// Deliveries are the delivery log's groups, oldest first.
	Deliveries []Delivery
	// Log is the snapshot's delivery log.
	Log *DeliveryLog
	// Followed are the records of the messages to or from an address
	// target, one each, oldest first.
	Followed []Delivery
}

// Finding builds a finding in the Env's language.
func (e *Env) Finding(id string, sev Severity, subject string, title, detail, remedy Text, evidence ...Evidence) Finding {
	if evidence == nil {
		evidence = []Evidence{}
	}
	return Finding{ID: id, Severity: sev, Subject: subject, Title: title.In(e.Lang), Detail: detail.In(e.Lang), Remedy: remedy.In(e.Lang), Evidence: evidence}
}

// NewEnv classifies the snapshot's deliveries and builds the rules' view.
func NewEnv(s *Snapshot, l lang.Tag, now time.Time) *Env {
	e := &Env{S: s, Lang: l, Now: now, Log: s.deliveryLog()}
	forwardTargets := map[string]bool{}
	for _, f := range s.Forwarders {
		forwardTargets[strings.ToLower(f.Forward)] = true
	}
	classify := func(r cpanel.DeliveryRecord) Delivery {
		d := Delivery{Record: r, Direction: direction(s, r, forwardTargets)}
		if r.Type.IsProblem() {
			d.Class = bounce.Classify(string(r.Message))
		}
		return d
	}
	for _, g := range e.Log.Groups {
		if len(g.Examples) == 0 {
			continue
		}
		d := classify(g.Examples[0])
		d.Count, d.Messages, d.MaxSize, d.Examples = g.Count, g.Messages, g.MaxSize, g.Examples
		e.Deliveries = append(e.Deliveries, d)
	}
	for _, r := range e.Log.Followed {
		e.Followed = append(e.Followed, classify(r))
	}
	for _, ds := range [][]Delivery{e.Deliveries, e.Followed} {
		sort.SliceStable(ds, func(i, j int) bool { return ds[i].Record.Time().Before(ds[j].Record.Time()) })
	}
	return e
}

// examples returns the records d shows as evidence.
func (d Delivery) examples() []cpanel.DeliveryRecord {
	if len(d.Examples) == 0 {
		return []cpanel.DeliveryRecord{d.Record}
	}
	return d.Examples
}

// direction places a record as incoming, outgoing or forwarded.
func direction(s *Snapshot, r cpanel.DeliveryRecord, forwardTargets map[string]bool) Direction {
	rcpt := strings.ToLower(string(r.Recipient))
	if s.IsLocalDomain(domainOf(rcpt)) || (r.DeliveryDomain != "" && s.IsLocalDomain(string(r.DeliveryDomain)) && r.Type == "rejected") {
		return Incoming
	}
	remoteSender := r.User == "" || r.User == "-remote-" || (s.Account != "" && string(r.User) != s.Account && !s.IsLocalDomain(string(r.Domain)))
	if forwardTargets[rcpt] && (remoteSender || !s.IsLocalDomain(domainOf(string(r.Email)))) {
		return Forwarded
	}
	return Outgoing
}

// domainOf returns the part after the last @, lower-cased.
func domainOf(addr string) string {
	if i := strings.LastIndexByte(addr, '@'); i >= 0 {
		return strings.ToLower(strings.TrimSuffix(addr[i+1:], ">"))
	}
	return ""
}

// Problems returns the failure, rejected and defer deliveries that pass keep.
func (e *Env) Problems(keep func(Delivery) bool) []Delivery {
	var out []Delivery
	for _, d := range e.Deliveries {
		if d.Record.Type.IsProblem() && (keep == nil || keep(d)) {
			out = append(out, d)
		}
	}
	return out
}
