package diagnose

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/i18n"
)

var testNow = time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)

// deliverySnapBase is a small healthy account for the mailbox and delivery
// rule tests.
func deliverySnapBase() *Snapshot {
	used := cpanel.Bool(true)
	return &Snapshot{
		SchemaVersion: SnapshotVersion, TakenAt: testNow, Account: "acme",
		Target: Target{Kind: TargetAccount}, Since: testNow.Add(-48 * time.Hour), Until: testNow,
		MailDomains: []string{"example.com"},
		Mailboxes: []cpanel.Mailbox{
			{Email: "info@example.com", Domain: "example.com", DiskQuotaBytes: cpanel.LimitOf(1 << 30), DiskUsedBytes: 1 << 20},
			{Email: "sales@example.com", Domain: "example.com", DiskQuotaBytes: cpanel.Unlimited(), DiskUsedBytes: 5 << 20},
		},
		Quota:            &cpanel.QuotaInfo{MegabytesUsed: 100, MegabyteLimit: cpanel.LimitOf(10240), InodesUsed: 1000, InodeLimitRaw: cpanel.LimitOf(0), UnderQuotaOverall: &used},
		DefaultAddresses: []cpanel.DefaultAddress{{Domain: "example.com", DefaultAddress: ":fail: No Such User Here"}},
		UserInfo:         &cpanel.UserInformation{MaximumEmailsPerHour: cpanel.LimitOf(100), MaximumDeferFailPercentage: cpanel.Unlimited()},
		StatsDBStatus:    "active",
		Deliveries: []cpanel.DeliveryRecord{
			rec("success", "acme", "info@example.com", "friend@example.org", "Accepted", 5),
			rec("success", "-remote-", "friend@example.org", "info@example.com", "Accepted", 4),
		},
		Coverage: []Coverage{{Source: SrcMailboxes, OK: true}, {Source: SrcTrack, OK: true}, {Source: SrcQuota, OK: true}, {Source: SrcMX, OK: true}, {Source: SrcDefaultAddress, OK: true},
			{Source: SrcMailDomains, OK: true}, {Source: SrcZone + " example.com", OK: true}, {Source: SrcSPF, OK: true}, {Source: SrcDKIM, OK: true}},
	}
}

// rec builds a delivery record hoursAgo hours before testNow.
func rec(typ, user, from, to, msg string, hoursAgo int) cpanel.DeliveryRecord {
	ts := cpanel.Int(testNow.Add(-time.Duration(hoursAgo) * time.Hour).Unix())
	return cpanel.DeliveryRecord{Type: cpanel.EventType(typ), User: cpanel.String(user), Email: cpanel.String(from), Recipient: cpanel.String(to),
		Message: cpanel.String(msg), SendUnixTime: ts, ActionUnixTime: ts, MsgID: cpanel.String("1abc-" + to + "-" + typ)}
}

func findings(t *testing.T, s *Snapshot, l i18n.Tag) *Report {
	t.Helper()
	return evalIn(t, s, EvalOptions{Now: testNow}, l)
}

// expect asserts one finding with id, subject and severity.
func expect(t *testing.T, rep *Report, id, subject string, sev Severity) Finding {
	t.Helper()
	for _, f := range rep.Findings {
		if f.ID == id && f.Subject == subject {
			if f.Severity != sev {
				t.Errorf("%s %s: severity %v, want %v", id, subject, f.Severity, sev)
			}
			if f.Title == "" || f.Remedy == "" || len(f.Evidence) == 0 {
				t.Errorf("%s: empty title, remedy or evidence: %+v", id, f)
			}
			return f
		}
	}
	var got []string
	for _, f := range rep.Findings {
		got = append(got, f.ID+" "+f.Subject)
	}
	t.Fatalf("no finding %s for %s; got %v", id, subject, got)
	return Finding{}
}

func TestBaseSnapshotIsClean(t *testing.T) {
	rep := findings(t, deliverySnapBase(), i18n.English)
	for _, f := range rep.Findings {
		t.Errorf("unexpected finding %s %s: %s", f.ID, f.Subject, f.Title)
	}
	if rep.Verdict != VerdictPass {
		t.Errorf("verdict = %s", rep.Verdict)
	}
}

