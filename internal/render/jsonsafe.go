package render

import (
	"io"
	"unicode/utf8"
)

// JSON for people too: encoding/json escapes C0 controls, U+2028 and
// U+2029, but writes DEL, the C1 controls (U+0080–U+009F) and the Unicode
// bidi controls (U+202E and the others render.Safe escapes) as they are, so
// `cat snapshot.json` or `cpmail … -o json | less -R` would let a stranger's
// text reorder or drive the terminal. Escaping them (\u202e) leaves the
// same string for every JSON reader: it only changes how the file looks.

// escapeJSONControls returns b, a complete JSON text, with every DEL, C1
// and bidi control written as a \uXXXX escape. Outside strings JSON holds
// only ASCII punctuation, digits and letters, so each such rune is inside a
// string, where the escape means the same rune. b is returned as it is when
// it holds none (the usual case, without allocating).
func escapeJSONControls(b []byte) []byte {
	i := 0
	for i < len(b) && !mayNeedJSONEscape(b[i]) {
		i++
	}
	if i == len(b) {
		return b
	}
	var out []byte
	start := 0
	for i < len(b) {
		c := b[i]
		if !mayNeedJSONEscape(c) {
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRune(b[i:])
		}
		if r == utf8.RuneError || !jsonUnsafe(r) {
			i += size
			continue
		}
		if out == nil {
			out = make([]byte, 0, len(b)+16)
		}
		out = append(out, b[start:i]...)
		out = appendUnicodeEscape(out, r)
		i += size
		start = i
	}
	if out == nil {
		return b
	}
	return append(out, b[start:]...)
}

// mayNeedJSONEscape reports whether c can start a rune that
// escapeJSONControls escapes: DEL, or the lead byte of U+0080–U+009F
// (0xC2), of U+061C (0xD8) or of U+200E–U+2069 (0xE2).
func mayNeedJSONEscape(c byte) bool {
	return c == 0x7f || c == 0xc2 || c == 0xd8 || c == 0xe2
}

// jsonUnsafe reports whether r is one of the runes render.Safe escapes
// that encoding/json leaves as it is.
func jsonUnsafe(r rune) bool {
	return r >= 0x20 && unsafeRune(r, utf8.RuneLen(r), true)
}

func appendUnicodeEscape(dst []byte, r rune) []byte {
	const hex = "0123456789abcdef"
	return append(dst, '\\', 'u', hex[r>>12&0xf], hex[r>>8&0xf], hex[r>>4&0xf], hex[r&0xf])
}

// JSONSafeWriter passes JSON through to another writer with every DEL, C1
// and bidi control escaped (\u202e), as WriteJSON writes it; use it for
// JSON that an encoder other than this package's writes (a snapshot). A
// rune cut between two writes is held until the next one; Flush writes
// what is held.
type JSONSafeWriter struct {
	w    io.Writer
	held []byte
}

// NewJSONSafeWriter returns a JSONSafeWriter writing to w.
func NewJSONSafeWriter(w io.Writer) *JSONSafeWriter { return &JSONSafeWriter{w: w} }

// Write escapes and writes p; it reports len(p) when all of p was taken.
func (j *JSONSafeWriter) Write(p []byte) (int, error) {
	n := len(p)
	if len(j.held) > 0 {
		p = append(j.held, p...)
		j.held = nil
	}
	// Hold back an incomplete rune at the end.
	cut := len(p)
	for k := 1; k <= utf8.UTFMax-1 && k <= len(p); k++ {
		c := p[len(p)-k]
		if c < utf8.RuneSelf {
			break
		}
		if utf8.RuneStart(c) {
			if !utf8.FullRune(p[len(p)-k:]) {
				cut = len(p) - k
			}
			break
		}
	}
	if cut < len(p) {
		j.held = append([]byte(nil), p[cut:]...)
		p = p[:cut]
	}
	if _, err := j.w.Write(escapeJSONControls(p)); err != nil {
		return 0, err
	}
	return n, nil
}

// Flush writes a rune held back by the last Write (only an incomplete one,
// which is not valid JSON anyway).
func (j *JSONSafeWriter) Flush() error {
	if len(j.held) == 0 {
		return nil
	}
	_, err := j.w.Write(j.held)
	j.held = nil
	return err
}
