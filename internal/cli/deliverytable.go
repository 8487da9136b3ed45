package cli

import (
	"bufio"
	"sort"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/render"
)

// tablePage is how many rows a delivery table holds to size its columns.
// A listing that fits in it is sorted and drawn whole, as every table is;
// a longer one is written row by row after it, in the order cPanel sends
// the records (newest received first), so memory stays flat.
const tablePage = 1000

// deliveryTable writes `cpmail deliveries` as a table without holding
// every record: the first tablePage rows size the columns, then each row
// is written as it comes. On a terminal, cells are cut to the columns'
// widths; piped, a later cell wider than its column is written whole (the
// line is then longer, nothing is lost).
type deliveryTable struct {
	f       *Factory
	page    []deliveryRow
	widths  []int
	w       *bufio.Writer
	cut     bool
	started bool
	// shorts holds each reason's label, rendered once.
	shorts map[string]string
}

func (f *Factory) newDeliveryTable() *deliveryTable {
	return &deliveryTable{f: f}
}

func (t *deliveryTable) headers() []string {
	f := t.f
	return []string{f.T("TIME", "時間"), f.T("EVENT", "事件"), f.T("FROM", "寄件者"), f.T("TO", "收件者"), f.T("REASON", "原因"), f.T("RESULT", "結果")}
}

// cells returns a row's cells; text from outside is made safe to print.
func (t *deliveryTable) cells(r deliveryRow) []string {
	f := t.f
	reason := "-"
	if r.Reason != "" {
		if t.shorts == nil {
			t.shorts = map[string]string{}
		}
		if reason = t.shorts[r.Reason]; reason == "" {
			reason = f.Text(bounce.Reason(r.Reason).Short())
			t.shorts[r.Reason] = reason
		}
	}
	return []string{f.formatTime(r.Time), render.Safe(r.Type), render.Safe(orDash(r.Sender)), render.Safe(orDash(r.Recipient)), reason, render.Safe(oneLine(r.Message))}
}

func (t *deliveryTable) add(r deliveryRow) error {
	if t.started {
		return t.writeRow(t.cells(r))
	}
	t.page = append(t.page, r)
	if len(t.page) < tablePage {
		return nil
	}
	return t.start()
}

// sortedPage returns the held rows' cells, newest first.
func (t *deliveryTable) sortedPage() [][]string {
	rows := t.page
	sort.SliceStable(rows, func(i, j int) bool { return rows[i].Time.After(rows[j].Time) })
	out := make([][]string, len(rows))
	for i, r := range rows {
		out[i] = t.cells(r)
	}
	return out
}

// start sizes the columns from the page, writes the header and the page,
// and switches to writing row by row.
func (t *deliveryTable) start() error {
	f := t.f
	page := t.sortedPage()
	t.page = nil
	headers := t.headers()
	width := f.IO.TermWidth()
	t.widths = render.FitWidths(headers, page, width)
	t.cut = width > 0
	t.w = bufio.NewWriterSize(f.IO.Out, 64<<10)
	t.started = true
	if !f.flags.noHeaders {
		if err := t.writeRow(headers); err != nil {
			return err
		}
	}
	for _, c := range page {
		if err := t.writeRow(c); err != nil {
			return err
		}
	}
	return nil
}

// writeRow writes cells padded to the columns' widths and two spaces
// apart, with no trailing blanks: the layout render.WriteTable draws
// (render.TableRow escapes each cell and cuts it on a terminal).
func (t *deliveryTable) writeRow(cells []string) error {
	line := render.TableRow(cells, t.widths, t.cut)
	if _, err := t.w.WriteString(line); err != nil {
		return err
	}
	return t.w.WriteByte('\n')
}

func (t *deliveryTable) close() error {
	if t.started {
		return t.w.Flush()
	}
	return t.f.table(t.headers(), t.sortedPage())
}
