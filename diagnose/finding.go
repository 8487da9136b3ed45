package diagnose

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// Severity orders findings: Info < Warn < Fail.
type Severity int

// The severities.
const (
	Info Severity = iota + 1
	Warn
	Fail
)

// String returns "info", "warn" or "fail".
func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warn:
		return "warn"
	case Fail:
		return "fail"
	}
	return "unknown"
}

// MarshalText implements encoding.TextMarshaler.
func (s Severity) MarshalText() ([]byte, error) { return []byte(s.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (s *Severity) UnmarshalText(b []byte) error {
	v, err := ParseSeverity(string(b))
	if err != nil {
		return err
	}
	*s = v
	return nil
}

// ParseSeverity reads "fail", "warn" or "info".
func ParseSeverity(v string) (Severity, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "fail":
		return Fail, nil
	case "warn", "warning":
		return Warn, nil
	case "info":
		return Info, nil
	}
	return 0, fmt.Errorf("invalid severity %q: use fail, warn or info", v)
}

// Evidence is one fact a finding rests on: where it was read, and the value.
type Evidence struct {
	// Source is the API call or DNS query, e.g. "Email::list_pops_with_disk".
	Source string `json:"source"`
	// Key names the field or record, e.g. "info@example.com diskusedpercent".
	Key string `json:"key"`
	// Value is what was seen, as it is shown.
	Value string `json:"value"`
	// Raw is the value as data where it is not a string: a number of
	// bytes (msg.Bytes), a percentage (msg.Percent), a count.
	Raw any `json:"raw,omitempty"`
	// Words is the value when it is words (a live DNS problem): Value is
	// then filled in the report's language (Report.Localize).
	Words msg.Text `json:"words,omitzero"`
}

// Words are a finding's title, detail and remedy as message ids with
// named arguments: what a program re-renders in any language.
type Words struct {
	Title  msg.Text `json:"title"`
	Detail msg.Text `json:"detail"`
	Remedy msg.Text `json:"remedy"`
}

// Finding is one problem (or notable fact) with its evidence and remedy.
// The engine speaks no language: Words holds the message ids, and Title,
// Detail and Remedy are filled in a language only when the report is
// rendered (Report.Localize).
type Finding struct {
	ID       string     `json:"id"`
	Severity Severity   `json:"severity"`
	Subject  string     `json:"subject"`
	Title    string     `json:"title"`
	Detail   string     `json:"detail"`
	Evidence []Evidence `json:"evidence"`
	Remedy   string     `json:"remedy"`
	Words    Words      `json:"words"`
	// Count is how many delivery records the finding covers (0 when it is
	// not about deliveries).
	Count int `json:"count,omitempty"`

	// problem and domain name the live DNS problem a catch-all finding
	// reports, and the domain it was checked for; Evaluate drops the
	// finding where a rule explaining the problem has a finding about the
	// same domain or subject (Rule.Explains).
	problem, domain string
}
