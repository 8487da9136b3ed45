package root

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// perfItem is one performance data item as the Monitoring Plugins
// guidelines write it: 'label'=value[UOM];[warn];[crit];[min];[max].
var perfItem = regexp.MustCompile(`^('[^'=]+'|[^' =]+)=(U|-?[0-9]+(\.[0-9]+)?)(%|s|ms|us|B|KB|MB|GB|TB|c)?(;[^; ]*){0,4}$`)

// splitPlugin returns the status line's state, text and perfdata items,
// and the long output lines.
func splitPlugin(t *testing.T, out string) (status, text string, perf map[string]string, long []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	m := regexp.MustCompile(`^CPMAIL (OK|WARNING|CRITICAL|UNKNOWN) - (.*?)(?: \| (.*))?$`).FindStringSubmatch(lines[0])
	if m == nil {
		t.Fatalf("status line %q", lines[0])
	}
	perf = map[string]string{}
	for _, it := range strings.Fields(m[3]) {
		if !perfItem.MatchString(it) {
			t.Errorf("perfdata item %q does not follow the guidelines", it)
		}
		label, rest, _ := strings.Cut(it, "=")
		perf[label] = rest
	}
	return m[1], m[2], perf, lines[1:]
}

func saveDemoSnapshot(t *testing.T, demo string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), demo+".json")
	if r := run(t, nil, "", "--demo="+demo, "diagnose", "--save-snapshot", path); r.code == cmdutil.ExitError || r.code == cmdutil.ExitUsage {
		t.Fatalf("save snapshot: %d %s", r.code, r.stderr)
	}
	return path
}

func TestCheckPluginOutput(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "check")
	status, text, perf, long := splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginCritical || status != "CRITICAL" || !strings.HasPrefix(text, "10 problems: mailbox-full sales@example.com, ") {
		t.Errorf("demo: %d %q", r.code, r.stdout)
	}
	for label, want := range map[string]string{
		"failures": "8;;;0", "rejected": "3;;;0", "deferrals": "6;;;0", "delivered": "26;;;0", "mailboxes_over_90": "1;;;0",
		"fail_findings": "8;;;0", "warn_findings": "2;;;0", "defer_rate": "13.95%;;;0;100", "mailbox_max_used": "100%;;;0",
		"disk_used": "35.65%;;;0", "inodes_used": "19.28%;;;0", "blocklist_listings": "0;;;0",
	} {
		if perf[label] != want {
			t.Errorf("perfdata %s = %q, want %q", label, perf[label], want)
		}
	}
	// Long output: one line per problem, severity, id, subject, title.
	if len(long) != 10 || long[0] != "CRITICAL mailbox-full sales@example.com: sales@example.com is full: new mail to it is refused" ||
		!strings.HasPrefix(long[9], "WARNING incoming-rbl-rejected demo: ") {
		t.Errorf("long output:\n%s", strings.Join(long, "\n"))
	}
	// --verbose adds the evidence, indented, under each problem.
	r = run(t, nil, "", "--demo", "check", "--verbose")
	_, _, _, long = splitPlugin(t, r.stdout)
	if len(long) <= 10 || !strings.HasPrefix(long[1], "    Email::list_pops_with_disk: sales@example.com ") {
		t.Errorf("verbose:\n%s", strings.Join(long, "\n"))
	}

	r = run(t, nil, "", "--demo=healthy", "check")
	status, text, perf, long = splitPlugin(t, r.stdout)
	if r.code != 0 || status != "OK" || text != "no problems found" || len(long) != 0 || perf["delivered"] != "14;;;0" || perf["disk_used"] != "15.87%;;;0" {
		t.Errorf("healthy: %d %q", r.code, r.stdout)
	}

	// A blocklist listing is a problem line of its own.
	r = run(t, nil, "", "--demo=dns-problems", "check")
	_, text, perf, long = splitPlugin(t, r.stdout)
	if perf["blocklist_listings"] != "1;;;0" || !strings.Contains(text, "198.51.100.20 on Spamhaus ZEN") ||
		!slicesContain(long, "CRITICAL 198.51.100.20 on Spamhaus ZEN: 198.51.100.20 is listed on the blocklist Spamhaus ZEN") {
		t.Errorf("dns-problems: %q", r.stdout)
	}
}

