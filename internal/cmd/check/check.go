// Package check is the check command: the diagnosis as a monitoring
// plugin, as the Monitoring Plugins Development Guidelines describe one:
// a status line with performance data, one line per problem, thresholds
// per metric, state across runs and Nagios exit codes.
package check

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/state"
)

// Options are the check command's dependencies, flags and argument.
type Options struct {
	*cmdutil.Printer
	Ctx context.Context
	shared.Deps
	shared.SnapshotOptions

	// Target is the ADDRESS or DOMAIN argument ("": the whole account).
	Target string
	// Warning and Critical are the -w and -c thresholds, METRIC=RANGE.
	Warning, Critical []string
	// Verbose adds each problem's evidence to the long output.
	Verbose bool
	// State is the --state file; AlertOn is "any" or "new"; Confirm the
	// runs in a row that report a problem or its resolution.
	State   string
	AlertOn string
	Confirm int
}

// NewCmdCheck returns the check command. runF, when set, runs in place of
// checkRun (a test's seam).
func NewCmdCheck(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Deps: shared.DepsOf(f)}
	cmd := &cobra.Command{
		Use:   "check [ADDRESS|DOMAIN]",
		Short: "Monitoring plugin: one status line and Nagios exit codes",
		Long: `Run the diagnosis and print what a monitoring plugin prints (Nagios, Icinga,
Zabbix, cron): a status line with performance data, then one line per
problem (--verbose adds the evidence):

  CPMAIL CRITICAL - 2 problems: mailbox-full info@example.com, … | failures=3;;;0 …
  CRITICAL mailbox-full info@example.com: info@example.com is full: …

Thresholds use the Monitoring Plugins range syntax, per metric:
  -w disk_used=80 -c disk_used=95     alert above 80 % / 95 %
  -c failures=20:                     alert below 20 (10: means "below 10")
  -w defer_rate=~:10                  alert above 10
  -c delivered=@0:0                   alert when nothing was delivered
Metrics: failures, rejected, deferrals, delivered, mailboxes_over_90,
fail_findings, warn_findings, defer_rate, mailbox_max_used, disk_used,
inodes_used, blocklist_listings. --severity ID=warn and --ignore ID choose
which findings count.

--state FILE remembers what each run found: problems are marked new,
ongoing (since when) or resolved; --alert-on new makes the status reflect
only new ones; --confirm N reports a problem after N runs in a row and its
resolution after N clean runs.

Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN (including authentication,
network and API errors, a target not on the account, a threshold whose
metric could not be measured, and what could not be read in --timeout). A
refused credential is UNKNOWN after one request and is never retried:
repeating it would get the monitoring host's IP locked out by cPanel's
brute-force protection (cPHulk).`,
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
	fl.StringArrayVarP(&opts.Warning, "warning", "w", nil, "WARNING when `METRIC=RANGE` alerts (repeatable; ranges: 10, 10:, ~:10, 10:20, @10:20)")
	fl.StringArrayVarP(&opts.Critical, "critical", "c", nil, "CRITICAL when `METRIC=RANGE` alerts (repeatable)")
	fl.BoolVarP(&opts.Verbose, "verbose", "v", false, "show each problem's evidence")
	fl.StringVar(&opts.State, "state", "", "remember what each run found in `FILE` (mode 0600) and mark problems new, ongoing or resolved")
	fl.StringVar(&opts.AlertOn, "alert-on", "any", "which problems set the status: any, or new (not seen in an earlier run; needs --state)")
	fl.IntVar(&opts.Confirm, "confirm", 1, "report a problem after `N` runs in a row, and its resolution after N clean runs (needs --state)")
	return cmd
}

func checkRun(opts *Options) error {
	unknown := func(err error) error { return pluginUnknown(opts.Printer, opts.Session, err) }
	th, err := parseThresholds(opts.Printer, opts.Warning, opts.Critical)
	if err != nil {
		return unknown(err)
	}
	if err := opts.validateState(); err != nil {
		return unknown(err)
	}
	target, err := shared.ParseTarget(opts.Printer, opts.Target)
	if err != nil {
		return unknown(err)
	}
	eo, err := opts.EvalOptions(opts.Printer)
	if err != nil {
		return unknown(err)
	}
	// The state is read before the account: a file that cannot be used
	// costs no API call.
	var st *state.File
	if opts.State != "" {
		if st, err = shared.LoadState(opts.Printer, opts.State); err != nil {
			return unknown(err)
		}
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
	// text), or nothing read at all: UNKNOWN. The state is left as it
	// was: a run that could not check says nothing about the problems.
	if err := snap.Refused(); err != nil {
		return unknown(err)
	}
	if !cmdutil.AnyRead(snap.Coverage) && len(snap.Coverage) > 0 {
		return unknown(fmt.Errorf("%s: %s", snap.Coverage[0].Source, snap.Coverage[0].Error))
	}
	eo.Now = snap.TakenAt
	rep := diagnose.Evaluate(snap, eo)
	rep.Localize(opts.Text)

	res := evaluate(opts.Printer, rep, snap, th)
	if st != nil {
		res.marks = st.Update(snap.TakenAt, res.problems(), opts.Confirm, shared.Checked(snap))
		st.Confirm = opts.Confirm
		st.Figures = res.figures()
		if err := state.Save(opts.State, st); err != nil {
			return unknown(errors.New(opts.Tr("check.state-write", "Path", opts.State, "Error", err.Error())))
		}
	}
	code := res.write(opts.IO.Out, opts.Printer, outputOptions{alertOnNew: opts.AlertOn == "new", confirm: opts.Confirm, verbose: opts.Verbose, stateful: st != nil})
	if code == cmdutil.PluginOK {
		return nil
	}
	return &cmdutil.ExitCodeError{Code: code}
}

// validateState checks --alert-on and --confirm, which need --state.
func (opts *Options) validateState() error {
	switch {
	case opts.AlertOn != "any" && opts.AlertOn != "new":
		return cmdutil.Usage(opts.Tr("check.alert-on-invalid", "Value", opts.AlertOn))
	case opts.Confirm < 1 || opts.Confirm > 1000:
		return cmdutil.Usage(opts.Tr("check.confirm-invalid", "Value", opts.Confirm))
	case opts.State == "" && (opts.AlertOn == "new" || opts.Confirm > 1):
		return cmdutil.Usage(opts.Tr("check.needs-state"))
	}
	return nil
}

// pluginUnknown prints the UNKNOWN status line for an error.
func pluginUnknown(p *cmdutil.Printer, s *cmdutil.Session, err error) error {
	fmt.Fprintf(p.IO.Out, "CPMAIL UNKNOWN - %s\n", render.Safe(render.OneLine(s.Redact(err.Error()))))
	return &cmdutil.ExitCodeError{Code: cmdutil.PluginUnknown}
}
