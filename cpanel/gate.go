package cpanel

import (
	"context"
	"sync"
)

// credentialGate keeps a client from hammering cPanel with credentials it
// refuses. cPanel counts refused logins (cPHulk) and blocks the IP address
// that keeps failing, so until one answer has shown the credentials
// accepted, only one request at a time is let onto the wire; the others
// wait for it. The first answer that refuses the credentials (see
// ErrCredentialsRefused) closes the gate for good: waiting and later
// requests fail at once with that answer's error, and requests in flight
// are cancelled.
type credentialGate struct {
	mu       sync.Mutex
	accepted bool
	refused  error // the refusal, once there is one
	probing  bool  // a request is on the wire while the credentials are unknown
	// changed is closed (and replaced) whenever accepted, refused or
	// probing changes, to wake the requests that wait.
	changed  chan struct{}
	inflight map[*pass]context.CancelFunc
}

// pass is one request let through the gate.
type pass struct {
	probe   bool
	settled bool
}

// verdict is what one answer showed about the credentials.
type verdict int

const (
	// unknownCredentials: the answer proves nothing (no answer, a 5xx, a
	// redirect, a page from a proxy).
	unknownCredentials verdict = iota
	// acceptedCredentials: cPanel accepted the credentials (HTTP 200, or a
	// 403 that refuses one feature only).
	acceptedCredentials
	// refusedCredentials: cPanel refused the credentials.
	refusedCredentials
)

func newCredentialGate() *credentialGate {
	return &credentialGate{changed: make(chan struct{}), inflight: map[*pass]context.CancelFunc{}}
}

// enter waits until a request may go on the wire and returns the context
// to send it with (cancelled if the credentials are refused meanwhile).
// It fails with the refusal once there is one, or with ctx's error.
// Every successful enter must be followed by leave.
func (g *credentialGate) enter(ctx context.Context) (*pass, context.Context, error) {
	for {
		g.mu.Lock()
		if err := g.refused; err != nil {
			g.mu.Unlock()
			return nil, nil, err
		}
		if g.accepted || !g.probing {
			p := &pass{probe: !g.accepted}
			if p.probe {
				g.probing = true
			}
			rctx, cancel := context.WithCancel(ctx)
			g.inflight[p] = cancel
			g.mu.Unlock()
			return p, rctx, nil
		}
		wait := g.changed
		g.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, nil, ctx.Err()
		}
	}
}

// settle records what the answer to p showed; the first call for a pass
// counts. A probe's answer that proves nothing lets the next waiting
// request be the probe.
func (g *credentialGate) settle(p *pass, v verdict, err error) {
	g.mu.Lock()
	defer g.mu.Unlock()
	if p.settled {
		return
	}
	p.settled = true
	wake := false
	switch {
	case v == refusedCredentials && g.refused == nil:
		g.refused = err
		for q, cancel := range g.inflight {
			if q != p {
				cancel()
			}
		}
		wake = true
	case v == acceptedCredentials && !g.accepted:
		g.accepted = true
		wake = true
	}
	if p.probe && g.probing {
		g.probing = false
		wake = true
	}
	if wake {
		close(g.changed)
		g.changed = make(chan struct{})
	}
}

// leave ends p: it settles p as proving nothing if nothing else did, and
// releases its context.
func (g *credentialGate) leave(p *pass) {
	g.settle(p, unknownCredentials, nil)
	g.mu.Lock()
	cancel := g.inflight[p]
	delete(g.inflight, p)
	g.mu.Unlock()
	if cancel != nil {
		cancel()
	}
}

// refusedErr returns the refusal, or nil while there is none.
func (g *credentialGate) refusedErr() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.refused
}

// Refused returns the error of the answer that refused the client's
// credentials (errors.Is(err, ErrCredentialsRefused) holds for it), or nil
// while no answer has. Once it is set, every call of the client fails at
// once with that error without sending anything: cPanel counts refused
// logins and blocks an IP address that keeps failing (cPHulk).
func (c *Client) Refused() error { return c.gate.refusedErr() }
