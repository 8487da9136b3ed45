package cmdutil

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Session is the state of one cpmail run that commands and the error
// mapping share: the --timeout clock, the secrets to keep out of every
// message, whom cpmail talks to, and what to stop at the end. It is safe
// for concurrent use.
type Session struct {
	// Timeout is the --timeout of the run.
	Timeout time.Duration

	mu      sync.Mutex
	secrets []string
	user    string
	host    string
	whm     bool
	closers []func()
	// bounded is the context with the --timeout deadline (nil before the
	// clock starts); stop releases it.
	bounded context.Context
	stop    context.CancelFunc
}

// AddSecret remembers a secret (a token) that Redact removes.
func (s *Session) AddSecret(secret string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.secrets = append(s.secrets, secret)
}

// Redact removes every secret the session knows from text.
func (s *Session) Redact(text string) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, sec := range s.secrets {
		// Too short to be a real token: replacing it would garble words.
		if len(sec) >= 8 {
			text = strings.ReplaceAll(text, sec, "REDACTED")
		}
	}
	return text
}

// SetAccount records the cPanel user and the server's host[:port] cpmail
// talks to, for messages. Never the token.
func (s *Session) SetAccount(user, host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.host = user, host
}

// SetWHM records that cpmail talks to WHM on host as the WHM user (root
// or a reseller), for messages (a refused WHM token is worded so).
func (s *Session) SetWHM(user, host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.user, s.host, s.whm = user, host, true
}

// WHM reports whether the credentials in use are a WHM token.
func (s *Session) WHM() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.whm
}

// Account returns what SetAccount recorded.
func (s *Session) Account() (user, host string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.user, s.host
}

// Locked runs fn with the session's lock held: the debug log writes its
// lines through it, one at a time, from Gather's goroutines.
func (s *Session) Locked(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	fn()
}

// OnClose registers fn to run at Close (a demo server to stop).
func (s *Session) OnClose(fn func()) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.closers = append(s.closers, fn)
}

// Bound starts the --timeout clock: it returns ctx with that deadline, and
// remembers it so that the error mapping can tell a timeout from an
// interrupt.
func (s *Session) Bound(ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeoutCause(ctx, s.Timeout, errTimeout)
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		s.stop()
	}
	s.bounded, s.stop = ctx, cancel
	return ctx
}

// errTimeout is the cause of the --timeout deadline, told apart from a
// deadline of the caller's context; it is context.DeadlineExceeded for
// errors.Is and reads the same.
var errTimeout = fmt.Errorf("%w", context.DeadlineExceeded)

// TimedOut reports whether the --timeout deadline has passed (not an
// interrupt, nor a deadline of the caller's own).
func (s *Session) TimedOut() bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.bounded != nil && context.Cause(s.bounded) == errTimeout
}

// Close stops the --timeout clock and runs what OnClose registered.
func (s *Session) Close() {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.stop != nil {
		s.stop()
	}
	for _, fn := range s.closers {
		fn()
	}
	s.closers = nil
}
