package root

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// fleetRow is what the tests read of fleet -o json.
type fleetRow struct {
	Account   string  `json:"account"`
	Domain    string  `json:"domain"`
	Owner     string  `json:"owner"`
	Suspended bool    `json:"suspended"`
	Verdict   string  `json:"verdict"`
	Error     *string `json:"error"`
	Findings  []struct {
		ID, Severity, Subject, Title string
	} `json:"findings"`
	Counts map[string]int `json:"counts"`
}

// plantedFleet serves test plants as the accounts of one WHM server,
// each renamed so that none shares a name or a domain, with the facts
// only WHM has on two of them; "res" owns two accounts.
func plantedFleet(t *testing.T) (*cpaneltest.WHMServer, map[string]string) {
	t.Helper()
	load := func(name, user string) *cpaneltest.Scenario {
		sc, err := cpaneltest.LoadScenarioFS(os.DirFS("../../../testdata/scenarios"), name)
		if err != nil {
			sc, err = cpaneltest.LoadScenario(name)
		}
		if err != nil {
			t.Fatal(err)
		}
		r, err := sc.Renamed(user, user+".example")
		if err != nil {
			t.Fatal(err)
		}
		return r
	}
	accts := []cpaneltest.WHMAccount{
		{Scenario: load("rule-mailbox-full", "full")},
		{Scenario: load("rule-spf-missing", "nospf"), Owner: "res"},
		{Scenario: load("rule-recipient-unknown", "typo")},
		{Scenario: load("healthy", "fine"), Owner: "res"},
		{Scenario: load("healthy", "frozen"), Suspended: true, SuspendReason: "Abuse report #12"},
		{Scenario: load("healthy", "held"), OutgoingMailHold: true},
		{Scenario: load("healthy", "broken")},
	}
	srv := cpaneltest.NewWHMServer(accts)
	t.Cleanup(srv.Close)
	return srv, map[string]string{"WHM_HOST": srv.URL, "WHM_TOKEN": srv.Token(), "CPMAIL_RESOLVER": startDNS(t, "")}
}

func fleetJSON(t *testing.T, r result) map[string]fleetRow {
	t.Helper()
	var rows []fleetRow
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("%v\nstdout %s\nstderr %s", err, r.stdout, r.stderr)
	}
	out := map[string]fleetRow{}
	for _, row := range rows {
		out[row.Account] = row
	}
	return out
}

func hasFinding(r fleetRow, id string) bool {
	for _, f := range r.Findings {
		if f.ID == id {
			return true
		}
	}
	return false
}

// fleet finds each account's planted problem, on its row; a fault on one
// account shows on its row only; nothing state-changing is called.
func TestFleetFindsPlantedProblems(t *testing.T) {
	srv, env := plantedFleet(t)
	srv.Account("broken").SetFault("*", cpaneltest.Fault{Status: 500})
	r := runAt(t, time.Now(), env, "fleet", "--offline", "-o", "json")
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d, stderr %s", r.code, r.stderr)
	}
	rows := fleetJSON(t, r)
	if len(rows) != 7 {
		t.Fatalf("%d rows: %v", len(rows), rows)
	}
	for acct, id := range map[string]string{"full": "mailbox-full", "nospf": "spf-missing", "typo": "recipient-unknown",
		"frozen": "account-suspended", "held": "account-outgoing-held"} {
		if !hasFinding(rows[acct], id) {
			t.Errorf("%s: no %s in %+v", acct, id, rows[acct].Findings)
		}
	}
	if rows["frozen"].Verdict != "fail" || !rows["frozen"].Suspended {
		t.Errorf("frozen = %+v", rows["frozen"])
	}
	if f := rows["fine"]; f.Verdict != "pass" || len(f.Findings) != 0 || f.Error != nil || f.Owner != "res" || f.Domain != "fine.example" {
		t.Errorf("fine = %+v", f)
	}
	b := rows["broken"]
	if b.Error == nil || !strings.Contains(*b.Error, "500") || b.Verdict != "unknown" {
		t.Errorf("broken = %+v", b)
	}
	for name, row := range rows {
		if name != "broken" && row.Error != nil {
			t.Errorf("%s carries the fault of another account: %s", name, *row.Error)
		}
		if row.Counts == nil {
			t.Errorf("%s: no counts", name)
		}
	}
	// Worst first: the fails, then the unknown one, then the rest.
	var order []string
	var list []fleetRow
	_ = json.Unmarshal([]byte(r.stdout), &list)
	for _, row := range list {
		order = append(order, row.Verdict)
	}
	if !slices.IsSortedFunc(order, func(a, b string) int { return verdictRank(a) - verdictRank(b) }) {
		t.Errorf("rows not worst first: %v", order)
	}
	for _, c := range srv.Calls() {
		if c.StateChanging {
			t.Errorf("state-changing call %s", c.Name())
		}
	}
}

