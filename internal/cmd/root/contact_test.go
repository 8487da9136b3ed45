package root

import (
	"encoding/json"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestTargetNotOnTheAccount: a domain or address that is not on the
// account is one line and exit 2 (check: UNKNOWN), after one request, not
// "no problems found".
func TestTargetNotOnTheAccount(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	cases := []struct {
		args []string
		code cmdutil.ExitCode
		want string
	}{
		{[]string{"diagnose", "nosuch.example"}, cmdutil.ExitUsage, "nosuch.example is not a mail domain of account greenleaf (it has: greenleaf.example)"},
		{[]string{"diagnose", "info@nosuch.example"}, cmdutil.ExitUsage, "info@nosuch.example is not on account greenleaf: nosuch.example is not one of its mail domains"},
		{[]string{"diagnose", "-o", "json", "nosuch.example"}, cmdutil.ExitUsage, "is not a mail domain"},
		{[]string{"dns", "nosuch.example"}, cmdutil.ExitUsage, "nosuch.example is not a mail domain of account greenleaf"},
		{[]string{"check", "nosuch.example"}, cmdutil.PluginUnknown, "CPMAIL UNKNOWN - nosuch.example is not a mail domain"},
	}
	for _, tc := range cases {
		srv.ResetCalls()
		r := run(t, env, "", tc.args...)
		msg := strings.TrimSpace(r.stderr)
		if tc.code == cmdutil.PluginUnknown {
			msg = strings.TrimSpace(r.stdout)
		} else if r.stdout != "" {
			t.Errorf("%v: printed %q", tc.args, r.stdout)
		}
		if r.code != tc.code || strings.Contains(msg, "\n") || !strings.Contains(msg, tc.want) {
			t.Errorf("%v: exit %d, %q; want exit %d and one line with %q", tc.args, r.code, msg, tc.code, tc.want)
		}
		if n := len(srv.Calls()); n != 1 {
			t.Errorf("%v: %d requests, want 1 (the domains)", tc.args, n)
		}
		t.Logf("%v → exit %d: %s", tc.args, r.code, msg)
	}
	// An address of the account's domain without a mailbox (a typo, a
	// removed user) is still diagnosed: that is what a diagnosis explains.
	if r := run(t, env, "", "diagnose", "--offline", "nobody@greenleaf.example"); r.code != cmdutil.ExitFindings || !strings.Contains(r.stdout, "[recipient-unknown]") {
		t.Errorf("address without a mailbox: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if r := run(t, env, "", "diagnose", "--offline", "GreenLeaf.Example"); r.code != 0 {
		t.Errorf("the account's domain in capitals: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

// TestNothingReadIsNotFine: when every call fails, diagnose reports what
// could not be read and exits 1 (never "no problems found" and 0); dns
// says which lookups failed and exits 1; check says UNKNOWN.
func TestNothingReadIsNotFine(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("*", cpaneltest.Fault{Status: 500})
	r := run(t, env, "", "diagnose", "--offline", "-o", "json")
	var rep struct {
		Verdict string `json:"verdict"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil || rep.Verdict == "pass" || r.code != cmdutil.ExitError {
		t.Errorf("diagnose: exit %d, verdict %q (%v)\n%s", r.code, rep.Verdict, err, r.stderr)
	}
	last := strings.Split(strings.TrimSpace(r.stderr), "\n")
	if l := last[len(last)-1]; !strings.HasPrefix(l, "cpmail: could not read ") || !strings.Contains(l, "partial") {
		t.Errorf("diagnose: last line %q", l)
	}
	r = run(t, env, "", "diagnose", "--offline")
	if r.code != cmdutil.ExitError || strings.Contains(r.stdout, "no problems found (") {
		t.Errorf("diagnose table: exit %d\n%s", r.code, r.stdout)
	}
	r = run(t, env, "", "dns", "greenleaf.example", "--offline")
	if r.code != cmdutil.ExitError || !strings.Contains(r.stdout, "could not read: DNS::parse_zone (HTTP 500)") || strings.Contains(r.stdout, "(none)") ||
		!strings.Contains(r.stderr, "nothing could be read from cPanel") {
		t.Errorf("dns: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "", "check", "--offline")
	if r.code != cmdutil.PluginUnknown || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") {
		t.Errorf("check: exit %d %q", r.code, r.stdout)
	}
}

// TestDNSSaysWhichLookupsFailed: a zone that cannot be read shows
// "could not read: DNS::parse_zone (HTTP 500)" where its records would be,
// not "(none)"; routing and cPanel's checks likewise. What was read is shown.
func TestDNSSaysWhichLookupsFailed(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("DNS::parse_zone", cpaneltest.Fault{Status: 500})
	srv.SetFault("Email::list_mxs", cpaneltest.Fault{StatusZero: "The feature “emailrouting” is not enabled."})
	srv.SetFault("EmailAuth::validate_current_dkims", cpaneltest.Fault{HTML: true})
	for _, lang := range []string{"en", "zh-TW"} {
		r := run(t, env, "", "--lang", lang, "dns", "greenleaf.example", "--offline")
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", lang, r.code, r.stderr)
		}
		want := []string{"could not read: DNS::parse_zone (HTTP 500)", "could not read: Email::list_mxs (cPanel refused the call)",
			"could not read: EmailAuth::validate_current_dkims (not cPanel's JSON)"}
		if lang == "zh-TW" {
			want = []string{"無法讀取：DNS::parse_zone (HTTP 500)", "無法讀取：Email::list_mxs (cPanel 拒絕此呼叫)"}
		}
		for _, w := range want {
			if !strings.Contains(r.stdout, w) {
				t.Errorf("%s: no %q in\n%s", lang, w, r.stdout)
			}
		}
		for _, l := range strings.Split(r.stdout, "\n") {
			if (strings.Contains(l, " NS ") || strings.Contains(l, " MX ")) && (strings.Contains(l, "(none)") || strings.Contains(l, "（無）")) {
				t.Errorf("%s: a failed read shown as none: %q", lang, l)
			}
		}
		// cPanel's SPF check was read: it is shown.
		if !strings.Contains(r.stdout, "VALID") {
			t.Errorf("%s: the checks that were read are missing:\n%s", lang, r.stdout)
		}
	}
}

// TestAPIRefusesWritesBeforeSending: functions that change the account,
// including run-together names that start like reads, are refused in one
// line with exit 2 before any request.
func TestAPIRefusesWritesBeforeSending(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	for _, fn := range [][]string{
		{"uapi", "Quota", "getAndSetQuota"}, {"api2", "Stats", "statsreset"}, {"uapi", "Email", "set_default_address"},
		{"uapi", "Email", "add_pop"}, {"api2", "Email", "addpop"}, {"uapi", "Email", "suspend_incoming"},
		{"api2", "Email", "setdefaultaddress"}, {"uapi", "Email", "delete_pop"}, {"api2", "ZoneEdit", "fetchzone_and_edit_zone_record"},
	} {
		r := run(t, env, "", append([]string{"api"}, fn...)...)
		msg := strings.TrimSpace(r.stderr)
		if r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || !strings.Contains(msg, "only calls functions that read") {
			t.Errorf("%v: exit %d, %q", fn, r.code, msg)
		}
	}
	if calls := srv.Calls(); len(calls) != 0 {
		t.Errorf("requests were sent: %v", calls)
	}
	// Reads, run-together or not, still work.
	for _, fn := range [][]string{{"uapi", "Email", "get_spam_settings"}, {"uapi", "Email", "list_pops_with_disk"}, {"api2", "EmailTrack", "search"}} {
		if r := run(t, env, "", append([]string{"api"}, fn...)...); r.code != 0 {
			t.Errorf("%v: exit %d %s", fn, r.code, r.stderr)
		}
	}
}

// TestDNSSaysWhichLiveLookupsFailed: when public DNS cannot be asked (the
// resolver refuses), the public side says "could not check", not "(none)",
// and marks no difference.
func TestDNSSaysWhichLiveLookupsFailed(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	pc, err := net.ListenPacket("udp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := pc.LocalAddr().String()
	pc.Close()
	r := run(t, env, "", "dns", "greenleaf.example", "--resolver", closed)
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	table, _, _ := strings.Cut(r.stdout, "\n\n")
	for _, l := range strings.Split(table, "\n")[1:] {
		if strings.Contains(l, "(none)") || strings.Contains(l, "≠") {
			t.Errorf("an unanswered lookup shown as none or as a difference: %q", l)
		}
	}
	if n := strings.Count(table, "could not check"); n != 6 {
		t.Errorf("%d 'could not check' (NS, MX, SPF, DKIM, DMARC, PTR), want 6:\n%s", n, table)
	}
}

// With host, user and token all given (a monitoring daemon's
// environment), the profile store is not read: a store that cannot be
// read (here a broken config.json; for a daemon, a HOME it may not read)
// does not fail the run. Without a token, the store is read and its
// error reported.
func TestCompleteCredentialsSkipTheProfileStore(t *testing.T) {
	_, env := serveScenario(t, "healthy")
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	env["CPMAIL_CONFIG_DIR"] = dir
	if r := run(t, env, "", "quota"); r.code != 0 {
		t.Fatalf("full credentials: exit %d, %s", r.code, r.stderr)
	}
	delete(env, "CPANEL_TOKEN")
	if r := run(t, env, "", "quota"); r.code == 0 {
		t.Fatalf("no token and a broken store: exit 0, %s", r.stdout)
	}
}
