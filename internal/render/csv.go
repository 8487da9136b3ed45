package render

import (
	"bufio"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"
)

// CSV for scripts and spreadsheets. Cells are RFC 4180 fields (quoted
// when they hold a comma, a quote or a line break, quotes doubled), and
// two more protections apply to every cell, whoever built the row:
//
//   - Control and bidi characters are shown through Safe (\x1b, \u202e):
//     a cell is one line, so `cut -d, -f6` and a terminal both see text.
//   - Formula injection (OWASP "CSV Injection", ASVS 1.2.10): a cell that
//     begins with =, +, -, @, tab or carriage return is prefixed with a
//     single quote (') so that a spreadsheet shows it as text instead of
//     running it, and such a cell is always quoted, so that a separator
//     inside it (a comma, or the semicolon of spreadsheets set up for
//     European locales) cannot start a new cell that begins with a formula.
//     A semicolon anywhere makes a cell quoted for the same reason.
//     A plain number (-12, -0.5, -1e+06) is left as it is: it is what we
//     wrote (a size, a score), and a spreadsheet reads it as the number it
//     is, not as a formula.

// CSVWriter writes CSV records one at a time; its methods are those of
// encoding/csv's Writer (Write, Flush, Error).
type CSVWriter struct {
	w   *bufio.Writer
	err error
}

// NewCSVWriter returns a CSVWriter writing to w.
func NewCSVWriter(w io.Writer) *CSVWriter { return &CSVWriter{w: bufio.NewWriter(w)} }

// Write writes one record, its cells made safe (see CSVCell).
func (c *CSVWriter) Write(record []string) error {
	if c.err != nil {
		return c.err
	}
	for i, cell := range record {
		if i > 0 {
			c.w.WriteByte(',')
		}
		cell, quote := csvField(cell)
		if !quote {
			c.w.WriteString(cell)
			continue
		}
		c.w.WriteByte('"')
		if strings.IndexByte(cell, '"') >= 0 {
			cell = strings.ReplaceAll(cell, `"`, `""`)
		}
		c.w.WriteString(cell)
		c.w.WriteByte('"')
	}
	_, c.err = c.w.WriteString("\n")
	return c.err
}

// Flush writes any buffered data to the underlying writer.
func (c *CSVWriter) Flush() {
	if err := c.w.Flush(); err != nil && c.err == nil {
		c.err = err
	}
}

// Error reports any error from a previous Write or Flush.
func (c *CSVWriter) Error() error { return c.err }

// WriteAll writes records and flushes.
func (c *CSVWriter) WriteAll(records [][]string) error {
	for _, r := range records {
		if err := c.Write(r); err != nil {
			return err
		}
	}
	c.Flush()
	return c.err
}

// WriteCSV writes a header line (unless headers is nil) and the rows as
// RFC 4180 CSV, every cell made safe (see CSVCell).
func WriteCSV(w io.Writer, headers []string, rows [][]string) error {
	cw := NewCSVWriter(w)
	if headers != nil {
		if err := cw.Write(headers); err != nil {
			return err
		}
	}
	return cw.WriteAll(rows)
}

// CSVCell returns s as a CSV cell's text holds it before quoting: shown
// through Safe, and prefixed with a single quote when it would begin a
// spreadsheet formula.
func CSVCell(s string) string {
	s, _ = csvField(s)
	return s
}

// csvField returns the cell's text and whether it must be quoted.
func csvField(s string) (string, bool) {
	s = Safe(s)
	if s == "" {
		return s, false
	}
	if formulaStart(s[0]) && !plainNumber(s) {
		return "'" + s, true
	}
	first, _ := utf8.DecodeRuneInString(s)
	return s, s == `\.` || unicode.IsSpace(first) || strings.ContainsAny(s, ",\";\r\n")
}

// formulaStart reports whether a cell beginning with c is read as a
// formula by spreadsheets (OWASP's list).
func formulaStart(c byte) bool {
	switch c {
	case '=', '+', '-', '@', '\t', '\r':
		return true
	}
	return false
}

// plainNumber reports whether s is a decimal number as strconv writes
// one: an optional minus, digits, an optional fraction and exponent.
func plainNumber(s string) bool {
	i := 0
	if i < len(s) && s[i] == '-' {
		i++
	}
	digits := func() bool {
		j := i
		for i < len(s) && s[i] >= '0' && s[i] <= '9' {
			i++
		}
		return i > j
	}
	if !digits() {
		return false
	}
	if i < len(s) && s[i] == '.' {
		i++
		if !digits() {
			return false
		}
	}
	if i < len(s) && s[i] == 'e' {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if !digits() {
			return false
		}
	}
	return i == len(s)
}
