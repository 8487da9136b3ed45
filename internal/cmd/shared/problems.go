package shared

import (
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/state"
)

// Problems returns what a run found that the state remembers: each fail
// or warn finding (rule id and subject) and each blocklist listing (list
// and IP or domain), with the sources each was read from.
func Problems(rep *diagnose.Report, fig Figures) []state.Problem {
	var out []state.Problem
	for _, fd := range rep.Findings {
		if fd.Severity < diagnose.Warn {
			continue
		}
		var srcs []string
		for _, ev := range fd.Evidence {
			// One item may name several sources: "Email::list_pops_with_disk, Email::list_forwarders".
			for _, src := range strings.Split(ev.Source, ",") {
				if src = strings.TrimSpace(src); src != "" && !slices.Contains(srcs, src) {
					srcs = append(srcs, src)
				}
			}
		}
		out = append(out, state.Problem{Kind: state.KindFinding, ID: fd.ID, Subject: fd.Subject, Severity: fd.Severity.String(), Sources: srcs})
	}
	for _, l := range fig.Listings {
		if l.Listed {
			out = append(out, state.Problem{Kind: state.KindListing, ID: l.List, Subject: l.Subject, Severity: l.Severity.String(),
				Sources: []string{diagnose.SrcLiveDNS}})
		}
	}
	return out
}

// Checked returns whether the snapshot could have seen a problem again:
// every source it was read from was read (with none named, every
// important source).
func Checked(s *diagnose.Snapshot) func(state.Problem) bool {
	return func(p state.Problem) bool {
		if len(p.Sources) == 0 {
			return len(s.Unread()) == 0
		}
		for _, src := range p.Sources {
			if !s.Covered(src) {
				return false
			}
		}
		return true
	}
}
