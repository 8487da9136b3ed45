package root

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// A quota answer without its limit fields says "not reported" (table,
// CSV, JSON), with a warning, never "unlimited"; a negative size is shown
// as cPanel sent it, with a warning, not as -9223372036854775808 B.
func TestQuotaNotReportedAndOutOfRange(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Body: `{"apiversion":3,"func":"get_quota_info","module":"Quota","result":{"status":1,"errors":null,"messages":null,"warnings":null,"metadata":{},"data":{"megabytes_used":-5,"inodes_used":120}}}`})
	r := run(t, env, "", "quota")
	if r.code != 0 || strings.Count(r.stdout, "not reported") != 2 || strings.Contains(r.stdout, "unlimited") {
		t.Errorf("table: exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stdout, "-5242880 B") || strings.Contains(r.stdout, "9223372036854775808") {
		t.Errorf("negative use not shown as sent:\n%s", r.stdout)
	}
	if !strings.Contains(r.stderr, "not the same as unlimited") || !strings.Contains(r.stderr, "not a size a disk holds") {
		t.Errorf("warnings: %q", r.stderr)
	}
	r = run(t, env, "", "quota", "-o", "json")
	var v map[string]any
	if err := json.Unmarshal([]byte(r.stdout), &v); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if v["disk_limit_reported"] != false || v["disk_limit_bytes"] != nil || v["disk_used_bytes"] != -5242880.0 {
		t.Errorf("json: %s", r.stdout)
	}
	r = run(t, env, "", "quota", "--lang", "zh-TW")
	if !strings.Contains(r.stdout, "未回報") {
		t.Errorf("zh-TW table: %s", r.stdout)
	}
	// diagnose does not call a quota it could not read full, nor fine.
	r = run(t, env, "", "diagnose", "--offline", "-o", "json")
	if strings.Contains(r.stdout, "account-disk-full") || strings.Contains(r.stdout, "account-inodes-full") {
		t.Errorf("diagnose: a finding from a limit not reported:\n%s", r.stdout)
	}
}

// A mailbox whose answer has no quota field is "not reported" in accounts.
func TestAccountsQuotaNotReported(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	srv.SetFault("Email::list_pops_with_disk", cpaneltest.Fault{Body: `{"apiversion":3,"func":"list_pops_with_disk","module":"Email","result":{"status":1,"errors":null,"messages":null,"warnings":null,"metadata":{},"data":[{"email":"a@greenleaf.example","domain":"greenleaf.example","_diskused":"1048576"},{"email":"b@greenleaf.example","domain":"greenleaf.example","_diskused":-1,"_diskquota":null}]}}`})
	r := run(t, env, "", "accounts")
	if r.code != 0 || !strings.Contains(r.stdout, "not reported") || !strings.Contains(r.stdout, "unlimited") || !strings.Contains(r.stdout, "-1 B") {
		t.Errorf("exit %d\n%s%s", r.code, r.stdout, r.stderr)
	}
	if !strings.Contains(r.stderr, "b@greenleaf.example as -1 bytes") {
		t.Errorf("no warning for the negative size: %q", r.stderr)
	}
	r = run(t, env, "", "accounts", "-o", "csv")
	if !strings.Contains(r.stdout, "a@greenleaf.example,greenleaf.example,1048576,not reported,") {
		t.Errorf("csv:\n%s", r.stdout)
	}
}
