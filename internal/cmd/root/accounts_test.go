package root

import (
	"encoding/json"
	"strings"
	"testing"
)

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
