package diagnose

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// TestRuleIDWrittenOnce: a rule's id is written once in the module's Go
// code (its row in Rules, or the dnscheck problem a live rule is named
// after) and nowhere else, so nothing can drift from it; its words are
// catalog entries (<id>.title, …).
func TestRuleIDWrittenOnce(t *testing.T) {
	var code strings.Builder
	err := filepath.WalkDir("..", func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".") && path != "..") {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		code.Write(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, r := range Rules() {
		if seen[r.ID] {
			t.Errorf("rule id %s is registered twice", r.ID)
		}
		seen[r.ID] = true
		if n := strings.Count(code.String(), `"`+r.ID+`"`); n != 1 {
			t.Errorf("rule id %q is written %d times in the module's code, want once", r.ID, n)
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
