package root

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestCobraUsageErrorsPointToHelp: what cobra refuses (an unknown command,
// a wrong number of arguments) is a usage error that points to the help;
// cpmail's own usage errors say what to do and do not.
func TestCobraUsageErrorsPointToHelp(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, tc := range []struct {
		args    []string
		seeHelp bool
	}{
		{[]string{"frobnicate"}, true},
		{[]string{"accounts", "extra"}, true},
		{[]string{"api", "uapi", "Email"}, true},
		{[]string{"diagnose", "a@b.example", "c.example"}, true},
		{[]string{"demo", "list", "x"}, true},
		{[]string{"accounts", "--sort", "size"}, false},
		{[]string{"accounts", "--bogus"}, false},
	} {
		r := run(t, env, "", tc.args...)
		msg := strings.TrimSpace(r.stderr)
		if r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || strings.HasSuffix(msg, "(see 'cpmail --help')") != tc.seeHelp {
			t.Errorf("%v: exit %d, stderr %q; want exit 2, one line, pointing to the help: %v", tc.args, r.code, r.stderr, tc.seeHelp)
		}
	}
}

// TestErrorTextIsNotUsage: an error from the server whose words look like
// cobra's ("unknown command", "invalid argument") is an error (exit 1),
// not a usage error: usage is told by the error's type, not its text.
func TestErrorTextIsNotUsage(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Body: `{"apiversion":3,"func":"get_quota_info","module":"Quota","result":{"status":0,"errors":["unknown command: invalid argument, accepts 2"],"messages":null,"warnings":null,"metadata":{},"data":null}}`})
	r := run(t, env, "", "quota")
	if r.code != cmdutil.ExitError || !strings.Contains(r.stderr, "unknown command: invalid argument") || strings.Contains(r.stderr, "--help") {
		t.Errorf("exit %d, stderr %q; want exit 1 with the server's words", r.code, r.stderr)
	}
}
