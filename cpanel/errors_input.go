package cpanel

import "fmt"

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
