package root

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestRefusedTokenStopsAtOnce: with a wrong token, every command prints one
// line naming the user and the host (never the token) and what to do, and
// exits 4 (check: UNKNOWN, 3), after at most 2 requests. Before, diagnose
// sent a dozen refused requests, printed "WARN — 1 finding" and exited 0:
// cPanel's cPHulk counts each refusal and locks out the IP.
func TestRefusedTokenStopsAtOnce(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	env["CPANEL_TOKEN"] = "WRONGTOKEN0123456789WRONGTOKEN01"
	cases := []struct {
		args []string
		code cmdutil.ExitCode
	}{
		{[]string{"diagnose"}, cmdutil.ExitRefused},
		{[]string{"diagnose", "-o", "json"}, cmdutil.ExitRefused},
		{[]string{"diagnose", "example.com"}, cmdutil.ExitRefused},
		{[]string{"dns"}, cmdutil.ExitRefused},
		{[]string{"dns", "greenleaf.example"}, cmdutil.ExitRefused},
		{[]string{"check"}, cmdutil.PluginUnknown},
		{[]string{"deliveries"}, cmdutil.ExitRefused},
		{[]string{"accounts"}, cmdutil.ExitRefused},
		{[]string{"quota"}, cmdutil.ExitRefused},
		{[]string{"api", "uapi", "Quota", "get_quota_info"}, cmdutil.ExitRefused},
		{[]string{"--lang", "zh-TW", "diagnose"}, cmdutil.ExitRefused},
	}
	for _, tc := range cases {
		srv.ResetCalls()
		r := run(t, env, "", tc.args...)
		msg := strings.TrimSpace(r.stderr)
		if tc.code == cmdutil.PluginUnknown {
			msg = strings.TrimSpace(r.stdout)
			if !strings.HasPrefix(msg, "CPMAIL UNKNOWN - ") || r.stderr != "" {
				t.Errorf("%v: stdout %q, stderr %q; want one UNKNOWN line", tc.args, r.stdout, r.stderr)
			}
		} else if r.stdout != "" {
			t.Errorf("%v: printed %q besides the one line", tc.args, r.stdout)
		}
		want := []string{"Manage API Tokens", "CPANEL_USER", "greenleaf", strings.TrimPrefix(srv.URL, "http://")}
		if strings.Contains(strings.Join(tc.args, " "), "zh-TW") {
			want = []string{"管理 API 權杖", "CPANEL_USER", "greenleaf"}
		}
		if r.code != tc.code || strings.Contains(msg, "\n") {
			t.Errorf("%v: exit %d, %q; want exit %d and one line", tc.args, r.code, msg, tc.code)
		}
		for _, w := range want {
			if !strings.Contains(msg, w) {
				t.Errorf("%v: %q lacks %q", tc.args, msg, w)
			}
		}
		if strings.Contains(r.stdout+r.stderr, env["CPANEL_TOKEN"]) {
			t.Errorf("%v: the token is in the output", tc.args)
		}
		// A wrong token is not a locked-out IP: that is said only when
		// cPanel's answer names cPHulk (TestLockedOutIP).
		if strings.Contains(msg, "has locked out") || strings.Contains(msg, "封鎖此 IP") {
			t.Errorf("%v: a plain refusal reported as a lockout: %q", tc.args, msg)
		}
		// cpmail's first call goes alone, so a refusal costs one request
		// here; once the client refuses every request after the first
		// refused answer, no command can send more than one. ≤ 2 leaves
		// room for the one request the issue allows already on the wire.
		if n := len(srv.Calls()); n > 2 {
			t.Errorf("%v: the server saw %d requests after a refusal, want at most 2: %v", tc.args, n, srv.Calls())
		}
		t.Logf("%v → exit %d: %s", tc.args, r.code, msg)
	}
}

// TestRefusalMidRunStops: a token accepted by the first call and refused
// by a later one (revoked while diagnose runs, or a 403 that names no
// feature) stops the run with exit 4 and no report; a 403 that names a
// feature only degrades that source (TestDiagnoseDegradesWhenASourceFails).
func TestRefusalMidRunStops(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Email::list_pops_with_disk", cpaneltest.Fault{Status: 403, Body: "Forbidden"})
	r := run(t, env, "", "diagnose", "-o", "json")
	if r.code != cmdutil.ExitRefused || r.stdout != "" || !strings.Contains(r.stderr, "Manage API Tokens") {
		t.Errorf("exit %d, stdout %q, stderr %q", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "", "check")
	if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - cPanel on ") {
		t.Errorf("check: exit %d, %q", r.code, r.stdout)
	}
}

