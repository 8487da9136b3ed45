package cpaneltest

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
)

func TestFaultKinds(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	normal := do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil)
	if normal.status != http.StatusOK {
		t.Fatalf("HTTP %d", normal.status)
	}
	get := func(f Fault) answer {
		t.Helper()
		srv.SetFault("Email::list_mxs", f)
		defer srv.SetFault("Email::list_mxs", Fault{})
		return do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil)
	}

	if a := get(Fault{Status: http.StatusServiceUnavailable}); a.status != 503 || string(a.body) != "Service Unavailable\n" || !strings.HasPrefix(a.contentType, "text/plain") {
		t.Errorf("Status 503: %d %q %q", a.status, a.contentType, a.body)
	}
	if a := get(Fault{Status: 502, Body: "<html><title>502 Bad Gateway</title></html>", ContentType: "text/html"}); a.status != 502 || a.contentType != "text/html" || !bytes.Contains(a.body, []byte("Bad Gateway")) {
		t.Errorf("Status 502 with body: %d %q %q", a.status, a.contentType, a.body)
	}
	if a := get(Fault{Body: `{"weird":true}`}); a.status != 200 || a.contentType != "application/json" || string(a.body) != `{"weird":true}` {
		t.Errorf("Body: %d %q %q", a.status, a.contentType, a.body)
	}
	if a := get(Fault{HTML: true}); a.status != 200 || !strings.HasPrefix(a.contentType, "text/html") || !bytes.Contains(a.body, []byte("<title>One moment, please...</title>")) {
		t.Errorf("HTML: %d %q %q", a.status, a.contentType, a.body)
	}
	if a := get(Fault{HTML: true, Status: 403}); a.status != 403 || !bytes.Contains(a.body, []byte("<html")) {
		t.Errorf("HTML with status: %d", a.status)
	}

	a := get(Fault{Truncate: true})
	if a.status != 200 || len(a.body) != len(normal.body)/2 || !bytes.HasPrefix(normal.body, a.body) || json.Valid(a.body) {
		t.Errorf("Truncate: %d bytes of %d, valid %v", len(a.body), len(normal.body), json.Valid(a.body))
	}

	a = get(Fault{Oversize: 1 << 20})
	if len(a.body) != 1<<20 || !json.Valid(a.body) || !bytes.Equal(bytes.TrimSpace(a.body), normal.body) {
		t.Errorf("Oversize: %d bytes, valid %v", len(a.body), json.Valid(a.body))
	}

	a = get(Fault{StatusZero: "The system is under maintenance."})
	var env map[string]any
	if err := json.Unmarshal(a.body, &env); err != nil || env["status"] != 0.0 || env["data"] != nil {
		t.Fatalf("StatusZero: %v %s", err, a.body)
	}
	if errs, _ := env["errors"].([]any); len(errs) != 1 || errs[0] != "The system is under maintenance." {
		t.Errorf("StatusZero errors: %v", env["errors"])
	}

	begin := time.Now()
	if a := get(Fault{Latency: 60 * time.Millisecond}); a.status != 200 || !bytes.Equal(a.body, normal.body) || time.Since(begin) < 60*time.Millisecond {
		t.Errorf("Latency: %d after %v", a.status, time.Since(begin))
	}
}

func TestFaultStatusZeroOnAPI2(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	srv.SetFault("EmailTrack::search", Fault{StatusZero: "eximstatsadmin returned invalid data"})
	res := api2(t, srv, "EmailTrack", "search", vals("failure", "1"))
	ev, _ := res["event"].(map[string]any)
	if res["error"] != "eximstatsadmin returned invalid data" || ev["result"] != 0.0 || ev["reason"] != res["error"] {
		t.Errorf("API 2 StatusZero: %v", res)
	}
}

func TestFaultReset(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	srv.SetFault("*", Fault{Reset: true, Times: 1})
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+"/execute/Email/list_mxs", nil)
	req.Header.Set("Authorization", "cpanel demo:"+srv.Token())
	if res, err := http.DefaultClient.Do(req); err == nil {
		res.Body.Close()
		t.Fatalf("Reset: got HTTP %d, want a connection error", res.StatusCode)
	}
	if a := do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil); a.status != 200 {
		t.Errorf("after the one reset: HTTP %d", a.status)
	}
	if n := len(srv.Calls()); n != 2 {
		t.Errorf("%d calls recorded, want 2 (the reset one too)", n)
	}
}

