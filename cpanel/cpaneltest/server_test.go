package cpaneltest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"
)

func TestAuthFailuresAreCPanels403(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	for _, auth := range []string{
		"",
		"cpanel demo:WRONGTOKEN",
		"cpanel demo:",
		"cpanel other:" + srv.Token(),
		"whm demo:" + srv.Token(),
		"Basic ZGVtbzpwYXNzd29yZA==",
		"cpanel " + srv.Token(),
	} {
		for _, path := range []string{"/execute/Email/list_pops_with_disk", "/json-api/cpanel?cpanel_jsonapi_apiversion=2&cpanel_jsonapi_module=EmailTrack&cpanel_jsonapi_func=search"} {
			a := do(t, srv, http.MethodGet, path, nil, auth)
			if a.status != http.StatusForbidden || a.contentType != `text/plain; charset="utf-8"` || string(a.body) != accessDenied {
				t.Errorf("%q on %s: HTTP %d, %q, %s", auth, path, a.status, a.contentType, a.body)
			}
		}
	}
	var body map[string]map[string]any
	if err := json.Unmarshal([]byte(accessDenied), &body); err != nil || body["cpanelresult"]["apiversion"] != "2" || body["cpanelresult"]["error"] != "Access denied" {
		t.Errorf("the 403 body is not cPanel's: %v %v", body, err)
	}
	// The scheme name is case-insensitive; the token is not.
	if a := do(t, srv, http.MethodGet, "/execute/Email/stats_db_status", nil, "CPANEL demo:"+srv.Token()); a.status != http.StatusOK {
		t.Errorf("scheme CPANEL: HTTP %d", a.status)
	}
	if a := do(t, srv, http.MethodGet, "/execute/Email/stats_db_status", nil, "cpanel demo:"+strings.ToLower(srv.Token())); a.status != http.StatusForbidden {
		t.Errorf("lower-cased token accepted")
	}
}

func TestCredentials(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo", WithCredentials("alice", "SECRET123"))
	if srv.User() != "alice" || srv.Token() != "SECRET123" {
		t.Errorf("User/Token = %q/%q", srv.User(), srv.Token())
	}
	if a := do(t, srv, http.MethodGet, "/execute/Email/stats_db_status", nil, "cpanel alice:SECRET123"); a.status != http.StatusOK {
		t.Errorf("HTTP %d", a.status)
	}
	other := start(t, "demo")
	if other.User() != "demo" || len(other.Token()) != 32 || other.Token() == start(t, "demo").Token() {
		t.Errorf("default credentials: %q, %q", other.User(), other.Token())
	}
}

