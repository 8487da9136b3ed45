package root

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// hostile is what a lying server or a stranger puts in a text field: an
// OSC title, a clear-screen, an OSC-8 hyperlink left open, U+202E, a C1
// CSI, NUL and DEL.
const hostile = "\x1b]0;owned\x07\x1b[2J\x1b]8;;http://evil.example/\x1b\\\u202e\u009b31m\x00\x7f"

// hostileShown is how render.Safe shows the start of it.
const hostileShown = `\x1b]0;owned\x07\x1b[2J`

// hostileMark, wherever the fake server's answer holds it, is replaced by
// the hostile text: so escapes reach what no real cPanel would let through
// and the scenario's validation refuses (mailbox names, the addresses of
// the delivery log), as a lying server would send them.
const hostileMark = "zzhostilezz"

// serveHostile serves the hostile scenario through a lying proxy that puts
// the hostile text in place of hostileMark in every answer.
func serveHostile(t *testing.T) (*cpaneltest.Handler, map[string]string) {
	t.Helper()
	sc, err := cpaneltest.LoadScenario("hostile")
	if err != nil {
		t.Fatal(err)
	}
	sc.Mailboxes = append(sc.Mailboxes, cpaneltest.Mailbox{Address: "ev" + hostileMark + "il@hostile.example", QuotaMB: 100, UsedBytes: 1 << 20})
	for _, d := range []cpaneltest.Delivery{
		{Type: "failure", Email: "tom" + hostileMark + "@hostile.example", Recipient: "carol" + hostileMark + "@evil.example", Message: "550 5.1.1 " + hostile + " no such user"},
		{Type: "success", Email: "x" + hostileMark + "@evil.example", Recipient: "hello@hostile.example"},
	} {
		d.Ago = cpaneltest.Duration(30 * time.Minute)
		sc.Deliveries = append(sc.Deliveries, d)
	}
	h := cpaneltest.NewHandler(sc)
	inJSON, _ := json.Marshal(hostile)
	mark, escaped := []byte(hostileMark), inJSON[1:len(inJSON)-1]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Header.Del("Accept-Encoding")
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(bytes.ReplaceAll(rec.Body.Bytes(), mark, escaped))
	}))
	t.Cleanup(srv.Close)
	return h, map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": h.User(), "CPANEL_TOKEN": h.Token(),
		"CPMAIL_RESOLVER": startDNS(t, sc.PublicZone())}
}

// assertNoTerminalControls fails when out holds ESC, BEL, NUL, another C0
// control but newline, DEL, a C1 control, U+202E or another bidi control.
func assertNoTerminalControls(t *testing.T, what, out string) {
	t.Helper()
	for i, r := range out {
		bad := r < 0x20 && r != '\n' || r == 0x7f || r >= 0x80 && r <= 0x9f ||
			r == 0x061c || r == 0x200e || r == 0x200f || r >= 0x202a && r <= 0x202e || r >= 0x2066 && r <= 0x2069
		if bad || r == utf8.RuneError && strings.HasPrefix(out[i:], "\xff") {
			t.Errorf("%s: %U reaches the output at byte %d: %q", what, r, i, out[max(0, i-40):min(len(out), i+40)])
			return
		}
	}
}

