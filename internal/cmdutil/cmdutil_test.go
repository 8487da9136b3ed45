package cmdutil

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/spf13/cobra"
)

// TestSessionRedact: every secret of eight characters or more is replaced;
// a shorter one would garble words and is left.
func TestSessionRedact(t *testing.T) {
	var s Session
	s.AddSecret("S3CRETTOKEN0001")
	s.AddSecret("abc")
	if got := s.Redact("token S3CRETTOKEN0001 in abc"); got != "token REDACTED in abc" {
		t.Errorf("Redact = %q", got)
	}
}

// TestSessionTimedOut: only the --timeout deadline counts as timed out,
// not a cancelled context.
func TestSessionTimedOut(t *testing.T) {
	s := Session{Timeout: time.Millisecond}
	ctx := s.Bound(context.Background())
	<-ctx.Done()
	if !s.TimedOut() || !errors.Is(ctx.Err(), context.DeadlineExceeded) {
		t.Error("the --timeout deadline passed and TimedOut is false")
	}
	c := Session{Timeout: time.Hour}
	cctx, cancel := context.WithCancel(context.Background())
	c.Bound(cctx)
	cancel()
	if c.TimedOut() {
		t.Error("an interrupt reads as a timeout")
	}
	s.Close()
	c.Close()
}

// TestArgsIsUsage: what a cobra validator refuses is a UsageError that
// points to the help.
func TestArgsIsUsage(t *testing.T) {
	err := Args(cobra.NoArgs)(&cobra.Command{Use: "x"}, []string{"y"})
	var ue *UsageError
	if !errors.As(err, &ue) || !ue.SeeHelp {
		t.Errorf("err %v", err)
	}
	if err := Args(cobra.MaximumNArgs(1))(&cobra.Command{Use: "x"}, []string{"y"}); err != nil {
		t.Errorf("accepted args refused: %v", err)
	}
}

// TestWindow: --since and --until read durations, days and dates, and a
// window that ends before it starts, or starts in the future, is a usage
// error.
func TestWindow(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	p := &Printer{}
	from, to, err := p.Window("2d", "", now)
	if err != nil || !from.Equal(now.Add(-48*time.Hour)) || !to.IsZero() {
		t.Errorf("2d: %v %v %v", from, to, err)
	}
	from, _, err = p.Window("2026-11-20", "", now)
	if err != nil || !from.Equal(time.Date(2026, 11, 20, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("date: %v %v", from, err)
	}
	var ue *UsageError
	for _, w := range [][2]string{{"1h", "2h"}, {"2026-12-01", ""}, {"-5h", ""}, {"soon", ""}} {
		if _, _, err := p.Window(w[0], w[1], now); !errors.As(err, &ue) {
			t.Errorf("%v: err %v, want a usage error", w, err)
		}
	}
}
