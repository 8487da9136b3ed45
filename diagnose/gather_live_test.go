package diagnose_test

import (
	"context"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/dnstest"
)

// Gather runs the live DNS checks in its own pool, as soon as what they
// compare with is read: while Track Delivery hangs until the deadline, the
// live checks of every domain are done (before, they ran after the last
// API call, so a hung delivery log left no time for them).
func TestGatherRunsLiveDNSBesideTheAPICalls(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy")
	cs.h.SetFault("EmailTrack::*", cpaneltest.Fault{Latency: time.Minute})
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	dns, err := dnstest.Start(sc.PublicZone(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	checker := &dnscheck.Checker{Resolver: dnscheck.NewResolver(dns.Addr, time.Second), Timeout: 5 * time.Second,
		Lists: []dnscheck.Blocklist{}, DomainLists: []dnscheck.Blocklist{}}
	c, err := cpanel.NewClient(cs.URL, cs.h.User(), cs.h.Token())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	asked := false
	s := diagnose.Gather(ctx, c, diagnose.GatherOptions{
		Target: diagnose.Target{Kind: diagnose.TargetAccount}, Since: scenarioNow.Add(-24 * time.Hour),
		Now: func() time.Time { return scenarioNow },
		LiveDNS: func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) {
			asked = true
			return checker, diagnose.SkipReason{}
		},
	})
	if !asked || len(s.LiveDNS) == 0 || len(s.LiveDNS) != len(s.MailDomains) {
		t.Fatalf("live DNS: asked %v, %d reports for %d domains", asked, len(s.LiveDNS), len(s.MailDomains))
	}
	for _, d := range s.MailDomains {
		if !s.Covered(diagnose.SrcLiveDNS + " " + d) {
			t.Errorf("live DNS of %s not covered: %+v", d, s.Coverage)
		}
	}
	for _, cov := range s.Coverage {
		if cov.Source == diagnose.SrcTrack && (cov.OK || cov.Class != diagnose.ClassTimeout) {
			t.Errorf("Track Delivery: %+v, want a timeout", cov)
		}
	}
	// Without a checker, the reason is kept and nothing is looked up.
	cs.h.SetFault("EmailTrack::*", cpaneltest.Fault{})
	s = cs.gather(t, cs.h.Token(), diagnose.GatherOptions{LiveDNS: func(context.Context) (*dnscheck.Checker, diagnose.SkipReason) {
		return nil, diagnose.SkipReason{Code: "offline", Text: "skipped (--offline)"}
	}})
	if s.LiveDNSSkipped != "skipped (--offline)" || s.LiveDNSSkip == nil || s.LiveDNSSkip.Code != "offline" || len(s.LiveDNS) != 0 {
		t.Errorf("skipped: %q, %d reports", s.LiveDNSSkipped, len(s.LiveDNS))
	}
}

// Each failed source carries a class decided from the error's type, never
// its text.
func TestCoverageClasses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		fault cpaneltest.Fault
		want  diagnose.FailureClass
	}{
		{cpaneltest.Fault{Status: 500}, diagnose.FailureClass(cpanel.ClassAPI)},
		{cpaneltest.Fault{HTML: true}, diagnose.FailureClass(cpanel.ClassDecode)},
		{cpaneltest.Fault{Truncate: true}, diagnose.FailureClass(cpanel.ClassDecode)},
		{cpaneltest.Fault{StatusZero: "Internal error"}, diagnose.FailureClass(cpanel.ClassAPI)},
	} {
		cs := newCountingServer(t, "healthy")
		cs.h.SetFault("Quota::get_quota_info", tc.fault)
		s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{})
		for _, cov := range s.Coverage {
			switch {
			case cov.Source == diagnose.SrcQuota && cov.Class != tc.want:
				t.Errorf("%+v: quota class %q, want %q", tc.fault, cov.Class, tc.want)
			case cov.Source != diagnose.SrcQuota && (!cov.OK || cov.Class != ""):
				t.Errorf("%+v: %s: %+v", tc.fault, cov.Source, cov)
			}
		}
	}
	// A refused token: the one refused call is unauthorized, every other
	// source skipped.
	cs := newCountingServer(t, "healthy")
	s := cs.gather(t, "WRONG0123456789WRONG0123456789AB", diagnose.GatherOptions{})
	for i, cov := range s.Coverage {
		want := diagnose.ClassSkipped
		if cov.Source == diagnose.SrcMailDomains {
			want = diagnose.FailureClass(cpanel.ClassUnauthorized)
		}
		if cov.OK || cov.Class != want {
			t.Errorf("refused, coverage %d: %+v, want class %q", i, cov, want)
		}
	}
}
