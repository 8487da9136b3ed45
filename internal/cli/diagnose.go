package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/fsread"
	"github.com/cpmail/cpmail/internal/render"
)

type diagnoseOptions struct {
	since, until string
	rules        bool
	failOn       string
	saveSnapshot string
	fromSnapshot string
	concurrency  int
	mask         bool
	dns          dnsOptions
	ignore       []string // --ignore ID
	severity     []string // --severity ID=LEVEL
}

// bindRuleFlags adds --ignore and --severity, as diagnose and check take
// them.
func bindRuleFlags(fl *pflag.FlagSet, o *diagnoseOptions) {
	fl.StringArrayVar(&o.ignore, "ignore", nil, "do not run the rule `ID` (repeatable; see diagnose --rules)")
	fl.StringArrayVar(&o.severity, "severity", nil, "report the rule's findings at this severity: `ID=fail|warn|info` (repeatable)")
}

// evalOptions checks --ignore and --severity against the rules and
// returns the options Evaluate takes.
func (o diagnoseOptions) evalOptions() (diagnose.EvalOptions, error) {
	var opts diagnose.EvalOptions
	known := diagnose.RuleIDs()
	check := func(flag, id string) error {
		if !slices.Contains(known, id) {
			return usagef("%s: no rule %q: cpmail diagnose --rules lists the rule ids", flag, id)
		}
		return nil
	}
	for _, id := range o.ignore {
		if err := check("--ignore", id); err != nil {
			return opts, err
		}
		opts.Ignore = append(opts.Ignore, id)
	}
	for _, kv := range o.severity {
		id, level, ok := strings.Cut(kv, "=")
		if !ok {
			return opts, usagef("--severity %q: write ID=fail, ID=warn or ID=info", kv)
		}
		if err := check("--severity", id); err != nil {
			return opts, err
		}
		sev, err := diagnose.ParseSeverity(level)
		if err != nil {
			return opts, usagef("--severity %q: the level is fail, warn or info", kv)
		}
		if opts.Severity == nil {
			opts.Severity = map[string]diagnose.Severity{}
		}
		opts.Severity[id] = sev
	}
	return opts, nil
}

