// Package report prints a diagnosis for people: the verdict, the most
// likely cause first, each finding with its evidence and remedy, the
// recent messages and what could not be read. It also words the reasons
// live DNS checks were skipped.
package report

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// Options say how a report is printed.
type Options struct {
	// Tr renders a catalog id in the output language.
	Tr func(id string, pairs ...any) string
	// Color paints the severities (a terminal that wants colour).
	Color bool
	// Width wraps the texts and fits the messages table (0: not a
	// terminal, nothing is wrapped or cut).
	Width int
	// Time shows a time of the messages table.
	Time func(time.Time) string
	// Redact removes the run's secrets from the errors it quotes.
	Redact func(string) string
	// Timeline is the window's deliveries by the hour (nil: not known,
	// no sparkline).
	Timeline *timeline.Timeline
	// ASCII draws the sparkline in ASCII (--ascii, or a terminal that
	// cannot show Unicode blocks).
	ASCII bool
}

// SparklineSlots is how many marks the sparkline of a report has at
// most: a week is drawn three hours per mark.
const SparklineSlots = 60

// Sparkline is the line under a report's header: the problem deliveries
// of the window drawn slot by slot, worded by tr; "" when the window saw
// no delivery record at all.
func Sparkline(tr func(id string, pairs ...any) string, tl *timeline.Timeline, ascii bool) string {
	return SparklineWith(tr, tl, func(vals []int) string { return "[" + render.Sparkline(vals, ascii) + "]" })
}

// SparklineWith is Sparkline with the marks drawn by marks (a document
// quotes them in its own way).
func SparklineWith(tr func(id string, pairs ...any) string, tl *timeline.Timeline, marks func([]int) string) string {
	if tl == nil {
		return ""
	}
	total := 0
	for _, s := range tl.Slots {
		total += s.Total()
	}
	if total == 0 {
		return ""
	}
	vals := tl.Problems()
	if timeline.Peak(vals) == 0 {
		return tr("report.sparkline-none", "Count", total)
	}
	return tr("report.sparkline", "Count", tl.Step, "Peak", timeline.Peak(vals), "Line", marks(vals))
}

// Overview returns the rows of the findings' overview table under its
// headers: severity, rule id, subject, title and the number of delivery
// records the finding covers, in the report's order (most likely cause
// first). The cells are text from outside: a caller shows them through
// its own escaping.
func Overview(tr func(id string, pairs ...any) string, findings []diagnose.Finding) (headers []string, rows [][]string) {
	headers = []string{tr("header.severity"), tr("header.id"), tr("header.subject"), tr("header.title"), tr("header.count")}
	for _, fd := range findings {
		count := "-"
		if fd.Count > 0 {
			count = fmt.Sprint(fd.Count)
		}
		rows = append(rows, []string{SeverityWord(tr, fd.Severity), fd.ID, fd.Subject, render.OneLine(fd.Title), count})
	}
	return headers, rows
}

// Write prints a report for people: the verdict, the most likely
// cause first, then the other findings by severity, each with its evidence
// and remedy; then the messages and what could not be read. Findings quote
// bounce texts, addresses, filter names and DNS records, and the coverage
// quotes the server's errors: every such text is shown through render.Safe
// (the messages table escapes its cells itself), so only the colours
// written here reach the terminal as escapes.
func Write(w io.Writer, rep *diagnose.Report, o Options) error {
	tr := o.Tr
	safe := render.Safe
	paint := func(sgr, s string) string { return render.Paint(o.Color, sgr, s) }
	sevLabel := map[diagnose.Severity]string{
		diagnose.Fail: paint("31;1", tr("report.fail")),
		diagnose.Warn: paint("33;1", tr("report.warn")),
		diagnose.Info: paint("36", tr("report.info")),
	}
	target := safe(Target(tr, rep))
	window := fmt.Sprintf("%s – %s", rep.Since.Local().Format("2006-01-02 15:04"), rep.Until.Local().Format("2006-01-02 15:04"))
	if len(rep.Findings) == 0 {
		switch rep.Verdict {
		case diagnose.VerdictPass:
			fmt.Fprintln(w, tr("report.no-problems-found", "Target", target, "Window", window))
		default:
			fmt.Fprintln(w, tr("report.no-problems-found-but", "Target", target))
		}
		if line := Sparkline(tr, o.Timeline, o.ASCII); line != "" {
			fmt.Fprintln(w, line)
		}
	} else {
		fmt.Fprintln(w, tr("report.verdict", "Target", target, "Verdict", verdictLabel(tr, rep.Verdict, paint), "Count", len(rep.Findings), "Window", window))
		if line := Sparkline(tr, o.Timeline, o.ASCII); line != "" {
			fmt.Fprintln(w, line)
		}
		fmt.Fprintln(w)
		headers, rows := Overview(tr, rep.Findings)
		if err := render.WriteTable(w, headers, rows, render.TableOptions{Width: o.Width}); err != nil {
			return err
		}
		for i, fd := range rep.Findings {
			fmt.Fprintln(w)
			head := fmt.Sprintf("%s  %s", sevLabel[fd.Severity], safe(fd.Title))
			if i == 0 && fd.Severity == diagnose.Fail {
				head = paint("1", tr("report.most-likely-cause")) + head
			}
			fmt.Fprintln(w, head)
			fmt.Fprintf(w, "    %s: %s   [%s]\n", tr("report.subject"), safe(fd.Subject), safe(fd.ID))
			if fd.Detail != "" {
				fmt.Fprintln(w, render.Wrap(safe(fd.Detail), "    ", o.Width))
			}
			for _, ev := range fd.Evidence {
				fmt.Fprintf(w, "    %s %s %s: %s\n", tr("report.evidence"), safe(ev.Source), safe(ev.Key), safe(ev.Value))
			}
			if fd.Remedy != "" {
				fmt.Fprintln(w, render.Wrap(tr("report.fix")+safe(fd.Remedy), "    ", o.Width))
			}
		}
	}
	if len(rep.Messages) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, tr("report.recent-messages"))
		headers, rows := MessageRows(tr, rep.Messages, o.Time)
		if err := render.WriteTable(w, headers, rows, render.TableOptions{Width: o.Width}); err != nil {
			return err
		}
	}
	if failed := Unread(rep); len(failed) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, tr("report.could-not-read-diagnosis"))
		for _, c := range failed {
			fmt.Fprintf(w, "    %s: %s\n", safe(c.Source), safe(o.Redact(c.Error)))
		}
	}
	if rep.LiveDNSSkipped != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, tr("report.note-dns-findings-come", "Skipped", safe(SkipText(tr, rep.LiveDNSSkip, rep.LiveDNSSkipped))))
	}
	return nil
}

