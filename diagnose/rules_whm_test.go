package diagnose

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/i18n"
)

func TestWHMRules(t *testing.T) {
	acct := func() *WHMFacts {
		return &WHMFacts{Account: cpanel.WHMAccount{User: "acme", Domain: "example.com", MaxEmailPerHour: cpanel.LimitOf(100), MaxDeferFailPercentage: cpanel.LimitOf(25)}}
	}
	cases := []struct {
		id, subject string
		sev         Severity
		plant       func(s *Snapshot)
	}{
		{"account-suspended", "acme", Fail, func(s *Snapshot) {
			s.WHM = acct()
			s.WHM.Account.Suspended, s.WHM.Account.SuspendReason, s.WHM.Account.SuspendTime = true, "Unpaid invoice", 1765000000
		}},
		{"account-outgoing-suspended", "acme", Fail, func(s *Snapshot) { s.WHM = acct(); s.WHM.Account.OutgoingMailSuspended = true }},
		{"account-outgoing-held", "acme", Warn, func(s *Snapshot) { s.WHM = acct(); s.WHM.Account.OutgoingMailHold = true }},
		{"account-hourly-limit-reached", "acme", Warn, func(s *Snapshot) {
			s.WHM = acct()
			s.WHM.Stats = &cpanel.UserStats{User: "acme", TrackStats: cpanel.TrackStats{SendCount: 100}, ReachedMaxEmails: true}
		}},
		{"account-defer-fail-limit-reached", "acme", Warn, func(s *Snapshot) {
			s.WHM = acct()
			s.WHM.Stats = &cpanel.UserStats{User: "acme", TrackStats: cpanel.TrackStats{SendCount: 100}, ReachedMaxDeferFail: true}
		}},
		{"account-failure-rate", "acme failed", Warn, func(s *Snapshot) {
			s.WHM = acct()
			s.WHM.Stats = &cpanel.UserStats{User: "acme", TrackStats: cpanel.TrackStats{SendCount: 40, FailCount: 12}}
			s.DeliveryLog, s.Deliveries = nil, nil // quick triage: no delivery log
		}},
	}
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			for _, l := range i18n.Languages() {
				s := deliverySnapBase()
				tc.plant(s)
				f := expect(t, findings(t, s, l), tc.id, tc.subject, tc.sev)
				if strings.Contains(f.Title, "{{") || f.Remedy == "" {
					t.Errorf("%s: words %q / %q", l, f.Title, f.Remedy)
				}
			}
		})
	}
}

// Without WHM facts (a cPanel token) the WHM rules say nothing, and the
// failure rate is left to the delivery log's rules when it was read.
func TestWHMRulesQuietWithoutFacts(t *testing.T) {
	s := deliverySnapBase()
	rep := findings(t, s, i18n.English)
	for _, f := range rep.Findings {
		if strings.HasPrefix(f.ID, "account-") && f.ID != "account-disk-full" && f.ID != "account-inodes-full" {
			t.Errorf("finding %s without WHM facts", f.ID)
		}
	}
	s.WHM = &WHMFacts{Account: cpanel.WHMAccount{User: "acme"}, Stats: &cpanel.UserStats{TrackStats: cpanel.TrackStats{SendCount: 40, FailCount: 30}}}
	s.Deliveries = append(s.Deliveries, rec("success", "acme", "info@example.com", "bob@example.net", "", 2))
	for _, f := range findings(t, s, i18n.English).Findings {
		if f.ID == "account-failure-rate" {
			t.Errorf("failure rate reported although the delivery log was read")
		}
	}
	if len(WHMRules()) != 6 {
		t.Errorf("WHMRules() = %d rules", len(WHMRules()))
	}
}