func TestFaultTimesAndMatching(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	status := func(module, fn string) int {
		t.Helper()
		return do(t, srv, http.MethodGet, "/execute/"+module+"/"+fn, nil).status
	}
	srv.SetFault("Email::list_mxs", Fault{Status: 500, Times: 2})
	if a, b, c := status("Email", "list_mxs"), status("Email", "list_mxs"), status("Email", "list_mxs"); a != 500 || b != 500 || c != 200 {
		t.Errorf("Times 2: %d %d %d", a, b, c)
	}

	srv.SetFault("*", Fault{Status: 503})
	srv.SetFault("Email::*", Fault{Status: 502})
	srv.SetFault("Email::list_mxs", Fault{Latency: time.Millisecond})
	if got := status("Email", "list_mxs"); got != 200 {
		t.Errorf("exact match should win: %d", got)
	}
	if got := status("Email", "list_filters"); got != 502 {
		t.Errorf("Module::* should win over *: %d", got)
	}
	if got := status("Quota", "get_quota_info"); got != 503 {
		t.Errorf("* should apply: %d", got)
	}
	srv.SetFault("Email::*", Fault{})
	if got := status("Email", "list_filters"); got != 503 {
		t.Errorf("after removing Email::*: %d", got)
	}
	srv.ClearFaults()
	if got := status("Quota", "get_quota_info"); got != 200 {
		t.Errorf("after ClearFaults: %d", got)
	}
}

func TestFaultsActBeforeAuthentication(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	srv.SetFault("*", Fault{HTML: true})
	a := do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil, "cpanel demo:WRONG")
	if a.status != 200 || !bytes.Contains(a.body, []byte("One moment")) {
		t.Errorf("a firewall page comes before cPanel's 403: %d %s", a.status, a.body)
	}
}

// rawGet sends a request with the server's credentials and a transport
// that leaves compressed answers as they are, and returns the answer.
func rawGet(t *testing.T, srv *Server, path string, maxBody int64) (*http.Response, []byte) {
	t.Helper()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, srv.URL+path, nil)
	req.Header.Set("Authorization", "cpanel "+srv.User()+":"+srv.Token())
	req.Header.Set("Accept-Encoding", "gzip")
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	res, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, _ := io.ReadAll(io.LimitReader(res.Body, maxBody))
	return res, body
}