func TestHostileTextIsShownEscaped(t *testing.T) {
	t.Parallel()
	_, env := serveHostile(t)
	jsonShown := `\u001b]0;owned\u0007\u001b[2J\u001b]8;;http://evil.example/\u001b`
	cases := []struct {
		args []string
		want []string // escaped forms that must be visible
	}{
		{[]string{"deliveries"}, []string{hostileShown, `tom\x1b]0;owned`}},
		{[]string{"deliveries", "-o", "csv"}, []string{hostileShown, `'=HYPERLINK(`, `carol\x1b]0;owned`}},
		{[]string{"deliveries", "-o", "json"}, []string{jsonShown, `\u001b\\\u202e\u009b31m\u0000\u007f`}},
		{[]string{"deliveries", "--summary"}, []string{"evil.example"}},
		{[]string{"accounts"}, []string{`ev\x1b]0;owned\x07\x1b[2J`}},
		{[]string{"accounts", "-o", "csv"}, []string{`ev\x1b]0;owned\x07\x1b[2J`}},
		{[]string{"accounts", "-o", "json"}, []string{`ev` + jsonShown}},
		{[]string{"quota"}, []string{"disk"}},
		{[]string{"dns"}, []string{`~all \x1b]0;owned\x07`}},
		{[]string{"dns", "-o", "json"}, []string{jsonShown, `\u202e\u009b31m\u0000\u007f`}},
		{[]string{"dns", "-o", "csv"}, []string{`~all \x1b]0;owned\x07`}},
		{[]string{"diagnose"}, []string{`The filter "Spam \x1b]0;owned\x07\x1b[2J`, `fwd\x1b]0;owned`, `+ip4:198.51.100.20 \x1b]0;owned`}},
		{[]string{"diagnose", "-o", "json"}, []string{jsonShown}},
		{[]string{"api", "uapi", "Email", "list_pops_with_disk"}, []string{`ev` + jsonShown}},
		{[]string{"check"}, []string{"CPMAIL "}},
	}
	for _, tc := range cases {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			t.Parallel()
			r := run(t, env, "", tc.args...)
			if r.code != 0 && r.code != cmdutil.ExitFindings && (tc.args[0] != "check" || r.code > cmdutil.PluginCritical) {
				t.Fatalf("exit %d\n%s\n%s", r.code, r.stdout, r.stderr)
			}
			assertNoTerminalControls(t, "stdout", r.stdout)
			assertNoTerminalControls(t, "stderr", r.stderr)
			for _, w := range tc.want {
				if !strings.Contains(r.stdout, w) {
					t.Errorf("%q not shown in\n%s", w, r.stdout)
				}
			}
		})
	}
}

