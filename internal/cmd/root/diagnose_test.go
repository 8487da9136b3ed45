package root

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
)

func TestDiagnoseDemo(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "diagnose")
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// The header and the sparkline, the overview (the cause its first
	// row), then the details, the cause first.
	blocks := strings.Split(r.stdout, "\n\n")
	if len(blocks) < 3 || !strings.HasPrefix(strings.Split(blocks[0], "\n")[1], "Problem deliveries, 3 hours per mark") {
		t.Fatalf("no sparkline under the header:\n%s", r.stdout)
	}
	if overview := strings.Split(blocks[1], "\n"); !strings.HasPrefix(overview[0], "SEVERITY  ID") || !strings.HasPrefix(overview[1], "FAIL      mailbox-full") {
		t.Errorf("overview not first, or the cause not its first row:\n%s", r.stdout)
	}
	if !strings.HasPrefix(blocks[2], "Most likely cause: FAIL") {
		t.Errorf("cause not first:\n%s", r.stdout)
	}
	for _, id := range []string{"mailbox-full", "incoming-suspended", "recipient-unknown", "auth-rejected", "send-limit-reached", "incoming-rbl-rejected", "deferred-retrying"} {
		if !strings.Contains(r.stdout, "["+id+"]") {
			t.Errorf("demo diagnosis lacks %s", id)
		}
	}
	r = run(t, nil, "", "--demo", "--lang", "zh-TW", "diagnose")
	if !strings.Contains(r.stdout, "最可能的原因") {
		t.Errorf("no Chinese report:\n%s", r.stdout)
	}
}

func TestDiagnoseJSONSnapshotAndHealthy(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	dir := t.TempDir()
	snap := filepath.Join(dir, "case.json")
	r := run(t, env, "", "diagnose", "info@example.com", "-o", "json", "--save-snapshot", snap)
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "target", "verdict", "findings", "messages", "coverage"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report lacks %s", k)
		}
	}
	if rep["verdict"] != "fail" || rep["target"] != "info@example.com" || len(rep["messages"].([]any)) == 0 {
		t.Errorf("report = %v", rep)
	}
	saved, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), env["CPANEL_TOKEN"]) {
		t.Fatal("the snapshot holds the token")
	}
	if st, _ := os.Stat(snap); st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %o", st.Mode().Perm())
	}
	r2 := run(t, map[string]string{}, "", "diagnose", "--from-snapshot", snap, "-o", "json")
	var rep2 map[string]any
	_ = json.Unmarshal([]byte(r2.stdout), &rep2)
	a, _ := json.Marshal(rep["findings"])
	b, _ := json.Marshal(rep2["findings"])
	if r2.code != cmdutil.ExitFindings || !bytes.Equal(a, b) {
		t.Errorf("offline diagnosis differs (exit %d):\n%s\n%s", r2.code, a, b)
	}

	_, healthy := serveScenario(t, "healthy")
	r = run(t, healthy, "", "diagnose")
	if r.code != 0 || !strings.Contains(r.stdout, "no problems found") {
		t.Errorf("healthy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDiagnoseDegradesWhenASourceFails(t *testing.T) {
	t.Parallel()
	// A 403 that names a feature refuses that function only (a bare
	// "Forbidden" refuses the credentials: TestRefusedTokenStopsAtOnce).
	for _, fault := range []cpaneltest.Fault{{Status: 500}, {Status: 403, Body: "Forbidden: the token lacks the feature needed for this function"}, {Latency: 3 * time.Second}} {
		srv, env := serveScenario(t, "healthy")
		srv.SetFault("Email::list_pops_with_disk", fault)
		r := run(t, env, "", "diagnose", "-o", "json", "--timeout", "1s")
		var rep struct {
			Verdict  string `json:"verdict"`
			Coverage []struct {
				Source string `json:"source"`
				OK     bool   `json:"ok"`
				Error  string `json:"error"`
			} `json:"coverage"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%+v: %v %s %s", fault, err, r.stdout, r.stderr)
		}
		if rep.Verdict == "pass" {
			t.Errorf("%+v: verdict pass with a failed source", fault)
		}
		found := false
		for _, c := range rep.Coverage {
			if c.Source == "Email::list_pops_with_disk" && !c.OK && c.Error != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: failure not in coverage: %+v", fault, rep.Coverage)
		}
	}
}

func TestInterruptedDiagnosisIsPartial(t *testing.T) {
	t.Parallel()
	// Every call would take 20 s: only a prompt stop ends the run sooner.
	_, env := serveScenario(t, "healthy", cpaneltest.WithLatency(20*time.Second))
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	io, _, out, errOut := iostreams.Test()
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	start := time.Now()
	code := Run(ctx, f, []string{"diagnose", "-o", "json"})
	if code != cmdutil.ExitInterrupt || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %v: %s", code, time.Since(start), errOut.String())
	}
	if !strings.Contains(out.String(), `"coverage"`) || !strings.Contains(errOut.String(), "partial") {
		t.Errorf("no partial report: %s / %s", out.String(), errOut.String())
	}
}
