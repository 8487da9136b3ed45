package i18n

import (
	"fmt"
	"strings"

	"golang.org/x/text/language"
)

// Tag names a language cpmail speaks: the tag of one of its catalogs.
type Tag string

// The languages with a catalog today; a catalog file added to locales/ adds
// one (Parse finds it without a change here).
const (
	// English is the default language, and the one a missing translation
	// falls back to.
	English Tag = "en"
	// TraditionalChinese is Traditional Chinese as written in Taiwan and
	// Hong Kong.
	TraditionalChinese Tag = "zh-TW"
)

// Languages returns the tags of the embedded catalogs, sorted.
func Languages() []Tag {
	entries, _ := locales.ReadDir("locales")
	var out []Tag
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".toml"); ok {
			out = append(out, Tag(name))
		}
	}
	return out
}

// Parse finds the embedded catalog for s, in any spelling a locale uses
// ("en_US", "zh_TW.UTF-8", "zh-Hant", "zh_HK"; "C" and "POSIX" are
// English). A language with no catalog close enough (the same language
// and script) is an error naming the languages there are. It reads the
// catalogs' names only, not their messages.
func Parse(s string) (Tag, error) { return parseIn(s, Languages()) }

// Parse is Parse among the languages of c.
func (c *Catalog) Parse(s string) (Tag, error) {
	var tags []Tag
	for _, t := range c.tags {
		tags = append(tags, Tag(t))
	}
	return parseIn(s, tags)
}

func parseIn(s string, tags []Tag) (Tag, error) {
	if t, ok := match(s, tags); ok {
		return t, nil
	}
	names := make([]string, len(tags))
	for i, t := range tags {
		names[i] = string(t)
	}
	return "", fmt.Errorf("unknown language %q: use %s", s, strings.Join(names, " or "))
}

// FromEnv picks the language from LC_ALL, LC_MESSAGES and LANG, in that
// order, as POSIX does: the first one set decides, and a language with no
// catalog is English.
func FromEnv(getenv func(string) string) Tag {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(key); v != "" {
			if t, ok := match(v, Languages()); ok {
				return t
			}
			return English
		}
	}
	return English
}

func match(s string, known []Tag) (Tag, bool) {
	v := strings.TrimSpace(s)
	if i := strings.IndexAny(v, ".@"); i >= 0 {
		v = v[:i]
	}
	v = strings.ReplaceAll(v, "_", "-")
	if strings.EqualFold(v, "C") || strings.EqualFold(v, "POSIX") {
		return English, true
	}
	want, err := language.Parse(v)
	if err != nil || v == "" {
		return "", false
	}
	tags := make([]language.Tag, len(known))
	for i, t := range known {
		tags[i] = language.Make(string(t))
	}
	_, i, conf := language.NewMatcher(tags).Match(want)
	if conf < language.High {
		return "", false
	}
	return known[i], true
}
