package root

import (
	"fmt"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// result is what one cpmail run produced.
type result struct {
	code           cmdutil.ExitCode
	stdout, stderr string
}

// run runs cpmail in-process with env and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	io, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	// A copy: parallel subtests share their test's env.
	env = maps.Clone(env)
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["CPMAIL_CONFIG_DIR"]; !ok {
		env["CPMAIL_CONFIG_DIR"] = t.TempDir()
	}
	if _, ok := env["CPMAIL_RESOLVER"]; !ok {
		// Live DNS checks never leave the machine: an empty public DNS.
		env["CPMAIL_RESOLVER"] = startDNS(t, "")
	}
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	code := Run(t.Context(), f, args)
	return result{code, out.String(), errOut.String()}
}

// serveScenario starts the fake server and returns the environment that
// points cpmail at it.
func serveScenario(t *testing.T, name string, opts ...cpaneltest.Option) (*cpaneltest.Server, map[string]string) {
	t.Helper()
	sc, err := cpaneltest.LoadScenario(name)
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewServer(sc, opts...)
	t.Cleanup(srv.Close)
	return srv, map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": srv.User(), "CPANEL_TOKEN": srv.Token(),
		"CPMAIL_RESOLVER": startDNS(t, sc.PublicZone())}
}

// startDNS serves zone as public DNS until the test ends and returns its
// address.
func startDNS(t *testing.T, zone string) string {
	t.Helper()
	s, err := dnstest.Start(zone, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr
}

func TestTraditionalChinese(t *testing.T) {
	t.Parallel()
	r := run(t, map[string]string{"LANG": "zh_TW.UTF-8"}, "", "--demo", "deliveries", "--failed")
	if !strings.Contains(r.stdout, "時間") || !strings.Contains(r.stdout, "收件者") {
		t.Errorf("headers not in Chinese: %s", r.stdout)
	}
	r = run(t, nil, "", "--demo", "--lang", "zh-TW", "accounts", "-o", "json")
	if strings.Contains(r.stdout, "信箱") {
		t.Error("JSON keys changed with the language")
	}
}

// refusedURL is an address where a connection is refused every time:
// nothing listens on port 1, a privileged port no test binds. (A port
// freed by closing a test server can be handed at once to a server of a
// test running in parallel, which then answers, or hangs.)
const refusedURL = "http://127.0.0.1:1"

// TestErrorsAreOneLine: each failure mode gives one line that says what to
// do, exit code 1 (4 for refused credentials), and never the token.
func TestErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	const token = "SECRETTOKEN0123456789ABCDEFGHIJK"
	cases := []struct {
		name    string
		handler http.HandlerFunc
		host    string
		want    string
		code    cmdutil.ExitCode
	}{
		{"wrong token", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			fmt.Fprint(w, `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`)
		}, "", "Manage API Tokens", cmdutil.ExitRefused},
		{"wrong port", nil, refusedURL, "2083", 1},
		{"html page", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Login</title></head></html>")
		}, "", "HTML page", 1},
		{"status 0", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"status":0,"errors":["The feature “popaccts” is not enabled for this account."],"data":null}`)
		}, "", "popaccts", 1},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "", "--timeout", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := tc.host
			if tc.handler != nil {
				srv := httptest.NewServer(tc.handler)
				defer srv.Close()
				host = srv.URL
			}
			env := map[string]string{"CPANEL_HOST": host, "CPANEL_USER": "bob", "CPANEL_TOKEN": token}
			r := run(t, env, "", "accounts", "--timeout", "300ms")
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "cpmail: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr = %q, want one line with %q", r.stderr, tc.want)
			}
			if strings.Contains(r.stdout+r.stderr, token) || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("leak or stack trace: %s", r.stderr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, args := range [][]string{
		{"deliveries", "--since", "yesterday-ish"},
		{"deliveries", "--since", "-5h"},
		{"deliveries", "--recipient", "not-an-address"},
		{"deliveries", "--type", "bounced"},
		{"deliveries", "--reason", "cosmic_rays"},
		{"accounts", "--sort", "size"},
		{"accounts", "--domain", "bad domain"},
		{"-o", "yaml", "accounts"},
		{"--lang", "fr", "accounts"},
		{"--timeout", "0s", "accounts"},
		{"dns", "no_dot"},
		{"diagnose", "a b@c"},
		{"diagnose", "--fail-on", "info"},
		{"api", "uapi", "Email", "delete_pop", "email=x"},
		{"api", "uapi", "Email", "list_pops", "novalue"},
		{"--profile", "../etc", "accounts"},
		{"frobnicate"},
		{"accounts", "--bogus"},
	} {
		r := run(t, env, "", args...)
		if r.code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
			t.Errorf("%v: %d lines of error: %q", args, n+1, r.stderr)
		}
	}
	// Without any host the message says what to set.
	r := run(t, map[string]string{}, "", "accounts")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "CPANEL_HOST") {
		t.Errorf("no host: %d %q", r.code, r.stderr)
	}
}

// TestOnlyReads runs every command against the fake server and checks that
// no state-changing function was called.
func TestOnlyReads(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "demo")
	for _, args := range [][]string{
		{"accounts"}, {"quota"}, {"dns"}, {"deliveries", "--all", "--since", "7d"}, {"deliveries", "--summary"},
		{"diagnose"}, {"diagnose", "info@example.com"}, {"diagnose", "example.com"}, {"check"},
		{"api", "uapi", "Email", "list_pops_with_disk"}, {"api", "api2", "EmailTrack", "search", "failure=1"},
		{"api", "uapi", "Email", "suspend_incoming", "email=info@example.com"},
	} {
		run(t, env, "", args...)
	}
	calls := srv.Calls()
	if len(calls) < 20 {
		t.Fatalf("only %d calls recorded", len(calls))
	}
	for _, c := range calls {
		if c.StateChanging || !cpanel.IsReadOnly(c.Function) {
			t.Errorf("cpmail called %s, which changes the account", c.Name())
		}
	}
}

func TestDebugNeverShowsToken(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	r := run(t, env, "", "--debug", "accounts")
	if !strings.Contains(r.stderr, "debug: GET /execute/Email/list_pops_with_disk") {
		t.Errorf("no debug log: %s", r.stderr)
	}
	if strings.Contains(r.stderr, env["CPANEL_TOKEN"]) {
		t.Error("debug log shows the token")
	}
}

// TestSecretsNeverShow runs commands with --debug and a recognisable token
// and looks for it everywhere cpmail writes; --mask hides third parties.
func TestSecretsNeverShow(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	token := env["CPANEL_TOKEN"]
	snap := filepath.Join(t.TempDir(), "masked.json")
	var all strings.Builder
	for _, args := range [][]string{
		{"--debug", "accounts"}, {"--debug", "deliveries", "--all"}, {"--debug", "dns"},
		{"--debug", "diagnose", "--save-snapshot", snap, "--mask"}, {"--debug", "check"},
		{"--debug", "api", "uapi", "Email", "list_filters"},
	} {
		r := run(t, env, "", args...)
		all.WriteString(r.stdout + r.stderr)
	}
	saved, _ := os.ReadFile(snap)
	all.Write(saved)
	if strings.Contains(all.String(), token) {
		t.Fatal("the token appears in cpmail's output, logs or snapshot")
	}
	if !strings.Contains(string(saved), `"masked": true`) || strings.Contains(string(saved), "maria.lopez@gmail.com") || !strings.Contains(string(saved), "sales@example.com") {
		t.Error("--mask did not mask third parties (or masked the account's own addresses)")
	}
	// There is no way to give the token on the command line.
	if r := run(t, nil, "", "--token", token, "accounts"); r.code != cmdutil.ExitUsage || strings.Contains(r.stderr, token) {
		t.Errorf("--token accepted or echoed: %d %q", r.code, r.stderr)
	}
}

func TestShortTokenDoesNotGarbleMessages(t *testing.T) {
	t.Parallel()
	r := run(t, map[string]string{"CPANEL_TOKEN": "x", "CPANEL_USER": "u"}, "", "--host", "example.com:70000", "accounts")
	if r.code != 2 || !strings.Contains(r.stderr, `"example.com:70000"`) {
		t.Errorf("exit %d: %q", r.code, r.stderr)
	}
}
