package deliveries

import (
	"fmt"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/markdown"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// output receives rows as they are decoded: JSON and CSV are written at
// once, a table row by row after its first page (see deliveryTable), and
// a summary keeps only its groups. None of them holds every record, so
// memory stays flat however many records come.
type output struct {
	p       *cmdutil.Printer
	cols    []render.Column[deliveryRow]
	n       int
	json    *render.JSONArrayWriter
	csv     *render.CSVWriter
	summary *summarizer
	table   *deliveryTable
	md      *markdown.TableWriter
	// since and until are the window (a summary's sparklines).
	since, until time.Time
}

func newOutput(p *cmdutil.Printer, summary bool) *output {
	o := &output{p: p, cols: columns(p)}
	switch {
	case summary:
		o.summary = newSummarizer()
	case p.Format == render.JSON:
		o.json = render.NewJSONArrayWriter(p.IO.Out)
	case p.Format == render.Markdown:
		o.md = markdown.NewTableWriter(p.IO.Out, render.Headers(o.cols, render.Table, p.Tr))
	case p.Format == render.CSV:
		o.csv = render.NewCSVWriter(p.IO.Out)
		if !p.NoHeaders {
			_ = o.csv.Write(render.Headers(o.cols, render.CSV, p.Tr))
		}
	default:
		o.table = newDeliveryTable(p, o.cols)
	}
	return o
}

func (o *output) count() int { return o.n }

func (o *output) add(r deliveryRow) error {
	o.n++
	switch {
	case o.summary != nil:
		o.summary.add(r)
		return nil
	case o.json != nil:
		return o.json.Write(r)
	case o.csv != nil:
		return o.csv.Write(render.Row(o.cols, r, render.CSV))
	case o.md != nil:
		o.md.Write(render.Row(o.cols, r, render.Table))
		return nil
	}
	return o.table.add(r)
}

func (o *output) close() error {
	switch {
	case o.summary != nil:
		return writeSummary(o.p, o.summary.groups(), o.since, o.until)
	case o.json != nil:
		return o.json.Close()
	case o.csv != nil:
		o.csv.Flush()
		return o.csv.Error()
	case o.md != nil:
		return o.md.Close()
	}
	return o.table.close()
}

// columns are the columns of the table and the CSV. In CSV, sent_time
// comes last, so the columns scripts already read by position keep their
// places. The table's cells show text from outside through render.Safe.
func columns(p *cmdutil.Printer) []render.Column[deliveryRow] {
	short := reasonLabels(p)
	return []render.Column[deliveryRow]{
		{Header: "header.time", Key: "time",
			Cell: func(r deliveryRow) string { return p.Time(r.Time) },
			Raw:  func(r deliveryRow) string { return r.Time.Format(time.RFC3339) }},
		{Header: "header.event", Key: "type",
			Cell: func(r deliveryRow) string { return render.Safe(r.Type) },
			Raw:  func(r deliveryRow) string { return r.Type }},
		{Key: "reason", Raw: func(r deliveryRow) string { return r.Reason }},
		{Header: "header.from", Key: "sender",
			Cell: func(r deliveryRow) string { return render.Safe(render.OrDash(r.Sender)) },
			Raw:  func(r deliveryRow) string { return r.Sender }},
		{Header: "header.to", Key: "recipient",
			Cell: func(r deliveryRow) string { return render.Safe(render.OrDash(r.Recipient)) },
			Raw:  func(r deliveryRow) string { return r.Recipient }},
		{Header: "header.reason", Cell: func(r deliveryRow) string {
			if r.Reason == "" {
				return "-"
			}
			return short(r.Reason)
		}},
		{Header: "header.result", Key: "message",
			Cell: func(r deliveryRow) string { return render.Safe(render.OneLine(r.Message)) },
			Raw:  func(r deliveryRow) string { return r.Message }},
		{Key: "msgid", Raw: func(r deliveryRow) string { return r.MsgID }},
		{Key: "router", Raw: func(r deliveryRow) string { return r.Router }},
		{Key: "transport", Raw: func(r deliveryRow) string { return r.Transport }},
		{Key: "host", Raw: func(r deliveryRow) string { return r.Host }},
		{Key: "ip", Raw: func(r deliveryRow) string { return r.IP }},
		{Key: "sender_host", Raw: func(r deliveryRow) string { return r.SenderHost }},
		{Key: "sender_ip", Raw: func(r deliveryRow) string { return r.SenderIP }},
		{Key: "sender_auth", Raw: func(r deliveryRow) string { return r.SenderAuth }},
		{Key: "user", Raw: func(r deliveryRow) string { return r.User }},
		{Key: "domain", Raw: func(r deliveryRow) string { return r.Domain }},
		{Key: "delivered_to", Raw: func(r deliveryRow) string {
			if r.DeliveredTo == nil {
				return ""
			}
			return *r.DeliveredTo
		}},
		{Key: "size", Raw: func(r deliveryRow) string { return fmt.Sprint(r.Size) }},
		{Key: "spam_score", Raw: func(r deliveryRow) string { return fmt.Sprint(r.SpamScore) }},
		{Key: "sent_time", Raw: func(r deliveryRow) string {
			if r.SentTime == nil {
				return ""
			}
			return r.SentTime.Format(time.RFC3339)
		}},
	}
}

// summarySlots is how many marks a summary's sparklines have at most.
const summarySlots = 24

// summaryColumns are the columns of `deliveries --summary`; the last (in
// the table only) draws each group's records over the window since–until.
func summaryColumns(p *cmdutil.Printer, since, until time.Time) []render.Column[reasonGroup] {
	return []render.Column[reasonGroup]{
		{Header: "header.reason", Key: "reason",
			Cell: func(g reasonGroup) string {
				if g.Reason == "" {
					return "(" + g.Type + ")"
				}
				return p.Text(bounce.Reason(g.Reason).Short()) + " (" + g.Reason + ")"
			},
			Raw: func(g reasonGroup) string { return g.Reason }},
		{Key: "type", Raw: func(g reasonGroup) string { return g.Type }},
		{Header: "header.count", Key: "count", Cell: func(g reasonGroup) string { return fmt.Sprint(g.Count) }},
		{Header: "header.first", Key: "first",
			Cell: func(g reasonGroup) string { return p.Time(g.First) },
			Raw:  func(g reasonGroup) string { return g.First.Format(time.RFC3339) }},
		{Header: "header.last", Key: "last",
			Cell: func(g reasonGroup) string { return p.Time(g.Last) },
			Raw:  func(g reasonGroup) string { return g.Last.Format(time.RFC3339) }},
		{Header: "header.example-recipients", Key: "example_recipients",
			Cell: func(g reasonGroup) string { return strings.Join(g.Recipients, ", ") },
			Raw:  func(g reasonGroup) string { return strings.Join(g.Recipients, " ") }},
		{Header: "header.trend", Cell: func(g reasonGroup) string {
			vals, _ := timeline.Series(g.hours, since, until, summarySlots)
			line := render.Sparkline(vals, p.ASCII)
			if p.Format == render.Markdown {
				// A rendered page collapses spaces; no-break ones stay.
				line = strings.ReplaceAll(line, " ", "\u00a0")
			}
			return "[" + line + "]"
		}},
	}
}

func writeSummary(p *cmdutil.Printer, groups []reasonGroup, since, until time.Time) error {
	if p.Format == render.JSON {
		if groups == nil {
			groups = []reasonGroup{}
		}
		return render.WriteJSON(p.IO.Out, groups)
	}
	if len(groups) == 0 {
		fmt.Fprintln(p.IO.ErrOut, p.Tr("deliveries.no-delivery-records-summarise"))
	}
	return cmdutil.WriteRows(p, summaryColumns(p, since, until), groups)
}

// reasonLabels returns a function giving a reason's table label, each
// rendered from the catalog once (a table may have 100,000 rows).
func reasonLabels(p *cmdutil.Printer) func(reason string) string {
	seen := map[string]string{}
	return func(reason string) string {
		s, ok := seen[reason]
		if !ok {
			s = p.Text(bounce.Reason(reason).Short())
			seen[reason] = s
		}
		return s
	}
}