func TestHostileFaults(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	normal := do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil)

	srv.SetFault("*", Fault{Status: 503, RetryAfter: "20"})
	if res, _ := rawGet(t, srv, "/execute/Email/list_mxs", 1<<10); res.StatusCode != 503 || res.Header.Get("Retry-After") != "20" {
		t.Errorf("RetryAfter: %d %q", res.StatusCode, res.Header.Get("Retry-After"))
	}
	srv.SetFault("*", Fault{Status: 302, Location: "/login/"})
	if res, _ := rawGet(t, srv, "/execute/Email/list_mxs", 1<<10); res.StatusCode != 302 || res.Header.Get("Location") != "/login/" {
		t.Errorf("Location: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	srv.SetFault("*", Fault{Status: 401, Body: CPHulkRefusal})
	if res, body := rawGet(t, srv, "/execute/Email/list_mxs", 1<<10); res.StatusCode != 401 || !strings.Contains(string(body), "brute force") {
		t.Errorf("cPHulk: %d %q", res.StatusCode, body)
	}

	// The gzip bomb: small on the wire, 64 MiB and the real answer after.
	srv.SetFault("*", Fault{GzipBomb: 64 << 20})
	res, wire := rawGet(t, srv, "/execute/Email/list_mxs", 8<<20)
	if res.Header.Get("Content-Encoding") != "gzip" || len(wire) > 1<<20 {
		t.Fatalf("GzipBomb: %q, %d bytes on the wire", res.Header.Get("Content-Encoding"), len(wire))
	}
	zr, err := gzip.NewReader(bytes.NewReader(wire))
	if err != nil {
		t.Fatal(err)
	}
	n, err := io.Copy(io.Discard, zr)
	if err != nil || n != 64<<20+int64(len(normal.body)) {
		t.Errorf("GzipBomb decompresses to %d bytes (%v), want %d", n, err, 64<<20+len(normal.body))
	}

	srv.SetFault("*", Fault{BadGzip: true})
	_, wire = rawGet(t, srv, "/execute/Email/list_mxs", 1<<10)
	if zr, err := gzip.NewReader(bytes.NewReader(wire)); err != nil {
		t.Errorf("BadGzip: the header should be valid: %v", err)
	} else if _, err := io.Copy(io.Discard, zr); err == nil {
		t.Error("BadGzip decompresses")
	}

	srv.SetFault("*", Fault{HugeValue: 1 << 20})
	_, body := rawGet(t, srv, "/execute/Email/list_mxs", 2<<20)
	var env struct {
		Data string `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil || len(env.Data) < 1<<20 {
		t.Errorf("HugeValue (UAPI): %v, %d bytes", err, len(env.Data))
	}
	_, body = rawGet(t, srv, "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=EmailTrack&cpanel_jsonapi_func=search", 2<<20)
	var env2 struct {
		R struct {
			Data []struct {
				Message string `json:"message"`
			} `json:"data"`
		} `json:"cpanelresult"`
	}
	if err := json.Unmarshal(body, &env2); err != nil || len(env2.R.Data) != 1 || len(env2.R.Data[0].Message) < 1<<20 {
		t.Errorf("HugeValue (API 2): %v", err)
	}

	srv.SetFault("*", Fault{Flood: 1 << 20})
	_, body = rawGet(t, srv, "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=EmailTrack&cpanel_jsonapi_func=search", 4<<20)
	if err := json.Unmarshal(body, &env2); err != nil || len(env2.R.Data) < 3000 {
		t.Errorf("Flood: %v, %d records", err, len(env2.R.Data))
	}

	srv.SetFault("*", Fault{StallAfter: 10})
	ctx, cancel := context.WithTimeout(t.Context(), 200*time.Millisecond)
	defer cancel()
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+"/execute/Email/list_mxs", nil)
	req.Header.Set("Authorization", "cpanel "+srv.User()+":"+srv.Token())
	if res, err := http.DefaultClient.Do(req); err != nil {
		t.Fatal(err)
	} else {
		b, err := io.ReadAll(res.Body)
		res.Body.Close()
		if len(b) != 10 || err == nil {
			t.Errorf("StallAfter: %d bytes, %v", len(b), err)
		}
	}
}

// TestFakeRefusesWhatTheClientRefuses: the fake flags and never serves a
// call off the client's allow-list, and serves only listed functions.
func TestFakeRefusesWhatTheClientRefuses(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	for name := range srv.uapi {
		m, f, _ := strings.Cut(name, "::")
		if !cpanel.IsReadOnlyCall(m, f) {
			t.Errorf("the fake serves %s, which the client refuses", name)
		}
	}
	for _, f := range []string{"search", "stats"} {
		if !cpanel.IsReadOnlyCall("EmailTrack", f) {
			t.Errorf("EmailTrack::%s is not on the allow-list", f)
		}
	}
	for _, mf := range [][2]string{{"Quota", "getAndSetQuota"}, {"Email", "statsreset"}, {"Email", "list_queue_delete"}, {"Quota", "list_pops_with_disk"}} {
		srv.ResetCalls()
		a := do(t, srv, http.MethodGet, "/execute/"+mf[0]+"/"+mf[1], nil)
		calls := srv.Calls()
		if len(calls) != 1 || !calls[0].StateChanging || !bytes.Contains(a.body, []byte(`"status":0`)) {
			t.Errorf("%s::%s: %+v %s", mf[0], mf[1], calls, a.body)
		}
	}
	srv.ResetCalls()
	uapi(t, srv, "Email", "list_pops_with_disk", nil)
	if c := srv.Calls(); c[0].StateChanging {
		t.Errorf("an allowed call flagged: %+v", c[0])
	}
	// Every call on the client's allow-list, and only those, is one the
	// fake takes for a read: the fake keeps no list of its own.
	for _, name := range cpanel.ReadOnlyCalls() {
		m, f, _ := strings.Cut(name, "::")
		srv.ResetCalls()
		do(t, srv, http.MethodGet, "/execute/"+m+"/"+f, nil)
		do(t, srv, http.MethodGet, "/json-api/cpanel", vals("cpanel_jsonapi_apiversion", "2", "cpanel_jsonapi_module", m, "cpanel_jsonapi_func", f))
		for _, c := range srv.Calls() {
			if c.StateChanging {
				t.Errorf("%s (%s) is on the client's allow-list, yet the fake flags it", name, c.API)
			}
		}
		srv.ResetCalls()
		do(t, srv, http.MethodGet, "/execute/"+m+"/"+f+"x", nil)
		if c := srv.Calls(); len(c) != 1 || !c[0].StateChanging {
			t.Errorf("%s::%sx is off the allow-list, yet the fake does not flag it: %+v", m, f, c)
		}
	}
}
