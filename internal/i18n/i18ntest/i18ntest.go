// Package i18ntest renders msg.Texts in tests with the real catalogs and
// fails the test when a message id is missing from the language's catalog
// or a template names an argument the Text does not carry.
package i18ntest

import (
	"testing"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
)

// Text returns a renderer for tag ("en", "zh-TW") that fails tb, when
// the test ends, for every id it could not render.
func Text(tb testing.TB, tag string) func(msg.Text) string {
	tb.Helper()
	return Localizer(tb, tag).Text
}

// Localizer returns the catalogs' Localizer for tag, checked like Text.
func Localizer(tb testing.TB, tag string) *i18n.Localizer {
	tb.Helper()
	c, err := i18n.Load()
	if err != nil {
		tb.Fatal(err)
	}
	l := c.Localizer(tag)
	tb.Cleanup(func() {
		if m := l.Missing(); len(m) > 0 {
			tb.Errorf("%s: message ids missing or short of arguments: %v", tag, m)
		}
	})
	return l
}
