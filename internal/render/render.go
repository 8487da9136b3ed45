// Package render writes cpmail's output: aligned tables for people, CSV and
// JSON for scripts. It is the only package that imports tablewriter.
package render

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/olekukonko/tablewriter"
	"github.com/olekukonko/tablewriter/tw"
)

// Format is an output format: table, json, csv, markdown or html.
type Format string

// The output formats. Markdown (GitHub-flavoured) and HTML are documents
// for people, written by the commands that declare them (see
// FormatsAnnotation).
const (
	Table    Format = "table"
	JSON     Format = "json"
	CSV      Format = "csv"
	Markdown Format = "markdown"
	HTML     Format = "html"
)

// FormatsAnnotation is the cobra annotation by which a command declares
// the formats it writes besides table, json and csv: "markdown" or
// "markdown,html".
const FormatsAnnotation = "cpmail/formats"

// FormatsOf returns the formats a command writes: table, json and csv,
// and those its FormatsAnnotation value (extra) names.
func FormatsOf(extra string) []Format {
	out := []Format{Table, JSON, CSV}
	for _, f := range strings.Split(extra, ",") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, Format(f))
		}
	}
	return out
}

// ParseFormat validates an -o value against the formats a command allows.
func ParseFormat(s string, allowed ...Format) (Format, error) {
	if len(allowed) == 0 {
		allowed = []Format{Table, JSON, CSV}
	}
	names := make([]string, len(allowed))
	for i, f := range allowed {
		if strings.EqualFold(s, string(f)) {
			return f, nil
		}
		names[i] = string(f)
	}
	return "", fmt.Errorf("invalid output format %q: use %s", s, strings.Join(names, ", "))
}

// TableOptions says how a table is drawn.
type TableOptions struct {
	// Width, when above zero, cuts the widest cells so each line fits
	// (used on a terminal only; piped output is never cut).
	Width int
	// NoHeaders leaves out the header line.
	NoHeaders bool
}

// WriteTable writes rows under headers as aligned columns separated by two
// spaces, with no borders, so the output can be pasted into a ticket.
// Every cell is shown through Safe: a control or bidi character in it is
// written escaped, whoever built the row.
func WriteTable(w io.Writer, headers []string, rows [][]string, opts TableOptions) error {
	headers, rows = safeCells(headers), safeRows(rows)
	if opts.Width > 0 {
		rows = fit(headers, rows, opts.Width)
	}
	cfg := tablewriter.Config{
		Header: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoFormat: tw.Off, AutoWrap: tw.WrapNone},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		},
		Row: tw.CellConfig{
			Formatting: tw.CellFormatting{AutoWrap: tw.WrapNone},
			Alignment:  tw.CellAlignment{Global: tw.AlignLeft},
		},
	}
	var buf bytes.Buffer
	t := tablewriter.NewTable(&buf,
		tablewriter.WithConfig(cfg),
		tablewriter.WithRendition(tw.Rendition{
			Borders: tw.BorderNone,
			Symbols: tw.NewSymbols(tw.StyleNone),
			Settings: tw.Settings{
				Separators: tw.Separators{BetweenRows: tw.Off, BetweenColumns: tw.Off},
				Lines:      tw.Lines{ShowHeaderLine: tw.Off, ShowTop: tw.Off, ShowBottom: tw.Off, ShowFooterLine: tw.Off},
			},
		}),
		tablewriter.WithPadding(tw.Padding{Left: "", Right: "  ", Overwrite: true}),
		tablewriter.WithTrimLine(tw.On),
	)
	if !opts.NoHeaders {
		t.Header(headers)
	}
	for _, r := range rows {
		if err := t.Append(r); err != nil {
			return err
		}
	}
	if err := t.Render(); err != nil {
		return err
	}
	// The last column's padding leaves trailing spaces: drop them.
	lines := strings.SplitAfter(buf.String(), "\n")
	for i, l := range lines {
		lines[i] = strings.TrimRight(strings.TrimSuffix(l, "\n"), " ")
		if strings.HasSuffix(l, "\n") {
			lines[i] += "\n"
		}
	}
	_, err := io.WriteString(w, strings.Join(lines, ""))
	return err
}

// fit shortens the longest column's cells with an ellipsis until a row fits
// in width. Columns never shrink below their header's width.
func fit(headers []string, rows [][]string, width int) [][]string {
	widths := FitWidths(headers, rows, width)
	n := len(headers)
	out := make([][]string, len(rows))
	for j, r := range rows {
		c := make([]string, len(r))
		for i := range r {
			c[i] = r[i]
			if i < n {
				c[i] = Truncate(r[i], widths[i])
			}
		}
		out[j] = c
	}
	return out
}

