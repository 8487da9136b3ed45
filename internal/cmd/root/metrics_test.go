package root

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	dto "github.com/prometheus/client_model/go"
	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/cmdutil"
)

// exposition parses the text exposition format back with expfmt.
func exposition(t *testing.T, text string) map[string]*dto.MetricFamily {
	t.Helper()
	p := expfmt.NewTextParser(model.UTF8Validation)
	fams, err := p.TextToMetricFamilies(strings.NewReader(text))
	if err != nil {
		t.Fatalf("exposition does not parse: %v\n%s", err, text)
	}
	return fams
}

// value returns the gauge value of the series of name with labels.
func value(t *testing.T, fams map[string]*dto.MetricFamily, name string, labels ...string) (float64, bool) {
	t.Helper()
	mf := fams[name]
	if mf == nil {
		return 0, false
	}
	for _, m := range mf.GetMetric() {
		got := map[string]string{}
		for _, lp := range m.GetLabel() {
			got[lp.GetName()] = lp.GetValue()
		}
		match := len(got) == len(labels)/2
		for i := 0; match && i+1 < len(labels); i += 2 {
			match = got[labels[i]] == labels[i+1]
		}
		if match {
			return m.GetGauge().GetValue(), true
		}
	}
	return 0, false
}

func wantValue(t *testing.T, fams map[string]*dto.MetricFamily, want float64, name string, labels ...string) {
	t.Helper()
	got, ok := value(t, fams, name, labels...)
	if !ok {
		t.Errorf("%s%v: no such series", name, labels)
		return
	}
	if got != want && math.Abs(got-want) > 1e-9*math.Max(1, math.Abs(want)) {
		t.Errorf("%s%v = %v, want %v", name, labels, got, want)
	}
}

// The exposition of a scenario, parsed back with expfmt and checked
// metric by metric against what the scenario holds.
func TestMetricsAgainstScenario(t *testing.T) {
	t.Parallel()
	for _, name := range []string{"demo", "dns-problems"} {
		sc, err := cpaneltest.LoadScenario(name)
		if err != nil {
			t.Fatal(err)
		}
		srv, env := serveScenario(t, name)
		r := run(t, env, "", "metrics", "--since", "30d", "--per-mailbox")
		if r.code != 0 {
			t.Fatalf("%s: exit %d %s", name, r.code, r.stderr)
		}
		fams := exposition(t, r.stdout)

		// Names per the conventions: the prefix, gauges only (nothing
		// here accumulates, so no _total), a HELP for each.
		for n, mf := range fams {
			if !regexp.MustCompile(`^cpmail_[a-z0-9_]+$`).MatchString(n) || strings.HasSuffix(n, "_total") || mf.GetType() != dto.MetricType_GAUGE || mf.GetHelp() == "" {
				t.Errorf("%s: family %s (%v) breaks the naming conventions", name, n, mf.GetType())
			}
		}
		wantValue(t, fams, 1, "cpmail_target_info", "account", sc.Account.User, "target", "account")
		wantValue(t, fams, 1, "cpmail_last_run_success")
		if bi := fams["cpmail_build_info"]; bi == nil || len(bi.GetMetric()) != 1 || bi.GetMetric()[0].GetGauge().GetValue() != 1 || len(bi.GetMetric()[0].GetLabel()) != 2 {
			t.Errorf("%s: cpmail_build_info %v", name, bi)
		}
		last, _ := value(t, fams, "cpmail_last_run_timestamp_seconds")
		success, _ := value(t, fams, "cpmail_last_success_timestamp_seconds")
		if last < float64(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).Unix()) || success != last {
			t.Errorf("%s: last run %v, last success %v", name, last, success)
		}
		if d, ok := value(t, fams, "cpmail_last_run_duration_seconds"); !ok || d < 0 {
			t.Errorf("%s: duration %v %v", name, d, ok)
		}

		// Account disk and inodes, in bytes and inodes.
		wantValue(t, fams, sc.Account.DiskUsedMB*(1<<20), "cpmail_account_disk_used_bytes")
		wantValue(t, fams, sc.Account.DiskLimitMB*(1<<20), "cpmail_account_disk_limit_bytes")
		wantValue(t, fams, float64(sc.Account.InodesUsed), "cpmail_account_inodes_used")
		wantValue(t, fams, float64(sc.Account.InodesLimit), "cpmail_account_inodes_limit")

		// Mailboxes: sums, the worst one, and one series per mailbox.
		var used, worst float64
		nearly := 0
		for _, m := range sc.Mailboxes {
			used += float64(m.UsedBytes)
			addr := strings.ToLower(m.Address)
			wantValue(t, fams, float64(m.UsedBytes), "cpmail_mailbox_used_bytes", "mailbox", addr)
			q := float64(m.QuotaMB)
			if m.QuotaMB.Unlimited() {
				wantValue(t, fams, math.Inf(1), "cpmail_mailbox_quota_bytes", "mailbox", addr)
				continue
			}
			wantValue(t, fams, q*(1<<20), "cpmail_mailbox_quota_bytes", "mailbox", addr)
			ratio := float64(m.UsedBytes) / (q * (1 << 20))
			worst = math.Max(worst, ratio)
			if ratio >= 0.9 {
				nearly++
			}
		}
		wantValue(t, fams, float64(len(sc.Mailboxes)), "cpmail_mailboxes")
		wantValue(t, fams, used, "cpmail_mailboxes_used_bytes")
		wantValue(t, fams, worst, "cpmail_mailbox_max_used_ratio")
		wantValue(t, fams, float64(nearly), "cpmail_mailboxes_nearly_full")

		// Deliveries by type and reason, from the scenario's rows.
		want := map[[2]string]float64{}
		for _, d := range sc.Deliveries {
			n := max(d.Repeat, 1)
			if time.Duration(d.Ago)+time.Duration(n)*time.Duration(d.Every) > 29*24*time.Hour {
				t.Fatalf("%s: a row older than the window", name)
			}
			reason := ""
			if d.Type == "failure" || d.Type == "rejected" || d.Type == "defer" {
				reason = string(bounce.Classify(d.Message).Reason)
			}
			want[[2]string{d.Type, reason}] += float64(n)
		}
		for _, typ := range []string{"failure", "rejected", "defer"} {
			for _, reason := range bounce.Reasons() {
				wantValue(t, fams, want[[2]string{typ, string(reason)}], "cpmail_deliveries", "type", typ, "reason", string(reason))
			}
		}
		for _, typ := range []string{"success", "filtered", "archive", "inprogress"} {
			wantValue(t, fams, want[[2]string{typ, ""}], "cpmail_deliveries", "type", typ, "reason", "")
		}
		// The window ends when the log was read, a moment after it began.
		if w, _ := value(t, fams, "cpmail_delivery_window_seconds"); w < 30*24*3600 || w > 30*24*3600+60 {
			t.Errorf("%s: window %v s", name, w)
		}

		// Findings by id and severity, against diagnose's own report;
		// every rule has its series.
		rd := run(t, env, "", "diagnose", "--since", "30d", "-o", "json")
		var rep struct {
			Findings []struct{ ID, Severity string } `json:"findings"`
		}
		if err := json.Unmarshal([]byte(rd.stdout), &rep); err != nil {
			t.Fatal(err)
		}
		found := map[[2]string]float64{}
		for _, fd := range rep.Findings {
			found[[2]string{fd.ID, fd.Severity}]++
		}
		for _, id := range diagnose.RuleIDs() {
			for _, sev := range []string{"fail", "warn", "info"} {
				wantValue(t, fams, found[[2]string{id, sev}], "cpmail_findings", "id", id, "severity", sev)
			}
		}

		// Blocklists: each list per IP and domain.
		switch name {
		case "dns-problems":
			wantValue(t, fams, 1, "cpmail_blocklist_listed", "ip", "198.51.100.20", "list", "Spamhaus ZEN")
			wantValue(t, fams, 0, "cpmail_blocklist_listed", "ip", "198.51.100.20", "list", "SpamCop")
			wantValue(t, fams, 0, "cpmail_domain_blocklist_listed", "domain", "greenleaf.example", "list", "Spamhaus DBL")
		case "demo":
			wantValue(t, fams, 0, "cpmail_blocklist_listed", "ip", sc.Account.IP, "list", "Spamhaus ZEN")
		}

		// Every source could be read; without --per-mailbox no address
		// becomes a label value.
		wantValue(t, fams, 1, "cpmail_source_up", "source", "Email::list_filters")
		wantValue(t, fams, 1, "cpmail_source_up", "source", "live_dns")
		srv.SetFault("Email::list_filters", cpaneltest.Fault{Status: 500})
		r = run(t, env, "", "metrics")
		fams = exposition(t, r.stdout)
		wantValue(t, fams, 0, "cpmail_source_up", "source", "Email::list_filters")
		wantValue(t, fams, 1, "cpmail_source_up", "source", "Email::list_pops_with_disk")
		if _, ok := fams["cpmail_mailbox_used_bytes"]; ok || strings.Contains(r.stdout, "@") {
			t.Errorf("%s: an address became a label without --per-mailbox", name)
		}
	}
}

