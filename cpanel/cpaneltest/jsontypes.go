package cpaneltest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// Quota is a mailbox quota in MiB. Its zero value is unlimited.
type Quota float64

// Unlimited reports whether the quota has no limit.
func (q Quota) Unlimited() bool { return q <= 0 }

// UnmarshalJSON accepts a number, a numeric string, null or "unlimited".
func (q *Quota) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*q = 0
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		if strings.EqualFold(strings.TrimSpace(s), "unlimited") || s == "" {
			*q = 0
			return nil
		}
		b = []byte(s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return fmt.Errorf("quota %s: want MiB or \"unlimited\"", b)
	}
	*q = Quota(f)
	return nil
}

// MarshalJSON writes "unlimited" or the number of MiB.
func (q Quota) MarshalJSON() ([]byte, error) {
	if q.Unlimited() {
		return []byte(`"unlimited"`), nil
	}
	return json.Marshal(float64(q))
}

// NullString is a scenario string that can be missing (use the default),
// null (send null) or a value.
type NullString struct {
	Value string
	Null  bool
	Set   bool
}

// UnmarshalJSON records a value or an explicit null.
func (n *NullString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = NullString{Null: true, Set: true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*n = NullString{Value: s, Set: true}
	return nil
}

// MarshalJSON writes the value, or null.
func (n NullString) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// IsZero reports whether the field was left out (for omitzero).
func (n NullString) IsZero() bool { return !n.Set }

// Duration is a time span written as "90s", "3h20m", "2d" or "1d6h", or as
// a number of seconds.
type Duration time.Duration

// UnmarshalJSON reads a duration string or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err := json.Unmarshal(b, &secs); err != nil {
			return fmt.Errorf("duration %s: want \"3h\", \"2d\" or seconds", b)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := parseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// parseDuration is time.ParseDuration plus a leading "Nd" for days.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return 0, fmt.Errorf("duration %q: want e.g. \"2d\" or \"1d6h\"", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. \"90s\", \"3h20m\" or \"2d\"", s)
	}
	return days + v, nil
}

// ZoneText is a zone file. In JSON it is one string or an array of lines.
type ZoneText string

// UnmarshalJSON reads a string or an array of lines.
func (z *ZoneText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*z = ZoneText(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("zone: want a string or an array of lines")
	}
	*z = ZoneText(strings.Join(lines, "\n") + "\n")
	return nil
}
