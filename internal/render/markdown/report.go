package markdown

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/report"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// Options say how a report is written.
type Options struct {
	// Tr renders a catalog id in the output language.
	Tr func(id string, pairs ...any) string
	// Level is the heading level of the report's title (0: 1). A report
	// inside a larger document (one account of a fleet) takes 2 or more;
	// its sections are one level below.
	Level int
	// Timeline is the window's deliveries (nil: not known, no sparkline).
	Timeline *timeline.Timeline
	// Redact removes the run's secrets from the errors it quotes.
	Redact func(string) string
	// Time shows a time of the messages table (nil: RFC 3339, UTC).
	Time func(time.Time) string
	// Masked says third-party addresses were masked (a line says so).
	Masked bool
}

// WriteReport writes a diagnosis as GFM: a heading, the verdict, the
// sparkline of problem deliveries, the findings table (most likely cause
// first), each finding with its evidence quoted and its fix, the messages
// followed (an address target) and what could not be read. Every text
// from outside goes through Text or Code.
func WriteReport(w io.Writer, rep *diagnose.Report, o Options) error {
	tr := o.Tr
	level := max(o.Level, 1)
	h := func(n int) string { return strings.Repeat("#", min(level+n, 6)) + " " }
	at := o.Time
	if at == nil {
		at = func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	}
	redact := report.RedactWith(o.Redact)
	var b strings.Builder
	target := report.Target(tr, rep)
	window := report.Window(rep)
	fmt.Fprintf(&b, "%s%s\n\n", h(0), tr("report.doc.title", "Target", Text(target)))
	// The sentences are the catalog's words (trusted) with the texts
	// from outside escaped where they go in.
	verdict := "**" + Text(report.VerdictWord(tr, rep.Verdict)) + "**"
	switch {
	case len(rep.Findings) > 0:
		fmt.Fprintf(&b, "%s\n\n", tr("report.verdict", "Target", Text(target), "Verdict", verdict, "Count", len(rep.Findings), "Window", window))
	case rep.Verdict == diagnose.VerdictPass:
		fmt.Fprintf(&b, "%s\n\n", tr("report.no-problems-found", "Target", Text(target), "Window", window))
	default:
		fmt.Fprintf(&b, "%s\n\n", tr("report.no-problems-found-but", "Target", Text(target)))
	}
	if line := Sparkline(tr, o.Timeline); line != "" {
		fmt.Fprintf(&b, "%s\n\n", line)
	}
	if o.Masked {
		fmt.Fprintf(&b, "%s\n\n", Text(tr("report.doc.masked")))
	}
	if rep.CredentialsRefused != "" {
		fmt.Fprintf(&b, "%s\n\n", Code(redact(rep.CredentialsRefused)))
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if len(rep.Findings) > 0 {
		headers, rows := report.Overview(tr, rep.Findings)
		t := NewTableWriter(w, headers)
		for _, r := range rows {
			t.WriteCells([]Cell{{s: r[0]}, Raw(CodeCell(r[1])), Raw(CodeCell(r[2])), {s: r[3]}, {s: r[4]}})
		}
		if err := t.Close(); err != nil {
			return err
		}
		fmt.Fprintf(&b, "\n%s%s\n", h(1), Text(tr("report.doc.findings")))
	}
	for i, fd := range rep.Findings {
		head := Text(report.SeverityWord(tr, fd.Severity)) + " — " + Text(fd.Title)
		if i == 0 && fd.Severity == diagnose.Fail {
			head = Text(tr("report.doc.most-likely-cause")) + ": " + head
		}
		fmt.Fprintf(&b, "\n%s%d\\. %s\n\n", h(2), i+1, head)
		fmt.Fprintf(&b, "**%s:** %s · **%s:** %s\n", Text(tr("report.doc.subject")), Code(fd.Subject), Text(tr("report.doc.rule")), Code(fd.ID))
		if fd.Detail != "" {
			fmt.Fprintf(&b, "\n%s\n", Text(fd.Detail))
		}
		if len(fd.Evidence) > 0 {
			fmt.Fprintf(&b, "\n**%s**\n\n", Text(tr("report.doc.evidence")))
			for _, ev := range fd.Evidence {
				fmt.Fprintf(&b, "- %s %s: %s\n", Code(ev.Source), Text(ev.Key), Code(ev.Value))
			}
		}
		if fd.Remedy != "" {
			fmt.Fprintf(&b, "\n**%s:** %s\n", Text(tr("report.doc.fix")), Text(fd.Remedy))
		}
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return err
	}
	b.Reset()
	if len(rep.Messages) > 0 {
		if _, err := fmt.Fprintf(w, "\n%s%s\n\n", h(1), Text(strings.TrimSuffix(tr("report.recent-messages"), ":"))); err != nil {
			return err
		}
		headers, rows := report.MessageRows(tr, rep.Messages, at)
		t := NewTableWriter(w, headers)
		for _, r := range rows {
			t.WriteCells([]Cell{{s: r[0]}, {s: r[1]}, Raw(CodeCell(r[2])), Raw(CodeCell(r[3])), {s: r[4]}, Raw(CodeCell(r[5])), Raw(CodeCell(r[6]))})
		}
		if err := t.Close(); err != nil {
			return err
		}
	}
	if failed := report.Unread(rep); len(failed) > 0 {
		fmt.Fprintf(&b, "\n%s%s\n\n", h(1), Text(tr("report.doc.could-not-read")))
		for _, c := range failed {
			fmt.Fprintf(&b, "- %s: %s\n", Code(c.Source), Code(redact(c.Error)))
		}
	}
	if rep.LiveDNSSkipped != "" {
		fmt.Fprintf(&b, "\n> %s\n", tr("report.note-dns-findings-come", "Skipped", Text(report.SkipText(tr, rep.LiveDNSSkip, rep.LiveDNSSkipped))))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// Sparkline is the report's sparkline sentence in Markdown, the marks in
// a code span with no-break spaces for the empty slots (a rendered page
// would collapse plain ones); "" as report.Sparkline.
func Sparkline(tr func(id string, pairs ...any) string, tl *timeline.Timeline) string {
	return report.SparklineWith(tr, tl, func(vals []int) string {
		return Code("[" + strings.ReplaceAll(render.Sparkline(vals, false), " ", "\u00a0") + "]")
	})
}
