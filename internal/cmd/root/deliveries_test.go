package root

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"
)

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