// TestLockedOutIP: when the refusal names cPHulk or brute-force
// protection, the line says the IP is locked and how it is unlocked.
func TestLockedOutIP(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		"This IP address has been blocked by cPHulk because of too many failed logins.",
		`{"cpanelresult":{"error":"Access denied: brute force protection has locked out your IP address"}}`,
	} {
		srv, env := serveScenario(t, "healthy")
		srv.SetFault("*", cpaneltest.Fault{Status: 401, Body: body})
		for _, args := range [][]string{{"quota"}, {"diagnose"}} {
			r := run(t, env, "", args...)
			msg := strings.TrimSpace(r.stderr)
			if r.code != cmdutil.ExitRefused || strings.Contains(msg, "\n") || !strings.Contains(msg, "locked out this IP address") ||
				!strings.Contains(msg, "cPHulk Brute Force Protection") || !strings.Contains(msg, "flush_cphulk_login_history_for_ips") {
				t.Errorf("%v: exit %d, %q", args, r.code, msg)
			}
			t.Logf("%v → exit %d: %s", args, r.code, msg)
		}
	}
}

// TestTimeoutBoundsTheWholeCommand: a server answering 503 with
// Retry-After: 20 made `quota --timeout 2s` take 40 s (the timeout bounded
// each request, not the retries' waits). Now the command gives up at the
// deadline at the latest, with one line: since a wait past the deadline is
// never started, at once, with the server's answer.
func TestTimeoutBoundsTheWholeCommand(t *testing.T) {
	t.Parallel()
	var calls atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		calls.Add(1)
		w.Header().Set("Retry-After", "20")
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = w.Write([]byte("Service Unavailable"))
	}))
	defer srv.Close()
	env := map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": "bob", "CPANEL_TOKEN": "TOKEN0123456789TOKEN0123456789AB"}
	start := time.Now()
	r := run(t, env, "", "quota", "--timeout", "1s")
	took := time.Since(start)
	msg := strings.TrimSpace(r.stderr)
	if r.code != cmdutil.ExitError || strings.Contains(msg, "\n") || !strings.Contains(msg, "HTTP 503") {
		t.Errorf("exit %d, %q; want exit 1 and one line naming HTTP 503", r.code, msg)
	}
	// Only the first request went out: the 20 s wait never ended.
	if n := calls.Load(); n != 1 {
		t.Errorf("%d requests, want 1", n)
	}
	// Very generous: before, this took 40 s.
	if took > 15*time.Second {
		t.Errorf("took %v", took)
	}
	t.Logf("exit %d after %v: %s", r.code, took.Round(time.Millisecond), msg)
}

// TestTimeoutWhenTheServerHolds: the fake server holds every answer; quota,
// dns and diagnose give up at --timeout with one line and exit 1, and
// check says UNKNOWN.
func TestTimeoutWhenTheServerHolds(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("*", cpaneltest.Fault{Latency: 30 * time.Second})
	r := run(t, env, "", "quota", "--timeout", "1s")
	if msg := strings.TrimSpace(r.stderr); r.code != cmdutil.ExitError || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "cpmail: gave up after 1s (--timeout)") {
		t.Errorf("quota: exit %d, %q", r.code, msg)
	}
	r = run(t, env, "", "dns", "greenleaf.example", "--offline", "--timeout", "1s")
	if r.code != cmdutil.ExitError || !strings.Contains(r.stderr, "gave up after 1s") {
		t.Errorf("dns: exit %d, %q", r.code, r.stderr)
	}
	// The verdict is the engine's (unknown once it counts the important
	// sources over warnings); the exit code and the lines are the CLI's.
	r = run(t, env, "", "diagnose", "--timeout", "1s", "-o", "json")
	if r.code != cmdutil.ExitError || !strings.Contains(r.stderr, "gave up after 1s") || !strings.Contains(r.stderr, "the diagnosis is partial") ||
		strings.Contains(r.stdout, `"verdict": "pass"`) {
		t.Errorf("diagnose: exit %d, %q\n%s", r.code, r.stderr, r.stdout)
	}
	r = run(t, env, "", "check", "--timeout", "1s")
	if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") {
		t.Errorf("check: exit %d, %q", r.code, r.stdout)
	}
}
