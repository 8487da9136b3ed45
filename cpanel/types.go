package cpanel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// cPanel sends numbers and booleans loosely: 1, "1", "0.00", "", null, and
// words such as "unlimited" or "None" for limits. The types in this file
// decode all of those forms and encode back as plain JSON numbers and
// booleans, so values survive a round trip through a saved snapshot.

// Int is an integer that decodes from a JSON number, a numeric string
// ("12", "0.00", "1.5e3"), an empty string or null (both 0).
type Int int64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Int) UnmarshalJSON(b []byte) error {
	f, word, err := looseNumber(b)
	if err != nil {
		return err
	}
	if word != "" {
		return fmt.Errorf("cpanel: %q is not a number", word)
	}
	if f = math.Round(f); f < math.MinInt64 || f >= math.MaxInt64 {
		return fmt.Errorf("cpanel: %s is beyond the 64-bit integers this package reads", bytes.TrimSpace(b))
	}
	*n = Int(f)
	return nil
}

// Float is a number that decodes from a JSON number, a numeric string, an
// empty string or null (both 0).
type Float float64

// UnmarshalJSON implements json.Unmarshaler.
func (n *Float) UnmarshalJSON(b []byte) error {
	f, word, err := looseNumber(b)
	if err != nil {
		return err
	}
	if word != "" {
		return fmt.Errorf("cpanel: %q is not a number", word)
	}
	*n = Float(f)
	return nil
}

// Bool decodes from true/false, 1/0, "1"/"0", "true"/"false", "yes"/"no",
// an empty string or null (false).
type Bool bool

// UnmarshalJSON implements json.Unmarshaler.
func (v *Bool) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case bytes.Equal(b, []byte("true")):
		*v = true
		return nil
	case bytes.Equal(b, []byte("false")), bytes.Equal(b, []byte("null")):
		*v = false
		return nil
	}
	if len(b) > 0 && b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		switch strings.ToLower(strings.TrimSpace(s)) {
		case "", "0", "false", "no", "off", "0.00":
			*v = false
			return nil
		case "1", "true", "yes", "on":
			*v = true
			return nil
		}
		return fmt.Errorf("cpanel: %q is not a boolean", s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil {
		return fmt.Errorf("cpanel: %s is not a boolean", b)
	}
	*v = f != 0
	return nil
}

// String decodes from a JSON string, a number or a boolean (kept as written)
// or null (""). It protects string fields from a server that sends 42 where
// the documentation promises "42".
type String string

// UnmarshalJSON implements json.Unmarshaler.
func (s *String) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || bytes.Equal(b, []byte("null")):
		*s = ""
	case b[0] == '"':
		var v string
		if err := json.Unmarshal(b, &v); err != nil {
			return err
		}
		*s = String(v)
	case b[0] == '{' || b[0] == '[':
		return fmt.Errorf("cpanel: expected a string, got %.20s", b)
	default:
		*s = String(b)
	}
	return nil
}

// Limit is a quota or limit that may be unlimited. It decodes numbers and
// numeric strings as a value and the words "unlimited", "None", "∞" and null
// as Unlimited. Zero stays zero: whether 0 means "no limit" depends on the
// field and is decided by the accessor that reads it (see Limit.OrZeroUnlimited).
//
// The zero Limit is "not reported": the field was absent from cPanel's
// answer (older and newer versions name some fields differently). It is
// neither a value nor unlimited, and it is saved and read back as the
// string "not reported".
type Limit struct {
	Value     float64
	Unlimited bool
	// Reported is false when cPanel did not send the field at all.
	Reported bool
}

// notReported is how a Limit that cPanel did not send is saved.
const notReported = "not reported"

// Unlimited is the Limit that has no limit.
func Unlimited() Limit { return Limit{Unlimited: true, Reported: true} }

// LimitOf returns a finite Limit.
func LimitOf(v float64) Limit { return Limit{Value: v, Reported: true} }

// UnmarshalJSON implements json.Unmarshaler.
func (l *Limit) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*l = Unlimited()
		return nil
	}
	f, word, err := looseNumber(b)
	if err != nil {
		return err
	}
	switch strings.ToLower(word) {
	case "":
		*l = LimitOf(f)
		if bytes.Equal(bytes.TrimSpace(b), []byte(`""`)) {
			*l = Unlimited()
		}
		return nil
	case "unlimited", "none", "∞", "inf", "infinity":
		*l = Unlimited()
		return nil
	case notReported:
		*l = Limit{}
		return nil
	}
	return fmt.Errorf("cpanel: %q is neither a number nor \"unlimited\"", word)
}

// MarshalJSON encodes an unlimited Limit as null, a finite one as a number
// and one cPanel did not send as "not reported".
func (l Limit) MarshalJSON() ([]byte, error) {
	switch {
	case !l.Reported:
		return json.Marshal(notReported)
	case l.Unlimited:
		return []byte("null"), nil
	}
	return json.Marshal(l.Value)
}

// OrZeroUnlimited returns the Limit with 0 read as unlimited, as cPanel does
// for most quota fields ("0 - unlimited"). A Limit not reported stays so.
func (l Limit) OrZeroUnlimited() Limit {
	if l.Reported && !l.Unlimited && l.Value == 0 {
		return Unlimited()
	}
	return l
}

// Finite returns the value of a limit that was reported and is not
// unlimited.
func (l Limit) Finite() (float64, bool) {
	return l.Value, l.Reported && !l.Unlimited
}

// String formats the limit for people.
func (l Limit) String() string {
	if !l.Reported {
		return notReported
	}
	if l.Unlimited {
		return "unlimited"
	}
	return strconv.FormatFloat(l.Value, 'f', -1, 64)
}

// looseNumber reads a JSON number, a numeric string, "" or null. When the
// value is a non-numeric string it returns that string as word.
func looseNumber(b []byte) (f float64, word string, err error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || bytes.Equal(b, []byte("null")) {
		return 0, "", nil
	}
	if b[0] == '"' {
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return 0, "", err
		}
		s = strings.TrimSpace(s)
		if s == "" {
			return 0, "", nil
		}
		f, perr := strconv.ParseFloat(strings.ReplaceAll(s, ",", ""), 64)
		if perr != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, s, nil
		}
		return f, "", nil
	}
	if bytes.Equal(b, []byte("true")) {
		return 1, "", nil
	}
	if bytes.Equal(b, []byte("false")) {
		return 0, "", nil
	}
	f, perr := strconv.ParseFloat(string(b), 64)
	if perr != nil {
		return 0, "", fmt.Errorf("cpanel: %.20s is not a number", b)
	}
	return f, "", nil
}
