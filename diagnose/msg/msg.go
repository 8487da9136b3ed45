// Package msg holds the words of cpmail as data: a Text is a message id
// with named arguments, never a sentence. The engine (diagnose, bounce,
// dnscheck) builds Texts; only rendering turns them into words, through a
// message catalog (one file per language), so that a report can be saved
// in one language and read in another, and a program can render it again.
//
// An id that starts with a dot is relative to the rule that produced it:
// diagnose resolves ".title" of rule mailbox-full to "mailbox-full.title",
// so that a rule's id is written once.
//
// Arguments keep raw values: numbers as numbers (Bytes and Percent say what
// kind), times as time.Time, nested Texts for parts of a sentence. The
// argument named Count, when present, chooses the plural form.
package msg

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"strconv"
	"strings"
)

// Text is a message id with its named arguments.
type Text struct {
	ID   string         `json:"id"`
	Args map[string]any `json:"args,omitempty"`
}

// New builds a Text from an id and name/value pairs:
// New("mailbox-full.title", "Mailbox", addr). It panics on an odd number
// of pairs or a name that is not a string, which is a programming error.
func New(id string, pairs ...any) Text {
	if len(pairs)%2 != 0 {
		panic("msg.New: odd number of arguments for " + id)
	}
	t := Text{ID: id}
	if len(pairs) > 0 {
		t.Args = make(map[string]any, len(pairs)/2)
	}
	for i := 0; i < len(pairs); i += 2 {
		name, ok := pairs[i].(string)
		if !ok {
			panic(fmt.Sprintf("msg.New: argument name %v of %s is not a string", pairs[i], id))
		}
		t.Args[name] = pairs[i+1]
	}
	return t
}

// IsZero reports whether t is the empty Text (no id): it renders as nothing.
func (t Text) IsZero() bool { return t.ID == "" }

// Relative reports whether t's id is relative to a rule (starts with a dot).
func (t Text) Relative() bool { return strings.HasPrefix(t.ID, ".") }

// Resolve returns t with every relative id, its own and those of nested
// Texts in its arguments, prefixed by base: ".title" under "some-rule"
// becomes "some-rule.title".
func (t Text) Resolve(base string) Text {
	if t.Relative() {
		t.ID = base + t.ID
	}
	if len(t.Args) == 0 {
		return t
	}
	args := maps.Clone(t.Args)
	for k, v := range args {
		switch v := v.(type) {
		case Text:
			args[k] = v.Resolve(base)
		case []Text:
			args[k] = resolveAll(v, base)
		case List:
			args[k] = List{Sep: v.Sep, Items: resolveAll(v.Items, base)}
		}
	}
	t.Args = args
	return t
}

func resolveAll(ts []Text, base string) []Text {
	out := make([]Text, len(ts))
	for i, x := range ts {
		out[i] = x.Resolve(base)
	}
	return out
}

// Walk calls fn for t and every Text nested in its arguments.
func (t Text) Walk(fn func(Text)) {
	fn(t)
	for _, v := range t.Args {
		switch v := v.(type) {
		case Text:
			v.Walk(fn)
		case []Text:
			for _, x := range v {
				x.Walk(fn)
			}
		case List:
			for _, x := range v.Items {
				x.Walk(fn)
			}
		}
	}
}

// Bytes is a size in bytes. It prints with binary units ("1.5 MiB") and
// stays a number in JSON.
type Bytes float64

// String formats b with binary units: "512 B", "1.5 MiB". A negative size
// or one beyond int64 (which no disk has) is shown as sent.
func (b Bytes) String() string {
	v := float64(b)
	switch {
	case v >= 0 && v < math.MaxInt64:
	case math.Abs(v) < 1e21:
		return strconv.FormatFloat(v, 'f', -1, 64) + " B"
	default:
		return strconv.FormatFloat(v, 'g', -1, 64) + " B"
	}
	n := int64(v)
	const unit = 1024
	if n < unit {
		return strconv.FormatInt(n, 10) + " B"
	}
	div, exp := int64(unit), 0
	for x := n / unit; x >= unit && exp < 4; x /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTP"[exp])
}

// Percent is a share in percent (0-100, more when over). It prints with
// one decimal ("93.5%") and stays a number in JSON.
type Percent float64

// String formats p as "93.5%".
func (p Percent) String() string { return strconv.FormatFloat(float64(p), 'f', 1, 64) + "%" }

// List is a list of Texts written one after the other, separated by the
// Text with id Sep (a catalog entry such as "list.separator").
type List struct {
	Sep   string `json:"sep"`
	Items []Text `json:"items"`
}

// UnmarshalJSON reads a Text as MarshalJSON wrote it, so that a saved
// snapshot or report renders again: an argument that is an object with an
// "id" is a nested Text, one with "sep" and "items" a List, an array of
// such objects a []Text, and a number keeps its digits (json.Number).
func (t *Text) UnmarshalJSON(b []byte) error {
	var raw struct {
		ID   string                     `json:"id"`
		Args map[string]json.RawMessage `json:"args"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	t.ID, t.Args = raw.ID, nil
	if len(raw.Args) > 0 {
		t.Args = make(map[string]any, len(raw.Args))
	}
	for k, v := range raw.Args {
		a, err := decodeArg(v)
		if err != nil {
			return fmt.Errorf("msg: argument %s of %s: %w", k, raw.ID, err)
		}
		t.Args[k] = a
	}
	return nil
}

func decodeArg(v json.RawMessage) (any, error) {
	var probe struct {
		ID    *string         `json:"id"`
		Sep   *string         `json:"sep"`
		Items json.RawMessage `json:"items"`
	}
	trimmed := bytes.TrimSpace(v)
	switch {
	case len(trimmed) > 0 && trimmed[0] == '{':
		if err := json.Unmarshal(trimmed, &probe); err != nil {
			return nil, err
		}
		switch {
		case probe.ID != nil:
			var t Text
			err := json.Unmarshal(trimmed, &t)
			return t, err
		case probe.Sep != nil:
			var l List
			err := json.Unmarshal(trimmed, &l)
			return l, err
		}
	case len(trimmed) > 0 && trimmed[0] == '[':
		var ts []Text
		if err := json.Unmarshal(trimmed, &ts); err == nil && textsHaveIDs(trimmed) {
			return ts, nil
		}
	}
	d := json.NewDecoder(bytes.NewReader(trimmed))
	d.UseNumber()
	var out any
	err := d.Decode(&out)
	return out, err
}

// textsHaveIDs reports whether the JSON array holds objects with an id.
func textsHaveIDs(b []byte) bool {
	var items []map[string]json.RawMessage
	if json.Unmarshal(b, &items) != nil || len(items) == 0 {
		return false
	}
	for _, it := range items {
		if _, ok := it["id"]; !ok {
			return false
		}
	}
	return true
}
