package i18n_test

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/demo"
	"github.com/cpmail/cpmail/internal/fixture"
	"github.com/cpmail/cpmail/internal/i18n"
)

// entries reads a catalog file as go-i18n does: an id is a plain string
// or a table of CLDR plural forms.
func entries(t *testing.T, tag string) map[string]map[string]string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("locales", tag+".toml"))
	if err != nil {
		t.Fatal(err)
	}
	var raw map[string]any
	if err := toml.Unmarshal(data, &raw); err != nil {
		t.Fatalf("%s.toml: %v", tag, err)
	}
	out := map[string]map[string]string{}
	for id, v := range raw {
		switch v := v.(type) {
		case string:
			out[id] = map[string]string{"other": v}
		case map[string]any:
			forms := map[string]string{}
			for k, s := range v {
				forms[k], _ = s.(string)
			}
			out[id] = forms
		default:
			t.Errorf("%s.toml: %s is neither a string nor plural forms", tag, id)
		}
	}
	return out
}

// TestCatalogsComplete: every id is in every catalog, with the plural
// forms its language needs (English: one and other where the English
// entry is plural; Chinese: other). A template naming an argument its
// Text lacks is caught where it is rendered (i18ntest fails the test).
func TestCatalogsComplete(t *testing.T) {
	c, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en := entries(t, "en")
	for _, tag := range c.Tags() {
		other := entries(t, tag)
		for id, forms := range en {
			got, ok := other[id]
			if !ok {
				t.Errorf("%s: %s is in en.toml only", tag, id)
				continue
			}
			if got["other"] == "" && forms["other"] != "" {
				t.Errorf("%s: %s has no \"other\" form", tag, id)
			}
			if tag == "en" && len(forms) > 1 && forms["one"] == "" {
				t.Errorf("en: plural %s has no \"one\" form", id)
			}
		}
		for id := range other {
			if _, ok := en[id]; !ok {
				t.Errorf("%s: %s is not in en.toml", tag, id)
			}
		}
	}
}

// TestEveryEntryIsUsed: a catalog entry no code can reach is an error.
// An id is used when a string literal of the module's Go code names it,
// relative to a rule (".title" in a rule's file stands for
// "<rule>.title" of every rule), or it belongs to a family the code
// builds: <rule>.rule, reason.<reason>.*, playbook.<entry>.*,
// demo.about.<demo>, or a literal prefix ending in a dot plus one word;
// dnscheck's dns.* entries are checked by its own tests, the help's
// help.cpmail.* and flag.cpmail.* by internal/cmd/root's.
func TestEveryEntryIsUsed(t *testing.T) {
	lits := literals(t)
	used := map[string]bool{}
	for _, r := range diagnose.Rules() {
		used[r.Title().ID] = true
		for l := range lits {
			if strings.HasPrefix(l, ".") {
				used[r.ID+l] = true
			}
		}
	}
	for _, r := range bounce.Reasons() {
		d := bounce.Describe(r)
		for _, m := range []msg.Text{d.Title, d.Explanation, d.Remedy, r.Short()} {
			used[m.ID] = true
		}
	}
	for _, p := range bounce.Playbooks() {
		if p.OwnWords {
			used["playbook."+p.ID+".explain"], used["playbook."+p.ID+".remedy"] = true, true
		}
	}
	for _, d := range demo.List() {
		used[d.About()] = true
	}
	for id := range entries(t, "en") {
		// dnscheck's messages (dns.*) are built from a problem id and a
		// variant; its TestMain fails on one that no test produces.
		if strings.HasPrefix(id, "dns.") {
			continue
		}
		// The help's words (help.cpmail.<command path>.short, .long,
		// .example, flag.cpmail.<command path>.<flag>) are built from
		// the command tree; internal/cmd/root's TestHelpWordsInCatalogs
		// fails on one that names no command's text.
		if strings.HasPrefix(id, "help.cpmail.") || strings.HasPrefix(id, "flag.cpmail.") {
			continue
		}
		if !used[id] && !lits[id] && !builtFrom(lits, id) {
			t.Errorf("%s is in the catalogs but no code uses it", id)
		}
	}
}

// builtFrom reports whether id is a literal prefix ending in a dot plus
// one word (the code builds "skip." + code, "report.outcome." + word).
func builtFrom(lits map[string]bool, id string) bool {
	for i := len(id) - 1; i > 0; i-- {
		if id[i] == '.' {
			return lits[id[:i+1]] && !strings.Contains(id[i+1:], ".")
		}
	}
	return false
}

