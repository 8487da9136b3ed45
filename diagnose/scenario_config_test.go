package diagnose_test

import (
	"testing"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/i18n"
)

var scenarioNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// diagnoseScenario evaluates the saved whole-account snapshot of a
// scenario.
func diagnoseScenario(t *testing.T, name string, l i18n.Tag) *diagnose.Report {
	t.Helper()
	return diagnoseScenarioTarget(t, name, diagnose.Target{Kind: diagnose.TargetAccount}, l)
}

// diagnoseScenarioTarget evaluates the saved snapshot of a scenario for
// target (testdata/snapshots, gathered from the fake server over the last
// seven days; TestSavedSnapshots keeps it equal to what gathering gives).
func diagnoseScenarioTarget(t *testing.T, name string, target diagnose.Target, l i18n.Tag) *diagnose.Report {
	t.Helper()
	snap := savedSnapshot(t, name, target)
	for _, cov := range snap.Coverage {
		if !cov.OK {
			t.Errorf("%s: source %s failed: %s", name, cov.Source, cov.Error)
		}
	}
	return diagnose.EvalIn(t, snap, diagnose.EvalOptions{Now: scenarioNow}, l)
}

func TestHealthyScenarioPasses(t *testing.T) {
	t.Parallel()
	rep := diagnoseScenario(t, "healthy", i18n.English)
	for _, f := range rep.Findings {
		t.Errorf("unexpected finding %s %s (%s): %s", f.ID, f.Subject, f.Severity, f.Title)
	}
	if rep.Verdict != diagnose.VerdictPass {
		t.Errorf("verdict = %s, want pass", rep.Verdict)
	}
}

func TestConfigRuleScenarios(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id, subject string
		sev         diagnose.Severity
	}{
		{"default-address-discards", "greenleaf.example", diagnose.Warn},
		{"filter-discards", "hello@greenleaf.example", diagnose.Fail},
		{"spam-auto-delete", "greenleaf", diagnose.Warn},
		{"forwarder-external", "owner@greenleaf.example", diagnose.Fail},
		{"routing-mismatch", "greenleaf.example", diagnose.Fail},
		{"mx-missing", "greenleaf.example", diagnose.Fail},
		{"spf-missing", "greenleaf.example", diagnose.Fail},
		{"spf-invalid", "greenleaf.example", diagnose.Fail},
		{"dkim-missing", "greenleaf.example", diagnose.Fail},
		{"dkim-invalid", "greenleaf.example", diagnose.Fail},
		{"dmarc-missing", "greenleaf.example", diagnose.Warn},
		{"ptr-invalid", "greenleaf.example", diagnose.Fail},
		{"cpanel-state-unknown", "greenleaf.example", diagnose.Warn},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			for _, l := range i18n.Languages() {
				rep := diagnoseScenario(t, "rule-"+tc.id, l)
				var found bool
				var got []string
				for _, f := range rep.Findings {
					got = append(got, f.ID+" "+f.Subject)
					if f.ID != tc.id || f.Subject != tc.subject {
						continue
					}
					found = true
					if f.Severity != tc.sev {
						t.Errorf("%s: severity %s, want %s", l, f.Severity, tc.sev)
					}
					if f.Title == "" || f.Detail == "" || f.Remedy == "" || len(f.Evidence) == 0 {
						t.Errorf("%s: incomplete finding %+v", l, f)
					}
				}
				if !found {
					t.Errorf("%s: no %s finding for %s; got %v", l, tc.id, tc.subject, got)
				}
				if len(got) != 1 {
					// Each scenario shows one problem; another finding is
					// a rule speaking out of turn (as auth-rejected once
					// did for forwarded mail).
					t.Errorf("%s: want only %s, got %v", l, tc.id, got)
				}
				if want := map[diagnose.Severity]diagnose.Verdict{diagnose.Fail: diagnose.VerdictFail, diagnose.Warn: diagnose.VerdictWarn}[tc.sev]; rep.Verdict != want {
					t.Errorf("%s: verdict %s, want %s", l, rep.Verdict, want)
				}
			}
		})
	}
}
