package diagnose

import (
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/msg"
)

// ReportVersion is the version of the Report JSON layout (`schema_version`).
const ReportVersion = 3

// Verdict is the overall result of a diagnosis.
type Verdict string

// The verdicts: fail if any fail finding, else warn if any warn finding,
// else unknown when important sources could not be read, else pass.
const (
	VerdictFail    Verdict = "fail"
	VerdictWarn    Verdict = "warn"
	VerdictUnknown Verdict = "unknown"
	VerdictPass    Verdict = "pass"
)

// Report is the result of a diagnosis.
type Report struct {
	SchemaVersion int        `json:"schema_version"`
	Target        string     `json:"target"`
	Account       string     `json:"account"`
	Since         time.Time  `json:"since"`
	Until         time.Time  `json:"until"`
	Verdict       Verdict    `json:"verdict"`
	Findings      []Finding  `json:"findings"`
	Messages      []Message  `json:"messages"`
	Coverage      []Coverage `json:"coverage"`
	// LiveDNSSkipped says why live DNS checks were not run; empty when
	// they were.
	LiveDNSSkipped string `json:"live_dns_skipped,omitempty"`
	// LiveDNSSkip is that reason as data (see Snapshot.LiveDNSSkip).
	LiveDNSSkip *SkipReason `json:"live_dns_skip,omitempty"`
	// Unread lists the important sources that could not be read (see
	// Snapshot.Unread); the verdict is then unknown unless a fail finding
	// stands.
	Unread []string `json:"unread_sources,omitempty"`
	// CredentialsRefused is set when cPanel refused the credentials: the
	// diagnosis stopped, the verdict is unknown and there are no findings.
	CredentialsRefused string `json:"credentials_refused,omitempty"`
}

// MessageEvent is one delivery record of a message.
type MessageEvent struct {
	Time      time.Time `json:"time"`
	Type      string    `json:"type"`
	Recipient string    `json:"recipient"`
	Reason    string    `json:"reason,omitempty"`
	Message   string    `json:"message"`
}

// Message is one message to or from the target address, followed end to
// end: its delivery records grouped by message id.
type Message struct {
	MsgID     string         `json:"msgid"`
	Direction Direction      `json:"direction"`
	Sender    string         `json:"sender"`
	Recipient string         `json:"recipient"`
	FirstSeen time.Time      `json:"first_seen"`
	LastSeen  time.Time      `json:"last_seen"`
	Outcome   string         `json:"outcome"`
	Deferrals int            `json:"deferrals"`
	Events    []MessageEvent `json:"events"`
}

// EvalOptions configures Evaluate.
type EvalOptions struct {
	// Now is the evaluation time (default: the snapshot's TakenAt).
	Now time.Time
	// Rules replaces the default rules (nil: Rules()).
	Rules []Rule
	// Ignore names rules not to run (--ignore): they report nothing,
	// supersede nothing and explain nothing, so what they would have
	// replaced is reported by the rule it belongs to (cPanel's view of
	// an SPF problem, or dns-problem for a live DNS problem).
	Ignore []string
	// Severity replaces the severity of every finding of a rule, by rule
	// id (--severity ID=warn).
	Severity map[string]Severity
}

// importantSources are the sources without which the diagnosis knows
// nothing worth a verdict; this list is the one place that says so:
//   - the delivery log (EmailTrack::search): what happened to the mail;
//   - the mail domains and mailboxes (Email::list_mail_domains,
//     Email::list_pops_with_disk): where mail can arrive, quotas, suspensions;
//   - the account quota (Quota::get_quota_info): a full account refuses all mail;
//   - the routing and default address (Email::list_mxs,
//     Email::list_default_address): where mail for the domains goes;
//   - the DNS and email authentication (DNS::parse_zone,
//     EmailAuth::validate_current_spfs and _dkims): whether receivers accept it.
//
// While any of them is unread the verdict is unknown unless a fail finding
// stands (a problem found is real whatever else could not be read): a warn
// finding does not hide what was not read. Report.Unread names them.
func importantSources() []string {
	return []string{SrcTrack, SrcMailDomains, SrcMailboxes, SrcQuota, SrcMX, SrcDefaultAddress, SrcZone, SrcSPF, SrcDKIM}
}

