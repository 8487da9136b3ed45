package render

import (
	"strconv"
	"strings"
	"unicode/utf8"
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
