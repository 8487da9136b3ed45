package cmdutil

import (
	"context"
	"errors"
	"fmt"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// GaveUpLine says that the --timeout deadline ended the command, and the
// last error seen.
func GaveUpLine(p *Printer, s *Session, err error) string {
	line := p.Tr("cli.gave-up-after-timeout", "Timeout", s.Timeout)
	if err != nil && err != context.DeadlineExceeded {
		line += ": " + render.Safe(render.OneLine(s.Redact(err.Error())))
	} else {
		line += p.Tr("cli.raise-timeout-try-again")
	}
	return line
}

// RefusedLine is the one line for a refused credential: which user on which
// server (never the token), and what to do. When cPanel's answer names its
// brute-force protection (cPHulk), the IP is locked out: it says how that
// is undone.
func RefusedLine(p *Printer, s *Session, err error) string {
	user, host := s.Account()
	user, host = render.Safe(render.OrDash(user)), render.Safe(render.OrDash(host))
	if s.WHM() {
		if errors.Is(err, cpanel.ErrLockedOut) {
			return p.Tr("whm.locked-out", "Host", host, "User", user)
		}
		return p.Tr("whm.refused-api-token", "Host", host, "User", user)
	}
	if errors.Is(err, cpanel.ErrLockedOut) {
		return p.Tr("cli.cpanel-has-locked-out", "Host", host, "User", user)
	}
	status := ""
	var he *cpanel.HTTPError
	if errors.As(err, &he) {
		status = fmt.Sprintf(" (HTTP %d)", he.StatusCode)
	}
	return p.Tr("cli.cpanel-refused-api-token", "Host", host, "User", user, "Status", status)
}
