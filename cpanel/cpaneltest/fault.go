package cpaneltest

import (
	"bytes"
	"net"
	"net/http"
	"strings"
	"time"
)

// A Fault makes the fake misbehave the way real cPanel servers, proxies
// and firewalls do. Set one with [Handler.SetFault]. Latency applies
// first. Then Reset, HTML, or Status/Body (in that order) replace the
// answer before authentication is checked, as a proxy or firewall in front
// of cPanel would; otherwise StatusZero, Truncate and Oversize change
// cPanel's own answer.
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
	// Times applies the fault this many times, then it heals; 0 is always.
	Times int
}

// SetFault makes calls that match misbehave as f says. match is
// "Module::function", "Module::*" or "*"; the most specific match wins.
// A zero Fault removes the fault for match.
func (h *Handler) SetFault(match string, f Fault) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if f == (Fault{}) {
		delete(h.faults, match)
		return
	}
	h.faults[match] = &f
}

// ClearFaults removes every fault.
func (h *Handler) ClearFaults() {
	h.mu.Lock()
	h.faults = map[string]*Fault{}
	h.mu.Unlock()
}

// takeFault returns the fault for c, if any, and counts its use.
func (h *Handler) takeFault(c Call) *Fault {
	h.mu.Lock()
	defer h.mu.Unlock()
	for _, key := range []string{c.Name(), c.Module + "::*", "*"} {
		f, ok := h.faults[key]
		if !ok {
			continue
		}
		use := *f
		if f.Times > 0 {
			f.Times--
			if f.Times == 0 {
				delete(h.faults, key)
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
func (f *Fault) serveRaw(w http.ResponseWriter) bool {
	switch {
	case f.Reset:
		resetConn(w)
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
	w.Header().Set("Content-Type", contentType)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writeBody writes the real answer, cut or padded as the fault says.
func (f *Fault) writeBody(w http.ResponseWriter, body []byte) {
	switch {
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
