package root

import (
	"strings"
	"testing"
)

func TestCheckPlugin(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "check")
	if r.code != 2 || !strings.HasPrefix(r.stdout, "CPMAIL CRITICAL - ") || !strings.Contains(r.stdout, "mailbox-full sales@example.com") || !strings.Contains(r.stdout, "| failures=") {
		t.Errorf("demo check: %d %q", r.code, r.stdout)
	}
	r = run(t, nil, "", "--demo=healthy", "check")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "CPMAIL OK - ") {
		t.Errorf("healthy check: %d %q", r.code, r.stdout)
	}
	r = run(t, map[string]string{"CPANEL_HOST": "http://127.0.0.1:1", "CPANEL_USER": "u", "CPANEL_TOKEN": "SECRETSECRET"}, "", "check", "--timeout", "500ms")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") || strings.Contains(r.stdout, "SECRETSECRET") {
		t.Errorf("unreachable check: %d %q", r.code, r.stdout)
	}
	srv, env := serveScenario(t, "healthy")
	env["CPANEL_TOKEN"] = "WRONGTOKEN"
	_ = srv
	r = run(t, env, "", "check")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") {
		t.Errorf("wrong token check: %d %q", r.code, r.stdout)
	}
	if r := run(t, nil, "", "check", "--bogus"); r.code != 3 {
		t.Errorf("bad flag: exit %d", r.code)
	}
}
