// Package fleet is the fleet command: with one WHM token (root or a
// reseller), every account the token may see, diagnosed one by one (or
// triaged from WHM's own statistics with --quick), one row an account,
// worst first.
package fleet

import (
	"context"
	"errors"
	"fmt"
	"maps"
	"os"
	"slices"
	"strings"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/exposition"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/html"
	"github.com/cpmail/cpmail/internal/render/markdown"
	"github.com/cpmail/cpmail/internal/render/report"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// Options are the fleet command's dependencies and flags.
type Options struct {
	*cmdutil.Printer
	Ctx     context.Context
	WHM     func(context.Context) (*cpanel.WHMClient, error)
	LiveDNS func(context.Context, cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error)
	Getenv  func(string) string
	Session *cmdutil.Session

	Since, Until string
	Accounts     []string
	Owner        string
	Quick        bool
	// Concurrency is the accounts diagnosed at once; PerAccount the API
	// calls in flight for each.
	Concurrency, PerAccount int
	SaveSnapshot            string
	DNS                     cmdutil.DNSOptions
	FailOn                  string
	// Textfile is --textfile FILE.prom: the fleet's series for
	// node_exporter's textfile collector, one set per account.
	Textfile string
	// Mask replaces third-party addresses with pseudonyms (--mask; the
	// default of -o html unless --no-mask).
	Mask, NoMask bool
}

// NewCmdFleet returns the fleet command. runF, when set, runs in place of
// fleetRun (a test's seam).
func NewCmdFleet(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, WHM: f.WHM, LiveDNS: f.LiveDNS, Getenv: f.Getenv, Session: f.Session}
	cmd := &cobra.Command{
		Use:   "fleet",
		Short: "Every account on a WHM server: which have mail problems now, and why",
		Long: `With a WHM API token (root, or a reseller for its own accounts), list every
account the token may see (WHM listaccts), diagnose each one as 'cpmail
diagnose' does, through WHM, and print one row an account, worst first: its
main domain, owner, suspension, verdict, the most likely cause and the counts
of WHM's delivery statistics (sent, delivered, failed, deferred). Facts only
WHM has (the account suspended and why, outgoing mail suspended or held, the
hourly limits reached) are findings too.

--quick triages the whole server in a few calls, from listaccts and
emailtrack_user_stats alone. One account that cannot be read shows its error
on its row and the scan goes on; a refused token stops the scan at the first
refusal. Ctrl-C prints what was finished.

Credentials: WHM_HOST (port 2087 by default), WHM_USER (default root) and
WHM_TOKEN, or 'cpmail login --whm'.

Exit codes: 0 nothing at or above --fail-on; 3 an account has a finding at or
above it; 1 an account could not be read (and none failed); 2 usage; 4 WHM
refused the token; 130 interrupted.`,
		Example: `  cpmail --demo fleet
  cpmail fleet --quick
  cpmail fleet --owner agency --since 48h -o json
  cpmail fleet --accounts alice,bob --save-snapshot cases/
  cpmail fleet --quick --textfile /var/lib/node_exporter/textfile_collector/cpmail_fleet.prom
  cpmail fleet -o markdown > fleet.md      # for a ticket
  cpmail fleet -o html > fleet.html        # to print or send on (addresses masked)`,
		Args:        cmdutil.Args(cobra.NoArgs),
		Annotations: map[string]string{render.FormatsAnnotation: "markdown,html"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if f.Flags.Demo != "" && !cmd.Flags().Changed("rate") {
				f.Flags.RateLimit = 0 // the demo server is this process
			}
			if runF != nil {
				return runF(opts)
			}
			return fleetRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Since, "since", "7d", "start of the delivery window: 48h, 7d, a date or an RFC 3339 time")
	fl.StringVar(&opts.Until, "until", "", "end of the delivery window (default now)")
	fl.StringSliceVar(&opts.Accounts, "accounts", nil, "only these accounts (comma-separated user names)")
	fl.StringVar(&opts.Owner, "owner", "", "only the accounts of this owner (a reseller, or root)")
	fl.BoolVar(&opts.Quick, "quick", false, "triage from WHM's account list and delivery statistics alone (a few calls for the whole server)")
	fl.IntVar(&opts.Concurrency, "concurrency", 4, "accounts diagnosed at once")
	fl.IntVar(&opts.PerAccount, "per-account", 8, "API calls in flight for each account")
	fl.Float64Var(&f.Flags.RateLimit, "rate", 60, "at most this many requests a second to WHM (0: no limit)")
	fl.StringVar(&opts.SaveSnapshot, "save-snapshot", "", "write each account's snapshot to DIR/<account>.json (never the token)")
	fl.StringVar(&opts.FailOn, "fail-on", "fail", "exit 3 when an account has a finding at or above this severity: fail or warn")
	fl.StringVar(&opts.Textfile, "textfile", "", "also write every account's series for Prometheus to `FILE.prom`, atomically (node_exporter's textfile collector)")
	fl.BoolVar(&opts.Mask, "mask", false, "replace third-party email addresses with stable pseudonyms (snapshots and reports)")
	fl.BoolVar(&opts.NoMask, "no-mask", false, "with -o html, show third-party email addresses (the HTML report masks them by default)")
	cmdutil.BindDNSFlags(fl, &opts.DNS)
	return cmd
}

func fleetRun(opts *Options) error {
	if opts.Format == render.CSV {
		return cmdutil.Usage(opts.Tr("fleet.no-csv"))
	}
	if opts.Concurrency < 1 || opts.Concurrency > 64 {
		return cmdutil.Usage(opts.Tr("fleet.bad-concurrency", "Value", opts.Concurrency))
	}
	if opts.PerAccount < 1 || opts.PerAccount > 64 {
		return cmdutil.Usage(opts.Tr("fleet.bad-per-account", "Value", opts.PerAccount))
	}
	if opts.NoMask && (opts.Mask || opts.Format != render.HTML) {
		return cmdutil.Usage(opts.Tr("fleet.no-mask"))
	}
	// An HTML report is made to be sent on: masked unless --no-mask.
	opts.Mask = opts.Mask || (opts.Format == render.HTML && !opts.NoMask)
	failOn, err := diagnose.ParseSeverity(opts.FailOn)
	if err != nil || failOn == diagnose.Info {
		return cmdutil.Usage(opts.Tr("fleet.bad-fail-on", "Value", render.Safe(opts.FailOn)))
	}
	if err := opts.DNS.Validate(opts.Printer, opts.Getenv("CPMAIL_RESOLVER")); err != nil {
		return err
	}
	now := opts.Now()
	from, to, err := opts.Window(opts.Since, opts.Until, now)
	if err != nil {
		return err
	}
	if to.IsZero() {
		// Without --until the window ends now, for every account alike:
		// the quick rows, the textfile's window length and the reports
		// all need the end, which Gather would otherwise pick per account.
		to = now
	}
	if opts.Textfile != "" && exposition.CheckTextfile(opts.Textfile) != nil {
		return cmdutil.Usage(opts.Tr("metrics.textfile-not-regular", "Path", render.Safe(opts.Textfile)))
	}
	if opts.SaveSnapshot != "" {
		if st, err := os.Stat(opts.SaveSnapshot); err != nil || !st.IsDir() {
			return cmdutil.Usage(opts.Tr("fleet.snapshot-dir", "Dir", render.Safe(opts.SaveSnapshot)))
		}
	}
	want := map[string]bool{}
	for _, a := range opts.Accounts {
		if a = strings.ToLower(strings.TrimSpace(a)); a != "" {
			want[a] = true
		}
	}
	start := opts.Now()
	whm, err := opts.WHM(opts.Ctx)
	var res *result
	if err == nil {
		sc := &scan{opts: opts, whm: whm, from: from, to: to, want: want}
		res, err = sc.run()
	}
	if err != nil {
		var usage *cmdutil.UsageError
		if opts.Textfile != "" && !errors.As(err, &usage) {
			// The file says the run could not read the server (and
			// when the last one did); a refused token is not retried.
			reg := fleetMetrics(nil, start, opts.Now().Sub(start), exposition.LastSuccess(opts.Textfile))
			if werr := writeTextfile(opts, reg); werr != nil {
				opts.Warn(werr.Error())
			}
		}
		return err
	}
	for _, a := range slices.Sorted(maps.Keys(want)) {
		if !res.seen[a] {
			opts.Warn(opts.Tr("fleet.account-not-listed", "Account", render.Safe(a)))
		}
	}
	rows := res.rows
	sortRows(rows)
	if opts.Textfile != "" && !res.interrupted {
		// An interrupted scan leaves the earlier file as it was: half
		// the accounts would vanish from the series.
		if err := writeTextfile(opts, fleetMetrics(res, start, opts.Now().Sub(start), start)); err != nil {
			return err
		}
	}
	if err := write(opts, res); err != nil {
		return err
	}
	if res.interrupted {
		fmt.Fprintln(opts.IO.ErrOut, "cpmail: "+opts.Tr("fleet.interrupted", "Done", len(rows), "Total", res.total))
		if opts.Session.TimedOut() {
			return &cmdutil.ExitCodeError{Code: cmdutil.ExitError}
		}
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitInterrupt}
	}
	unread := false
	for _, r := range rows {
		for _, fd := range r.Findings {
			if fd.Severity >= failOn {
				return &cmdutil.ExitCodeError{Code: cmdutil.ExitFindings}
			}
		}
		unread = unread || r.Verdict == diagnose.VerdictUnknown
	}
	if unread {
		// Could-not-read is never reported as fine.
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitError}
	}
	return nil
}

