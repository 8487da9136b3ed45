package diagnose

import (
	"testing"

	"github.com/cpmail/cpmail/internal/i18n"
)

// EvalIn is evalIn for the external tests (package diagnose_test).
func EvalIn(t testing.TB, s *Snapshot, o EvalOptions, l i18n.Tag) *Report {
	t.Helper()
	return evalIn(t, s, o, l)
}