func slicesContain(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func TestCheckThresholds(t *testing.T) {
	t.Parallel()
	cases := []struct {
		args   []string
		code   cmdutil.ExitCode
		status string
		perf   map[string]string
		line   string
	}{
		// delivered=14 is inside @0:20: WARNING.
		{[]string{"-w", "delivered=@0:20"}, cmdutil.PluginWarning, "WARNING", map[string]string{"delivered": "14;@0:20;;0"},
			"WARNING delivered=14: delivered is 14: the warning range @0:20 alerts"},
		// disk 15.87 % is above 10: CRITICAL (critical wins over warning).
		{[]string{"--warning", "disk_used=5", "--critical", "disk_used=10"}, cmdutil.PluginCritical, "CRITICAL", map[string]string{"disk_used": "15.87%;5;10;0"},
			"CRITICAL disk_used=15.87%: disk_used is 15.87%: the critical range 10 alerts"},
		// 14 is not below 10: OK, the thresholds in perfdata.
		{[]string{"-c", "delivered=10:", "-w", "inodes_used=~:50"}, cmdutil.PluginOK, "OK", map[string]string{"delivered": "14;;10:;0", "inodes_used": "8.56%;~:50;;0"}, ""},
		// 0 failures is outside 1:5.
		{[]string{"-w", "failures=1:5"}, cmdutil.PluginWarning, "WARNING", map[string]string{"failures": "0;1:5;;0"}, "WARNING failures=0: failures is 0: the warning range 1:5 alerts"},
	}
	for _, c := range cases {
		r := run(t, nil, "", append([]string{"--demo=healthy", "check"}, c.args...)...)
		status, _, perf, long := splitPlugin(t, r.stdout)
		if r.code != c.code || status != c.status {
			t.Errorf("%v: exit %d %q", c.args, r.code, r.stdout)
		}
		for k, v := range c.perf {
			if perf[k] != v {
				t.Errorf("%v: perfdata %s=%q, want %q", c.args, k, perf[k], v)
			}
		}
		if c.line != "" && !slicesContain(long, c.line) {
			t.Errorf("%v: no line %q in\n%s", c.args, c.line, strings.Join(long, "\n"))
		}
	}
	// On the demo: failures=8 with -w 5 -c 10 is a WARNING metric, and
	// the findings keep the status CRITICAL.
	r := run(t, nil, "", "--demo", "check", "-w", "failures=5", "-c", "failures=10")
	_, _, perf, long := splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginCritical || perf["failures"] != "8;5;10;0" || !slicesContain(long, "WARNING failures=8: failures is 8: the warning range 5 alerts") {
		t.Errorf("demo thresholds: %q", r.stdout)
	}
}

// Bad thresholds are one UNKNOWN line and cost no API call.
func TestCheckBadThresholds(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	for _, tc := range []struct {
		args []string
		want string
	}{
		{[]string{"-w", "nosuch=1"}, "--warning: no metric nosuch; the metrics are failures, rejected"},
		{[]string{"-c", "disk_used"}, "--critical disk_used: write METRIC=RANGE"},
		{[]string{"-c", "disk_used=20:10"}, "--critical disk_used=20:10: the range is 10, 10:, ~:10, 10:20 or @10:20"},
		{[]string{"-w", "disk_used=abc"}, "--warning disk_used=abc: the range is"},
		{[]string{"-w", "disk_used=1", "-w", "disk_used=2"}, "--warning: disk_used is given twice"},
		{[]string{"--confirm", "2"}, "--alert-on new and --confirm need --state FILE"},
		{[]string{"--alert-on", "new"}, "--alert-on new and --confirm need --state FILE"},
		{[]string{"--alert-on", "sometimes"}, "invalid --alert-on sometimes: use any or new"},
		{[]string{"--state", "x", "--confirm", "0"}, "invalid --confirm 0"},
	} {
		srv.ResetCalls()
		r := run(t, env, "", append([]string{"check"}, tc.args...)...)
		if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - "+tc.want) || strings.Count(r.stdout, "\n") != 1 {
			t.Errorf("%v: exit %d %q", tc.args, r.code, r.stdout)
		}
		if n := len(srv.Calls()); n != 0 {
			t.Errorf("%v: %d API calls before the flags were checked", tc.args, n)
		}
	}
}