// write prints the scan's rows in the chosen format.
func write(opts *Options, res *result) error {
	rows := res.rows
	switch opts.Format {
	case render.JSON:
		if rows == nil {
			rows = []Row{}
		}
		return render.WriteJSON(opts.IO.Out, rows)
	case render.Markdown:
		return markdown.WriteFleet(opts.IO.Out, accounts(rows), res.total, markdown.Options{Tr: opts.Tr, Redact: opts.Session.Redact, Masked: opts.Mask})
	case render.HTML:
		var tl *timeline.Timeline
		if res.hours != nil {
			tl = timeline.Build(res.hours.list(), res.from, res.to, html.ChartSlots)
		}
		return html.WriteFleet(opts.IO.Out, accounts(rows), res.total, html.Options{Lang: string(opts.Lang), Tr: opts.Tr, Text: opts.Text,
			Timeline: tl, Redact: opts.Session.Redact, Masked: opts.Mask})
	}
	if len(rows) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, opts.Tr("fleet.no-accounts"))
	}
	// The documents' cells, with the cause shortened for the terminal.
	accts := accounts(rows)
	cells := make([][]string, len(accts))
	for i, a := range accts {
		a.Cause = cause(opts.Printer, rows[i])
		cells[i] = report.FleetRow(opts.Tr, a)
	}
	if err := opts.Table(report.FleetHeaders(opts.Tr), cells); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, report.FleetSummary(opts.Tr, accts, res.total))
	return nil
}

// accounts are the rows as the documents show them.
func accounts(rows []Row) []report.Account {
	out := make([]report.Account, len(rows))
	for i, r := range rows {
		a := report.Account{Account: r.Account, Domain: r.Domain, Owner: r.Owner, Suspended: r.Suspended, Verdict: r.Verdict, Report: r.report,
			Sent: r.Counts.Sent, Delivered: r.Counts.Delivered, Failed: r.Counts.Failed, Deferred: r.Counts.Deferred}
		switch {
		case r.Error != nil:
			a.Error, a.Cause = *r.Error, *r.Error
		case len(r.Findings) > 0:
			a.Cause = r.Findings[0].Title
		}
		out[i] = a
	}
	return out
}

// writeTextfile replaces the --textfile with reg's series.
func writeTextfile(opts *Options, reg *prometheus.Registry) error {
	if err := exposition.WriteFile(opts.Textfile, reg); err != nil {
		return errors.New(opts.Tr("metrics.textfile-write", "Path", render.Safe(opts.Textfile), "Error", render.Safe(err.Error())))
	}
	return nil
}
