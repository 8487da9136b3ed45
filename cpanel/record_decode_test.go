package cpanel

import (
	"encoding/json"
	"reflect"
	"strings"
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

// TestRecordFastPathKnowsEveryField: each JSON tag of DeliveryRecord, in
// each form cPanel may send it, decodes the same on the fast path as with
// encoding/json, so a field added to the struct but not to the scanner
// fails here instead of being silently dropped.
func TestRecordFastPathKnowsEveryField(t *testing.T) {
	rt := reflect.TypeFor[DeliveryRecord]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		var values []string
		switch f.Type {
		case reflect.TypeFor[String]():
			values = []string{`"v@example.com"`, `42`, `null`, `""`}
		case reflect.TypeFor[Int]():
			values = []string{`12`, `"12"`, `"1.5e3"`, `""`, `null`, `-3`}
		case reflect.TypeFor[Float]():
			values = []string{`2.5`, `"2.5"`, `""`, `null`}
		case reflect.TypeFor[Bool]():
			values = []string{`1`, `"1"`, `0`, `"0"`, `true`, `false`, `""`}
		case reflect.TypeFor[EventType]():
			values = []string{`"failure"`, `"defer"`}
		default:
			t.Errorf("field %s has type %v: teach this test and record_decode.go about it", f.Name, f.Type)
			continue
		}
		for _, v := range values {
			in := `{"` + tag + `":` + v + `}`
			var fast DeliveryRecord
			if !scanRecord(&fast, []byte(in)) {
				continue // the slow path decides: nothing to compare
			}
			type plain DeliveryRecord
			var p plain
			if err := json.Unmarshal([]byte(in), &p); err != nil {
				t.Errorf("%s: the fast path accepts what encoding/json refuses: %v", in, err)
				continue
			}
			if fast != DeliveryRecord(p) || (fast == DeliveryRecord{} && v != `null` && v != `""` && v != `0` && v != `"0"` && v != `false`) {
				t.Errorf("%s: fast %+v, encoding/json %+v", in, fast, DeliveryRecord(p))
			}
		}
	}
}
