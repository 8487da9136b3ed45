package cpanel

import (
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
