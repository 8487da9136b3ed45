package deliveries

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestDeliveriesRun: the run function lists the failures of the window
// with their reasons, as JSON, a table, CSV and a summary by reason.
func TestDeliveriesRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	opts := func(f render.Format) (*Options, func() string) {
		p, _, out, _ := cmdtest.Printer(i18n.English, f)
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

// TestNewCmdDeliveries: the flags fill the Options the run function gets
// (runF in place of deliveriesRun), and an argument is refused before it.
func TestNewCmdDeliveries(t *testing.T) {
	t.Parallel()
	f := &cmdutil.Factory{Printer: cmdutil.Printer{Now: cmdtest.Now}, Session: &cmdutil.Session{}}
	f.Flags.Debug = true
	var got *Options
	cmd := NewCmdDeliveries(f, func(o *Options) error { got = o; return nil })
	cmd.SetArgs([]string{"--deferred", "--type", "success,defer", "--since", "2d", "--until", "1d", "--recipient", "@example.com", "--limit", "5", "--reason", "mailbox_full", "--summary", "--page-size", "100"})
	if err := cmd.Execute(); err != nil {
		t.Fatal(err)
	}
	want := Options{Deferred: true, Types: "success,defer", Since: "2d", Until: "1d", Recipient: "@example.com", Limit: 5, Reasons: "mailbox_full", Summary: true, PageSize: 100, Debug: true}
	if got == nil || got.Deferred != want.Deferred || got.Types != want.Types || got.Since != want.Since || got.Until != want.Until || got.Recipient != want.Recipient ||
		got.Limit != want.Limit || got.Reasons != want.Reasons || got.Summary != want.Summary || got.PageSize != want.PageSize || got.Debug != want.Debug || got.Printer != &f.Printer {
		t.Errorf("options %+v", got)
	}
	cmd = NewCmdDeliveries(f, func(*Options) error { t.Error("ran with an argument"); return nil })
	cmd.SetArgs([]string{"extra"})
	cmd.SilenceErrors, cmd.SilenceUsage = true, true
	var ue *cmdutil.UsageError
	if err := cmd.Execute(); !errors.As(err, &ue) {
		t.Errorf("an argument: err %v, want a usage error", err)
	}
}
