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

// Parse finds the catalog for s, in any spelling a locale uses ("en_US",
// "zh_TW.UTF-8", "zh-Hant", "zh_HK"; "C" and "POSIX" are English). A
// language with no catalog close enough (the same language and script)
// is an error naming the languages there are.
func (c *Catalog) Parse(s string) (Tag, error) {
	if t, ok := c.match(s); ok {
		return t, nil
	}
	return "", fmt.Errorf("unknown language %q: use %s", s, strings.Join(c.tags, " or "))
}

// FromEnv picks the language from LC_ALL, LC_MESSAGES and LANG, in that
// order, as POSIX does: the first one set decides, and a language with no
// catalog is English.
func (c *Catalog) FromEnv(getenv func(string) string) Tag {
	for _, key := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if v := getenv(key); v != "" {
			if t, ok := c.match(v); ok {
				return t
			}
			return English
		}
	}
	return English
}

func (c *Catalog) match(s string) (Tag, bool) {
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
	tags := make([]language.Tag, len(c.tags))
	for i, t := range c.tags {
		tags[i] = language.Make(t)
	}
	_, i, conf := language.NewMatcher(tags).Match(want)
	if conf < language.High {
		return "", false
	}
	return Tag(c.tags[i]), true
}
