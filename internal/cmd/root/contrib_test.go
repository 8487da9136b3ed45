package root

import (
	"fmt"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// The scheduling files (contrib/) and the README's "Scheduling" section
// show cpmail command lines that operators copy into cron, systemd,
// Icinga 2 and Nagios. These tests read each line out of its file as the
// scheduler would, parse it with the real command tree (so a renamed flag
// or command fails here, not on a monitoring host) and run check and
// metrics lines against the fake server (so a bad threshold range, a
// --confirm without --state or a wrong variable name fails too).

const contribDir = "../../../contrib"

// envKnown are the variables the files may set for cpmail: what the
// factory reads (and cron's MAILTO). CPANEL_TOKEN is not among them: the
// token never goes in these files, nor on a command line.
var envKnown = []string{"CPANEL_HOST", "CPANEL_USER", "CPMAIL_PROFILE", "CPMAIL_RESOLVER", "MAILTO"}

// pathFlags are the flags whose values are files on the scheduling host;
// a test runs with them in its own directory.
var pathFlags = []string{"--token-file", "--state", "--textfile"}

// checkInvocation parses inv with the command tree and, for check and
// metrics, runs it against the fake account acct (env: the fake server's
// DNS). It returns what is wrong with the line.
func checkInvocation(t *testing.T, inv invocation, acct account, dnsEnv map[string]string) error {
	t.Helper()
	for k := range inv.env {
		if !slices.Contains(envKnown, k) {
			return fmt.Errorf("sets %s, which cpmail does not read (known: %v)", k, envKnown)
		}
	}
	io, _, _, _ := iostreams.Test()
	f := factory.New(io, func(string) string { return "" }, time.Now)
	root := NewCmdRoot(f)
	cmd, rest, err := root.Find(inv.args)
	if err != nil {
		return fmt.Errorf("%v: %w", inv.args, err)
	}
	if cmd == root {
		return fmt.Errorf("%v: names no cpmail command", inv.args)
	}
	if err := cmd.ParseFlags(rest); err != nil {
		return fmt.Errorf("%v: %w", inv.args, err)
	}
	if err := cmd.ValidateArgs(cmd.Flags().Args()); err != nil {
		return fmt.Errorf("%v: %w", inv.args, err)
	}
	name := cmd.Name()
	if name != "check" && name != "metrics" {
		return nil // parsed; only check and metrics are run
	}

	// The run: the files' host and account stand for the fake server's,
	// their paths for the test's own files.
	demo := cmd.Flags().Changed("demo") || root.PersistentFlags().Changed("demo")
	env := maps.Clone(inv.env)
	maps.Copy(env, dnsEnv)
	if !demo {
		for k, v := range map[string]string{"CPANEL_HOST": acct.host, "CPANEL_USER": acct.user} {
			if _, ok := env[k]; ok {
				env[k] = v
			}
		}
	}
	dir := t.TempDir()
	args := slices.Clone(inv.args)
	var textfile string
	for i := 0; i < len(args); i++ {
		flag, value, inline := strings.Cut(args[i], "=")
		if !slices.Contains(pathFlags, flag) {
			continue
		}
		if !inline {
			if i+1 == len(args) {
				return fmt.Errorf("%s has no value", flag)
			}
			i++
			value = args[i]
		}
		if !filepath.IsAbs(value) {
			return fmt.Errorf("%s %s: a scheduled run has no working directory to count on: give an absolute path", flag, value)
		}
		repl := filepath.Join(dir, filepath.Base(value))
		if flag == "--token-file" {
			repl = acct.tokenFile
		}
		if flag == "--textfile" {
			textfile = repl
		}
		if inline {
			args[i] = flag + "=" + repl
		} else {
			args[i] = repl
		}
	}
	r := run(t, env, "", args...)
	switch name {
	case "check":
		first, _, _ := strings.Cut(r.stdout, "\n")
		if r.code > cmdutil.PluginCritical || !regexp.MustCompile(`^CPMAIL (OK|WARNING|CRITICAL) - `).MatchString(first) {
			return fmt.Errorf("%v: exit %d: %s%s", inv.args, r.code, r.stdout, r.stderr)
		}
	case "metrics":
		if r.code != 0 {
			return fmt.Errorf("%v: exit %d: %s%s", inv.args, r.code, r.stdout, r.stderr)
		}
		text := r.stdout
		if textfile != "" {
			b, err := os.ReadFile(textfile)
			if err != nil {
				return fmt.Errorf("%v: no textfile: %v", inv.args, err)
			}
			text = string(b)
		}
		if got, ok := value(t, exposition(t, text), "cpmail_last_run_success"); !ok || got != 1 {
			return fmt.Errorf("%v: cpmail_last_run_success %v (present %v)", inv.args, got, ok)
		}
	}
	return nil
}

// fakeAccount serves the demo and returns it as the files' placeholders
// stand for it (the token in a file of mode 0600), and the environment
// that points live DNS at the scenario's zone.
func fakeAccount(t *testing.T) (account, map[string]string) {
	t.Helper()
	srv, env := serveScenario(t, "demo")
	tokenFile := filepath.Join(t.TempDir(), "token")
	if err := os.WriteFile(tokenFile, []byte(srv.Token()+"\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	return account{host: srv.URL, user: srv.User(), tokenFile: tokenFile}, map[string]string{"CPMAIL_RESOLVER": env["CPMAIL_RESOLVER"]}
}

// contribInvocations reads every cpmail command line of the contrib files.
func contribInvocations(t *testing.T, acct account) []invocation {
	t.Helper()
	var invs []invocation
	invs = append(invs, systemdInvocations(t, filepath.Join(contribDir, "systemd", "cpmail-metrics.service"))...)
	invs = append(invs, cronInvocations(t, filepath.Join(contribDir, "cron", "cpmail"))...)
	invs = append(invs, icingaInvocation(t, filepath.Join(contribDir, "icinga2", "cpmail.conf"), acct))
	invs = append(invs, nagiosInvocations(t, filepath.Join(contribDir, "nagios", "cpmail.cfg"), acct)...)
	return invs
}

func TestContribCommandsAreValid(t *testing.T) {
	t.Parallel()
	acct, dnsEnv := fakeAccount(t)
	invs := contribInvocations(t, acct)
	if len(invs) < 4 {
		t.Fatalf("found %d command lines in contrib/, want the systemd, cron, Icinga 2 and Nagios ones", len(invs))
	}
	for _, inv := range invs {
		t.Run(inv.where, func(t *testing.T) {
			t.Parallel()
			if err := checkInvocation(t, inv, acct, dnsEnv); err != nil {
				t.Errorf("%s: %v", inv.where, err)
			}
		})
	}
}

// TestContribKeepsTokenOffCommandLines: no file of contrib/ sets
// CPANEL_TOKEN, and each command that runs cpmail reads the token from a
// file (or a profile) given by path.
func TestContribKeepsTokenOffCommandLines(t *testing.T) {
	t.Parallel()
	err := filepath.WalkDir(contribDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		if regexp.MustCompile(`CPANEL_TOKEN\s*=|--token[ =]`).Match(b) {
			t.Errorf("%s puts the API token in the environment or on a command line", p)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	acct, _ := fakeAccount(t)
	for _, inv := range contribInvocations(t, acct) {
		if !slices.ContainsFunc(inv.args, func(a string) bool {
			return a == "--token-file" || a == "--profile" || strings.HasPrefix(a, "--token-file=") || strings.HasPrefix(a, "--profile=")
		}) {
			t.Errorf("%s: %v reads the token from neither --token-file nor --profile", inv.where, inv.args)
		}
	}
}

// TestContribCheckRejectsBadLines proves that the check above fails for
// what it is there to catch.
func TestContribCheckRejectsBadLines(t *testing.T) {
	t.Parallel()
	acct, dnsEnv := fakeAccount(t)
	env := map[string]string{"CPANEL_HOST": "server.example.com", "CPANEL_USER": "alice"}
	tf := "--token-file=/etc/cpmail/token"
	for name, inv := range map[string]invocation{
		"a renamed flag":      {env: env, args: []string{tf, "check", "--state-file", "/var/lib/cpmail/x.state"}},
		"an unknown command":  {env: env, args: []string{tf, "monitor"}},
		"a bad range":         {env: env, args: []string{tf, "check", "-w", "disk_used=8O"}},
		"an unknown metric":   {env: env, args: []string{tf, "check", "-c", "disk_use=95"}},
		"confirm, no state":   {env: env, args: []string{tf, "check", "--confirm", "2"}},
		"a relative path":     {env: env, args: []string{tf, "metrics", "--textfile", "cpmail.prom"}},
		"a misspelled env":    {env: map[string]string{"CPANEL_HOSTNAME": "x", "CPANEL_USER": "alice"}, args: []string{tf, "metrics"}},
		"no host in env":      {env: map[string]string{"CPANEL_USER": "alice"}, args: []string{tf, "metrics"}},
		"too many arguments":  {env: env, args: []string{tf, "check", "a@example.com", "b@example.com"}},
		"the token in argv":   {env: env, args: []string{"--token", "secret", "check"}},
		"the token env":       {env: map[string]string{"CPANEL_TOKEN": "x"}, args: []string{"check"}},
		"a flag with no file": {env: env, args: []string{"check", "--state"}},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if err := checkInvocation(t, inv, acct, dnsEnv); err == nil {
				t.Errorf("%v with %v passed", inv.args, inv.env)
			}
		})
	}
	good := invocation{env: env, args: []string{tf, "check", "--state", "/var/lib/cpmail/x.state", "--confirm", "2", "-w", "disk_used=80"}}
	if err := checkInvocation(t, good, acct, dnsEnv); err != nil {
		t.Errorf("a good line fails: %v", err)
	}
}

// readmeMonitoring returns the README's "Monitoring" section, with its
// "Scheduling" part.
func readmeMonitoring(t *testing.T) string {
	t.Helper()
	_, sec, ok := strings.Cut(readText(t, "../../../README.md"), "\n## Monitoring\n")
	if !ok {
		t.Fatal(`the README has no "## Monitoring" section`)
	}
	if i := strings.Index(sec, "\n## "); i >= 0 {
		sec = sec[:i]
	}
	if !strings.Contains(sec, "\n### Scheduling\n") {
		t.Fatal(`the README's Monitoring section has no "### Scheduling"`)
	}
	return sec
}

// TestReadmeSchedulingIsValid: every contrib file is named in the README's
// Monitoring section, and every cpmail command line of its code blocks is
// one of the contrib files' lines or, checked as above, a valid one.
func TestReadmeSchedulingIsValid(t *testing.T) {
	t.Parallel()
	sec := readmeMonitoring(t)
	var contrib strings.Builder
	err := filepath.WalkDir(contribDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(filepath.Dir(contribDir), p)
		if !strings.Contains(sec, filepath.ToSlash(rel)) {
			t.Errorf("the README's Monitoring section does not name %s", rel)
		}
		b, err := os.ReadFile(p)
		contrib.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	acct, dnsEnv := fakeAccount(t)
	blocks := regexp.MustCompile("(?s)```[a-z0-9]*\n(.*?)```").FindAllStringSubmatch(sec, -1)
	if len(blocks) == 0 {
		t.Fatal("no code block in the README's Monitoring section")
	}
	covered, ran := 0, 0
	for _, b := range blocks {
		for _, line := range strings.Split(b[1], "\n") {
			line = strings.TrimSpace(line)
			if line == "" || strings.HasPrefix(line, "#") {
				continue
			}
			if strings.Contains(contrib.String(), line) {
				covered++ // a line of a contrib file: checked there
				continue
			}
			if envAssignment.MatchString(line) && !strings.Contains(line, " ") {
				continue
			}
			words, err := shellWords(line)
			if err != nil {
				t.Errorf("README: %v", err)
				continue
			}
			args, ok := cpmailArgs(words)
			if !ok {
				continue
			}
			ran++
			if err := checkInvocation(t, invocation{where: "README", env: map[string]string{}, args: args}, acct, dnsEnv); err != nil {
				t.Errorf("README: %q: %v", line, err)
			}
		}
	}
	if covered == 0 || ran == 0 {
		t.Errorf("the README's Monitoring section shows %d lines of the contrib files and %d cpmail command lines of its own, want both", covered, ran)
	}
	if regexp.MustCompile(`CPANEL_TOKEN\s*=|--token[ =]`).MatchString(sec) {
		t.Error("the README's Monitoring section puts the token in the environment or on a command line")
	}
}

// The line splitter, on what the files may hold.
func TestShellWords(t *testing.T) {
	t.Parallel()
	for in, want := range map[string][]string{
		`cpmail check -w 'disk_used=80' "--state" /a\ b`: {"cpmail", "check", "-w", "disk_used=80", "--state", "/a b"},
		"  a\tb  ": {"a", "b"},
		`x "" y`:   {"x", "", "y"},
	} {
		got, err := shellWords(in)
		if err != nil || !slices.Equal(got, want) {
			t.Errorf("shellWords(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	if _, err := shellWords(`a 'b`); err == nil {
		t.Error("an unclosed quote passed")
	}
	if args, ok := cpmailArgs([]string{"sudo", "-u", "cpmail", "cpmail", "login"}); !ok || !slices.Equal(args, []string{"login"}) {
		t.Errorf("cpmailArgs after sudo -u cpmail: %q %v", args, ok)
	}
	for _, line := range []string{"useradd --system cpmail", "useradd --home-dir /var/lib/cpmail --shell /usr/sbin/nologin cpmail",
		"install -d -o cpmail -g cpmail /var/lib/cpmail"} {
		if args, ok := cpmailArgs(strings.Fields(line)); ok {
			t.Errorf("%q read as a cpmail command line: %q", line, args)
		}
	}
	if args, ok := cpmailArgs(strings.Fields("*/5 * * * * cpmail /usr/local/bin/cpmail metrics")); !ok || !slices.Equal(args, []string{"metrics"}) {
		t.Errorf("cpmailArgs of a cron.d line: %q %v", args, ok)
	}
}
