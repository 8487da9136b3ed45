package root

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/cmdutil"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// result is what one cpmail run produced.
type result struct {
	code           cmdutil.ExitCode
	stdout, stderr string
}

// run runs cpmail in-process with env and stdin.
func run(t *testing.T, env map[string]string, stdin string, args ...string) result {
	t.Helper()
	io, in, out, errOut := iostreams.Test()
	in.WriteString(stdin)
	if env == nil {
		env = map[string]string{}
	}
	if _, ok := env["CPMAIL_CONFIG_DIR"]; !ok {
		env["CPMAIL_CONFIG_DIR"] = t.TempDir()
	}
	if _, ok := env["CPMAIL_RESOLVER"]; !ok {
		// Live DNS checks never leave the machine: an empty public DNS.
		env["CPMAIL_RESOLVER"] = startDNS(t, "")
	}
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	code := Run(t.Context(), f, args)
	return result{code, out.String(), errOut.String()}
}

// serveScenario starts the fake server and returns the environment that
// points cpmail at it.
func serveScenario(t *testing.T, name string, opts ...cpaneltest.Option) (*cpaneltest.Server, map[string]string) {
	t.Helper()
	sc, err := cpaneltest.LoadScenario(name)
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewServer(sc, opts...)
	t.Cleanup(srv.Close)
	return srv, map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": srv.User(), "CPANEL_TOKEN": srv.Token(),
		"CPMAIL_RESOLVER": startDNS(t, sc.PublicZone())}
}

// startDNS serves zone as public DNS until the test ends and returns its
// address.
func startDNS(t *testing.T, zone string) string {
	t.Helper()
	s, err := dnstest.Start(zone, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s.Addr
}

func TestDemoFailedDeliveries(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "deliveries", "--failed")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if len(lines) < 5 || !strings.HasPrefix(lines[0], "TIME") {
		t.Fatalf("output:\n%s", r.stdout)
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "failure") && !strings.Contains(l, "rejected") {
			t.Errorf("not a failure: %s", l)
		}
		if strings.Contains(l, "  -  ") {
			t.Errorf("row without a reason: %s", l)
		}
	}
	for _, want := range []string{"mailbox full", "no such user", "550-5.7.26", "max emails per hour"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("demo output lacks %q", want)
		}
	}
}

func TestDeliveriesJSONAndFilters(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	r := run(t, env, "", "deliveries", "--all", "--since", "3d", "-o", "json")
	if r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, r.stdout)
	}
	types := map[string]int{}
	for _, row := range rows {
		for _, k := range []string{"time", "type", "sender", "recipient", "message", "msgid", "router", "transport", "host", "ip", "sender_host", "sender_ip", "sender_auth", "user", "domain", "delivered_to", "size", "spam_score"} {
			if _, ok := row[k]; !ok {
				t.Fatalf("row lacks %q: %v", k, row)
			}
		}
		at, err := time.Parse(time.RFC3339, row["time"].(string))
		if err != nil {
			t.Errorf("time %v is not RFC 3339", row["time"])
		}
		// The outcome comes at or after the receipt (retries come later).
		if sent, err := time.Parse(time.RFC3339, fmt.Sprint(row["sent_time"])); err != nil || at.Before(sent) || at.Sub(sent) > 4*24*time.Hour {
			t.Errorf("sent_time %v is not the receipt time of an event at %v", row["sent_time"], row["time"])
		}
		typ := row["type"].(string)
		types[typ]++
		if (typ == "failure" || typ == "rejected" || typ == "defer") && row["reason"] == nil {
			t.Errorf("%s row without reason: %v", typ, row)
		}
		if _, ok := row["size"].(float64); !ok {
			t.Errorf("size is not a number: %v", row["size"])
		}
	}
	if types["success"] == 0 || types["failure"] == 0 || types["defer"] == 0 {
		t.Errorf("types = %v", types)
	}

	r = run(t, env, "", "deliveries", "--since", "3d", "--reason", "recipient_unknown", "-o", "json")
	if err := json.Unmarshal([]byte(r.stdout), &rows); err != nil || len(rows) != 1 || rows[0]["recipient"] != "slaes@example.com" {
		t.Errorf("--reason recipient_unknown: %v %s", err, r.stdout)
	}
	r = run(t, env, "", "deliveries", "--all", "--since", "3d", "--recipient", "sales@example.com", "-o", "csv")
	csvLines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if r.code != 0 || !strings.HasPrefix(csvLines[0], "time,type,reason,sender,recipient") || len(csvLines) < 2 {
		t.Fatalf("csv: %d %s %s", r.code, r.stdout, r.stderr)
	}
	for _, l := range csvLines[1:] {
		if !strings.Contains(l, "sales@example.com") {
			t.Errorf("csv row not for sales@: %s", l)
		}
	}
	r = run(t, env, "", "deliveries", "--since", "3d", "--summary", "-o", "json")
	var groups []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &groups); err != nil || len(groups) < 4 || groups[0]["reason"] == "" {
		t.Errorf("summary: %v %s", err, r.stdout)
	}
}