func TestMailboxAndDeliveryRules(t *testing.T) {
	gmail := "SMTP error from remote mail server after end of data: host gmail-smtp-in.l.google.com [142.250.1.26]: 550-5.7.26 This mail has been blocked because the sender is unauthenticated. 550-5.7.26 Gmail requires all senders to authenticate with either SPF or DKIM. 550 5.7.26 - gsmtp"
	cases := []struct {
		id, subject string
		sev         Severity
		plant       func(s *Snapshot)
	}{
		{"mailbox-full", "info@example.com", Fail, func(s *Snapshot) { s.Mailboxes[0].DiskUsedBytes = 1 << 30 }},
		{"mailbox-full", "sales@example.com", Fail, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("failure", "-remote-", "x@example.org", "sales@example.com", "Mailbox is full / Blocks limit exceeded / Inode limit exceeded", 2))
		}},
		{"mailbox-nearly-full", "info@example.com", Warn, func(s *Snapshot) { s.Mailboxes[0].DiskUsedBytes = cpanel.Float(0.95 * (1 << 30)) }},
		{"account-disk-full", "acme", Fail, func(s *Snapshot) { s.Quota.MegabytesUsed = 10240 }},
		{"account-inodes-full", "acme", Fail, func(s *Snapshot) { s.Quota.InodeLimitRaw = cpanel.LimitOf(1000) }},
		{"incoming-suspended", "info@example.com", Fail, func(s *Snapshot) { s.Mailboxes[0].SuspendedIncoming = true }},
		{"login-suspended", "info@example.com", Warn, func(s *Snapshot) { s.Mailboxes[0].SuspendedLogin = true }},
		{"outgoing-suspended", "info@example.com", Fail, func(s *Snapshot) { s.Mailboxes[0].SuspendedOutgoing = true }},
		{"outgoing-held", "info@example.com", Warn, func(s *Snapshot) {
			s.Mailboxes[0].HoldOutgoing = true
			s.HeldMessages = map[string]int{"info@example.com": 7}
		}},
		{"recipient-unknown", "slaes@example.com", Fail, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("rejected", "-remote-", "x@example.org", "slaes@example.com", "No Such User Here", 3))
		}},
		{"auth-rejected", "example.com", Fail, func(s *Snapshot) {
			r := rec("failure", "acme", "info@example.com", "bob@gmail.com", gmail, 3)
			r.Domain = "example.com"
			s.Deliveries = append(s.Deliveries, r)
			s.SPF = []cpanel.SPFStatus{{Domain: "example.com", State: "MISMATCHED"}}
		}},
		{"sender-blocklisted", "example.com", Fail, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("failure", "acme", "info@example.com", "bob@example.net", "SMTP error from remote mail server after RCPT TO:<bob@example.net>: host mx.example.net [198.51.100.2]: 554 5.7.1 Service unavailable; Client host [203.0.113.10] blocked using zen.spamhaus.org", 3))
		}},
		{"send-limit-reached", "example.com", Fail, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("failure", "acme", "info@example.com", "bob@example.net", "Domain example.com has exceeded the max emails per hour (100/100 (100%)) allowed.  Message discarded.", 3))
		}},
		{"smtp-auth-required", "acme", Fail, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("rejected", "-remote-", "info@example.com", "bob@example.net", "Please turn on SMTP Authentication in your mail client.  203.0.113.77 is not permitted to relay through this server without authentication.", 3))
		}},
		{"incoming-rbl-rejected", "acme", Warn, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("rejected", "-remote-", "spam@bad.example", "info@example.com", "JunkMail rejected - bad.example [198.51.100.66] is in an RBL: Client host blocked using zen.spamhaus.org", 3))
		}},
		{"remote-recipient-unknown", "example.com", Warn, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("failure", "acme", "info@example.com", "nobody@example.net", "SMTP error from remote mail server after RCPT TO:<nobody@example.net>: host mx.example.net [198.51.100.2]: 550 5.1.1 <nobody@example.net>: Recipient address rejected: User unknown in virtual mailbox table", 3))
		}},
		{"deferred-retrying", "acme", Info, func(s *Snapshot) {
			s.Deliveries = append(s.Deliveries, rec("defer", "acme", "info@example.com", "slow@example.net", "SMTP error from remote mail server after RCPT TO:<slow@example.net>: host mx.example.net [198.51.100.2]: 451 4.3.0 Temporary failure, try again later", 3))
		}},
		{"tracking-unavailable", "acme", Warn, func(s *Snapshot) { s.StatsDBStatus = "importing" }},
		{"tracking-unavailable", "acme", Warn, func(s *Snapshot) { s.DeliveriesCapped = true }},
	}
	for _, tc := range cases {
		t.Run(tc.id+"/"+tc.subject, func(t *testing.T) {
			for _, l := range i18n.Languages() {
				s := deliverySnapBase()
				tc.plant(s)
				expect(t, findings(t, s, l), tc.id, tc.subject, tc.sev)
			}
		})
	}
}

