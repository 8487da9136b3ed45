package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
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
	bin := filepath.Join(t.TempDir(), "cpmail")
	if out, err := exec.Command("go", "build", "-o", bin, ".").CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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