func TestAccountsQuotaDNS(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	r := run(t, env, "", "accounts", "-o", "json", "--sort", "usage")
	var accts []map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &accts); err != nil || len(accts) == 0 {
		t.Fatalf("accounts: %v %s %s", err, r.stdout, r.stderr)
	}
	if accts[0]["email"] != "sales@example.com" || accts[0]["used_percent"].(float64) < 99.9 {
		t.Errorf("first by usage = %v", accts[0])
	}
	sawUnlimited, sawSuspended := false, false
	for _, a := range accts {
		if a["quota_bytes"] == nil && a["used_percent"] == nil {
			sawUnlimited = true
		}
		if a["suspended_incoming"] == true {
			sawSuspended = true
		}
	}
	if !sawSuspended {
		t.Error("no suspended mailbox in the demo accounts")
	}
	_ = sawUnlimited
	r = run(t, env, "", "accounts", "-o", "csv")
	if !strings.HasPrefix(r.stdout, "email,domain,used_bytes,quota_bytes,used_percent,suspended_incoming") {
		t.Errorf("accounts csv: %s", r.stdout)
	}
	r = run(t, env, "", "accounts")
	if !strings.Contains(r.stdout, "incoming") || !strings.Contains(r.stdout, "100%") {
		t.Errorf("accounts table: %s", r.stdout)
	}

	r = run(t, env, "", "quota", "-o", "json")
	var q map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &q); err != nil {
		t.Fatalf("quota: %v %s", err, r.stdout)
	}
	for _, k := range []string{"disk_used_bytes", "disk_limit_bytes", "inodes_used", "inodes_limit"} {
		if _, ok := q[k]; !ok {
			t.Errorf("quota lacks %s", k)
		}
	}

	r = run(t, env, "", "dns", "example.com", "-o", "json")
	var views []dnsView
	if err := json.Unmarshal([]byte(r.stdout), &views); err != nil || len(views) != 1 {
		t.Fatalf("dns: %v %s %s", err, r.stdout, r.stderr)
	}
	v := views[0]
	if len(v.MX) == 0 || len(v.SPF) == 0 || v.Checks.SPF != "MISMATCHED" || v.Checks.DKIM != "MISSING" || v.Routing == "" {
		t.Errorf("dns view = %+v", v)
	}
	r = run(t, env, "", "dns")
	if r.code != 0 || !strings.Contains(r.stdout, "shop.example.net") {
		t.Errorf("dns without a domain: %d %s %s", r.code, r.stdout, r.stderr)
	}
}

func TestTraditionalChinese(t *testing.T) {
	t.Parallel()
	r := run(t, map[string]string{"LANG": "zh_TW.UTF-8"}, "", "--demo", "deliveries", "--failed")
	if !strings.Contains(r.stdout, "時間") || !strings.Contains(r.stdout, "收件者") {
		t.Errorf("headers not in Chinese: %s", r.stdout)
	}
	r = run(t, nil, "", "--demo", "--lang", "zh-TW", "accounts", "-o", "json")
	if strings.Contains(r.stdout, "信箱") {
		t.Error("JSON keys changed with the language")
	}
}