func verdictRank(v string) int { return strings.Index("fail unknown warn pass", v) }

func TestFleetReseller(t *testing.T) {
	srv, env := plantedFleet(t)
	env["WHM_USER"], env["WHM_TOKEN"] = "res", srv.AddReseller("res")
	rows := fleetJSON(t, runAt(t, time.Now(), env, "fleet", "--offline", "-o", "json"))
	if len(rows) != 2 || rows["nospf"].Account == "" || rows["fine"].Account == "" {
		t.Fatalf("reseller sees %v", rows)
	}
	for _, c := range srv.Calls() {
		if c.Account != "" && c.Account != "nospf" && c.Account != "fine" {
			t.Errorf("reseller's scan touched %s (%s)", c.Account, c.Name())
		}
	}
}

func TestFleetNarrowing(t *testing.T) {
	_, env := plantedFleet(t)
	rows := fleetJSON(t, runAt(t, time.Now(), env, "fleet", "--offline", "-o", "json", "--accounts", "FULL,typo"))
	if len(rows) != 2 || rows["full"].Account == "" || rows["typo"].Account == "" {
		t.Fatalf("--accounts: %v", rows)
	}
	rows = fleetJSON(t, runAt(t, time.Now(), env, "fleet", "--offline", "-o", "json", "--owner", "res"))
	if len(rows) != 2 {
		t.Fatalf("--owner res: %v", rows)
	}
}

// A refused token stops the scan after one request.
func TestFleetRefusedTokenStops(t *testing.T) {
	srv, env := plantedFleet(t)
	env["WHM_TOKEN"] = "WRONGTOKENWRONGTOKENWRONGTOKEN12"
	for _, args := range [][]string{{"fleet", "--offline"}, {"fleet", "--quick"}} {
		r := runAt(t, time.Now(), env, args...)
		if r.code != cmdutil.ExitRefused || !strings.Contains(r.stderr, "WHM on") {
			t.Fatalf("%v: exit %d, %q", args, r.code, r.stderr)
		}
	}
	if n := len(srv.Calls()); n != 2 {
		t.Fatalf("%d requests for two refused runs, want 2", n)
	}
}

// A refusal in the middle of the scan (the token revoked) stops it too.
func TestFleetRefusalMidScanStops(t *testing.T) {
	srv, env := plantedFleet(t)
	srv.Account("typo").SetFault("*", cpaneltest.Fault{Status: 401})
	r := runAt(t, time.Now(), env, "fleet", "--offline", "--concurrency", "1")
	if r.code != cmdutil.ExitRefused {
		t.Fatalf("exit %d, %q", r.code, r.stderr)
	}
	refused := 0
	for _, c := range srv.Calls() {
		if c.Account == "typo" {
			refused++
		}
	}
	if refused != 1 {
		t.Fatalf("%d requests for the refused account, want 1", refused)
	}
}

// --quick reads listaccts and emailtrack_user_stats only.
func TestFleetQuick(t *testing.T) {
	srv, env := plantedFleet(t)
	r := runAt(t, time.Now(), env, "fleet", "--quick", "-o", "json")
	rows := fleetJSON(t, r)
	if len(rows) != 7 || !hasFinding(rows["frozen"], "account-suspended") || !hasFinding(rows["held"], "account-outgoing-held") {
		t.Fatalf("quick rows: %v", rows)
	}
	for _, c := range srv.Calls() {
		if c.API != "whm" {
			t.Errorf("--quick made a per-account call %s", c.Name())
		}
	}
	if n := len(srv.Calls()); n > 3 {
		t.Errorf("--quick made %d calls", n)
	}
	// Each account's section of the document gives the row's verdict.
	md := runAt(t, time.Now(), env, "fleet", "--quick", "-o", "markdown")
	for _, acct := range []string{"frozen", "held"} {
		want := fmt.Sprintf("account %s: **%s**", acct, strings.ToUpper(rows[acct].Verdict))
		if !strings.Contains(md.stdout, want) {
			t.Errorf("markdown section of %s: want %q in\n%s", acct, want, md.stdout)
		}
	}
}

