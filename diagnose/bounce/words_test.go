package bounce

import (
	"testing"

	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// described is a Description rendered in one language.
type described struct {
	Title, Explanation, Remedy string
	Actor                      Actor
}

// inLang renders d in tag with the real catalogs; the test fails if an id
// is missing.
func inLang(t testing.TB, d Description, tag string) described {
	t.Helper()
	text := i18ntest.Text(t, tag)
	return described{text(d.Title), text(d.Explanation), text(d.Remedy), d.Actor}
}
