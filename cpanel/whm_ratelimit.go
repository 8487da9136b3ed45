package cpanel

import (
	"context"
	"sync"
	"time"
)

// WithRateLimit lets at most perSecond requests a second onto the wire,
// shared by a WHMClient and every account client it makes (kind to a
// server scanned account after account). 0 is no limit.
func WithRateLimit(perSecond float64) Option {
	return func(o *options) error { o.rate = perSecond; return nil }
}

// rateLimiter spaces requests out evenly: each one waits for the slot
// after the previous one's.
type rateLimiter struct {
	mu   sync.Mutex
	gap  time.Duration
	next time.Time
}

func newRateLimiter(perSecond float64) *rateLimiter {
	return &rateLimiter{gap: time.Duration(float64(time.Second) / perSecond)}
}

// reserve takes the next free slot at or after now and returns it.
func (l *rateLimiter) reserve(now time.Time) time.Time {
	l.mu.Lock()
	defer l.mu.Unlock()
	slot := l.next
	if slot.Before(now) {
		slot = now
	}
	l.next = slot.Add(l.gap)
	return slot
}

// wait blocks until the request may go, or ctx ends. A nil limiter lets
// everything go.
func (l *rateLimiter) wait(ctx context.Context) error {
	if l == nil {
		return nil
	}
	d := time.Until(l.reserve(time.Now()))
	if d <= 0 {
		return nil
	}
	if !sleep(ctx, d) {
		return ctx.Err()
	}
	return nil
}
