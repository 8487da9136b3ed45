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
	return t.En
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
}