// --textfile replaces the file atomically; a run that cannot read the
// account still writes it, with success 0 and the last success carried
// over, after one request.
func TestMetricsTextfile(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	dir := t.TempDir()
	path := filepath.Join(dir, "cpmail.prom")
	if r := run(t, env, "", "metrics", "--textfile", path); r.code != 0 || r.stdout != "" {
		t.Fatalf("exit %d %q %s", r.code, r.stdout, r.stderr)
	}
	b, _ := os.ReadFile(path)
	fams := exposition(t, string(b))
	first, _ := value(t, fams, "cpmail_last_success_timestamp_seconds")
	wantValue(t, fams, 1, "cpmail_last_run_success")
	if st, _ := os.Stat(path); st.Mode().Perm() != 0o644 {
		t.Errorf("mode %v: node_exporter must be able to read it", st.Mode())
	}

	env["CPANEL_TOKEN"] = "WRONGTOKEN"
	srv.ResetCalls()
	r := run(t, env, "", "metrics", "--textfile", path)
	if r.code != cmdutil.ExitRefused || len(srv.Calls()) != 1 || strings.Contains(r.stderr, "WRONGTOKEN") {
		t.Errorf("refused: exit %d, %d calls, %s", r.code, len(srv.Calls()), r.stderr)
	}
	b, _ = os.ReadFile(path)
	fams = exposition(t, string(b))
	wantValue(t, fams, 0, "cpmail_last_run_success")
	wantValue(t, fams, first, "cpmail_last_success_timestamp_seconds")
	if last, _ := value(t, fams, "cpmail_last_run_timestamp_seconds"); last < first {
		t.Errorf("last run %v before the last success %v", last, first)
	}
	if _, ok := fams["cpmail_findings"]; ok {
		t.Error("a run that read nothing wrote findings")
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 1 {
		t.Errorf("files left in the textfile directory: %v", ents)
	}
	// A textfile that is not a regular file is refused.
	if r := run(t, env, "", "metrics", "--textfile", dir); r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "is not a regular file") {
		t.Errorf("directory: exit %d %s", r.code, r.stderr)
	}
}
