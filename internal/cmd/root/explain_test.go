package root

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

const dsnFixtures = "../../../diagnose/dsn/testdata/"

// TestExplainProviderFields: explain and explain --lines carry provider,
// retryable and docs_url, null where the text names no provider, in both
// languages.
func TestExplainProviderFields(t *testing.T) {
	t.Parallel()
	gmail := "550-5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered. - gsmtp"
	for _, l := range []string{"en", "zh-TW"} {
		r := run(t, nil, "", "explain", "--lang", l, "-o", "json", gmail)
		var e map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
			t.Fatalf("%s: %v %s", l, err, r.stdout)
		}
		if e["provider"] != "gmail" || e["retryable"] != true || e["docs_url"] != "https://support.google.com/a/answer/3726730" || e["reason"] != "rate_limited" {
			t.Errorf("%s: %v", l, e)
		}
	}
	r := run(t, nil, "", "explain", "-o", "json", "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown")
	var e map[string]any
	_ = json.Unmarshal([]byte(r.stdout), &e)
	for _, k := range []string{"provider", "docs_url"} {
		if v, ok := e[k]; !ok || v != nil {
			t.Errorf("%s should be null: %v", k, e)
		}
	}
	if e["retryable"] != false {
		t.Errorf("retryable = %v", e["retryable"])
	}

	in := "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes\n550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal from this list please visit https://sender.office.com/\n"
	r = run(t, nil, in, "explain", "--lines", "-o", "json")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines: %s", len(lines), r.stdout)
	}
	var y, m map[string]any
	_ = json.Unmarshal([]byte(lines[0]), &y)
	_ = json.Unmarshal([]byte(lines[1]), &m)
	if y["provider"] != "yahoo" || y["retryable"] != true || y["docs_url"] != "https://senders.yahooinc.com/smtp-error-codes/" {
		t.Errorf("yahoo line = %v", y)
	}
	if m["provider"] != "microsoft" || m["retryable"] != false || m["docs_url"] != "https://sender.office.com/" {
		t.Errorf("microsoft line = %v", m)
	}

	// The text output names the provider, says whether waiting is enough,
	// and gives the page, in each language.
	r = run(t, nil, "", "explain", gmail)
	for _, want := range []string{"provider gmail", "Retry: waiting is enough", "Provider's page: https://support.google.com/a/answer/3726730"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, nil, "", "explain", "--lang", "zh-TW", gmail)
	for _, want := range []string{"服務商 gmail", "重試：等待即可", "服務商說明：https://support.google.com/a/answer/3726730", "Google 建議稍後重寄"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("zh-TW text lacks %q:\n%s", want, r.stdout)
		}
	}
	r = run(t, nil, in, "explain", "--lines", "--lang", "zh-TW")
	if !strings.Contains(r.stdout, "服務商") || !strings.Contains(r.stdout, "yahoo") || !strings.Contains(r.stdout, "等待即可") {
		t.Errorf("zh-TW --lines table:\n%s", r.stdout)
	}
}

// TestExplainLongLine: a line over 64 KiB is cut with a note, and the
// lines after it are still explained.
func TestExplainLongLine(t *testing.T) {
	t.Parallel()
	long := "550 5.1.1 <bob@example.net>: User unknown " + strings.Repeat("x", 200<<10)
	in := long + "\n451 4.7.1 Greylisted, please try again in 5 minutes\n"
	r := run(t, nil, in, "explain", "--lines", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d results, want 2", len(lines))
	}
	var first, second map[string]any
	_ = json.Unmarshal([]byte(lines[0]), &first)
	_ = json.Unmarshal([]byte(lines[1]), &second)
	if first["reason"] != "recipient_unknown" || len(first["input"].(string)) != (64<<10) {
		t.Errorf("long line: reason %v, input %d bytes", first["reason"], len(first["input"].(string)))
	}
	if second["reason"] != "greylisted" {
		t.Errorf("line after the long one: %v", second)
	}
	if !strings.Contains(r.stderr, "line 1 is longer than 64 KiB") {
		t.Errorf("no note on stderr: %q", r.stderr)
	}
}

