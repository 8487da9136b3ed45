package render

// Column is one column of a table, declared once for both of its forms:
// the table for people and CSV for scripts (whose keys are the JSON keys
// too). A column with no Cell is in CSV only; one with no Key is in the
// table only.
type Column[R any] struct {
	// Header is the message id of the table header (header.<name>).
	Header string
	// Key is the CSV header, the same as the JSON key.
	Key string
	// Cell is the table cell of a row.
	Cell func(R) string
	// Raw is the CSV cell of a row; nil when it is the table cell.
	Raw func(R) string
}

// Headers returns the header line of cols in format f (table headers
// worded by tr, a catalog's renderer; CSV keys otherwise).
func Headers[R any](cols []Column[R], f Format, tr func(id string, pairs ...any) string) []string {
	var h []string
	for _, c := range cols {
		switch {
		case f == CSV && c.Key != "":
			h = append(h, c.Key)
		case f != CSV && c.Cell != nil:
			h = append(h, tr(c.Header))
		}
	}
	return h
}

// Row returns the cells of r under cols in format f.
func Row[R any](cols []Column[R], r R, f Format) []string {
	cells := make([]string, 0, len(cols))
	for _, c := range cols {
		switch {
		case f == CSV && c.Key != "":
			v := c.Raw
			if v == nil {
				v = c.Cell
			}
			cells = append(cells, v(r))
		case f != CSV && c.Cell != nil:
			cells = append(cells, c.Cell(r))
		}
	}
	return cells
}

// Cells returns the header line and the cells of rows under cols in
// format f.
func Cells[R any](cols []Column[R], rows []R, f Format, tr func(id string, pairs ...any) string) (headers []string, cells [][]string) {
	cells = make([][]string, 0, len(rows))
	for _, r := range rows {
		cells = append(cells, Row(cols, r, f))
	}
	return Headers(cols, f, tr), cells
}
