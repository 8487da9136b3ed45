package markdown

import (
	"fmt"
	"io"

	"github.com/cpmail/cpmail/internal/render/report"
)

// WriteFleet writes a fleet (cpmail fleet) as GFM: a heading, the count
// of accounts by verdict, the table of accounts worst first, then each
// account that is not PASS: its error, or its diagnosis as WriteReport
// writes it, one heading level down. total is the number of accounts
// listed (more than len(accts) when the scan was interrupted).
func WriteFleet(w io.Writer, accts []report.Account, total int, o Options) error {
	tr := o.Tr
	if _, err := fmt.Fprintf(w, "# %s\n\n%s\n\n", Text(tr("fleet.doc.title", "Count", total)), Text(report.FleetSummary(tr, accts, total))); err != nil {
		return err
	}
	if o.Masked {
		if _, err := fmt.Fprintf(w, "%s\n\n", Text(tr("report.doc.masked"))); err != nil {
			return err
		}
	}
	t := NewTableWriter(w, report.FleetHeaders(tr))
	for _, a := range accts {
		cells := report.FleetRow(tr, a)
		t.WriteCells([]Cell{Raw(CodeCell(cells[0])), {s: cells[1]}, {s: cells[2]}, {s: cells[3]}, {s: cells[4]}, {s: cells[5]},
			{s: cells[6]}, {s: cells[7]}, {s: cells[8]}, {s: cells[9]}})
	}
	if err := t.Close(); err != nil {
		return err
	}
	redact := report.RedactWith(o.Redact)
	sub := o
	// The masked line stands once, above the table, not in each account's
	// section.
	sub.Level, sub.Timeline, sub.Masked = 2, nil, false
	for _, a := range accts {
		if !a.Detailed() {
			continue
		}
		if _, err := io.WriteString(w, "\n"); err != nil {
			return err
		}
		if a.Report != nil {
			if err := WriteReport(w, a.Report, sub); err != nil {
				return err
			}
			if a.Error == "" || len(report.Unread(a.Report)) > 0 {
				continue // the report lists what could not be read
			}
		} else if _, err := fmt.Fprintf(w, "## %s\n", Text(tr("report.account")+a.Account)); err != nil {
			return err
		}
		if _, err := fmt.Fprintf(w, "\n%s\n", Code(redact(a.Error))); err != nil {
			return err
		}
	}
	return nil
}
