// Package plugin holds what a monitoring plugin prints, as the Monitoring
// Plugins Development Guidelines describe it: threshold ranges
// ("10", "10:", "~:10", "10:20", "@10:20"), performance data
// ('label'=value[UOM];warn;crit;min;max) and the status keywords. The
// keywords, labels and units are the standard's, not words of a language.
package plugin

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// Range is a threshold range. A value alerts when it lies outside
// [Start, End], or inside it when Inside is set ("@"). Start may be
// -Inf ("~"), End +Inf ("10:").
type Range struct {
	Start, End float64
	Inside     bool
	// text is the range as it was written, for perfdata.
	text string
}

// ErrRange is wrapped by every error of ParseRange.
var ErrRange = errors.New("invalid threshold range")

// ParseRange reads a range in the guidelines' syntax:
//
//	10      alert when < 0 or > 10
//	10:     alert when < 10
//	~:10    alert when > 10
//	10:20   alert when < 10 or > 20
//	@10:20  alert when >= 10 and <= 20
func ParseRange(s string) (Range, error) {
	text := strings.TrimSpace(s)
	r := Range{text: text}
	body := text
	if strings.HasPrefix(body, "@") {
		r.Inside, body = true, body[1:]
	}
	if body == "" {
		return Range{}, fmt.Errorf("%w %q: write 10, 10:, ~:10, 10:20 or @10:20", ErrRange, s)
	}
	start, end, hasColon := strings.Cut(body, ":")
	num := func(v string) (float64, error) {
		f, err := strconv.ParseFloat(v, 64)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return 0, fmt.Errorf("%w %q: %q is not a number", ErrRange, s, v)
		}
		return f, nil
	}
	var err error
	switch {
	case !hasColon:
		r.Start = 0
		if r.End, err = num(start); err != nil {
			return Range{}, err
		}
	default:
		switch start {
		case "~":
			r.Start = math.Inf(-1)
		case "":
			r.Start = 0
		default:
			if r.Start, err = num(start); err != nil {
				return Range{}, err
			}
		}
		if end == "" {
			r.End = math.Inf(1)
		} else if r.End, err = num(end); err != nil {
			return Range{}, err
		}
	}
	if r.Start > r.End {
		return Range{}, fmt.Errorf("%w %q: the start is greater than the end", ErrRange, s)
	}
	return r, nil
}

// Alerts reports whether v raises the alert the range sets.
func (r Range) Alerts(v float64) bool {
	in := v >= r.Start && v <= r.End
	if r.Inside {
		return in
	}
	return !in
}

// String returns the range as it was written (as perfdata carries it).
func (r Range) String() string { return r.text }
