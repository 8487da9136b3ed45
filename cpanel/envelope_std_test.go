package cpanel

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// decodeAPI2StreamStd is the envelope streamer written with encoding/json's
// Decoder (Token, More and Decode), kept as the baseline that
// BenchmarkEnvelope100k measures decodeAPI2StreamCapped's own scanner
// against, and as a second opinion for TestEnvelopeStreamersAgree. It walks
// a cpanelresult envelope, handing the raw bytes of each element
// of "data" to each (valid only during the call), and checks error and
// event afterwards. No JSON value is read beyond maxValue bytes past the
// decoder's position: a larger one stops the stream with a *SizeError, so
// that memory stays flat whatever the server sends. An error from each is a
// decoding error unless it is an errCallback, which is unwrapped and
// returned.
func decodeAPI2StreamStd(module, function string, r io.Reader, resp *Response, maxValue int64, each func(raw []byte) error) error {
	lr := &valueCapReader{r: r}
	dec := json.NewDecoder(lr)
	maxValue = min(maxValue, 1<<40)
	// Before each value, let the decoder read at most maxValue bytes (plus
	// its buffer's slack) past where it stands.
	allow := func() { lr.limit = dec.InputOffset() + maxValue + valueCapSlack }
	bad := func(err error) error {
		var cb errCallback
		if errors.As(err, &cb) {
			return cb.err
		}
		if errors.Is(err, errValueTooLarge) {
			return &SizeError{Module: module, Function: function, Limit: maxValue, Value: true}
		}
		kind := DecodeUnexpectedShape
		var se *json.SyntaxError
		var shape errShape
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			kind = DecodeTruncated
			if lr.n == 0 {
				kind = DecodeNotJSON
			}
		case errors.As(err, &shape):
		case errors.As(err, &se) && se.Offset <= 1:
			kind = DecodeNotJSON
		}
		return &DecodeError{Module: module, Function: function, Kind: kind, Err: err}
	}
	sink := &rawSink{each: each}
	found := false
	var apiErr, reason String
	var eventOK *Bool
	allow()
	tok, err := dec.Token()
	if err != nil {
		return bad(err)
	}
	if tok != json.Delim('{') {
		return bad(fmt.Errorf("the answer starts with %v", tok))
	}
	err = objectMembers(dec, allow, func(key string) error {
		allow()
		if !strings.EqualFold(key, "cpanelresult") {
			return dec.Decode(&discardValue{})
		}
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if tok != json.Delim('{') {
			return skipRest(dec, allow, tok)
		}
		found = true
		return objectMembers(dec, allow, func(k string) error {
			k = strings.ToLower(k) // encoding/json matches keys this way too
			allow()
			if k == "data" {
				tok, err := dec.Token()
				if err != nil {
					return err
				}
				if tok != json.Delim('[') {
					return skipRest(dec, allow, tok)
				}
				for dec.More() {
					allow()
					if err := dec.Decode(sink); err != nil {
						return err
					}
				}
				allow()
				_, err = dec.Token() // ']'
				return err
			}
			var raw json.RawMessage
			if k != "error" && k != "event" && k != "metadata" {
				return dec.Decode(&discardValue{})
			}
			if err := dec.Decode(&raw); err != nil {
				return err
			}
			switch k {
			case "error":
				if err := json.Unmarshal(raw, &apiErr); err != nil {
					return err
				}
			case "event":
				var ev struct {
					Result *Bool  `json:"result"`
					Reason String `json:"reason"`
				}
				if err := json.Unmarshal(raw, &ev); err != nil {
					return err
				}
				eventOK, reason = ev.Result, ev.Reason
			case "metadata":
				resp.Metadata = raw
				var m struct {
					Overflowed Bool `json:"overflowed"`
				}
				if json.Unmarshal(raw, &m) == nil {
					resp.Overflowed = bool(m.Overflowed)
				}
			}
			return nil
		})
	})
	if err != nil {
		return bad(err)
	}
	if !found {
		return &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"cpanelresult\" in the API 2 answer")}
	}
	if apiErr != "" {
		return &APIError{API: "api2", Module: module, Function: function, Errors: []string{string(apiErr)}}
	}
	if eventOK != nil && !*eventOK {
		msg := string(reason)
		if msg == "" {
			msg = "event.result is 0"
		}
		return &APIError{API: "api2", Module: module, Function: function, Errors: []string{msg}}
	}
	return nil
}

// valueCapSlack is what the decoder may read past one value's cap: its
// buffer reads ahead.
const valueCapSlack = 64 << 10

// objectMembers reads the members of an object whose '{' was just read,
// calling fn with each key; fn must consume the value.
func objectMembers(dec *json.Decoder, allow func(), fn func(key string) error) error {
	for dec.More() {
		allow()
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		key, ok := tok.(string)
		if !ok {
			return errShape{fmt.Sprintf("expected a key, found %v", tok)}
		}
		if err := fn(key); err != nil {
			return err
		}
	}
	allow()
	_, err := dec.Token() // '}'
	return err
}

// skipRest consumes the rest of a value whose first token was tok.
func skipRest(dec *json.Decoder, allow func(), tok json.Token) error {
	depth := 0
	for {
		switch tok {
		case json.Delim('{'), json.Delim('['):
			depth++
		case json.Delim('}'), json.Delim(']'):
			depth--
		}
		if depth == 0 {
			return nil
		}
		allow()
		var err error
		if tok, err = dec.Token(); err != nil {
			return err
		}
	}
}

