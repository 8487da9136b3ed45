package report

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// tr renders an id with its arguments, so a test sees what was asked.
func tr(id string, pairs ...any) string {
	var b strings.Builder
	b.WriteString(id)
	for i := 0; i+1 < len(pairs); i += 2 {
		fmt.Fprintf(&b, " %v=%v", pairs[i], pairs[i+1])
	}
	return b.String()
}

// TestOverviewFirstAndSparkline: the header, the sparkline of problem
// deliveries under it, the overview table (the most likely cause its
// first row), and only then the details; --ascii draws no Unicode block.
func TestOverviewFirstAndSparkline(t *testing.T) {
	since := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	until := since.Add(6 * time.Hour)
	hours := []diagnose.Hour{
		{Start: since.Add(time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventFailure: 1, cpanel.EventSuccess: 5}},
		{Start: since.Add(4 * time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventRejected: 8}},
	}
	rep := &diagnose.Report{Target: "info@example.com", Since: since, Until: until, Verdict: diagnose.VerdictFail, Findings: []diagnose.Finding{
		{ID: "mailbox-full", Severity: diagnose.Fail, Subject: "info@example.com", Title: "full\n\x1b[31m", Count: 9},
		{ID: "spam-auto-delete", Severity: diagnose.Warn, Subject: "demo", Title: "deletes"},
	}}
	for _, ascii := range []bool{false, true} {
		var b bytes.Buffer
		o := Options{Tr: tr, Time: func(time.Time) string { return "" }, Redact: func(s string) string { return s },
			Timeline: timeline.Build(hours, since, until, SparklineSlots), ASCII: ascii}
		if err := Write(&b, rep, o); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		want := "report.sparkline Count=1 Peak=8 Line=[ ▁  █ ]"
		if ascii {
			want = "report.sparkline Count=1 Peak=8 Line=[ .  @ ]"
		}
		if lines[1] != want {
			t.Errorf("line 2 = %q, want %q", lines[1], want)
		}
		if !strings.HasPrefix(lines[3], "header.severity") || !strings.Contains(lines[4], "mailbox-full") || !strings.HasSuffix(lines[4], "9") ||
			!strings.Contains(lines[5], "spam-auto-delete") || !strings.HasSuffix(lines[5], "-") {
			t.Errorf("overview not first:\n%s", b.String())
		}
		if strings.Contains(b.String(), "\x1b") {
			t.Errorf("a control character reached the output:\n%q", b.String())
		}
		if ascii && strings.ContainsAny(b.String(), "▁▂▃▄▅▆▇█") {
			t.Errorf("--ascii drew Unicode blocks:\n%s", b.String())
		}
	}
}

// TestSparklineNone: a window with records but no problem says so; one
// without any record, or a timeline not known, draws nothing.
func TestSparklineNone(t *testing.T) {
	since := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	ok := []diagnose.Hour{{Start: since, Counts: map[cpanel.EventType]int{cpanel.EventSuccess: 3}}}
	if got := Sparkline(tr, timeline.Build(ok, since, since.Add(2*time.Hour), 60), false); got != "report.sparkline-none Count=3" {
		t.Errorf("got %q", got)
	}
	if got := Sparkline(tr, timeline.Build(nil, since, since.Add(2*time.Hour), 60), false); got != "" {
		t.Errorf("no records: got %q", got)
	}
	if got := Sparkline(tr, nil, false); got != "" {
		t.Errorf("unknown timeline: got %q", got)
	}
}
