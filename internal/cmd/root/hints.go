package root

import (
	"errors"

	"github.com/cpmail/cpmail/cpanel"
)

// withHint returns err with the CLI's advice for it, if it has any,
// appended to its text: the cpanel library's errors say what went wrong
// and carry its facts as types; which of cpmail's flags or variables to
// change is said here, and only here. errors.Is and errors.As see through
// the result to err.
func withHint(err error, tr func(string, ...any) string) error {
	h := hint(err, tr)
	if err == nil || h == "" {
		return err
	}
	return &hintedError{err: err, hint: h}
}

// hintedError is an error followed by the CLI's advice.
type hintedError struct {
	err  error
	hint string
}

func (e *hintedError) Error() string { return e.err.Error() + ": " + e.hint }
func (e *hintedError) Unwrap() error { return e.err }

// hint says, worded by tr, what to do about err with cpmail's flags and
// variables, or "" when there is nothing to add to the error's own text.
// It reads the typed facts of the cpanel errors, never their text.
func hint(err error, tr func(string, ...any) string) string {
	var (
		in   *cpanel.InputError
		cert *cpanel.CertificateError
		de   *cpanel.DecodeError
		se   *cpanel.SizeError
		ne   *cpanel.NetworkError
	)
	switch {
	case errors.As(err, &in):
		return inputHint(in, tr)
	case errors.As(err, &cert):
		return tr("cli.trust-self-signed-pin", "Pin", cert.Pin)
	case errors.As(err, &de):
		switch de.Kind {
		case cpanel.DecodeHTML:
			return tr("cli.check-host-port-cpanel")
		case cpanel.DecodeTruncated:
			return tr("cli.try-again-raise-timeout")
		}
	case errors.As(err, &se):
		if !se.Value {
			return tr("cli.narrow-query-shorter-since")
		}
	case errors.As(err, &ne):
		switch ne.Kind() {
		case cpanel.NetworkRefused:
			return tr("cli.nothing-listens-there-check")
		case cpanel.NetworkTimeout:
			return tr("cli.no-answer-time-check")
		case cpanel.NetworkNoSuchHost:
			return tr("cli.host-name-does-not")
		case cpanel.NetworkPlainHTTP:
			return tr("cli.server-speaks-plain-http")
		case cpanel.NetworkClosed:
			return tr("cli.connection-was-closed-server")
		}
	}
	return ""
}

// inputHint names the flags and variables that give the input.
func inputHint(in *cpanel.InputError, tr func(string, ...any) string) string {
	switch in.Input {
	case cpanel.InputHost:
		if in.Missing {
			return tr("cli.set-host-cpanel-host")
		}
		return tr("cli.check-host-cpanel-host")
	case cpanel.InputUser:
		return tr("cli.set-user-cpanel-user")
	case cpanel.InputToken:
		if in.Missing {
			return tr("cli.set-cpanel-token-use")
		}
		return tr("cli.check-token-file-cpanel")
	case cpanel.InputPin:
		return tr("cli.check-pin-sha256")
	case cpanel.InputCA:
		return tr("cli.check-ca-file")
	}
	return ""
}
