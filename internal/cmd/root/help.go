package root

import (
	"fmt"
	"io"
	"strings"
	"unicode"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
)

// localizeHelp makes the help of every command (--help, 'cpmail help X')
// speak the run's language. The language is known only once the flags are
// parsed, and cobra shows help without running PersistentPreRunE: the help
// and usage functions set on root (every command inherits them) resolve it
// as prepare does, from --lang and then the environment.
//
// English is cobra's own help, byte for byte. Another language has the
// same layout with every word from the catalogs: the headings (help.*),
// and each command's Short, Long and Example and each flag's usage, under
// ids made of the command's path with dots (see helpID and flagID). A
// text a catalog lacks is shown in English. The shell-completion
// descriptions (cpmail __complete) are localized by localizeCompletions.
func localizeHelp(root *cobra.Command, f *cmdutil.Factory) {
	help, usage := root.HelpFunc(), root.UsageFunc()
	root.SetHelpFunc(func(c *cobra.Command, args []string) {
		w := helpWordsOf(f)
		if w == nil {
			help(c, args)
			return
		}
		if err := w.writeHelp(c.OutOrStdout(), c); err != nil {
			c.PrintErrln(err)
		}
	})
	root.SetUsageFunc(func(c *cobra.Command) error {
		w := helpWordsOf(f)
		if w == nil {
			return usage(c)
		}
		return w.writeUsage(c.OutOrStderr(), c)
	})
}

// localizeCompletions gives the descriptions of shell completion (cobra's
// __complete request, which the completion scripts send with the words
// typed so far) in the run's language: each command's Short and each
// flag's usage are replaced in the tree, from the catalogs, before cobra
// answers. The flags are not parsed yet, so --lang is looked for among
// args; else the environment decides, as for the help.
func localizeCompletions(root *cobra.Command, f *cmdutil.Factory, args []string) {
	if len(args) == 0 || args[0] != cobra.ShellCompRequestCmd {
		return
	}
	given := f.Flags.Lang
	for i, a := range args {
		switch {
		case a == "--lang" && i+1 < len(args):
			f.Flags.Lang = args[i+1]
		case strings.HasPrefix(a, "--lang="):
			f.Flags.Lang = strings.TrimPrefix(a, "--lang=")
		}
	}
	w := helpWordsOf(f)
	f.Flags.Lang = given // cobra parses the flags as usual
	if w == nil {
		return
	}
	// cobra adds these two only when it executes: add them now, so that
	// they are in the language too.
	root.InitDefaultHelpCmd()
	root.InitDefaultCompletionCmd()
	walk(root, func(c *cobra.Command) {
		c.Short = w.short(c)
		c.NonInheritedFlags().VisitAll(func(fl *pflag.Flag) { fl.Usage = w.flagUsage(c, fl) })
	})
}

// walk calls fn on c and then on each command below it.
func walk(c *cobra.Command, fn func(*cobra.Command)) {
	fn(c)
	for _, sub := range c.Commands() {
		walk(sub, fn)
	}
}

// language is the language of the run: --lang, or else the environment
// (LC_ALL, LC_MESSAGES, LANG). With a --lang cpmail has no catalog for, it
// returns the environment's language and the usage error that says so.
func language(f *cmdutil.Factory) (i18n.Tag, error) {
	env := i18n.FromEnv(f.Getenv)
	if f.Flags.Lang == "" {
		return env, nil
	}
	t, err := i18n.Parse(f.Flags.Lang)
	if err != nil {
		return env, &cmdutil.UsageError{Err: err}
	}
	return t, nil
}

// helpWords renders the words of the help in one language.
type helpWords struct {
	cat *i18n.Catalog
	loc *i18n.Localizer
}

// helpWordsOf returns the words of the run's language, or nil for
// English (cobra's own help) and should the catalogs not load.
func helpWordsOf(f *cmdutil.Factory) *helpWords {
	lang, _ := language(f)
	if lang == i18n.English {
		return nil
	}
	w, err := newHelpWords(lang)
	if err != nil {
		return nil
	}
	return w
}

func newHelpWords(lang i18n.Tag) (*helpWords, error) {
	cat, err := i18n.Load(lang)
	if err != nil {
		return nil, err
	}
	return &helpWords{cat: cat, loc: cat.Localizer(string(lang))}, nil
}

