package timeline

import (
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// TestBuild: a week in slots of three hours, each record in its slot by
// outcome, records outside the window in the nearest slot, the reasons
// most records first.
func TestBuild(t *testing.T) {
	since := time.Date(2026, 11, 21, 12, 30, 0, 0, time.UTC)
	until := since.Add(7 * 24 * time.Hour)
	hours := []diagnose.Hour{
		{Start: since.Add(-24 * time.Hour).Truncate(time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventSuccess: 2}},
		{Start: since.Truncate(time.Hour).Add(4 * time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventFailure: 2, cpanel.EventDefer: 1, cpanel.EventArchive: 9},
			Reasons: map[bounce.Reason]int{bounce.MailboxFull: 2, bounce.Greylisted: 1}},
		{Start: until.Add(5 * time.Hour).Truncate(time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventRejected: 3}, Reasons: map[bounce.Reason]int{bounce.Greylisted: 3}},
	}
	tl := Build(hours, since, until, 60)
	if tl.Step != 3 || len(tl.Slots) != 57 || !tl.Since.Equal(since.Truncate(time.Hour)) {
		t.Fatalf("step %d, %d slots from %v", tl.Step, len(tl.Slots), tl.Since)
	}
	if s := tl.Slots[0]; s.Count[Delivered] != 2 || s.Total() != 2 {
		t.Errorf("a record before the window: slot 0 = %+v", s)
	}
	if s := tl.Slots[1]; s.Count[Failed] != 2 || s.Count[Deferred] != 1 || s.Problems != 3 || s.Total() != 3 {
		t.Errorf("slot 1 = %+v (archive copies are not drawn)", s)
	}
	if s := tl.Slots[len(tl.Slots)-1]; s.Count[Rejected] != 3 {
		t.Errorf("a record after the window: last slot = %+v", s)
	}
	want := []ReasonCount{{bounce.Greylisted, 4}, {bounce.MailboxFull, 2}}
	if len(tl.Reasons) != 2 || tl.Reasons[0] != want[0] || tl.Reasons[1] != want[1] {
		t.Errorf("reasons %v, want %v", tl.Reasons, want)
	}
	if p := Peak(tl.Problems()); p != 3 {
		t.Errorf("peak %d", p)
	}
}

func TestSeries(t *testing.T) {
	since := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	vals, step := Series(map[time.Time]int{since.Add(90 * time.Minute): 2, since.Add(5 * time.Hour): 1}, since, since.Add(6*time.Hour), 24)
	if step != 1 || len(vals) != 6 || vals[1] != 2 || vals[5] != 1 {
		t.Errorf("Series = %v, step %d", vals, step)
	}
}
