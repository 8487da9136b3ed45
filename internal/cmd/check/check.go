// Package check is the check command: the diagnosis as a monitoring
// plugin, one status line with performance data and Nagios exit codes.
package check

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// Options are the check command's dependencies, flags and argument.
type Options struct {
	*cmdutil.Printer
	Ctx context.Context
	shared.Deps
	shared.SnapshotOptions

	// Target is the ADDRESS or DOMAIN argument ("": the whole account).
	Target string
}

// NewCmdCheck returns the check command. runF, when set, runs in place of
// checkRun (a test's seam).
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Deps: shared.DepsOf(f)}
	cmd := &cobra.Command{
		Use:   "check [ADDRESS|DOMAIN]",
		Short: "Monitoring plugin: one status line and Nagios exit codes",
		Long: `Run the diagnosis and print one status line with performance data, for
Nagios, Icinga, Zabbix or cron:

  CPMAIL CRITICAL - 2 problems: mailbox-full info@example.com; … | failures=3;;; …

Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (including authentication,
network and API errors, a target not on the account, and what could not be
read in --timeout). A refused credential is UNKNOWN after one request and
is never retried: repeating it would get the monitoring host's IP locked
out by cPanel's brute-force protection (cPHulk).`,
		Args: cmdutil.Args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Target = cmd.Context(), ""
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return checkRun(opts)
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return pluginUnknown(opts.Printer, opts.Session, err) })
	fl := cmd.Flags()
	fl.StringVar(&opts.Since, "since", "24h", "start of the delivery window")
	fl.StringVar(&opts.Until, "until", "", "end of the delivery window (default now)")
	fl.IntVar(&opts.Concurrency, "concurrency", 8, "API calls in flight at once")
	cmdutil.BindDNSFlags(fl, &opts.DNS)
	fl.StringVar(&opts.FromSnapshot, "from-snapshot", "", "check a saved snapshot FILE instead of the live account")
	shared.BindRuleFlags(fl, &opts.SnapshotOptions)
	return cmd
}

func checkRun(opts *Options) error {
	unknown := func(err error) error { return pluginUnknown(opts.Printer, opts.Session, err) }
	target, err := diagnose.ParseTarget(opts.Target)
	if err != nil {
		return unknown(err)
	}
	eo, err := opts.EvalOptions()
	if err != nil {
		return unknown(err)
	}
	snap, err := shared.Snapshot(opts.Ctx, opts.Printer, opts.Deps, target, opts.SnapshotOptions)
	switch {
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		// Never retried: a check run every five minutes would get
		// the monitoring host locked out by cPHulk.
		return unknown(errors.New(cmdutil.RefusedLine(opts.Printer, opts.Session, err)))
	case err != nil && opts.Session.TimedOut():
		return unknown(errors.New(cmdutil.GaveUpLine(opts.Printer, opts.Session, err)))
	case err != nil && opts.Ctx.Err() != nil:
		return unknown(errors.New(opts.Tr("cli.interrupted")))
	case err != nil:
		return unknown(err)
	}
	// A refused credential in a saved snapshot (which keeps only the
	// text), or nothing read at all: UNKNOWN.
	if err := snap.Refused(); err != nil {
		return unknown(err)
	}
	if !cmdutil.AnyRead(snap.Coverage) && len(snap.Coverage) > 0 {
		return unknown(fmt.Errorf("%s: %s", snap.Coverage[0].Source, snap.Coverage[0].Error))
	}
	eo.Now = snap.TakenAt
	rep := diagnose.Evaluate(snap, eo)
	rep.Localize(opts.Text)
	line, code := pluginLine(rep, snap)
	fmt.Fprintln(opts.IO.Out, render.Safe(line))
	if code == cmdutil.PluginOK {
		return nil
	}
	return &cmdutil.ExitCodeError{Code: code}
}

// pluginUnknown prints the UNKNOWN status line for an error.
func pluginUnknown(p *cmdutil.Printer, s *cmdutil.Session, err error) error {
	fmt.Fprintf(p.IO.Out, "CPMAIL UNKNOWN - %s\n", render.Safe(render.OneLine(s.Redact(err.Error()))))
	return &cmdutil.ExitCodeError{Code: cmdutil.PluginUnknown}
}

// pluginLine builds the status line and exit code.
func pluginLine(rep *diagnose.Report, snap *diagnose.Snapshot) (string, cmdutil.ExitCode) {
	var fails, warns []diagnose.Finding
	for _, fd := range rep.Findings {
		switch fd.Severity {
		case diagnose.Fail:
			fails = append(fails, fd)
		case diagnose.Warn:
			warns = append(warns, fd)
		}
	}
	state, code, shown := "OK", cmdutil.PluginOK, []diagnose.Finding(nil)
	switch {
	case len(fails) > 0:
		state, code, shown = "CRITICAL", cmdutil.PluginCritical, append(fails, warns...)
	case len(warns) > 0:
		state, code, shown = "WARNING", cmdutil.PluginWarning, warns
	case rep.Verdict == diagnose.VerdictUnknown:
		state, code = "UNKNOWN", cmdutil.PluginUnknown
	}
	var msg string
	switch {
	case len(shown) > 0:
		parts := make([]string, 0, len(shown))
		for _, fd := range shown {
			parts = append(parts, fd.ID+" "+fd.Subject)
		}
		noun := "problems"
		if len(shown) == 1 {
			noun = "problem"
		}
		msg = fmt.Sprintf("%d %s: %s", len(shown), noun, strings.Join(parts, "; "))
	case code == cmdutil.PluginUnknown:
		var srcs []string
		for _, c := range rep.Coverage {
			if !c.OK {
				srcs = append(srcs, c.Source)
			}
		}
		msg = "could not read " + strings.Join(srcs, ", ")
	default:
		msg = "no problems found"
	}
	return fmt.Sprintf("CPMAIL %s - %s | %s", state, msg, perfData(snap, len(fails), len(warns))), code
}

// perfData is the plugin performance data: counts of deliveries by kind,
// mailboxes over 90 %, and findings.
func perfData(s *diagnose.Snapshot, fails, warns int) string {
	counts := s.DeliveryCounts()
	over90 := 0
	for _, m := range s.Mailboxes {
		if p, ok := m.UsedPercent(); ok && p >= 90 && !m.IsMainAccount() {
			over90++
		}
	}
	return fmt.Sprintf("failures=%d rejected=%d deferrals=%d delivered=%d mailboxes_over_90=%d fail_findings=%d warn_findings=%d",
		counts[cpanel.EventFailure], counts[cpanel.EventRejected], counts[cpanel.EventDefer], counts[cpanel.EventSuccess], over90, fails, warns)
}