// Unread returns the important sources (see importantSources) that could
// not be read, in order.
func (s *Snapshot) Unread() []string {
	var out []string
	for _, src := range importantSources() {
		if !s.Covered(src) {
			out = append(out, src)
		}
	}
	return out
}

// Evaluate runs the rules over the snapshot. It is deterministic: findings
// are ordered by severity, then by rule order, then by subject, so the first
// finding is the most likely cause.
func Evaluate(s *Snapshot, opts EvalOptions) *Report {
	now := opts.Now
	if now.IsZero() {
		now = s.TakenAt
	}
	rules := opts.Rules
	if rules == nil {
		rules = Rules()
	}
	e := NewEnv(s, now)
	var all []ranked
	for i, r := range rules {
		if slices.Contains(opts.Ignore, r.ID) {
			continue
		}
		e.Rule = r
		for _, f := range r.Check(e) {
			f.ID = r.ID
			if f.Severity == 0 {
				f.Severity = r.Severity
			}
			if sev, ok := opts.Severity[r.ID]; ok {
				f.Severity = sev
			}
			all = append(all, ranked{f, i})
		}
	}
	sort.SliceStable(all, func(i, j int) bool {
		a, b := all[i], all[j]
		if a.f.Severity != b.f.Severity {
			return a.f.Severity > b.f.Severity
		}
		if a.rule != b.rule {
			return a.rule < b.rule
		}
		if a.f.Count != b.f.Count {
			return a.f.Count > b.f.Count // the rule's larger problem first
		}
		return a.f.Subject < b.f.Subject
	})
	all = dropSuperseded(rules, all)
	all = dropExplained(rules, all)
	rep := &Report{SchemaVersion: ReportVersion, Target: s.Target.String(), Account: s.Account, Since: s.Since, Until: s.Until, Findings: []Finding{}, Messages: []Message{}, Coverage: s.Coverage, LiveDNSSkipped: s.LiveDNSSkipped, LiveDNSSkip: s.LiveDNSSkip}
	if rep.Coverage == nil {
		rep.Coverage = []Coverage{}
	}
	rep.Unread = s.Unread()
	if s.CredentialsRefused != "" {
		// A refusal is no finding: the run stopped, nothing is known.
		rep.CredentialsRefused = s.CredentialsRefused
		rep.Verdict = VerdictUnknown
		return rep
	}
	for _, r := range all {
		r.f.problem, r.f.domain = "", ""
		rep.Findings = append(rep.Findings, r.f)
	}
	rep.Findings = inScope(s, rep.Findings)
	rep.Verdict = verdict(s, rep.Findings)
	if s.Target.Kind == TargetAddress {
		rep.Messages = messages(e, s.Target.Value)
	}
	return rep
}

// Localize fills the findings' Title, Detail and Remedy with their Words
// rendered by text (a catalog's localizer), and the Value of evidence that
// is words.
func (r *Report) Localize(text func(msg.Text) string) {
	for i := range r.Findings {
		f := &r.Findings[i]
		f.Title, f.Detail, f.Remedy = text(f.Words.Title), text(f.Words.Detail), text(f.Words.Remedy)
		for j := range f.Evidence {
			if ev := &f.Evidence[j]; !ev.Words.IsZero() {
				ev.Value = text(ev.Words)
			}
		}
	}
}

func verdict(s *Snapshot, findings []Finding) Verdict {
	worst := Severity(0)
	for _, f := range findings {
		worst = max(worst, f.Severity)
	}
	switch {
	case worst == Fail:
		return VerdictFail
	case len(s.Unread()) > 0:
		return VerdictUnknown
	case worst == Warn:
		return VerdictWarn
	}
	for _, c := range s.Coverage {
		if !c.OK {
			return VerdictUnknown
		}
	}
	return VerdictPass
}

