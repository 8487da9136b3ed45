package cpanel

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// TestDeliveryRecordSentTime: sendunixtime as a number, a numeric string,
// null, "" or missing; both decoders (the fast scanner and, with a key in
// capitals, encoding/json) agree.
func TestDeliveryRecordSentTime(t *testing.T) {
	want := time.Unix(1700000000, 0).UTC()
	cases := []struct {
		field string
		ok    bool
	}{
		{`"sendunixtime":1700000000`, true},
		{`"sendunixtime":"1700000000"`, true},
		{`"sendunixtime":1700000000.0`, true},
		{`"sendunixtime":null`, false},
		{`"sendunixtime":""`, false},
		{`"sendunixtime":0`, false},
		{``, false},
	}
	for _, tc := range cases {
		for _, extra := range []string{"", `,"Router":"lookuphost"`} { // a capital key takes the slow path
			body := `{"type":"failure","actionunixtime":1700000005` + extra
			if tc.field != "" {
				body += "," + tc.field
			}
			body += "}"
			var r DeliveryRecord
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatalf("%s: %v", body, err)
			}
			got, ok := r.SentTime()
			if ok != tc.ok || (ok && !got.Equal(want)) {
				t.Errorf("%s: SentTime() = %v, %v; want %v", body, got, ok, tc.ok)
			}
			if r.Time() != time.Unix(1700000005, 0).UTC() {
				t.Errorf("%s: Time() = %v, want the action time", body, r.Time())
			}
		}
	}
}

// TestRecordsServerIgnoresLimit: a server that sends more records of a
// type than max_results_by_type asks for is sending the whole window:
// Records passes every record on as it streams (no record held, no
// endless splitting) in one request.
func TestRecordsServerIgnoresLimit(t *testing.T) {
	const n = 3000
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var b strings.Builder
		b.WriteString(`{"cpanelresult":{"data":[`)
		for i := range n {
			if i > 0 {
				b.WriteByte(',')
			}
			fmt.Fprintf(&b, `{"type":"failure","msgid":"m%d","recipient":"u%d@example.net","sendunixtime":%d,"actionunixtime":%d,"message":"550 5.1.1 unknown"}`, i, i, 1700000000-i, 1700000000-i)
		}
		b.WriteString(`],"event":{"result":1},"metadata":{"overflowed":0}}}`)
		_, _ = io.WriteString(w, b.String())
	}))
	defer srv.Close()
	c, err := NewClient(srv.URL, "acme", "TOKEN")
	if err != nil {
		t.Fatal(err)
	}
	got := 0
	var st SearchStats
	var err2 error
	for _, err := range c.EmailTrack.Records(context.Background(), &SearchOptions{Types: []EventType{EventFailure}, Since: time.Unix(1690000000, 0), Until: time.Unix(1700000001, 0), MaxResultsByType: 100}, &st) {
		if err != nil {
			err2 = err
			break
		}
		got++
	}
	if err2 != nil || got != n || st.Requests != 1 || st.Capped {
		t.Errorf("Records: %d records, %+v, %v; want %d in one request", got, st, err2, n)
	}
}
