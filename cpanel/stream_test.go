package cpanel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// trackServer serves n failure records, one per second from base, honouring
// startdate, enddate and max_results_by_type (with overflowed above 5000).
//
// The client has no time limit per request and no retries: a machine under
// load makes the answers slow (a 5000-record answer is built and decoded
// under the race detector), never wrong, and each request the server counts
// is one the client made. The test's own deadline bounds it.
func trackServer(t *testing.T, n int, base int64, requests *atomic.Int64) *Client {
	return setup(t, func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		q := r.URL.Query()
		from, _ := strconv.ParseInt(q.Get("startdate"), 10, 64)
		to, _ := strconv.ParseInt(q.Get("enddate"), 10, 64)
		limit, _ := strconv.Atoi(q.Get("max_results_by_type"))
		var recs []map[string]any
		matched := 0
		for i := n - 1; i >= 0; i-- {
			ts := base + int64(i)
			if (from != 0 && ts < from) || (to != 0 && ts > to) {
				continue
			}
			matched++
			if limit > 0 && len(recs) >= limit {
				continue
			}
			recs = append(recs, map[string]any{"type": "failure", "recipient": fmt.Sprintf("u%d@example.net", i), "sendunixtime": ts, "actionunixtime": ts, "message": "550 5.1.1 unknown", "msgid": fmt.Sprint(i)})
		}
		overflow := 0
		if limit > 0 && matched > limit {
			overflow = 1
		}
		body, _ := json.Marshal(map[string]any{"cpanelresult": map[string]any{"apiversion": 2, "data": recs, "event": map[string]any{"result": 1}, "func": "search", "metadata": map[string]any{"overflowed": overflow}, "module": "EmailTrack"}})
		w.Write(body)
	}, WithTimeout(0), WithRetries(0, 0))
}

// TestRecordsStreams: Records hands on every record of one unlimited
// request in cPanel's order; breaking out of the loop stops it with no
// error and no further request; ranging again starts again.
func TestRecordsStreams(t *testing.T) {
	t.Parallel()
	var reqs atomic.Int64
	c := trackServer(t, 50, 1700000000, &reqs)
	var got []string
	var st SearchStats
	seq := c.EmailTrack.Records(t.Context(), &SearchOptions{Types: []EventType{EventFailure}, MaxResultsByType: 0}, &st)
	for r, err := range seq {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, string(r.Recipient))
	}
	if len(got) != 50 || got[0] != "u49@example.net" || st.Capped || st.Records != 50 || st.Requests != 1 || reqs.Load() != 1 {
		t.Fatalf("got %d records (%v), stats %+v, %d requests", len(got), got[:min(3, len(got))], st, reqs.Load())
	}
	n := 0
	for range seq {
		n++
		break
	}
	if n != 1 || st.Records != 1 || st.Requests != 1 || reqs.Load() != 2 {
		t.Fatalf("break after %d records: stats %+v (reset when ranging again), %d requests", n, st, reqs.Load())
	}
	// nil options and nil stats: failures, cPanel's largest page.
	n = 0
	for _, err := range c.EmailTrack.Records(t.Context(), nil, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 50 {
		t.Fatalf("nil options: %d records", n)
	}
}

// TestRecordsErrors: a failed request ends the sequence with one error,
// and no record after it.
func TestRecordsErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body string
		want any
	}{
		"api2 error after data": {`{"cpanelresult":{"data":[],"error":"Feature disabled","event":{"result":0}}}`, &APIError{}},
		"truncated":             {`{"cpanelresult":{"data":[{"type":"failure","recipient":"a@b.c"},{"type":`, &DecodeError{}},
		"html":                  {`<!DOCTYPE html><html><title>Login</title></html>`, &DecodeError{}},
		"not json":              {`Forbidden`, &DecodeError{}},
		"wrong types":           {`{"cpanelresult":{"data":[{"type":"failure","size":{"x":1}}]}}`, &DecodeError{}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := setup(t, serve(tc.body))
			var err error
			errs := 0
			for _, e := range c.EmailTrack.Records(t.Context(), nil, nil) {
				if err != nil {
					t.Fatalf("a value after the error %v", err)
				}
				if e != nil {
					err = e
					errs++
				}
			}
			if errs != 1 {
				t.Fatalf("%d errors", errs)
			}
			switch tc.want.(type) {
			case *APIError:
				var ae *APIError
				if !errors.As(err, &ae) {
					t.Fatalf("err = %v", err)
				}
			case *DecodeError:
				var de *DecodeError
				if !errors.As(err, &de) {
					t.Fatalf("err = %v", err)
				}
			}
		})
	}
}

func TestRecordsSplitsCappedWindows(t *testing.T) {
	t.Parallel()
	var reqs atomic.Int64
	base := int64(1700000000)
	c := trackServer(t, 12000, base, &reqs)
	seen := map[string]bool{}
	var st SearchStats
	for r, err := range c.EmailTrack.Records(t.Context(), &SearchOptions{Types: []EventType{EventFailure}, Since: time.Unix(base, 0), Until: time.Unix(base+20000, 0), MaxResultsByType: 5000}, &st) {
		if err != nil {
			t.Fatal(err)
		}
		if seen[string(r.MsgID)] {
			t.Errorf("duplicate %s", r.MsgID)
		}
		seen[string(r.MsgID)] = true
	}
	if len(seen) != 12000 || st.Records != 12000 || st.Capped || st.Splits == 0 || int64(st.Requests) != reqs.Load() {
		t.Fatalf("records %d, stats %+v, requests %d", len(seen), st, reqs.Load())
	}
	if !strings.Contains(fmt.Sprint(st), "Splits") {
		t.Log(st)
	}
}

// FuzzAPI2Stream: the streaming decoder never panics, and on valid JSON it
// finds the same records as encoding/json.
func FuzzAPI2Stream(f *testing.F) {
	f.Add([]byte(`{"cpanelresult":{"data":[{"type":"failure","message":"a\"}]{b"},{"type":"defer"}],"event":{"result":1},"metadata":{"overflowed":1}}}`))
	f.Add([]byte(`{"x":[1,{"y":"}"}],"cpanelresult":{"error":"Access denied","data":{"reason":"x"}}}`))
	f.Add([]byte(`{"cpanelresult":{"data":[`))
	f.Add([]byte(`<html>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		n := 0
		err := decodeAPI2Stream("M", "f", bytes.NewReader(b), &Response{}, func(raw []byte) error {
			var rec DeliveryRecord
			n++
			return rec.UnmarshalJSON(raw)
		})
		var env struct {
			CPanelResult *struct {
				Data  json.RawMessage `json:"data"`
				Error String          `json:"error"`
			} `json:"cpanelresult"`
		}
		if json.Unmarshal(b, &env) != nil || env.CPanelResult == nil {
			return
		}
		var recs []DeliveryRecord
		if json.Unmarshal(env.CPanelResult.Data, &recs) != nil {
			return
		}
		if err == nil && n != len(recs) {
			t.Fatalf("stream found %d records, encoding/json %d: %q", n, len(recs), b)
		}
	})
}
