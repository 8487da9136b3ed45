package root

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

func TestAPICommand(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	r := run(t, env, "", "api", "uapi", "Email", "list_mail_domains")
	if r.code != 0 || !strings.Contains(r.stdout, `"example.com"`) {
		t.Fatalf("%d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "", "api", "uapi", "Email", "set_default_address", "domain=example.com")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "only calls functions that read") {
		t.Errorf("state-changing call not refused: %d %s", r.code, r.stderr)
	}
}
