package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// fleet --textfile writes one set of series per account, parsed back with
// expfmt and checked against the planted fleet: the verdicts, findings,
// WHM's facts, the counts, the account that could not be read, and no
// label holding message text.
func TestFleetTextfile(t *testing.T) {
	srv, env := plantedFleet(t)
	srv.Account("broken").SetFault("*", cpaneltest.Fault{Status: 500})
	path := filepath.Join(t.TempDir(), "cpmail_fleet.prom")
	r := runAt(t, time.Now(), env, "fleet", "--offline", "--textfile", path, "-o", "json")
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	if len(fleetJSON(t, r)) != 7 {
		t.Fatalf("stdout is not the fleet's JSON: %s", r.stdout)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	fams := exposition(t, string(data))
	wantValue(t, fams, 1, "cpmail_last_run_success")
	wantValue(t, fams, 7, "cpmail_fleet_accounts_listed")
	wantValue(t, fams, 1, "cpmail_fleet_accounts", "verdict", "unknown")
	wantValue(t, fams, 1, "cpmail_account_info", "account", "fine", "domain", "fine.example", "owner", "res")
	wantValue(t, fams, 1, "cpmail_account_suspended", "account", "frozen")
	wantValue(t, fams, 0, "cpmail_account_suspended", "account", "fine")
	wantValue(t, fams, 1, "cpmail_account_verdict", "account", "full", "verdict", "fail")
	wantValue(t, fams, 0, "cpmail_account_verdict", "account", "full", "verdict", "pass")
	wantValue(t, fams, 1, "cpmail_account_verdict", "account", "fine", "verdict", "pass")
	wantValue(t, fams, 1, "cpmail_findings", "account", "full", "id", "mailbox-full", "severity", "fail")
	wantValue(t, fams, 1, "cpmail_findings", "account", "frozen", "id", "account-suspended", "severity", "fail")
	wantValue(t, fams, 1, "cpmail_findings", "account", "held", "id", "account-outgoing-held", "severity", "warn")
	wantValue(t, fams, 0, "cpmail_account_findings", "account", "fine", "severity", "fail")
	wantValue(t, fams, 1, "cpmail_account_up", "account", "fine")
	wantValue(t, fams, 0, "cpmail_account_up", "account", "broken")
	if _, ok := value(t, fams, "cpmail_account_messages_sent", "account", "broken"); ok {
		t.Errorf("counts for an account that could not be read")
	}
	if _, ok := value(t, fams, "cpmail_account_disk_used_bytes", "account", "fine"); !ok {
		t.Errorf("no disk use for a full scan's account")
	}
	if v, ok := value(t, fams, "cpmail_account_mailbox_max_used_ratio", "account", "full"); !ok || v < 0.9 {
		t.Errorf("the full mailbox's ratio = %v, %v", v, ok)
	}
	for name, mf := range fams {
		for _, m := range mf.GetMetric() {
			for _, lp := range m.GetLabel() {
				if strings.ContainsAny(lp.GetValue(), " @") && lp.GetName() != "goversion" {
					t.Errorf("%s: label %s=%q holds free text or an address", name, lp.GetName(), lp.GetValue())
				}
			}
		}
	}
	if st, err := os.Stat(path); err != nil || st.Mode().Perm() != 0o644 {
		t.Errorf("textfile mode %v, %v", st.Mode(), err)
	}

	// --quick: the same account series, without the per-account figures.
	r = runAt(t, time.Now(), env, "fleet", "--quick", "--textfile", path)
	data, _ = os.ReadFile(path)
	fams = exposition(t, string(data))
	wantValue(t, fams, 1, "cpmail_findings", "account", "frozen", "id", "account-suspended", "severity", "fail")
	if fams["cpmail_account_disk_used_bytes"] != nil {
		t.Errorf("--quick wrote figures it does not read")
	}
	// Without --until the window ends now: 7 days (the default --since).
	if v, ok := value(t, fams, "cpmail_delivery_window_seconds"); !ok || v != 7*24*3600 {
		t.Errorf("--quick: cpmail_delivery_window_seconds = %v, %v; want 604800", v, ok)
	}

	// A refused token: the file says the run failed and keeps the time
	// of the last good one; one request only.
	before := len(srv.Calls())
	env["WHM_TOKEN"] = "WRONGTOKENWRONGTOKENWRONGTOKEN12"
	r = runAt(t, time.Now(), env, "fleet", "--quick", "--textfile", path)
	if r.code != cmdutil.ExitRefused {
		t.Fatalf("refused: exit %d, %s", r.code, r.stderr)
	}
	if n := len(srv.Calls()) - before; n != 1 {
		t.Errorf("%d requests after a refusal, want 1", n)
	}
	data, _ = os.ReadFile(path)
	fams = exposition(t, string(data))
	wantValue(t, fams, 0, "cpmail_last_run_success")
	if _, ok := value(t, fams, "cpmail_last_success_timestamp_seconds"); !ok {
		t.Errorf("the time of the last good run was lost")
	}
	if fams["cpmail_account_info"] != nil {
		t.Errorf("a refused run wrote account series")
	}
}
