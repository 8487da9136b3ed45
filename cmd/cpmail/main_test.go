package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// TestTokenNeverInArgv runs the real binary as a child process, the way a
// script or a monitoring system does, with the token in the environment.
// While it runs, the command line of the process and of anything it starts
// is read from /proc: the token must appear in none of them, nor in what
// the process prints.
func TestTokenNeverInArgv(t *testing.T) {
	if _, err := os.Stat("/proc/self/cmdline"); err != nil {
		t.Skip("no /proc on this system")
	}
	bin := build(t)
	sc, err := cpaneltest.LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	// Slow answers keep the process alive long enough to be looked at.
	srv := cpaneltest.NewServer(sc, cpaneltest.WithLatency(300*time.Millisecond))
	t.Cleanup(srv.Close)
	token := srv.Token()

	for _, args := range [][]string{
		{"--debug", "diagnose", "--offline"},
		{"deliveries", "--all", "-o", "json"},
	} {
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "CPANEL_HOST="+srv.URL, "CPANEL_USER="+srv.User(), "CPANEL_TOKEN="+token,
			"CPMAIL_CONFIG_DIR="+t.TempDir())
		var out bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &out
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		seen := 0
	watch:
		for {
			select {
			case <-done:
				break watch
			case <-time.After(20 * time.Millisecond):
				for _, line := range commandLines(cmd.Process.Pid) {
					seen++
					if strings.Contains(line, token) {
						t.Errorf("%v: the token is in a command line: %q", args, line)
					}
				}
			}
		}
		if seen == 0 {
			t.Errorf("%v: the process was never seen running", args)
		}
		if strings.Contains(out.String(), token) {
			t.Errorf("%v: the token is in the output", args)
		}
	}
}

// commandLines returns the command line of pid and of its descendants.
func commandLines(pid int) []string {
	b, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/cmdline")
	if err != nil {
		return nil
	}
	lines := []string{string(bytes.ReplaceAll(b, []byte{0}, []byte{' '}))}
	tasks, _ := filepath.Glob("/proc/" + strconv.Itoa(pid) + "/task/*/children")
	for _, task := range tasks {
		kids, _ := os.ReadFile(task)
		for _, k := range strings.Fields(string(kids)) {
			if child, err := strconv.Atoi(k); err == nil {
				lines = append(lines, commandLines(child)...)
			}
		}
	}
	return lines
}

// build builds the cpmail binary into a temporary directory.
func build(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "cpmail")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// TestSignalsEndAWaitOnAFIFO runs the real binary with a FIFO as
// --token-file or --from-snapshot. The FIFO has a writer that never writes
// (the open has returned, the read waits): SIGTERM or SIGINT (Ctrl-C) ends
// the command with "interrupted" and exit 130. Before, only SIGKILL did.
func TestSignalsEndAWaitOnAFIFO(t *testing.T) {
	bin := build(t)
	for _, tc := range []struct {
		sig  syscall.Signal
		args func(fifo string) []string
	}{
		{syscall.SIGTERM, func(p string) []string { return []string{"--token-file", p, "accounts"} }},
		{syscall.SIGINT, func(p string) []string { return []string{"--token-file", p, "diagnose"} }},
		{syscall.SIGTERM, func(p string) []string { return []string{"diagnose", "--from-snapshot", p} }},
	} {
		fifo := filepath.Join(t.TempDir(), "fifo")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skipf("mkfifo: %v", err)
		}
		args := tc.args(fifo)
		cmd := exec.Command(bin, args...)
		cmd.Env = append(os.Environ(), "CPANEL_HOST=http://127.0.0.1:1", "CPANEL_USER=bob", "CPANEL_TOKEN=", "CPMAIL_CONFIG_DIR="+t.TempDir())
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		// Open the write end once cpmail has opened the read end (ENXIO
		// until then): from then on cpmail waits in a read, with its
		// signal handling installed, and nothing is ever written.
		w := openWriter(t, fifo, done)
		if err := cmd.Process.Signal(tc.sig); err != nil {
			t.Fatal(err)
		}
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			t.Fatalf("%v: still running 30 s after %v", args, tc.sig)
		}
		w.Close()
		if code := cmd.ProcessState.ExitCode(); code != 130 || strings.TrimSpace(stderr.String()) != "cpmail: interrupted" {
			t.Errorf("%v after %v: exit %d, stderr %q; want 130 and 'cpmail: interrupted'", args, tc.sig, code, stderr.String())
		}
	}
}

// openWriter opens a FIFO for writing once a reader has it open.
func openWriter(t *testing.T, fifo string, done <-chan error) *os.File {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		w, err := os.OpenFile(fifo, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			return w
		}
		select {
		case err := <-done:
			t.Fatalf("cpmail ended before reading the FIFO: %v", err)
		default:
		}
		if time.Now().After(deadline) {
			t.Fatalf("cpmail never opened the FIFO: %v", err)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
