package diagnose

import (
	"testing"

	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// evalIn evaluates s and renders the report in l with the real catalogs;
// the test fails if a message id is missing in l.
func evalIn(t testing.TB, s *Snapshot, o EvalOptions, l i18n.Tag) *Report {
	t.Helper()
	rep := Evaluate(s, o)
	rep.Localize(i18ntest.Text(t, string(l)))
	return rep
}
