// Package cli builds cpmail's command tree. Each command lives in its own
// file; commands get their dependencies (streams, clock, environment,
// cPanel client) through a Factory, so tests can run them in-process.
package cli

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/lang"
)

// Exit codes. diagnose uses ExitFindings; check uses the monitoring-plugin
// codes of its own (see check.go). ExitRefused is a refused credential:
// cPanel said the token or user is not accepted, and cpmail stopped at once.
const (
	ExitOK        = 0
	ExitError     = 1
	ExitUsage     = 2
	ExitFindings  = 3
	ExitRefused   = 4
	ExitInterrupt = 130
)

// UsageError is a mistake in the command line: exit code 2.
type UsageError struct{ Err error }

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// usagef returns a UsageError.
func usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitError ends the command with a given code, after the command has
// printed what it wanted to (it carries no message of its own).
type exitCodeError struct{ Code int }

func (e *exitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Main runs cpmail with args and returns the process exit code.
func Main(args []string, io *iostreams.IOStreams, getenv func(string) string) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	f := &Factory{IO: io, Getenv: getenv, Now: time.Now}
	return Run(ctx, f, args)
}

// Run executes the command tree with the factory f. Tests call it directly.
func Run(ctx context.Context, f *Factory, args []string) int {
	root := NewRootCmd(f)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	defer f.Close()
	err := execute(ctx, root)
	if err == nil {
		return ExitOK
	}
	var ec *exitCodeError
	if errors.As(err, &ec) {
		return ec.Code
	}
	err = withHint(err, f.Lang)
	if code, ok := f.stopped(ctx, err); ok {
		return code
	}

	if ctx.Err() != nil {
		fmt.Fprintln(f.IO.ErrOut, "cpmail: interrupted")
		return ExitInterrupt
	}
	// An error can quote the server (an API error text, a snippet of an
	// HTTP body): shown through render.Safe, it cannot drive the terminal.
	msg := "cpmail: " + render.Safe(oneLine(f.redact(err.Error())))
	var ue *UsageError
	switch {
	case errors.As(err, &ue):
		// Our usage errors say what to do; one line is the rule.
		fmt.Fprintln(f.IO.ErrOut, msg)
		return ExitUsage
	case isCobraUsage(err):
		fmt.Fprintln(f.IO.ErrOut, msg+" (see 'cpmail --help')")
		return ExitUsage
	}
	fmt.Fprintln(f.IO.ErrOut, msg)
	return ExitError
}

// execute runs the command tree, turning a panic into an error so that a
// user never sees a stack trace (nor, through it, a secret).
func execute(ctx context.Context, root *cobra.Command) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("internal error: %v (please report it)", r)
		}
	}()
	return root.ExecuteContext(ctx)
}

// isCobraUsage recognises cobra's own flag and argument errors.
func isCobraUsage(err error) bool {
	s := err.Error()
	for _, p := range []string{"unknown command", "unknown flag", "unknown shorthand", "flag needs an argument", "invalid argument", "accepts ", "requires at least", "requires at most", "required flag", "if any flags in the group"} {
		if strings.Contains(s, p) {
			return true
		}
	}
	return false
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// NewRootCmd builds the command tree.
func NewRootCmd(f *Factory) *cobra.Command {
	root := &cobra.Command{
		Use:   "cpmail",
		Short: "Explain why email does not arrive on cPanel hosting",
		Long: `cpmail reads a cPanel account's delivery log, mailboxes, quotas, DNS zone and
cPanel's own deliverability checks with an API token, and explains why mail
does not arrive: what went wrong, the evidence, and the fix.

Try it without an account:  cpmail --demo deliveries --failed
Connect to yours:           CPANEL_HOST=server.example.com CPANEL_USER=me CPANEL_TOKEN=… cpmail accounts

--timeout (default 30s) bounds each command as a whole, from its start: every
API call, retry and DNS check.

Exit codes: 0 success; 1 error (cannot connect, bad answer, gave up after
--timeout, or diagnose could not read what it needs: verdict unknown);
2 usage (bad flag, address, domain, or a target not on the account);
3 diagnose found a problem at or above --fail-on; 4 cPanel refused the
credentials (cpmail stops at the first refusal); 130 interrupted.
check uses the monitoring-plugin codes: 0 OK, 1 WARNING, 2 CRITICAL,
3 UNKNOWN.`,
		SilenceUsage:      true,
		SilenceErrors:     true,
		CompletionOptions: cobra.CompletionOptions{HiddenDefaultCmd: false},
		PersistentPreRunE: func(cmd *cobra.Command, args []string) error {
			if err := f.prepare(); err != nil {
				return err
			}
			if boundedByTimeout(cmd) {
				cmd.SetContext(f.bound(cmd.Context()))
			}
			return nil
		},
	}
	f.bindGlobalFlags(root)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &UsageError{Err: err} })
	root.AddCommand(
		newAccountsCmd(f),
		newDeliveriesCmd(f),
		newQuotaCmd(f),
		newDNSCmd(f),
		newAPICmd(f),
		newLoginCmd(f),
		newVersionCmd(f),
		newDemoCmd(f),
		newExplainCmd(f),
		newDiagnoseCmd(f),
		newCheckCmd(f),
	)
	return root
}

// newVersionCmd prints the version.
func newVersionCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print cpmail's version",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(f.IO.Out, "cpmail %s\n", version())
			return err
		},
	}
}

// version reads the module version and VCS revision from the build info.
func version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v + " " + bi.GoVersion
}

// T picks the English or Traditional Chinese text for the current language.
func (f *Factory) T(en, zh string) string { return f.Lang.Pick(en, zh) }

// Text renders a msg.Text in the output language, from the message
// catalogs.
func (f *Factory) Text(t msg.Text) string {
	if f.words == nil {
		if err := f.loadWords(); err != nil {
			return t.ID
		}
	}
	return f.words.Text(t)
}

// loadWords loads the message catalogs for f.Lang.
func (f *Factory) loadWords() error {
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	f.words = cat.Localizer(string(f.Lang))
	return nil
}

// resolveLang parses --lang, falling back to the environment, and loads
// the message catalogs for it.
func (f *Factory) resolveLang() error {
	f.Lang = lang.FromEnv(f.Getenv)
	if f.flags.lang != "" {
		t, err := lang.Parse(f.flags.lang)
		if err != nil {
			return &UsageError{Err: err}
		}
		f.Lang = t
	}
	return f.loadWords()
}
