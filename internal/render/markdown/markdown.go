// Package markdown writes cpmail's output as GitHub-flavoured Markdown
// that pastes cleanly into a ticket or a GitHub/GitLab issue: escaped
// prose, code spans, tables, and the diagnosis report (see WriteReport).
//
// Everything that came from outside (bounce texts, addresses, filter
// names, DNS records, server errors) goes through Text or Code: no such
// text can render as a link (autolinks included), an image, HTML, an
// entity, emphasis, a heading, a list or a table break, and no control
// character reaches the terminal the Markdown is printed on.
package markdown

import (
	"bufio"
	"io"
	"strings"

	"github.com/cpmail/cpmail/internal/render"
)

// oneLine turns line breaks and tabs into spaces: a text is one line of
// Markdown (a line break would end a table row or start a block).
func oneLine(s string) string {
	return strings.TrimSpace(strings.Map(func(r rune) rune {
		switch r {
		case '\n', '\r', '\t', '\v', '\f', '\u0085', '\u2028', '\u2029':
			return ' '
		}
		return r
	}, s))
}

// Text returns s as one line of Markdown prose that renders as the text
// itself. It is shown through render.Safe, then every ASCII character
// that Markdown or GFM gives a meaning inline is backslash-escaped: the
// markup characters (\ ` * _ [ ] < > & | ~ ! # and $, which GitHub renders as math), and ':' and '@', so that
// GFM's extended autolinks (http://…, mailto:, name@domain) cannot form,
// and the '.' after "www" (www.example.com). A leading '-', '+', '=' or
// "1." is escaped too, so that a text at the start of a line starts no
// list or heading.
func Text(s string) string {
	s = render.Safe(oneLine(s))
	var b strings.Builder
	b.Grow(len(s) + 8)
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '&', '|', '~', '!', '#', ':', '@', '$':
			b.WriteByte('\\')
		case '.':
			if i >= 3 && strings.EqualFold(s[i-3:i], "www") {
				b.WriteByte('\\')
			}
		case '-', '+', '=':
			if i == 0 {
				b.WriteByte('\\')
			}
		case ')':
			if isDigits(s[:i]) {
				b.WriteByte('\\')
			}
		}
		if c == '.' && i > 0 && isDigits(s[:i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(c)
	}
	return b.String()
}

// isDigits reports whether s is one or more ASCII digits (a text starting
// "12." or "12)" would start an ordered list).
func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// Code returns s as an inline code span, for values quoted as they are
// (an evidence value, a record): nothing in a code span is markup. The
// span's fence is one backtick longer than the longest run of backticks
// in s, so s cannot close it. "" is "-".
func Code(s string) string { return code(s, false) }

// code writes the span; inTable escapes '|' as GFM requires in a table
// cell (a cell ends at any unescaped pipe, even inside a code span).
func code(s string, inTable bool) string {
	s = render.Safe(oneLine(s))
	if s == "" {
		s = "-"
	}
	run, longest := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	if inTable {
		s = strings.ReplaceAll(s, "|", `\|`)
	}
	fence := strings.Repeat("`", longest+1)
	if s[0] == '`' || s[len(s)-1] == '`' {
		s = " " + s + " "
	}
	return fence + s + fence
}

// CodeCell is Code for a table cell.
func CodeCell(s string) string { return code(s, true) }

// Cell is a table cell: either prose (escaped by Text) or already
// Markdown (a code span from CodeCell, or fixed words).
type Cell struct {
	s        string
	markdown bool
}

// Raw is a cell that is already Markdown.
func Raw(s string) Cell { return Cell{s, true} }

// TableWriter writes a GFM table row by row, so a long listing is never
// held whole. Every cell given as a string is escaped with Text.
type TableWriter struct {
	w   *bufio.Writer
	n   int
	err error
}

// NewTableWriter starts a table with headers on w.
func NewTableWriter(w io.Writer, headers []string) *TableWriter {
	t := &TableWriter{w: bufio.NewWriterSize(w, 64<<10), n: len(headers)}
	t.Write(headers)
	t.line(strings.Repeat("| --- ", len(headers)) + "|")
	return t
}

func (t *TableWriter) line(s string) {
	if t.err == nil {
		_, t.err = t.w.WriteString(s + "\n")
	}
}

// Write writes one row of prose cells (missing cells are empty, extra
// ones dropped: a row never changes the table's shape).
func (t *TableWriter) Write(cells []string) {
	row := make([]Cell, len(cells))
	for i, c := range cells {
		row[i] = Cell{s: c}
	}
	t.WriteCells(row)
}

// WriteCells writes one row.
func (t *TableWriter) WriteCells(cells []Cell) {
	var b strings.Builder
	b.WriteString("|")
	for i := range t.n {
		s := ""
		if i < len(cells) {
			s = cells[i].s
			if !cells[i].markdown {
				s = Text(s)
			}
		}
		if s == "" {
			s = " "
		}
		b.WriteString(" " + s + " |")
	}
	t.line(b.String())
}

// Close flushes the table and returns the first error met.
func (t *TableWriter) Close() error {
	if t.err != nil {
		return t.err
	}
	return t.w.Flush()
}

// WriteTable writes headers and rows as a GFM table.
func WriteTable(w io.Writer, headers []string, rows [][]string) error {
	t := NewTableWriter(w, headers)
	for _, r := range rows {
		t.Write(r)
	}
	return t.Close()
}

// CodeBlock returns lines as a fenced code block: each shown through
// render.Safe, the fence one backtick longer than any run of backticks in
// them (three at least), so no line can close it.
func CodeBlock(lines []string) string {
	longest := 0
	for _, l := range lines {
		run := 0
		for i := 0; i < len(l); i++ {
			if l[i] == '`' {
				run++
				longest = max(longest, run)
			} else {
				run = 0
			}
		}
	}
	fence := strings.Repeat("`", max(3, longest+1))
	var b strings.Builder
	b.WriteString(fence + "\n")
	for _, l := range lines {
		b.WriteString(render.Safe(l) + "\n")
	}
	b.WriteString(fence + "\n")
	return b.String()
}
