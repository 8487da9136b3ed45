package diagnose

import (
	"sort"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Rule inspects a snapshot and reports findings. A rule describes itself:
// Evaluate stamps its ID and default severity on every finding its Check
// returns, drops what it supersedes and leaves the live DNS problems it
// explains to it. Check is a pure function: everything it needs is in the
// Env (including the rule itself, Env.Rule).
type Rule struct {
	// ID is stable kebab-case and never reused. It is written once, in
	// the rule's row (Rules); findings get it from Evaluate.
	ID string `json:"id"`
	// Area groups the rule with the others about the same part of the
	// account (one file per area: rules_<area>.go).
	Area Area `json:"area"`
	// Severity is the default severity of its findings: a finding with
	// no severity of its own (the usual case) gets it, and a
	// --severity override replaces it for every finding of the rule.
	Severity Severity `json:"severity"`
	// Supersedes names the rules whose finding about the same subject
	// this rule's finding replaces (taking its evidence): the live DNS
	// view of a problem replaces cPanel's view of it.
	Supersedes []string `json:"supersedes,omitempty"`
	// Explains lists the live DNS problems (dnscheck problem ids) the
	// rule's findings stand for: the catch-all dns-problem does not
	// report such a problem again where this rule has a finding about
	// the same domain or name.
	Explains []string `json:"explains,omitempty"`
	// Check returns the rule's findings.
	Check func(e *Env) []Finding `json:"-"`
}

// Title says in one line what the rule looks for (message <id>.rule).
func (r Rule) Title() msg.Text { return msg.New(r.ID + ".rule") }

// Area is the part of the account a rule is about.
type Area string

// The areas, one rules_<area>.go file each.
const (
	AreaTracking   Area = "tracking"   // the delivery log itself
	AreaMailbox    Area = "mailbox"    // the account's storage and its mailboxes' flags
	AreaRouting    Area = "routing"    // where mail for the domains goes
	AreaDiscards   Area = "discards"   // what throws mail away on arrival
	AreaForwarding Area = "forwarding" // mail passed on to outside addresses
	AreaAuth       Area = "auth"       // SPF, DKIM, DMARC and PTR as cPanel checks them
	AreaLiveDNS    Area = "live-dns"   // what public DNS answers
	AreaCPanel     Area = "cpanel"     // values cPanel sent that cpmail does not know
	AreaOutgoing   Area = "outgoing"   // what happened to mail the account sent
	AreaIncoming   Area = "incoming"   // what happened to mail sent to the account
	AreaWHM        Area = "whm"        // account-level facts only WHM shows
)

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

// Env is what a rule sees: the snapshot, the classified deliveries and
// the clock.
type Env struct {
	S *Snapshot
	// Rule is the rule whose Check is running.
	Rule Rule
	Now  time.Time
	// Deliveries are the delivery log's groups, oldest first.
	Deliveries []Delivery
	// Log is the snapshot's delivery log.
	Log *DeliveryLog
	// Followed are the records of the messages to or from an address
	// target, one each, oldest first.
	Followed []Delivery
}

// Finding builds a finding of the running rule (Env.Rule) at the rule's
// default severity. Relative message ids (".title") are the rule's own.
func (e *Env) Finding(subject string, title, detail, remedy msg.Text, evidence ...Evidence) Finding {
	return e.FindingAt(0, subject, title, detail, remedy, evidence...)
}

// FindingAt builds a finding like Finding at severity sev (0: the rule's
// default), for a rule whose findings are not all equally severe.
func (e *Env) FindingAt(sev Severity, subject string, title, detail, remedy msg.Text, evidence ...Evidence) Finding {
	if evidence == nil {
		evidence = []Evidence{}
	}
	if sev == 0 {
		sev = e.Rule.Severity
	}
	words := Words{Title: title.Resolve(e.Rule.ID), Detail: detail.Resolve(e.Rule.ID), Remedy: remedy.Resolve(e.Rule.ID)}
	return Finding{ID: e.Rule.ID, Severity: sev, Subject: subject, Words: words, Evidence: evidence}
}

// NewEnv classifies the snapshot's deliveries and builds the rules' view.
func NewEnv(s *Snapshot, now time.Time) *Env {
	e := &Env{S: s, Now: now, Log: s.deliveryLog()}
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
