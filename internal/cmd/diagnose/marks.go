package diagnose

import (
	"fmt"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/state"
)

// stateMarks are the findings' marks against a check --state file, as
// the next check run would set them; the "state" key of the JSON report.
type stateMarks struct {
	LastRun time.Time      `json:"last_run,omitzero"`
	Runs    int            `json:"runs"`
	Confirm int            `json:"confirm"`
	Marks   []state.Marked `json:"marks"`
}

// markAgainst marks the report's problems against st, which is not
// changed on disk: a look by a person is not a monitoring run. The
// thresholds check remembers cannot be checked here.
func markAgainst(st *state.File, rep *diagnose.Report, snap *diagnose.Snapshot) *stateMarks {
	confirm := max(st.Confirm, 1)
	out := &stateMarks{LastRun: st.LastRun, Runs: st.Runs, Confirm: confirm}
	checked := shared.Checked(snap)
	out.Marks = st.Update(snap.TakenAt, shared.Problems(rep, shared.FiguresOf(snap)), confirm, func(p state.Problem) bool {
		return p.Kind != state.KindThreshold && checked(p)
	})
	if out.Marks == nil {
		out.Marks = []state.Marked{}
	}
	return out
}

// writeMarks prints the marks after the report, one line each.
func writeMarks(p *cmdutil.Printer, path string, m *stateMarks) {
	w := p.IO.Out
	fmt.Fprintln(w)
	last := "-"
	if !m.LastRun.IsZero() {
		last = m.LastRun.UTC().Format(time.RFC3339)
	}
	fmt.Fprintln(w, p.Tr("diagnose.state-heading", "Path", render.Safe(path), "LastRun", last, "Count", m.Runs))
	if len(m.Marks) == 0 {
		fmt.Fprintln(w, "  "+p.Tr("diagnose.state-nothing"))
	}
	for _, mk := range m.Marks {
		line := strings.TrimSpace(mk.Severity + " " + mk.ID + " " + mk.Subject)
		fmt.Fprintln(w, "  "+render.Safe(render.OneLine(line+" ["+shared.MarkText(p, mk, m.Confirm)+"]")))
	}
}
