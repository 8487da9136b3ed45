package cpanel

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
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

// ErrLockedOut is matched (with errors.Is) by a refusal whose text names
// cPanel's brute-force protection (cPHulk): the server has blocked the IP
// address the requests come from. Every ErrLockedOut error is also
// ErrCredentialsRefused.
var ErrLockedOut = errors.New("cpanel: IP address locked out by brute-force protection")

// ErrorClass is the kind of failure of a call, for callers that must tell
// failures apart without reading their text. Every error the client
// returns has one (see ClassOf), and errors.Is(err, ClassTimeout) and the
// like hold for it.
type ErrorClass string

// The classes of failure.
const (
	// ClassUnauthorized: the credentials or the function were refused
	// (HTTP 401/403, or cPanel's "Access denied").
	ClassUnauthorized ErrorClass = "unauthorized"
	// ClassNetwork: no HTTP answer (refused, reset, DNS, TLS).
	ClassNetwork ErrorClass = "network"
	// ClassTimeout: no answer, or no complete answer, in time.
	ClassTimeout ErrorClass = "timeout"
	// ClassAPI: cPanel answered with a failure (UAPI status 0, an API 2
	// error, or an HTTP error status other than 401/403 and redirects).
	ClassAPI ErrorClass = "api"
	// ClassDecode: the answer is not the JSON cPanel sends (HTML, cut
	// short, wrong shape, bad compression).
	ClassDecode ErrorClass = "decode"
	// ClassSize: the answer, or one value in it, is larger than the cap.
	ClassSize ErrorClass = "size"
	// ClassRedirect: the server answered with a redirect (3xx).
	ClassRedirect ErrorClass = "redirect"
	// ClassNotReadOnly: the client refused, before sending anything, a
	// function that is not on the read-only allow-list.
	ClassNotReadOnly ErrorClass = "not-read-only"
)

// Error returns the class name, so that an ErrorClass can be an errors.Is
// target.
func (c ErrorClass) Error() string { return "cpanel: " + string(c) + " error" }

// classed is implemented by every error type of this package.
type classed interface{ Class() ErrorClass }

// ClassOf returns the class of the first error of this package in err's
// chain, or "" when there is none (nil, or an error from elsewhere).
func ClassOf(err error) ErrorClass {
	var c classed
	if errors.As(err, &c) {
		return c.Class()
	}
	return ""
}

// isClass reports whether target is the ErrorClass c.
func isClass(target error, c ErrorClass) bool {
	tc, ok := target.(ErrorClass)
	return ok && tc == c
}

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

// Class is ClassUnauthorized when cPanel's text says access was denied,
// else ClassAPI.
func (e *APIError) Class() ErrorClass {
	if e.denied() {
		return ClassUnauthorized
	}
	return ClassAPI
}

// Is reports whether the API error means access was denied, or is of the
// class target.
func (e *APIError) Is(target error) bool {
	if c, ok := target.(ErrorClass); ok {
		return c == e.Class()
	}
	return target == ErrUnauthorized && e.denied()
}

func (e *APIError) denied() bool {
	for _, m := range e.Errors {
		l := strings.ToLower(m)
		if strings.Contains(l, "access denied") || strings.Contains(l, "permission denied") {
			return true
		}
	}
	return false
}

// HTTPError is an answer with an HTTP status other than 200 (redirects are
// a RedirectError).
type HTTPError struct {
	Module     string
	Function   string
	StatusCode int
	Body       string // the first bytes of the body, on one line
	// RetryAfter is the server's Retry-After, when it sent one.
	RetryAfter time.Duration
	// LockedOut is true when the body names cPanel's brute-force
	// protection (cPHulk): the IP address is blocked.
	LockedOut bool
	// feature is true when the body of a 403 names one feature or
	// function refused, not the credentials.
	feature bool
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
		if e.LockedOut {
			return "cPanel's brute-force protection (cPHulk) has locked out the IP address these requests come from, after too many refused logins: wait until the block expires, or ask the server's administrator to remove the IP address in WHM » Security Center » cPHulk Brute Force Protection (whmapi1 flush_cphulk_login_history_for_ips ip=ADDRESS); check the user name and API token before trying again"
		}
		if e.StatusCode == 403 && e.feature {
			return "the API token was accepted but may not call this function (it lacks the feature, or the feature is off for the account): allow it in cPanel » Security » Manage API Tokens, or ask the host to enable the feature"
		}
		return "the user name or API token was refused (wrong, expired or revoked, or the token lacks this feature): create a token in cPanel » Security » Manage API Tokens and check CPANEL_USER; nothing more was sent, since cPanel blocks an IP address that keeps failing (cPHulk)"
	case 404:
		return "no such path on this server: is this cPanel's port (2083), not WHM (2087) or the website (443)?"
	case 500:
		return "the server failed on its side: try again; if it keeps failing, ask the host to check cPanel's error log"
	case 502, 503, 504:
		return "the server or a proxy in front of it is unavailable: try again later"
	}
	return ""
}

// Class is ClassUnauthorized for 401 and 403, else ClassAPI.
func (e *HTTPError) Class() ErrorClass {
	if e.StatusCode == 401 || e.StatusCode == 403 {
		return ClassUnauthorized
	}
	return ClassAPI
}

// Is makes errors.Is(err, ErrUnauthorized) true for 401 and 403, and
// errors.Is(err, ErrCredentialsRefused) true for 401 and for a 403 that does
// not say it is about one feature or function only; ErrLockedOut when the
// body names cPHulk; and errors.Is(err, class) for its ErrorClass.
func (e *HTTPError) Is(target error) bool {
	switch target {
	case ErrUnauthorized:
		return e.StatusCode == 401 || e.StatusCode == 403
	case ErrCredentialsRefused:
		return e.credentialsRefused()
	case ErrLockedOut:
		return e.credentialsRefused() && e.LockedOut
	}
	return isClass(target, e.Class())
}

