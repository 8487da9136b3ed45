package diagnose

import (
	"fmt"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// TestHoursCounted: every record counts in the hour of its outcome, by
// type, and each problem by its reason; the hours come oldest first.
func TestHoursCounted(t *testing.T) {
	s := &Snapshot{Deliveries: []cpanel.DeliveryRecord{
		rec("success", "acme", "a@example.org", "info@example.com", "Accepted", 3),
		rec("failure", "acme", "info@example.com", "x@example.org", "550 5.1.1 <x@example.org>: Recipient address rejected: User unknown", 1),
		rec("failure", "acme", "info@example.com", "y@example.org", "550 5.1.1 <y@example.org>: Recipient address rejected: User unknown", 1),
		rec("defer", "acme", "info@example.com", "z@example.org", "451 4.7.1 Greylisted, please try again in 5 minutes", 1),
		rec("success", "acme", "b@example.org", "info@example.com", "Accepted", 1),
	}}
	hours, ok := s.Hours()
	if !ok || len(hours) != 2 {
		t.Fatalf("Hours() = %+v, %v", hours, ok)
	}
	first, last := hours[0], hours[1]
	if !first.Start.Equal(testNow.Add(-3*time.Hour).Truncate(time.Hour)) || first.Counts[cpanel.EventSuccess] != 1 || len(first.Reasons) != 0 {
		t.Errorf("first hour %+v", first)
	}
	if last.Counts[cpanel.EventFailure] != 2 || last.Counts[cpanel.EventDefer] != 1 || last.Counts[cpanel.EventSuccess] != 1 ||
		last.Reasons[bounce.RecipientUnknown] != 2 || last.Reasons[bounce.Greylisted] != 1 {
		t.Errorf("last hour %+v", last)
	}
}

// TestHoursOfAnOlderSnapshot: a summed-up log saved without hours has
// no timeline (ok false), unless it holds no record at all.
func TestHoursOfAnOlderSnapshot(t *testing.T) {
	s := &Snapshot{DeliveryLog: &DeliveryLog{Counts: map[cpanel.EventType]int{cpanel.EventFailure: 3}}}
	if hours, ok := s.Hours(); ok || hours != nil {
		t.Errorf("older snapshot: %v, %v", hours, ok)
	}
	s = &Snapshot{DeliveryLog: &DeliveryLog{Counts: map[cpanel.EventType]int{}}}
	if _, ok := s.Hours(); !ok {
		t.Errorf("an empty log has a timeline (an empty one)")
	}
}

// TestHoursBounded: the hours grow with the window, not the records.
func TestHoursBounded(t *testing.T) {
	var recs []cpanel.DeliveryRecord
	for i := range 20000 {
		recs = append(recs, rec("failure", "acme", "info@example.com", fmt.Sprintf("u%d@example.org", i), "550 5.1.1 User unknown", i%48))
	}
	log := summarizeDeliveries(recs, Target{})
	if len(log.Hours) != 48 {
		t.Errorf("%d hours for records over 48", len(log.Hours))
	}
}