func TestNonAPIPaths(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	for _, path := range []string{"/", "/frontend/jupiter/index.html", "/json-api/listaccts", "/execute/Email", "/execute/Email/list_pops/extra"} {
		a := do(t, srv, http.MethodGet, path, nil)
		if a.status != http.StatusForbidden || !strings.Contains(string(a.body), "Token authentication allows access to UAPI or API 2 calls only.") {
			t.Errorf("%s: HTTP %d %s", path, a.status, a.body)
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("non-API requests were recorded as calls: %v", srv.Calls())
	}
}

func TestUnknownModulesAndFunctions(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	if got := uapiError(t, srv, "Email", "list_nothing", nil); got != "The system could not find the function “list_nothing” in the module “Email”." {
		t.Errorf("unknown function: %q", got)
	}
	if got := uapiError(t, srv, "EmailTrack", "search", nil); !strings.HasPrefix(got, "Failed to load module “EmailTrack”: ") {
		t.Errorf("unknown module: %q", got)
	}
	if got := uapiError(t, srv, "Mailboxes", "get_mailbox_status_list", nil); !strings.Contains(got, "could not find the function") {
		t.Errorf("real module, function not in the fake: %q", got)
	}
	res := api2(t, srv, "Email", "listpopswithdisk", nil)
	if ev, _ := res["event"].(map[string]any); res["error"] == nil || ev["result"] != 0.0 {
		t.Errorf("unknown API 2 function: %v", res)
	}
	a := do(t, srv, http.MethodGet, "/json-api/cpanel", vals("cpanel_jsonapi_apiversion", "1", "cpanel_jsonapi_module", "EmailTrack", "cpanel_jsonapi_func", "search"))
	if !strings.Contains(string(a.body), `"error":"This fake serves only cPanel API 2`) {
		t.Errorf("API version 1: %s", a.body)
	}
}

func TestPOSTForms(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	a := do(t, srv, http.MethodPost, "/execute/Email/list_pops_with_disk", vals("domain", "shop.example.net"))
	if a.status != http.StatusOK || !strings.Contains(string(a.body), "orders@shop.example.net") || strings.Contains(string(a.body), "info@example.com") {
		t.Errorf("UAPI POST: %s", a.body)
	}
	a = do(t, srv, http.MethodPost, "/json-api/cpanel", vals("cpanel_jsonapi_apiversion", "2", "cpanel_jsonapi_module", "EmailTrack",
		"cpanel_jsonapi_func", "search", "failure", "1", "recipient", "slaes@example.com"))
	var env struct {
		R struct {
			Data []map[string]any `json:"data"`
		} `json:"cpanelresult"`
	}
	if err := json.Unmarshal(a.body, &env); err != nil || len(env.R.Data) != 1 || env.R.Data[0]["message"] != "No Such User Here" {
		t.Errorf("API 2 POST: %v %s", err, a.body)
	}
	if c := srv.Calls()[1]; c.Method != http.MethodPost || c.API != "api2" || c.Name() != "EmailTrack::search" || c.Params.Get("recipient") != "slaes@example.com" {
		t.Errorf("recorded %+v", c)
	}
}

func TestStateChangingCallsAreRefusedAndRecorded(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	for _, fn := range []string{"suspend_incoming", "add_pop", "delete_forwarder", "set_default_address", "hold_outgoing", "release_outgoing", "edit_pop_quota", "store_filter", "unsuspend_login"} {
		got := uapiError(t, srv, "Email", fn, vals("email", "sales@example.com"))
		if !strings.Contains(got, "Email::"+fn+" is not permitted in this fake: state-changing") {
			t.Errorf("%s: %q", fn, got)
		}
	}
	res := api2(t, srv, "Email", "addpop", vals("email", "x", "domain", "example.com"))
	if e, _ := res["error"].(string); !strings.Contains(e, "state-changing") {
		t.Errorf("API 2 addpop: %v", res)
	}
	// Nothing changed.
	box := find(t, rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("get_restrictions", "1"))), "email", "sales@example.com")
	if box["suspended_incoming"] != 0.0 {
		t.Errorf("suspend_incoming took effect: %v", box)
	}
	var changing []string
	for _, c := range srv.Calls() {
		if c.StateChanging {
			changing = append(changing, c.Name())
		}
	}
	if len(changing) != 10 || changing[0] != "Email::suspend_incoming" || changing[9] != "Email::addpop" {
		t.Errorf("recorded state-changing calls: %v", changing)
	}
	if calls := srv.Calls(); calls[0].Params.Get("email") != "sales@example.com" || calls[0].API != "uapi" || calls[0].Method != http.MethodGet {
		t.Errorf("first call: %+v", calls[0])
	}
	srv.ResetCalls()
	if len(srv.Calls()) != 0 {
		t.Error("ResetCalls kept calls")
	}
}

func TestNamesAChange(t *testing.T) {
	t.Parallel()
	for fn, want := range map[string]bool{
		"list_pops_with_disk": false, "get_spam_settings": false, "trace_delivery": false, "search": false,
		"validate_current_spfs": false, "has_local_authority": false, "stats_db_status": false, "get_held_message_count": false,
		"parse_zone": false, "listpopswithdisk": false, "fetchzone_records": false, "get_webmail_settings": false,
		"add_pop": true, "delete_pop": true, "set_default_address": true, "suspend_incoming": true, "unsuspend_login": true,
		"hold_outgoing": true, "release_outgoing": true, "edit_pop_quota": true, "store_filter": true, "passwd_pop": true,
		"addpop": true, "delforward": true, "setdefaultaddress": true, "install_dkim_private_keys": true, "enable_spam_box": true,
		"disable_filter": true, "ensure_dkim_keys_exist": true, "update_zone": true, "remove_zone_record": true,
	} {
		if got := namesAChange(fn); got != want {
			t.Errorf("namesAChange(%q) = %v, want %v", fn, got, want)
		}
	}
}

