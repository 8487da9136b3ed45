// Package root builds cpmail's command tree and runs it: NewCmdRoot adds
// every command, and Run is the one place that turns what a command
// returned into the one-line error on stderr and the exit code.
package root

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmd/accounts"
	"github.com/cpmail/cpmail/internal/cmd/api"
	"github.com/cpmail/cpmail/internal/cmd/check"
	"github.com/cpmail/cpmail/internal/cmd/deliveries"
	"github.com/cpmail/cpmail/internal/cmd/demo"
	"github.com/cpmail/cpmail/internal/cmd/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/dns"
	"github.com/cpmail/cpmail/internal/cmd/explain"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmd/fleet"
	"github.com/cpmail/cpmail/internal/cmd/login"
	"github.com/cpmail/cpmail/internal/cmd/metrics"
	"github.com/cpmail/cpmail/internal/cmd/quota"
	"github.com/cpmail/cpmail/internal/cmd/version"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
)

// Main runs cpmail with args and returns the process exit code. Ctrl-C and
// SIGTERM cancel the run's context.
func Main(args []string, io *iostreams.IOStreams, getenv func(string) string) cmdutil.ExitCode {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return Run(ctx, factory.New(io, getenv, time.Now), args)
}

// Run executes the command tree with the factory f and maps the outcome to
// the exit code, printing the one line that says what went wrong. Tests
// call it directly.
func Run(ctx context.Context, f *cmdutil.Factory, args []string) cmdutil.ExitCode {
	root := NewCmdRoot(f)
	localizeCompletions(root, f, args)
	root.SetArgs(args)
	root.SetIn(f.IO.In)
	root.SetOut(f.IO.Out)
	root.SetErr(f.IO.ErrOut)
	defer f.Session.Close()
	// started is set once the command line is accepted: an error cobra
	// returns before that is a command-line mistake (an unknown command).
	started := false
	prerun := root.PersistentPreRunE
	root.PersistentPreRunE = func(cmd *cobra.Command, args []string) error {
		started = true
		return prerun(cmd, args)
	}
	err := execute(ctx, root)
	if err == nil {
		return cmdutil.ExitOK
	}
	var ec *cmdutil.ExitCodeError
	if errors.As(err, &ec) {
		return ec.Code
	}
	err = withHint(err, f.Tr)
	if code, ok := stopped(ctx, f, err); ok {
		return code
	}

	if ctx.Err() != nil {
		fmt.Fprintln(f.IO.ErrOut, "cpmail: interrupted")
		return cmdutil.ExitInterrupt
	}
	// An error can quote the server (an API error text, a snippet of an
	// HTTP body): shown through render.Safe, it cannot drive the terminal.
	msg := "cpmail: " + render.Safe(render.OneLine(f.Session.Redact(err.Error())))
	var ue *cmdutil.UsageError
	switch {
	case errors.As(err, &ue) && !ue.SeeHelp:
		// Our usage errors say what to do; one line is the rule.
		fmt.Fprintln(f.IO.ErrOut, msg)
		return cmdutil.ExitUsage
	case errors.As(err, &ue) || !started:
		// cobra's own words (an unknown command, a wrong number of
		// arguments) do not say what to do: point to the help.
		fmt.Fprintln(f.IO.ErrOut, msg+" (see 'cpmail --help')")
		return cmdutil.ExitUsage
	}
	fmt.Fprintln(f.IO.ErrOut, msg)
	return cmdutil.ExitError
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

// stopped maps the errors that end a run early to their line and exit
// code: a refused credential (exit 4) and the --timeout deadline (exit 1,
// "gave up after 2s"). ok is false for every other error, and for an
// interrupt, which Run reports itself.
func stopped(ctx context.Context, f *cmdutil.Factory, err error) (code cmdutil.ExitCode, ok bool) {
	switch {
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		fmt.Fprintln(f.IO.ErrOut, "cpmail: "+cmdutil.RefusedLine(&f.Printer, f.Session, err))
		return cmdutil.ExitRefused, true
	case ctx.Err() != nil:
		return 0, false
	case f.Session.TimedOut():
		fmt.Fprintln(f.IO.ErrOut, "cpmail: "+cmdutil.GaveUpLine(&f.Printer, f.Session, err))
		return cmdutil.ExitError, true
	}
	return 0, false
}

// NewCmdRoot builds the command tree.
func NewCmdRoot(f *cmdutil.Factory) *cobra.Command {
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
			if err := prepare(f, render.FormatsOf(cmd.Annotations[render.FormatsAnnotation])); err != nil {
				return err
			}
			if boundedByTimeout(cmd) {
				cmd.SetContext(f.Session.Bound(cmd.Context()))
			}
			return nil
		},
	}
	bindGlobalFlags(root, &f.Flags)
	localizeHelp(root, f)
	root.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return &cmdutil.UsageError{Err: err} })
	root.AddCommand(
		accounts.NewCmdAccounts(f, nil),
		deliveries.NewCmdDeliveries(f, nil),
		quota.NewCmdQuota(f, nil),
		dns.NewCmdDNS(f, nil),
		api.NewCmdAPI(f, nil),
		login.NewCmdLogin(f, nil),
		version.NewCmdVersion(f, nil),
		demo.NewCmdDemo(f),
		explain.NewCmdExplain(f, nil),
		diagnose.NewCmdDiagnose(f, nil),
		check.NewCmdCheck(f, nil),
		metrics.NewCmdMetrics(f, nil),
		fleet.NewCmdFleet(f, nil),
	)
	return root
}