// A threshold on a metric that could not be measured is UNKNOWN, never
// OK; its perfdata value is U.
func TestCheckUnmeasuredThresholdIsUnknown(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Status: 500})
	r := run(t, env, "", "check", "-c", "disk_used=90", "-w", "delivered=@0:5")
	status, text, perf, long := splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginUnknown || status != "UNKNOWN" || !strings.HasPrefix(text, "could not measure disk_used, could not read Quota::get_quota_info") {
		t.Errorf("exit %d %q", r.code, r.stdout)
	}
	if perf["disk_used"] != "U;;90;0" || perf["inodes_used"] != "U;;;0" || perf["delivered"] != "14;@0:5;;0" {
		t.Errorf("perfdata %v", perf)
	}
	if !slicesContain(long, "UNKNOWN disk_used: has a threshold but could not be measured (Quota::get_quota_info not read)") {
		t.Errorf("long output %q", long)
	}
	// A problem found stands whatever else could not be read.
	r = run(t, env, "", "check", "-c", "disk_used=90", "-w", "delivered=@0:20")
	if r.code != cmdutil.PluginWarning || !strings.HasPrefix(r.stdout, "CPMAIL WARNING - 1 problem: delivered=14 |") {
		t.Errorf("exit %d %q", r.code, r.stdout)
	}
}

// checkState runs check on a snapshot with --state and returns the result.
func checkState(t *testing.T, snap, st string, args ...string) result {
	t.Helper()
	return run(t, nil, "", append([]string{"check", "--from-snapshot", snap, "--state", st}, args...)...)
}

func TestCheckStateNewOngoingResolved(t *testing.T) {
	t.Parallel()
	demo, healthy := saveDemoSnapshot(t, "demo"), saveDemoSnapshot(t, "healthy")
	st := filepath.Join(t.TempDir(), "check.state")

	r := checkState(t, demo, st)
	_, _, _, long := splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginCritical || len(long) != 10 {
		t.Fatalf("run 1: %d %q", r.code, r.stdout)
	}
	for _, l := range long {
		if !strings.HasSuffix(l, " [new]") {
			t.Errorf("run 1: not new: %q", l)
		}
	}
	if fi, err := os.Stat(st); err != nil || fi.Mode().Perm() != 0o600 {
		t.Fatalf("state file: %v %v", fi, err)
	}
	r = checkState(t, demo, st)
	_, _, _, long = splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginCritical || len(long) != 10 || !regexp.MustCompile(`^CRITICAL mailbox-full sales@example.com: .* \[ongoing since 20\d\d-\d\d-\d\dT\d\d:\d\d:\d\dZ\]$`).MatchString(long[0]) {
		t.Errorf("run 2: %q", r.stdout)
	}
	// --alert-on new: the same problems are known, the status is OK.
	r = checkState(t, demo, st, "--alert-on", "new")
	if status, text, _, _ := splitPlugin(t, r.stdout); r.code != cmdutil.PluginOK || status != "OK" || text != "no new problems (10 ongoing)" {
		t.Errorf("alert-on new: %d %q", r.code, r.stdout)
	}
	// All gone: each resolved once, then forgotten.
	r = checkState(t, healthy, st)
	status, _, _, long := splitPlugin(t, r.stdout)
	if r.code != cmdutil.PluginOK || status != "OK" || len(long) != 10 || !strings.HasPrefix(long[0], "OK ") || !strings.Contains(long[0], "[resolved, seen from ") {
		t.Errorf("run 4: %d %q", r.code, r.stdout)
	}
	r = checkState(t, healthy, st)
	if _, _, _, long := splitPlugin(t, r.stdout); r.code != 0 || len(long) != 0 {
		t.Errorf("run 5: %q", r.stdout)
	}
	// New again after being forgotten, and new under --alert-on new.
	r = checkState(t, demo, st, "--alert-on", "new")
	if status, text, _, _ := splitPlugin(t, r.stdout); r.code != cmdutil.PluginCritical || status != "CRITICAL" || !strings.HasPrefix(text, "10 new problems: ") {
		t.Errorf("run 6: %d %q", r.code, r.stdout)
	}
}