// messages groups the deliveries to and from addr by message id.
func messages(e *Env, addr string) []Message {
	byID := map[string]*Message{}
	var order []string
	for _, d := range e.Followed {
		r := d.Record
		if !strings.EqualFold(string(r.Recipient), addr) && !strings.EqualFold(string(r.Email), addr) {
			continue
		}
		id := string(r.MsgID)
		if id == "" {
			id = string(r.Recipient) + "@" + r.Time().Format(time.RFC3339)
		}
		m := byID[id]
		if m == nil {
			m = &Message{MsgID: id, Direction: d.Direction, Sender: string(r.Email), Recipient: string(r.Recipient), FirstSeen: r.Time(), Events: []MessageEvent{}}
			byID[id] = m
			order = append(order, id)
		}
		ev := MessageEvent{Time: r.Time(), Type: string(r.Type), Recipient: string(r.Recipient), Message: string(r.Message)}
		if r.Type.IsProblem() {
			ev.Reason = string(d.Class.Reason)
		}
		if r.Type == cpanel.EventDefer {
			m.Deferrals++
		}
		m.Events = append(m.Events, ev)
		if r.Time().After(m.LastSeen) {
			m.LastSeen = r.Time()
		}
	}
	out := make([]Message, 0, len(order))
	for _, id := range order {
		m := byID[id]
		m.Outcome = outcome(m.Events)
		out = append(out, *m)
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].LastSeen.After(out[j].LastSeen) })
	return out
}

// outcome is the final state of a message: the last event decides, except
// that a delivery anywhere wins over earlier deferrals.
func outcome(evs []MessageEvent) string {
	last := ""
	for _, ev := range evs {
		switch ev.Type {
		case "success", "archive":
			return "delivered"
		case "filtered":
			last = "discarded"
		case "failure":
			last = "failed"
		case "rejected":
			last = "rejected"
		case "defer":
			if last == "" || last == "deferred" || last == "in progress" {
				last = "deferred"
			}
		case "inprogress":
			if last == "" {
				last = "in progress"
			}
		}
	}
	return last
}

// ranked is a finding with the index of its rule.
type ranked struct {
	f    Finding
	rule int
}

// dropSuperseded removes the findings another finding of the same subject
// supersedes (its rule's Supersedes), appending their evidence to it.
func dropSuperseded(rules []Rule, fs []ranked) []ranked {
	winner := map[string]int{} // "loser id|subject" -> index of the winner
	for i, f := range fs {
		for _, loser := range rules[f.rule].Supersedes {
			key := loser + "|" + f.f.Subject
			if _, ok := winner[key]; !ok {
				winner[key] = i
			}
		}
	}
	if len(winner) == 0 {
		return fs
	}
	drop := map[int]bool{}
	for i, f := range fs {
		if w, ok := winner[f.f.ID+"|"+f.f.Subject]; ok {
			fs[w].f.Evidence = append(fs[w].f.Evidence, f.f.Evidence...)
			drop[i] = true
		}
	}
	out := fs[:0]
	for i, f := range fs {
		if !drop[i] {
			out = append(out, f)
		}
	}
	return out
}

// dropExplained removes the catch-all findings of a live DNS problem that
// a rule explains (its rule's Explains) with a finding about the same
// domain or subject.
func dropExplained(rules []Rule, fs []ranked) []ranked {
	explained := map[string]bool{} // "problem id|subject"
	for _, f := range fs {
		for _, p := range rules[f.rule].Explains {
			explained[p+"|"+strings.ToLower(f.f.Subject)] = true
		}
	}
	if len(explained) == 0 {
		return fs
	}
	out := fs[:0]
	for _, f := range fs {
		if f.f.problem != "" && (explained[f.f.problem+"|"+strings.ToLower(f.f.Subject)] || explained[f.f.problem+"|"+f.f.domain]) {
			continue
		}
		out = append(out, f)
	}
	return out
}

// inScope drops, for a domain or address target, the findings about
// another of the account's domains or its addresses: they answer a
// question nobody asked. Findings about the account, an IP or an outside
// party stay.
func inScope(s *Snapshot, fs []Finding) []Finding {
	if s.Target.Kind == TargetAccount {
		return fs
	}
	target := strings.ToLower(s.Target.Domain())
	out := fs[:0]
	for _, f := range fs {
		subj := strings.ToLower(f.Subject)
		d := subj
		if i := strings.LastIndexByte(subj, '@'); i >= 0 {
			d = subj[i+1:]
		}
		if d != target && s.IsLocalDomain(d) {
			continue
		}
		out = append(out, f)
	}
	return out
}
