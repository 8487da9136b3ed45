package cpanel

import (
	"encoding/json"
	"testing"
)

// TestRecordFastPathAgrees: the scanner and the lenient decoders give the
// same record for every shape cPanel may send.
func TestRecordFastPathAgrees(t *testing.T) {
	for _, in := range []string{
		`{"type":"failure","user":"acme","size":"1653","spamscore":"","sendunixtime":1700000000,"deliveredto":null,"message":"550 5.1.1 \"quoted\" \u00e9","transport_is_remote":"1","actionunixtime":"1700000005"}`,
		`{"type":"success","size":12.6,"spamscore":2.5,"transport_is_remote":true,"host":42}`,
		`{ "type" : "defer" , "message" : "a\\b" }`,
		`{}`,
		`{"type":"x","size":"unlimited"}`,
	} {
		var fast, slow DeliveryRecord
		errFast := json.Unmarshal([]byte(in), &fast)
		type plain DeliveryRecord
		var p plain
		errSlow := json.Unmarshal([]byte(in), &p)
		slow = DeliveryRecord(p)
		if (errFast == nil) != (errSlow == nil) || (errFast == nil && fast != slow) {
			t.Errorf("%s:\nfast %+v %v\nslow %+v %v", in, fast, errFast, slow, errSlow)
		}
	}
}

func FuzzRecordDecode(f *testing.F) {
	f.Add([]byte(`{"type":"failure","size":"1653","spamscore":"","deliveredto":null}`))
	f.Add([]byte(`{"message":"a\"b","size":1e3}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var fast DeliveryRecord
		if !scanRecord(&fast, b) {
			return
		}
		type plain DeliveryRecord
		var p plain
		if err := json.Unmarshal(b, &p); err != nil {
			return // the scanner is more forgiving of invalid JSON; the decoder has validated by then
		}
		if fast != DeliveryRecord(p) {
			t.Fatalf("%q: fast %+v, slow %+v", b, fast, DeliveryRecord(p))
		}
	})
}
