package root

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// helpTree is cpmail's whole command tree as its help shows it: with
// cobra's help and completion commands and every command's --help.
func helpTree(t *testing.T, env map[string]string) (*cobra.Command, *bytes.Buffer) {
	t.Helper()
	io, _, out, _ := iostreams.Test()
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	t.Cleanup(f.Session.Close)
	root := NewCmdRoot(f)
	root.SetOut(out)
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) { c.InitDefaultHelpFlag() })
	return root, out
}

// helpEntry is one text of the help: its catalog id, the English the
// code gives cobra, and the arguments the id is rendered with.
type helpEntry struct {
	id, english string
	pairs       []any
}

// helpEntries lists the texts of every command's help: Short, Long,
// Example and the usage of each flag it defines.
func helpEntries(root *cobra.Command) []helpEntry {
	var out []helpEntry
	walk(root, func(c *cobra.Command) {
		for _, e := range []helpEntry{{helpID(c, "short"), c.Short, nil}, {helpID(c, "long"), c.Long, nil}, {helpID(c, "example"), c.Example, nil}} {
			if e.english != "" {
				out = append(out, e)
			}
		}
		c.LocalFlags().VisitAll(func(fl *pflag.Flag) {
			if fl.Hidden {
				return
			}
			e := helpEntry{flagID(c, fl), fl.Usage, nil}
			if e.id == "help.flag-help" {
				e.pairs = []any{"Command", c.DisplayName()}
			}
			out = append(out, e)
		})
	})
	return out
}

func hasHan(s string) bool {
	for _, r := range s {
		if unicode.Is(unicode.Han, r) {
			return true
		}
	}
	return false
}

// TestHelpWordsInCatalogs: every command's Short, Long, Example and flag
// usages are in both catalogs: the English entry is the code's text,
// byte for byte, and the Chinese one is Chinese. On a failure it prints
// the English entries to add. And every help.cpmail.* and flag.cpmail.*
// entry names a text of a command that exists (TestEveryEntryIsUsed
// leaves this family to this test).
func TestHelpWordsInCatalogs(t *testing.T) {
	t.Parallel()
	root, _ := helpTree(t, nil)
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	en, zh := cat.Localizer("en"), cat.Localizer("zh-TW")
	var add strings.Builder
	want := map[string]bool{}
	for _, e := range helpEntries(root) {
		if want[e.id] && e.id != "help.flag-help" {
			t.Errorf("two texts have the id %s", e.id)
		}
		want[e.id] = true
		switch {
		case !cat.Has("en", e.id):
			t.Errorf("en.toml has no %s", e.id)
			fmt.Fprintf(&add, "%q = %s\n", e.id, tomlString(e.english))
			continue
		case en.T(e.id, e.pairs...) != e.english:
			t.Errorf("en.toml's %s is not the code's text:\n got: %q\nwant: %q", e.id, en.T(e.id, e.pairs...), e.english)
			fmt.Fprintf(&add, "%q = %s\n", e.id, tomlString(e.english))
		}
		switch s := zh.T(e.id, e.pairs...); {
		case !cat.Has("zh-TW", e.id):
			t.Errorf("zh-TW.toml has no %s", e.id)
		case strings.HasSuffix(e.id, ".example"):
			// The commands stay as they are; the comments are Chinese.
			if got, want := exampleCommands(s), exampleCommands(e.english); got != want {
				t.Errorf("zh-TW.toml's %s has other commands than the code's:\n got: %q\nwant: %q", e.id, got, want)
			}
			if strings.Contains(e.english, "#") && !hasHan(s) {
				t.Errorf("zh-TW.toml's %s has no Chinese comments: %q", e.id, s)
			}
		case !hasHan(s):
			t.Errorf("zh-TW.toml's %s has no Chinese: %q", e.id, s)
		}
	}
	if add.Len() > 0 {
		t.Logf("English entries to add:\n%s", add.String())
	}
	if m := zh.Missing(); len(m) > 0 {
		t.Errorf("missing in zh-TW: %v", m)
	}
	for _, tag := range cat.Tags() {
		for _, id := range cat.IDs(tag) {
			if (strings.HasPrefix(id, "help.cpmail.") || strings.HasPrefix(id, "flag.cpmail.")) && !want[id] {
				t.Errorf("%s.toml: %s names no command's text", tag, id)
			}
		}
	}
}

// exampleCommands is an Example without its comments (from " #" to the
// end of a line) and the blanks before them.
func exampleCommands(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if j := strings.Index(l, " #"); j >= 0 {
			l = l[:j]
		}
		lines[i] = strings.TrimRight(l, " ")
	}
	return strings.Join(lines, "\n")
}

