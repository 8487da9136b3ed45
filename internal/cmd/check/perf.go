package check

import (
	"math"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render/plugin"
)

// metric is one performance data item check prints, and the name
// -w/--warning and -c/--critical set its thresholds by.
type metric struct {
	label string
	uom   string
	// max is the upper bound (NaN: none); every metric is at least 0.
	max float64
	// source is where the value is read (the API function, live DNS).
	source string
	value  func(in measured) (float64, bool)
}

// measured is what the metrics are computed from.
type measured struct {
	fig          shared.Figures
	fails, warns int
}

// metrics returns check's performance data items, in the order printed.
// The first seven are those check always printed, with the same labels.
func metrics() []metric {
	deliveries := func(t cpanel.EventType) func(measured) (float64, bool) {
		return func(in measured) (float64, bool) { return float64(in.fig.Deliveries[t]), in.fig.DeliveriesRead }
	}
	percent := func(u func(shared.Figures) shared.Usage) func(measured) (float64, bool) {
		return func(in measured) (float64, bool) { return u(in.fig).Percent() }
	}
	none := math.NaN()
	return []metric{
		{label: "failures", max: none, source: diagnose.SrcTrack, value: deliveries(cpanel.EventFailure)},
		{label: "rejected", max: none, source: diagnose.SrcTrack, value: deliveries(cpanel.EventRejected)},
		{label: "deferrals", max: none, source: diagnose.SrcTrack, value: deliveries(cpanel.EventDefer)},
		{label: "delivered", max: none, source: diagnose.SrcTrack, value: deliveries(cpanel.EventSuccess)},
		{label: "mailboxes_over_90", max: none, source: diagnose.SrcMailboxes, value: func(in measured) (float64, bool) {
			return float64(in.fig.MailboxesOver90), in.fig.MailboxesRead
		}},
		{label: "fail_findings", max: none, value: func(in measured) (float64, bool) { return float64(in.fails), true }},
		{label: "warn_findings", max: none, value: func(in measured) (float64, bool) { return float64(in.warns), true }},
		{label: "defer_rate", uom: "%", max: 100, source: diagnose.SrcTrack, value: func(in measured) (float64, bool) {
			return in.fig.DeferRate(), in.fig.DeliveriesRead
		}},
		{label: "mailbox_max_used", uom: "%", max: none, source: diagnose.SrcMailboxes, value: func(in measured) (float64, bool) {
			// No mailbox with a quota: none can fill up.
			return in.fig.WorstMailbox, in.fig.MailboxesRead
		}},
		{label: "disk_used", uom: "%", max: none, source: diagnose.SrcQuota, value: percent(func(f shared.Figures) shared.Usage { return f.Disk })},
		{label: "inodes_used", uom: "%", max: none, source: diagnose.SrcQuota, value: percent(func(f shared.Figures) shared.Usage { return f.Inodes })},
		{label: "blocklist_listings", max: none, source: diagnose.SrcLiveDNS, value: func(in measured) (float64, bool) {
			return float64(in.fig.ListedCount()), in.fig.BlocklistsChecked
		}},
	}
}

// metricLabels returns the metric names, for a usage error.
func metricLabels() string {
	var names []string
	for _, m := range metrics() {
		names = append(names, m.label)
	}
	return strings.Join(names, ", ")
}

// thresholds are the -w and -c ranges by metric.
type thresholds struct {
	warn, crit map[string]*plugin.Range
}

// parseThresholds reads the -w and -c flags (METRIC=RANGE).
func parseThresholds(p *cmdutil.Printer, warn, crit []string) (thresholds, error) {
	th := thresholds{warn: map[string]*plugin.Range{}, crit: map[string]*plugin.Range{}}
	known := map[string]bool{}
	for _, m := range metrics() {
		known[m.label] = true
	}
	read := func(flag string, vals []string, into map[string]*plugin.Range) error {
		for _, kv := range vals {
			name, text, ok := strings.Cut(kv, "=")
			name = strings.TrimSpace(name)
			if !ok {
				return cmdutil.Usage(p.Tr("check.threshold-syntax", "Flag", flag, "Value", kv))
			}
			if !known[name] {
				return cmdutil.Usage(p.Tr("check.threshold-metric", "Flag", flag, "Metric", name, "Metrics", metricLabels()))
			}
			if into[name] != nil {
				return cmdutil.Usage(p.Tr("check.threshold-twice", "Flag", flag, "Metric", name))
			}
			r, err := plugin.ParseRange(text)
			if err != nil {
				return cmdutil.Usage(p.Tr("check.threshold-range", "Flag", flag, "Value", kv))
			}
			into[name] = &r
		}
		return nil
	}
	if err := read("--warning", warn, th.warn); err != nil {
		return th, err
	}
	return th, read("--critical", crit, th.crit)
}

// crossing is a metric outside its threshold, or one with a threshold
// that could not be measured (Unmeasured).
type crossing struct {
	metric     metric
	value      float64
	rng        *plugin.Range
	severity   diagnose.Severity
	unmeasured bool
}

// measure computes the performance data and the thresholds crossed.
func measure(in measured, th thresholds) ([]plugin.Perf, []crossing) {
	var perf []plugin.Perf
	var crossed []crossing
	for _, m := range metrics() {
		v, ok := m.value(in)
		if m.uom == "%" {
			v = math.Round(v*100) / 100
		}
		w, c := th.warn[m.label], th.crit[m.label]
		perf = append(perf, plugin.Perf{Label: m.label, Value: v, Known: ok, UOM: m.uom, Warn: w, Crit: c, Min: 0, Max: m.max})
		switch {
		case !ok && (w != nil || c != nil):
			crossed = append(crossed, crossing{metric: m, unmeasured: true})
		case !ok:
		case c != nil && c.Alerts(v):
			crossed = append(crossed, crossing{metric: m, value: v, rng: c, severity: diagnose.Fail})
		case w != nil && w.Alerts(v):
			crossed = append(crossed, crossing{metric: m, value: v, rng: w, severity: diagnose.Warn})
		}
	}
	return perf, crossed
}
