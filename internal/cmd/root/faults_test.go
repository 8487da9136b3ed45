package root

import (
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestServerFaults drives every fault the fake server can inject through a
// command: each gives one clear line, exit code 1 (4 for a refused
// credential), and never the token.
func TestServerFaults(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name  string
		fault cpaneltest.Fault
		args  []string
		want  string
		code  cmdutil.ExitCode // 0: cmdutil.ExitError
	}{
		{"html login page", cpaneltest.Fault{HTML: true}, nil, "HTML page instead of JSON", 0},
		{"truncated json", cpaneltest.Fault{Truncate: true}, nil, "cut short", 0},
		{"over the size cap", cpaneltest.Fault{Oversize: 3 << 20}, []string{"--max-response", "1"}, "size cap", 0},
		{"status 0", cpaneltest.Fault{StatusZero: "The feature “popaccts” is not enabled."}, nil, "is not enabled", 0},
		{"http 401", cpaneltest.Fault{Status: 401}, nil, "token", cmdutil.ExitRefused},
		{"http 403", cpaneltest.Fault{Status: 403, Body: "Forbidden"}, nil, "Manage API Tokens", cmdutil.ExitRefused},
		{"http 404", cpaneltest.Fault{Status: 404}, nil, "2083", 0},
		{"http 500", cpaneltest.Fault{Status: 500}, nil, "HTTP 500", 0},
		{"http 503 every time", cpaneltest.Fault{Status: 503}, nil, "try again later", 0},
		{"connection reset", cpaneltest.Fault{Reset: true}, nil, "cannot reach", 0},
		{"slow drip", cpaneltest.Fault{Latency: 3 * time.Second}, []string{"--timeout", "300ms"}, "--timeout", 0},
		{"wrong types", cpaneltest.Fault{Body: `{"status":1,"data":{"megabytes_used":{"x":1},"inodes_used":[1]},"errors":null}`}, nil, "not shaped as cPanel sends it", 0},
		{"status 0 without errors", cpaneltest.Fault{Body: `{"status":0,"errors":null,"data":null}`}, nil, "without a message", 0},
		{"not json", cpaneltest.Fault{Body: "Service temporarily unavailable"}, nil, "not JSON", 0},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, env := serveScenario(t, "healthy")
			srv.SetFault("*", tc.fault)
			r := run(t, env, "", append(tc.args, "quota")...)
			msg := strings.TrimSpace(r.stderr)
			code := tc.code
			if code == 0 {
				code = cmdutil.ExitError
			}
			if r.code != code || strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) {
				t.Errorf("exit %d, stderr %q; want exit %d and one line with %q", r.code, msg, code, tc.want)
			}
			if strings.Contains(r.stdout+r.stderr, env["CPANEL_TOKEN"]) || strings.Contains(msg, "goroutine") {
				t.Errorf("leak or stack trace: %q", msg)
			}
			t.Logf("%s: %s", tc.name, msg)
		})
	}
}

// TestRetryHeals: a 503 that heals after two tries is retried away.
func TestRetryHeals(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Status: 503, Times: 2})
	if r := run(t, env, "", "quota"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	n := 0
	for _, c := range srv.Calls() {
		if c.Name() == "Quota::get_quota_info" {
			n++
		}
	}
	if n != 3 {
		t.Errorf("get_quota_info called %d times, want 3", n)
	}
	// A 500 is not retried.
	srv.ResetCalls()
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Status: 500})
	run(t, env, "", "quota")
	if got := len(srv.Calls()); got != 1 {
		t.Errorf("500 retried: %d calls", got)
	}
}
