// Package fleet is the fleet command: with one WHM token (root or a
// reseller), every account the token may see, diagnosed one by one (or
// triaged from WHM's own statistics with --quick), one row an account,
// worst first.
package fleet

import (
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
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
  cpmail fleet --accounts alice,bob --save-snapshot cases/`,
		Args: cmdutil.Args(cobra.NoArgs),
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
	failOn, err := diagnose.ParseSeverity(opts.FailOn)
	if err != nil || failOn == diagnose.Info {
		return cmdutil.Usagef("invalid --fail-on %q: use fail or warn", opts.FailOn)
	}
	if err := opts.DNS.Validate(opts.Getenv("CPMAIL_RESOLVER")); err != nil {
		return err
	}
	from, to, err := cmdutil.Window(opts.Since, opts.Until, opts.Now())
	if err != nil {
		return err
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
	whm, err := opts.WHM(opts.Ctx)
	if err != nil {
		return err
	}
	sc := &scan{opts: opts, whm: whm, from: from, to: to, want: want}
	res, err := sc.run()
	if err != nil {
		return err
	}
	if len(want) > 0 {
		for a := range want {
			if !res.seen[a] {
				opts.Warn(opts.Tr("fleet.account-not-listed", "Account", render.Safe(a)))
			}
		}
	}
	rows := res.rows
	sortRows(rows)
	if opts.Format == render.JSON {
		if rows == nil {
			rows = []Row{}
		}
		if err := render.WriteJSON(opts.IO.Out, rows); err != nil {
			return err
		}
	} else {
		if len(rows) == 0 {
			fmt.Fprintln(opts.IO.ErrOut, opts.Tr("fleet.no-accounts"))
		}
		if err := cmdutil.WriteRows(opts.Printer, columns(opts.Printer), rows); err != nil {
			return err
		}
		fmt.Fprintln(opts.IO.ErrOut, summaryLine(opts.Printer, rows, res.total))
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
