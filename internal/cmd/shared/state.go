package shared

import (
	"errors"
	"time"

	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/state"
)

// LoadState reads a --state file, with one clear line for a file that
// cannot be used: one of a newer cpmail (never overwritten), or one that
// is not a state file.
func LoadState(p *cmdutil.Printer, path string) (*state.File, error) {
	f, err := state.Load(path)
	var newer *state.NewerError
	switch {
	case errors.As(err, &newer):
		return nil, cmdutil.Usage(p.Tr("state.newer", "Path", path, "Version", newer.Version, "Max", state.Version))
	case err != nil:
		return nil, cmdutil.Usage(p.Tr("state.unreadable", "Path", path, "Error", err.Error()))
	}
	return f, nil
}

// MarkText words a problem's mark, for the runs of confirmation count
// confirm; times in UTC, RFC 3339.
func MarkText(p *cmdutil.Printer, m state.Marked, confirm int) string {
	at := func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	switch {
	case m.Mark == state.New:
		return p.Tr("check.mark-new")
	case m.Mark == state.Pending:
		return p.Tr("check.mark-pending", "Seen", m.Seen, "Confirm", confirm)
	case m.Mark == state.Resolved:
		return p.Tr("check.mark-resolved", "Since", at(m.FirstSeen), "Last", at(m.LastSeen))
	case m.Unchecked:
		return p.Tr("check.mark-unchecked", "Since", at(m.FirstSeen))
	case m.Absent:
		return p.Tr("check.mark-held", "Since", at(m.FirstSeen), "Clean", m.Clean, "Confirm", confirm)
	}
	return p.Tr("check.mark-ongoing", "Since", at(m.FirstSeen))
}