// literals returns every string literal of the module's non-test Go code.
func literals(t *testing.T) map[string]bool {
	t.Helper()
	td, err := fixture.Dir()
	if err != nil {
		t.Fatal(err)
	}
	root := filepath.Dir(td)
	out := map[string]bool{}
	fset := token.NewFileSet()
	err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && (d.Name() == "testdata" || strings.HasPrefix(d.Name(), ".")) && path != root {
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, parser.SkipObjectResolution)
		if err != nil {
			return err
		}
		ast.Inspect(f, func(n ast.Node) bool {
			if b, ok := n.(*ast.BasicLit); ok && b.Kind == token.STRING {
				if s, err := strconv.Unquote(b.Value); err == nil {
					out[s] = true
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// pseudo builds a pseudo-locale catalog (en-XA) from en.toml: every text
// is wrapped in ⟦…⟧ with its vowels accented outside template actions,
// so that text which did not come from the catalog stands out.
func pseudo(t *testing.T) []byte {
	t.Helper()
	var b bytes.Buffer
	accent := strings.NewReplacer("a", "á", "e", "é", "i", "í", "o", "ó", "u", "ú", "A", "Á", "E", "É")
	action := regexp.MustCompile(`\{\{.*?\}\}`)
	conv := func(s string) string {
		var out strings.Builder
		last := 0
		for _, m := range action.FindAllStringIndex(s, -1) {
			out.WriteString(accent.Replace(s[last:m[0]]))
			out.WriteString(s[m[0]:m[1]])
			last = m[1]
		}
		out.WriteString(accent.Replace(s[last:]))
		return "⟦" + out.String() + "⟧"
	}
	for id, forms := range entries(t, "en") {
		if len(forms) == 1 {
			fmt.Fprintf(&b, "%q = %q\n", id, conv(forms["other"]))
			continue
		}
		fmt.Fprintf(&b, "%q = { one = %q, other = %q }\n", id, conv(forms["one"]), conv(forms["other"]))
	}
	return b.Bytes()
}

// TestPseudoLocale: a third language is one more file. A catalog made
// from en.toml (en-XA.toml) renders every rule's findings in every saved
// snapshot, every rule's title, every bounce explanation and playbook,
// with no id missing and every word from the new file.
func TestPseudoLocale(t *testing.T) {
	files := fstest.MapFS{}
	for _, tag := range []string{"en", "zh-TW"} {
		data, err := os.ReadFile(filepath.Join("locales", tag+".toml"))
		if err != nil {
			t.Fatal(err)
		}
		files["locales/"+tag+".toml"] = &fstest.MapFile{Data: data}
	}
	files["locales/en-XA.toml"] = &fstest.MapFile{Data: pseudo(t)}
	c, err := i18n.LoadFS(files, "locales")
	if err != nil {
		t.Fatal(err)
	}
	l := c.Localizer("en-XA")
	check := func(what string, m msg.Text) {
		t.Helper()
		if m.IsZero() {
			return
		}
		s := l.Text(m)
		if !strings.Contains(s, "⟦") || strings.Contains(s, "<no value>") {
			t.Errorf("%s: %s rendered %q, not from the pseudo-locale", what, m.ID, s)
		}
	}
	for _, r := range diagnose.Rules() {
		check(r.ID, r.Title())
	}
	for _, r := range bounce.Reasons() {
		d := bounce.Describe(r)
		for _, m := range []msg.Text{d.Title, d.Explanation, d.Remedy, r.Short()} {
			check(string(r), m)
		}
	}
	for _, p := range bounce.Playbooks() {
		if p.OwnWords {
			check(p.ID, msg.New("playbook."+p.ID+".explain"))
			check(p.ID, msg.New("playbook."+p.ID+".remedy"))
		}
	}
	dir, err := fixture.Dir("snapshots")
	if err != nil {
		t.Fatal(err)
	}
	names, err := filepath.Glob(filepath.Join(dir, "*.json"))
	if err != nil || len(names) == 0 {
		t.Fatalf("no saved snapshots in %s: %v", dir, err)
	}
	findings := 0
	for _, name := range names {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		s, err := diagnose.ReadSnapshot(f)
		f.Close()
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for _, fd := range diagnose.Evaluate(s, diagnose.EvalOptions{}).Findings {
			findings++
			check(fd.ID, fd.Words.Title)
			check(fd.ID, fd.Words.Detail)
			check(fd.ID, fd.Words.Remedy)
		}
	}
	if findings == 0 {
		t.Fatal("the saved snapshots produced no findings")
	}
	if m := l.Missing(); len(m) > 0 {
		t.Errorf("missing in the pseudo-locale: %v", m)
	}
}
