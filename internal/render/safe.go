package render

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

// Safe returns s made safe to print on a terminal or in a file meant for
// people: every control character (C0, DEL, C1, including newline and tab),
// every Unicode bidi or line-separator control and every byte that is not
// valid UTF-8 is shown escaped (\x1b, \u202e, \xff), so text written by a
// stranger — a bounce, an address, a DNS record, a server's error — can
// neither move the cursor, retitle the terminal, open a hyperlink, nor
// reorder what follows it. Text with nothing to escape is returned as it is,
// without allocating.
func Safe(s string) string { return escape(s, false) }

// SafeLines is Safe but keeps line breaks ('\n'), for multi-line text such
// as a bounce message explained line by line.
func SafeLines(s string) string { return escape(s, true) }

func escape(s string, keepNewline bool) string {
	i := 0
	for i < len(s) {
		if c := s[i]; c >= 0x20 && c < 0x7f {
			i++ // printable ASCII, the usual case
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if unsafeRune(r, size, keepNewline) {
			break
		}
		i += size
	}
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b.WriteString(`\x`)
			b.WriteString(hex2(s[i]))
		case unsafeRune(r, size, keepNewline) && r < 0x80:
			b.WriteString(`\x`)
			b.WriteString(hex2(byte(r)))
		case unsafeRune(r, size, keepNewline):
			b.WriteString(`\u`)
			h := strconv.FormatInt(int64(r), 16)
			b.WriteString(strings.Repeat("0", 4-len(h)))
			b.WriteString(h)
		default:
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// unsafeRune reports whether r (decoded with size bytes) must be escaped.
func unsafeRune(r rune, size int, keepNewline bool) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r == '\n':
		return !keepNewline
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return true
	case r == 0x061c, r == 0x200e, r == 0x200f, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x2028, r == 0x2029:
		return true
	}
	return false
}

func hex2(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&0xf]})
}

// safeCells returns cells shown through Safe; cells itself when none
// changes (no allocation for clean rows).
func safeCells(cells []string) []string {
	var out []string
	for i, c := range cells {
		s := Safe(c)
		if out == nil && len(s) == len(c) {
			continue
		}
		if out == nil {
			out = append(make([]string, 0, len(cells)), cells[:i]...)
		}
		out = append(out, s)
	}
	if out == nil {
		return cells
	}
	return out
}

// safeRows is safeCells for each row.
func safeRows(rows [][]string) [][]string {
	var out [][]string
	for i, r := range rows {
		s := safeCells(r)
		if out == nil && len(s) == len(r) && (len(r) == 0 || &s[0] == &r[0]) {
			continue
		}
		if out == nil {
			out = append(make([][]string, 0, len(rows)), rows[:i]...)
		}
		out = append(out, s)
	}
	if out == nil {
		return rows
	}
	return out
}

// nextUnit returns the first unit of s, a text shown through Safe, that a
// cut must keep whole, and its display width: an escape Safe writes
// (\x1b, \u202e), or else one grapheme cluster (a rune with its combining
// marks; a CJK character is two columns wide).
func nextUnit(s string) (string, int) {
	if n := escapeLen(s); n > 0 {
		return s[:n], n
	}
	g := displaywidth.StringGraphemes(s)
	if !g.Next() {
		return s, displaywidth.String(s)
	}
	return g.Value(), g.Width()
}

// escapeLen is the length of the escape Safe writes at the start of s
// (\xHH or \uHHHH, lower-case hex), or 0.
func escapeLen(s string) int {
	if len(s) < 4 || s[0] != '\\' {
		return 0
	}
	n := 0
	switch s[1] {
	case 'x':
		n = 4
	case 'u':
		n = 6
	default:
		return 0
	}
	if len(s) < n {
		return 0
	}
	for i := 2; i < n; i++ {
		if c := s[i]; !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return 0
		}
	}
	return n
}
