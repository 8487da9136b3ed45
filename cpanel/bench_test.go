package cpanel

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"testing"
)

// trackBody builds an EmailTrack::search answer of n records shaped as
// cPanel sends them.
func trackBody(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"cpanelresult":{"apiversion":2,"data":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		rec := map[string]any{"type": "failure", "user": "acme", "domain": "example.com", "email": "info@example.com", "sender": "info@example.com", "senderauth": "dovecot_login", "senderhost": "localhost", "senderip": "127.0.0.1", "spamscore": "", "size": 1653, "msgid": fmt.Sprintf("1wehY8-%015d-2yug", i), "sendunixtime": 1700000000 + i, "recipient": fmt.Sprintf("u%d@example.net", i), "deliveredto": nil, "deliveryuser": nil, "deliverydomain": nil, "router": "lookuphost", "transport": "remote_smtp", "host": "mx.example.net", "ip": "198.51.100.7", "message": "SMTP error from remote mail server after RCPT TO:<u@example.net>: host mx.example.net [198.51.100.7]: 550 5.1.1 <u@example.net>: Recipient address rejected: User unknown in virtual mailbox table", "actiontime": "2023-11-14 22:13:25", "actionunixtime": 1700000001 + i, "transport_is_remote": 1}
		j, _ := json.Marshal(rec)
		b.Write(j)
	}
	b.WriteString(`],"event":{"result":1},"func":"search","metadata":{"overflowed":0},"module":"EmailTrack"}}`)
	return b.Bytes()
}

// BenchmarkDecodeTrackStream measures the streaming decoder alone (ns per
// record).
func BenchmarkDecodeTrackStream(b *testing.B) {
	body := trackBody(5000)
	b.SetBytes(int64(len(body)) / 5000)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for n < b.N {
		err := decodeAPI2Stream("EmailTrack", "search", bytes.NewReader(body), &Response{}, func(raw []byte) error {
			var r DeliveryRecord
			n++
			return r.UnmarshalJSON(raw)
		})
		if err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkRecordsHTTP measures one streamed request over loopback HTTP
// through Records (its name is kept so figures compare across versions).
func BenchmarkRecordsHTTP(b *testing.B) {
	body := trackBody(5000)
	c := setupB(b, func(w http.ResponseWriter, r *http.Request) { w.Write(body) })
	b.SetBytes(int64(len(body)) / 5000)
	b.ReportAllocs()
	b.ResetTimer()
	n := 0
	for n < b.N {
		for _, err := range c.EmailTrack.Records(b.Context(), &SearchOptions{MaxResultsByType: 0}, nil) {
			if err != nil {
				b.Fatal(err)
			}
			n++
		}
	}
}

func setupB(b *testing.B, h http.HandlerFunc) *Client {
	srv := newLoopback(h)
	b.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, testUser, testToken)
	if err != nil {
		b.Fatal(err)
	}
	return c
}

func BenchmarkDecodeRawOnly(b *testing.B) {
	body := trackBody(5000)
	b.ReportAllocs()
	n := 0
	for n < b.N {
		_ = decodeAPI2Stream("EmailTrack", "search", bytes.NewReader(body), &Response{}, func(raw []byte) error {
			n++
			return nil
		})
	}
}

// BenchmarkEnvelope100k compares envelope streamers on one body of 100k
// records, with the same per-record decoder: one op is the whole body;
// ns/record is the figure to compare.
//
//	go test -run '^$' -bench Envelope100k -benchmem -count 5 ./cpanel/
func BenchmarkEnvelope100k(b *testing.B) {
	const n = 100000
	body := trackBody(n)
	for _, tc := range []struct {
		name string
		fn   func(string, string, io.Reader, *Response, int64, func([]byte) error) error
	}{{"rawScanner", decodeAPI2StreamCapped}, {"jsonDecoder", decodeAPI2StreamStd}} {
		b.Run(tc.name, func(b *testing.B) {
			b.SetBytes(int64(len(body)))
			b.ReportAllocs()
			for b.Loop() {
				got := 0
				err := tc.fn("EmailTrack", "search", bytes.NewReader(body), &Response{}, DefaultMaxValueBytes, func(raw []byte) error {
					var r DeliveryRecord
					got++
					return r.UnmarshalJSON(raw)
				})
				if err != nil || got != n {
					b.Fatal(got, err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/n, "ns/record")
		})
	}
}
