package diagnose

import (
	"fmt"
	"testing"

	"github.com/cpmail/cpmail/cpanel"
)

func logRec(typ cpanel.EventType, id, rcpt, msg string, at int64) cpanel.DeliveryRecord {
	return cpanel.DeliveryRecord{Type: typ, MsgID: cpanel.String(id), Recipient: cpanel.String(rcpt), Email: "info@example.com", User: "acme",
		Domain: "example.com", Message: cpanel.String(msg), SendUnixTime: cpanel.Int(at), ActionUnixTime: cpanel.Int(at + 1)}
}

// TestDeliveryLogBuilder: records alike become one group with exact
// counts (records and distinct messages) and the earliest three examples;
// a deferred message later delivered is not being retried; the messages
// being retried show their last deferral, smallest ids first.
func TestDeliveryLogBuilder(t *testing.T) {
	const greylist = "451 4.7.1 Greylisted, please try again in 5 minutes"
	b := newDeliveryLogBuilder(Target{Kind: TargetAccount})
	// 40 messages deferred three times each, newest first as cPanel sends them.
	for m := 39; m >= 0; m-- {
		for try := 2; try >= 0; try-- {
			b.add(logRec(cpanel.EventDefer, fmt.Sprintf("id-%02d", m), "slow@example.net", greylist, int64(1000+100*m+10*try)))
		}
		if m%2 == 0 { // every other one was delivered in the end
			b.add(logRec(cpanel.EventSuccess, fmt.Sprintf("id-%02d", m), "slow@example.net", "Accepted", int64(1000+100*m+50)))
		}
	}
	log := b.finish()
	if log.Counts[cpanel.EventDefer] != 120 || log.Counts[cpanel.EventSuccess] != 20 || len(log.Groups) != 2 {
		t.Fatalf("counts %v, %d groups", log.Counts, len(log.Groups))
	}
	g := log.Groups[0]
	if g.Count != 120 || g.Messages != 40 || len(g.Examples) != groupExamples || g.Examples[0].MsgID != "id-00" || int64(g.Examples[0].SendUnixTime) != 1000 || int64(g.Examples[2].SendUnixTime) != 1020 {
		t.Errorf("deferral group = count %d, messages %d, examples %+v", g.Count, g.Messages, g.Examples)
	}
	r := log.Retrying
	if r.Count != 20 || len(r.Examples) != 3 || r.Examples[0].MsgID != "id-01" || r.Examples[1].MsgID != "id-03" || int64(r.Examples[0].SendUnixTime) != 1120 {
		t.Errorf("retrying = %+v", r)
	}
	if r.FirstAttempt.Unix() != 1101 {
		t.Errorf("first attempt %v, want the first try of id-01", r.FirstAttempt)
	}
}

// TestDeliveryLogFollowsNewestMessages: for an address target, the records
// of its newest maxFollowed messages are kept, and the log says older ones
// were left out.
func TestDeliveryLogFollowsNewestMessages(t *testing.T) {
	b := newDeliveryLogBuilder(Target{Kind: TargetAddress, Value: "info@example.com"})
	n := maxFollowed + 50
	for m := n - 1; m >= 0; m-- {
		b.add(logRec(cpanel.EventSuccess, fmt.Sprintf("id-%03d", m), "friend@example.org", "Accepted", int64(1000+m)))
	}
	log := b.finish()
	if len(log.Followed) != maxFollowed || !log.FollowedCapped {
		t.Fatalf("%d records followed, capped %v", len(log.Followed), log.FollowedCapped)
	}
	for _, r := range log.Followed {
		if int64(r.SendUnixTime) < int64(1000+n-maxFollowed) {
			t.Fatalf("an older message was kept: %+v", r)
		}
	}
}

// TestDeliveryLogBounded: 50,000 failures, each to its own address from
// its own host, and as many discards: the log keeps a bounded number of
// groups and examples, and still counts every record.
func TestDeliveryLogBounded(t *testing.T) {
	b := newDeliveryLogBuilder(Target{Kind: TargetAccount})
	const n = 50000
	for i := range n {
		r := logRec(cpanel.EventFailure, fmt.Sprintf("id-%d", i), fmt.Sprintf("u%d@d%d.example", i, i%500), "550 5.1.1 User unknown", int64(1000+i))
		r.SenderHost = cpanel.String(fmt.Sprintf("h%d.example", i))
		b.add(r)
		b.add(logRec(cpanel.EventFiltered, fmt.Sprintf("f-%d", i), fmt.Sprintf("box%d@example.com", i), "Filtered", int64(1000+i)))
	}
	log := b.finish()
	total, examples := 0, 0
	for _, g := range log.Groups {
		total += g.Count
		examples += len(g.Examples)
	}
	if total != 2*n || log.Counts[cpanel.EventFailure] != n || log.Counts[cpanel.EventFiltered] != n {
		t.Errorf("%d records in the groups, counts %v; want %d", total, log.Counts, 2*n)
	}
	if len(log.Groups) > 2*maxGroups+2 || examples > 3*maxGroups+maxGroups+2 {
		t.Errorf("%d groups with %d examples for %d records: the log grows with the records", len(log.Groups), examples, 2*n)
	}
	if log.Merged == 0 {
		t.Error("Merged does not say that records were grouped coarsely")
	}
}
