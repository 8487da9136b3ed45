package deliveries

import (
	"bufio"
	"sort"

	"github.com/cpmail/cpmail/internal/cmdutil"
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
	p       *cmdutil.Printer
	cols    []render.Column[deliveryRow]
	page    []deliveryRow
	widths  []int
	w       *bufio.Writer
	cut     bool
	started bool
}

func newDeliveryTable(p *cmdutil.Printer, cols []render.Column[deliveryRow]) *deliveryTable {
	return &deliveryTable{p: p, cols: cols}
}

func (t *deliveryTable) headers() []string { return render.Headers(t.cols, render.Table, t.p.Tr) }

// cells returns a row's cells; text from outside is made safe to print.
func (t *deliveryTable) cells(r deliveryRow) []string { return render.Row(t.cols, r, render.Table) }

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
	p := t.p
	page := t.sortedPage()
	t.page = nil
	headers := t.headers()
	width := p.IO.TermWidth()
	t.widths = render.FitWidths(headers, page, width)
	t.cut = width > 0
	t.w = bufio.NewWriterSize(p.IO.Out, 64<<10)
	t.started = true
	if !p.NoHeaders {
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
	return t.p.Table(t.headers(), t.sortedPage())
}
