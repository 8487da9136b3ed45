package cli

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/iostreams"
)

// syncBuffer is a bytes.Buffer safe for one writer and one reader.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func TestDemoServe(t *testing.T) {
	t.Parallel()
	io, _, _, _ := iostreams.Test()
	out := &syncBuffer{}
	io.Out, io.ErrOut = out, &syncBuffer{}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan int)
	go func() {
		f := &Factory{IO: io, Getenv: func(string) string { return "" }, Now: time.Now}
		done <- Run(ctx, f, []string{"demo", "serve", "--addr", "127.0.0.1:0", "--scenario", "healthy"})
	}()
	var line string
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if s := out.String(); strings.Contains(s, "\n") {
			line = strings.TrimSpace(s)
			break
		}
	}
	if !strings.HasPrefix(line, "export CPANEL_HOST=http://127.0.0.1:") {
		cancel()
		t.Fatalf("demo serve printed %q", line)
	}
	env := map[string]string{}
	for _, kv := range strings.Fields(strings.TrimPrefix(line, "export ")) {
		k, v, _ := strings.Cut(kv, "=")
		env[k] = v
	}
	r := run(t, env, "", "accounts", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, "hello@greenleaf.example") {
		t.Errorf("accounts against demo serve: %d %s %s", r.code, r.stdout, r.stderr)
	}
	cancel()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("demo serve did not stop on cancel")
	}
}