// text renders the catalog entry id, or english when the catalog of the
// language lacks it.
func (w *helpWords) text(id, english string, pairs ...any) string {
	if !w.cat.Has(w.loc.Tag(), id) {
		return english
	}
	return w.loc.T(id, pairs...)
}

// helpID is the id of part ("short", "long" or "example") of c's help:
// help.cpmail.diagnose.short.
func helpID(c *cobra.Command, part string) string {
	return "help." + strings.ReplaceAll(c.CommandPath(), " ", ".") + "." + part
}

// flagID is the id of the usage of fl as c shows it: flag.<path of the
// command that defines it>.<name> (flag.cpmail.timeout for a global
// flag, flag.cpmail.diagnose.fail-on), and help.flag-help for cobra's
// --help of every command.
func flagID(c *cobra.Command, fl *pflag.Flag) string {
	if fl.Name == "help" && fl.Annotations[cobra.FlagSetByCobraAnnotation] != nil {
		return "help.flag-help"
	}
	owner := c
	for p := c; p != nil; p = p.Parent() {
		if p.PersistentFlags().Lookup(fl.Name) != nil {
			owner = p
			break
		}
	}
	return "flag." + strings.ReplaceAll(owner.CommandPath(), " ", ".") + "." + fl.Name
}

func (w *helpWords) short(c *cobra.Command) string { return w.text(helpID(c, "short"), c.Short) }

func (w *helpWords) long(c *cobra.Command) string {
	if c.Long == "" {
		return ""
	}
	return w.text(helpID(c, "long"), c.Long)
}

func (w *helpWords) example(c *cobra.Command) string {
	return w.text(helpID(c, "example"), c.Example)
}

func (w *helpWords) flagUsage(c *cobra.Command, fl *pflag.Flag) string {
	id := flagID(c, fl)
	if id == "help.flag-help" {
		return w.text(id, fl.Usage, "Command", c.DisplayName())
	}
	return w.text(id, fl.Usage)
}

// writeHelp is cobra's help (its defaultHelpFunc) in w's words.
func (w *helpWords) writeHelp(out io.Writer, c *cobra.Command) error {
	text := w.long(c)
	if text == "" {
		text = w.short(c)
	}
	if text = strings.TrimRightFunc(text, unicode.IsSpace); text != "" {
		fmt.Fprintln(out, text)
		fmt.Fprintln(out)
	}
	if c.Runnable() || c.HasSubCommands() {
		return w.writeUsage(out, c)
	}
	return nil
}

// writeUsage is cobra's usage (its defaultUsageFunc) in w's words.
func (w *helpWords) writeUsage(out io.Writer, c *cobra.Command) error {
	var b strings.Builder
	b.WriteString(w.text("help.usage", "Usage:"))
	if c.Runnable() {
		fmt.Fprintf(&b, "\n  %s", c.UseLine())
	}
	if c.HasAvailableSubCommands() {
		fmt.Fprintf(&b, "\n  %s [command]", c.CommandPath())
	}
	if len(c.Aliases) > 0 {
		fmt.Fprintf(&b, "\n\n%s\n  %s", w.text("help.aliases", "Aliases:"), c.NameAndAliases())
	}
	if c.HasExample() {
		fmt.Fprintf(&b, "\n\n%s\n%s", w.text("help.examples", "Examples:"), w.example(c))
	}
	if c.HasAvailableSubCommands() {
		w.writeCommands(&b, c)
	}
	if c.HasAvailableLocalFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", w.text("help.flags", "Flags:"), w.flagUsages(c, c.LocalFlags()))
	}
	if c.HasAvailableInheritedFlags() {
		fmt.Fprintf(&b, "\n\n%s\n%s", w.text("help.global-flags", "Global Flags:"), w.flagUsages(c, c.InheritedFlags()))
	}
	if c.HasHelpSubCommands() {
		b.WriteString("\n\n" + w.text("help.topics", "Additional help topics:"))
		for _, sub := range c.Commands() {
			if sub.IsAdditionalHelpTopicCommand() {
				fmt.Fprintf(&b, "\n  %-*s %s", sub.CommandPathPadding(), sub.CommandPath(), w.short(sub))
			}
		}
	}
	if c.HasAvailableSubCommands() {
		b.WriteString("\n\n" + w.text("help.more", "Use \""+c.CommandPath()+" [command] --help\" for more information about a command.",
			"Command", c.CommandPath()))
	}
	b.WriteString("\n")
	_, err := io.WriteString(out, b.String())
	return err
}

