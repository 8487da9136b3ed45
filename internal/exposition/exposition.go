// Package exposition writes metrics in the Prometheus text exposition
// format (with client_golang's registry and expfmt's encoder), to a
// stream or atomically to a file for node_exporter's textfile collector,
// and reads back when the last successful run was.
package exposition

import (
	"errors"
	"io"
	"math"
	"os"
	"runtime"
	"runtime/debug"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/atomicfile"
)

// LastSuccessMetric is the gauge that holds the time of the last run
// that read what it measures; LastSuccess reads it back.
const LastSuccessMetric = "cpmail_last_success_timestamp_seconds"

// maxTextfileBytes bounds the earlier textfile read for the last success.
const maxTextfileBytes = 16 << 20

// Gauge registers a gauge family on reg and returns it.
func Gauge(reg *prometheus.Registry, name, help string, labels ...string) *prometheus.GaugeVec {
	g := prometheus.NewGaugeVec(prometheus.GaugeOpts{Name: name, Help: help}, labels)
	reg.MustRegister(g)
	return g
}

// Run registers what every cpmail exposition starts with: the build, when
// the run started and how long it took, whether it read what it measures
// (ok), and when the last run that did was (lastSuccess; left out when
// zero, none known).
func Run(reg *prometheus.Registry, start time.Time, took time.Duration, ok bool, lastSuccess time.Time) {
	Gauge(reg, "cpmail_build_info", "The cpmail build: 1, with its version and Go version as labels.", "version", "goversion").
		WithLabelValues(buildVersion(), runtime.Version()).Set(1)
	Gauge(reg, "cpmail_last_run_timestamp_seconds", "When the last run started, as a Unix time.").WithLabelValues().Set(Unix(start))
	Gauge(reg, "cpmail_last_run_duration_seconds", "How long the last run took.").WithLabelValues().Set(took.Seconds())
	Gauge(reg, "cpmail_last_run_success", "1 when the last run read what it measures (the account, or for fleet the server's accounts), 0 when it could not (refused token, unreachable host).").WithLabelValues().Set(Bool(ok))
	if !lastSuccess.IsZero() {
		Gauge(reg, LastSuccessMetric, "When the last run that read what it measures started, as a Unix time.").WithLabelValues().Set(Unix(lastSuccess))
	}
}

// Write encodes reg's metrics to w.
func Write(w io.Writer, reg *prometheus.Registry) error {
	families, err := reg.Gather()
	if err != nil {
		return err
	}
	enc := expfmt.NewEncoder(w, expfmt.NewFormat(expfmt.TypeTextPlain))
	for _, mf := range families {
		if err := enc.Encode(mf); err != nil {
			return err
		}
	}
	return nil
}

// WriteFile replaces path with reg's metrics atomically: node_exporter's
// textfile collector never reads half of it. The file is 0644:
// node_exporter runs as another user, and the figures hold no secret.
func WriteFile(path string, reg *prometheus.Registry) error {
	return atomicfile.Write(path, 0o644, func(w io.Writer) error { return Write(w, reg) })
}

// CheckTextfile says whether path may be written as a textfile: it does
// not exist yet, or it is a regular file.
func CheckTextfile(path string) error {
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		return errors.New("not a regular file")
	}
	return nil
}

// LastSuccess reads the time of the last successful run from an earlier
// textfile; zero when there is none or it cannot be read.
func LastSuccess(path string) time.Time {
	fh, err := os.Open(path)
	if err != nil {
		return time.Time{}
	}
	defer fh.Close()
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(io.LimitReader(fh, maxTextfileBytes))
	if err != nil {
		return time.Time{}
	}
	mf := families[LastSuccessMetric]
	if mf == nil || len(mf.GetMetric()) != 1 || mf.GetMetric()[0].GetGauge() == nil {
		return time.Time{}
	}
	v := mf.GetMetric()[0].GetGauge().GetValue()
	if v <= 0 {
		return time.Time{}
	}
	sec := int64(v)
	return time.Unix(sec, int64((v-float64(sec))*1e9)).UTC()
}

// Limit returns a limit's value for a *_limit series: +Inf when
// unlimited, false when not reported.
func Limit(l cpanel.Limit) (float64, bool) {
	switch {
	case !l.Reported:
		return 0, false
	case l.Unlimited:
		return math.Inf(1), true
	}
	return l.Value, true
}

// Unix is t as a Unix time in seconds.
func Unix(t time.Time) float64 { return float64(t.UnixNano()) / 1e9 }

// Bool is 1 for true, 0 for false.
func Bool(b bool) float64 {
	if b {
		return 1
	}
	return 0
}

// buildVersion is the module version of the build ("(devel)" for a
// source build).
func buildVersion() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "unknown"
}
