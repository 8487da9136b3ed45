package root

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// mkfifo makes a named pipe nobody writes to. When the test ends a writer
// opens and closes it once, so that an open still waiting for a writer
// returns.
func mkfifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	return p
}

// runCancelled runs cpmail with a context cancelled shortly after the
// start, as Ctrl-C or SIGTERM does through signal.NotifyContext in Main.
func runCancelled(t *testing.T, env map[string]string, args ...string) result {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	env["CPMAIL_CONFIG_DIR"] = t.TempDir()
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	ctx, cancel := context.WithCancel(t.Context())
	defer cancel()
	go func() {
		time.Sleep(100 * time.Millisecond)
		cancel()
	}()
	code := Run(ctx, f, args)
	return result{code, out.String(), errOut.String()}
}

// TestFIFOWithoutWriterIsInterruptible: a --token-file or --from-snapshot
// that is a FIFO with no writer used to hang until SIGKILL; a cancelled
// context (Ctrl-C, SIGTERM) now ends it with "interrupted", exit 130.
func TestFIFOWithoutWriterIsInterruptible(t *testing.T) {
	t.Parallel()
	env := map[string]string{"CPANEL_HOST": "http://127.0.0.1:1", "CPANEL_USER": "bob"}
	for _, args := range [][]string{
		{"--token-file", mkfifo(t), "accounts"},
		{"--token-file", mkfifo(t), "diagnose"},
		{"diagnose", "--from-snapshot", mkfifo(t)},
		{"check", "--from-snapshot", mkfifo(t)},
	} {
		r := runCancelled(t, env, args...)
		want := cmdutil.ExitInterrupt
		if args[0] == "check" {
			want = cmdutil.PluginUnknown
		}
		if r.code != want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d", args, r.code, r.stdout, r.stderr, want)
		}
		if want == cmdutil.ExitInterrupt && strings.TrimSpace(r.stderr) != "cpmail: interrupted" ||
			want == cmdutil.PluginUnknown && strings.TrimSpace(r.stdout) != "CPMAIL UNKNOWN - interrupted" {
			t.Errorf("%v: stdout %q, stderr %q", args, r.stdout, r.stderr)
		}
	}
}

// TestLargeFilesRefused: a 10 MB token file and a snapshot over 256 MiB are
// refused in one line, from their size, without being read.
func TestLargeFilesRefused(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	sparse := func(name string, size int64) string {
		p := filepath.Join(dir, name)
		f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)
		if err != nil {
			t.Fatal(err)
		}
		if err := f.Truncate(size); err != nil {
			t.Fatal(err)
		}
		f.Close()
		return p
	}
	_, env := serveScenario(t, "healthy")
	delete(env, "CPANEL_TOKEN")
	r := run(t, env, "", "--token-file", sparse("token", 10<<20), "accounts")
	if msg := strings.TrimSpace(r.stderr); r.code != cmdutil.ExitError || strings.Contains(msg, "\n") || !strings.Contains(msg, "larger than 4 KiB") {
		t.Errorf("token file: exit %d, %q", r.code, msg)
	}
	r = run(t, nil, "", "diagnose", "--from-snapshot", sparse("snap.json", 300<<20))
	if msg := strings.TrimSpace(r.stderr); r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || !strings.Contains(msg, "larger than 256 MiB") {
		t.Errorf("snapshot: exit %d, %q", r.code, msg)
	}
}
