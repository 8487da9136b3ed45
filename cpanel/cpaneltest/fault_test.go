package cpaneltest

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
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
