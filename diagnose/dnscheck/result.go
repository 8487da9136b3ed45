package dnscheck

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// Verdict is the outcome of a check or of one problem. Verdicts order by
// how much they need attention: Pass < Unknown < Warn < Fail.
type Verdict int

// The verdicts. Unknown means the check could not be done (timeout,
// SERVFAIL, REFUSED, a blocklist refusing the query); it is never a
// failure of the domain.
const (
	Pass Verdict = iota + 1
	Unknown
	Warn
	Fail
)

// String returns "pass", "unknown", "warn" or "fail".
func (v Verdict) String() string {
	switch v {
	case Pass:
		return "pass"
	case Unknown:
		return "unknown"
	case Warn:
		return "warn"
	case Fail:
		return "fail"
	}
	return "invalid"
}

// MarshalText implements encoding.TextMarshaler.
func (v Verdict) MarshalText() ([]byte, error) {
	if v < Pass || v > Fail {
		return nil, fmt.Errorf("invalid verdict %d", int(v))
	}
	return []byte(v.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler.
func (v *Verdict) UnmarshalText(b []byte) error {
	p, err := ParseVerdict(string(b))
	if err != nil {
		return err
	}
	*v = p
	return nil
}

// ParseVerdict reads "fail", "warn", "unknown" or "pass".
func ParseVerdict(s string) (Verdict, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "pass":
		return Pass, nil
	case "unknown":
		return Unknown, nil
	case "warn", "warning":
		return Warn, nil
	case "fail":
		return Fail, nil
	}
	return 0, fmt.Errorf("invalid verdict %q: use fail, warn, unknown or pass", s)
}

// Problem is one finding of a check. ID is stable (e.g. spf-multiple).
// Its words are data: Text is a message id, dns.<ID> (with a variant
// suffix where one problem has several wordings, e.g.
// dns.mx-missing-public.with-address), and named arguments holding the
// raw values (domain names, addresses, records, counts as numbers).
type Problem struct {
	ID      string   `json:"id"`
	Verdict Verdict  `json:"verdict"`
	Text    msg.Text `json:"text"`
	// Message is Text in words, filled when rendered (Report.Render); it
	// stays for the JSON of cpmail dns -o json.
	Message string `json:"message"`
}

// Evidence is one DNS question a check asked and what came back.
type Evidence struct {
	Query  string `json:"query"`
	Answer string `json:"answer"`
}

// DiffItem compares one record set between cPanel's zone and public DNS.
type DiffItem struct {
	Record string   `json:"record"`
	CPanel []string `json:"cpanel"`
	Public []string `json:"public"`
	Same   bool     `json:"same"`
	// Error says why the public side could not be read; Same is
	// then false. Error is ErrorText in words, filled when rendered.
	Error     string   `json:"error,omitempty"`
	ErrorText msg.Text `json:"error_text,omitzero"`
}

// Result is what one check found. Check names the check ("authority",
// "mx", "spf", "dkim", "dmarc", "ptr", "blocklist-ip", "blocklist-domain");
// Subject is the name or address checked. Verdict is the worst verdict of
// Problems, or Pass when there are none (Unknown when the check could not
// run at all). Only the detail field of the check's own kind is set.
type Result struct {
	Check   string  `json:"check"`
	Subject string  `json:"subject"`
	Verdict Verdict `json:"verdict"`
	// SummaryText says in one line what the check found, as data: a
	// dns.summary.<check> message when it passed, else the Text of the
	// first worst problem, wrapped in dns.summary.more (Count: the other
	// problems) when there are more.
	SummaryText msg.Text `json:"summary_text"`
	// Summary is SummaryText in words, filled when rendered (Report.Render);
	// it stays for the JSON of cpmail dns -o json.
	Summary  string     `json:"summary"`
	Problems []Problem  `json:"problems,omitempty"`
	Evidence []Evidence `json:"evidence,omitempty"`

	// Diff is set by the authority check.
	Diff []DiffItem `json:"diff,omitempty"`
	// PointsHere is set by the MX check when the server's addresses or
	// host name were given: whether public MX leads to this server.
	PointsHere *bool `json:"points_here,omitempty"`

	Authority *AuthorityDetail `json:"authority,omitempty"`
	MX        *MXDetail        `json:"mx,omitempty"`
	SPF       *SPFDetail       `json:"spf,omitempty"`
	DKIM      *DKIMDetail      `json:"dkim,omitempty"`
	DMARC     *DMARCDetail     `json:"dmarc,omitempty"`
	PTR       *PTRDetail       `json:"ptr,omitempty"`
	Blocklist *BlocklistDetail `json:"blocklist,omitempty"`
}

// Problem returns the first problem with the given ID, if any.
func (r *Result) Problem(id string) (Problem, bool) {
	for _, p := range r.Problems {
		if p.ID == id {
			return p, true
		}
	}
	return Problem{}, false
}

// add records a problem; variant, when not empty, is appended to the
// message id dns.<id> (a problem with several wordings), and pairs are the
// message's named arguments (see msg.New).
func (r *Result) add(id, variant string, v Verdict, pairs ...any) {
	tid := "dns." + id
	if variant != "" {
		tid += "." + variant
	}
	r.Problems = append(r.Problems, Problem{ID: id, Verdict: v, Text: msg.New(tid, pairs...)})
}

// Render fills the words fields (Summary, every problem's Message, the
// details' Error, Meaning and Matched) from their Texts; words is a
// renderer such as an i18n Localizer's Text.
func (r *Result) Render(words func(msg.Text) string) {
	r.Summary = words(r.SummaryText)
	for i := range r.Problems {
		r.Problems[i].Message = words(r.Problems[i].Text)
	}
	for i := range r.Diff {
		r.Diff[i].Error = words(r.Diff[i].ErrorText)
	}
	if r.MX != nil {
		for i := range r.MX.Hosts {
			r.MX.Hosts[i].Error = words(r.MX.Hosts[i].ErrorText)
		}
	}
	if r.PTR != nil {
		for i := range r.PTR.Names {
			r.PTR.Names[i].Error = words(r.PTR.Names[i].ErrorText)
		}
	}
	if r.Blocklist != nil {
		for i := range r.Blocklist.Lists {
			r.Blocklist.Lists[i].Meaning = words(r.Blocklist.Lists[i].MeaningText)
		}
	}
	if r.SPF != nil {
		r.SPF.Matched = words(r.SPF.MatchedText)
		if r.SPF.Tree != nil {
			r.SPF.Tree.render(words)
		}
	}
}

func (n *SPFNode) render(words func(msg.Text) string) {
	n.Error = words(n.ErrorText)
	for i := range n.Children {
		n.Children[i].render(words)
	}
}

func (r *Result) evidence(query, answer string) {
	r.Evidence = append(r.Evidence, Evidence{Query: query, Answer: answer})
}

// evidenceOf records a lookup's outcome: the answers or the error kind.
func (r *Result) evidenceOf(query string, answers []string, err error) {
	switch {
	case err != nil:
		r.evidence(query, string(errKind(err)))
	case len(answers) == 0:
		r.evidence(query, "(empty)")
	default:
		r.evidence(query, strings.Join(answers, " | "))
	}
}

// finish sets Verdict from the problems and SummaryText when still
// empty: pass (the check's dns.summary.<check> message) when nothing is
// wrong, else the first worst problem.
func (r *Result) finish(pass msg.Text) {
	r.Verdict = Pass
	for _, p := range r.Problems {
		if p.Verdict > r.Verdict {
			r.Verdict = p.Verdict
		}
	}
	if !r.SummaryText.IsZero() {
		return
	}
	if r.Verdict == Pass {
		r.SummaryText = pass
		return
	}
	for _, p := range r.Problems {
		if p.Verdict == r.Verdict {
			r.SummaryText = p.Text
			if n := len(r.Problems) - 1; n > 0 {
				r.SummaryText = msg.New("dns.summary.more", "Problem", p.Text, "Count", n)
			}
			return
		}
	}
}

// lookupProblem records an unknown problem (message dns.<id>, arguments
// Query and Error) for a lookup that could not be answered and returns
// true, or returns false for nil and not-found errors.
func (r *Result) lookupProblem(id, query string, err error) bool {
	if err == nil || IsNotFound(err) {
		return false
	}
	r.add(id, "", Unknown, "Query", query, "Error", errText(err))
	return true
}

// errText says why a lookup failed, as a message: dns.lookup-error.<kind>,
// or dns.lookup-error.other with the error as sent (argument Error).
func errText(err error) msg.Text {
	switch k := errKind(err); k {
	case KindTIMEOUT, KindSERVFAIL, KindREFUSED, KindNXDOMAIN, KindNODATA:
		return msg.New("dns.lookup-error." + strings.ToLower(string(k)))
	}
	return msg.New("dns.lookup-error.other", "Error", err.Error())
}

// names is a list of names, addresses or records as a message argument:
// each one as it is (dns.value), joined by the language's separator.
func names(ss []string) msg.List {
	items := make([]msg.Text, len(ss))
	for i, s := range ss {
		items[i] = msg.New("dns.value", "Value", s)
	}
	return msg.List{Sep: "list.separator", Items: items}
}

// quotedNames is like names with each record quoted (dns.quoted).
func quotedNames(ss []string) msg.List {
	l := names(ss)
	for i := range l.Items {
		l.Items[i].ID = "dns.quoted"
	}
	return l
}

// orNone is l, or the message dns.none when l is empty.
func orNone(l msg.List) any {
	if len(l.Items) == 0 {
		return msg.New("dns.none")
	}
	return l
}

// describeErr explains a lookup failure in words.
func describeErr(err error) string {
	switch errKind(err) {
	case KindTIMEOUT:
		return "the DNS server did not answer in time"
	case KindSERVFAIL:
		return "the DNS server answered SERVFAIL (it could not resolve the name; try again or ask another resolver)"
	case KindREFUSED:
		return "the DNS server REFUSED the query (it does not resolve for us)"
	case KindNXDOMAIN:
		return "the name does not exist (NXDOMAIN)"
	case KindNODATA:
		return "no record of that type (NODATA)"
	}
	return err.Error()
}

// Report is the outcome of all checks for one domain.
type Report struct {
	Domain  string   `json:"domain"`
	Results []Result `json:"results"`
}

// Render fills the words of every result (see Result.Render).
func (r *Report) Render(words func(msg.Text) string) {
	for i := range r.Results {
		r.Results[i].Render(words)
	}
}

// Worst returns the most severe verdict among the results, Pass for none.
func (r Report) Worst() Verdict {
	w := Pass
	for _, res := range r.Results {
		if res.Verdict > w {
			w = res.Verdict
		}
	}
	return w
}

// NoDots returns names without their trailing dot (and "10 host." MX
// values as "10 host"), for showing to people.
func NoDots(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = strings.TrimSuffix(n, ".")
	}
	return out
}
