package diagnose

import (
	"fmt"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// configSnapBase is deliverySnapBase with healthy configuration: valid
// SPF, DKIM, DMARC and PTR, a zone with an MX, local routing, harmless
// filters, spam settings and forwarders.
func configSnapBase() *Snapshot {
	s := deliverySnapBase()
	on := cpanel.Bool(true)
	s.UserInfo.IP = "203.0.113.10"
	s.MX = []cpanel.MXRouting{{Domain: "example.com", MXCheck: "auto", Detected: "local", Local: true, AlwaysAccept: true, MX: "mail.example.com",
		Entries: []cpanel.MXEntry{{Domain: "example.com", MX: "mail.example.com", Priority: 0}}}}
	s.Zones = map[string][]cpanel.ZoneRecord{"example.com": {
		{Name: "example.com.", Type: "A", Data: []string{"203.0.113.10"}},
		{Name: "mail", Type: "A", Data: []string{"203.0.113.10"}},
		{Name: "@", Type: "MX", Data: []string{"0", "mail"}},
		{Name: "example.com.", Type: "TXT", Data: []string{"v=spf1 +a +mx +ip4:203.0.113.10 ~all"}},
		{Name: "example.com.", Type: "NS", Data: []string{"ns1.host.example."}},
		{Name: "@", Type: "NS", Data: []string{"ns2.host.example."}},
		{Name: "_dmarc", Type: "TXT", Data: []string{"v=DMARC1; p=none;"}},
	}}
	s.LocalAuthority = []cpanel.LocalAuthority{{Domain: "example.com", LocalAuthority: true, Nameservers: []string{"ns1.host.example", "ns2.host.example"}}}
	s.SPF = []cpanel.SPFStatus{{Domain: "example.com", State: "VALID", Expected: "+ip4:203.0.113.10", IPAddress: "203.0.113.10",
		Records: []cpanel.AuthRecord{{Current: "v=spf1 +a +mx +ip4:203.0.113.10 ~all", State: "PASS"}}}}
	s.DKIM = []cpanel.DKIMStatus{{Domain: "default._domainkey.example.com", State: "VALID", Expected: "v=DKIM1; k=rsa; p=MIIBIjANBgkq"}}
	s.DMARC = []cpanel.DMARCStatus{{Domain: "example.com", State: "VALID", Record: "v=DMARC1; p=none;", Suggested: "v=DMARC1; p=none;"}}
	s.PTR = []cpanel.PTRStatus{{Domain: "example.com", State: "VALID", IPAddress: "203.0.113.10", HELO: "server1.host.example", ArpaDomain: "10.113.0.203.in-addr.arpa",
		PTRRecords: []cpanel.PTRRecord{{Domain: "server1.host.example", ForwardRecords: []string{"203.0.113.10"}, State: "VALID"}}}}
	s.Filters = []cpanel.Filter{{Name: "Invoices", Account: "info@example.com", Enabled: &on,
		Rules:   []cpanel.FilterRule{{Part: "$header_from:", Match: "contains", Val: "@supplier.example", Opt: "or"}},
		Actions: []cpanel.FilterAction{{Action: "save", Dest: "INBOX.Invoices"}}}}
	s.SpamSettings = map[string]cpanel.SpamSettings{
		"":                 {SpamEnabled: true, SpamAutoDelete: boolp(false), SpamAutoDeleteScore: floatp(5)},
		"info@example.com": {SpamEnabled: true, CPUserSpamAutoDelete: boolp(false), CPUserSpamAutoDeleteScore: floatp(5)},
	}
	s.Forwarders = []cpanel.Forwarder{{Dest: "billing@example.com", Forward: "info@example.com"}}
	s.Coverage = append(s.Coverage, Coverage{Source: SrcZone + " example.com", OK: true}, Coverage{Source: SrcSPF, OK: true}, Coverage{Source: SrcDKIM, OK: true},
		Coverage{Source: SrcDMARC, OK: true}, Coverage{Source: SrcPTR, OK: true}, Coverage{Source: SrcFilters + " (account)", OK: true}, Coverage{Source: SrcSpam + " (account)", OK: true})
	return s
}

func boolp(v bool) *cpanel.Bool      { b := cpanel.Bool(v); return &b }
func floatp(v float64) *cpanel.Float { f := cpanel.Float(v); return &f }

func TestConfigBaseIsClean(t *testing.T) {
	for _, l := range i18n.Languages() {
		rep := findings(t, configSnapBase(), l)
		for _, f := range rep.Findings {
			t.Errorf("%s: unexpected finding %s %s: %s", l, f.ID, f.Subject, f.Title)
		}
		if rep.Verdict != VerdictPass {
			t.Errorf("%s: verdict = %s", l, rep.Verdict)
		}
	}
}

func TestConfigRules(t *testing.T) {
	setZoneMX := func(s *Snapshot, host string) {
		for i, r := range s.Zones["example.com"] {
			if r.Type == "MX" {
				s.Zones["example.com"][i].Data = []string{"1", host}
			}
		}
	}
	cases := []struct {
		name, id, subject string
		sev               Severity
		plant             func(s *Snapshot)
	}{
		{"blackhole", "default-address-discards", "example.com", Warn, func(s *Snapshot) { s.DefaultAddresses[0].DefaultAddress = ":blackhole:" }},
		{"pipe", "default-address-discards", "example.com", Warn, func(s *Snapshot) {
			s.DefaultAddresses[0].DefaultAddress = "|/home/acme/bin/catchall.php"
		}},
		{"mailbox filter", "filter-discards", "info@example.com", Warn, func(s *Snapshot) {
			s.Filters[0].Actions = []cpanel.FilterAction{{Action: "save", Dest: "/dev/null"}}
		}},
		{"account filter seen", "filter-discards", "acme", Fail, func(s *Snapshot) {
			s.Filters = append(s.Filters, cpanel.Filter{Name: "Coconut", Rules: []cpanel.FilterRule{{Part: "$header_subject:", Match: "contains", Val: "coconut"}},
				Actions: []cpanel.FilterAction{{Action: "discard"}}})
			s.Deliveries = append(s.Deliveries, rec("filtered", "-remote-", "x@example.org", "sales@example.com", "Filtered", 2))
		}},
		{"mailbox filter seen", "filter-discards", "info@example.com", Fail, func(s *Snapshot) {
			s.Filters[0].Actions = []cpanel.FilterAction{{Action: "fail", Dest: ""}}
			s.Deliveries = append(s.Deliveries, rec("filtered", "-remote-", "x@example.org", "info@example.com", "Filtered", 2))
		}},
		{"account spam", "spam-auto-delete", "acme", Warn, func(s *Snapshot) {
			s.SpamSettings[""] = cpanel.SpamSettings{SpamEnabled: true, SpamAutoDelete: boolp(true), SpamAutoDeleteScore: floatp(4)}
		}},
		{"mailbox spam", "spam-auto-delete", "info@example.com", Warn, func(s *Snapshot) {
			s.SpamSettings["info@example.com"] = cpanel.SpamSettings{SpamEnabled: true, SpamAutoDelete: boolp(true), SpamAutoDeleteScore: floatp(8)}
		}},
		{"forward to gmail", "forwarder-external", "boss@example.com", Info, func(s *Snapshot) {
			s.Forwarders = append(s.Forwarders, cpanel.Forwarder{Dest: "boss@example.com", Forward: "boss.home@gmail.com"})
		}},
		{"forward bounced", "forwarder-external", "boss@example.com", Fail, func(s *Snapshot) {
			s.Forwarders = append(s.Forwarders, cpanel.Forwarder{Dest: "boss@example.com", Forward: "boss.home@gmail.com"})
			s.Deliveries = append(s.Deliveries, rec("failure", "-remote-", "news@shop.example", "boss.home@gmail.com", "SMTP error from remote mail server after end of data: 550-5.7.26 Unauthenticated email from shop.example is not accepted due to domain's DMARC policy", 3))
		}},
		{"local routing, google MX", "routing-mismatch", "example.com", Fail, func(s *Snapshot) { setZoneMX(s, "aspmx.l.google.com.") }},
		{"local routing, detected remote", "routing-mismatch", "example.com", Fail, func(s *Snapshot) {
			s.Zones = nil
			s.MX[0].MXCheck, s.MX[0].Detected = "local", "remote"
			s.MX[0].Entries = []cpanel.MXEntry{{Domain: "example.com", MX: "mx.filter.example", Priority: 10}}
		}},
		{"remote routing, local MX", "routing-mismatch", "example.com", Fail, func(s *Snapshot) { s.MX[0].MXCheck = "remote" }},
		{"remote routing, MX is the server", "routing-mismatch", "example.com", Fail, func(s *Snapshot) {
			s.MX[0].MXCheck = "remote"
			setZoneMX(s, "server1.host.example.")
		}},
		{"no MX", "mx-missing", "example.com", Fail, func(s *Snapshot) {
			z := s.Zones["example.com"][:0]
			for _, r := range s.Zones["example.com"] {
				if r.Type != "MX" {
					z = append(z, r)
				}
			}
			s.Zones["example.com"] = z
		}},
		{"spf missing", "spf-missing", "example.com", Fail, func(s *Snapshot) { s.SPF[0].State, s.SPF[0].Records = "MISSING", nil }},
		{"spf mismatched", "spf-invalid", "example.com", Warn, func(s *Snapshot) {
			s.SPF[0].State = "MISMATCHED"
			s.SPF[0].Records = []cpanel.AuthRecord{{Current: "v=spf1 include:spf.protection.outlook.com -all", State: "FAIL"}}
		}},
		{"spf permerror", "spf-invalid", "example.com", Fail, func(s *Snapshot) {
			s.SPF[0].State = "MISMATCHED"
			s.SPF[0].Records = []cpanel.AuthRecord{{Current: "v=spf1 +a +mx +ip4:203.0.113.10 include:a include:b ~all", State: "PERMERROR"}}
		}},
		{"spf multiple", "spf-invalid", "example.com", Fail, func(s *Snapshot) {
			s.SPF[0].State = "MULTIPLE"
			s.SPF[0].Records = append(s.SPF[0].Records, cpanel.AuthRecord{Current: "v=spf1 include:_spf.google.com ~all", State: "FAIL"})
		}},
		{"spf error", "spf-invalid", "example.com", Warn, func(s *Snapshot) { s.SPF[0].State, s.SPF[0].Error = "ERROR", "(XID x) DNS returned SERVFAIL" }},
		{"dkim missing", "dkim-missing", "example.com", Fail, func(s *Snapshot) { s.DKIM[0].State = "MISSING" }},
		{"dkim nopub", "dkim-missing", "example.com", Fail, func(s *Snapshot) { s.DKIM[0].State, s.DKIM[0].Expected = "NOPUB", "" }},
		{"dkim mismatch", "dkim-invalid", "example.com", Fail, func(s *Snapshot) {
			s.DKIM[0].State = "MISMATCH"
			s.DKIM[0].Records = []cpanel.AuthRecord{{Current: "v=DKIM1; k=rsa; p=OLDKEY", State: "MISMATCH"}}
		}},
		{"dkim malformed", "dkim-invalid", "example.com", Fail, func(s *Snapshot) { s.DKIM[0].State = "MALFORMED" }},
		{"dkim multiple", "dkim-invalid", "example.com", Fail, func(s *Snapshot) { s.DKIM[0].State = "MULTIPLE" }},
		{"dkim error", "dkim-invalid", "example.com", Warn, func(s *Snapshot) { s.DKIM[0].State, s.DKIM[0].Error = "ERROR", "SERVFAIL" }},
		{"dmarc missing", "dmarc-missing", "example.com", Warn, func(s *Snapshot) { s.DMARC[0].State, s.DMARC[0].Record = "MISSING", "" }},
		{"ptr missing", "ptr-invalid", "example.com", Fail, func(s *Snapshot) { s.PTR[0].State, s.PTR[0].PTRRecords = "MISSING_PTR", nil }},
		{"ptr mismatch", "ptr-invalid", "example.com", Fail, func(s *Snapshot) {
			s.PTR[0].State = "PTR_MISMATCH"
			s.PTR[0].PTRRecords = []cpanel.PTRRecord{{Domain: "10.113.0.203.static.isp.example", ForwardRecords: nil, State: "MISSING_FWD"}}
		}},
		{"ptr error", "ptr-invalid", "example.com", Warn, func(s *Snapshot) { s.PTR[0].State, s.PTR[0].Error = "ERROR", "timeout" }},
		// cPanel 11.120 says INVALID for what newer versions call MISMATCHED.
		{"spf invalid (11.120)", "spf-invalid", "example.com", Warn, func(s *Snapshot) {
			s.SPF[0].State = "INVALID"
			s.SPF[0].Records = []cpanel.AuthRecord{{Current: "v=spf1 include:spf.protection.outlook.com -all", State: "FAIL"}}
		}},
		// Every enum cPanel sends has a path for a value cpmail does not know.
		{"spf state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.SPF[0].State = "DEPRECATED_RECORD" }},
		{"spf state empty", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.SPF[0].State = "" }},
		{"spf record state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.SPF[0].Records[0].State = "WEIRD" }},
		{"dkim state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.DKIM[0].State = "KEY_TOO_SHORT" }},
		{"dkim record state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) {
			s.DKIM[0].Records = []cpanel.AuthRecord{{Current: "v=DKIM1; p=X", State: "REVOKED"}}
		}},
		{"dmarc state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.DMARC[0].State = "POLICY_NONE" }},
		{"ptr state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.PTR[0].State = "IPV6_ONLY" }},
		{"ptr record state unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.PTR[0].PTRRecords[0].State = "LAME" }},
		{"mxcheck unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.MX[0].MXCheck = "smarthost" }},
		{"detected unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) { s.MX[0].Detected = "backup" }},
		{"user mxcheck unknown", "cpanel-state-unknown", "example.com", Warn, func(s *Snapshot) {
			s.UserInfo.MXCheck = map[string]string{"example.com": "relay\x1b[2J"}
		}},
	}
	for _, tc := range cases {
		t.Run(tc.id+"/"+tc.name, func(t *testing.T) {
			for _, l := range i18n.Languages() {
				s := configSnapBase()
				tc.plant(s)
				f := expect(t, findings(t, s, l), tc.id, tc.subject, tc.sev)
				if f.Detail == "" {
					t.Errorf("%s: empty detail", l)
				}
				if l == i18n.TraditionalChinese && !hasHan(f.Title+f.Detail+f.Remedy) {
					t.Errorf("zh-TW finding has no Chinese: %+v", f)
				}
				if l == i18n.English && hasHan(f.Title+f.Detail+f.Remedy) {
					t.Errorf("English finding has Chinese: %+v", f)
				}
				for _, s := range []string{f.Title, f.Detail, f.Remedy} {
					if strings.Contains(s, "%!") {
						t.Errorf("%s: bad format: %s", l, s)
					}
				}
			}
		})
	}
}

func hasHan(s string) bool {
	for _, r := range s {
		if r >= 0x4e00 && r <= 0x9fff {
			return true
		}
	}
	return false
}

// only returns the findings of one rule.
func only(rep *Report, id string) []Finding {
	var out []Finding
	for _, f := range rep.Findings {
		if f.ID == id {
			out = append(out, f)
		}
	}
	return out
}

func TestConfigRulesStayQuiet(t *testing.T) {
	cases := []struct {
		name, id string
		plant    func(s *Snapshot)
	}{
		{":fail: default address", "default-address-discards", func(s *Snapshot) { s.DefaultAddresses[0].DefaultAddress = ":fail: Gone" }},
		{"default address forwards", "default-address-discards", func(s *Snapshot) { s.DefaultAddresses[0].DefaultAddress = "acme" }},
		{"disabled discarding filter", "filter-discards", func(s *Snapshot) {
			s.Filters[0].Enabled = boolp(false)
			s.Filters[0].Actions = []cpanel.FilterAction{{Action: "save", Dest: "/dev/null"}}
		}},
		{"SpamAssassin off", "spam-auto-delete", func(s *Snapshot) {
			s.SpamSettings[""] = cpanel.SpamSettings{SpamEnabled: false, SpamAutoDelete: boolp(true), SpamAutoDeleteScore: floatp(3)}
		}},
		{"private IP", "ptr-invalid", func(s *Snapshot) { s.PTR[0].State = "IP_IS_PRIVATE" }},
		{"remote routing to google", "routing-mismatch", func(s *Snapshot) {
			s.MX[0].MXCheck = "remote"
			s.Zones["example.com"][2].Data = []string{"1", "aspmx.l.google.com."}
		}},
		{"nothing read", "", func(s *Snapshot) {
			s.MX, s.Zones, s.SPF, s.DKIM, s.DMARC, s.PTR, s.Filters, s.SpamSettings, s.Forwarders, s.DefaultAddresses, s.LocalAuthority = nil, nil, nil, nil, nil, nil, nil, nil, nil, nil, nil
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			s := configSnapBase()
			tc.plant(s)
			rep := findings(t, s, i18n.English)
			for _, f := range rep.Findings {
				if tc.id == "" || f.ID == tc.id {
					t.Errorf("unexpected %s %s: %s", f.ID, f.Subject, f.Detail)
				}
			}
		})
	}
}

func TestSpamAutoDeleteReportedOnceForTheAccount(t *testing.T) {
	s := configSnapBase()
	s.SpamSettings[""] = cpanel.SpamSettings{SpamEnabled: true, SpamAutoDelete: boolp(true), SpamAutoDeleteScore: floatp(5)}
	s.SpamSettings["info@example.com"] = cpanel.SpamSettings{SpamEnabled: true, CPUserSpamAutoDelete: boolp(true), CPUserSpamAutoDeleteScore: floatp(5)}
	fs := only(findings(t, s, i18n.English), "spam-auto-delete")
	if len(fs) != 1 || fs[0].Subject != "acme" {
		t.Fatalf("findings = %+v", fs)
	}
	if !strings.Contains(fs[0].Detail, "low") || !strings.Contains(fs[0].Detail, "no bounce") {
		t.Errorf("detail does not warn about low scores and missing bounces: %s", fs[0].Detail)
	}
}

func TestConfigFindingsNameTheDetails(t *testing.T) {
	s := configSnapBase()
	s.Filters = append(s.Filters, cpanel.Filter{Name: "coffee", Rules: []cpanel.FilterRule{{Part: "$header_subject:", Match: "contains", Val: "coconut"}},
		Actions: []cpanel.FilterAction{{Dest: "/dev/null"}}})
	s.Forwarders = append(s.Forwarders, cpanel.Forwarder{Dest: "boss@example.com", Forward: "boss@outlook.com"})
	s.Zones["example.com"][2].Data = []string{"1", "example-com.mail.protection.outlook.com."}
	s.SPF[0].State = "MISSING"
	s.LocalAuthority[0].LocalAuthority = false
	s.PTR[0].State, s.PTR[0].PTRRecords = "MISSING_PTR", nil
	rep := findings(t, s, i18n.English)
	for _, c := range []struct {
		id, subject string
		sev         Severity
		where, want string
	}{
		{"filter-discards", "acme", Warn, "detail", "$header_subject: contains coconut"},
		{"filter-discards", "acme", Warn, "title", "coffee"},
		{"forwarder-external", "boss@example.com", Info, "title", "Outlook.com"},
		{"routing-mismatch", "example.com", Fail, "title", "Microsoft 365"},
		{"spf-missing", "example.com", Fail, "detail", "v=spf1 +a +mx +ip4:203.0.113.10 ~all"},
		{"spf-missing", "example.com", Fail, "remedy", "DNS host (nameservers ns1.host.example"},
		{"ptr-invalid", "example.com", Fail, "detail", "203.0.113.10"},
		{"ptr-invalid", "example.com", Fail, "remedy", "server1.host.example"},
	} {
		f := expect(t, rep, c.id, c.subject, c.sev)
		got := map[string]string{"title": f.Title, "detail": f.Detail, "remedy": f.Remedy}[c.where]
		if !strings.Contains(got, c.want) {
			t.Errorf("%s %s: %q lacks %q", c.id, c.where, got, c.want)
		}
	}
	if f := expect(t, rep, "filter-discards", "acme", Warn); len(f.Evidence) < 2 || f.Evidence[0].Source != SrcFilters {
		t.Errorf("filter evidence = %+v", f.Evidence)
	}
}

func TestMXMissingMentionsTheARecord(t *testing.T) {
	s := configSnapBase()
	s.Zones["example.com"] = []cpanel.ZoneRecord{{Name: "@", Type: "A", Data: []string{"203.0.113.10"}}}
	f := expect(t, findings(t, s, i18n.English), "mx-missing", "example.com", Fail)
	if !strings.Contains(f.Detail, "implicit MX") {
		t.Errorf("detail = %s", f.Detail)
	}
	s.Zones["example.com"] = []cpanel.ZoneRecord{{Name: "www", Type: "A", Data: []string{"203.0.113.10"}}}
	f = expect(t, findings(t, s, i18n.English), "mx-missing", "example.com", Fail)
	if !strings.Contains(f.Detail, "no A record") {
		t.Errorf("detail = %s", f.Detail)
	}
}

func TestPTRFindingsGroupedByIP(t *testing.T) {
	s := configSnapBase()
	s.MailDomains = append(s.MailDomains, "example.net")
	s.PTR = []cpanel.PTRStatus{
		{Domain: "example.net", State: "MISSING_PTR", IPAddress: "203.0.113.10", HELO: "server1.host.example"},
		{Domain: "example.com", State: "MISSING_PTR", IPAddress: "203.0.113.10", HELO: "server1.host.example"},
	}
	fs := only(findings(t, s, i18n.English), "ptr-invalid")
	if len(fs) != 1 || fs[0].Subject != "example.com" || !strings.Contains(fs[0].Detail, "example.net") {
		t.Fatalf("findings = %+v", fs)
	}
}

func TestConfigRulesDeterministic(t *testing.T) {
	build := func(rev bool) *Snapshot {
		s := configSnapBase()
		on := cpanel.Bool(true)
		fs := []cpanel.Filter{
			{Name: "b", Account: "sales@example.com", Enabled: &on, Actions: []cpanel.FilterAction{{Action: "save", Dest: "/dev/null"}}},
			{Name: "a", Account: "info@example.com", Enabled: &on, Actions: []cpanel.FilterAction{{Action: "save", Dest: "/dev/null"}}},
			{Name: "c", Actions: []cpanel.FilterAction{{Action: "fail"}}},
		}
		fws := []cpanel.Forwarder{{Dest: "z@example.com", Forward: "z@gmail.com"}, {Dest: "a@example.com", Forward: "a@yahoo.com"}}
		if rev {
			fs[0], fs[2] = fs[2], fs[0]
			fws[0], fws[1] = fws[1], fws[0]
		}
		s.Filters, s.Forwarders = fs, fws
		return s
	}
	a, b := findings(t, build(false), i18n.English), findings(t, build(true), i18n.English)
	if len(a.Findings) != len(b.Findings) || len(a.Findings) != 5 {
		t.Fatalf("%d vs %d findings", len(a.Findings), len(b.Findings))
	}
	for i := range a.Findings {
		if a.Findings[i].Title != b.Findings[i].Title {
			t.Errorf("finding %d: %q vs %q", i, a.Findings[i].Title, b.Findings[i].Title)
		}
	}
}

// TestPluralCounts: counts choose the catalog's plural form (CLDR: one,
// other in English; Chinese has one form), with no string surgery.
func TestPluralCounts(t *testing.T) {
	en, zh := i18ntest.Localizer(t, "en"), i18ntest.Localizer(t, "zh-TW")
	for n, want := range map[int]string{
		1:  " 1 delivery was refused in the window.",
		11: " 11 deliveries were refused in the window.",
		2:  " 2 deliveries were refused in the window.",
	} {
		if got := en.Text(countText(n)); got != want {
			t.Errorf("%d: got %q, want %q", n, got, want)
		}
		if got := zh.Text(countText(n)); !strings.Contains(got, fmt.Sprint(n)) || !hasHan(got) {
			t.Errorf("zh %d: got %q", n, got)
		}
	}
}

// An unknown state is quoted in the finding and kept raw in the evidence
// (rendering escapes it); an unknown stats database status is quoted by
// tracking-unavailable.
func TestCPanelStateUnknownKeepsRaw(t *testing.T) {
	s := configSnapBase()
	raw := "BROKEN\x1b]0;pwned\x07"
	s.DKIM[0].State = raw
	for _, l := range i18n.Languages() {
		f := expect(t, findings(t, s, l), "cpanel-state-unknown", "example.com", Warn)
		if f.Evidence[0].Value != raw {
			t.Errorf("%s: evidence %q, want the raw value", l, f.Evidence[0].Value)
		}
		if strings.ContainsAny(f.Title, "\x1b\x07") || !strings.Contains(f.Title, "BROKEN") {
			t.Errorf("%s: title %q", l, f.Title)
		}
	}
	s = configSnapBase()
	s.StatsDBStatus = "rebuilding-v2"
	f := expect(t, findings(t, s, i18n.English), "tracking-unavailable", "acme", Warn)
	if !strings.Contains(f.Title, "rebuilding-v2") {
		t.Errorf("stats db title %q", f.Title)
	}
}
