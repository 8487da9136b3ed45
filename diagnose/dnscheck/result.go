package dnscheck

import (
	"fmt"
	"strings"
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

// Problem is one finding of a check. ID is stable (e.g. "spf-multiple").
type Problem struct {
	ID      string  `json:"id"`
	Verdict Verdict `json:"verdict"`
	Message string  `json:"message"`
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
	// Error says why the public side could not be read; Same is then false.
	Error string `json:"error,omitempty"`
}

// Result is what one check found. Check names the check ("authority",
// "mx", "spf", "dkim", "dmarc", "ptr", "blocklist-ip", "blocklist-domain");
// Subject is the name or address checked. Verdict is the worst verdict of
// Problems, or Pass when there are none (Unknown when the check could not
// run at all). Only the detail field of the check's own kind is set.
type Result struct {
	Check    string     `json:"check"`
	Subject  string     `json:"subject"`
	Verdict  Verdict    `json:"verdict"`
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

func (r *Result) add(id string, v Verdict, format string, a ...any) {
	r.Problems = append(r.Problems, Problem{ID: id, Verdict: v, Message: fmt.Sprintf(format, a...)})
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

// finish sets Verdict from the problems and Summary when still empty.
func (r *Result) finish(passSummary string) {
	r.Verdict = Pass
	for _, p := range r.Problems {
		if p.Verdict > r.Verdict {
			r.Verdict = p.Verdict
		}
	}
	if r.Summary != "" {
		return
	}
	if r.Verdict == Pass {
		r.Summary = passSummary
		return
	}
	for _, p := range r.Problems {
		if p.Verdict == r.Verdict {
			r.Summary = p.Message
			if n := len(r.Problems) - 1; n > 0 {
				r.Summary += fmt.Sprintf(" (+%d more)", n)
			}
			return
		}
	}
}

// lookupProblem records an unknown problem for a lookup that could not be
// answered and returns true, or returns false for nil and not-found errors.
func (r *Result) lookupProblem(id, what string, err error) bool {
	if err == nil || IsNotFound(err) {
		return false
	}
	r.add(id, Unknown, "could not look up %s: %s", what, describeErr(err))
	return true
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