// TestErrorsAreOneLine: each failure mode gives one line that says what to
// do, exit code 1 (4 for refused credentials), and never the token.
func TestErrorsAreOneLine(t *testing.T) {
	t.Parallel()
	const token = "SECRETTOKEN0123456789ABCDEFGHIJK"
	closed := httptest.NewServer(http.NotFoundHandler())
	closedURL := closed.URL
	closed.Close()
	cases := []struct {
		name    string
		handler http.HandlerFunc
		host    string
		want    string
		code    cmdutil.ExitCode
	}{
		{"wrong token", func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(403)
			fmt.Fprint(w, `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`)
		}, "", "Manage API Tokens", cmdutil.ExitRefused},
		{"wrong port", nil, closedURL, "2083", 1},
		{"html page", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, "<!DOCTYPE html><html><head><title>Login</title></head></html>")
		}, "", "HTML page", 1},
		{"status 0", func(w http.ResponseWriter, r *http.Request) {
			fmt.Fprint(w, `{"status":0,"errors":["The feature “popaccts” is not enabled for this account."],"data":null}`)
		}, "", "popaccts", 1},
		{"timeout", func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(5 * time.Second):
			}
		}, "", "--timeout", 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			host := tc.host
			if tc.handler != nil {
				srv := httptest.NewServer(tc.handler)
				defer srv.Close()
				host = srv.URL
			}
			env := map[string]string{"CPANEL_HOST": host, "CPANEL_USER": "bob", "CPANEL_TOKEN": token}
			r := run(t, env, "", "accounts", "--timeout", "300ms")
			if r.code != tc.code {
				t.Errorf("exit %d, want %d", r.code, tc.code)
			}
			lines := strings.Split(strings.TrimSpace(r.stderr), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "cpmail: ") || !strings.Contains(lines[0], tc.want) {
				t.Errorf("stderr = %q, want one line with %q", r.stderr, tc.want)
			}
			if strings.Contains(r.stdout+r.stderr, token) || strings.Contains(r.stderr, "goroutine") {
				t.Errorf("leak or stack trace: %s", r.stderr)
			}
		})
	}
}

func TestUsageErrors(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, args := range [][]string{
		{"deliveries", "--since", "yesterday-ish"},
		{"deliveries", "--since", "-5h"},
		{"deliveries", "--recipient", "not-an-address"},
		{"deliveries", "--type", "bounced"},
		{"deliveries", "--reason", "cosmic_rays"},
		{"accounts", "--sort", "size"},
		{"accounts", "--domain", "bad domain"},
		{"-o", "yaml", "accounts"},
		{"--lang", "fr", "accounts"},
		{"--timeout", "0s", "accounts"},
		{"dns", "no_dot"},
		{"diagnose", "a b@c"},
		{"diagnose", "--fail-on", "info"},
		{"api", "uapi", "Email", "delete_pop", "email=x"},
		{"api", "uapi", "Email", "list_pops", "novalue"},
		{"--profile", "../etc", "accounts"},
		{"frobnicate"},
		{"accounts", "--bogus"},
	} {
		r := run(t, env, "", args...)
		if r.code != cmdutil.ExitUsage {
			t.Errorf("%v: exit %d, want 2 (stderr %q)", args, r.code, r.stderr)
		}
		if n := strings.Count(strings.TrimSpace(r.stderr), "\n"); n != 0 {
			t.Errorf("%v: %d lines of error: %q", args, n+1, r.stderr)
		}
	}
	// Without any host the message says what to set.
	r := run(t, map[string]string{}, "", "accounts")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "CPANEL_HOST") {
		t.Errorf("no host: %d %q", r.code, r.stderr)
	}
}

