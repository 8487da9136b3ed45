package deliveries

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/lang"
)

// TestDeliveriesRun: the run function lists the failures of the window
// with their reasons, as JSON, a table, CSV and a summary by reason.
func TestDeliveriesRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	opts := func(f render.Format) (*Options, func() string) {
		p, _, out, _ := cmdtest.Printer(lang.English, f)
		return &Options{Printer: p, Ctx: t.Context(), Client: a.Client, Session: a.Session, Since: "3d"}, out.String
	}

	o, out := opts(render.JSON)
	if err := deliveriesRun(o); err != nil {
		t.Fatal(err)
	}
	var rows []map[string]any
	if err := json.Unmarshal([]byte(out()), &rows); err != nil || len(rows) < 4 {
		t.Fatalf("JSON: %v\n%s", err, out())
	}
	reasons := map[string]bool{}
	for _, r := range rows {
		if r["type"] != "failure" && r["type"] != "rejected" {
			t.Errorf("not a failure by default: %v", r["type"])
		}
		reasons[r["reason"].(string)] = true
	}
	if !reasons["mailbox_full"] || !reasons["recipient_unknown"] {
		t.Errorf("reasons %v", reasons)
	}

	o, out = opts(render.Table)
	o.Reasons = "recipient_unknown"
	if err := deliveriesRun(o); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out()), "\n")
	if len(lines) != 2 || strings.Join(strings.Fields(lines[0]), " ") != "TIME EVENT FROM TO REASON RESULT" || !strings.Contains(lines[1], "slaes@example.com") {
		t.Errorf("--reason recipient_unknown table:\n%s", out())
	}

	o, out = opts(render.CSV)
	o.All, o.Recipient = true, "sales@example.com"
	if err := deliveriesRun(o); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out()), "\n")
	if !strings.HasPrefix(lines[0], "time,type,reason,sender,recipient,message,") || !strings.HasSuffix(lines[0], ",sent_time") || len(lines) < 2 {
		t.Fatalf("CSV:\n%s", out())
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, ",sales@example.com,") {
			t.Errorf("CSV row not for sales@: %s", l)
		}
	}

	o, out = opts(render.Table)
	o.Summary = true
	if err := deliveriesRun(o); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out(), "REASON") || !strings.Contains(out(), "(mailbox_full)") {
		t.Errorf("summary:\n%s", out())
	}
}