// Target names what was diagnosed: the address or domain, or "account
// NAME" (text from outside: the caller escapes it).
func Target(tr func(string, ...any) string, rep *diagnose.Report) string {
	if rep.Target == "account" {
		return tr("report.account") + rep.Account
	}
	return rep.Target
}

// Window is the report's window in UTC, for a document sent on.
func Window(rep *diagnose.Report) string {
	return rep.Since.UTC().Format("2006-01-02 15:04") + " – " + rep.Until.UTC().Format("2006-01-02 15:04") + " UTC"
}

// VerdictWord words a verdict (FAIL, WARN, UNKNOWN, PASS).
func VerdictWord(tr func(string, ...any) string, v diagnose.Verdict) string {
	return verdictLabel(tr, v, func(_, s string) string { return s })
}

// SeverityWord words a severity (FAIL, WARN, INFO).
func SeverityWord(tr func(string, ...any) string, s diagnose.Severity) string {
	switch s {
	case diagnose.Fail:
		return tr("report.fail")
	case diagnose.Warn:
		return tr("report.warn")
	}
	return tr("report.info")
}

// Unread returns the sources that could not be read.
func Unread(rep *diagnose.Report) []diagnose.Coverage {
	var failed []diagnose.Coverage
	for _, c := range rep.Coverage {
		if !c.OK {
			failed = append(failed, c)
		}
	}
	return failed
}

// MessageRows returns the table of the messages followed end to end (an
// address target): its headers and rows, times shown by at. The cells
// are text from outside: the caller escapes them.
func MessageRows(tr func(string, ...any) string, msgs []diagnose.Message, at func(time.Time) string) (headers []string, rows [][]string) {
	for _, m := range msgs {
		outcome := word(tr, "report.outcome.", m.Outcome)
		if m.Deferrals > 0 {
			outcome = fmt.Sprintf("%s (%s ×%d)", outcome, tr("report.deferred"), m.Deferrals)
		}
		last := m.Events[len(m.Events)-1]
		rows = append(rows, []string{at(m.LastSeen), word(tr, "report.direction.", string(m.Direction)), m.Sender, m.Recipient, outcome, render.OrDash(last.Reason), render.OneLine(last.Message)})
	}
	return []string{tr("report.time"), tr("report.dir"), tr("report.from"), tr("report.to"), tr("report.outcome"), tr("report.reason"), tr("report.last-message")}, rows
}

func verdictLabel(tr func(string, ...any) string, v diagnose.Verdict, paint func(string, string) string) string {
	switch v {
	case diagnose.VerdictFail:
		return paint("31;1", tr("report.fail"))
	case diagnose.VerdictWarn:
		return paint("33;1", tr("report.warn"))
	case diagnose.VerdictUnknown:
		return tr("report.unknown")
	}
	return paint("32;1", tr("report.pass"))
}

// word translates the direction and outcome words of the message table
// (catalog ids prefix+word); a word it does not know is shown as it is.
func word(tr func(string, ...any) string, prefix, w string) string {
	switch w {
	case "incoming", "outgoing", "forwarded", "delivered", "failed", "rejected", "deferred", "in progress", "discarded":
		return tr(prefix + strings.ReplaceAll(w, " ", "-"))
	}
	return w
}

// RedactWith returns redact, or when it is nil a function that keeps a
// text as it is (a writer given no secrets to remove).
func RedactWith(redact func(string) string) func(string) string {
	if redact == nil {
		return func(s string) string { return s }
	}
	return redact
}
