package cpanel

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"
)

// The limiter hands out slots one gap apart, and a request after a pause
// goes at once: measured on the slots, not on a clock.
func TestRateLimiterSlots(t *testing.T) {
	l := newRateLimiter(20)
	now := time.Date(2026, 12, 7, 12, 0, 0, 0, time.UTC)
	for i, want := range []time.Duration{0, 50 * time.Millisecond, 100 * time.Millisecond} {
		if got := l.reserve(now).Sub(now); got != want {
			t.Errorf("request %d: slot at +%v, want +%v", i+1, got, want)
		}
	}
	later := now.Add(time.Second)
	if got := l.reserve(later); !got.Equal(later) {
		t.Errorf("after a pause: slot at %v, want %v", got, later)
	}
}

// Every request of a client with WithRateLimit goes through its limiter:
// at one request an hour, the second waits (and gives up with its
// context) without reaching the server.
func TestRateLimitAppliesToEveryRequest(t *testing.T) {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		_, _ = w.Write([]byte(`{"status":1,"data":{},"errors":null,"messages":null,"warnings":null,"metadata":{}}`))
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, "alice", "TOKENTOKENTOKENTOKENTOKENTOKEN12", WithRateLimit(1.0/3600), WithHTTPClient(srv.Client()), WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := c.UAPI(context.Background(), "Quota", "get_quota_info", nil, nil); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	if _, err := c.UAPI(ctx, "Quota", "get_quota_info", nil, nil); err == nil {
		t.Fatal("the second request went at once, at one request an hour")
	}
	if n := hits.Load(); n != 1 {
		t.Errorf("%d requests reached the server, want 1", n)
	}
}
