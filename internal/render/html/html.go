// Package html writes a diagnosis as one self-contained HTML document, to
// be printed, read on a phone or sent on: inline CSS and an inline SVG
// timeline, no script and no external resource of any kind (a
// Content-Security-Policy in the document forbids them too). Every text
// from outside is escaped by html/template; the words come from the
// catalog, rendered by the caller's Tr.
package html

import (
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/report"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

//go:embed parts.html.tmpl
var partsTemplate string

//go:embed report.html.tmpl
var reportTemplate string

// parse returns the document template doc with the parts it shares with
// the others (the head and style, the chart, a finding).
func parse(doc string) (*template.Template, error) {
	t, err := template.New("parts").Parse(partsTemplate)
	if err != nil {
		return nil, err
	}
	return t.New("doc").Parse(doc)
}

// Options say how a report is written.
type Options struct {
	// Lang is the document's language tag (the html lang attribute).
	Lang string
	// Tr renders a catalog id in the document's language, and Text a
	// msg.Text (a reason's words).
	Tr   func(id string, pairs ...any) string
	Text func(msg.Text) string
	// Timeline is the window's deliveries (nil: not known; the document
	// says so).
	Timeline *timeline.Timeline
	// Redact removes the run's secrets from the errors it quotes.
	Redact func(string) string
	// Masked says third-party addresses were masked (a line says so).
	Masked bool
}

// ChartSlots is how many bars the timeline has at most: a week (and the
// hours it starts and ends in) is drawn hour by hour.
const ChartSlots = 170

// WriteReport writes rep as an HTML document: the verdict, the timeline
// of deliveries stacked by outcome with the problem reasons in a legend,
// the overview table, each finding with its evidence and fix, the
// messages followed (an address target) and what could not be read.
func WriteReport(w io.Writer, rep *diagnose.Report, o Options) error {
	t, err := parse(reportTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, build(rep, o))
}

// page is what the template shows: words already in the document's
// language, texts from outside as plain strings (escaped by the
// template), the chart as numbers.
type page struct {
	Lang, Title, Verdict, VerdictWord, VerdictClass string
	Masked, Refused, NoChart, Note                  string
	Chart                                           *chart
	OverviewTitle, FindingsTitle, MessagesTitle     string
	UnreadTitle                                     string
	Overview                                        overview
	Findings                                        []findingView
	Messages                                        struct {
		Headers []string
		Rows    [][]string
	}
	Unread []diagnose.Coverage
}

// overview is the table of findings, one row each, before their details.
type overview struct {
	Headers []string
	Rows    []overviewRow
}

type overviewRow struct{ Class, Severity, ID, Subject, Title, Count string }

// overviewOf is the overview table of findings, its outside text made
// safe.
func overviewOf(tr func(string, ...any) string, findings []diagnose.Finding) overview {
	safe := render.Safe
	headers, rows := report.Overview(tr, findings)
	o := overview{Headers: headers}
	for i, r := range rows {
		o.Rows = append(o.Rows, overviewRow{findings[i].Severity.String(), r[0], safe(r[1]), safe(r[2]), safe(r[3]), r[4]})
	}
	return o
}

type findingView struct {
	*labels
	Class, Severity, Cause, Title, Subject, ID, Detail, Remedy string
	Evidence                                                   []diagnose.Evidence
}

// labels are the words a finding is shown with.
type labels struct{ SubjectWord, RuleWord, EvidenceWord, FixWord string }

func newLabels(tr func(string, ...any) string) *labels {
	return &labels{SubjectWord: tr("report.doc.subject"), RuleWord: tr("report.doc.rule"), EvidenceWord: tr("report.doc.evidence"), FixWord: tr("report.doc.fix")}
}

// findingViews are the findings as the template shows them, the first
// marked as the most likely cause when it fails.
func findingViews(tr func(string, ...any) string, findings []diagnose.Finding) []findingView {
	safe := render.Safe
	words := newLabels(tr)
	var out []findingView
	for i, fd := range findings {
		v := findingView{labels: words, Class: fd.Severity.String(), Severity: report.SeverityWord(tr, fd.Severity), Title: safe(fd.Title), Subject: safe(fd.Subject),
			ID: safe(fd.ID), Detail: safe(fd.Detail), Remedy: safe(fd.Remedy)}
		if i == 0 && fd.Severity == diagnose.Fail {
			v.Cause = tr("report.doc.most-likely-cause")
		}
		for _, ev := range fd.Evidence {
			v.Evidence = append(v.Evidence, diagnose.Evidence{Source: safe(ev.Source), Key: safe(ev.Key), Value: safe(ev.Value)})
		}
		out = append(out, v)
	}
	return out
}

// unreadViews are the sources of rep that could not be read, as the
// template shows them: their errors without the run's secrets.
func unreadViews(rep *diagnose.Report, redact func(string) string) []diagnose.Coverage {
	var out []diagnose.Coverage
	for _, c := range report.Unread(rep) {
		out = append(out, diagnose.Coverage{Source: render.Safe(c.Source), Error: render.Safe(redact(c.Error))})
	}
	return out
}

func build(rep *diagnose.Report, o Options) page {
	tr := o.Tr
	redact := report.RedactWith(o.Redact)
	// render.Safe shows control and bidi characters escaped, as on a
	// terminal: a bidi override would reorder the page too.
	safe := render.Safe
	target := safe(report.Target(tr, rep))
	window := report.Window(rep)
	p := page{Lang: o.Lang, Title: tr("report.doc.title", "Target", target), VerdictWord: report.VerdictWord(tr, rep.Verdict), VerdictClass: string(rep.Verdict),
		OverviewTitle: tr("report.doc.overview"), FindingsTitle: tr("report.doc.findings"), MessagesTitle: strings.TrimRight(tr("report.recent-messages"), ":："),
		UnreadTitle: tr("report.doc.could-not-read")}
	switch {
	case len(rep.Findings) > 0:
		p.Verdict = tr("report.doc.verdict", "Count", len(rep.Findings), "Window", window)
	case rep.Verdict == diagnose.VerdictPass:
		p.Verdict = tr("report.no-problems-found", "Target", target, "Window", window)
	default:
		p.Verdict = tr("report.no-problems-found-but", "Target", target)
	}
	if o.Masked {
		p.Masked = tr("report.doc.masked")
	}
	p.Refused = safe(redact(rep.CredentialsRefused))
	if o.Timeline == nil {
		p.NoChart = tr("report.doc.no-timeline")
	} else {
		p.Chart = newChart(o, o.Timeline)
	}
	p.Overview = overviewOf(tr, rep.Findings)
	p.Findings = findingViews(tr, rep.Findings)
	mh, mrows := report.MessageRows(tr, rep.Messages, func(t time.Time) string { return t.UTC().Format("2006-01-02 15:04") })
	p.Messages.Headers = mh
	for _, r := range mrows {
		for i := range r {
			r[i] = safe(r[i])
		}
		p.Messages.Rows = append(p.Messages.Rows, r)
	}
	p.Unread = unreadViews(rep, redact)
	if rep.LiveDNSSkipped != "" {
		p.Note = tr("report.note-dns-findings-come", "Skipped", safe(report.SkipText(tr, rep.LiveDNSSkip, rep.LiveDNSSkipped)))
	}
	return p
}

// The chart's geometry, in SVG user units.
const (
	chartWidth  = 960
	chartHeight = 260
	chartLeft   = 44
	chartRight  = chartWidth - 8
	chartTop    = 10
	chartBase   = chartHeight - 28
)

// chart is the timeline drawn: the bars stacked by outcome, the grid and
// the day ticks, and the legends.
type chart struct {
	Title, Label, ReasonsTitle       string
	Width, Height, Left, Right, Base int
	Bars                             []bar
	Grid                             []gridLine
	Ticks                            []tick
	Outcomes                         []outcomeKey
	Reasons                          []reasonKey
}

type bar struct{ Class, X, Y, W, H, Tip string }

type gridLine struct{ X1, X2, Y, LabelX, LabelY, Label string }

type tick struct{ X, Y1, Y2, LabelY, Label string }

type outcomeKey struct {
	Class, Word string
	Count       int
}

type reasonKey struct {
	Word, Code string
	Count      int
}

// num formats a coordinate.
func num(v float64) string { return strconv.FormatFloat(v, 'f', 1, 64) }

func newChart(o Options, tl *timeline.Timeline) *chart {
	tr := o.Tr
	words := [timeline.Outcomes]string{tr("report.outcome.delivered"), tr("report.outcome.deferred"), tr("report.outcome.failed"), tr("report.outcome.rejected"), tr("report.outcome.discarded")}
	c := &chart{Title: tr("report.doc.timeline", "Count", tl.Step), ReasonsTitle: tr("report.doc.reasons"),
		Label: tr("report.doc.timeline-label", "Count", tl.Step, "Since", tl.Since.Format("2006-01-02 15:04"), "Until", tl.Until.Format("2006-01-02 15:04")),
		Width: chartWidth, Height: chartHeight, Left: chartLeft, Right: chartRight, Base: chartBase}
	peak := 0
	var totals [timeline.Outcomes]int
	for _, s := range tl.Slots {
		peak = max(peak, s.Total())
		for k, n := range s.Count {
			totals[k] += n
		}
	}
	top := niceCeil(max(peak, 1))
	plotH := float64(chartBase - chartTop)
	slotW := float64(chartRight-chartLeft) / float64(max(len(tl.Slots), 1))
	gap := min(slotW*0.15, 1.0)
	for _, v := range []int{top / 2, top} {
		if v == 0 || (v == top/2 && top%2 != 0) {
			continue
		}
		y := float64(chartBase) - plotH*float64(v)/float64(top)
		c.Grid = append(c.Grid, gridLine{X1: num(chartLeft), X2: num(chartRight), Y: num(y), LabelX: num(chartLeft - 4), LabelY: num(y + 4), Label: strconv.Itoa(v)})
	}
	for i, s := range tl.Slots {
		x := float64(chartLeft) + slotW*float64(i)
		y := float64(chartBase)
		for k, n := range s.Count {
			if n == 0 {
				continue
			}
			h := plotH * float64(n) / float64(top)
			y -= h
			c.Bars = append(c.Bars, bar{Class: "o" + strconv.Itoa(k), X: num(x + gap/2), Y: num(y), W: num(slotW - gap), H: num(h),
				Tip: fmt.Sprintf("%s %s: %d", s.Start.Format("2006-01-02 15:04"), words[k], n)})
		}
	}
	// A tick at each day's start (every few days on a long window).
	days := int(tl.Until.Sub(tl.Since).Hours()/24) + 1
	every := max(1, (days+13)/14)
	for i, s := range tl.Slots {
		for h := 0; h < tl.Step; h++ {
			at := s.Start.Add(time.Duration(h) * time.Hour)
			if at.Hour() != 0 || at.YearDay()%every != 0 {
				continue
			}
			x := float64(chartLeft) + slotW*(float64(i)+float64(h)/float64(tl.Step))
			c.Ticks = append(c.Ticks, tick{X: num(x), Y1: num(chartBase), Y2: num(chartBase + 4), LabelY: num(chartBase + 16), Label: at.Format("01-02")})
		}
	}
	for k, n := range totals {
		c.Outcomes = append(c.Outcomes, outcomeKey{Class: "o" + strconv.Itoa(k), Word: words[k], Count: n})
	}
	for _, r := range tl.Reasons {
		c.Reasons = append(c.Reasons, reasonKey{Word: o.Text(r.Reason.Short()), Code: string(r.Reason), Count: r.Count})
	}
	return c
}

// niceCeil rounds n up to 1, 2 or 5 times a power of ten, for the top of
// the chart's scale.
func niceCeil(n int) int {
	p := 1
	for {
		for _, m := range []int{1, 2, 5} {
			if m*p >= n {
				return m * p
			}
		}
		p *= 10
	}
}
