package cpaneltest

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// clock is the tests' fixed clock.
func clock() time.Time { return time.Date(2025, 3, 10, 12, 0, 0, 0, time.UTC) }

// start serves sc (a shipped scenario name or JSON) for one test.
func start(t *testing.T, scenario string, opts ...Option) *Server {
	t.Helper()
	var sc *Scenario
	var err error
	if strings.HasPrefix(strings.TrimSpace(scenario), "{") {
		sc, err = ParseScenario([]byte(scenario))
	} else {
		sc, err = LoadScenario(scenario)
	}
	if err != nil {
		t.Fatal(err)
	}
	srv := NewServer(sc, append([]Option{WithClock(clock)}, opts...)...)
	t.Cleanup(srv.Close)
	return srv
}

// answer is one HTTP answer.
type answer struct {
	status      int
	contentType string
	body        []byte
}

// do sends a request with the server's credentials (or auth, when set).
func do(t *testing.T, srv *Server, method, path string, params url.Values, auth ...string) answer {
	t.Helper()
	u := srv.URL + path
	var body io.Reader
	if method == http.MethodGet {
		if len(params) > 0 {
			u += "?" + params.Encode()
		}
	} else {
		body = strings.NewReader(params.Encode())
	}
	req, err := http.NewRequestWithContext(t.Context(), method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	if method != http.MethodGet {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	if len(auth) > 0 {
		if auth[0] != "" {
			req.Header.Set("Authorization", auth[0])
		}
	} else {
		req.Header.Set("Authorization", "cpanel "+srv.User()+":"+srv.Token())
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: res.StatusCode, contentType: res.Header.Get("Content-Type"), body: b}
}

// uapiEnv calls a UAPI function and returns its decoded envelope.
func uapiEnv(t *testing.T, srv *Server, module, function string, params url.Values) map[string]any {
	t.Helper()
	a := do(t, srv, http.MethodGet, "/execute/"+module+"/"+function, params)
	if a.status != http.StatusOK {
		t.Fatalf("%s::%s: HTTP %d: %s", module, function, a.status, a.body)
	}
	var env map[string]any
	if err := json.Unmarshal(a.body, &env); err != nil {
		t.Fatalf("%s::%s: %v in %s", module, function, err, a.body)
	}
	for _, k := range []string{"data", "errors", "messages", "metadata", "status", "warnings"} {
		if _, ok := env[k]; !ok {
			t.Fatalf("%s::%s: envelope has no %q: %s", module, function, k, a.body)
		}
	}
	return env
}

// uapi calls a UAPI function that must succeed and returns its data.
func uapi(t *testing.T, srv *Server, module, function string, params url.Values) any {
	t.Helper()
	env := uapiEnv(t, srv, module, function, params)
	if env["status"] != 1.0 || env["errors"] != nil {
		t.Fatalf("%s::%s: status %v, errors %v", module, function, env["status"], env["errors"])
	}
	return env["data"]
}

// uapiError calls a UAPI function that must fail and returns its error.
func uapiError(t *testing.T, srv *Server, module, function string, params url.Values) string {
	t.Helper()
	env := uapiEnv(t, srv, module, function, params)
	errs, _ := env["errors"].([]any)
	if env["status"] != 0.0 || len(errs) != 1 || env["data"] != nil {
		t.Fatalf("%s::%s: want status 0 with one error, got %v", module, function, env)
	}
	return errs[0].(string)
}

// api2 calls an API 2 function and returns cpanelresult.
func api2(t *testing.T, srv *Server, module, function string, params url.Values) map[string]any {
	t.Helper()
	p := url.Values{}
	for k, v := range params {
		p[k] = v
	}
	p.Set("cpanel_jsonapi_apiversion", "2")
	p.Set("cpanel_jsonapi_module", module)
	p.Set("cpanel_jsonapi_func", function)
	a := do(t, srv, http.MethodGet, "/json-api/cpanel", p)
	if a.status != http.StatusOK {
		t.Fatalf("%s::%s: HTTP %d: %s", module, function, a.status, a.body)
	}
	var env struct {
		Result map[string]any `json:"cpanelresult"`
	}
	if err := json.Unmarshal(a.body, &env); err != nil || env.Result == nil {
		t.Fatalf("%s::%s: %v in %s", module, function, err, a.body)
	}
	return env.Result
}

// rows returns data as a list of objects.
func rows(t *testing.T, data any) []map[string]any {
	t.Helper()
	list, ok := data.([]any)
	if !ok {
		t.Fatalf("data is %T, want a list", data)
	}
	out := make([]map[string]any, len(list))
	for i, v := range list {
		if out[i], ok = v.(map[string]any); !ok {
			t.Fatalf("data[%d] is %T, want an object", i, v)
		}
	}
	return out
}

// find returns the row whose key equals value.
func find(t *testing.T, list []map[string]any, key, value string) map[string]any {
	t.Helper()
	for _, r := range list {
		if r[key] == value {
			return r
		}
	}
	t.Fatalf("no row with %s=%q", key, value)
	return nil
}

// vals builds url.Values from key, value pairs.
func vals(kv ...string) url.Values {
	v := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		v.Add(kv[i], kv[i+1])
	}
	return v
}