func TestCheckStateConfirm(t *testing.T) {
	t.Parallel()
	demo, healthy := saveDemoSnapshot(t, "demo"), saveDemoSnapshot(t, "healthy")
	st := filepath.Join(t.TempDir(), "check.state")
	steps := []struct {
		snap   string
		code   cmdutil.ExitCode
		suffix string
	}{
		{demo, cmdutil.PluginOK, "[pending, seen in 1 of 2 runs in a row]"},
		{demo, cmdutil.PluginCritical, "[new]"},
		{healthy, cmdutil.PluginCritical, ", clean in 1 of 2 runs]"},
		{healthy, cmdutil.PluginOK, "Z]"}, // resolved, seen from … to …
	}
	for i, s := range steps {
		r := checkState(t, s.snap, st, "--confirm", "2")
		_, _, _, long := splitPlugin(t, r.stdout)
		if r.code != s.code || len(long) != 10 || !strings.HasSuffix(long[0], s.suffix) {
			t.Errorf("step %d: exit %d\n%s", i, r.code, r.stdout)
		}
		// The status line of the first run says what waits.
		if _, text, _, _ := splitPlugin(t, r.stdout); i == 0 && text != "no problems found (10 problems wait for --confirm 2)" {
			t.Errorf("step 0: status text %q", text)
		}
	}
	// diagnose --state shows the marks the next run would set, and does
	// not write the file.
	r := checkState(t, demo, st, "--confirm", "2")
	before, _ := os.ReadFile(st)
	r = run(t, nil, "", "diagnose", "--from-snapshot", demo, "--state", st)
	after, _ := os.ReadFile(st)
	if string(before) != string(after) {
		t.Error("diagnose --state changed the state file")
	}
	if !strings.Contains(r.stdout, "Against --state "+st) || !strings.Contains(r.stdout, "  fail mailbox-full sales@example.com [new]") {
		t.Errorf("diagnose --state:\n%s", r.stdout)
	}
	r = run(t, nil, "", "diagnose", "--from-snapshot", demo, "--state", st, "-o", "json")
	if !strings.Contains(r.stdout, `"mark": "new"`) || !strings.Contains(r.stdout, `"findings": [`) || !strings.Contains(r.stdout, `"confirm": 2`) {
		t.Errorf("diagnose --state json:\n%s", r.stdout)
	}
}

// A state file of a newer cpmail, or a file that is not one, is one
// UNKNOWN line before any API call, and is left as it is.
func TestCheckStateFileRefused(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	dir := t.TempDir()
	newer := filepath.Join(dir, "newer.state")
	os.WriteFile(newer, []byte(`{"version":7,"problems":[]}`), 0o600)
	notState := filepath.Join(dir, "notes.txt")
	os.WriteFile(notState, []byte("shopping list\n"), 0o600)
	for path, want := range map[string]string{
		newer:    "CPMAIL UNKNOWN - --state " + newer + " was written by a newer cpmail (version 7; this one reads up to 1): upgrade cpmail",
		notState: "CPMAIL UNKNOWN - cannot use --state " + notState + ": ",
	} {
		before, _ := os.ReadFile(path)
		srv.ResetCalls()
		r := run(t, env, "", "check", "--state", path)
		after, _ := os.ReadFile(path)
		if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, want) || strings.Count(r.stdout, "\n") != 1 || len(srv.Calls()) != 0 || string(before) != string(after) {
			t.Errorf("%s: exit %d %q, %d calls", path, r.code, r.stdout, len(srv.Calls()))
		}
		r = run(t, env, "", "diagnose", "--state", path)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, strings.TrimPrefix(want, "CPMAIL UNKNOWN - ")) {
			t.Errorf("diagnose %s: exit %d %q", path, r.code, r.stderr)
		}
	}
}

// A refused token is UNKNOWN after one request, and leaves the state as
// it was: a run that could not check resolves nothing.
func TestCheckRefusedLeavesState(t *testing.T) {
	t.Parallel()
	demo := saveDemoSnapshot(t, "demo")
	st := filepath.Join(t.TempDir(), "check.state")
	checkState(t, demo, st)
	before, _ := os.ReadFile(st)
	srv, env := serveScenario(t, "healthy")
	env["CPANEL_TOKEN"] = "WRONGTOKEN"
	r := run(t, env, "", "check", "--state", st)
	after, _ := os.ReadFile(st)
	if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") || len(srv.Calls()) != 1 || string(before) != string(after) {
		t.Errorf("exit %d %q, %d calls, state changed %v", r.code, r.stdout, len(srv.Calls()), string(before) != string(after))
	}
}

func TestCheckTraditionalChinese(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "--lang", "zh-TW", "check", "-w", "failures=5")
	if r.code != cmdutil.PluginCritical || !strings.HasPrefix(r.stdout, "CPMAIL CRITICAL - 11 個問題：") || !strings.Contains(r.stdout, "WARNING failures=8: failures 為 8：觸發警告範圍 5") {
		t.Errorf("%q", r.stdout)
	}
}
