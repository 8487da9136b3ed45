package cpaneltest

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// A Fault makes the fake misbehave the way real cPanel servers, proxies,
// firewalls and hostile servers do. Set one with [Handler.SetFault].
// Latency applies first. Then Reset, HugeValue, Flood, HTML, or
// Status/Body (with RetryAfter and Location; in that order) replace the
// answer before authentication is checked, as a proxy, firewall or a
// server that lies would; otherwise StatusZero, GzipBomb, BadGzip,
// StallAfter, Truncate and Oversize change cPanel's own answer.
type Fault struct {
	// Latency delays the answer.
	Latency time.Duration
	// Status answers with this HTTP status (and Body, or the status text).
	Status int
	// Body replaces the answer's body (HTTP 200 unless Status is set).
	Body string
	// ContentType is the Content-Type of Status, Body and HTML answers;
	// by default JSON for a body that starts with "{", else plain text.
	ContentType string
	// HTML answers HTTP 200 (or Status) with a firewall's "One moment,
	// please..." HTML page instead of JSON.
	HTML bool
	// Truncate cuts the real JSON answer in half.
	Truncate bool
	// StatusZero answers with a function error carrying this text: UAPI
	// status 0 with errors [text], API 2 cpanelresult.error.
	StatusZero string
	// Reset closes the connection without answering.
	Reset bool
	// Oversize pads the real answer with leading whitespace (still valid
	// JSON) to this many bytes.
	Oversize int
	// RetryAfter is sent as the Retry-After header of a Status answer
	// (seconds, or an HTTP date).
	RetryAfter string
	// Location is sent as the Location header of a Status answer: with a
	// 3xx Status it makes a redirect (to a login page, another port, …).
	Location string
	// GzipBomb answers with the real answer compressed (Content-Encoding:
	// gzip) behind this many bytes of compressed white space: a few KB on
	// the wire per MiB after decompression.
	GzipBomb int64
	// BadGzip says the real answer is gzip-compressed but sends a gzip
	// header followed by data that does not decompress.
	BadGzip bool
	// StallAfter sends this many bytes of the real answer, then stalls
	// until the client gives up (a read timeout in the middle of the body).
	StallAfter int
	// HugeValue answers, before authentication as a hostile server or
	// proxy would, with a well-formed envelope whose one value (a record's
	// "message" for API 2, data for UAPI) is a string of this many bytes,
	// written in pieces so that the fake never holds it.
	HugeValue int64
	// Flood answers, before authentication, API 2 Track Delivery records
	// (valid ones, all alike) for this many bytes, written in pieces.
	Flood int64
	// Times applies the fault this many times, then it heals; 0 is always.
	Times int
}

// CPHulkRefusal is the kind of text a cPanel server protected by cPHulk
// answers (HTTP 401) when it has blocked the client's IP address, for
// Fault.Body.
const CPHulkRefusal = "Access denied: brute force protection (cPHulk) has locked out this IP address after too many failed login attempts.\n"

// SetFault makes calls that match misbehave as f says. match is
// "Module::function", "Module::*" or "*"; the most specific match wins.
// A zero Fault removes the fault for match.
func (h *Handler) SetFault(match string, f Fault) {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.faults.set(match, f)
}

// ClearFaults removes every fault.
func (h *Handler) ClearFaults() {
	h.mu.Lock()
	h.faults = faultTable{}
	h.mu.Unlock()
}

// takeFault returns the fault for c, if any, and counts its use.
func (h *Handler) takeFault(c Call) *Fault {
	h.mu.Lock()
	defer h.mu.Unlock()
	return h.faults.take(c.Name(), c.Module+"::*", "*")
}

// faultTable holds the faults set by match (see Handler.SetFault); the
// mutex of the handler that owns it guards it.
type faultTable map[string]*Fault

// set makes the calls of match misbehave as f says; a zero Fault removes
// the fault for match.
func (t faultTable) set(match string, f Fault) {
	if f == (Fault{}) {
		delete(t, match)
		return
	}
	t[match] = &f
}

// take returns the fault of the first of keys that has one, if any, and
// counts its use: a fault with Times heals after its last.
func (t faultTable) take(keys ...string) *Fault {
	for _, key := range keys {
		f, ok := t[key]
		if !ok {
			continue
		}
		use := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				delete(t, key)
			}
		}
		return &use
	}
	return nil
}

// firewallPage is what a web application firewall or bot challenge in
// front of cPanel answers instead of JSON.
const firewallPage = `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>One moment, please...</title>
<meta name="robots" content="noindex, nofollow">
</head>
<body>
<h1>Please wait while your request is being verified...</h1>
<noscript>Enable JavaScript and cookies to continue.</noscript>
</body>
</html>
`

