package diagnose

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// TestRuleIDWrittenOnce: a rule's id is written in its row and nowhere
// else in the package's code, so nothing can drift from it.
func TestRuleIDWrittenOnce(t *testing.T) {
	files, err := filepath.Glob("*.go")
	if err != nil {
		t.Fatal(err)
	}
	var code strings.Builder
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		code.Write(b)
	}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule id %s is registered twice", r.ID)
		}
		seen[r.ID] = true
		if n := strings.Count(code.String(), `"`+r.ID+`"`); n != 1 {
			t.Errorf("rule id %q is written %d times in the package's code, want once (its row in Rules)", r.ID, n)
		}
	}
}

// TestRulesDescribeThemselves: every row names its area, a severity and
// a title in both languages, and what it supersedes is a rule.
func TestRulesDescribeThemselves(t *testing.T) {
	ids := map[string]bool{}
	for _, r := range Rules() {
		ids[r.ID] = true
	}
	for _, r := range Rules() {
		if r.Area == "" || r.Severity == 0 || r.Check == nil {
			t.Errorf("%s: incomplete row %+v", r.ID, r)
		}
		for _, tag := range []string{"en", "zh-TW"} {
			if got := i18ntest.Text(t, tag)(r.Title()); got == "" {
				t.Errorf("%s: no title in %s", r.ID, tag)
			}
		}
		for _, s := range r.Supersedes {
			if !ids[s] {
				t.Errorf("%s supersedes %q, which is no rule", r.ID, s)
			}
		}
	}
}
