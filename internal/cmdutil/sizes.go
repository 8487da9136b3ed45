package cmdutil

import (
	"strconv"

	"github.com/cpmail/cpmail/cpanel"
)

// LimitCell shows a limit: its value, "unlimited", or "not reported" when
// cPanel's answer did not have it (never read as unlimited). In CSV an
// unlimited limit is an empty cell.
func LimitCell(p *Printer, v *float64, reported bool, format func(float64) string, csv bool) string {
	switch {
	case !reported:
		return p.Tr("cli.not-reported")
	case v != nil:
		return format(*v)
	case csv:
		return ""
	}
	return p.Tr("cli.unlimited")
}

// Number writes a count or size as cPanel sent it, without an exponent.
func Number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// WarnSizes warns once for each size cPanel sent that no disk holds
// (negative, or beyond int64): it is shown as sent.
func WarnSizes(p *Printer, what string, sizes ...float64) {
	for _, v := range sizes {
		if _, ok := cpanel.ByteSize(v); !ok {
			p.Warn(p.Tr("cli.cpanel-reported-as-bytes", "What", what, "Number", Number(v)))
			return
		}
	}
}
