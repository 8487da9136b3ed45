package diagnose_test

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/fixture"
)

// update rewrites the saved snapshots: go test ./diagnose -run '^TestSavedSnapshots$' -update
var update = flag.Bool("update", false, "rewrite testdata/snapshots from the fake cPanel server")

// snapshotCase is one saved snapshot: a scenario gathered for a target.
type snapshotCase struct {
	scenario string
	target   diagnose.Target
}

// file is the snapshot's name in testdata/snapshots: SCENARIO.json for the
// whole account, SCENARIO.TARGET.json for an address or a domain.
func (c snapshotCase) file() string {
	if c.target.Kind == diagnose.TargetAccount {
		return c.scenario + ".json"
	}
	return c.scenario + "." + c.target.Value + ".json"
}

// snapshotCases lists the saved snapshots: every test scenario and every
// shipped demo, for the whole account, plus the diagnoses of one address
// the rule tests make. The scenario tests evaluate these files, not the
// HTTP server, so a rule test reads no network and a gather bug fails
// TestSavedSnapshots alone.
func snapshotCases(t *testing.T) []snapshotCase {
	t.Helper()
	names, err := fixture.ScenarioNames()
	if err != nil {
		t.Fatal(err)
	}
	account := diagnose.Target{Kind: diagnose.TargetAccount}
	var cases []snapshotCase
	for _, name := range slices.Concat(names, cpaneltest.ScenarioNames()) {
		cases = append(cases, snapshotCase{name, account})
	}
	return append(cases,
		snapshotCase{"rule-no-delivery-record", diagnose.Target{Kind: diagnose.TargetAddress, Value: "anna@greenleaf.example"}},
	)
}

// snapshotDir is testdata/snapshots.
func snapshotDir(t *testing.T) string {
	t.Helper()
	dir, err := fixture.Dir("snapshots")
	if err != nil {
		t.Fatal(err)
	}
	return dir
}

// gatherScenario serves a scenario on the fake cPanel server and gathers a
// snapshot of target over the seven days before scenarioNow, every source
// read.
func gatherScenario(t *testing.T, name string, target diagnose.Target) *diagnose.Snapshot {
	t.Helper()
	sc, err := fixture.Scenario(name)
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return scenarioNow }
	srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(clock))
	t.Cleanup(srv.Close)
	c, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	snap := diagnose.Gather(ctx, c, diagnose.GatherOptions{Target: target, Since: scenarioNow.Add(-7 * 24 * time.Hour), Now: clock})
	for _, cov := range snap.Coverage {
		if !cov.OK {
			t.Errorf("%s: source %s failed: %s", name, cov.Source, cov.Error)
		}
	}
	return snap
}

// savedSnapshot reads the saved snapshot of scenario name for target,
// written by TestSavedSnapshots, with no HTTP.
func savedSnapshot(t *testing.T, name string, target diagnose.Target) *diagnose.Snapshot {
	t.Helper()
	c := snapshotCase{name, target}
	path := filepath.Join(snapshotDir(t), c.file())
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("no saved snapshot for scenario %s (%s): add it to snapshotCases and run go test ./diagnose -run '^TestSavedSnapshots$' -update (%v)", name, target, err)
	}
	defer f.Close()
	snap, err := diagnose.ReadSnapshot(f)
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	if snap.Target != target {
		t.Fatalf("%s holds a snapshot of %+v, want %+v", path, snap.Target, target)
	}
	return snap
}

// TestSavedSnapshots gathers every scenario over HTTP from the fake cPanel
// server and checks that the result is the saved snapshot, byte for byte;
// with -update it writes the files instead. Together with the scenario
// tests, which evaluate the saved files, this is the rule tests' old path
// (serve, gather, evaluate) cut in two at the snapshot.
func TestSavedSnapshots(t *testing.T) {
	t.Parallel()
	dir := snapshotDir(t)
	if *update {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	cases := snapshotCases(t)
	want := map[string]bool{}
	for _, c := range cases {
		want[c.file()] = true
		t.Run(strings.TrimSuffix(c.file(), ".json"), func(t *testing.T) {
			t.Parallel()
			var buf bytes.Buffer
			if err := gatherScenario(t, c.scenario, c.target).Write(&buf); err != nil {
				t.Fatal(err)
			}
			path := filepath.Join(dir, c.file())
			if *update {
				if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			saved, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v: run go test ./diagnose -run '^TestSavedSnapshots$' -update", err)
			}
			if diff := firstDiff(saved, buf.Bytes()); diff != "" {
				t.Errorf("%s is not what gathering %s gives now (%s): if the change is meant, run go test ./diagnose -run '^TestSavedSnapshots$' -update", c.file(), c.scenario, diff)
			}
		})
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if !want[e.Name()] {
			t.Errorf("testdata/snapshots/%s belongs to no scenario: delete it, or add its case to snapshotCases", e.Name())
		}
	}
}

// TestSavedSnapshotsEvaluate evaluates every saved snapshot with no server
// at all: each reads back, passes its own validation and evaluates with
// every source read, and a scenario that plants one rule's problem
// (rule-<id>) reports that rule in one of its snapshots. The exact
// findings each scenario must give are asserted by the scenario tests
// (scenario_rules_test.go, scenario_config_test.go), which evaluate the
// same files.
func TestSavedSnapshotsEvaluate(t *testing.T) {
	t.Parallel()
	ids := diagnose.RuleIDs()
	found := map[string][]string{}
	for _, c := range snapshotCases(t) {
		rep := diagnose.Evaluate(savedSnapshot(t, c.scenario, c.target), diagnose.EvalOptions{Now: scenarioNow})
		if len(rep.Unread) != 0 {
			t.Errorf("the saved snapshot %s has unread sources: %v", c.file(), rep.Unread)
		}
		for _, f := range rep.Findings {
			found[c.scenario] = append(found[c.scenario], f.ID)
		}
	}
	for _, c := range snapshotCases(t) {
		id, ok := strings.CutPrefix(c.scenario, "rule-")
		if !ok || c.target.Kind != diagnose.TargetAccount {
			continue
		}
		if !slices.Contains(ids, id) {
			t.Errorf("scenario %s names no rule", c.scenario)
		}
		if !slices.Contains(found[c.scenario], id) {
			t.Errorf("the saved snapshots of %s give %v, not %s", c.scenario, found[c.scenario], id)
		}
	}
}

// firstDiff describes the first line where a and b differ ("" when equal).
func firstDiff(a, b []byte) string {
	if bytes.Equal(a, b) {
		return ""
	}
	al, bl := strings.Split(string(a), "\n"), strings.Split(string(b), "\n")
	for i := range max(len(al), len(bl)) {
		var x, y string
		if i < len(al) {
			x = al[i]
		}
		if i < len(bl) {
			y = bl[i]
		}
		if x != y {
			return fmt.Sprintf("line %d: saved %q, gathered %q", i+1, strings.TrimSpace(x), strings.TrimSpace(y))
		}
	}
	return "they differ"
}
