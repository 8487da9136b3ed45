package root

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestDeliveriesSummarySparkline: each reason of the summary has its
// sparkline over the window, in Unicode blocks or, with --ascii, in
// ASCII; CSV and JSON keep their columns.
func TestDeliveriesSummarySparkline(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "deliveries", "--summary", "--since", "48h")
	if r.code != cmdutil.ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasSuffix(lines[0], "TREND") {
		t.Fatalf("no TREND column:\n%s", r.stdout)
	}
	for _, l := range lines[1:] {
		if !strings.HasSuffix(l, "]") || !strings.ContainsAny(l, "▁▂▃▄▅▆▇█") {
			t.Errorf("row without a sparkline: %q", l)
		}
	}
	a := run(t, nil, "", "--demo", "--ascii", "deliveries", "--summary", "--since", "48h")
	if strings.ContainsAny(a.stdout, "▁▂▃▄▅▆▇█") || !strings.Contains(a.stdout, "@") {
		t.Errorf("--ascii summary:\n%s", a.stdout)
	}
	c := run(t, nil, "", "--demo", "-o", "csv", "deliveries", "--summary", "--since", "48h")
	if h := strings.SplitN(c.stdout, "\n", 2)[0]; h != "reason,type,count,first,last,example_recipients" {
		t.Errorf("CSV header %q", h)
	}
}