func TestTokenIsNeverRecorded(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	uapi(t, srv, "Email", "list_mxs", nil)
	uapiEnv(t, srv, "Email", "list_mxs", vals("token", srv.Token(), "note", "auth cpanel demo:"+srv.Token()))
	api2(t, srv, "EmailTrack", "search", vals("failure", "1", "cpanel_jsonapi_user", "demo"))
	do(t, srv, http.MethodGet, "/execute/Email/list_mxs", nil, "cpanel demo:"+srv.Token()+"x")
	calls := srv.Calls()
	if len(calls) != 4 {
		t.Fatalf("%d calls recorded, want 4 (the refused one too)", len(calls))
	}
	dump := fmt.Sprintf("%+v", calls)
	if strings.Contains(dump, srv.Token()) {
		t.Errorf("the token is in Calls(): %s", dump)
	}
	if calls[1].Params.Get("token") != "REDACTED" {
		t.Errorf("a parameter holding the token: %v", calls[1].Params)
	}
	if p := calls[2].Params; p.Has("cpanel_jsonapi_func") || p.Get("cpanel_jsonapi_user") != "demo" || p.Get("failure") != "1" {
		t.Errorf("API 2 params: %v", p)
	}
}

func TestHandlerServesWithoutServer(t *testing.T) {
	t.Parallel()
	sc, err := LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	h := NewHandler(sc, WithClock(clock))
	if h.Scenario() != sc || h.User() != "greenleaf" {
		t.Errorf("Scenario/User: %v %q", h.Scenario() == sc, h.User())
	}
	ts := httptest.NewServer(h)
	defer ts.Close()
	req, _ := http.NewRequestWithContext(t.Context(), http.MethodGet, ts.URL+"/execute/DomainInfo/list_domains", nil)
	req.Header.Set("Authorization", "cpanel greenleaf:"+h.Token())
	res, err := ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var env struct {
		Data struct {
			Main string `json:"main_domain"`
		} `json:"data"`
	}
	if err := json.NewDecoder(res.Body).Decode(&env); err != nil || env.Data.Main != "greenleaf.example" {
		t.Errorf("list_domains through httptest: %v %+v", err, env)
	}
}

func TestNewHandlerPanicsOnBadScenario(t *testing.T) {
	t.Parallel()
	for _, sc := range []*Scenario{nil, {Account: Account{User: "Bad User"}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("NewHandler(%v) did not panic", sc)
				}
			}()
			NewHandler(sc)
		}()
	}
}

func TestConcurrentCallsAndLatency(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo", WithLatency(20*time.Millisecond))
	begin := time.Now()
	var wg sync.WaitGroup
	for i := 0; i < 20; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req, _ := http.NewRequest(http.MethodGet, srv.URL+"/execute/Email/list_mail_domains", nil)
			req.Header.Set("Authorization", "cpanel demo:"+srv.Token())
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			res.Body.Close()
			if res.StatusCode != http.StatusOK {
				t.Errorf("HTTP %d", res.StatusCode)
			}
		}()
	}
	wg.Wait()
	if d := time.Since(begin); d < 20*time.Millisecond {
		t.Errorf("WithLatency(20ms): answers came after %v", d)
	}
	if n := len(srv.Calls()); n != 20 {
		t.Errorf("%d calls recorded", n)
	}
}

func TestCloseIsIdempotent(t *testing.T) {
	t.Parallel()
	sc, err := LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(sc)
	if !strings.HasPrefix(srv.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q", srv.URL)
	}
	srv.Close()
	srv.Close()
	if _, err := http.Get(srv.URL + "/execute/Email/list_mxs"); err == nil {
		t.Error("the server still answers after Close")
	}
}

func TestRelativeTimesFollowTheClock(t *testing.T) {
	t.Parallel()
	later := clock().Add(72 * time.Hour)
	srv := start(t, "demo", WithClock(func() time.Time { return later }))
	_, list := search(t, srv, "success", "1", "defer", "1", "failure", "1", "inprogress", "1", "max_results_by_type", "0")
	if len(list) != 63 {
		t.Fatalf("demo has %d rows, want 63", len(list))
	}
	for _, r := range list {
		ts := time.Unix(int64(r["sendunixtime"].(float64)), 0)
		if ts.After(later) || later.Sub(ts) > 49*time.Hour {
			t.Errorf("row %v received %v before the clock", r["msgid"], later.Sub(ts))
		}
	}
}
