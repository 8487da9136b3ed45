package root

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// --ignore switches a rule off and --severity changes a rule's severity,
// for diagnose and check; an unknown id or level is a one-line usage error.
func TestIgnoreAndSeverityFlags(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	findings := func(args ...string) map[string]string {
		t.Helper()
		r := run(t, env, "", append([]string{"diagnose", "--offline", "-o", "json"}, args...)...)
		var rep struct {
			Findings []struct{ ID, Severity string }
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%v: %v\n%s", args, err, r.stderr)
		}
		out := map[string]string{}
		for _, f := range rep.Findings {
			out[f.ID] = f.Severity
		}
		return out
	}
	base := findings()
	if base["mailbox-full"] != "fail" || base["dkim-missing"] == "" {
		t.Fatalf("the demo's findings changed: %v", base)
	}
	got := findings("--ignore", "mailbox-full", "--severity", "dkim-missing=info")
	if _, ok := got["mailbox-full"]; ok {
		t.Errorf("--ignore mailbox-full: still reported: %v", got)
	}
	if got["dkim-missing"] != "info" {
		t.Errorf("--severity dkim-missing=info: %q", got["dkim-missing"])
	}
	for _, args := range [][]string{{"--ignore", "no-such-rule"}, {"--severity", "dkim-missing"}, {"--severity", "dkim-missing=loud"}, {"--severity", "nope=warn"}} {
		r := run(t, env, "", append([]string{"diagnose", "--offline"}, args...)...)
		if msg := strings.TrimSpace(r.stderr); r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || !strings.Contains(msg, "--") {
			t.Errorf("%v: exit %d %q", args, r.code, msg)
		}
		r = run(t, env, "", append([]string{"check", "--offline"}, args...)...)
		if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") {
			t.Errorf("check %v: exit %d %q", args, r.code, r.stdout)
		}
	}
}