// tomlString writes s as a TOML string: a multi-line literal string when
// it has a line break.
func tomlString(s string) string {
	if strings.Contains(s, "\n") && !strings.Contains(s, "'''") {
		return "'''\n" + s + "'''"
	}
	var b bytes.Buffer
	if err := toml.NewEncoder(&b).Encode(map[string]string{"x": s}); err != nil {
		return fmt.Sprintf("%q", s)
	}
	return strings.TrimSpace(strings.TrimPrefix(b.String(), "x = "))
}

// TestHelpRendererIsCobras: the help written from the English catalog is
// cobra's own help, byte for byte, for every command: the layout another
// language gets is cobra's.
func TestHelpRendererIsCobras(t *testing.T) {
	t.Parallel()
	root, out := helpTree(t, nil)
	w, err := newHelpWords(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	walk(root, func(c *cobra.Command) {
		out.Reset()
		c.HelpFunc()(c, nil) // English: cobra's own
		var got bytes.Buffer
		if err := w.writeHelp(&got, c); err != nil {
			t.Fatal(err)
		}
		if got.String() != out.String() {
			t.Errorf("%s: the help from the catalog differs from cobra's:\n%s", c.CommandPath(), lineDiff(got.String(), out.String()))
		}
	})
}

// lineDiff shows the first line where got and want differ.
func lineDiff(got, want string) string {
	g, w := strings.Split(got, "\n"), strings.Split(want, "\n")
	for i := 0; i < len(g) || i < len(w); i++ {
		var a, b string
		if i < len(g) {
			a = g[i]
		}
		if i < len(w) {
			b = w[i]
		}
		if a != b {
			return fmt.Sprintf("line %d:\n got: %q\nwant: %q", i+1, a, b)
		}
	}
	return "(same lines)"
}

// cobraHelp is cobra's own help of the command args name (no help
// function of cpmail's).
func cobraHelp(t *testing.T, args ...string) string {
	t.Helper()
	root, out := helpTree(t, nil)
	root.SetHelpFunc(nil)
	root.SetUsageFunc(nil)
	root.SetArgs(append(args, "--help"))
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

// TestHelpEnglishUnchanged: in English (--lang en, an English locale, or
// none), the help is cobra's, byte for byte.
func TestHelpEnglishUnchanged(t *testing.T) {
	t.Parallel()
	for _, cmd := range [][]string{nil, {"diagnose"}, {"demo"}, {"demo", "serve"}, {"check"}, {"completion", "bash"}} {
		want := cobraHelp(t, cmd...)
		for _, tc := range []struct {
			env  map[string]string
			lang []string
		}{
			{nil, []string{"--lang", "en"}},
			{map[string]string{"LANG": "zh_TW.UTF-8"}, []string{"--lang", "en"}},
			{map[string]string{"LANG": "en_US.UTF-8"}, nil},
			{nil, nil},
		} {
			args := append(append(append([]string(nil), tc.lang...), cmd...), "--help")
			r := run(t, tc.env, "", args...)
			if r.code != 0 || r.stdout != want {
				t.Errorf("%v %v: exit %d, the help differs from cobra's:\n%s", tc.env, args, r.code, lineDiff(r.stdout, want))
			}
		}
	}
}

// TestHelpTraditionalChinese: --lang zh-TW, or a zh_TW locale, shows the
// help of diagnose in Chinese: headings, Short, Long, example comments
// and flag usages (its own and the global ones), with the same commands
// and flag names; 'cpmail help diagnose' says the same. Refresh the
// golden file with CPMAIL_UPDATE_GOLDEN=1 go test ./internal/cmd/root/
// -run TestHelpTraditionalChinese.
func TestHelpTraditionalChinese(t *testing.T) {
	t.Parallel()
	golden := filepath.Join("testdata", "help_diagnose.zh-TW.golden")
	if os.Getenv("CPMAIL_UPDATE_GOLDEN") != "" {
		r := run(t, nil, "", "--lang", "zh-TW", "diagnose", "--help")
		if err := os.WriteFile(golden, []byte(r.stdout), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(golden)
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		env  map[string]string
		args []string
	}{
		{nil, []string{"--lang", "zh-TW", "diagnose", "--help"}},
		{map[string]string{"LANG": "zh_TW.UTF-8"}, []string{"diagnose", "--help"}},
		{map[string]string{"LC_ALL": "zh_TW.UTF-8", "LANG": "en_US.UTF-8"}, []string{"diagnose", "-h"}},
		{map[string]string{"LANG": "en_US.UTF-8"}, []string{"--lang", "zh-TW", "help", "diagnose"}},
	} {
		r := run(t, tc.env, "", tc.args...)
		if r.code != 0 || r.stdout != string(want) {
			t.Errorf("%v %v: exit %d, not the golden help (%s):\n%s", tc.env, tc.args, r.code, golden, lineDiff(r.stdout, string(want)))
		}
	}
	english := cobraHelp(t, "diagnose")
	for _, s := range []string{"用法：", "旗標：", "全域旗標：", "範例：", "--fail-on", "--timeout", "cpmail diagnose"} {
		if !strings.Contains(string(want), s) {
			t.Errorf("the Chinese help has no %q", s)
		}
	}
	for _, s := range []string{"Usage:", "Flags:", "Global Flags:", "Examples:", "(default", "time limit for the whole command"} {
		if strings.Contains(string(want), s) || !strings.Contains(english, s) {
			t.Errorf("%q: in the Chinese help, or not in the English one", s)
		}
	}
}

// TestHelpChineseEveryCommand: the Chinese help of every command has its
// Short (or Long) and every flag usage from the catalog, and the
// root's list of commands shows each one's Chinese Short.
func TestHelpChineseEveryCommand(t *testing.T) {
	t.Parallel()
	root, out := helpTree(t, map[string]string{"LANG": "zh_TW.UTF-8"})
	cat, err := i18n.Load()
	if err != nil {
		t.Fatal(err)
	}
	zh := cat.Localizer("zh-TW")
	var paths []string
	walk(root, func(c *cobra.Command) {
		paths = append(paths, c.CommandPath())
		out.Reset()
		c.HelpFunc()(c, nil)
		help := out.String()
		head := zh.T(helpID(c, "short"))
		if c.Long != "" {
			head = zh.T(helpID(c, "long"))
		}
		if !strings.HasPrefix(help, strings.TrimRightFunc(head, unicode.IsSpace)+"\n") {
			t.Errorf("%s: the help does not start with the Chinese text:\n%s", c.CommandPath(), help)
		}
		for _, fs := range []*pflag.FlagSet{c.LocalFlags(), c.InheritedFlags()} {
			fs.VisitAll(func(fl *pflag.Flag) {
				id := flagID(c, fl)
				var pairs []any
				if id == "help.flag-help" {
					pairs = []any{"Command", c.DisplayName()}
				}
				_, usage := pflag.UnquoteUsage(&pflag.Flag{Name: fl.Name, Usage: zh.T(id, pairs...), Value: fl.Value})
				if !hasHan(usage) || !strings.Contains(help, usage) {
					t.Errorf("%s --%s: the help has not the Chinese usage %q", c.CommandPath(), fl.Name, usage)
				}
			})
		}
		for _, english := range []string{"Usage:", "Aliases:", "Examples:", "Available Commands:", "Flags:", "Global Flags:", "(default ", "for more information", "help for "} {
			if strings.Contains(help, english) {
				t.Errorf("%s: the Chinese help says %q:\n%s", c.CommandPath(), english, help)
			}
		}
		for _, sub := range c.Commands() {
			if sub.IsAvailableCommand() && !strings.Contains(help, sub.Name()+" ") {
				t.Errorf("%s: the list of commands lacks %s", c.CommandPath(), sub.Name())
			}
			if sub.IsAvailableCommand() && !strings.Contains(help, zh.T(helpID(sub, "short"))) {
				t.Errorf("%s: the list of commands lacks %s's Chinese Short", c.CommandPath(), sub.Name())
			}
		}
	})
	sort.Strings(paths)
	if len(paths) < 20 {
		t.Errorf("only %d commands walked: %v", len(paths), paths)
	}
	if m := zh.Missing(); len(m) > 0 {
		t.Errorf("missing in zh-TW: %v", m)
	}
}

// TestCompletionDescriptionsInLanguage: the descriptions shell completion
// shows (cobra's __complete request) are in the run's language, from
// --lang among the words typed or from the environment; English stays
// cobra's own.
func TestCompletionDescriptionsInLanguage(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		env  map[string]string
		args []string
		want string
	}{
		{map[string]string{"LANG": "zh_TW.UTF-8"}, []string{"__complete", ""}, "accounts\t列出信箱"},
		{nil, []string{"__complete", "--lang", "zh-TW", "diagnose", "--fail"}, "--fail-on\t"},
		{nil, []string{"__complete", "--lang=zh-TW", "completion", ""}, "bash\t產生 bash"},
		{nil, []string{"__complete", ""}, "accounts\tList mailboxes"},
		{map[string]string{"LANG": "zh_TW.UTF-8"}, []string{"__complete", "--lang", "en", ""}, "accounts\tList mailboxes"},
	} {
		r := run(t, tc.env, "", tc.args...)
		if r.code != 0 || !strings.Contains(r.stdout, tc.want) {
			t.Errorf("%v %v: exit %d, no %q in:\n%s", tc.env, tc.args, r.code, tc.want, r.stdout)
		}
	}
	r := run(t, nil, "", "__complete", "--lang", "zh-TW", "diagnose", "--fail")
	if line := strings.SplitN(r.stdout, "\n", 2)[0]; !strings.ContainsFunc(line, func(c rune) bool { return c >= 0x4e00 && c <= 0x9fff }) {
		t.Errorf("--fail-on's description is not Chinese: %q", line)
	}
}