// TestOnlyReads runs every command against the fake server and checks that
// no state-changing function was called.
func TestOnlyReads(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "demo")
	for _, args := range [][]string{
		{"accounts"}, {"quota"}, {"dns"}, {"deliveries", "--all", "--since", "7d"}, {"deliveries", "--summary"},
		{"diagnose"}, {"diagnose", "info@example.com"}, {"diagnose", "example.com"}, {"check"},
		{"api", "uapi", "Email", "list_pops_with_disk"}, {"api", "api2", "EmailTrack", "search", "failure=1"},
		{"api", "uapi", "Email", "suspend_incoming", "email=info@example.com"},
	} {
		run(t, env, "", args...)
	}
	calls := srv.Calls()
	if len(calls) < 20 {
		t.Fatalf("only %d calls recorded", len(calls))
	}
	for _, c := range calls {
		if c.StateChanging || !cpanel.IsReadOnly(c.Function) {
			t.Errorf("cpmail called %s, which changes the account", c.Name())
		}
	}
}

func TestAPICommand(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	r := run(t, env, "", "api", "uapi", "Email", "list_mail_domains")
	if r.code != 0 || !strings.Contains(r.stdout, `"example.com"`) {
		t.Fatalf("%d %s %s", r.code, r.stdout, r.stderr)
	}
	r = run(t, env, "", "api", "uapi", "Email", "set_default_address", "domain=example.com")
	if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "only calls functions that read") {
		t.Errorf("state-changing call not refused: %d %s", r.code, r.stderr)
	}
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

func TestDiagnoseDemo(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "diagnose")
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	// The header and the sparkline, the overview (the cause its first
	// row), then the details, the cause first.
	blocks := strings.Split(r.stdout, "\n\n")
	if len(blocks) < 3 || !strings.HasPrefix(strings.Split(blocks[0], "\n")[1], "Problem deliveries, 3 hours per mark") {
		t.Fatalf("no sparkline under the header:\n%s", r.stdout)
	}
	if overview := strings.Split(blocks[1], "\n"); !strings.HasPrefix(overview[0], "SEVERITY  ID") || !strings.HasPrefix(overview[1], "FAIL      mailbox-full") {
		t.Errorf("overview not first, or the cause not its first row:\n%s", r.stdout)
	}
	if !strings.HasPrefix(blocks[2], "Most likely cause: FAIL") {
		t.Errorf("cause not first:\n%s", r.stdout)
	}
	for _, id := range []string{"mailbox-full", "incoming-suspended", "recipient-unknown", "auth-rejected", "send-limit-reached", "incoming-rbl-rejected", "deferred-retrying"} {
		if !strings.Contains(r.stdout, "["+id+"]") {
			t.Errorf("demo diagnosis lacks %s", id)
		}
	}
	r = run(t, nil, "", "--demo", "--lang", "zh-TW", "diagnose")
	if !strings.Contains(r.stdout, "最可能的原因") {
		t.Errorf("no Chinese report:\n%s", r.stdout)
	}
}

