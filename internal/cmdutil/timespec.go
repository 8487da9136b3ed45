package cmdutil

import (
	"strconv"
	"strings"
	"time"
)

// parseSince reads a --since or --until value: a duration back from now
// ("90m", "24h", "7d", "2w"), a date ("2026-11-20", local midnight) or an
// RFC 3339 time. Its usage errors are worded in the output language.
func (p *Printer) parseSince(flag, s string, now time.Time) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return time.Time{}, Usage(p.Tr("cli.since-empty", "Flag", flag))
	}
	if d, ok := parseDays(s); ok {
		if d <= 0 {
			return time.Time{}, Usage(p.Tr("cli.since-not-positive", "Flag", flag, "Value", s))
		}
		return now.Add(-d), nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02", s, now.Location()); err == nil {
		return t, nil
	}
	if t, err := time.ParseInLocation("2006-01-02 15:04", s, now.Location()); err == nil {
		return t, nil
	}
	return time.Time{}, Usage(p.Tr("cli.since-invalid", "Flag", flag, "Value", s))
}

// parseDays is time.ParseDuration plus the units d (day) and w (week).
func parseDays(s string) (time.Duration, bool) {
	if n := len(s); n > 1 && (s[n-1] == 'd' || s[n-1] == 'w') {
		v, err := strconv.ParseFloat(s[:n-1], 64)
		if err != nil {
			return 0, false
		}
		unit := 24 * time.Hour
		if s[n-1] == 'w' {
			unit *= 7
		}
		return time.Duration(v * float64(unit)), true
	}
	d, err := time.ParseDuration(s)
	return d, err == nil
}

// Window parses --since and --until together, its usage errors worded in
// the output language.
func (p *Printer) Window(since, until string, now time.Time) (from, to time.Time, err error) {
	from, err = p.parseSince("--since", since, now)
	if err != nil {
		return
	}
	if until != "" {
		to, err = p.parseSince("--until", until, now)
		if err != nil {
			return
		}
		if !to.After(from) {
			return from, to, Usage(p.Tr("cli.until-not-after-since", "Until", to.Format(time.RFC3339), "Since", from.Format(time.RFC3339)))
		}
	}
	if from.After(now) {
		return from, to, Usage(p.Tr("cli.since-in-future", "Since", from.Format(time.RFC3339)))
	}
	return from, to, nil
}
