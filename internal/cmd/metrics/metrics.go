// Package metrics is the metrics command: the diagnosis's figures in the
// Prometheus text exposition format, on stdout or atomically in a file
// for node_exporter's textfile collector.
package metrics

import (
	"context"
	"errors"
	"fmt"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/exposition"
)

// Options are the metrics command's dependencies, flags and argument.
type Options struct {
	*cmdutil.Printer
	Ctx context.Context
	shared.Deps
	shared.SnapshotOptions

	// Target is the ADDRESS or DOMAIN argument ("": the whole account).
	Target string
	// Textfile is the --textfile FILE.prom ("": stdout).
	Textfile string
	// PerMailbox adds a series per mailbox.
	PerMailbox bool
}

// NewCmdMetrics returns the metrics command. runF, when set, runs in place
// of metricsRun (a test's seam).
func NewCmdMetrics(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Deps: shared.DepsOf(f)}
	cmd := &cobra.Command{
		Use:   "metrics [ADDRESS|DOMAIN]",
		Short: "Write the diagnosis's figures for Prometheus (text exposition format)",
		Long: `Run the diagnosis and write its figures in the Prometheus text exposition
format: findings by rule id and severity, deliveries of the window by type and
reason, the account's disk and inode use and limits, mailbox use (one series
per mailbox only with --per-mailbox), blocklist listings per IP and list,
whether each source could be read, and when the last run was, how long it
took and whether it could read the account.

With --textfile the file is replaced atomically (node_exporter's textfile
collector never reads half of it). A run that cannot read the account (a
refused token, an unreachable host) still writes the file, with
cpmail_last_run_success 0 and the time of the last successful run, and exits
non-zero; a refused token is never retried.`,
		Example: `  cpmail metrics
  cpmail metrics --textfile /var/lib/node_exporter/textfile_collector/cpmail.prom`,
		Args: cmdutil.Args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Target = cmd.Context(), ""
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return metricsRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Since, "since", "24h", "start of the delivery window")
	fl.StringVar(&opts.Until, "until", "", "end of the delivery window (default now)")
	fl.IntVar(&opts.Concurrency, "concurrency", 8, "API calls in flight at once")
	cmdutil.BindDNSFlags(fl, &opts.DNS)
	fl.StringVar(&opts.FromSnapshot, "from-snapshot", "", "measure a saved snapshot FILE instead of the live account")
	shared.BindRuleFlags(fl, &opts.SnapshotOptions)
	fl.StringVar(&opts.Textfile, "textfile", "", "write to `FILE.prom` atomically (for node_exporter's textfile collector) instead of stdout")
	fl.BoolVar(&opts.PerMailbox, "per-mailbox", false, "one series per mailbox (the address is a label): only for accounts with few mailboxes")
	return cmd
}

func metricsRun(opts *Options) error {
	target, err := shared.ParseTarget(opts.Printer, opts.Target)
	if err != nil {
		return err
	}
	eo, err := opts.EvalOptions(opts.Printer)
	if err != nil {
		return err
	}
	if opts.Textfile != "" && exposition.CheckTextfile(opts.Textfile) != nil {
		return cmdutil.Usage(opts.Tr("metrics.textfile-not-regular", "Path", opts.Textfile))
	}
	r := run{perMailbox: opts.PerMailbox, start: opts.Now()}
	snap, runErr := shared.Snapshot(opts.Ctx, opts.Printer, opts.Deps, target, opts.SnapshotOptions)
	if runErr == nil {
		runErr = snap.Refused()
	}
	var usage *cmdutil.UsageError
	if errors.As(runErr, &usage) {
		return runErr // a bad flag or target: nothing was measured
	}
	if runErr == nil && !cmdutil.AnyRead(snap.Coverage) && len(snap.Coverage) > 0 {
		runErr = fmt.Errorf("%s: %s", snap.Coverage[0].Source, snap.Coverage[0].Error)
	}
	if runErr == nil {
		eo.Now = snap.TakenAt
		r.snap, r.rep = snap, diagnose.Evaluate(snap, eo)
		r.lastSuccess = r.start
	} else if opts.Textfile != "" {
		r.lastSuccess = exposition.LastSuccess(opts.Textfile)
	}
	r.duration = opts.Now().Sub(r.start)
	if err := opts.write(r.registry()); err != nil {
		return err
	}
	// A refused token is returned as it is (exit 4), never retried: the
	// next run of the timer is the retry.
	return runErr
}

// write encodes the registry's metrics to stdout or the textfile.
func (opts *Options) write(reg *prometheus.Registry) error {
	if opts.Textfile == "" {
		return exposition.Write(opts.IO.Out, reg)
	}
	if err := exposition.WriteFile(opts.Textfile, reg); err != nil {
		return errors.New(opts.Tr("metrics.textfile-write", "Path", opts.Textfile, "Error", err.Error()))
	}
	return nil
}
