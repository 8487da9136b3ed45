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
	"syscall"
)

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