// TestExplainEmail: --email reads each bounce format and explains every
// failed recipient, in JSON and text, in both languages.
func TestExplainEmail(t *testing.T) {
	t.Parallel()
	type want struct{ recipient, action, reason, provider string }
	cases := []struct {
		file string
		want []want
	}{
		{"postfix-two-recipients.eml", []want{{"carol@example.net", "failed", "policy_rejected", "yahoo"}, {"dave@example.org", "failed", "recipient_unknown", ""}}},
		{"exim-two-recipients.eml", []want{{"bob@gmail.example", "failed", "rate_limited", "gmail"}, {"carol@example.net", "failed", "blocklisted", "microsoft"}}},
		{"postfix-gmail-dmarc.eml", []want{{"bob@example.net", "failed", "auth_failure", "gmail"}}},
		{"gmail-qp.eml", []want{{"bob@example.com", "failed", "mailbox_full", "gmail"}}},
		{"exchange-online.eml", []want{{"bob@example.com", "failed", "recipient_unknown", "microsoft"}}},
		{"postfix-delayed-base64.eml", []want{{"erin@example.net", "delayed", "rate_limited", "yahoo"}}},
	}
	for _, tc := range cases {
		// The same in Traditional Chinese: the keys stay, the texts change.
		zh := run(t, nil, "", "explain", "--email", dsnFixtures+tc.file, "-o", "json", "--lang", "zh-TW")
		var zes []map[string]any
		if err := json.Unmarshal([]byte(zh.stdout), &zes); err != nil || len(zes) != len(tc.want) {
			t.Fatalf("%s zh-TW: %v %s", tc.file, err, zh.stdout)
		}
		for i, e := range zes {
			if e["reason"] != tc.want[i].reason || !strings.ContainsFunc(e["remedy"].(string), func(r rune) bool { return r >= 0x4e00 && r <= 0x9fff }) {
				t.Errorf("%s zh-TW #%d: %v", tc.file, i, e)
			}
		}
		r := run(t, nil, "", "explain", "--email", dsnFixtures+tc.file, "-o", "json")
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", tc.file, r.code, r.stderr)
		}
		var es []map[string]any
		if err := json.Unmarshal([]byte(r.stdout), &es); err != nil {
			t.Fatalf("%s: %v %s", tc.file, err, r.stdout)
		}
		if len(es) != len(tc.want) {
			t.Fatalf("%s: %d results, want %d", tc.file, len(es), len(tc.want))
		}
		for i, w := range tc.want {
			e := es[i]
			var prov any
			if w.provider != "" {
				prov = w.provider
			}
			if e["recipient"] != w.recipient || e["action"] != w.action || e["reason"] != w.reason || e["provider"] != prov {
				t.Errorf("%s #%d = %v, want %+v", tc.file, i, e, w)
			}
			for _, k := range []string{"retryable", "docs_url", "title", "explanation", "remedy"} {
				if _, ok := e[k]; !ok {
					t.Errorf("%s #%d lacks %s", tc.file, i, k)
				}
			}
		}
	}

	// Standard input, text output, both languages: one block per recipient.
	raw := readFixture(t, "postfix-two-recipients.eml")
	r := run(t, nil, raw, "explain", "--email")
	if r.code != 0 || strings.Count(r.stdout, "Recipient: ") != 2 || !strings.Contains(r.stdout, "Recipient: dave@example.org (failed)") {
		t.Errorf("text output:\n%s\n%s", r.stdout, r.stderr)
	}
	r = run(t, nil, raw, "explain", "--email", "--lang", "zh-TW")
	if r.code != 0 || strings.Count(r.stdout, "收件人：") != 2 || !strings.Contains(r.stdout, "（") && !strings.Contains(r.stdout, "失敗") {
		t.Errorf("zh-TW output:\n%s", r.stdout)
	}
	r = run(t, nil, raw, "explain", "--email", "-o", "csv")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "recipient,action,reason") || strings.Count(r.stdout, "\n") < 3 {
		t.Errorf("csv output:\n%s", r.stdout)
	}
}

// TestExplainEmailErrors: what is not a bounce, too large, unreadable or
// combined with --lines is one clear line and a usage exit.
func TestExplainEmailErrors(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"not a bounce", "From: a@example.com\nSubject: hi\n\nHello.\n", nil, "no failed or delayed recipient found"},
		{"not an email", "just words", nil, "cannot read the email"},
		{"too large", "Subject: x\n\n" + strings.Repeat("a", 10<<20), nil, "larger than 10 MiB"},
		{"missing file", "", []string{"/nonexistent/bounce.eml"}, "cannot open /nonexistent/bounce.eml"},
		{"with --lines", "", []string{"--lines"}, "--email and --lines cannot be used together"},
		{"two files", "", []string{"a.eml", "b.eml"}, "--email takes one file"},
	}
	for _, tc := range cases {
		args := append([]string{"explain", "--email"}, tc.args...)
		r := run(t, nil, tc.stdin, args...)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, tc.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") > 1 {
			t.Errorf("%s: exit %d, stderr %q", tc.name, r.code, r.stderr)
		}
	}
}