func TestDiagnoseJSONSnapshotAndHealthy(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	dir := t.TempDir()
	snap := filepath.Join(dir, "case.json")
	r := run(t, env, "", "diagnose", "info@example.com", "-o", "json", "--save-snapshot", snap)
	if r.code != cmdutil.ExitFindings {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	var rep map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatal(err)
	}
	for _, k := range []string{"schema_version", "target", "verdict", "findings", "messages", "coverage"} {
		if _, ok := rep[k]; !ok {
			t.Errorf("report lacks %s", k)
		}
	}
	if rep["verdict"] != "fail" || rep["target"] != "info@example.com" || len(rep["messages"].([]any)) == 0 {
		t.Errorf("report = %v", rep)
	}
	saved, err := os.ReadFile(snap)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(saved), env["CPANEL_TOKEN"]) {
		t.Fatal("the snapshot holds the token")
	}
	if st, _ := os.Stat(snap); st.Mode().Perm() != 0o600 {
		t.Errorf("snapshot mode %o", st.Mode().Perm())
	}
	r2 := run(t, map[string]string{}, "", "diagnose", "--from-snapshot", snap, "-o", "json")
	var rep2 map[string]any
	_ = json.Unmarshal([]byte(r2.stdout), &rep2)
	a, _ := json.Marshal(rep["findings"])
	b, _ := json.Marshal(rep2["findings"])
	if r2.code != cmdutil.ExitFindings || !bytes.Equal(a, b) {
		t.Errorf("offline diagnosis differs (exit %d):\n%s\n%s", r2.code, a, b)
	}

	_, healthy := serveScenario(t, "healthy")
	r = run(t, healthy, "", "diagnose")
	if r.code != 0 || !strings.Contains(r.stdout, "no problems found") {
		t.Errorf("healthy: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDiagnoseDegradesWhenASourceFails(t *testing.T) {
	t.Parallel()
	// A 403 that names a feature refuses that function only (a bare
	// "Forbidden" refuses the credentials: TestRefusedTokenStopsAtOnce).
	for _, fault := range []cpaneltest.Fault{{Status: 500}, {Status: 403, Body: "Forbidden: the token lacks the feature needed for this function"}, {Latency: 3 * time.Second}} {
		srv, env := serveScenario(t, "healthy")
		srv.SetFault("Email::list_pops_with_disk", fault)
		r := run(t, env, "", "diagnose", "-o", "json", "--timeout", "1s")
		var rep struct {
			Verdict  string `json:"verdict"`
			Coverage []struct {
				Source string `json:"source"`
				OK     bool   `json:"ok"`
				Error  string `json:"error"`
			} `json:"coverage"`
		}
		if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
			t.Fatalf("%+v: %v %s %s", fault, err, r.stdout, r.stderr)
		}
		if rep.Verdict == "pass" {
			t.Errorf("%+v: verdict pass with a failed source", fault)
		}
		found := false
		for _, c := range rep.Coverage {
			if c.Source == "Email::list_pops_with_disk" && !c.OK && c.Error != "" {
				found = true
			}
		}
		if !found {
			t.Errorf("%+v: failure not in coverage: %+v", fault, rep.Coverage)
		}
	}
}

func TestCheckPlugin(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "check")
	if r.code != 2 || !strings.HasPrefix(r.stdout, "CPMAIL CRITICAL - ") || !strings.Contains(r.stdout, "mailbox-full sales@example.com") || !strings.Contains(r.stdout, "| failures=") {
		t.Errorf("demo check: %d %q", r.code, r.stdout)
	}
	r = run(t, nil, "", "--demo=healthy", "check")
	if r.code != 0 || !strings.HasPrefix(r.stdout, "CPMAIL OK - ") {
		t.Errorf("healthy check: %d %q", r.code, r.stdout)
	}
	r = run(t, map[string]string{"CPANEL_HOST": "http://127.0.0.1:1", "CPANEL_USER": "u", "CPANEL_TOKEN": "SECRETSECRET"}, "", "check", "--timeout", "500ms")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") || strings.Contains(r.stdout, "SECRETSECRET") {
		t.Errorf("unreachable check: %d %q", r.code, r.stdout)
	}
	srv, env := serveScenario(t, "healthy")
	env["CPANEL_TOKEN"] = "WRONGTOKEN"
	_ = srv
	r = run(t, env, "", "check")
	if r.code != 3 || !strings.HasPrefix(r.stdout, "CPMAIL UNKNOWN - ") {
		t.Errorf("wrong token check: %d %q", r.code, r.stdout)
	}
	if r := run(t, nil, "", "check", "--bogus"); r.code != 3 {
		t.Errorf("bad flag: exit %d", r.code)
	}
}

