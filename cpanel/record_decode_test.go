package cpanel

import (
	"bytes"
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

// decodeStd decodes b with encoding/json alone (the field types' own
// UnmarshalJSON, without the fast path).
func decodeStd(b []byte) (DeliveryRecord, error) {
	type plain DeliveryRecord
	var p plain
	err := json.Unmarshal(b, &p)
	return DeliveryRecord(p), err
}

// TestRecordFastPathKnowsEveryField: each JSON tag of DeliveryRecord, in
// every loose form cPanel may send (string, number, boolean, null), decodes
// the same through UnmarshalJSON as with encoding/json alone, and its plain
// form is read by the fast path: a field added to the struct but not to
// the scanner fails here.
func TestRecordFastPathKnowsEveryField(t *testing.T) {
	rt := reflect.TypeFor[DeliveryRecord]()
	for i := range rt.NumField() {
		f := rt.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		// The first value is the plain form, which the fast path must read.
		var values []string
		switch f.Type {
		case reflect.TypeFor[String]():
			values = []string{`"v@example.com"`, `42`, `-1.50`, `1e3`, `true`, `false`, `null`, `""`, `"a\"b\u00e9"`, `"\u202e"`}
		case reflect.TypeFor[Int]():
			values = []string{`12`, `"12"`, `"1.5e3"`, `""`, `null`, `-3`, `2.5`, `-2.5`, `0.49999999999999994`, `true`, `false`, `"1,000"`, `" 7 "`, `"NaN"`, `"Inf"`, `"unlimited"`, `1e400`, `"0x10"`}
		case reflect.TypeFor[Float]():
			values = []string{`2.5`, `"2.5"`, `""`, `null`, `-0`, `true`, `"NaN"`, `"-Infinity"`, `"1_0"`, `"n/a"`}
		case reflect.TypeFor[Bool]():
			values = []string{`1`, `"1"`, `0`, `"0"`, `true`, `false`, `""`, `null`, `2`, `"yes"`, `"off"`, `"TRUE"`, `1.0`, `"maybe"`}
		case reflect.TypeFor[EventType]():
			values = []string{`"failure"`, `"defer"`, `null`, `42`, `true`, `""`}
		default:
			t.Errorf("field %s has type %v: teach this test and record_decode.go about it", f.Name, f.Type)
			continue
		}
		for j, v := range values {
			for _, in := range []string{
				`{"` + tag + `":` + v + `}`,
				// After another value of the same key: null and the like
				// must replace it as encoding/json does.
				`{"` + tag + `":` + values[0] + `,"` + tag + `":` + v + `}`,
			} {
				var fast DeliveryRecord
				took := scanRecord(&fast, []byte(in))
				if j == 0 && !took {
					t.Errorf("%s: the fast path does not read %s (field %s): teach record_decode.go's set about it", in, tag, f.Name)
				}
				want, errStd := decodeStd([]byte(in))
				if took && errStd != nil {
					t.Errorf("%s: the fast path accepts what encoding/json refuses: %v", in, errStd)
					continue
				}
				if took && fast != want {
					t.Errorf("%s: fast path %+v, encoding/json %+v", in, fast, want)
				}
				var got DeliveryRecord
				err := json.Unmarshal([]byte(in), &got)
				if (err == nil) != (errStd == nil) || (err == nil && got != want) {
					t.Errorf("%s: UnmarshalJSON %+v (%v), encoding/json %+v (%v)", in, got, err, want, errStd)
				}
			}
		}
	}
}

// TestRecordUnknownKeyFallsBack: a key the fast path does not know (a field
// cPanel adds, another spelling of a tag that encoding/json matches) sends
// the record through encoding/json, which decides what it means.
func TestRecordUnknownKeyFallsBack(t *testing.T) {
	for _, in := range []string{
		`{"type":"failure","queueid":"1wehY8-000000058OG-2yug","size":10}`,
		`{"type":"failure","Recipient":"a@example.net"}`,
		`{"type":"failure","SIZE":"12"}`,
		`{"type":"failure","ſize":"12"}`, // U+017F folds to s: encoding/json matches it
		`{"type":"failure","reason":{"code":550}}`,
		`{"type":"failure","recipient":"a@example.net","message":"x","recipient-0":"b"}`,
	} {
		var fast DeliveryRecord
		if scanRecord(&fast, []byte(in)) {
			t.Errorf("%s: the fast path read a record with a key it does not know: %+v", in, fast)
		}
		want, errStd := decodeStd([]byte(in))
		var got DeliveryRecord
		err := json.Unmarshal([]byte(in), &got)
		if err != nil || errStd != nil || got != want {
			t.Errorf("%s: UnmarshalJSON %+v (%v), encoding/json %+v (%v)", in, got, err, want, errStd)
		}
	}
}

// TestRecordFastPathReadsCPanelRecords: a record with every key cPanel
// sends (reference §2.5) goes through the fast path, so the fallback costs
// nothing on real answers.
func TestRecordFastPathReadsCPanelRecords(t *testing.T) {
	body := trackBody(1)
	start := bytes.IndexByte(body, '[') + 1
	end := bytes.LastIndexByte(body, ']')
	rec := body[start:end]
	var fast DeliveryRecord
	if !scanRecord(&fast, rec) {
		t.Fatalf("the fast path refused a cPanel record: %s", rec)
	}
	if want, err := decodeStd(rec); err != nil || fast != want {
		t.Fatalf("fast %+v, encoding/json %+v (%v)", fast, want, err)
	}
}
