package cpanel

import (
	"encoding/json"
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