func TestLoginSavesProfile(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	dir := t.TempDir()
	r := run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, env["CPANEL_TOKEN"]+"\n", "login", "--host", srv.URL, "--user", srv.User(), "--profile", "shop")
	if r.code != 0 {
		t.Fatalf("login: %d %s", r.code, r.stderr)
	}
	st, err := os.Stat(filepath.Join(dir, "profiles", "shop.token"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", err, st)
	}
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "", "--profile", "shop", "accounts", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, "hello@greenleaf.example") {
		t.Fatalf("with profile: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// A token file other users can read is refused with the chmod to run.
	_ = os.Chmod(filepath.Join(dir, "profiles", "shop.token"), 0o644)
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "", "--profile", "shop", "accounts")
	if r.code == 0 || !strings.Contains(r.stderr, "chmod 600") {
		t.Errorf("open token file accepted: %d %s", r.code, r.stderr)
	}
	// A wrong token is not saved.
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "WRONG\n", "login", "--host", srv.URL, "--user", srv.User(), "--profile", "bad")
	if r.code != cmdutil.ExitRefused || strings.Contains(r.stderr, "WRONG") || !strings.Contains(r.stderr, "not saved") {
		t.Errorf("wrong token login: %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "profiles", "bad.token")); err == nil {
		t.Error("a refused token was saved")
	}
}

func TestDebugNeverShowsToken(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	r := run(t, env, "", "--debug", "accounts")
	if !strings.Contains(r.stderr, "debug: GET /execute/Email/list_pops_with_disk") {
		t.Errorf("no debug log: %s", r.stderr)
	}
	if strings.Contains(r.stderr, env["CPANEL_TOKEN"]) {
		t.Error("debug log shows the token")
	}
}

func TestDemoList(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "demo", "list")
	if r.code != 0 || !strings.Contains(r.stdout, "demo") || !strings.Contains(r.stdout, "healthy") {
		t.Errorf("%d %s", r.code, r.stdout)
	}
}

func TestInterruptedDiagnosisIsPartial(t *testing.T) {
	t.Parallel()
	// Every call would take 20 s: only a prompt stop ends the run sooner.
	_, env := serveScenario(t, "healthy", cpaneltest.WithLatency(20*time.Second))
	ctx, cancel := context.WithTimeout(t.Context(), 300*time.Millisecond)
	defer cancel()
	io, _, out, errOut := iostreams.Test()
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	start := time.Now()
	code := Run(ctx, f, []string{"diagnose", "-o", "json"})
	if code != cmdutil.ExitInterrupt || time.Since(start) > 10*time.Second {
		t.Fatalf("exit %d after %v: %s", code, time.Since(start), errOut.String())
	}
	if !strings.Contains(out.String(), `"coverage"`) || !strings.Contains(errOut.String(), "partial") {
		t.Errorf("no partial report: %s / %s", out.String(), errOut.String())
	}
}

// TestSecretsNeverShow runs commands with --debug and a recognisable token
// and looks for it everywhere cpmail writes; --mask hides third parties.
func TestSecretsNeverShow(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "demo")
	token := env["CPANEL_TOKEN"]
	snap := filepath.Join(t.TempDir(), "masked.json")
	var all strings.Builder
	for _, args := range [][]string{
		{"--debug", "accounts"}, {"--debug", "deliveries", "--all"}, {"--debug", "dns"},
		{"--debug", "diagnose", "--save-snapshot", snap, "--mask"}, {"--debug", "check"},
		{"--debug", "api", "uapi", "Email", "list_filters"},
	} {
		r := run(t, env, "", args...)
		all.WriteString(r.stdout + r.stderr)
	}
	saved, _ := os.ReadFile(snap)
	all.Write(saved)
	if strings.Contains(all.String(), token) {
		t.Fatal("the token appears in cpmail's output, logs or snapshot")
	}
	if !strings.Contains(string(saved), `"masked": true`) || strings.Contains(string(saved), "maria.lopez@gmail.com") || !strings.Contains(string(saved), "sales@example.com") {
		t.Error("--mask did not mask third parties (or masked the account's own addresses)")
	}
	// There is no way to give the token on the command line.
	if r := run(t, nil, "", "--token", token, "accounts"); r.code != cmdutil.ExitUsage || strings.Contains(r.stderr, token) {
		t.Errorf("--token accepted or echoed: %d %q", r.code, r.stderr)
	}
}