func TestRecipientUnknownSuggestsTypo(t *testing.T) {
	s := deliverySnapBase()
	s.Deliveries = append(s.Deliveries, rec("rejected", "-remote-", "x@example.org", "slaes@example.com", "No Such User Here", 3))
	f := expect(t, findings(t, s, i18n.English), "recipient-unknown", "slaes@example.com", Fail)
	if !strings.Contains(f.Detail, "Did you mean sales@example.com?") {
		t.Errorf("no typo hint: %s", f.Detail)
	}
}

func TestNoDeliveryRecord(t *testing.T) {
	s := deliverySnapBase()
	s.Target = Target{Kind: TargetAddress, Value: "sales@example.com"}
	expect(t, findings(t, s, i18n.English), "no-delivery-record", "sales@example.com", Warn)
	s.Target.Value = "info@example.com"
	for _, f := range findings(t, s, i18n.English).Findings {
		if f.ID == "no-delivery-record" {
			t.Error("no-delivery-record despite records")
		}
	}
}

func TestVerdictUnknownWhenSourceFails(t *testing.T) {
	s := deliverySnapBase()
	s.Coverage[1] = Coverage{Source: SrcTrack, OK: false, Error: "HTTP 500"}
	rep := findings(t, s, i18n.English)
	if rep.Verdict == VerdictPass {
		t.Fatal("verdict pass with a failed source")
	}
}

func TestMessagesFollowedEndToEnd(t *testing.T) {
	s := deliverySnapBase()
	s.Target = Target{Kind: TargetAddress, Value: "info@example.com"}
	d1 := rec("defer", "acme", "info@example.com", "bob@example.net", "451 4.7.1 try later", 5)
	d2 := rec("defer", "acme", "info@example.com", "bob@example.net", "451 4.7.1 try later", 4)
	ok := rec("success", "acme", "info@example.com", "bob@example.net", "Accepted", 3)
	d1.MsgID, d2.MsgID, ok.MsgID = "m1", "m1", "m1"
	s.Deliveries = append(s.Deliveries, d1, d2, ok)
	rep := findings(t, s, i18n.English)
	for _, m := range rep.Messages {
		if m.MsgID == "m1" {
			if m.Outcome != "delivered" || m.Deferrals != 2 || len(m.Events) != 3 {
				t.Fatalf("message = %+v", m)
			}
			return
		}
	}
	t.Fatal("message m1 missing")
}

func TestSnapshotRoundTrip(t *testing.T) {
	s := deliverySnapBase()
	s.Mailboxes[0].SuspendedIncoming = true
	var b bytes.Buffer
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	back, err := ReadSnapshot(&b)
	if err != nil {
		t.Fatal(err)
	}
	a := evalIn(t, s, EvalOptions{Now: testNow}, i18n.English)
	c := evalIn(t, back, EvalOptions{Now: testNow}, i18n.English)
	if len(a.Findings) != len(c.Findings) || a.Verdict != c.Verdict || !back.Quota.DiskLimitBytes().Unlimited == s.Quota.DiskLimitBytes().Unlimited {
		t.Fatalf("round trip changed the diagnosis: %d/%s vs %d/%s", len(a.Findings), a.Verdict, len(c.Findings), c.Verdict)
	}
	if _, err := ReadSnapshot(strings.NewReader(`{"x":1}`)); err == nil {
		t.Error("not a snapshot accepted")
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"sales", "slaes", 1}, {"info", "inf", 1}, {"abc", "xyz", 3}, {"", "ab", 2}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d", c.a, c.b, got)
		}
	}
}