// JSON escapes are only how the text looks: a program reads the very
// string the server sent.
func TestHostileJSONKeepsTheString(t *testing.T) {
	t.Parallel()
	_, env := serveHostile(t)
	r := run(t, env, "", "accounts", "-o", "json")
	var rows []struct {
		Email string `json:"email"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatal(err)
	}
	found := false
	for _, row := range rows {
		found = found || row.Email == "ev"+hostile+"il@hostile.example"
	}
	if !found {
		t.Errorf("the hostile mailbox's name did not round-trip: %s", r.stdout)
	}
}

func TestServerErrorTextOnStderrIsEscaped(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		fault cpaneltest.Fault
		want  string
	}{
		"API error":  {cpaneltest.Fault{StatusZero: "The feature " + hostile + " is not enabled."}, `The feature \x1b]0;owned\x07\x1b[2J`},
		"HTTP body":  {cpaneltest.Fault{Status: 500, Body: "Internal error " + hostile + " at line 1", ContentType: "text/plain"}, `HTTP 500 (Internal error \x1b]0;owned\x07\x1b[2J`},
		"JSON error": {cpaneltest.Fault{Body: `{"status":0,"errors":["boom \u001b]0;owned\u0007\u001b[2J \u202e"],"data":null}`}, `boom \x1b]0;owned\x07\x1b[2J \u202e`},
		// A JSON body quoted as it came: its \u escapes are plain text.
		"HTTP JSON": {cpaneltest.Fault{Status: 500, Body: `{"status":0,"errors":["boom \u001b]0;owned\u0007\u001b[2J \u202e"]}`}, `boom \u001b]0;owned`},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			srv, env := serveHostile(t)
			srv.SetFault("Quota::get_quota_info", tc.fault)
			srv.SetFault("Email::list_pops_with_disk", tc.fault)
			for _, args := range [][]string{{"quota"}, {"accounts"}, {"accounts", "-o", "json"}} {
				r := run(t, env, "", args...)
				if r.code == 0 {
					t.Fatalf("%v: exit 0 for a failing call\n%s", args, r.stdout)
				}
				assertNoTerminalControls(t, "stdout", r.stdout)
				assertNoTerminalControls(t, "stderr", r.stderr)
				if !strings.Contains(r.stderr, tc.want) {
					t.Errorf("%v: stderr %q, want the server's text shown escaped: %q", args, r.stderr, tc.want)
				}
			}
		})
	}
}

// dns warns about each source it could not read, quoting the server.
func TestDNSWarningsQuoteTheServerEscaped(t *testing.T) {
	t.Parallel()
	srv, env := serveHostile(t)
	srv.SetFault("DNS::parse_zone", cpaneltest.Fault{StatusZero: "You do not control a DNS zone named " + hostile + "."})
	r := run(t, env, "", "dns", "hostile.example", "--offline")
	assertNoTerminalControls(t, "stdout", r.stdout)
	assertNoTerminalControls(t, "stderr", r.stderr)
	if !strings.Contains(r.stderr, `zone named \x1b]0;owned\x07\x1b[2J`) {
		t.Errorf("exit %d, stderr %q: the server's error is not shown escaped", r.code, r.stderr)
	}
}

// Every warning is escaped, whoever calls warnf with what.
func TestWarningsQuoteTheServerEscaped(t *testing.T) {
	t.Parallel()
	srv, env := serveHostile(t)
	srv.SetFault("Email::stats_db_status", cpaneltest.Fault{StatusZero: "stats " + hostile + " broken"})
	r := run(t, env, "", "deliveries")
	assertNoTerminalControls(t, "stdout", r.stdout)
	assertNoTerminalControls(t, "stderr", r.stderr)
	if !strings.Contains(r.stderr, `stats \x1b]0;owned\x07\x1b[2J`) {
		t.Errorf("exit %d, stderr %q: the server's error is not shown escaped", r.code, r.stderr)
	}
}

func TestExplainHostileText(t *testing.T) {
	t.Parallel()
	text := "550 5.7.1 <bob@evil.example> blocked using zen.spamhaus.org " + hostile + "; see http://evil.example/"
	for _, args := range [][]string{
		{"explain", text},
		{"explain", "--lines", text + "\n451 4.7.1 greylisted " + hostile},
		{"explain", "--lines", "-o", "csv", text},
		{"explain", "--lines", "-o", "json", text},
		{"explain", "-o", "json", text},
	} {
		r := run(t, nil, "", args...)
		if r.code != 0 {
			t.Fatalf("%v: exit %d %s", args[:len(args)-1], r.code, r.stderr)
		}
		assertNoTerminalControls(t, strings.Join(args[:len(args)-1], " "), r.stdout+r.stderr)
		if slices.Contains(args, "--lines") && !strings.Contains(r.stdout, hostileShown) && !strings.Contains(r.stdout, `\u001b]0;owned`) {
			t.Errorf("%v: the input is not shown escaped: %s", args[:len(args)-1], r.stdout)
		}
	}
	// From standard input too, with a line far over bufio.Scanner's
	// default 64 KiB.
	long := "550 5.1.1 " + strings.Repeat("x", 200<<10) + " " + hostile
	r := run(t, nil, long+"\n451 4.7.1 greylisted\n", "explain", "--lines")
	if r.code != 0 || strings.Count(r.stdout, "\n") != 3 {
		t.Errorf("explain --lines with a 200 KiB line: exit %d, %d lines\n%.300s", r.code, strings.Count(r.stdout, "\n"), r.stderr)
	}
	assertNoTerminalControls(t, "explain --lines (long)", r.stdout+r.stderr)
	// A line beyond what is explained: its start is explained, with one
	// clear warning, not bufio's words.
	r = run(t, nil, strings.Repeat("y", 5<<20)+"\n", "explain", "--lines")
	if r.code != 0 || !strings.Contains(r.stderr, "longer than 64 KiB") || strings.Contains(r.stderr, "bufio") || strings.Count(r.stdout, "\n") != 2 {
		t.Errorf("explain --lines with a 5 MiB line: exit %d %q", r.code, r.stderr)
	}
}

func TestSaveSnapshotOntoAnExistingFileIs0600(t *testing.T) {
	t.Parallel()
	_, env := serveHostile(t)
	path := filepath.Join(t.TempDir(), "case.json")
	if err := os.WriteFile(path, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(path, 0o644); err != nil { // whatever the umask
		t.Fatal(err)
	}
	r := run(t, env, "", "diagnose", "--save-snapshot", path)
	if r.code != 0 && r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	if m := st.Mode().Perm(); m != 0o600 {
		t.Errorf("snapshot mode %o, want 600: it holds account data", m)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	assertNoTerminalControls(t, "snapshot", string(b))
	if !strings.Contains(string(b), `\u202e`) {
		t.Error("the snapshot does not hold the hostile text escaped")
	}
	entries, _ := os.ReadDir(filepath.Dir(path))
	if len(entries) != 1 {
		t.Errorf("temporary files left beside the snapshot: %v", entries)
	}
	// It reads back, the strings as the server sent them.
	r = run(t, env, "", "diagnose", "--from-snapshot", path, "-o", "json")
	if !strings.Contains(r.stdout, `fwd\u001b]0;owned`) {
		t.Errorf("from the snapshot: %d %.500s %s", r.code, r.stdout, r.stderr)
	}
}