func bindGlobalFlags(root *cobra.Command, g *cmdutil.GlobalFlags) {
	fl := root.PersistentFlags()
	fl.StringVar(&g.Host, "host", "", "cPanel host: host, host:port or https://host:port (env CPANEL_HOST; default port 2083)")
	fl.StringVar(&g.User, "user", "", "cPanel account name (env CPANEL_USER)")
	fl.StringVar(&g.TokenFile, "token-file", "", "read the API token from this file (mode 0600); or set CPANEL_TOKEN, or use 'cpmail login'")
	fl.StringVar(&g.Profile, "profile", "", "use a profile saved by 'cpmail login' (env CPMAIL_PROFILE)")
	fl.BoolVar(&g.Insecure, "insecure", false, "do not verify the server's TLS certificate (prefer --pin-sha256)")
	fl.StringVar(&g.CAFile, "ca-file", "", "trust the CA certificates in this PEM file")
	fl.StringVar(&g.Pin, "pin-sha256", "", "accept only a certificate with this public-key SHA-256 (base64 or hex), e.g. a self-signed one")
	fl.DurationVar(&g.Timeout, "timeout", 30*time.Second, "time limit for the whole command: every API call, retry and DNS check")
	fl.BoolVar(&g.Debug, "debug", false, "log requests and timings to stderr (the token is never shown)")
	fl.StringVarP(&g.Output, "output", "o", "table", "output format: table, json or csv; markdown for diagnose, deliveries, accounts and dns; html for diagnose")
	fl.StringVar(&g.Lang, "lang", "", "language: en or zh-TW (default from LC_ALL, LC_MESSAGES, LANG)")
	fl.StringVar(&g.Demo, "demo", "", "run against a built-in simulated cPanel account instead of a real one (see 'cpmail demo list')")
	fl.Lookup("demo").NoOptDefVal = "demo"
	fl.BoolVar(&g.NoHeaders, "no-headers", false, "leave out the header line of tables and CSV")
	fl.BoolVar(&g.ASCII, "ascii", false, "draw charts in ASCII, not Unicode blocks (the default on a terminal whose locale is not UTF-8)")
	fl.StringVar(&g.Account, "account", "", "read this cPanel account through WHM with a WHM token (env CPMAIL_ACCOUNT; WHM_HOST, WHM_USER, WHM_TOKEN or 'cpmail login --whm')")
	fl.IntVar(&g.MaxResponseMB, "max-response", 64, "refuse an API answer larger than this many MiB (Track Delivery streams up to 16 times more)")
}

// prepare validates the global flags that every command shares, and sets
// the Factory's language, output format and --timeout from them.
func prepare(f *cmdutil.Factory, formats []render.Format) error {
	lang, err := language(f)
	f.Lang = lang
	if err != nil {
		return err
	}
	out, err := render.ParseFormat(f.Flags.Output, formats...)
	if err != nil {
		names := make([]string, len(formats))
		for i, x := range formats {
			names[i] = string(x)
		}
		return cmdutil.Usage(f.Tr("cli.bad-output", "Value", render.Safe(f.Flags.Output), "Formats", strings.Join(names, ", ")))
	}
	f.Format = out
	f.NoHeaders = f.Flags.NoHeaders
	f.ASCII = cmdutil.ASCIIOnly(f.Flags.ASCII, f.IO.OutTTY, f.Getenv)
	if f.Flags.MaxResponseMB < 1 || f.Flags.MaxResponseMB > 4096 {
		return cmdutil.Usage(f.Tr("cli.bad-max-response", "Value", f.Flags.MaxResponseMB))
	}
	if f.Flags.Timeout <= 0 {
		return cmdutil.Usage(f.Tr("cli.bad-timeout", "Value", f.Flags.Timeout.String()))
	}
	f.Session.Timeout = f.Flags.Timeout
	return nil
}

// boundedByTimeout reports whether --timeout bounds cmd from its start:
// the commands that read the account. login starts the clock once the
// token is typed; explain, demo, version and completion read no account;
// fleet bounds each account's diagnosis with it.
func boundedByTimeout(cmd *cobra.Command) bool {
	if cmd.Parent() == nil || cmd.Parent().HasParent() {
		return false
	}
	switch cmd.Name() {
	case "accounts", "deliveries", "quota", "dns", "api", "diagnose", "check", "metrics":
		return true
	}
	return false
}
