package diagnose

import (
	"testing"

	"github.com/cpmail/cpmail/lang"
)

// EvalIn is evalIn for the external tests (package diagnose_test).
func EvalIn(t testing.TB, s *Snapshot, o EvalOptions, l lang.Tag) *Report {
	t.Helper()
	return evalIn(t, s, o, l)
}
