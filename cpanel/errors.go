package cpanel

import (
	"errors"
	"fmt"
	"strings"
)

// ErrUnauthorized is matched (with errors.Is) by an *HTTPError for HTTP 401
// or 403 and by an *APIError whose text says access was denied: the token is
// wrong, expired or revoked, or it lacks the feature the function needs.
var ErrUnauthorized = errors.New("cpanel: access denied")

// ErrCredentialsRefused is matched (with errors.Is) by an answer that refuses
// the credentials themselves, whatever the function: HTTP 401, or HTTP 403
// that does not name one feature or function. The whole run must stop at once:
// cPanel counts refused logins (cPHulk) and blocks an IP that keeps failing.
// Every ErrCredentialsRefused error is also ErrUnauthorized; the reverse is not
// true (a token that lacks one feature is refused one function only).
var ErrCredentialsRefused = errors.New("cpanel: credentials refused")

// APIError is a call that reached cPanel and was refused by the function
// itself: UAPI "status": 0, or an API 2 "error".
type APIError struct {
	API      string   // "uapi" or "api2"
	Module   string   // e.g. "Email"
	Function string   // e.g. "list_pops_with_disk"
	Errors   []string // cPanel's own messages, as sent
}

// Error returns "cpanel: Module::function: <first message>".
func (e *APIError) Error() string {
	msg := "the call failed without a message (is the feature enabled for the account and the token?)"
	if len(e.Errors) > 0 {
		msg = oneLine(strings.Join(e.Errors, "; "))
	}
	return fmt.Sprintf("cpanel: %s::%s: %s", e.Module, e.Function, msg)
}

// Is reports whether the API error means access was denied.
func (e *APIError) Is(target error) bool {
	if target != ErrUnauthorized {
		return false
	}
	for _, m := range e.Errors {
		l := strings.ToLower(m)
		if strings.Contains(l, "access denied") || strings.Contains(l, "permission denied") {
			return true
		}
	}
	return false
}

// HTTPError is an answer with an HTTP status other than 200.
type HTTPError struct {
	Module     string
	Function   string
	StatusCode int
	Body       string // the first bytes of the body, on one line
}

// Error includes the status, the start of the body and a hint.
func (e *HTTPError) Error() string {
	s := fmt.Sprintf("cpanel: %s::%s: HTTP %d", e.Module, e.Function, e.StatusCode)
	if e.Body != "" {
		s += fmt.Sprintf(" (%s)", e.Body)
	}
	if h := e.Hint(); h != "" {
		s += ": " + h
	}
	return s
}

// Hint says what to do about the status.
func (e *HTTPError) Hint() string {
	switch e.StatusCode {
	case 401, 403:
		return "the user name or API token was refused (wrong, expired or revoked, or the token lacks this feature): create a token in cPanel » Security » Manage API Tokens and check CPANEL_USER"
	case 404:
		return "no such path on this server: is this cPanel's port (2083), not WHM (2087) or the website (443)?"
	case 500:
		return "the server failed on its side: try again; if it keeps failing, ask the host to check cPanel's error log"
	case 502, 503, 504:
		return "the server or a proxy in front of it is unavailable: try again later"
	}
	return ""
}

// Is makes errors.Is(err, ErrUnauthorized) true for 401 and 403, and
// errors.Is(err, ErrCredentialsRefused) true for 401 and for a 403 that does
// not say it is about one feature or function only.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == 401 || e.StatusCode == 403
	case ErrCredentialsRefused:
		return e.StatusCode == 401 || (e.StatusCode == 403 && !featureRefusal(e.Body))
	}
	return false
}

// featureRefusal reports whether a 403 body says that one feature, function
// or kind of document is refused, rather than the login itself.
func featureRefusal(body string) bool {
	l := strings.ToLower(body)
	for _, w := range []string{"feature", "token authentication allows access to", "not allowed to call", "privilege", " acl"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// DecodeError is an answer that is not the JSON cPanel sends: an HTML login,
// firewall or captcha page, a truncated body, or something else entirely.
type DecodeError struct {
	Module   string
	Function string
	Kind     string // "html", "truncated", "not-json", "unexpected-shape"
	Snippet  string // the first bytes of the body, on one line
	Err      error
}

// Error explains what arrived instead of JSON and what to check.
func (e *DecodeError) Error() string {
	var what string
	switch e.Kind {
	case "html":
		what = "the server sent an HTML page instead of JSON (a login, firewall or captcha page?): check --host and the port (cPanel is 2083) and that no firewall stands in between"
	case "truncated":
		what = "the answer was cut short (truncated JSON): try again, or raise --timeout"
	case "unexpected-shape":
		what = fmt.Sprintf("the JSON is not shaped as cPanel sends it (%v): is this a cPanel server on port 2083?", e.Err)
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

// SizeError is an answer larger than the client's size cap.
type SizeError struct {
	Module   string
	Function string
	Limit    int64
}

// Error says how large the cap is.
func (e *SizeError) Error() string {
	return fmt.Sprintf("cpanel: %s::%s: the answer is larger than %d MiB, the size cap: narrow the query (a shorter --since window, a --recipient) or raise --max-response", e.Module, e.Function, e.Limit>>20)
}

// NetworkError is a request that got no HTTP answer: the connection was
// refused, reset or timed out, the name did not resolve, or TLS failed.
type NetworkError struct {
	Module   string
	Function string
	Host     string
	Err      error
}

// Error gives the cause and a hint.
func (e *NetworkError) Error() string {
	cause := oneLine(e.Err.Error())
	l := strings.ToLower(cause)
	hint := ""
	switch {
	case strings.Contains(l, "connection refused"):
		hint = "nothing listens there: check --host and the port (cPanel is 2083)"
	case strings.Contains(l, "deadline exceeded") || strings.Contains(l, "timeout"):
		hint = "no answer in time: check the host and port, or raise --timeout"
	case strings.Contains(l, "no such host"):
		hint = "the host name does not resolve: check --host"
	case strings.Contains(l, "server gave http response to https client"):
		hint = "the server speaks plain HTTP: write the host as http://HOST:PORT"
	case strings.Contains(l, "first record does not look like a tls handshake"):
		hint = "the server speaks plain HTTP: write the host as http://HOST:PORT"
	case strings.Contains(l, "connection reset") || strings.Contains(l, "eof"):
		hint = "the connection was closed by the server or a firewall: try again, check the port"
	}
	s := fmt.Sprintf("cpanel: %s::%s: cannot reach %s: %s", e.Module, e.Function, e.Host, cause)
	if hint != "" {
		s += ": " + hint
	}
	return s
}

// Unwrap returns the transport error.
func (e *NetworkError) Unwrap() error { return e.Err }

// oneLine collapses whitespace so that an error stays on one line.
func oneLine(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

// snippet returns up to n bytes of b on one line, for error messages.
func snippet(b []byte, n int) string {
	if len(b) > n {
		b = b[:n]
	}
	return strings.ToValidUTF8(oneLine(string(b)), "")
}
