package cpanel

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"syscall"
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

// Error includes the status, the start of the body and what the status
// means.
func (e *HTTPError) Error() string {
	s := fmt.Sprintf("cpanel: %s::%s: HTTP %d", e.Module, e.Function, e.StatusCode)
	if e.Body != "" {
		s += fmt.Sprintf(" (%s)", e.Body)
	}
	if m := e.meaning(); m != "" {
		s += ": " + m
	}
	return s
}

// meaning says what the status means on a cPanel server.
func (e *HTTPError) meaning() string {
	switch e.StatusCode {
	case 401, 403:
		if e.LockedOut {
			return "cPanel's brute-force protection (cPHulk) has locked out the IP address these requests come from, after too many refused logins: wait until the block expires, or ask the server's administrator to remove the IP address in WHM » Security Center » cPHulk Brute Force Protection (whmapi1 flush_cphulk_login_history_for_ips ip=ADDRESS); check the user name and API token before trying again"
		}
		if e.StatusCode == 403 && e.feature {
			return "the API token was accepted but may not call this function (it lacks the feature, or the feature is off for the account): allow it in cPanel » Security » Manage API Tokens, or ask the host to enable the feature"
		}
		return "the user name or API token was refused (wrong, expired or revoked, or the token lacks this feature): create a token in cPanel » Security » Manage API Tokens and check the user name; nothing more was sent, since cPanel blocks an IP address that keeps failing (cPHulk)"
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
	return fmt.Sprintf("cpanel: %s::%s is not on the list of functions known to only read: it was not sent (this client never changes the account)", e.Module, e.Function)
}

// Class is ClassNotReadOnly.
func (e *NotReadOnlyError) Class() ErrorClass { return ClassNotReadOnly }

// Is matches ClassNotReadOnly.
func (e *NotReadOnlyError) Is(target error) bool { return isClass(target, ClassNotReadOnly) }

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

// NetworkKind says why a request got no HTTP answer.
type NetworkKind int

// The kinds of network failure.
const (
	// NetworkOther: none of the kinds below.
	NetworkOther NetworkKind = iota + 1
	// NetworkTimeout: no answer, or no complete answer, in time.
	NetworkTimeout
	// NetworkRefused: the connection was refused (nothing listens).
	NetworkRefused
	// NetworkNoSuchHost: the host name does not resolve.
	NetworkNoSuchHost
	// NetworkPlainHTTP: the server answered HTTPS with plain HTTP.
	NetworkPlainHTTP
	// NetworkTLS: the TLS handshake failed (an untrusted certificate is
	// also a *CertificateError in the chain).
	NetworkTLS
	// NetworkClosed: the server or something in between closed or reset
	// the connection.
	NetworkClosed
)

// String returns the kind's name.
func (k NetworkKind) String() string {
	switch k {
	case NetworkOther:
		return "other"
	case NetworkTimeout:
		return "timeout"
	case NetworkRefused:
		return "refused"
	case NetworkNoSuchHost:
		return "no-such-host"
	case NetworkPlainHTTP:
		return "plain-http"
	case NetworkTLS:
		return "tls"
	case NetworkClosed:
		return "closed"
	}
	return fmt.Sprintf("NetworkKind(%d)", int(k))
}

// NetworkError is a request that got no HTTP answer: the connection was
// refused, reset or timed out, the name did not resolve, or TLS failed.
type NetworkError struct {
	Module   string
	Function string
	Host     string
	Err      error
	// kind is set when the error is made, from the transport's error
	// before the token is scrubbed from its text (which may drop its
	// type); when unset, Kind reads it from Err.
	kind NetworkKind
}

// newNetworkError labels the transport error err and scrubs the token
// from its text.
func newNetworkError(module, function, host string, err error, token string) *NetworkError {
	return &NetworkError{Module: module, Function: function, Host: host, Err: scrub(err, token), kind: networkKindOf(err)}
}

// Error gives the host and the transport's cause.
func (e *NetworkError) Error() string {
	what := "cannot reach"
	if e.Timeout() {
		what = "no answer in time from"
	}
	cause := "unknown cause"
	if e.Err != nil {
		cause = oneLine(e.Err.Error())
	}
	return fmt.Sprintf("cpanel: %s::%s: %s %s: %s", e.Module, e.Function, what, e.Host, cause)
}

// Unwrap returns the transport error.
func (e *NetworkError) Unwrap() error { return e.Err }

// Kind says why there was no answer, from the types in the transport
// error's chain (never from its text).
func (e *NetworkError) Kind() NetworkKind {
	if e.kind != 0 {
		return e.kind
	}
	return networkKindOf(e.Err)
}

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
func (e *NetworkError) Timeout() bool { return e.Kind() == NetworkTimeout }

// networkKindOf classifies a transport error by the types in its chain.
func networkKindOf(err error) NetworkKind {
	var (
		timeout interface{ Timeout() bool }
		dns     *net.DNSError
		header  tls.RecordHeaderError
	)
	switch {
	case err == nil:
		return NetworkOther
	case errors.Is(err, context.DeadlineExceeded) || errors.As(err, &timeout) && timeout.Timeout():
		return NetworkTimeout
	case errors.Is(err, syscall.ECONNREFUSED):
		return NetworkRefused
	case errors.As(err, &dns) && dns.IsNotFound:
		return NetworkNoSuchHost
	case errors.Is(err, http.ErrSchemeMismatch) || errors.As(err, &header):
		return NetworkPlainHTTP
	case isTLSError(err):
		return NetworkTLS
	case errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		return NetworkClosed
	}
	return NetworkOther
}

// isTLSError reports whether err is a failed TLS handshake: an untrusted
// certificate (ours or the standard library's verification errors), or a
// TLS alert sent or received.
func isTLSError(err error) bool {
	var (
		ce     *CertificateError
		verify *tls.CertificateVerificationError
		ua     x509.UnknownAuthorityError
		host   x509.HostnameError
		inval  x509.CertificateInvalidError
		alert  tls.AlertError
		op     *net.OpError
	)
	return errors.As(err, &ce) || errors.As(err, &verify) || errors.As(err, &ua) || errors.As(err, &host) ||
		errors.As(err, &inval) || errors.As(err, &alert) ||
		// crypto/tls reports an alert as a *net.OpError with one of these
		// operations around its (unexported) alert type.
		errors.As(err, &op) && (op.Op == "remote error" || op.Op == "local error")
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

// Input names a value a caller gives the package: NewClient's host, user
// and token, ParsePin's pin, TLSOptions.CAPEM.
type Input int

// The inputs an InputError can be about.
const (
	InputHost Input = iota + 1
	InputUser
	InputToken
	InputPin
	InputCA
)

// String returns the input's name: "host", "user", "token", "pin" or "ca".
func (i Input) String() string {
	switch i {
	case InputHost:
		return "host"
	case InputUser:
		return "user"
	case InputToken:
		return "token"
	case InputPin:
		return "pin"
	case InputCA:
		return "ca"
	}
	return fmt.Sprintf("Input(%d)", int(i))
}

// InputError is a value given to NewClient, ParseHost, ParsePin or
// TLSConfig that cannot be used: missing, or malformed. Nothing was sent.
type InputError struct {
	Input Input
	// Value is the value as given, for the host, user and pin; it is never
	// the token, and a host's credentials are replaced by REDACTED.
	Value string
	// Missing is true when no value was given at all.
	Missing bool
	// Problem says what is wrong with the value, and what a good one
	// looks like.
	Problem string
}

// Error names the input, the value and what is wrong with it.
func (e *InputError) Error() string {
	if e.Missing {
		what := e.Input.words()
		if e.Input == InputHost {
			what = "cPanel host"
		}
		if e.Problem == "" {
			return fmt.Sprintf("no %s given", what)
		}
		return fmt.Sprintf("no %s given (%s)", what, e.Problem)
	}
	if e.Value == "" {
		return fmt.Sprintf("invalid %s: %s", e.Input.words(), e.Problem)
	}
	return fmt.Sprintf("invalid %s %q: %s", e.Input.words(), e.Value, e.Problem)
}

// words names the input in an error text.
func (i Input) words() string {
	switch i {
	case InputHost:
		return "host"
	case InputUser:
		return "cPanel user"
	case InputToken:
		return "API token"
	case InputPin:
		return "certificate pin"
	case InputCA:
		return "CA certificates"
	}
	return i.String()
}
