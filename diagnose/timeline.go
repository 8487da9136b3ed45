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
// Its size is the number of hours of the window that saw a record. Records
// come mostly in order, so the last hour is kept at hand.
type hourly struct {
	m     map[int64]*Hour
	lastK int64
	last  *Hour
}

// add counts a record of type typ whose outcome was at (Unix seconds), a
// problem with its reason.
func (h *hourly) add(at int64, typ cpanel.EventType, reason bounce.Reason) {
	k := at - ((at%3600)+3600)%3600
	e := h.last
	if e == nil || k != h.lastK {
		e = h.m[k]
		if e == nil {
			if h.m == nil {
				h.m = map[int64]*Hour{}
			}
			e = &Hour{Start: time.Unix(k, 0).UTC(), Counts: map[cpanel.EventType]int{}}
			h.m[k] = e
		}
		h.last, h.lastK = e, k
	}
	e.Counts[typ]++
	if typ.IsProblem() {
		if e.Reasons == nil {
			e.Reasons = map[bounce.Reason]int{}
		}
		e.Reasons[reason]++
	}
}

// list returns the hours, oldest first.
func (h *hourly) list() []Hour {
	out := make([]Hour, 0, len(h.m))
	for _, e := range h.m {
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