// writeCommands writes the list of c's subcommands, by group as cobra
// does (a group's title is the program's own words, shown as given).
func (w *helpWords) writeCommands(b *strings.Builder, c *cobra.Command) {
	// list writes title, then the commands in it that cobra shows.
	list := func(title string, in func(*cobra.Command) bool) {
		b.WriteString("\n\n" + title)
		for _, sub := range c.Commands() {
			if in(sub) && (sub.IsAvailableCommand() || sub.Name() == "help") {
				fmt.Fprintf(b, "\n  %-*s %s", sub.NamePadding(), sub.Name(), w.short(sub))
			}
		}
	}
	if len(c.Groups()) == 0 {
		list(w.text("help.commands", "Available Commands:"), func(*cobra.Command) bool { return true })
		return
	}
	for _, g := range c.Groups() {
		list(g.Title, func(sub *cobra.Command) bool { return sub.GroupID == g.ID })
	}
	if !c.AllChildCommandsHaveGroup() {
		list(w.text("help.other-commands", "Additional Commands:"), func(sub *cobra.Command) bool { return sub.GroupID == "" })
	}
}

// flagUsages is pflag's FlagUsages of fs (the flags as c shows them) with
// each usage, and the words around a default, in w's words.
func (w *helpWords) flagUsages(c *cobra.Command, fs *pflag.FlagSet) string {
	var lines []string
	maxlen := 0
	fs.VisitAll(func(fl *pflag.Flag) {
		if fl.Hidden {
			return
		}
		line := "      --" + fl.Name
		if fl.Shorthand != "" && fl.ShorthandDeprecated == "" {
			line = "  -" + fl.Shorthand + ", --" + fl.Name
		}
		shown := *fl
		shown.Usage = w.flagUsage(c, fl)
		varname, usage := pflag.UnquoteUsage(&shown)
		if varname != "" {
			line += " " + varname
		}
		line += noOptDefault(fl)
		line += "\x00"
		maxlen = max(maxlen, len(line))
		line += usage
		if !defaultIsZero(fl) {
			def := fl.DefValue
			if fl.Value.Type() == "string" {
				def = fmt.Sprintf("%q", def)
			}
			line += w.text("help.flag-default", " (default "+def+")", "Value", def)
		}
		if fl.Deprecated != "" {
			line += w.text("help.flag-deprecated", " (DEPRECATED: "+fl.Deprecated+")", "Reason", fl.Deprecated)
		}
		lines = append(lines, line)
	})
	var b strings.Builder
	for _, line := range lines {
		name, usage, _ := strings.Cut(line, "\x00")
		// As pflag: the usage starts two columns after the longest name,
		// and its further lines under its first.
		usage = strings.ReplaceAll(usage, "\n", "\n"+strings.Repeat(" ", maxlen+2))
		fmt.Fprintln(&b, name, strings.Repeat(" ", maxlen-len(name)), usage)
	}
	return strings.TrimRightFunc(b.String(), unicode.IsSpace)
}

// noOptDefault is what pflag shows of the value a flag takes when given
// with none (--demo[="demo"]).
func noOptDefault(fl *pflag.Flag) string {
	if fl.NoOptDefVal == "" {
		return ""
	}
	switch fl.Value.Type() {
	case "string":
		return `[="` + fl.NoOptDefVal + `"]`
	case "bool", "boolfunc":
		if fl.NoOptDefVal == "true" {
			return ""
		}
	case "count":
		if fl.NoOptDefVal == "+1" {
			return ""
		}
	}
	return "[=" + fl.NoOptDefVal + "]"
}

// defaultIsZero reports whether pflag leaves out the flag's default: the
// zero value of its type.
func defaultIsZero(fl *pflag.Flag) bool {
	if b, ok := fl.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
		return fl.DefValue == "false" || fl.DefValue == ""
	}
	switch fl.Value.Type() {
	case "duration":
		return fl.DefValue == "0" || fl.DefValue == "0s"
	case "int", "int8", "int32", "int64", "uint", "uint8", "uint16", "uint32", "uint64", "count", "float32", "float64":
		return fl.DefValue == "0"
	case "string":
		return fl.DefValue == ""
	case "ip", "ipMask", "ipNet":
		return fl.DefValue == "<nil>"
	case "intSlice", "stringSlice", "stringArray":
		return fl.DefValue == "[]"
	}
	switch fl.DefValue {
	case "false", "<nil>", "", "0":
		return true
	}
	return false
}
