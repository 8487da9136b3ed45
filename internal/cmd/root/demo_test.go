package root

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	demos "github.com/cpmail/cpmail/internal/demo"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
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
	done := make(chan cmdutil.ExitCode)
	go func() {
		f := factory.New(io, func(string) string { return "" }, time.Now)
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

// TestDemosAreTheShippedScenarios keeps the demo list and the embedded
// scenarios one set: a demo without a scenario would fail at --demo, a
// scenario without a demo entry would ship unseen.
func TestDemosAreTheShippedScenarios(t *testing.T) {
	t.Parallel()
	names := slices.Sorted(slices.Values(demos.Names()))
	if shipped := cpaneltest.ScenarioNames(); !slices.Equal(names, shipped) {
		t.Errorf("demos %v, shipped scenarios %v: want the same", names, shipped)
	}
	if len(names) < 4 || len(names) > 8 || demos.Names()[0] != "demo" {
		t.Errorf("demos %v: want a handful, the main demo first", demos.Names())
	}
	en, zh := i18ntest.Localizer(t, "en"), i18ntest.Localizer(t, "zh-TW")
	for _, d := range demos.List() {
		e, z := en.T(d.About()), zh.T(d.About())
		if e == "" || z == "" || e == z || strings.ContainsAny(e+z, "\n\t") {
			t.Errorf("demo %s: want one line in each language, got %q / %q", d.Name, e, z)
		}
		if _, err := cpaneltest.LoadScenario(d.Name); err != nil {
			t.Errorf("demo %s: %v", d.Name, err)
		}
	}
}

func TestDemoListShowsOnlyTheDemos(t *testing.T) {
	t.Parallel()
	for _, l := range []struct{ flag, header string }{{"en", "DESCRIPTION"}, {"zh-TW", "說明"}} {
		r := run(t, nil, "", "--lang", l.flag, "demo", "list")
		lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
		if r.code != 0 || len(lines) != len(demos.List())+1 || !strings.Contains(lines[0], l.header) {
			t.Fatalf("%s: exit %d, %d lines:\n%s%s", l.flag, r.code, len(lines), r.stdout, r.stderr)
		}
		words := i18ntest.Localizer(t, l.flag)
		for i, d := range demos.List() {
			want := words.T(d.About())
			if f := strings.Fields(lines[i+1]); f[0] != d.Name || !strings.Contains(lines[i+1], want) {
				t.Errorf("%s: row %d = %q, want %s with %q", l.flag, i+1, lines[i+1], d.Name, want)
			}
		}
		if strings.Contains(r.stdout, "rule-") {
			t.Errorf("%s: demo list shows test scenarios:\n%s", l.flag, r.stdout)
		}
	}
}

// TestDemoNotADemo: a test scenario, or any other name, is not a demo;
// the error is one line naming the demos, with exit 2.
func TestDemoNotADemo(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"--demo=rule-mailbox-full", "accounts"}, `no demo named "rule-mailbox-full"; the demos are: demo, healthy,`},
		{[]string{"--demo=nope", "diagnose"}, `no demo named "nope"`},
		{[]string{"--demo=healthy-subdomain", "dns"}, `no demo named "healthy-subdomain"`},
		{[]string{"--lang", "zh-TW", "--demo=nope", "accounts"}, `沒有名為 "nope" 的示範；可用的示範：demo, healthy,`},
		{[]string{"demo", "serve", "--scenario", "rule-mailbox-full", "--addr", "127.0.0.1:0"}, `no demo named "rule-mailbox-full"`},
	}
	for _, tc := range cases {
		r := run(t, nil, "", tc.args...)
		msg := strings.TrimSpace(r.stderr)
		if r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) || !strings.Contains(msg, "hostile") {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and one line containing %q", tc.args, r.code, r.stderr, cmdutil.ExitUsage, tc.want)
		}
		if r.stdout != "" {
			t.Errorf("%v: printed %q", tc.args, r.stdout)
		}
	}
}

// TestReadmeDemosRun runs every --demo=NAME the README shows with the
// command after it, and its first-screen command, so the docs never name a
// demo that is gone.
func TestReadmeDemosRun(t *testing.T) {
	t.Parallel()
	b, err := os.ReadFile("../../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(b), "go run ./cmd/cpmail --demo deliveries --failed") {
		t.Error("the README's first command is gone")
	}
	if r := run(t, nil, "", "--demo", "deliveries", "--failed"); r.code != 0 || r.stdout == "" {
		t.Errorf("--demo deliveries --failed: exit %d: %s", r.code, r.stderr)
	}
	found := regexp.MustCompile("--demo=([a-z0-9-]+)").FindAllSubmatch(b, -1)
	if len(found) == 0 {
		t.Fatal("no --demo=NAME in the README")
	}
	for _, m := range found {
		name := string(m[1])
		if !slices.Contains(demos.Names(), name) {
			t.Errorf("the README shows --demo=%s, which is not a demo (%v)", name, demos.Names())
			continue
		}
		if r := run(t, nil, "", "--demo="+name, "accounts"); r.code != 0 {
			t.Errorf("--demo=%s accounts: exit %d: %s", name, r.code, r.stderr)
		}
	}
}

// TestDemosShowWhatTheySay diagnoses every demo and checks that it shows
// the problems its line in 'cpmail demo list' promises, and that the
// healthy one passes.
func TestDemosShowWhatTheySay(t *testing.T) {
	t.Parallel()
	shows := map[string][]string{
		"demo":           {"mailbox-full", "incoming-suspended", "auth-rejected", "recipient-unknown", "send-limit-reached", "deferred-retrying"},
		"healthy":        nil,
		"dns-problems":   {"nameservers-elsewhere", "spf-lookup-limit", "dkim-key-mismatch", "ptr-invalid", "ip-blocklisted"},
		"vanishing-mail": {"default-address-discards", "filter-discards", "spam-auto-delete", "forwarder-external"},
		"hostile":        {"remote-recipient-unknown", "filter-discards"},
	}
	for _, name := range demos.Names() {
		want, ok := shows[name]
		if !ok {
			t.Errorf("demo %s: say here which findings it shows", name)
			continue
		}
		r := run(t, nil, "", "--demo="+name, "diagnose", "-o", "json")
		var rep struct {
			Verdict  string `json:"verdict"`
			Findings []struct {
				ID string `json:"id"`
			} `json:"findings"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Errorf("demo %s: %v: %s", name, err, r.stderr)
			continue
		}
		var got []string
		for _, f := range rep.Findings {
			got = append(got, f.ID)
		}
		for _, id := range want {
			if !slices.Contains(got, id) {
				t.Errorf("demo %s shows %v, not %s", name, got, id)
			}
		}
		if len(want) == 0 && (rep.Verdict != "pass" || len(got) != 0 || r.code != 0) {
			t.Errorf("demo %s: verdict %s, exit %d, findings %v; want a pass", name, rep.Verdict, r.code, got)
		}
	}
}

func TestDemoList(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "demo", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "demo") || !strings.Contains(r.stdout, "healthy") {
		t.Errorf("%d %s", r.code, r.stdout)
	}
}
