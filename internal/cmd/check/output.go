package check

import (
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render/plugin"
	"github.com/cpmail/cpmail/internal/state"
)

// item is one problem of this run: a finding, a blocklist listing or a
// threshold crossed, with what the long output shows of it.
type item struct {
	problem state.Problem
	// text names it in the status line ("mailbox-full info@example.com").
	text     string
	title    string
	evidence []diagnose.Evidence
}

// result is a run's outcome before it is printed.
type result struct {
	items      []item
	unmeasured []crossing
	perf       []plugin.Perf
	// unread is the important sources not read when the verdict is
	// unknown (nothing is known to be wrong, but not all could be read).
	unread []diagnose.Coverage
	// marks are the state's marks of this run; nil without --state.
	marks []state.Marked
}

// evaluate gathers the run's problems and performance data.
func evaluate(p *cmdutil.Printer, rep *diagnose.Report, snap *diagnose.Snapshot, th thresholds) *result {
	fig := shared.FiguresOf(snap)
	in := measured{fig: fig}
	for _, fd := range rep.Findings {
		switch fd.Severity {
		case diagnose.Fail:
			in.fails++
		case diagnose.Warn:
			in.warns++
		}
	}
	res := &result{}
	var crossed []crossing
	res.perf, crossed = measure(in, th)
	findings := map[[2]string]diagnose.Finding{}
	for _, fd := range rep.Findings {
		findings[[2]string{fd.ID, fd.Subject}] = fd
	}
	for _, pr := range shared.Problems(rep, fig) {
		it := item{problem: pr}
		switch pr.Kind {
		case state.KindFinding:
			fd := findings[[2]string{pr.ID, pr.Subject}]
			it.text, it.title, it.evidence = pr.ID+" "+pr.Subject, fd.Title, fd.Evidence
		case state.KindListing:
			it.text = p.Tr("check.listing-item", "Subject", pr.Subject, "List", pr.ID)
			it.title = p.Tr("check.listing-title", "Subject", pr.Subject, "List", pr.ID)
		}
		res.items = append(res.items, it)
	}
	for _, c := range crossed {
		if c.unmeasured {
			res.unmeasured = append(res.unmeasured, c)
			continue
		}
		v := plugin.Number(c.value) + c.metric.uom
		id := "check.threshold-warning"
		if c.severity == diagnose.Fail {
			id = "check.threshold-critical"
		}
		res.items = append(res.items, item{
			problem: state.Problem{Kind: state.KindThreshold, ID: c.metric.label, Severity: c.severity.String(), Sources: sourcesOf(c.metric)},
			text:    c.metric.label + "=" + v,
			title:   p.Tr(id, "Metric", c.metric.label, "Value", v, "Range", c.rng.String()),
		})
	}
	if rep.Verdict == diagnose.VerdictUnknown {
		for _, c := range rep.Coverage {
			if !c.OK {
				res.unread = append(res.unread, c)
			}
		}
	}
	return res
}

func sourcesOf(m metric) []string {
	if m.source == "" {
		return nil
	}
	return []string{m.source}
}

// problems returns what the state remembers of this run.
func (r *result) problems() []state.Problem {
	out := make([]state.Problem, len(r.items))
	for i, it := range r.items {
		out[i] = it.problem
	}
	return out
}

// figures returns the measured performance data values by label.
func (r *result) figures() map[string]float64 {
	out := map[string]float64{}
	for _, p := range r.perf {
		if p.Known {
			out[p.Label] = p.Value
		}
	}
	return out
}

// outputOptions say how the result is judged and shown.
type outputOptions struct {
	alertOnNew bool
	confirm    int
	verbose    bool
	stateful   bool
}

// entry is one line of the long output.
type entry struct {
	item
	mark   state.Marked
	marked bool
}

// counts reports whether the entry sets the status.
func (e entry) counts(o outputOptions) bool {
	switch {
	case !e.marked:
		return true
	case o.alertOnNew:
		return e.mark.Mark == state.New
	}
	return e.mark.Reported()
}

func severityOf(p state.Problem) diagnose.Severity {
	s, err := diagnose.ParseSeverity(p.Severity)
	if err != nil {
		return diagnose.Fail
	}
	return s
}

// keyword returns the status keyword of a severity.
func keyword(s diagnose.Severity) string {
	if s >= diagnose.Fail {
		return plugin.Critical
	}
	return plugin.Warning
}