func TestDNSShowsBothViews(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "dns-problems")
	resolver := env["CPMAIL_RESOLVER"]
	env["CPMAIL_RESOLVER"] = startDNS(t, "") // --resolver wins over the environment
	r := run(t, env, "", "dns", "moved.example", "--resolver", resolver, "-o", "json")
	var views []dnsView
	if err := json.Unmarshal([]byte(r.stdout), &views); err != nil || len(views) != 1 || r.code != 0 {
		t.Fatalf("dns: %d %v %s %s", r.code, err, r.stdout, r.stderr)
	}
	v := views[0]
	if v.Public == nil {
		t.Fatalf("no public view: %+v", v)
	}
	if got := strings.Join(v.Public.Differs, ","); got != "NS,MX,SPF" {
		t.Errorf("differs = %q, want NS,MX,SPF", got)
	}
	if strings.Join(v.Public.NS, ",") != "ada.ns.cloudflare.example,bob.ns.cloudflare.example" || strings.Join(v.NS, ",") != "ns1.hosting.example,ns2.hosting.example" {
		t.Errorf("NS cPanel %v, public %v", v.NS, v.Public.NS)
	}
	if v.Public.MXPointsHere == nil || *v.Public.MXPointsHere {
		t.Errorf("MX points here = %v", v.Public.MXPointsHere)
	}
	verdicts := map[string]string{}
	for _, c := range v.Live {
		verdicts[c.Check] = c.Verdict.String()
	}
	if verdicts["authority"] != "fail" || verdicts["spf"] != "fail" || verdicts["blocklist-ip"] != "fail" {
		t.Errorf("live verdicts %v", verdicts)
	}

	// The table marks each difference; --offline shows cPanel's side only.
	r = run(t, env, "", "dns", "moved.example", "--resolver", resolver)
	marked := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), "≠") {
			marked++
		}
	}
	if marked != 3 || !strings.Contains(r.stdout, "Live checks") {
		t.Errorf("%d marked rows:\n%s", marked, r.stdout)
	}
	r = run(t, env, "", "dns", "moved.example", "--offline")
	if r.code != 0 || strings.Contains(r.stdout, "ada.ns.cloudflare") || !strings.Contains(r.stdout, "--offline") {
		t.Errorf("offline: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDNSResolverErrors(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, args := range [][]string{
		{"dns", "greenleaf.example", "--resolver", "1.2.3.4:99999"},
		{"dns", "greenleaf.example", "--resolver", "not a host"},
		{"check", "--resolver", "x:0"},
		{"dns", "greenleaf.example", "--selector", "bad selector"},
	} {
		r := run(t, env, "", args...)
		want := cmdutil.ExitUsage
		if args[0] == "check" {
			want = cmdutil.PluginUnknown // the monitoring plugin's UNKNOWN
		}
		if r.code != want || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["CPMAIL_RESOLVER"] = "127.0.0.1:notaport"
	if r := run(t, bad, "", "diagnose"); r.code != 2 || !strings.Contains(r.stderr, "CPMAIL_RESOLVER") {
		t.Errorf("bad CPMAIL_RESOLVER: exit %d %q", r.code, r.stderr)
	}
	// A resolver that never answers makes the checks unknown, not failed.
	dead := map[string]string{}
	for k, v := range env {
		dead[k] = v
	}
	r := run(t, dead, "", "--timeout", "3s", "diagnose", "greenleaf.example", "--resolver", "127.0.0.1:9", "-o", "json")
	var rep struct {
		Verdict  string
		Findings []struct{ ID string }
		Coverage []struct {
			Source string
			OK     bool
			Error  string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s %s", err, r.stdout, r.stderr)
	}
	gap := false
	for _, c := range rep.Coverage {
		gap = gap || (strings.HasPrefix(c.Source, "live DNS") && !c.OK)
	}
	if len(rep.Findings) != 0 || rep.Verdict != "unknown" || !gap {
		t.Errorf("dead resolver: exit %d, %+v", r.code, rep)
	}
}

func TestResolverBlindToPublicDNSIsSkipped(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	// A resolver that knows the account's domains but not the root: a
	// sandbox or filtering resolver. Its answers would make every domain
	// look broken, so the live checks are skipped, with the reason.
	s, err := dnstest.Start("", map[string]dnstest.Behaviour{".": dnstest.Refused})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	env["CPMAIL_RESOLVER"] = s.Addr
	r := run(t, env, "", "diagnose")
	if r.code != 0 || !strings.Contains(r.stdout, "no problems found") || !strings.Contains(r.stdout, "cannot show what the world sees") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Named on the command line, the same resolver is trusted as it is.
	r = run(t, env, "", "diagnose", "--resolver", s.Addr, "-o", "json")
	if r.code != 3 || strings.Contains(r.stdout, "live_dns_skipped") {
		t.Errorf("--resolver: exit %d:\n%s", r.code, r.stdout)
	}
}

func TestShortTokenDoesNotGarbleMessages(t *testing.T) {
	t.Parallel()
	r := run(t, map[string]string{"CPANEL_TOKEN": "x", "CPANEL_USER": "u"}, "", "--host", "example.com:70000", "accounts")
	if r.code != 2 || !strings.Contains(r.stderr, `"example.com:70000"`) {
		t.Errorf("exit %d: %q", r.code, r.stderr)
	}
}

func TestDNSDegradesWhenACallFails(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "demo")
	srv.SetFault("DNS::parse_zone", cpaneltest.Fault{Status: 500})
	srv.SetFault("Email::list_mxs", cpaneltest.Fault{StatusZero: "The feature “emailrouting” is not enabled."})
	r := run(t, env, "", "dns", "--offline", "-o", "json")
	var views []dnsView
	if err := json.Unmarshal([]byte(r.stdout), &views); err != nil || r.code != 0 || len(views) != 2 {
		t.Fatalf("exit %d %v: %s %s", r.code, err, r.stdout, r.stderr)
	}
	for _, v := range views {
		// The zone and routing are missing and said so; cPanel's checks remain.
		if len(v.Errors) != 2 || v.Checks.SPF == "" || v.Routing != "" {
			t.Errorf("%s: errors %q, checks %+v, routing %q", v.Domain, v.Errors, v.Checks, v.Routing)
		}
	}
	if !strings.Contains(r.stderr, "HTTP 500") || !strings.Contains(r.stderr, "emailrouting") {
		t.Errorf("no warnings: %q", r.stderr)
	}
}

// dnsView is one domain of `cpmail dns -o json`, as the tests read it.
type dnsView struct {
	Domain  string   `json:"domain"`
	Routing string   `json:"routing"`
	NS      []string `json:"ns"`
	MX      []struct {
		Priority int    `json:"priority"`
		Host     string `json:"host"`
	} `json:"mx"`
	SPF    []string `json:"spf"`
	DKIM   []string `json:"dkim"`
	DMARC  []string `json:"dmarc"`
	Checks struct {
		SPF   string `json:"spf"`
		DKIM  string `json:"dkim"`
		DMARC string `json:"dmarc"`
		PTR   string `json:"ptr"`
	} `json:"cpanel_checks"`
	Public *struct {
		NS           []string `json:"ns"`
		MX           []string `json:"mx"`
		SPF          []string `json:"spf"`
		DKIM         []string `json:"dkim"`
		DMARC        []string `json:"dmarc"`
		PTR          []string `json:"ptr"`
		MXPointsHere *bool    `json:"mx_points_here"`
		Differs      []string `json:"differs"`
	} `json:"public"`
	Live        []dnscheck.Result `json:"live_checks"`
	LiveSkipped string            `json:"live_skipped"`
	Errors      []string          `json:"errors"`
}