func newDiagnoseCmd(f *Factory) *cobra.Command {
	var o diagnoseOptions
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
  cpmail diagnose --rules`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if f.Output == render.CSV {
				return usagef("diagnose writes table or json, not csv")
			}
			if o.rules {
				return f.writeRules()
			}
			failOn, err := diagnose.ParseSeverity(o.failOn)
			if err != nil || failOn == diagnose.Info {
				return usagef("invalid --fail-on %q: use fail or warn", o.failOn)
			}
			eo, err := o.evalOptions()
			if err != nil {
				return err
			}
			var arg string
			if len(args) == 1 {
				arg = args[0]
			}
			target, err := diagnose.ParseTarget(arg)
			if err != nil {
				return &UsageError{Err: err}
			}
			snap, err := f.snapshot(cmd, target, o)
			if err != nil {
				return err
			}
			eo.Now = snap.TakenAt
			rep := diagnose.Evaluate(snap, eo)
			rep.Localize(f.Text)
			if f.Output == render.JSON {
				if err := render.WriteJSON(f.IO.Out, rep); err != nil {
					return err
				}
			} else if err := f.writeReport(rep); err != nil {
				return err
			}
			if cmd.Context().Err() != nil && !f.timedOut() {
				return &exitCodeError{Code: ExitInterrupt}
			}
			for _, fd := range rep.Findings {
				if fd.Severity >= failOn {
					return &exitCodeError{Code: ExitFindings}
				}
			}
			if rep.Verdict == diagnose.VerdictUnknown || f.timedOut() || !anyRead(rep.Coverage) {
				// Could-not-read is never reported as fine.
				fmt.Fprintln(f.IO.ErrOut, "cpmail: "+f.unreadLine(rep.Coverage))
				return &exitCodeError{Code: ExitError}
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&o.since, "since", "7d", "start of the delivery window: 48h, 7d, a date or an RFC 3339 time")
	fl.StringVar(&o.until, "until", "", "end of the delivery window (default now)")
	fl.BoolVar(&o.rules, "rules", false, "list every rule with its id, severity and title")
	fl.StringVar(&o.failOn, "fail-on", "fail", "exit 3 when a finding is at or above this severity: fail or warn")
	fl.StringVar(&o.saveSnapshot, "save-snapshot", "", "write everything gathered to FILE (JSON; never the token)")
	fl.StringVar(&o.fromSnapshot, "from-snapshot", "", "diagnose offline from a snapshot FILE")
	bindRuleFlags(fl, &o)
	fl.BoolVar(&o.mask, "mask", false, "replace third-party email addresses with stable pseudonyms (for a snapshot attached to a public ticket)")
	fl.IntVar(&o.concurrency, "concurrency", 8, "API calls in flight at once")
	bindDNSFlags(fl, &o.dns)
	return cmd
}

// maxSnapshotBytes caps a --from-snapshot file.
const maxSnapshotBytes = 256 << 20

// snapshot gathers (or reads) the snapshot for a diagnosis. A refused
// credential, met by the first call or by any call of the gathering, is
// returned as the error (errors.Is cpanel.ErrCredentialsRefused), and so is
// a target that is not on the account (a UsageError).
func (f *Factory) snapshot(cmd *cobra.Command, target diagnose.Target, o diagnoseOptions) (*diagnose.Snapshot, error) {
	ctx := cmd.Context()
	if o.fromSnapshot != "" {
		return f.readSnapshot(ctx, o.fromSnapshot)
	}
	if o.concurrency < 1 || o.concurrency > 64 {
		return nil, usagef("--concurrency must be between 1 and 64, got %d", o.concurrency)
	}
	if err := o.dns.validate(f.Getenv("CPMAIL_RESOLVER")); err != nil {
		return nil, err
	}
	now := f.Now()
	from, to, err := window(o.since, o.until, now)
	if err != nil {
		return nil, err
	}
	c, err := f.Client(ctx)
	if err != nil {
		return nil, err
	}
	if f.IO.ErrTTY {
		fmt.Fprintln(f.IO.ErrOut, f.T("Reading the account…", "正在讀取帳號資料…"))
	}
	// ctx carries the --timeout deadline of the whole command (see bound).
	// Gather sends its first call alone: a refused token costs one request.
	// It runs the live DNS checks in the same pool, each domain as soon as
	// what it is compared with is read.
	s := diagnose.Gather(ctx, c, diagnose.GatherOptions{Target: target, Since: from, Until: to, Concurrency: o.concurrency, Now: f.Now,
		LiveDNS: f.liveDNS(ctx, o.dns), DKIMSelectors: o.dns.selectors})
	if err := s.Err(); err != nil {
		var te *diagnose.TargetError
		if errors.As(err, &te) {
			return nil, f.onAccount(te.Target, te.Domains, c.User())
		}
		return nil, err
	}
	if f.timedOut() {
		f.warnf(f.T("gave up after %v (--timeout): what was read in time is reported below", "已在 %v 後放棄（--timeout）：以下僅根據時限內讀取的資料"), f.flags.timeout)
	} else if ctx.Err() != nil {
		f.warnf(f.T("interrupted: what was read so far is reported below, and it is partial", "已中斷：以下僅根據目前已讀取的資料，結果不完整"))
	}
	for i := range s.Coverage {
		s.Coverage[i].Error = f.redact(s.Coverage[i].Error)
	}
	if o.mask {
		diagnose.Mask(s)
	}
	if o.saveSnapshot != "" {
		if err := writeSnapshotFile(o.saveSnapshot, s); err != nil {
			return nil, err
		}
		fmt.Fprintf(f.IO.ErrOut, f.T("Snapshot saved to %s.\n", "快照已存到 %s。\n"), o.saveSnapshot)
	}
	return s, nil
}

// readSnapshot reads a --from-snapshot file, at most maxSnapshotBytes, so
// that Ctrl-C or SIGTERM ends a wait on a FIFO.
func (f *Factory) readSnapshot(ctx context.Context, path string) (*diagnose.Snapshot, error) {
	fh, err := fsread.Open(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, usagef("cannot open --from-snapshot: %v", err)
	}
	r := fsread.NewReader(ctx, fh)
	defer r.Close()
	lr := fsread.LimitReader(r, path, maxSnapshotBytes)
	tooLarge := usagef(f.T("the snapshot %s is larger than %d MiB, the most cpmail reads: is it the right file?", "快照 %s 超過 %d MiB，超出 cpmail 可讀取的上限：檔案是否正確？"), path, maxSnapshotBytes>>20)
	if err := fsread.CheckSize(fh, maxSnapshotBytes); err != nil {
		return nil, tooLarge
	}
	s, err := diagnose.ReadSnapshot(lr)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case lr.Exceeded():
		return nil, tooLarge
	case err != nil:
		return nil, usagef("%s: %v", path, err)
	}
	return s, nil
}

// writeSnapshotFile writes the snapshot to path with mode 0600, whatever
// the mode of a file already there (it holds account data): into a
// temporary file of the same directory, then renamed over path, so that a
// failed write leaves any earlier snapshot whole. A path that is not a
// regular file (a FIFO, /dev/stdout) is written in place. Strings are
// written with their control and bidi characters escaped (\u202e), so
// `cat` of the snapshot is safe.
func writeSnapshotFile(path string, s *diagnose.Snapshot) error {
	writeSafeJSON := func(w io.Writer, s *diagnose.Snapshot) error {
		sw := render.NewJSONSafeWriter(w)
		if err := s.Write(sw); err != nil {
			return err
		}
		return sw.Flush()
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return fmt.Errorf("cannot write --save-snapshot: %v", err)
		}
		return errors.Join(writeSafeJSON(fh, s), fh.Close())
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("cannot write --save-snapshot: %v", err)
	}
	err = tmp.Chmod(0o600)
	if err == nil {
		err = writeSafeJSON(tmp, s)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return fmt.Errorf("cannot write --save-snapshot: %v", err)
	}
	return nil
}

// writeRules lists every rule.
func (f *Factory) writeRules() error {
	rules := diagnose.Rules()
	if f.Output == render.JSON {
		type row struct {
			ID       string `json:"id"`
			Severity string `json:"severity"`
			Title    string `json:"title"`
		}
		var rows []row
		for _, r := range rules {
			rows = append(rows, row{r.ID, r.Severity.String(), f.Text(r.Title())})
		}
		return render.WriteJSON(f.IO.Out, rows)
	}
	var rows [][]string
	for _, r := range rules {
		rows = append(rows, []string{r.ID, r.Severity.String(), f.Text(r.Title())})
	}
	return f.table([]string{"ID", f.T("SEVERITY", "嚴重度"), f.T("TITLE", "說明")}, rows)
}

// writeReport prints a report for people: the verdict, the most likely
// cause first, then the other findings by severity, each with its evidence
// and remedy; then the messages and what could not be read. Findings quote
// bounce texts, addresses, filter names and DNS records, and the coverage
// quotes the server's errors: every such text is shown through render.Safe
// (the messages table escapes its cells itself), so only the colours
// written here reach the terminal as escapes.
func (f *Factory) writeReport(rep *diagnose.Report) error {
	w := f.IO.Out
	safe := render.Safe
	color := f.IO.ColorEnabled()
	paint := func(code, s string) string {
		if !color {
			return s
		}
		return "\x1b[" + code + "m" + s + "\x1b[0m"
	}
	sevLabel := map[diagnose.Severity]string{
		diagnose.Fail: paint("31;1", f.T("FAIL", "失敗")),
		diagnose.Warn: paint("33;1", f.T("WARN", "警告")),
		diagnose.Info: paint("36", f.T("INFO", "資訊")),
	}
	target := safe(rep.Target)
	if rep.Target == "account" {
		target = f.T("account ", "帳號 ") + safe(rep.Account)
	}
	window := fmt.Sprintf("%s – %s", rep.Since.Local().Format("2006-01-02 15:04"), rep.Until.Local().Format("2006-01-02 15:04"))
	if len(rep.Findings) == 0 {
		switch rep.Verdict {
		case diagnose.VerdictPass:
			fmt.Fprintf(w, f.T("%s: no problems found (%s).\n", "%s：沒有發現問題（%s）。\n"), target, window)
		default:
			fmt.Fprintf(w, f.T("%s: no problems found, but some sources could not be read, so this proves little (see below).\n", "%s：沒有發現問題，但有部分資料無法讀取，因此無法確定（見下方）。\n"), target)
		}
	} else {
		findings := f.T("findings", "項發現")
		if len(rep.Findings) == 1 {
			findings = f.T("finding", "項發現")
		}
		fmt.Fprintf(w, f.T("%s: %s — %d %s (%s)\n", "%s：%s — %d %s（%s）\n"), target, verdictLabel(f, rep.Verdict, paint), len(rep.Findings), findings, window)
		for i, fd := range rep.Findings {
			fmt.Fprintln(w)
			head := fmt.Sprintf("%s  %s", sevLabel[fd.Severity], safe(fd.Title))
			if i == 0 && fd.Severity == diagnose.Fail {
				head = paint("1", f.T("Most likely cause: ", "最可能的原因：")) + head
			}
			fmt.Fprintln(w, head)
			fmt.Fprintf(w, "    %s: %s   [%s]\n", f.T("subject", "對象"), safe(fd.Subject), safe(fd.ID))
			if fd.Detail != "" {
				fmt.Fprintln(w, wrap(safe(fd.Detail), "    ", f.IO.TermWidth()))
			}
			for _, ev := range fd.Evidence {
				fmt.Fprintf(w, "    %s %s %s: %s\n", f.T("evidence", "證據"), safe(ev.Source), safe(ev.Key), safe(ev.Value))
			}
			if fd.Remedy != "" {
				fmt.Fprintln(w, wrap(f.T("fix: ", "處理方式：")+safe(fd.Remedy), "    ", f.IO.TermWidth()))
			}
		}
	}
	if len(rep.Messages) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, f.T("Recent messages:", "最近的郵件："))
		var rows [][]string
		for _, m := range rep.Messages {
			outcome := f.word(m.Outcome)
			if m.Deferrals > 0 {
				outcome = fmt.Sprintf("%s (%s ×%d)", outcome, f.T("deferred", "延遲"), m.Deferrals)
			}
			last := m.Events[len(m.Events)-1]
			rows = append(rows, []string{f.formatTime(m.LastSeen), f.word(string(m.Direction)), m.Sender, m.Recipient, outcome, orDash(last.Reason), oneLine(last.Message)})
		}
		if err := render.WriteTable(w, []string{f.T("TIME", "時間"), f.T("DIR", "方向"), f.T("FROM", "寄件者"), f.T("TO", "收件者"), f.T("OUTCOME", "結果"), f.T("REASON", "原因"), f.T("LAST MESSAGE", "最後訊息")}, rows, render.TableOptions{Width: f.IO.TermWidth()}); err != nil {
			return err
		}
	}
	var failed []diagnose.Coverage
	for _, c := range rep.Coverage {
		if !c.OK {
			failed = append(failed, c)
		}
	}
	if len(failed) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, f.T("Could not read (the diagnosis is partial):", "無法讀取（診斷結果不完整）："))
		for _, c := range failed {
			fmt.Fprintf(w, "    %s: %s\n", safe(c.Source), safe(f.redact(c.Error)))
		}
	}
	if rep.LiveDNSSkipped != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, f.T("Note: %s; the DNS findings come from cPanel's zone and checks only.\n", "注意：%s；DNS 相關發現僅依據 cPanel 的區域與檢查。\n"), safe(f.skipText(rep.LiveDNSSkip, rep.LiveDNSSkipped)))
	}
	return nil
}

func verdictLabel(f *Factory, v diagnose.Verdict, paint func(string, string) string) string {
	switch v {
	case diagnose.VerdictFail:
		return paint("31;1", f.T("FAIL", "失敗"))
	case diagnose.VerdictWarn:
		return paint("33;1", f.T("WARN", "警告"))
	case diagnose.VerdictUnknown:
		return f.T("UNKNOWN", "無法判定")
	}
	return paint("32;1", f.T("PASS", "正常"))
}

// wrap indents text and, on a terminal, wraps it at width.
func wrap(s, indent string, width int) string {
	if width <= len(indent)+20 {
		return indent + s
	}
	var b strings.Builder
	line := indent
	for _, word := range strings.Fields(s) {
		if len([]rune(line))+len([]rune(word))+1 > width && strings.TrimSpace(line) != "" {
			b.WriteString(strings.TrimRight(line, " ") + "\n")
			line = indent
		}
		line += word + " "
	}
	b.WriteString(strings.TrimRight(line, " "))
	return b.String()
}

// word translates the direction and outcome words of the message table.
func (f *Factory) word(w string) string {
	zh := map[string]string{"incoming": "收信", "outgoing": "寄出", "forwarded": "轉寄", "delivered": "已送達", "failed": "失敗",
		"rejected": "遭拒收", "deferred": "延遲中", "in progress": "處理中", "discarded": "已丟棄"}
	if t, ok := zh[w]; ok {
		return f.T(w, t)
	}
	return w
}
