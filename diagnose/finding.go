package diagnose

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/lang"
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

// Text is a text in English and Traditional Chinese.
type Text struct {
	En, Zh string
}

// In returns the text in language l. Chinese sentences are not separated
// by spaces, so a space left after a full stop by joining parts is dropped.
func (t Text) In(l lang.Tag) string {
	if l == lang.TraditionalChinese {
		return strings.ReplaceAll(t.Zh, "。 ", "。")
	}
	return singular(t.En)
}

// singular fixes what a plural English template says for a count of one:
// "1 messages were" becomes "1 message was".
func singular(s string) string {
	if !strings.Contains(s, "1 ") {
		return s
	}
	for _, r := range [][2]string{
		{"1 messages were", "1 message was"}, {"1 incoming messages were", "1 incoming message was"},
		{"1 messages are", "1 message is"}, {"1 deliveries were", "1 delivery was"},
		{"1 messages", "1 message"}, {"1 incoming messages", "1 incoming message"}, {"1 deliveries", "1 delivery"},
	} {
		s = replaceCount(s, r[0], r[1])
	}
	return s
}

// replaceCount replaces old (which starts with a count) by repl wherever
// it is a whole number: not preceded by a digit, a dot or a comma.
func replaceCount(s, old, repl string) string {
	var b strings.Builder
	for {
		i := strings.Index(s, old)
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		if i > 0 && (s[i-1] >= '0' && s[i-1] <= '9' || s[i-1] == '.' || s[i-1] == ',') {
			b.WriteString(old)
		} else {
			b.WriteString(repl)
		}
		s = s[i+len(old):]
	}
}

// T builds a Text.
func T(en, zh string) Text { return Text{En: en, Zh: zh} }

// Tf builds a Text from two format strings sharing the same arguments. An
// argument that is itself a Text is put in each language's own wording.
func Tf(en, zh string, args ...any) Text {
	enArgs, zhArgs := make([]any, len(args)), make([]any, len(args))
	for i, a := range args {
		enArgs[i], zhArgs[i] = a, a
		if t, ok := a.(Text); ok {
			enArgs[i], zhArgs[i] = t.En, t.Zh
		}
	}
	return Text{En: fmt.Sprintf(en, enArgs...), Zh: fmt.Sprintf(zh, zhArgs...)}
}

// Evidence is one fact a finding rests on: where it was read, and the value.
type Evidence struct {
	// Source is the API call or DNS query, e.g. "Email::list_pops_with_disk".
	Source string `json:"source"`
	// Key names the field or record, e.g. "info@example.com diskusedpercent".
	Key string `json:"key"`
	// Value is what was seen.
	Value string `json:"value"`
}

// Finding is one problem (or notable fact) with its evidence and remedy.
// Title, Detail and Remedy are in the report's language.
type Finding struct {
	ID       string     `json:"id"`
	Severity Severity   `json:"severity"`
	Subject  string     `json:"subject"`
	Title    string     `json:"title"`
	Detail   string     `json:"detail"`
	Evidence []Evidence `json:"evidence"`
	Remedy   string     `json:"remedy"`
	// Count is how many delivery records the finding covers (0 when it is
	// not about deliveries).
	Count int `json:"count,omitempty"`

	// problem and domain name the live DNS problem a catch-all finding
	// reports, and the domain it was checked for; Evaluate drops the
	// finding where a rule explaining the problem has a finding about the
	// same domain or subject (Rule.Explains).
	problem, domain string
}
