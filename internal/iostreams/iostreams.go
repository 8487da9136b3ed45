// Package iostreams holds the standard streams of a command and what is
// known about them: whether each is a terminal, its width, and whether
// colour is wanted.
package iostreams

import (
	"bytes"
	"io"
	"os"

	"golang.org/x/term"
)

// IOStreams are the streams a command reads and writes. Data goes to Out;
// progress, hints and warnings to ErrOut.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool
	// NoColor is set when NO_COLOR is in the environment.
	NoColor bool
	// Width returns the terminal width of Out (0 when not a terminal).
	Width func() int
	// ReadPassword reads a line from the terminal without echo.
	ReadPassword func() ([]byte, error)
}

// System returns the process's streams.
func System(getenv func(string) string) *IOStreams {
	_, noColor := os.LookupEnv("NO_COLOR")
	s := &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY:   term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY:  term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY:  term.IsTerminal(int(os.Stderr.Fd())),
		NoColor: noColor || getenv("TERM") == "dumb",
	}
	s.Width = func() int {
		if !s.OutTTY {
			return 0
		}
		w, _, err := term.GetSize(int(os.Stdout.Fd()))
		if err != nil {
			return 0
		}
		return w
	}
	s.ReadPassword = func() ([]byte, error) { return term.ReadPassword(int(os.Stdin.Fd())) }
	return s
}

// ColorEnabled reports whether Out may carry ANSI colour.
func (s *IOStreams) ColorEnabled() bool { return s.OutTTY && !s.NoColor }

// TermWidth returns Out's width on a terminal, 0 otherwise.
func (s *IOStreams) TermWidth() int {
	if s.Width == nil {
		return 0
	}
	return s.Width()
}

// Test returns streams backed by buffers, none of them a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	s = &IOStreams{In: in, Out: out, ErrOut: errOut, Width: func() int { return 0 }}
	s.ReadPassword = func() ([]byte, error) { return io.ReadAll(in) }
	return s, in, out, errOut
}
