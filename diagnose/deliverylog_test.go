package diagnose_test

import (
	"bytes"
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/i18n"
)

// busyScenario is the healthy bakery with n generated records over 40
// hours: a quarter each of deliveries, failures (unknown remote
// recipients), deferrals (greylisted, never delivered) and rejections
// (incoming mail from a blocklisted host), each message its own.
func busyScenario(t *testing.T, n int, settings cpaneltest.EmailTrackSettings) (*cpanel.Client, func() time.Time) {
	t.Helper()
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	kinds := []cpaneltest.Delivery{
		{Type: "success", Email: "hello@greenleaf.example", Recipient: "customer@example.org", Message: "Accepted"},
		{Type: "failure", Email: "hello@greenleaf.example", Recipient: "gone@example.net", Message: "SMTP error from remote mail server after RCPT TO:<gone@example.net>: host mx.example.net [198.51.100.2]: 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in virtual mailbox table"},
		{Type: "defer", Email: "orders@greenleaf.example", Recipient: "slow@example.com", Message: "SMTP error from remote mail server after RCPT TO:<slow@example.com>: host mx.example.com [203.0.113.9]: 451 4.7.1 Greylisted, please try again in 5 minutes"},
		{Type: "rejected", Email: "spam@bulk.example", Recipient: "tom@greenleaf.example", Message: "JunkMail rejected - bulk.example [198.51.100.66] is in an RBL: Client host blocked using zen.spamhaus.org"},
	}
	sc.Deliveries = nil
	for i, k := range kinds {
		k.Repeat = n / len(kinds)
		k.Every = cpaneltest.Duration(40 * time.Hour / time.Duration(k.Repeat))
		k.Ago = cpaneltest.Duration(time.Duration(i+1) * time.Second)
		sc.Deliveries = append(sc.Deliveries, k)
	}
	sc.EmailTrack = settings
	clock := func() time.Time { return scenarioNow }
	srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(clock))
	t.Cleanup(srv.Close)
	c, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	return c, clock
}

func findingCounts(rep *diagnose.Report) map[string]int {
	out := map[string]int{}
	for _, f := range rep.Findings {
		out[f.ID] += f.Count
	}
	return out
}

// TestGatherReadsTheWholeWindow: with 24,000 records in the window (more
// than cPanel's 5,000 per type, so the windows are split), diagnose counts
// every failure, rejection and deferral; the snapshot stays small and,
// replayed, gives the same report.
func TestGatherReadsTheWholeWindow(t *testing.T) {
	t.Parallel()
	const n = 24000
	for _, tc := range []struct {
		name     string
		settings cpaneltest.EmailTrackSettings
	}{
		{"cPanel's cap", cpaneltest.EmailTrackSettings{}},
		{"numbers as strings, a lower cap", cpaneltest.EmailTrackSettings{NumbersAsStrings: true, OverflowAbove: 3000}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			c, clock := busyScenario(t, n, tc.settings)
			ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
			defer cancel()
			snap := diagnose.Gather(ctx, c, diagnose.GatherOptions{Target: diagnose.Target{Kind: diagnose.TargetAccount}, Since: scenarioNow.Add(-48 * time.Hour), Now: clock})
			if !snap.Covered(diagnose.SrcTrack) || snap.DeliveriesCapped {
				t.Fatalf("Track Delivery: covered %v, capped %v: %+v", snap.Covered(diagnose.SrcTrack), snap.DeliveriesCapped, snap.Coverage)
			}
			counts := snap.DeliveryCounts()
			for _, typ := range []cpanel.EventType{cpanel.EventSuccess, cpanel.EventFailure, cpanel.EventDefer, cpanel.EventRejected} {
				if counts[typ] != n/4 {
					t.Errorf("%s: %d records read, want %d", typ, counts[typ], n/4)
				}
			}
			rep := diagnose.EvalIn(t, snap, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
			got := findingCounts(rep)
			for id, want := range map[string]int{"remote-recipient-unknown": n / 4, "incoming-rbl-rejected": n / 4, "deferred-retrying": n / 4} {
				if got[id] != want {
					t.Errorf("%s counts %d records, want %d (findings %v)", id, got[id], want, got)
				}
			}
			if _, ok := got["tracking-unavailable"]; ok {
				t.Errorf("the whole window was read, yet tracking-unavailable: %v", got)
			}

			var buf bytes.Buffer
			if err := snap.Write(&buf); err != nil {
				t.Fatal(err)
			}
			if buf.Len() > 64<<10 {
				t.Errorf("the snapshot of %d records takes %d bytes: it holds the records", n, buf.Len())
			}
			back, err := diagnose.ReadSnapshot(&buf)
			if err != nil {
				t.Fatal(err)
			}
			again := diagnose.EvalIn(t, back, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
			if !reflect.DeepEqual(rep.Findings, again.Findings) {
				t.Errorf("the replayed snapshot gives other findings:\n%+v\nlive:\n%+v", again.Findings, rep.Findings)
			}
		})
	}
}

// TestDeliveryLogMatchesRecords: the demo account diagnosed from the
// delivery log gathered (summed up as it is read) and from the same
// records held whole (a version 1 snapshot) gives the same report, for
// the account and for an address (whose messages are followed end to end).
func TestDeliveryLogMatchesRecords(t *testing.T) {
	t.Parallel()
	sc, err := cpaneltest.LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	clock := func() time.Time { return scenarioNow }
	srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(clock))
	t.Cleanup(srv.Close)
	c, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	since := scenarioNow.Add(-7 * 24 * time.Hour)
	for _, target := range []diagnose.Target{{Kind: diagnose.TargetAccount}, {Kind: diagnose.TargetAddress, Value: "info@example.com"}, {Kind: diagnose.TargetDomain, Value: "example.com"}} {
		snap := diagnose.Gather(context.Background(), c, diagnose.GatherOptions{Target: target, Since: since, Now: clock})
		if snap.DeliveryLog == nil || len(snap.Deliveries) != 0 {
			t.Fatalf("%s: gather did not sum the log up", target)
		}
		// The same records, held whole.
		opts := cpanel.SearchOptions{Types: cpanel.EventTypes(), Since: since, Until: scenarioNow}
		var queries []cpanel.SearchOptions
		switch target.Kind {
		case diagnose.TargetAccount:
			queries = []cpanel.SearchOptions{opts}
		default:
			to, from := opts, opts
			v := target.Value
			if target.Kind == diagnose.TargetDomain {
				v = "@" + v
			}
			to.Recipient, from.Sender = v, v
			queries = []cpanel.SearchOptions{to, from}
		}
		old := *snap
		old.DeliveryLog, old.SchemaVersion = nil, 1
		for i, q := range queries {
			for r, err := range c.EmailTrack.Records(context.Background(), &q, nil) {
				if err != nil {
					t.Fatal(err)
				}
				if i == 0 || !queries[0].Match(r) {
					old.Deliveries = append(old.Deliveries, r)
				}
			}
		}
		if len(old.Deliveries) == 0 {
			t.Fatalf("%s: no records", target)
		}
		a := diagnose.EvalIn(t, snap, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
		b := diagnose.EvalIn(t, &old, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
		if !reflect.DeepEqual(a.Findings, b.Findings) || !reflect.DeepEqual(a.Messages, b.Messages) {
			t.Errorf("%s: the log and the records disagree:\nlog:     %+v\nrecords: %+v", target, a, b)
		}
		if target.Kind == diagnose.TargetAddress && len(a.Messages) == 0 {
			t.Errorf("%s: no message followed", target)
		}
	}
}