// rawSink hands the raw bytes of a decoded value to each, without a copy.
type rawSink struct{ each func(raw []byte) error }

// UnmarshalJSON implements json.Unmarshaler.
func (s *rawSink) UnmarshalJSON(b []byte) error { return s.each(b) }

// discardValue consumes a value and keeps nothing.
type discardValue struct{}

// UnmarshalJSON implements json.Unmarshaler.
func (*discardValue) UnmarshalJSON([]byte) error { return nil }

// valueCapReader stops reading at limit bytes in all (the decoder's
// position plus one value's cap, set before each value).
type valueCapReader struct {
	r        io.Reader
	n, limit int64
}

// Read implements io.Reader.
func (c *valueCapReader) Read(p []byte) (int, error) {
	if c.n >= c.limit {
		return 0, errValueTooLarge
	}
	if rest := c.limit - c.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// TestEnvelopeStreamersAgree: the scanner and encoding/json's Decoder hand
// on the same records and fail with the same class of error.
func TestEnvelopeStreamersAgree(t *testing.T) {
	t.Parallel()
	for _, in := range []string{
		string(trackBody(3)),
		`{"cpanelresult":{"data":[{"type":"failure","message":"a\"}]{b"},{"type":"defer"}],"event":{"result":1},"metadata":{"overflowed":1}}}`,
		`{"x":[1,{"y":"}"}],"CPanelResult":{"error":"Access denied","data":{"reason":"x"}}}`,
		`{"cpanelresult":{"data":[],"error":"Feature disabled","event":{"result":0}}}`,
		`{"cpanelresult":{"data":[{"type":"failure","recipient":"a@b.c"},{"type":`,
		`{"cpanelresult":{"data":[{"type":"failure","size":{"x":1}}]}}`,
		`{"cpanelresult":{"data":[{"type":"failure"}],"event":{"result":0,"reason":"no"}}}`,
		`{"cpanelresult":[1,2]}`,
		`{"other":1}`,
		`Forbidden`,
		``,
		`{"cpanelresult":{"data":["` + strings.Repeat("x", 200<<10) + `"]}}`,
	} {
		var a, b []DeliveryRecord
		collect := func(dst *[]DeliveryRecord) func([]byte) error {
			return func(raw []byte) error {
				var r DeliveryRecord
				if err := r.UnmarshalJSON(raw); err != nil {
					return err
				}
				*dst = append(*dst, r)
				return nil
			}
		}
		var ra, rb Response
		errA := decodeAPI2StreamCapped("M", "f", strings.NewReader(in), &ra, 1<<10, collect(&a))
		errB := decodeAPI2StreamStd("M", "f", bytes.NewReader([]byte(in)), &rb, 1<<10, collect(&b))
		if ClassOf(errA) != ClassOf(errB) || len(a) != len(b) || ra.Overflowed != rb.Overflowed {
			t.Errorf("%.60s: scanner %d records, %v (%q); Decoder %d records, %v (%q)", in, len(a), errA, ClassOf(errA), len(b), errB, ClassOf(errB))
		}
	}
}

// TestAPI2DecodersAgreeOnMetadata: the whole-body API 2 decoder and the
// streamed one read a top-level "metadata" the same way: WHM's refusal
// when it is an object that says so, nothing when it is not an object.
func TestAPI2DecodersAgreeOnMetadata(t *testing.T) {
	t.Parallel()
	ok := `"cpanelresult":{"data":[{"type":"failure"}],"event":{"result":1}}`
	for _, tc := range []struct {
		in      string
		refused bool
	}{
		{`{"metadata":"x",` + ok + `}`, false},
		{`{"metadata":[1,2],` + ok + `}`, false},
		{`{"metadata":null,` + ok + `}`, false},
		{`{"metadata":7,` + ok + `}`, false},
		{`{"metadata":{"result":1,"version":1},` + ok + `}`, false},
		{`{"metadata":{"result":0,"reason":"Account not found"},` + ok + `}`, true},
	} {
		var whole, streamed Response
		_, errWhole := decodeAPI2("Email", "f", []byte(tc.in), &whole)
		errStream := decodeAPI2Stream("Email", "f", strings.NewReader(tc.in), &streamed, func([]byte) error { return nil })
		var ae *APIError
		if tc.refused != errors.As(errWhole, &ae) || tc.refused != errors.As(errStream, &ae) || (errWhole == nil) != (errStream == nil) {
			t.Errorf("%.50s: whole body %v, streamed %v; want refused %v from both", tc.in, errWhole, errStream, tc.refused)
		}
	}
}

// TestWHMCallKeepsMetadata: Response.Metadata is WHM's metadata as sent,
// with the fields cpmail does not read.
func TestWHMCallKeepsMetadata(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":{"acct":[]},"metadata":{"version":1,"reason":"OK","result":1,"command":"listaccts","output":{"warnings":"x"}}}`)
	}))
	defer srv.Close()
	w, err := NewWHMClient(srv.URL, "root", "TOKENTOKENTOKENTOKENTOKENTOKEN12", WithRetries(0, 0))
	if err != nil {
		t.Fatal(err)
	}
	resp, err := w.Call(t.Context(), "listaccts", nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	var md map[string]any
	if err := json.Unmarshal(resp.Metadata, &md); err != nil || md["version"] != float64(1) || md["output"] == nil {
		t.Fatalf("metadata %s (%v): want version and output kept", resp.Metadata, err)
	}
}