// FitWidths returns the display width of each column of rows under
// headers: the widest cell, narrowed (the widest column first, never below
// its header or 8) until a line fits in width when width is above zero.
// WriteTable cuts cells to these widths on a terminal; a table written row
// by row sizes its columns with it from its first rows.
func FitWidths(headers []string, rows [][]string, width int) []int {
	n := len(headers)
	widths := make([]int, n)
	for i, h := range headers {
		widths[i] = displaywidth.String(h)
	}
	for _, r := range rows {
		for i := 0; i < n && i < len(r); i++ {
			widths[i] = max(widths[i], displaywidth.String(r[i]))
		}
	}
	total := func() int {
		s := 0
		for _, w := range widths {
			s += w + 2
		}
		return s - 2
	}
	for width > 0 && total() > width {
		widest := 0
		for i := range widths {
			if widths[i] > widths[widest] {
				widest = i
			}
		}
		floor := max(displaywidth.String(headers[widest]), 8)
		if widths[widest] <= floor {
			break
		}
		widths[widest] = max(floor, widths[widest]-(total()-width))
	}
	return widths
}

// Truncate cuts s to at most width display columns, ending in "…".
// It cuts the text as Safe shows it, never inside an escape (\x1b, \u202e
// stay whole or go), a rune or a grapheme cluster, so what it returns holds
// no control character, no half of one and no open hyperlink; a wide (CJK)
// character counts two columns.
func Truncate(s string, width int) string {
	s = Safe(s)
	if displaywidth.String(s) <= width {
		return s
	}
	var b strings.Builder
	w := 0
	for i := 0; i < len(s); {
		unit, uw := nextUnit(s[i:])
		if w+uw > width-1 {
			break
		}
		b.WriteString(unit)
		w += uw
		i += len(unit)
	}
	return b.String() + "…"
}

// WriteJSON writes v as indented JSON followed by a newline. DEL, C1 and
// bidi controls in strings are escaped (\u202e) like the C0 controls
// encoding/json escapes, so the JSON is safe to look at on a terminal.
func WriteJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// WriteJSONLine writes v as one line of JSON (JSON Lines), escaped as
// WriteJSON escapes.
func WriteJSONLine(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	_, err := w.Write(escapeJSONControls(buf.Bytes()))
	return err
}

// JSONArrayWriter writes a JSON array one element at a time, so a long
// listing is never held in memory. Close ends the array (an empty listing
// is "[]").
type JSONArrayWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
	enc *json.Encoder
	n   int
}

// NewJSONArrayWriter starts an array on w.
func NewJSONArrayWriter(w io.Writer) *JSONArrayWriter {
	a := &JSONArrayWriter{w: bufio.NewWriterSize(w, 64<<10)}
	a.enc = json.NewEncoder(&a.buf)
	a.enc.SetEscapeHTML(false)
	a.enc.SetIndent("  ", "  ")
	return a
}

// JSONAppender is a value that writes its own JSON, indented for an
// element of a JSONArrayWriter (two spaces, continuation lines indented
// by four). Long listings implement it to skip reflection.
type JSONAppender interface {
	AppendJSON(dst []byte) []byte
}

// Write adds one element.
func (a *JSONArrayWriter) Write(v any) error {
	a.buf.Reset()
	if ap, ok := v.(JSONAppender); ok {
		a.buf.Write(ap.AppendJSON(a.buf.AvailableBuffer()))
	} else if err := a.enc.Encode(v); err != nil {
		return err
	}
	sep := ",\n  "
	if a.n == 0 {
		sep = "[\n  "
	}
	a.n++
	if _, err := a.w.WriteString(sep); err != nil {
		return err
	}
	_, err := a.w.Write(escapeJSONControls(bytes.TrimRight(a.buf.Bytes(), "\n")))
	return err
}

// Close ends the array and flushes.
func (a *JSONArrayWriter) Close() error {
	end := "\n]\n"
	if a.n == 0 {
		end = "[]\n"
	}
	if _, err := a.w.WriteString(end); err != nil {
		return err
	}
	return a.w.Flush()
}

// AppendString appends s as a JSON string (HTML characters are not
// escaped; invalid UTF-8 becomes U+FFFD; DEL, C1 and bidi controls are
// escaped as WriteJSON escapes them).
func AppendString(dst []byte, s string) []byte {
	const hex = "0123456789abcdef"
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f {
				i++
				continue
			}
			dst = append(dst, s[start:i]...)
			switch c {
			case '"', '\\':
				dst = append(dst, '\\', c)
			case '\n':
				dst = append(dst, '\\', 'n')
			case '\t':
				dst = append(dst, '\\', 't')
			case '\r':
				dst = append(dst, '\\', 'r')
			default:
				dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			dst = append(dst, s[start:i]...)
			dst = append(dst, "\\ufffd"...)
			i += size
			start = i
			continue
		}
		if jsonUnsafe(r) {
			dst = append(dst, s[start:i]...)
			dst = appendUnicodeEscape(dst, r)
			i += size
			start = i
			continue
		}
		i += size
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}

// SizeBytes formats a size in bytes as cPanel sent it: as Bytes when it is
// one (see cpanel.ByteSize), else the number itself ("-5 B", "1e+30 B"),
// never a wrapped-around int64.
func SizeBytes(v float64) string { return msg.Bytes(v).String() }

// Bytes formats a byte count with binary units: "512 B", "1.5 MiB".
func Bytes(n int64) string { return msg.Bytes(n).String() }