// TestExplainEmailHostile: control and bidi characters in a bounce are
// escaped in the text output.
func TestExplainEmailHostile(t *testing.T) {
	t.Parallel()
	dsnMsg := "Subject: x\nContent-Type: multipart/report; boundary=zz\n\n--zz\nContent-Type: message/delivery-status\n\n" +
		"Final-Recipient: rfc822; evil\x1b]0;pwned\x07\u202e@example.com\nAction: failed\nDiagnostic-Code: smtp; 550 5.1.1 user unknown\x1b[2J\n\n--zz--\n"
	eximMsg := "Subject: Mail delivery failed\n\nThe following address(es) failed:\n\n  evil\x1b]0;pwned\x07\u202e@example.com\n    550 5.1.1 user unknown\x1b[2J\n"
	for name, msg := range map[string]string{"dsn": dsnMsg, "exim": eximMsg} {
		r := run(t, nil, msg, "explain", "--email")
		if r.code != 0 {
			t.Fatalf("%s: exit %d: %s", name, r.code, r.stderr)
		}
		if strings.ContainsAny(r.stdout, "\x1b\x07\u202e") {
			t.Errorf("%s: raw control characters printed: %q", name, r.stdout)
		}
		if !strings.Contains(r.stdout, `\u202e@example.com`) {
			t.Errorf("%s: recipient not shown escaped: %q", name, r.stdout)
		}
	}
}

// TestDeliveriesJSONAdvice: problem rows of `deliveries -o json` carry
// provider, retryable and docs_url.
func TestDeliveriesJSONAdvice(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	r := run(t, env, "", "deliveries", "--all", "--since", "3d", "-o", "json")
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("%v %s", err, r.stdout)
	}
	problems := 0
	for _, row := range rows {
		_, hasReason := row["reason"]
		for _, k := range []string{"provider", "retryable", "docs_url"} {
			if _, ok := row[k]; ok != hasReason {
				t.Errorf("row with reason=%v has %s=%v: %v", hasReason, k, ok, row)
			}
		}
		if hasReason {
			problems++
			if _, ok := row["retryable"].(bool); !ok {
				t.Errorf("retryable not a bool: %v", row)
			}
		}
	}
	if problems == 0 {
		t.Error("no problem rows in the demo")
	}
}

func readFixture(t *testing.T, name string) string {
	t.Helper()
	b, err := os.ReadFile(dsnFixtures + name)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestExplain(t *testing.T) {
	t.Parallel()
	text := "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"
	r := run(t, nil, "", "explain", text)
	if r.code != 0 || !strings.Contains(r.stdout, "recipient_unknown") || !strings.Contains(r.stdout, "What to do") {
		t.Fatalf("%d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, nil, text, "explain", "-o", "json", "--lang", "zh-TW")
	var e map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &e); err != nil {
		t.Fatalf("json: %v %s", err, r.stdout)
	}
	if e["reason"] != "recipient_unknown" || e["code"].(float64) != 550 || e["status"] != "5.1.1" || e["temporary"] != false {
		t.Errorf("json = %v", e)
	}
	for _, k := range []string{"blocklist", "title", "explanation", "remedy"} {
		if _, ok := e[k]; !ok {
			t.Errorf("json lacks %s", k)
		}
	}
	if !strings.ContainsAny(e["remedy"].(string), "請收件") {
		t.Errorf("remedy not in Chinese: %v", e["remedy"])
	}
	in := "451 4.7.1 Greylisted, please try again in 5 minutes\n554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org\n\n"
	r = run(t, nil, in, "explain", "--lines", "-o", "json")
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) != 2 {
		t.Fatalf("--lines gave %d lines: %s", len(lines), r.stdout)
	}
	var first, second map[string]any
	_ = json.Unmarshal([]byte(lines[0]), &first)
	_ = json.Unmarshal([]byte(lines[1]), &second)
	if first["reason"] != "greylisted" || first["temporary"] != true || !strings.HasPrefix(first["input"].(string), "451") {
		t.Errorf("line 1 = %v", first)
	}
	if second["reason"] != "blocklisted" || second["blocklist"] == "" {
		t.Errorf("line 2 = %v", second)
	}
	r = run(t, nil, in, "explain", "--lines", "--lang", "zh-TW")
	if r.code != 0 || !strings.Contains(r.stdout, "原因") {
		t.Errorf("zh table: %s", r.stdout)
	}
	if r := run(t, nil, "", "explain"); r.code != cmdutil.ExitUsage {
		t.Errorf("empty input: exit %d", r.code)
	}
}
