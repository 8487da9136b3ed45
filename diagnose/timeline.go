package diagnose

import (
	"sort"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Hour is the delivery records of one hour (UTC) of the window: what a
// report draws as a timeline.
type Hour struct {
	// Start is the start of the hour.
	Start time.Time `json:"start"`
	// Counts is the number of records of each type.
	Counts map[cpanel.EventType]int `json:"counts"`
	// Reasons is the number of problem records (failures, rejections
	// and deferrals) by reason.
	Reasons map[bounce.Reason]int `json:"reasons,omitempty"`
}

// hourly sums up records by the hour of their outcome (actionunixtime).
// Its size is the number of hours of the window that saw a record.
type hourly map[int64]*Hour

func (h hourly) add(r cpanel.DeliveryRecord, reason bounce.Reason) {
	at := r.Time().Unix()
	k := at - ((at%3600)+3600)%3600
	e := h[k]
	if e == nil {
		e = &Hour{Start: time.Unix(k, 0).UTC(), Counts: map[cpanel.EventType]int{}}
		h[k] = e
	}
	e.Counts[r.Type]++
	if r.Type.IsProblem() {
		if e.Reasons == nil {
			e.Reasons = map[bounce.Reason]int{}
		}
		e.Reasons[reason]++
	}
}

// list returns the hours, oldest first.
func (h hourly) list() []Hour {
	out := make([]Hour, 0, len(h))
	for _, e := range h {
		out = append(out, *e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

// Hours returns the delivery records of the window hour by hour (only the
// hours that saw a record, oldest first). ok is false when the snapshot
// does not hold them: one saved by a cpmail that did not count by the
// hour, while it holds records.
func (s *Snapshot) Hours() (hours []Hour, ok bool) {
	log := s.deliveryLog()
	if log.Hours != nil {
		return log.Hours, true
	}
	total := 0
	for _, n := range log.Counts {
		total += n
	}
	return nil, total == 0
}
