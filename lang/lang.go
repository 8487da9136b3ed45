// Package lang names the languages cpmail speaks and picks one from the
// command line or the environment.
//
// Every text meant for people (titles, explanations, remedies, table
// headers) exists in each Tag. Keys and codes in JSON never depend on it.
package lang

import (
	"fmt"
	"strings"
)

// Tag is a supported output language.
type Tag string

const (
	// English is the default language.
	English Tag = "en"
	// TraditionalChinese is Traditional Chinese as written in Taiwan and Hong Kong.
	TraditionalChinese Tag = "zh-TW"
)

// Tags lists every supported language.
func Tags() []Tag { return []Tag{English, TraditionalChinese} }

// Parse accepts "en" or "zh-TW" (and the spellings a locale uses, such as
// "zh_TW.UTF-8", "zh-Hant" or "zh_HK"). Anything else is an error that names
// the accepted values.
func Parse(s string) (Tag, error) {
	if t, ok := fromLocale(s); ok {
		return t, nil
	}
	return "", fmt.Errorf("unknown language %q: use en or zh-TW", s)
}

// FromEnv picks the language from LC_ALL, LC_MESSAGES and LANG, in that
// order, as POSIX does. Traditional Chinese locales (zh_TW, zh_HK, zh_MO,
// zh_Hant) choose TraditionalChinese; everything else English.
func FromEnv(getenv func(string) string) Tag {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := getenv(key)
		if v == "" {
			continue
		}
		if t, ok := fromLocale(v); ok {
			return t
		}
		return English
	}
	return English
}

func fromLocale(s string) (Tag, bool) {
	v := strings.ToLower(strings.TrimSpace(s))
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	v = strings.ReplaceAll(v, "_", "-")
	switch {
	case v == "en" || strings.HasPrefix(v, "en-") || v == "c" || v == "posix":
		return English, true
	case v == "zh-tw" || v == "zh-hk" || v == "zh-mo" || strings.HasPrefix(v, "zh-hant"):
		return TraditionalChinese, true
	}
	return "", false
}

// Pick returns en or zh depending on t: a small helper for two-language
// text tables.
func (t Tag) Pick(en, zh string) string {
	if t == TraditionalChinese {
		return zh
	}
	return en
}