// serveRaw answers with the faults that replace the whole answer and
// reports whether it did.
func (f *Fault) serveRaw(w http.ResponseWriter, c Call) bool {
	switch {
	case f.Reset:
		resetConn(w)
		return true
	case f.HugeValue > 0:
		w.Header().Set("Content-Type", "application/json")
		head, tail := `{"status":1,"errors":null,"messages":null,"metadata":{},"warnings":null,"data":"`, `"}`
		if c.API == "api2" {
			head = `{"cpanelresult":{"apiversion":2,"module":"` + c.Module + `","func":"` + c.Function + `","data":[{"type":"failure","user":"x","message":"`
			tail = `"}],"event":{"result":1},"metadata":{"overflowed":0}}}`
		}
		writeRepeated(w, head, "x", f.HugeValue, tail)
		return true
	case f.Flood > 0:
		w.Header().Set("Content-Type", "application/json")
		const rec = `{"type":"failure","user":"flood","domain":"example.com","email":"a@example.com","sender":"a@example.com","recipient":"b@example.org","message":"550 5.1.1 User unknown","sendunixtime":1741600000,"actionunixtime":1741600001,"size":1234,"transport_is_remote":1},`
		writeRepeated(w, `{"cpanelresult":{"apiversion":2,"module":"EmailTrack","func":"search","data":[`, rec, f.Flood,
			`{"type":"success","user":"flood"}],"event":{"result":1},"metadata":{"overflowed":0}}}`)
		return true
	case f.HTML:
		f.write(w, http.StatusOK, firewallPage, "text/html; charset=utf-8")
		return true
	case f.Status != 0 || f.Body != "":
		body := f.Body
		if body == "" {
			body = http.StatusText(f.Status) + "\n"
		}
		ct := "text/plain; charset=utf-8"
		if strings.HasPrefix(strings.TrimSpace(body), "{") {
			ct = "application/json"
		}
		f.write(w, http.StatusOK, body, ct)
		return true
	}
	return false
}

func (f *Fault) write(w http.ResponseWriter, status int, body, contentType string) {
	if f.Status != 0 {
		status = f.Status
	}
	if f.ContentType != "" {
		contentType = f.ContentType
	}
	if f.RetryAfter != "" {
		w.Header().Set("Retry-After", f.RetryAfter)
	}
	if f.Location != "" {
		w.Header().Set("Location", f.Location)
	}
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writeBody writes the real answer, cut, padded, compressed or stalled as
// the fault says.
func (f *Fault) writeBody(ctx context.Context, w http.ResponseWriter, body []byte) {
	switch {
	case f.GzipBomb > 0:
		w.Header().Set("Content-Encoding", "gzip")
		unit := min(f.GzipBomb, 1<<20)
		member := gzipped(bytes.Repeat([]byte(" "), int(unit)))
		for sent := int64(0); sent < f.GzipBomb; sent += unit {
			if _, err := w.Write(member); err != nil {
				return
			}
		}
		_, _ = w.Write(gzipped(body))
		return
	case f.BadGzip:
		w.Header().Set("Content-Encoding", "gzip")
		// A valid gzip header, then a deflate block of the reserved type.
		_, _ = w.Write(append(gzipped(nil)[:10], bytes.Repeat([]byte{0xff}, 64)...))
		return
	case f.StallAfter > 0:
		_, _ = w.Write(body[:min(f.StallAfter, len(body))])
		if fl, ok := w.(http.Flusher); ok {
			fl.Flush()
		}
		<-ctx.Done()
		return
	case f.Truncate:
		body = body[:len(body)/2]
	case f.Oversize > len(body):
		pad := f.Oversize - len(body)
		chunk := bytes.Repeat([]byte(" "), min(pad, 64<<10))
		for pad > 0 {
			n := min(pad, len(chunk))
			if _, err := w.Write(chunk[:n]); err != nil {
				return
			}
			pad -= n
		}
	}
	_, _ = w.Write(body)
}

// gzipped returns b compressed as one gzip member.
func gzipped(b []byte) []byte {
	var buf bytes.Buffer
	zw, _ := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	_, _ = zw.Write(b)
	_ = zw.Close()
	return buf.Bytes()
}

// writeRepeated writes head, then unit repeated until about n bytes, then
// tail, in pieces of about 64 KiB, stopping when the client goes away.
func writeRepeated(w http.ResponseWriter, head, unit string, n int64, tail string) {
	if _, err := io.WriteString(w, head); err != nil {
		return
	}
	chunk := []byte(strings.Repeat(unit, max(1, (64<<10)/len(unit))))
	for sent := int64(0); sent < n; sent += int64(len(chunk)) {
		if _, err := w.Write(chunk); err != nil {
			return
		}
	}
	_, _ = io.WriteString(w, tail)
}

// resetConn closes the client's connection without an answer, with a TCP
// reset when it can.
func resetConn(w http.ResponseWriter) {
	hj, ok := w.(http.Hijacker)
	if !ok {
		panic(http.ErrAbortHandler)
	}
	conn, _, err := hj.Hijack()
	if err != nil {
		panic(http.ErrAbortHandler)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
