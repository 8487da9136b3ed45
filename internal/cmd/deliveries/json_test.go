package deliveries

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// TestDeliveryRowJSON: the hand-written encoding is the document
// encoding/json writes.
func TestDeliveryRowJSON(t *testing.T) {
	dt := "/home/x/mail/new"
	sent := time.Date(2026, 11, 28, 1, 1, 0, 0, time.UTC)
	rows := []deliveryRow{
		{Time: time.Date(2026, 11, 28, 1, 2, 3, 0, time.UTC), SentTime: &sent, Type: "failure", Reason: "mailbox_full", Sender: "a@b.c", Recipient: "<x>\"y\"", Message: "550 5.2.2 tab\there \u2028 信箱 \x01", Size: 1653, SpamScore: 2.5},
		{Time: time.Date(2026, 1, 1, 0, 0, 0, 0, time.FixedZone("x", 3600)), Type: "success", DeliveredTo: &dt, SpamScore: -1.25},
	}
	var withAdvice, noProvider deliveryRow
	withAdvice.advise("550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy. - gsmtp")
	noProvider.advise("550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown")
	rows = append(rows, withAdvice, noProvider)
	for _, r := range rows {
		var fast, slow bytes.Buffer
		w := render.NewJSONArrayWriter(&fast)
		_ = w.Write(r)
		_ = w.Close()
		type plain deliveryRow // no AppendJSON method
		w = render.NewJSONArrayWriter(&slow)
		_ = w.Write(plain(r))
		_ = w.Close()
		if fast.String() != slow.String() {
			t.Errorf("hand-written JSON differs:\n%s\nencoding/json:\n%s", fast.String(), slow.String())
		}
		var back []map[string]any
		if err := json.Unmarshal(fast.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
	}
}

// TestDeliveryRowSentTime: sent_time is cPanel's sendunixtime beside time
// (the outcome's time); a sendunixtime cPanel sent as null, "" or not at
// all is null in JSON and an empty last cell in CSV.
func TestDeliveryRowSentTime(t *testing.T) {
	for _, tc := range []struct {
		record, json, csv string
	}{
		{`{"type":"failure","sendunixtime":"1700000000","actionunixtime":1700000005}`, "2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"},
		{`{"type":"failure","sendunixtime":1700000000,"actionunixtime":1700000005}`, "2023-11-14T22:13:20Z", "2023-11-14T22:13:20Z"},
		{`{"type":"failure","sendunixtime":null,"actionunixtime":1700000005}`, "", ""},
		{`{"type":"failure","actionunixtime":1700000005}`, "", ""},
	} {
		var rec cpanel.DeliveryRecord
		if err := json.Unmarshal([]byte(tc.record), &rec); err != nil {
			t.Fatal(err)
		}
		row := toDeliveryRow(rec)
		var buf bytes.Buffer
		w := render.NewJSONArrayWriter(&buf)
		_ = w.Write(row)
		_ = w.Close()
		var back []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil {
			t.Fatal(err)
		}
		v, present := back[0]["sent_time"]
		if !present {
			t.Fatalf("%s: no sent_time key: %s", tc.record, buf.String())
		}
		if tc.json == "" && v != nil || tc.json != "" && v != tc.json {
			t.Errorf("%s: sent_time = %v, want %q (empty: null)", tc.record, v, tc.json)
		}
		if back[0]["time"] != "2023-11-14T22:13:25Z" {
			t.Errorf("%s: time = %v, want the action time", tc.record, back[0]["time"])
		}
		cols := columns(&cmdutil.Printer{})
		cells := render.Row(cols, row, render.CSV)
		headers := render.Headers(cols, render.CSV, cmdutil.English)
		if len(cells) != len(headers) || headers[len(headers)-1] != "sent_time" || cells[len(cells)-1] != tc.csv {
			t.Errorf("%s: CSV sent_time = %q, want %q", tc.record, cells[len(cells)-1], tc.csv)
		}
	}
}

// TestDeliveryRowAdvice: a problem row carries provider, retryable,
// docs_url (null where none) and guessed; a row without a reason carries
// none of them.
func TestDeliveryRowAdvice(t *testing.T) {
	var gmail, plain, byWords, ok deliveryRow
	byWords.advise("550 Inbox over limit")
	gmail.advise("421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp")
	plain.advise("550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown")
	decode := func(r deliveryRow) map[string]any {
		var buf bytes.Buffer
		w := render.NewJSONArrayWriter(&buf)
		_ = w.Write(r)
		_ = w.Close()
		var back []map[string]any
		if err := json.Unmarshal(buf.Bytes(), &back); err != nil || len(back) != 1 {
			t.Fatalf("%v %s", err, buf.String())
		}
		return back[0]
	}
	g := decode(gmail)
	if g["reason"] != "rate_limited" || g["provider"] != "gmail" || g["retryable"] != true || g["docs_url"] != "https://support.google.com/a/answer/3726730" {
		t.Errorf("gmail row = %v", g)
	}
	p := decode(plain)
	if v, ok := p["provider"]; !ok || v != nil {
		t.Errorf("provider should be null: %v", p)
	}
	if v, ok := p["docs_url"]; !ok || v != nil || p["retryable"] != false || p["guessed"] != false {
		t.Errorf("docs_url should be null, retryable and guessed false: %v", p)
	}
	if w := decode(byWords); w["reason"] != "mailbox_full" || w["guessed"] != true {
		t.Errorf("a reason read from the words alone = %v, want mailbox_full, guessed", w)
	}
	o := decode(ok)
	for _, k := range []string{"reason", "provider", "retryable", "docs_url", "guessed"} {
		if _, has := o[k]; has {
			t.Errorf("row without a reason has %s: %v", k, o)
		}
	}
}
