package cpanel

import "fmt"

// DecodeKind says what arrived instead of the JSON cPanel sends.
type DecodeKind int

// The kinds of undecodable answer.
const (
	// DecodeNotJSON: the body is not JSON at all (or empty).
	DecodeNotJSON DecodeKind = iota + 1
	// DecodeHTML: an HTML page (a login, firewall or captcha page).
	DecodeHTML
	// DecodeTruncated: JSON that stops before its end.
	DecodeTruncated
	// DecodeUnexpectedShape: valid JSON that is not shaped as cPanel
	// sends it (no envelope, or a value of the wrong type).
	DecodeUnexpectedShape
	// DecodeBadGzip: a compressed body that does not decompress.
	DecodeBadGzip
)

// String returns the kind's name: "not-json", "html", "truncated",
// "unexpected-shape" or "bad-gzip".
func (k DecodeKind) String() string {
	switch k {
	case DecodeNotJSON:
		return "not-json"
	case DecodeHTML:
		return "html"
	case DecodeTruncated:
		return "truncated"
	case DecodeUnexpectedShape:
		return "unexpected-shape"
	case DecodeBadGzip:
		return "bad-gzip"
	}
	return fmt.Sprintf("DecodeKind(%d)", int(k))
}

// DecodeError is an answer that is not the JSON cPanel sends: an HTML login,
// firewall or captcha page, a truncated body, or something else entirely.
type DecodeError struct {
	Module   string
	Function string
	Kind     DecodeKind
	Snippet  string // the first bytes of the body, on one line
	Err      error
}

// Error says what arrived instead of JSON.
func (e *DecodeError) Error() string {
	var what string
	switch e.Kind {
	case DecodeHTML:
		what = "the server sent an HTML page instead of JSON (a login, firewall or captcha page?)"
	case DecodeTruncated:
		what = "the answer was cut short (truncated JSON)"
	case DecodeUnexpectedShape:
		what = fmt.Sprintf("the JSON is not shaped as cPanel sends it (%v): is this a cPanel server on port 2083?", e.Err)
	case DecodeBadGzip:
		what = fmt.Sprintf("the answer is compressed (gzip) but does not decompress (%v): a proxy or filter between here and cPanel may be damaging it; try again, or from another network", e.Err)
	default:
		what = "the answer is not JSON: is this a cPanel server on port 2083?"
	}
	s := fmt.Sprintf("cpanel: %s::%s: %s", e.Module, e.Function, what)
	if e.Snippet != "" {
		s += fmt.Sprintf(" [body starts: %s]", e.Snippet)
	}
	return s
}

// Unwrap returns the underlying decoding error, if any.
func (e *DecodeError) Unwrap() error { return e.Err }

// Class is ClassDecode.
func (e *DecodeError) Class() ErrorClass { return ClassDecode }

// Is matches ClassDecode.
func (e *DecodeError) Is(target error) bool { return isClass(target, ClassDecode) }

// SizeError is an answer larger than the client's size cap, or, when Value
// is set, one JSON value in a streamed answer (one record, or one string in
// it) larger than the per-value cap. The cap counts bytes after
// decompression.
type SizeError struct {
	Module   string
	Function string
	Limit    int64
	// Value is true when one value, not the whole answer, passed Limit.
	Value bool
}

// Error says how large the cap is.
func (e *SizeError) Error() string {
	if e.Value {
		return fmt.Sprintf("cpanel: %s::%s: one value in the answer (a record or a text in it) is larger than %s, the cap for one value: no real delivery record is that large, so the server's answer was not read further", e.Module, e.Function, sizeText(e.Limit))
	}
	return fmt.Sprintf("cpanel: %s::%s: the answer is larger than %d MiB, the size cap", e.Module, e.Function, e.Limit>>20)
}

// Class is ClassSize.
func (e *SizeError) Class() ErrorClass { return ClassSize }

// Is matches ClassSize.
func (e *SizeError) Is(target error) bool { return isClass(target, ClassSize) }

func sizeText(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<10 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
