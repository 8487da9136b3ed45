package plugin

import (
	"math"
	"strconv"
	"strings"
)

// The status keywords of the guidelines, in the first line of the output.
const (
	OK       = "OK"
	Warning  = "WARNING"
	Critical = "CRITICAL"
	Unknown  = "UNKNOWN"
)

// Perf is one performance data item.
type Perf struct {
	Label string
	// Value is the measured value; Known false prints "U" (the value
	// could not be determined).
	Value float64
	Known bool
	// UOM is the unit: "", "%", "s", "B", "c" and the like.
	UOM string
	// Warn and Crit are the thresholds; nil when none is set.
	Warn, Crit *Range
	// Min and Max bound the value; NaN when there is no bound.
	Min, Max float64
}

// String formats the item as 'label'=value[UOM];warn;crit;min;max, with
// trailing empty fields left out and the quotes only where the label
// needs them (a space, a quote or an equals sign).
func (p Perf) String() string {
	var b strings.Builder
	label := strings.ReplaceAll(p.Label, "'", "''")
	if strings.ContainsAny(p.Label, " '=") {
		b.WriteString("'" + label + "'")
	} else {
		b.WriteString(label)
	}
	b.WriteByte('=')
	if p.Known {
		b.WriteString(Number(p.Value))
		b.WriteString(p.UOM)
	} else {
		b.WriteString("U")
	}
	fields := []string{rangeText(p.Warn), rangeText(p.Crit), bound(p.Min), bound(p.Max)}
	n := len(fields)
	for n > 0 && fields[n-1] == "" {
		n--
	}
	for _, f := range fields[:n] {
		b.WriteByte(';')
		b.WriteString(f)
	}
	return b.String()
}

// Number formats v the shortest way that reads back exactly ("3", "2.5").
func Number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

func rangeText(r *Range) string {
	if r == nil {
		return ""
	}
	return r.String()
}

func bound(v float64) string {
	if math.IsNaN(v) {
		return ""
	}
	return Number(v)
}

// Join formats items separated by spaces, as they follow the "|".
func Join(items []Perf) string {
	parts := make([]string, len(items))
	for i, p := range items {
		parts[i] = p.String()
	}
	return strings.Join(parts, " ")
}
