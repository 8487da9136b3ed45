package render

import (
	"strings"
	"time"

	"github.com/clipperhouse/displaywidth"
)

// Wrap indents text and, when width leaves room for it (a terminal),
// wraps it at width display columns (a wide, CJK, character counts two).
func Wrap(s, indent string, width int) string {
	if width <= displaywidth.String(indent)+20 {
		return indent + s
	}
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(s) {
		if displaywidth.String(line)+displaywidth.String(word)+1 > width && strings.TrimSpace(line) != "" {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		line += word + " "
	}
	b.WriteString(strings.TrimRight(line, " "))
	return b.String()
}

// Time shows t relative to now on a terminal ("3h ago", worded by tr, a
// catalog's renderer) and as RFC 3339 otherwise; "-" for the zero time.
func Time(t, now time.Time, tty bool, tr func(id string, pairs ...any) string) string {
	if t.IsZero() {
		return "-"
	}
	if !tty {
		return t.UTC().Format(time.RFC3339)
	}
	d := now.Sub(t)
	switch {
	case d < time.Minute:
		return tr("render.just-now")
	case d < time.Hour:
		return tr("render.dm-ago", "Minutes", int(d.Minutes()))
	case d < 48*time.Hour:
		return tr("render.dh-ago", "Hours", int(d.Hours()))
	default:
		return tr("render.dd-ago", "Days", int(d.Hours()/24))
	}
}

// OneLine joins the lines and runs of blanks of s into single spaces.
func OneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// OrDash is s, or "-" when s is empty (an empty table cell).
func OrDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// Paint wraps s in the ANSI SGR code sgr ("31;1": bold red) when on (a
// terminal that wants colour), and returns s as it is otherwise.
func Paint(on bool, sgr, s string) string {
	if !on {
		return s
	}
	return "\x1b[" + sgr + "m" + s + "\x1b[0m"
}
