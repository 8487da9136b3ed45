package demo

import (
	"context"
	"errors"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	demos "github.com/cpmail/cpmail/internal/demo"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
	"github.com/cpmail/cpmail/internal/render"
)

// TestListRun: demo list shows each shipped demo with its line in the
// chosen language.
func TestListRun(t *testing.T) {
	t.Parallel()
	p, _, out, _ := cmdtest.Printer(i18n.TraditionalChinese, render.Table)
	if err := listRun(&ListOptions{Printer: p}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != len(demos.List())+1 || !strings.HasPrefix(lines[0], "情境") {
		t.Fatalf("list:\n%s", out)
	}
	zh := i18ntest.Localizer(t, "zh-TW")
	for i, d := range demos.List() {
		if f := strings.Fields(lines[i+1]); f[0] != d.Name || !strings.Contains(lines[i+1], zh.T(d.About())) {
			t.Errorf("row %d = %q, want %s with %q", i+1, lines[i+1], d.Name, zh.T(d.About()))
		}
	}
}

// TestServeRun: demo serve answers cPanel's API on the address it prints,
// with the credentials it prints, until its context ends; an unknown
// scenario is a usage error.
func TestServeRun(t *testing.T) {
	t.Parallel()
	p, _, _, _ := cmdtest.Printer(i18n.English, render.Table)
	out := &syncBuffer{}
	p.IO.Out = out
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	done := make(chan error, 1)
	go func() {
		done <- serveRun(&ServeOptions{Printer: p, Ctx: ctx, Addr: "127.0.0.1:0", Scenario: "healthy"})
	}()
	var line string
	for range 200 {
		if line = out.String(); strings.HasSuffix(line, "\n") {
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	var host, user, token string
	for _, kv := range strings.Fields(strings.TrimPrefix(line, "export ")) {
		k, v, _ := strings.Cut(kv, "=")
		switch k {
		case "CPANEL_HOST":
			host = v
		case "CPANEL_USER":
			user = v
		case "CPANEL_TOKEN":
			token = v
		}
	}
	req, err := http.NewRequestWithContext(t.Context(), "GET", host+"/execute/Email/list_mail_domains", nil)
	if err != nil {
		t.Fatalf("line %q: %v", line, err)
	}
	req.Header.Set("Authorization", "cpanel "+user+":"+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("GET with the printed credentials: %v %v", err, resp)
	}
	resp.Body.Close()
	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve ended with %v", err)
	}

	var ue *cmdutil.UsageError
	if err := serveRun(&ServeOptions{Printer: p, Ctx: t.Context(), Addr: "127.0.0.1:0", Scenario: "rule-mailbox-full"}); !errors.As(err, &ue) {
		t.Errorf("a test scenario: err %v, want a usage error", err)
	}
}

// syncBuffer is a buffer the server goroutine writes while the test reads.
type syncBuffer struct {
	mu sync.Mutex
	b  strings.Builder
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
