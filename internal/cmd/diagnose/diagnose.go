// Package diagnose is the diagnose command: it reads the account (or a
// saved snapshot), runs the rules and prints the findings, most likely
// cause first, with the evidence and the fix.
package diagnose

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/html"
	"github.com/cpmail/cpmail/internal/render/markdown"
	"github.com/cpmail/cpmail/internal/render/report"
	"github.com/cpmail/cpmail/internal/render/timeline"
	"github.com/cpmail/cpmail/internal/state"
)

// Options are the diagnose command's dependencies, flags and argument.
type Options struct {
	*cmdutil.Printer
	Ctx context.Context
	shared.Deps
	shared.SnapshotOptions

	// Target is the ADDRESS or DOMAIN argument ("": the whole account).
	Target string
	Rules  bool
	FailOn string
	// NoMask shows third-party addresses in an HTML report (masked by
	// default: a report is made to be sent on).
	NoMask bool
	// State is a --state file of check: the findings are marked new,
	// ongoing or resolved against it (read only).
	State string
}

// NewCmdDiagnose returns the diagnose command. runF, when set, runs in
// place of diagnoseRun (a test's seam).
func NewCmdDiagnose(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Deps: shared.DepsOf(f)}
	cmd := &cobra.Command{
		Use:   "diagnose [ADDRESS|DOMAIN]",
		Short: "Explain why mail does not arrive: findings with evidence and the fix",
		Long: `Read the account's delivery log, mailboxes, quotas, forwarders, default
addresses, filters, spam settings, routing, zone and cPanel's deliverability
checks, and explain what is wrong, most likely cause first, with the evidence
and the exact fix. Without a target, the whole account.

Exit codes: 0 nothing at or above --fail-on; 3 findings at or above it;
1 error, or the verdict is unknown (the important sources could not be
read, or --timeout ran out first); 2 usage, or a target that is not on the
account; 4 cPanel refused the credentials (cpmail stops at the first
refusal, so that cPanel's brute-force protection does not lock out the IP).`,
		Example: `  cpmail diagnose info@example.com --since 48h
  cpmail diagnose example.com -o json
  cpmail diagnose --save-snapshot case.json   # a support bundle (never holds the token)
  cpmail diagnose --from-snapshot case.json   # reproduce it offline
  cpmail diagnose -o markdown                 # to paste into a ticket
  cpmail diagnose -o html > report.html       # to print or send on (addresses masked)
  cpmail diagnose --rules`,
		Args:        cmdutil.Args(cobra.MaximumNArgs(1)),
		Annotations: map[string]string{render.FormatsAnnotation: "markdown,html"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Target = cmd.Context(), ""
			if len(args) == 1 {
				opts.Target = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return diagnoseRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&opts.Since, "since", "7d", "start of the delivery window: 48h, 7d, a date or an RFC 3339 time")
	fl.StringVar(&opts.Until, "until", "", "end of the delivery window (default now)")
	fl.BoolVar(&opts.Rules, "rules", false, "list every rule with its id, severity and title")
	fl.StringVar(&opts.FailOn, "fail-on", "fail", "exit 3 when a finding is at or above this severity: fail or warn")
	fl.StringVar(&opts.SaveSnapshot, "save-snapshot", "", "write everything gathered to FILE (JSON; never the token)")
	fl.StringVar(&opts.FromSnapshot, "from-snapshot", "", "diagnose offline from a snapshot FILE")
	shared.BindRuleFlags(fl, &opts.SnapshotOptions)
	fl.BoolVar(&opts.Mask, "mask", false, "replace third-party email addresses with stable pseudonyms (for a snapshot attached to a public ticket)")
	fl.BoolVar(&opts.NoMask, "no-mask", false, "with -o html, show third-party email addresses (the HTML report masks them by default)")
	fl.IntVar(&opts.Concurrency, "concurrency", 8, "API calls in flight at once")
	cmdutil.BindDNSFlags(fl, &opts.DNS)
	fl.StringVar(&opts.State, "state", "", "mark the findings new, ongoing or resolved against check's --state `FILE` (read, never written)")
	return cmd
}

func diagnoseRun(opts *Options) error {
	if opts.Format == render.CSV {
		return cmdutil.Usage(opts.Tr("diagnose.no-csv"))
	}
	if opts.Rules {
		return writeRules(opts.Printer)
	}
	failOn, err := diagnose.ParseSeverity(opts.FailOn)
	if err != nil || failOn == diagnose.Info {
		return cmdutil.Usage(opts.Tr("diagnose.invalid-fail-on", "Value", opts.FailOn))
	}
	eo, err := opts.EvalOptions(opts.Printer)
	if err != nil {
		return err
	}
	target, err := shared.ParseTarget(opts.Printer, opts.Target)
	if err != nil {
		return err
	}
	if opts.NoMask && (opts.Mask || opts.Format != render.HTML) {
		return cmdutil.Usage(opts.Tr("diagnose.no-mask-html"))
	}
	// An HTML report is made to be sent on: masked unless --no-mask.
	mask := opts.Format == render.HTML && !opts.NoMask
	so := opts.SnapshotOptions
	so.Mask = so.Mask || mask
	var st *state.File
	if opts.State != "" {
		if st, err = shared.LoadState(opts.Printer, opts.State); err != nil {
			return err
		}
	}
	snap, err := shared.Snapshot(opts.Ctx, opts.Printer, opts.Deps, target, so)
	if err != nil {
		return err
	}
	if mask && so.FromSnapshot != "" {
		// A snapshot read back is as it was saved: mask it here.
		diagnose.Mask(snap)
	}
	eo.Now = snap.TakenAt
	rep := diagnose.Evaluate(snap, eo)
	rep.Localize(opts.Text)
	var marks *stateMarks
	if st != nil {
		marks = markAgainst(st, rep, snap)
	}
	switch opts.Format {
	case render.JSON:
		var out any = rep
		if marks != nil {
			out = struct {
				*diagnose.Report
				State *stateMarks `json:"state"`
			}{rep, marks}
		}
		if err := render.WriteJSON(opts.IO.Out, out); err != nil {
			return err
		}
	case render.HTML:
		if err := html.WriteReport(opts.IO.Out, rep, html.Options{Lang: string(opts.Lang), Tr: opts.Tr, Text: opts.Text,
			Timeline: hourly(snap, rep, html.ChartSlots), Redact: opts.Session.Redact, Masked: so.Mask}); err != nil {
			return err
		}
	case render.Markdown:
		if err := markdown.WriteReport(opts.IO.Out, rep, markdown.Options{Tr: opts.Tr, Timeline: hourly(snap, rep, report.SparklineSlots),
			Redact: opts.Session.Redact, Masked: opts.Mask}); err != nil {
			return err
		}
	default:
		if err := report.Write(opts.IO.Out, rep, report.Options{Tr: opts.Tr, Color: opts.IO.ColorEnabled(), Width: opts.IO.TermWidth(),
			Time: opts.Time, Redact: opts.Session.Redact, Timeline: hourly(snap, rep, report.SparklineSlots), ASCII: opts.ASCII}); err != nil {
			return err
		}
		if marks != nil {
			writeMarks(opts.Printer, opts.State, marks)
		}
	}
	timedOut := opts.Session.TimedOut()
	if opts.Ctx.Err() != nil && !timedOut {
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitInterrupt}
	}
	for _, fd := range rep.Findings {
		if fd.Severity >= failOn {
			return &cmdutil.ExitCodeError{Code: cmdutil.ExitFindings}
		}
	}
	if rep.Verdict == diagnose.VerdictUnknown || timedOut || !cmdutil.AnyRead(rep.Coverage) {
		// Could-not-read is never reported as fine.
		fmt.Fprintln(opts.IO.ErrOut, "cpmail: "+cmdutil.UnreadLine(opts.Printer, rep.Coverage))
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitError}
	}
	return nil
}

// writeRules lists every rule.
func writeRules(p *cmdutil.Printer) error {
	rules := diagnose.Rules()
	if p.Format == render.JSON {
		type row struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Title    string `json:"title"`
		}
		var rows []row
		for _, r := range rules {
			rows = append(rows, row{r.ID, r.Severity.String(), p.Text(r.Title())})
		}
		return render.WriteJSON(p.IO.Out, rows)
	}
	var rows [][]string
	for _, r := range rules {
		rows = append(rows, []string{r.ID, r.Severity.String(), p.Text(r.Title())})
	}
	return p.Table([]string{"ID", p.Tr("diagnose.severity"), p.Tr("diagnose.title")}, rows)
}

// hourly returns the window's deliveries cut into at most slots slots,
// nil when the snapshot does not count them by the hour (an older one).
func hourly(snap *diagnose.Snapshot, rep *diagnose.Report, slots int) *timeline.Timeline {
	hours, ok := snap.Hours()
	if !ok {
		return nil
	}
	return timeline.Build(hours, rep.Since, rep.Until, slots)
}