// --save-snapshot DIR writes one snapshot an account, 0600, without the
// token; the table goes to stdout and nothing else.
func TestFleetSaveSnapshotAndTable(t *testing.T) {
	srv, env := plantedFleet(t)
	dir := t.TempDir()
	r := runAt(t, time.Now(), env, "fleet", "--offline", "--save-snapshot", dir, "--accounts", "full,frozen")
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d %s", r.code, r.stderr)
	}
	for _, a := range []string{"full", "frozen"} {
		p := filepath.Join(dir, a+".json")
		st, err := os.Stat(p)
		if err != nil || st.Mode().Perm() != 0o600 {
			t.Fatalf("%s: %v %v", p, st, err)
		}
		b, _ := os.ReadFile(p)
		if strings.Contains(string(b), srv.Token()) || !strings.Contains(string(b), `"whm"`) {
			t.Fatalf("%s: token in the snapshot, or no WHM facts", p)
		}
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ACCOUNT") || !strings.HasPrefix(lines[1], "frozen") && !strings.HasPrefix(lines[1], "full") {
		t.Fatalf("table:\n%s", r.stdout)
	}
	if strings.Contains(r.stderr, "\r") {
		t.Fatal("a progress bar on a pipe")
	}
}

// Ctrl-C keeps the accounts that were finished.
func TestFleetInterruptKeepsFinished(t *testing.T) {
	srv, env := plantedFleet(t)
	srv.Account("typo").SetFault("*", cpaneltest.Fault{Latency: time.Minute})
	io, _, out, errOut := iostreams.Test()
	env["CPMAIL_CONFIG_DIR"] = t.TempDir()
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan cmdutil.ExitCode)
	go func() {
		done <- Run(ctx, f, []string{"fleet", "--offline", "--concurrency", "1", "-o", "json", "--accounts", "full,typo,fine"})
	}()
	for {
		if slices.ContainsFunc(srv.Calls(), func(c cpaneltest.Call) bool { return c.Account == "typo" }) {
			break
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	code := <-done
	if code != cmdutil.ExitInterrupt {
		t.Fatalf("exit %d, %s", code, errOut)
	}
	rows := fleetJSON(t, result{stdout: out.String()})
	if len(rows) != 1 || rows["full"].Account == "" {
		t.Fatalf("after Ctrl-C: %v", rows)
	}
	if !strings.Contains(errOut.String(), "1 of 3") {
		t.Fatalf("stderr %q", errOut)
	}
}

func TestFleetDemo(t *testing.T) {
	r := run(t, nil, "", "--demo", "fleet", "-o", "json")
	rows := fleetJSON(t, r)
	if len(rows) < 25 {
		t.Fatalf("%d demo accounts", len(rows))
	}
	bad := 0
	for _, row := range rows {
		if row.Verdict != "pass" {
			bad++
		}
	}
	if bad < 4 || bad > 12 {
		t.Fatalf("%d of %d demo accounts with problems, want a handful", bad, len(rows))
	}
	if !hasFinding(rows["unpaid"], "account-suspended") || !hasFinding(rows["demo"], "mailbox-full") {
		t.Fatalf("demo rows: %+v / %+v", rows["unpaid"], rows["demo"])
	}
	zh := run(t, nil, "", "--demo", "fleet", "--quick", "--lang", "zh-TW")
	if !strings.Contains(zh.stdout, "帳號") || !strings.Contains(zh.stdout, "已被停權") {
		t.Fatalf("zh-TW table:\n%s", zh.stdout)
	}
}

// TestFleetUnlistedAccountsInOrder: the accounts asked for that WHM does
// not list are named in order, the same on every run.
func TestFleetUnlistedAccountsInOrder(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "fleet", "--quick", "--accounts", "zz9,demo,aa1,mm5")
	a, m, z := strings.Index(r.stderr, "aa1"), strings.Index(r.stderr, "mm5"), strings.Index(r.stderr, "zz9")
	if a < 0 || m < 0 || z < 0 || !(a < m && m < z) {
		t.Errorf("the unlisted accounts are not named in order:\n%s", r.stderr)
	}
}
