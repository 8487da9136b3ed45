// Package timeline turns a diagnosis' delivery records counted by the hour
// into the slots a report draws: a sparkline of problem deliveries on a
// terminal or in Markdown, a chart stacked by outcome in HTML.
package timeline

import (
	"sort"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// The outcomes a slot is stacked by, in drawing order (bottom first).
const (
	Delivered = iota
	Deferred
	Failed
	Rejected
	Discarded
	Outcomes // how many there are
)

// OutcomeOf returns the outcome a record type is drawn as, and false for
// the types not drawn (archive copies and deliveries in progress).
func OutcomeOf(t cpanel.EventType) (int, bool) {
	switch t {
	case cpanel.EventSuccess:
		return Delivered, true
	case cpanel.EventDefer:
		return Deferred, true
	case cpanel.EventFailure:
		return Failed, true
	case cpanel.EventRejected:
		return Rejected, true
	case cpanel.EventFiltered:
		return Discarded, true
	}
	return 0, false
}

// Slot is the records of Step hours from Start.
type Slot struct {
	Start time.Time
	// Count is the number of records of each outcome.
	Count [Outcomes]int
	// Problems is the number of failures, rejections and deferrals.
	Problems int
}

// Total is the number of records drawn in the slot.
func (s Slot) Total() int {
	n := 0
	for _, c := range s.Count {
		n += c
	}
	return n
}

// ReasonCount is how many problem records of the window had a reason.
type ReasonCount struct {
	Reason bounce.Reason
	Count  int
}

// Timeline is the window cut into slots of Step hours.
type Timeline struct {
	Since, Until time.Time
	// Step is the hours per slot.
	Step  int
	Slots []Slot
	// Reasons are the problem reasons of the window, most records first.
	Reasons []ReasonCount
}

// Build cuts the window since–until into at most maxSlots slots of whole
// hours and counts hours (diagnose.Snapshot.Hours) into them. A record
// outside the window (an outcome after it, of a message received in it)
// counts in the nearest slot.
func Build(hours []diagnose.Hour, since, until time.Time, maxSlots int) *Timeline {
	start := since.UTC().Truncate(time.Hour)
	end := until.UTC()
	if end.After(end.Truncate(time.Hour)) {
		end = end.Truncate(time.Hour).Add(time.Hour)
	}
	if since.IsZero() && len(hours) > 0 {
		start = hours[0].Start
	}
	if until.IsZero() && len(hours) > 0 {
		end = hours[len(hours)-1].Start.Add(time.Hour)
	}
	n := max(int(end.Sub(start)/time.Hour), 1)
	step := 1
	if maxSlots > 0 && n > maxSlots {
		step = (n + maxSlots - 1) / maxSlots
	}
	slots := make([]Slot, (n+step-1)/step)
	for i := range slots {
		slots[i].Start = start.Add(time.Duration(i*step) * time.Hour)
	}
	reasons := map[bounce.Reason]int{}
	for _, h := range hours {
		i := int(h.Start.Sub(start)/time.Hour) / step
		if h.Start.Before(start) {
			i = 0
		}
		i = min(max(i, 0), len(slots)-1)
		for t, c := range h.Counts {
			if o, ok := OutcomeOf(t); ok {
				slots[i].Count[o] += c
			}
			if t.IsProblem() {
				slots[i].Problems += c
			}
		}
		for r, c := range h.Reasons {
			reasons[r] += c
		}
	}
	tl := &Timeline{Since: start, Until: start.Add(time.Duration(len(slots)*step) * time.Hour), Step: step, Slots: slots}
	for r, c := range reasons {
		tl.Reasons = append(tl.Reasons, ReasonCount{r, c})
	}
	sort.Slice(tl.Reasons, func(i, j int) bool {
		a, b := tl.Reasons[i], tl.Reasons[j]
		if a.Count != b.Count {
			return a.Count > b.Count
		}
		return a.Reason < b.Reason
	})
	return tl
}

// Problems returns the problem records of each slot.
func (t *Timeline) Problems() []int {
	out := make([]int, len(t.Slots))
	for i, s := range t.Slots {
		out[i] = s.Problems
	}
	return out
}

// Peak returns the largest value of vals (0 for none).
func Peak(vals []int) int {
	m := 0
	for _, v := range vals {
		m = max(m, v)
	}
	return m
}

// Series counts times (one per record) into at most maxSlots slots of
// whole hours over since–until, as Build does; it returns the counts and
// the hours per slot.
func Series(times map[time.Time]int, since, until time.Time, maxSlots int) (vals []int, step int) {
	var hours []diagnose.Hour
	for t, n := range times {
		hours = append(hours, diagnose.Hour{Start: t.UTC().Truncate(time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventFailure: n}})
	}
	sort.Slice(hours, func(i, j int) bool { return hours[i].Start.Before(hours[j].Start) })
	tl := Build(hours, since, until, maxSlots)
	return tl.Problems(), tl.Step
}
