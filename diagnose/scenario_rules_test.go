package diagnose_test

import (
	"slices"
	"testing"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/i18n"
)

// wantVerdict is the verdict a report whose worst finding has severity
// sev gets when every source was read: info findings do not fail a
// diagnosis.
func wantVerdict(sev diagnose.Severity) diagnose.Verdict {
	switch sev {
	case diagnose.Fail:
		return diagnose.VerdictFail
	case diagnose.Warn:
		return diagnose.VerdictWarn
	}
	return diagnose.VerdictPass
}

// TestMailboxAndDeliveryRuleScenarios serves rule-<id>.json for each
// mailbox and delivery rule: the healthy bakery with one problem planted.
// The diagnosis must report that rule's finding, about its subject, at its
// severity, complete in every language, and nothing else but the extra
// findings a case names.
func TestMailboxAndDeliveryRuleScenarios(t *testing.T) {
	t.Parallel()
	cases := []struct {
		id, subject string
		sev         diagnose.Severity
		// target is the address diagnosed; empty diagnoses the whole account.
		target string
		// extra lists the ids of other findings the problem rightly brings
		// along. Every scenario below shows its problem alone, so it is
		// empty: a finding not listed is a rule speaking out of turn.
		extra []string
	}{
		{id: "tracking-unavailable", subject: "greenleaf", sev: diagnose.Warn},
		{id: "account-disk-full", subject: "greenleaf", sev: diagnose.Fail},
		{id: "account-inodes-full", subject: "greenleaf", sev: diagnose.Fail},
		{id: "mailbox-full", subject: "tom@greenleaf.example", sev: diagnose.Fail},
		{id: "mailbox-nearly-full", subject: "tom@greenleaf.example", sev: diagnose.Warn},
		{id: "incoming-suspended", subject: "tom@greenleaf.example", sev: diagnose.Fail},
		{id: "login-suspended", subject: "hello@greenleaf.example", sev: diagnose.Warn},
		{id: "outgoing-suspended", subject: "hello@greenleaf.example", sev: diagnose.Fail},
		{id: "outgoing-held", subject: "tom@greenleaf.example", sev: diagnose.Warn},
		{id: "recipient-unknown", subject: "oders@greenleaf.example", sev: diagnose.Fail},
		{id: "auth-rejected", subject: "greenleaf.example", sev: diagnose.Fail},
		{id: "sender-blocklisted", subject: "greenleaf.example", sev: diagnose.Fail},
		{id: "ptr-rejected", subject: "greenleaf.example", sev: diagnose.Fail},
		{id: "send-limit-reached", subject: "greenleaf.example", sev: diagnose.Fail},
		{id: "outgoing-blocked", subject: "greenleaf.example", sev: diagnose.Fail},
		{id: "smtp-auth-required", subject: "greenleaf", sev: diagnose.Fail},
		{id: "incoming-rbl-rejected", subject: "greenleaf", sev: diagnose.Warn},
		{id: "sender-verify-failed", subject: "greenleaf", sev: diagnose.Warn},
		{id: "remote-recipient-unknown", subject: "greenleaf.example", sev: diagnose.Warn},
		{id: "remote-mailbox-full", subject: "greenleaf.example", sev: diagnose.Warn},
		{id: "remote-domain-unknown", subject: "greenleaf.example", sev: diagnose.Warn},
		{id: "remote-spam-rejected", subject: "greenleaf.example", sev: diagnose.Warn},
		{id: "remote-rate-limited", subject: "greenleaf.example", sev: diagnose.Warn},
		{id: "message-too-large", subject: "greenleaf", sev: diagnose.Warn},
		{id: "deferred-retrying", subject: "greenleaf", sev: diagnose.Info},
		{id: "greylisting-delays", subject: "greenleaf", sev: diagnose.Info},
		{id: "no-delivery-record", subject: "anna@greenleaf.example", sev: diagnose.Warn, target: "anna@greenleaf.example"},
	}
	ids := diagnose.RuleIDs()
	for _, tc := range cases {
		t.Run(tc.id, func(t *testing.T) {
			t.Parallel()
			if !slices.Contains(ids, tc.id) {
				t.Fatalf("%s is not a rule id", tc.id)
			}
			target := diagnose.Target{Kind: diagnose.TargetAccount}
			if tc.target != "" {
				target = diagnose.Target{Kind: diagnose.TargetAddress, Value: tc.target}
			}
			texts := map[i18n.Tag]diagnose.Finding{}
			for _, l := range i18n.Languages() {
				rep := diagnoseScenarioTarget(t, "rule-"+tc.id, target, l)
				var got []string
				var hits []diagnose.Finding
				worst := diagnose.Severity(0)
				for _, f := range rep.Findings {
					got = append(got, f.ID+" "+f.Subject)
					worst = max(worst, f.Severity)
					switch {
					case f.ID == tc.id && f.Subject == tc.subject:
						hits = append(hits, f)
					case !slices.Contains(tc.extra, f.ID):
						t.Errorf("%s: unexpected finding %s %s (%s): %s", l, f.ID, f.Subject, f.Severity, f.Title)
					}
				}
				if len(hits) != 1 {
					t.Errorf("%s: want one %s finding for %s, got %v", l, tc.id, tc.subject, got)
					continue
				}
				f := hits[0]
				if f.Severity != tc.sev {
					t.Errorf("%s: severity %s, want %s", l, f.Severity, tc.sev)
				}
				if f.Title == "" || f.Detail == "" || f.Remedy == "" || len(f.Evidence) == 0 {
					t.Errorf("%s: incomplete finding %+v", l, f)
				}
				for _, ev := range f.Evidence {
					if ev.Source == "" || ev.Key == "" || ev.Value == "" {
						t.Errorf("%s: incomplete evidence %+v", l, ev)
					}
				}
				texts[l] = f
				if want := wantVerdict(worst); rep.Verdict != want {
					t.Errorf("%s: verdict %s, want %s (worst finding %s)", l, rep.Verdict, want, worst)
				}
				if len(tc.extra) == 0 && rep.Verdict != wantVerdict(tc.sev) {
					t.Errorf("%s: verdict %s, want %s for a %s finding", l, rep.Verdict, wantVerdict(tc.sev), tc.sev)
				}
			}
			// The Chinese finding is translated, not the English one again.
			en, okEn := texts[i18n.English]
			zh, okZh := texts[i18n.TraditionalChinese]
			if okEn && okZh {
				if en.Title == zh.Title || en.Detail == zh.Detail || en.Remedy == zh.Remedy {
					t.Errorf("the %s finding is not translated:\nen: %s / %s / %s\nzh: %s / %s / %s", i18n.TraditionalChinese, en.Title, en.Detail, en.Remedy, zh.Title, zh.Detail, zh.Remedy)
				}
				if len(en.Evidence) != len(zh.Evidence) {
					t.Errorf("evidence differs between languages: %d in %s, %d in %s", len(en.Evidence), i18n.English, len(zh.Evidence), i18n.TraditionalChinese)
				}
			}
		})
	}
}