func TestParseTarget(t *testing.T) {
	for in, kind := range map[string]TargetKind{"": TargetAccount, "info@example.com": TargetAddress, "Example.COM.": TargetDomain} {
		got, err := ParseTarget(in)
		if err != nil || got.Kind != kind {
			t.Errorf("ParseTarget(%q) = %+v, %v", in, got, err)
		}
	}
	for _, bad := range []string{"nodot", "a@b", "@example.com", "a b@example.com", "x@@y.com"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}

func TestMaskKeepsTheDiagnosis(t *testing.T) {
	s := deliverySnapBase()
	s.Deliveries = append(s.Deliveries, rec("failure", "acme", "info@example.com", "bob@private.example", "SMTP error from remote mail server after RCPT TO:<bob@private.example>: 550 5.1.1 <bob@private.example>: User unknown", 3))
	s.Forwarders = []cpanel.Forwarder{{Dest: "boss@example.com", Forward: "boss.home@gmail.com"}}
	before := evalIn(t, s, EvalOptions{Now: testNow}, i18n.English)
	Mask(s)
	var b bytes.Buffer
	_ = s.Write(&b)
	for _, secret := range []string{"bob@private.example", "boss.home@gmail.com", "private.example"} {
		if strings.Contains(b.String(), secret) {
			t.Errorf("masked snapshot still holds %q", secret)
		}
	}
	if !strings.Contains(b.String(), "info@example.com") || !s.Masked {
		t.Error("the account's own address was masked, or Masked not set")
	}
	after := evalIn(t, s, EvalOptions{Now: testNow}, i18n.English)
	if len(before.Findings) != len(after.Findings) || before.Verdict != after.Verdict {
		t.Errorf("masking changed the diagnosis: %d %s -> %d %s", len(before.Findings), before.Verdict, len(after.Findings), after.Verdict)
	}
	if r := after.Findings; len(r) > 0 && strings.Contains(r[0].Detail, "bob@") {
		t.Error("finding shows a masked address")
	}
	// Masked again (a masked snapshot read back for an HTML report), the
	// pseudonyms stay the same.
	Mask(s)
	var again bytes.Buffer
	_ = s.Write(&again)
	if again.String() != b.String() {
		t.Error("masking a masked snapshot changed its pseudonyms")
	}
}

func TestFullAccountIsNotBlamedOnTheMailbox(t *testing.T) {
	s := deliverySnapBase()
	s.Quota.MegabytesUsed = 10240
	s.Deliveries = append(s.Deliveries, rec("failure", "-remote-", "boss@example.org", "info@example.com",
		"LMTP error after end of data: 552 5.2.2 <info@example.com> Mailbox is full / Blocks limit exceeded / Inode limit exceeded", 2))
	rep := findings(t, s, i18n.English)
	if got := only(rep, "mailbox-full"); len(got) != 0 {
		t.Errorf("info@ uses 0.1%% of its quota, yet: %s", got[0].Detail)
	}
	f := expect(t, rep, "account-disk-full", "acme", Fail)
	if !strings.Contains(fmt.Sprint(f.Evidence), "Mailbox is full") {
		t.Errorf("account-disk-full shows no refusal: %+v", f.Evidence)
	}
	// A mailbox at its own quota is still reported, full account or not.
	s.Mailboxes[0].DiskUsedBytes = 1 << 30
	expect(t, findings(t, s, i18n.English), "mailbox-full", "info@example.com", Fail)
}

func TestSuspendedMailboxExplainsItsRefusedMail(t *testing.T) {
	s := deliverySnapBase()
	s.Mailboxes[0].SuspendedOutgoing = true
	s.Deliveries = append(s.Deliveries, rec("failure", "acme", "info@example.com", "friend@example.org",
		`Outgoing mail from "info@example.com" has been suspended.`, 3))
	rep := findings(t, s, i18n.English)
	if got := only(rep, "outgoing-blocked"); len(got) != 0 {
		t.Errorf("outgoing-blocked repeats the mailbox's suspension: %+v", got[0])
	}
	f := expect(t, rep, "outgoing-suspended", "info@example.com", Fail)
	if f.Count != 1 || !strings.Contains(fmt.Sprint(f.Evidence), "has been suspended") {
		t.Errorf("outgoing-suspended lacks the refusal: count %d, %+v", f.Count, f.Evidence)
	}
	// Refusals from a mailbox that is not suspended remain outgoing-blocked.
	s.Mailboxes[0].SuspendedOutgoing = false
	expect(t, findings(t, s, i18n.English), "outgoing-blocked", "example.com", Fail)
}