// entries pairs each problem with its mark: the run's own problems, and
// the remembered ones this run did not see.
func (r *result) entries(stateful bool) []entry {
	byKey := map[[3]string]item{}
	for _, it := range r.items {
		byKey[[3]string{it.problem.Kind, it.problem.ID, it.problem.Subject}] = it
	}
	var out []entry
	if !stateful {
		for _, it := range r.items {
			out = append(out, entry{item: it})
		}
	}
	for _, m := range r.marks {
		it, ok := byKey[[3]string{m.Kind, m.ID, m.Subject}]
		if !ok {
			it = item{problem: m.Problem, text: strings.TrimSpace(m.ID + " " + m.Subject)}
		}
		out = append(out, entry{item: it, mark: m, marked: true})
	}
	rank := func(e entry) int {
		switch {
		case e.marked && e.mark.Mark == state.Resolved:
			return 2
		case e.marked && e.mark.Mark == state.Pending:
			return 1
		}
		return 0
	}
	sort.SliceStable(out, func(i, j int) bool {
		if a, b := rank(out[i]), rank(out[j]); a != b {
			return a < b
		}
		return severityOf(out[i].problem) > severityOf(out[j].problem)
	})
	return out
}

// write prints the status line with the performance data and the long
// output, and returns the exit code.
func (r *result) write(w io.Writer, p *cmdutil.Printer, o outputOptions) cmdutil.ExitCode {
	entries := r.entries(o.stateful)
	var shown []string
	worst, ongoing, pending := diagnose.Severity(0), 0, 0
	for _, e := range entries {
		switch {
		case e.counts(o):
			shown = append(shown, e.text)
			worst = max(worst, severityOf(e.problem))
		case e.marked && e.mark.Reported():
			ongoing++
		case e.marked && e.mark.Mark == state.Pending:
			pending++
		}
	}
	status, code := plugin.OK, cmdutil.PluginOK
	var text string
	switch {
	case worst >= diagnose.Fail:
		status, code = plugin.Critical, cmdutil.PluginCritical
	case worst >= diagnose.Warn:
		status, code = plugin.Warning, cmdutil.PluginWarning
	case len(r.unmeasured) > 0 || len(r.unread) > 0:
		status, code = plugin.Unknown, cmdutil.PluginUnknown
	}
	switch {
	case len(shown) > 0 && o.alertOnNew:
		text = p.Tr("check.new-problems", "Count", len(shown), "List", strings.Join(shown, ", "))
	case len(shown) > 0:
		// Commas, not semicolons: Nagios turns a ';' of a plugin's
		// output into ':'.
		text = p.Tr("check.problems", "Count", len(shown), "List", strings.Join(shown, ", "))
	case code == cmdutil.PluginUnknown:
		var parts []string
		if len(r.unmeasured) > 0 {
			var names []string
			for _, c := range r.unmeasured {
				names = append(names, c.metric.label)
			}
			parts = append(parts, p.Tr("check.could-not-measure", "Metrics", strings.Join(names, ", ")))
		}
		if len(r.unread) > 0 {
			var srcs []string
			for _, c := range r.unread {
				srcs = append(srcs, c.Source)
			}
			parts = append(parts, p.Tr("cli.could-not-read")+strings.Join(srcs, p.Tr("cli.text-2")))
		}
		text = strings.Join(parts, ", ")
	case ongoing > 0:
		text = p.Tr("check.no-new-problems", "Count", ongoing)
	default:
		text = p.Tr("check.no-problems")
	}
	if pending > 0 && len(shown) == 0 && code == cmdutil.PluginOK {
		// Not reported yet, but not hidden either (--confirm).
		text += p.Tr("check.pending", "Count", pending, "Confirm", o.confirm)
	}
	fmt.Fprintf(w, "CPMAIL %s - %s | %s\n", status, plugin.Text(text), plugin.Join(r.perf))
	for _, e := range entries {
		kw := keyword(severityOf(e.problem))
		if e.marked && e.mark.Mark == state.Resolved {
			kw = plugin.OK
		}
		line := kw + " " + e.text
		if e.title != "" {
			line += ": " + e.title
		}
		if e.marked {
			line += " [" + shared.MarkText(p, e.mark, o.confirm) + "]"
		}
		fmt.Fprintln(w, plugin.Text(line))
		if o.verbose {
			for _, ev := range e.evidence {
				fmt.Fprintln(w, "    "+plugin.Text(ev.Source+": "+ev.Key+" = "+ev.Value))
			}
		}
	}
	for _, c := range r.unmeasured {
		fmt.Fprintln(w, plugin.Text(plugin.Unknown+" "+c.metric.label+": "+p.Tr("check.unmeasured", "Source", c.metric.source)))
	}
	return code
}
