package root

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestHintsNameTheFlags: the line the CLI prints for a library error ends
// with the flag or variable to change, in the chosen language. The library
// error itself names none (cpanel's TestErrorTextsNameNoFlags).
func TestHintsNameTheFlags(t *testing.T) {
	t.Parallel()
	tlsSrv := httptest.NewTLSServer(http.NotFoundHandler())
	t.Cleanup(tlsSrv.Close)
	pin := cpanel.SPKIPin(tlsSrv.Certificate())
	const token = "HINTTOKEN0123456789ABCDEFGHIJKLM"
	cases := []struct {
		name     string
		env      map[string]string
		args     []string
		want, zh string
		code     cmdutil.ExitCode
	}{
		{"self-signed certificate", map[string]string{"CPANEL_HOST": tlsSrv.URL, "CPANEL_USER": "bob", "CPANEL_TOKEN": token}, nil,
			"trust exactly this key with --pin-sha256 " + pin + " (or give its CA with --ca-file)", "--pin-sha256 " + pin, cmdutil.ExitError},
		{"connection refused", map[string]string{"CPANEL_HOST": refusedURL, "CPANEL_USER": "bob", "CPANEL_TOKEN": token}, nil,
			"nothing listens there: check --host and the port (cPanel is 2083)", "請檢查 --host 與連接埠（cPanel 為 2083）", cmdutil.ExitError},
		{"no user", map[string]string{"CPANEL_HOST": refusedURL, "CPANEL_TOKEN": token}, nil,
			"no cPanel user given: set --user or CPANEL_USER", "請設定 --user 或 CPANEL_USER", cmdutil.ExitUsage},
		{"credentials in the host", map[string]string{"CPANEL_HOST": "https://bob:pw@example.com", "CPANEL_USER": "bob", "CPANEL_TOKEN": token}, nil,
			"do not put credentials in the host; give the user and the token on their own: check --host, CPANEL_HOST or the profile", "CPANEL_HOST", cmdutil.ExitUsage},
		{"bad pin", map[string]string{"CPANEL_HOST": refusedURL, "CPANEL_USER": "bob", "CPANEL_TOKEN": token}, []string{"--pin-sha256", "xyz"},
			`invalid certificate pin "xyz"`, "--pin-sha256", cmdutil.ExitUsage},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			for _, l := range []struct{ tag, want string }{{"en", tc.want}, {"zh-TW", tc.zh}} {
				r := run(t, tc.env, "", append([]string{"--lang", l.tag}, append(tc.args, "quota")...)...)
				msg := strings.TrimSpace(r.stderr)
				if r.code != tc.code || strings.Contains(msg, "\n") || !strings.Contains(msg, l.want) {
					t.Errorf("%s: exit %d, stderr %q; want exit %d and one line with %q", l.tag, r.code, msg, tc.code, l.want)
				}
				if strings.Contains(msg, "pw@") || strings.Contains(msg, token) {
					t.Errorf("%s: leaks a secret: %q", l.tag, msg)
				}
			}
		})
	}
}

// TestServerFaultHints: the hints TestServerFaults shows, word for word,
// and what the error itself says before them.
func TestServerFaultHints(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		fault     cpaneltest.Fault
		args      []string
		fact, fix string
	}{
		{"html", cpaneltest.Fault{HTML: true}, nil, "the server sent an HTML page instead of JSON", "check --host and the port (cPanel is 2083) and that no firewall stands in between"},
		{"truncated", cpaneltest.Fault{Truncate: true}, nil, "the answer was cut short (truncated JSON)", ": try again, or raise --timeout"},
		{"size cap", cpaneltest.Fault{Oversize: 3 << 20}, []string{"--max-response", "1"}, "the answer is larger than 1 MiB, the size cap",
			": narrow the query (a shorter --since window, a --recipient) or raise --max-response"},
		{"reset", cpaneltest.Fault{Reset: true}, nil, "cannot reach", ": the connection was closed by the server or a firewall: try again, check the port"},
		{"slow drip", cpaneltest.Fault{Latency: 3 * time.Second}, []string{"--timeout", "300ms"}, "no answer in time from", ": no answer in time: check the host and port, or raise --timeout"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, env := serveScenario(t, "healthy")
			srv.SetFault("*", tc.fault)
			r := run(t, env, "", append(tc.args, "quota")...)
			msg := strings.TrimSpace(r.stderr)
			if r.code != cmdutil.ExitError || !strings.Contains(msg, tc.fact) || !strings.HasSuffix(msg, tc.fix) {
				t.Errorf("exit %d, stderr %q; want %q and at the end %q", r.code, msg, tc.fact, tc.fix)
			}
		})
	}
}

// TestWithHint: the hint is added to the text only; errors.Is and
// errors.As still see the library's error, and an error without a hint
// is returned as it is.
func TestWithHint(t *testing.T) {
	t.Parallel()
	base := &cpanel.NetworkError{Module: "Quota", Function: "get_quota_info", Host: "h:2083", Err: netTimeout{}}
	err := withHint(base, cmdutil.English)
	var ne *cpanel.NetworkError
	if !errors.As(err, &ne) || ne != base || !errors.Is(err, cpanel.ClassTimeout) {
		t.Errorf("withHint hides the error: %v", err)
	}
	if !strings.HasPrefix(err.Error(), base.Error()+": ") || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("text %q", err)
	}
	plain := errors.New("plain")
	if withHint(plain, cmdutil.English) != plain || withHint(nil, cmdutil.English) != nil {
		t.Error("an error without a hint was changed")
	}
	// Refused credentials get no hint here: refusedLine says it all.
	he := &cpanel.HTTPError{Module: "M", Function: "f", StatusCode: 401}
	if withHint(he, cmdutil.English) != error(he) {
		t.Error("a refusal got a hint")
	}
}

type netTimeout struct{}

func (netTimeout) Error() string { return "i/o timeout" }
func (netTimeout) Timeout() bool { return true }