func (e *HTTPError) credentialsRefused() bool {
	return e.StatusCode == 401 || (e.StatusCode == 403 && !e.feature && !featureRefusal(e.Body))
}

// newHTTPError builds the error for a status other than 200 from the first
// bytes of the body (the whole of them is read for the cPHulk and feature
// checks, only a snippet is kept).
func newHTTPError(module, function string, status int, body []byte, retryAfter time.Duration) *HTTPError {
	text := string(body)
	e := &HTTPError{Module: module, Function: function, StatusCode: status, Body: snippet(body, 160), RetryAfter: retryAfter}
	if status == 401 || status == 403 {
		e.LockedOut = lockoutText(text)
		e.feature = status == 403 && !e.LockedOut && featureRefusal(text)
	}
	return e
}

// featureRefusal reports whether a 403 body says that one feature, function
// or kind of document is refused, rather than the login itself. The texts
// are cPanel's (reference §1.2 and §1.4): "Token authentication allows
// access to UAPI or API 2 calls only.", a disabled feature's "Unknown API
// requested.", webmail's "Execution of M::f … is not permitted inside of
// webmail", and the words of feature and ACL refusals.
func featureRefusal(body string) bool {
	l := strings.ToLower(body)
	for _, w := range []string{"feature", "token authentication allows access to", "not allowed to call", "privilege", " acl",
		"unknown api requested", "not permitted inside of webmail"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// lockoutText reports whether a refusal names cPanel's brute-force
// protection: cPHulk's own name, "brute force" in any spelling, or its
// "too many failed login attempts" and "locked out" wording.
func lockoutText(body string) bool {
	l := strings.ToLower(body)
	for _, w := range []string{"cphulk", "brute force", "brute-force", "bruteforce", "too many failed login", "too many failed log in", "locked out"} {
		if strings.Contains(l, w) {
			return true
		}
	}
	return false
}

// RedirectError is an answer with a redirect (HTTP 3xx): cPanel's API never
// redirects, so the request reached something else (the wrong port, a
// login page, a proxy that moves plain HTTP to HTTPS).
type RedirectError struct {
	Module     string
	Function   string
	StatusCode int
	Location   string // where it points, as sent (on one line, cut)
}

// Error says where the redirect points and what it usually means.
func (e *RedirectError) Error() string {
	where := "nowhere (no Location)"
	if e.Location != "" {
		where = e.Location
	}
	hint := "cPanel's API does not redirect: this is probably the wrong port (cPanel is 2083, WHM 2087, the website 443) or a login page"
	if strings.HasPrefix(strings.ToLower(e.Location), "https:") {
		hint = "the server moves the request to HTTPS: write the host with https:// and cPanel's TLS port (2083)"
	}
	return fmt.Sprintf("cpanel: %s::%s: the server redirects (HTTP %d) to %s: %s", e.Module, e.Function, e.StatusCode, where, hint)
}

// Class is ClassRedirect.
func (e *RedirectError) Class() ErrorClass { return ClassRedirect }

// Is matches ClassRedirect.
func (e *RedirectError) Is(target error) bool { return isClass(target, ClassRedirect) }

// NotReadOnlyError is a call the client refused to send: the function is
// not on the read-only allow-list (see IsReadOnlyCall).
type NotReadOnlyError struct {
	Module   string
	Function string
}

// Error names the function.
func (e *NotReadOnlyError) Error() string {
	return fmt.Sprintf("cpanel: %s::%s is not on the list of functions known to only read: it was not sent (cpmail never changes the account)", e.Module, e.Function)
}

// Class is ClassNotReadOnly.
func (e *NotReadOnlyError) Class() ErrorClass { return ClassNotReadOnly }

// Is matches ClassNotReadOnly.
func (e *NotReadOnlyError) Is(target error) bool { return isClass(target, ClassNotReadOnly) }

// DecodeError is an answer that is not the JSON cPanel sends: an HTML login,
// firewall or captcha page, a truncated body, or something else entirely.
type DecodeError struct {
	Module   string
	Function string
	Kind     string // "html", "truncated", "not-json", "unexpected-shape", "bad-gzip"
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
	case "bad-gzip":
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
	return fmt.Sprintf("cpanel: %s::%s: the answer is larger than %d MiB, the size cap: narrow the query (a shorter --since window, a --recipient) or raise --max-response", e.Module, e.Function, e.Limit>>20)
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
	case e.Timeout():
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
	what := "cannot reach"
	if e.Timeout() {
		what = "no answer in time from"
	}
	s := fmt.Sprintf("cpanel: %s::%s: %s %s: %s", e.Module, e.Function, what, e.Host, cause)
	if hint != "" {
		s += ": " + hint
	}
	return s
}

// Unwrap returns the transport error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Class is ClassTimeout when the request ran out of time (the context's
// deadline, the per-request limit, or a network timeout), else
// ClassNetwork.
func (e *NetworkError) Class() ErrorClass {
	if e.Timeout() {
		return ClassTimeout
	}
	return ClassNetwork
}

// Is matches the error's class.
func (e *NetworkError) Is(target error) bool { return isClass(target, e.Class()) }

// Timeout reports whether the request ran out of time.
func (e *NetworkError) Timeout() bool {
	if e.Err == nil {
		return false
	}
	if errors.Is(e.Err, context.DeadlineExceeded) {
		return true
	}
	var t interface{ Timeout() bool }
	if errors.As(e.Err, &t) && t.Timeout() {
		return true
	}
	l := strings.ToLower(e.Err.Error())
	return strings.Contains(l, "deadline exceeded") || strings.Contains(l, "timeout")
}

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
