package cpanel

import (
	"encoding/json"
	"testing"
)

func TestLooseTypes(t *testing.T) {
	t.Parallel()
	ints := map[string]Int{`1`: 1, `"1"`: 1, `"0.00"`: 0, `""`: 0, `null`: 0, `"12.6"`: 13, `1.5e3`: 1500, `"1,024"`: 1024, `true`: 1}
	for in, want := range ints {
		var got Int
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Int(%s) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, bad := range []string{`"unlimited"`, `{}`, `[1]`, `"abc"`} {
		var n Int
		if err := json.Unmarshal([]byte(bad), &n); err == nil {
			t.Errorf("Int(%s) succeeded", bad)
		}
	}
	bools := map[string]Bool{`1`: true, `"1"`: true, `0`: false, `"0"`: false, `true`: true, `false`: false, `""`: false, `null`: false, `"yes"`: true}
	for in, want := range bools {
		var got Bool
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Bool(%s) = %v, %v; want %v", in, got, err, want)
		}
	}
	limits := map[string]Limit{`"unlimited"`: Unlimited(), `"None"`: Unlimited(), `null`: Unlimited(), `"∞"`: Unlimited(), `"256.00"`: LimitOf(256), `0`: LimitOf(0), `"268435456"`: LimitOf(268435456), `100`: LimitOf(100), `10`: LimitOf(10), `""`: Unlimited()}
	for in, want := range limits {
		var got Limit
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("Limit(%s) = %+v, %v; want %+v", in, got, err, want)
		}
	}
	if !LimitOf(0).OrZeroUnlimited().Unlimited || LimitOf(5).OrZeroUnlimited().Unlimited {
		t.Error("OrZeroUnlimited")
	}
	strs := map[string]String{`"a"`: "a", `42`: "42", `null`: "", `true`: "true"}
	for in, want := range strs {
		var got String
		if err := json.Unmarshal([]byte(in), &got); err != nil || got != want {
			t.Errorf("String(%s) = %q, %v", in, got, err)
		}
	}
}

func TestLimitRoundTrip(t *testing.T) {
	t.Parallel()
	for _, l := range []Limit{Unlimited(), LimitOf(0), LimitOf(1024.5)} {
		b, err := json.Marshal(l)
		if err != nil {
			t.Fatal(err)
		}
		var back Limit
		if err := json.Unmarshal(b, &back); err != nil || back != l {
			t.Errorf("round trip of %+v via %s = %+v, %v", l, b, back, err)
		}
	}
}

func FuzzLooseTypes(f *testing.F) {
	for _, s := range []string{`1`, `"1"`, `"0.00"`, `""`, `null`, `"unlimited"`, `"None"`, `"∞"`, `1e400`, `"NaN"`, `{"a":1}`, `[`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		var i Int
		var fl Float
		var bo Bool
		var s String
		var l Limit
		_ = json.Unmarshal(b, &i)
		_ = json.Unmarshal(b, &fl)
		_ = json.Unmarshal(b, &bo)
		_ = json.Unmarshal(b, &s)
		if json.Unmarshal(b, &l) == nil {
			out, err := json.Marshal(l)
			if err != nil {
				t.Fatalf("marshal %+v: %v", l, err)
			}
			var back Limit
			if err := json.Unmarshal(out, &back); err != nil || back.Unlimited != l.Unlimited {
				t.Fatalf("round trip %s -> %s -> %+v", b, out, back)
			}
		}
	})
}

func FuzzEnvelopes(f *testing.F) {
	for _, s := range []string{uapiOK(`[]`), `{"apiversion":3,"result":` + uapiOK(`1`) + `}`, `{"cpanelresult":{"data":[],"event":{"result":1}}}`, `<html>`, `{"status":0,"errors":["x"]}`, `{"cpanelresult":{"error":"Access denied"}}`} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, err1 := decodeUAPI("M", "f", b, &Response{})
		_, err2 := decodeAPI2("M", "f", b, &Response{})
		for _, err := range []error{err1, err2} {
			if err != nil && err.Error() == "" {
				t.Fatal("empty error")
			}
		}
	})
}

// FuzzParseZoneItems: decoding parse_zone answers never panics, and what
// decodes keeps each record's fields.
func FuzzParseZoneItems(f *testing.F) {
	f.Add([]byte(`[{"line_index":5,"type":"record","dname_b64":"ZXhhbXBsZS5jb20u","ttl":"14400","record_type":"MX","data_b64":["MTA=","bWFpbC5leGFtcGxlLmNvbS4="]}]`))
	f.Add([]byte(`[{"type":"control","text_b64":"JFRUTCAxNDQwMA=="},{"record_type":"TXT","data_b64":["/w==","not base64!"],"dname_b64":"@"}]`))
	f.Fuzz(func(t *testing.T, b []byte) {
		var items []rawZoneItem
		if json.Unmarshal(b, &items) != nil {
			return
		}
		for _, it := range items {
			rec := ZoneRecord{Name: b64(it.DNameB64), Type: it.RecordType}
			for _, d := range it.DataB64 {
				rec.Data = append(rec.Data, b64(d))
			}
			_ = rec.FQDN("example.com")
			_ = rec.Text()
		}
	})
}
