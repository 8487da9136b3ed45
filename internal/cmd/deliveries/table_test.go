package deliveries

import (
	"bytes"
	"fmt"
	"io"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
)

// testRow is the i-th of a stream of records, newest first.
func testRow(i int) deliveryRow {
	t0 := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	r := deliveryRow{Time: t0.Add(-time.Duration(i) * time.Second), Type: "failure", Reason: "recipient_unknown",
		Sender: "news@example.com", Recipient: fmt.Sprintf("u%d@example.net", i),
		Message: fmt.Sprintf("SMTP error from remote mail server after RCPT TO:<u%d@example.net>: 550 5.1.1 User unknown", i)}
	if i%4 == 1 {
		r.Type, r.Reason, r.Message = "success", "", "Accepted"
	}
	return r
}

func testPrinter(out io.Writer, width int) *cmdutil.Printer {
	s, _, _, _ := iostreams.Test()
	s.Out = out
	s.Width = func() int { return width }
	return &cmdutil.Printer{IO: s, Now: func() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }, Format: render.Table}
}

// TestDeliveryTableStreamsLikeTable: a listing longer than the first page
// is written row by row with the layout render.WriteTable draws for the
// whole listing (same widths, same separators, no trailing blanks), piped
// and on a terminal narrower than the rows.
func TestDeliveryTableStreamsLikeTable(t *testing.T) {
	n := 3*tablePage + 17
	for _, width := range []int{0, 100} {
		var streamed, whole bytes.Buffer
		o := newOutput(testPrinter(&streamed, width), false)
		// The widest cells come first, as in the first page.
		for i := n; i > 0; i-- {
			if err := o.add(testRow(n - i + 1000000)); err != nil {
				t.Fatal(err)
			}
		}
		if err := o.close(); err != nil {
			t.Fatal(err)
		}
		g := testPrinter(&whole, width)
		tab := newDeliveryTable(g, columns(g))
		var cells [][]string
		for i := n; i > 0; i-- {
			cells = append(cells, tab.cells(testRow(n-i+1000000)))
		}
		if err := g.Table(tab.headers(), cells); err != nil {
			t.Fatal(err)
		}
		if streamed.String() != whole.String() {
			a, b := strings.Split(streamed.String(), "\n"), strings.Split(whole.String(), "\n")
			for i := range min(len(a), len(b)) {
				if a[i] != b[i] {
					t.Fatalf("width %d: line %d differs:\nstreamed %q\ntable    %q", width, i, a[i], b[i])
				}
			}
			t.Fatalf("width %d: %d lines streamed, %d in the table", width, len(a), len(b))
		}
		if got := strings.Count(streamed.String(), "\n"); got != n+1 {
			t.Errorf("width %d: %d lines, want %d rows and a header", width, got, n)
		}
	}
}

// TestDeliveryOutputMemoryFlat: an endless stream of valid records (here
// 300,000, each to its own recipient) through the table and --summary
// writers leaves the heap flat: neither holds the records.
func TestDeliveryOutputMemoryFlat(t *testing.T) {
	const n = 300000
	const bound = 50 << 20
	for _, summary := range []bool{false, true} {
		o := newOutput(testPrinter(io.Discard, 0), summary)
		var peak uint64
		var ms runtime.MemStats
		for i := range n {
			if err := o.add(testRow(i)); err != nil {
				t.Fatal(err)
			}
			if i%50000 == 0 || i == n-1 {
				runtime.GC()
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapAlloc)
			}
		}
		runtime.KeepAlive(o)
		if err := o.close(); err != nil {
			t.Fatal(err)
		}
		if peak > bound {
			t.Errorf("summary=%v: heap reached %d MB over %d records (bound %d MB): the writer holds the records", summary, peak>>20, n, bound>>20)
		}
		if o.count() != n {
			t.Errorf("summary=%v: counted %d records, want %d", summary, o.count(), n)
		}
	}
}

// TestSummarizerCounts: the streamed summary counts every record and keeps
// three example recipients per reason.
func TestSummarizerCounts(t *testing.T) {
	s := newSummarizer()
	for i := range 10000 {
		s.add(testRow(i))
	}
	gs := s.groups()
	if len(gs) != 2 || gs[0].Reason != "recipient_unknown" || gs[0].Count != 7500 || gs[1].Type != "success" || gs[1].Count != 2500 {
		t.Fatalf("groups = %+v", gs)
	}
	if len(gs[0].Recipients) != 3 || !gs[0].First.Equal(testRow(9999).Time) || !gs[0].Last.Equal(testRow(0).Time) {
		t.Errorf("group = %+v", gs[0])
	}
}
