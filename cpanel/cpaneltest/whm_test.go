package cpaneltest_test

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

func whmGet(t *testing.T, srv *cpaneltest.WHMServer, user, token, path string) (int, map[string]any) {
	t.Helper()
	req, _ := http.NewRequest("GET", srv.URL+path, nil)
	req.Header.Set("Authorization", "whm "+user+":"+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	var m map[string]any
	_ = json.Unmarshal(b, &m)
	return res.StatusCode, m
}

// State-changing WHM functions, and state-changing cPanel functions
// through uapi_cpanel, are recorded and refused.
func TestWHMRefusesAndRecordsStateChanges(t *testing.T) {
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewWHMServer([]cpaneltest.WHMAccount{{Scenario: sc, User: "alice"}})
	defer srv.Close()
	for _, p := range []string{
		"/json-api/suspendacct?api.version=1&user=alice",
		"/json-api/uapi_cpanel?api.version=1&cpanel.user=alice&cpanel.module=Email&cpanel.function=add_pop&email=x",
	} {
		status, m := whmGet(t, srv, "root", srv.Token(), p)
		md, _ := m["metadata"].(map[string]any)
		refused := md["result"] == float64(0)
		if d, ok := m["data"].(map[string]any); ok {
			if u, ok := d["uapi"].(map[string]any); ok {
				refused = u["status"] == float64(0)
			}
		}
		if status != 200 || !refused {
			t.Errorf("%s: HTTP %d %v, want a refusal", p, status, m)
		}
	}
	calls := srv.Calls()
	if len(calls) != 2 || !calls[0].StateChanging || !calls[1].StateChanging || calls[1].Account != "alice" {
		t.Fatalf("calls = %+v", calls)
	}
	// A capitalised user name fails, as on WHM.
	_, m := whmGet(t, srv, "root", srv.Token(), "/json-api/uapi_cpanel?api.version=1&cpanel.user=Alice&cpanel.module=Quota&cpanel.function=get_quota_info")
	if md, _ := m["metadata"].(map[string]any); md["result"] != float64(0) || !strings.Contains(md["reason"].(string), "Alice") {
		t.Errorf("Alice: %v", m)
	}
	if status, _ := whmGet(t, srv, "root", "bad", "/json-api/listaccts?api.version=1"); status != 403 {
		t.Errorf("bad token: HTTP %d", status)
	}
}

// A parameter holding root's or a reseller's token is recorded as
// "REDACTED".
func TestWHMRecordsNoToken(t *testing.T) {
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewWHMServer([]cpaneltest.WHMAccount{{Scenario: sc, User: "alice", Owner: "res"}})
	defer srv.Close()
	res := srv.AddReseller("res")
	whmGet(t, srv, "root", srv.Token(), "/json-api/listaccts?api.version=1&search="+srv.Token())
	whmGet(t, srv, "res", res, "/json-api/listaccts?api.version=1&search="+res)
	calls := srv.Calls()
	if len(calls) != 2 {
		t.Fatalf("%d calls", len(calls))
	}
	for _, c := range calls {
		if got := c.Params.Get("search"); got != "REDACTED" {
			t.Errorf("%s's call recorded search=%q, want REDACTED", c.Caller, got)
		}
	}
}
