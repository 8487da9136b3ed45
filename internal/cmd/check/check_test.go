package check

import (
	"errors"
	"math"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/plugin"
	"github.com/cpmail/cpmail/internal/state"
)

// TestCheckRun: the run function prints one status line with performance
// data, and the monitoring plugin's exit code: CRITICAL for the demo, OK
// for the healthy account, UNKNOWN for a bad target.
func TestCheckRun(t *testing.T) {
	t.Parallel()
	cases := []struct {
		scenario, target string
		code             cmdutil.ExitCode
		prefix, contains string
	}{
		{"demo", "", cmdutil.PluginCritical, "CPMAIL CRITICAL - ", "mailbox-full sales@example.com"},
		{"healthy", "", cmdutil.PluginOK, "CPMAIL OK - no problems found | ", "fail_findings=0;;;0 warn_findings=0;;;0"},
		{"healthy", "nosuch.example", cmdutil.PluginUnknown, "CPMAIL UNKNOWN - ", "is not a mail domain of account greenleaf"},
	}
	for _, tc := range cases {
		a := cmdtest.Serve(t, tc.scenario)
		p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
		o := &Options{Printer: p, Ctx: t.Context(), Target: tc.target, AlertOn: "any", Confirm: 1,
			Deps:            shared.Deps{Getenv: a.Getenv, Client: a.Client, LiveDNS: a.LiveDNS, Session: a.Session},
			SnapshotOptions: shared.SnapshotOptions{Since: "24h", Concurrency: 8, DNS: cmdutil.DNSOptions{Offline: true}}}
		err := checkRun(o)
		code := cmdutil.PluginOK
		var ec *cmdutil.ExitCodeError
		if errors.As(err, &ec) {
			code = ec.Code
		} else if err != nil {
			t.Fatalf("%s %s: %v", tc.scenario, tc.target, err)
		}
		// The status line first (with the perfdata), then one line per
		// problem (the long output).
		line := out.String()
		first := strings.SplitN(line, "\n", 2)[0]
		if code != tc.code || !strings.HasSuffix(line, "\n") || !strings.HasPrefix(first, tc.prefix) || !strings.Contains(first, tc.contains) {
			t.Errorf("%s %q: exit %d, %q; want exit %d, %q… containing %q", tc.scenario, tc.target, code, line, tc.code, tc.prefix, tc.contains)
		}
	}
}

// TestOutputKeepsPerfdataApart: a '|' in outside text (an address may
// hold one) never reaches the output, where the first '|' of the status
// line and of the long output starts the performance data.
func TestOutputKeepsPerfdataApart(t *testing.T) {
	t.Parallel()
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	r := &result{
		items: []item{{problem: state.Problem{Kind: "finding", ID: "mailbox-full", Subject: "a|b@example.com", Severity: "fail"},
			text: "mailbox-full a|b@example.com", title: "a|b@example.com is full",
			evidence: []diagnose.Evidence{{Source: "Email::list_pops_with_disk", Key: "a|b@example.com", Value: "99%"}}}},
		perf: []plugin.Perf{{Label: "failures", Value: 1, Known: true, Min: 0, Max: math.NaN()}},
	}
	r.write(out, p, outputOptions{verbose: true})
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || strings.Count(lines[0], "|") != 1 || !strings.HasSuffix(lines[0], "| failures=1;;;0") {
		t.Fatalf("status line and perfdata not apart:\n%s", out)
	}
	for _, l := range lines[1:] {
		if strings.Contains(l, "|") || !strings.Contains(l, "a¦b@example.com") {
			t.Errorf("long output line %q: a '|' from the text, or the address lost", l)
		}
	}
}
