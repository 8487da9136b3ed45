package cli

import (
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
)

// Monitoring-plugin exit codes (Nagios, Icinga, Zabbix).
const (
	pluginOK       = 0
	pluginWarning  = 1
	pluginCritical = 2
	pluginUnknown  = 3
)

func newCheckCmd(f *Factory) *cobra.Command {
	var o diagnoseOptions
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
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var arg string
			if len(args) == 1 {
				arg = args[0]
			}
			target, err := diagnose.ParseTarget(arg)
			if err != nil {
				return f.pluginUnknown(err)
			}
			eo, err := o.evalOptions()
			if err != nil {
				return f.pluginUnknown(err)
			}
			snap, err := f.snapshot(cmd, target, o)
			switch {
			case errors.Is(err, cpanel.ErrCredentialsRefused):
				// Never retried: a check run every five minutes would get
				// the monitoring host locked out by cPHulk.
				return f.pluginUnknown(errors.New(f.refusedLine(err)))
			case err != nil && f.timedOut():
				return f.pluginUnknown(errors.New(f.gaveUpLine(err)))
			case err != nil && cmd.Context().Err() != nil:
				return f.pluginUnknown(errors.New(f.T("interrupted", "已中斷")))
			case err != nil:
				return f.pluginUnknown(err)
			}
			// A refused credential in a saved snapshot (which keeps only the
			// text), or nothing read at all: UNKNOWN.
			if err := snap.Refused(); err != nil {
				return f.pluginUnknown(err)
			}
			if !anyRead(snap.Coverage) && len(snap.Coverage) > 0 {
				return f.pluginUnknown(fmt.Errorf("%s: %s", snap.Coverage[0].Source, snap.Coverage[0].Error))
			}
			eo.Now = snap.TakenAt
			rep := diagnose.Evaluate(snap, eo)
			rep.Localize(f.Text)
			line, code := pluginLine(rep, snap)
			fmt.Fprintln(f.IO.Out, render.Safe(line))
			if code == pluginOK {
				return nil
			}
			return &exitCodeError{Code: code}
		},
	}
	cmd.SetFlagErrorFunc(func(c *cobra.Command, err error) error { return f.pluginUnknown(err) })
	fl := cmd.Flags()
	fl.StringVar(&o.since, "since", "24h", "start of the delivery window")
	fl.StringVar(&o.until, "until", "", "end of the delivery window (default now)")
	fl.IntVar(&o.concurrency, "concurrency", 8, "API calls in flight at once")
	bindDNSFlags(fl, &o.dns)
	fl.StringVar(&o.fromSnapshot, "from-snapshot", "", "check a saved snapshot FILE instead of the live account")
	bindRuleFlags(fl, &o)
	return cmd
}

// pluginUnknown prints the UNKNOWN status line for an error.
func (f *Factory) pluginUnknown(err error) error {
	fmt.Fprintf(f.IO.Out, "CPMAIL UNKNOWN - %s\n", render.Safe(oneLine(f.redact(err.Error()))))
	return &exitCodeError{Code: pluginUnknown}
}

// pluginLine builds the status line and exit code.
func pluginLine(rep *diagnose.Report, snap *diagnose.Snapshot) (string, int) {
	var fails, warns []diagnose.Finding
	for _, fd := range rep.Findings {
		switch fd.Severity {
		case diagnose.Fail:
			fails = append(fails, fd)
		case diagnose.Warn:
			warns = append(warns, fd)
		}
	}
	state, code, shown := "OK", pluginOK, []diagnose.Finding(nil)
	switch {
	case len(fails) > 0:
		state, code, shown = "CRITICAL", pluginCritical, append(fails, warns...)
	case len(warns) > 0:
		state, code, shown = "WARNING", pluginWarning, warns
	case rep.Verdict == diagnose.VerdictUnknown:
		state, code = "UNKNOWN", pluginUnknown
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
	case code == pluginUnknown:
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
