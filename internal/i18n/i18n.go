// Package i18n turns msg.Texts into words. The words live in message
// catalogs, one TOML file per language in locales/ (embedded in the
// binary), read with go-i18n: named template arguments ({{.Mailbox}}) so a
// translator can reorder a sentence, and CLDR plural forms (one, other, …)
// chosen by the argument named Count.
//
// Adding a language is adding one file, locales/<tag>.toml, with the same
// ids as locales/en.toml; the tests fail when an id is missing in one
// catalog or never used.
package i18n

import (
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"path"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/nicksnyder/go-i18n/v2/i18n"
	"golang.org/x/text/language"
)

//go:embed locales/*.toml
var locales embed.FS

// Catalog is the set of message catalogs, one per language. It is safe
// for concurrent use.
type Catalog struct {
	bundle *i18n.Bundle
	tags   []string
	ids    map[string]map[string]bool // tag -> ids
}

// Load reads the catalogs embedded in the binary: English (the fallback)
// and the languages named, or all of them when none is.
func Load(tags ...Tag) (*Catalog, error) {
	return LoadFS(locales, "locales", tags...)
}

// LoadFS reads the <tag>.toml files in dir of fsys: English, which must be
// there (a missing translation falls back to it), and the languages
// named, or every file when none is.
func LoadFS(fsys fs.FS, dir string, tags ...Tag) (*Catalog, error) {
	c := &Catalog{bundle: i18n.NewBundle(language.English), ids: map[string]map[string]bool{}}
	c.bundle.RegisterUnmarshalFunc("toml", toml.Unmarshal)
	entries, err := fs.ReadDir(fsys, dir)
	if err != nil {
		return nil, fmt.Errorf("i18n: %w", err)
	}
	for _, e := range entries {
		if e.IsDir() || path.Ext(e.Name()) != ".toml" {
			continue
		}
		if tag := Tag(strings.TrimSuffix(e.Name(), ".toml")); len(tags) > 0 && tag != English && !slices.Contains(tags, tag) {
			continue
		}
		data, err := fs.ReadFile(fsys, path.Join(dir, e.Name()))
		if err != nil {
			return nil, fmt.Errorf("i18n: %w", err)
		}
		if err := c.Add(e.Name(), data); err != nil {
			return nil, err
		}
	}
	if c.ids["en"] == nil {
		return nil, errors.New("i18n: no English catalog (en.toml)")
	}
	return c, nil
}

// Add reads one catalog file's contents; name is its file name, <tag>.toml.
func (c *Catalog) Add(name string, data []byte) error {
	f, err := c.bundle.ParseMessageFileBytes(data, name)
	if err != nil {
		return fmt.Errorf("i18n: %s: %w", name, err)
	}
	tag := f.Tag.String()
	if c.ids[tag] == nil {
		c.ids[tag] = map[string]bool{}
		c.tags = append(c.tags, tag)
		sort.Strings(c.tags)
	}
	for _, m := range f.Messages {
		c.ids[tag][m.ID] = true
	}
	return nil
}

// Tags returns the languages with a catalog, sorted ("en", "zh-TW").
func (c *Catalog) Tags() []string { return append([]string(nil), c.tags...) }

// IDs returns the message ids of the catalog of tag, sorted.
func (c *Catalog) IDs(tag string) []string {
	out := make([]string, 0, len(c.ids[tag]))
	for id := range c.ids[tag] {
		out = append(out, id)
	}
	sort.Strings(out)
	return out
}

// Has reports whether the catalog of tag has id.
func (c *Catalog) Has(tag, id string) bool { return c.ids[tag][id] }

// Localizer renders Texts in one language, falling back to English for
// an id its catalog lacks (and remembering it: see Missing). It is safe
// for concurrent use.
type Localizer struct {
	cat  *Catalog
	tag  string
	loc  *i18n.Localizer
	time func(time.Time) string

	mu      sync.Mutex
	missing map[string]bool
	used    map[string]bool
}

// Localizer returns a Localizer for tag (a catalog's tag, e.g. "zh-TW").
func (c *Catalog) Localizer(tag string) *Localizer {
	return &Localizer{cat: c, tag: tag, loc: i18n.NewLocalizer(c.bundle, tag, "en"),
		time: func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04 MST") }}
}

// Tag returns the Localizer's language.
func (l *Localizer) Tag() string { return l.tag }

// SetTimeFormat sets how a time.Time argument is written (default
// "2006-01-02 15:04 UTC").
func (l *Localizer) SetTimeFormat(format func(time.Time) string) { l.time = format }

// T renders the message id with name/value pairs (see msg.New).
func (l *Localizer) T(id string, pairs ...any) string { return l.Text(msg.New(id, pairs...)) }

// Text renders t. The empty Text renders as "". A nested Text argument is
// rendered first, a []Text is rendered and joined with the language's
// list separator (id list.separator), a time.Time is written with the
// time format. An id missing from every catalog renders as "[id]" and is
// remembered (Missing), so tests find it and a user sees which it was.
func (l *Localizer) Text(t msg.Text) string {
	if t.IsZero() {
		return ""
	}
	data := make(map[string]any, len(t.Args))
	for k, v := range t.Args {
		data[k] = l.arg(v)
	}
	cfg := &i18n.LocalizeConfig{MessageID: t.ID, TemplateData: data}
	if n, ok := t.Args["Count"]; ok {
		if num, isNum := n.(json.Number); isNum {
			n = string(num) // a Text read back from JSON
		}
		cfg.PluralCount = n
	}
	s, tag, err := l.loc.LocalizeWithTag(cfg)
	if s == "" && err != nil && cfg.PluralCount != nil {
		// A plural form the catalog lacks: say it with the other form
		// rather than not at all (and remember it as missing).
		cfg.PluralCount = nil
		s, tag, _ = l.loc.LocalizeWithTag(cfg)
		defer l.miss(t.ID + " (plural form)")
	}
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.used == nil {
		l.used, l.missing = map[string]bool{}, map[string]bool{}
	}
	l.used[t.ID] = true
	var notFound *i18n.MessageNotFoundErr
	switch {
	case err != nil && s == "":
		l.missing[t.ID] = true
		return "[" + t.ID + "]"
	case err != nil && !errors.As(err, &notFound):
		l.missing[t.ID] = true
	case tag.String() != l.tag && l.tag != "en":
		l.missing[t.ID] = true
	case strings.Contains(s, "<no value>"):
		l.missing[t.ID+" (argument)"] = true
	}
	return s
}

func (l *Localizer) arg(v any) any {
	switch v := v.(type) {
	case msg.Text:
		return l.Text(v)
	case []msg.Text:
		parts := make([]string, len(v))
		for i, x := range v {
			parts[i] = l.Text(x)
		}
		return strings.Join(parts, l.Text(msg.New("list.separator")))
	case msg.List:
		parts := make([]string, len(v.Items))
		for i, x := range v.Items {
			parts[i] = l.Text(x)
		}
		return strings.Join(parts, l.Text(msg.New(v.Sep)))
	case time.Time:
		return l.time(v)
	}
	return v
}

func (l *Localizer) miss(id string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.missing[id] = true
}

// Missing returns the ids rendered so far that the Localizer's catalog
// lacks (or whose template named an argument the Text did not carry),
// sorted.
func (l *Localizer) Missing() []string { return l.keys(func() map[string]bool { return l.missing }) }

// Used returns the ids rendered so far, sorted.
func (l *Localizer) Used() []string { return l.keys(func() map[string]bool { return l.used }) }

func (l *Localizer) keys(m func() map[string]bool) []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]string, 0, len(m()))
	for k := range m() {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}
