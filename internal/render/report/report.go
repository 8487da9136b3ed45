// Package report prints a diagnosis for people: the verdict, the most
// likely cause first, each finding with its evidence and remedy, the
// recent messages and what could not be read. It also words the reasons
// live DNS checks were skipped.
package report

import (
	"fmt"
	"io"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/lang"
)

// Options say how a report is printed.
type Options struct {
	// Lang is the output language.
	Lang lang.Tag
	// Color paints the severities (a terminal that wants colour).
	Color bool
	// Width wraps the texts and fits the messages table (0: not a
	// terminal, nothing is wrapped or cut).
	Width int
	// Time shows a time of the messages table.
	Time func(time.Time) string
	// Redact removes the run's secrets from the errors it quotes.
	Redact func(string) string
}

// Write prints a report for people: the verdict, the most likely
// cause first, then the other findings by severity, each with its evidence
// and remedy; then the messages and what could not be read. Findings quote
// bounce texts, addresses, filter names and DNS records, and the coverage
// quotes the server's errors: every such text is shown through render.Safe
// (the messages table escapes its cells itself), so only the colours
// written here reach the terminal as escapes.
func Write(w io.Writer, rep *diagnose.Report, o Options) error {
	T := o.Lang.Pick
	safe := render.Safe
	paint := func(sgr, s string) string { return render.Paint(o.Color, sgr, s) }
	sevLabel := map[diagnose.Severity]string{
		diagnose.Fail: paint("31;1", T("FAIL", "失敗")),
		diagnose.Warn: paint("33;1", T("WARN", "警告")),
		diagnose.Info: paint("36", T("INFO", "資訊")),
	}
	target := safe(rep.Target)
	if rep.Target == "account" {
		target = T("account ", "帳號 ") + safe(rep.Account)
	}
	window := fmt.Sprintf("%s – %s", rep.Since.Local().Format("2006-01-02 15:04"), rep.Until.Local().Format("2006-01-02 15:04"))
	if len(rep.Findings) == 0 {
		switch rep.Verdict {
		case diagnose.VerdictPass:
			fmt.Fprintf(w, T("%s: no problems found (%s).\n", "%s：沒有發現問題（%s）。\n"), target, window)
		default:
			fmt.Fprintf(w, T("%s: no problems found, but some sources could not be read, so this proves little (see below).\n", "%s：沒有發現問題，但有部分資料無法讀取，因此無法確定（見下方）。\n"), target)
		}
	} else {
		findings := T("findings", "項發現")
		if len(rep.Findings) == 1 {
			findings = T("finding", "項發現")
		}
		fmt.Fprintf(w, T("%s: %s — %d %s (%s)\n", "%s：%s — %d %s（%s）\n"), target, verdictLabel(T, rep.Verdict, paint), len(rep.Findings), findings, window)
		for i, fd := range rep.Findings {
			fmt.Fprintln(w)
			head := fmt.Sprintf("%s  %s", sevLabel[fd.Severity], safe(fd.Title))
			if i == 0 && fd.Severity == diagnose.Fail {
				head = paint("1", T("Most likely cause: ", "最可能的原因：")) + head
			}
			fmt.Fprintln(w, head)
			fmt.Fprintf(w, "    %s: %s   [%s]\n", T("subject", "對象"), safe(fd.Subject), safe(fd.ID))
			if fd.Detail != "" {
				fmt.Fprintln(w, render.Wrap(safe(fd.Detail), "    ", o.Width))
			}
			for _, ev := range fd.Evidence {
				fmt.Fprintf(w, "    %s %s %s: %s\n", T("evidence", "證據"), safe(ev.Source), safe(ev.Key), safe(ev.Value))
			}
			if fd.Remedy != "" {
				fmt.Fprintln(w, render.Wrap(T("fix: ", "處理方式：")+safe(fd.Remedy), "    ", o.Width))
			}
		}
	}
	if len(rep.Messages) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, T("Recent messages:", "最近的郵件："))
		var rows [][]string
		for _, m := range rep.Messages {
			outcome := word(T, m.Outcome)
			if m.Deferrals > 0 {
				outcome = fmt.Sprintf("%s (%s ×%d)", outcome, T("deferred", "延遲"), m.Deferrals)
			}
			last := m.Events[len(m.Events)-1]
			rows = append(rows, []string{o.Time(m.LastSeen), word(T, string(m.Direction)), m.Sender, m.Recipient, outcome, render.OrDash(last.Reason), render.OneLine(last.Message)})
		}
		if err := render.WriteTable(w, []string{T("TIME", "時間"), T("DIR", "方向"), T("FROM", "寄件者"), T("TO", "收件者"), T("OUTCOME", "結果"), T("REASON", "原因"), T("LAST MESSAGE", "最後訊息")}, rows, render.TableOptions{Width: o.Width}); err != nil {
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
		fmt.Fprintln(w, T("Could not read (the diagnosis is partial):", "無法讀取（診斷結果不完整）："))
		for _, c := range failed {
			fmt.Fprintf(w, "    %s: %s\n", safe(c.Source), safe(o.Redact(c.Error)))
		}
	}
	if rep.LiveDNSSkipped != "" {
		fmt.Fprintln(w)
		fmt.Fprintf(w, T("Note: %s; the DNS findings come from cPanel's zone and checks only.\n", "注意：%s；DNS 相關發現僅依據 cPanel 的區域與檢查。\n"), safe(SkipText(o.Lang, rep.LiveDNSSkip, rep.LiveDNSSkipped)))
	}
	return nil
}

func verdictLabel(T func(en, zh string) string, v diagnose.Verdict, paint func(string, string) string) string {
	switch v {
	case diagnose.VerdictFail:
		return paint("31;1", T("FAIL", "失敗"))
	case diagnose.VerdictWarn:
		return paint("33;1", T("WARN", "警告"))
	case diagnose.VerdictUnknown:
		return T("UNKNOWN", "無法判定")
	}
	return paint("32;1", T("PASS", "正常"))
}

// word translates the direction and outcome words of the message table.
func word(T func(en, zh string) string, w string) string {
	zh := map[string]string{"incoming": "收信", "outgoing": "寄出", "forwarded": "轉寄", "delivered": "已送達", "failed": "失敗",
		"rejected": "遭拒收", "deferred": "延遲中", "in progress": "處理中", "discarded": "已丟棄"}
	if t, ok := zh[w]; ok {
		return T(w, t)
	}
	return w
}
