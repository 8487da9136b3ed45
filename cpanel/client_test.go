package cpanel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser  = "alice"
	testToken = "T0KENSECRETXYZ0123456789ABCDEFGH"
)

// setup starts a server whose handler checks the Authorization header and
// hands the request to h. opts come after the defaults (retries with a 1 ms
// backoff, 2 s per request), so they override them.
func setup(t *testing.T, h http.HandlerFunc, opts ...Option) *Client {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if got := r.Header.Get("Authorization"); got != "cpanel "+testUser+":"+testToken {
			t.Errorf("Authorization = %q", got)
		}
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	c, err := NewClient(srv.URL, testUser, testToken, append([]Option{WithRetries(2, time.Millisecond), WithTimeout(2 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func serve(body string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) }
}

func uapiOK(data string) string {
	return `{"data":` + data + `,"errors":null,"messages":null,"metadata":{},"status":1,"warnings":null}`
}

func TestUAPIEnvelopeForms(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"flat":          uapiOK(`"active"`),
		"wrapped":       `{"apiversion":3,"func":"stats_db_status","module":"Email","result":` + uapiOK(`"active"`) + `}`,
		"status string": `{"data":"active","status":"1"}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/execute/Email/stats_db_status" {
					t.Errorf("path = %s", r.URL.Path)
				}
				fmt.Fprint(w, body)
			})
			got, _, err := c.Email.StatsDBStatus(t.Context())
			if err != nil || got != "active" {
				t.Fatalf("StatsDBStatus = %q, %v", got, err)
			}
		})
	}
}

func TestUAPIStatusZero(t *testing.T) {
	t.Parallel()
	c := setup(t, serve(`{"data":null,"errors":["You do not control a DNS zone named “x.com”."],"messages":null,"metadata":{},"status":0,"warnings":null}`))
	_, _, err := c.DNS.ParseZone(t.Context(), "x.com")
	var ae *APIError
	if !errors.As(err, &ae) || ae.Module != "DNS" || ae.Function != "parse_zone" {
		t.Fatalf("err = %v, want *APIError for DNS::parse_zone", err)
	}
	if !strings.Contains(err.Error(), "You do not control a DNS zone") {
		t.Errorf("error lacks cPanel's message: %v", err)
	}
}

func TestAPI2Errors(t *testing.T) {
	t.Parallel()
	for name, body := range map[string]string{
		"error":       `{"cpanelresult":{"apiversion":2,"data":[],"error":"eximstatsadmin returned invalid data","event":{"result":1},"func":"search","module":"EmailTrack"}}`,
		"event zero":  `{"cpanelresult":{"apiversion":"2","data":[],"event":{"result":"0","reason":"Feature disabled"},"func":"search","module":"EmailTrack"}}`,
		"no envelope": `{"data":[]}`,
	} {
		t.Run(name, func(t *testing.T) {
			c := setup(t, serve(body))
			var err error
			for _, e := range c.EmailTrack.Records(t.Context(), nil, nil) {
				err = e
			}
			if err == nil {
				t.Fatal("no error")
			}
			if name != "no envelope" {
				var ae *APIError
				if !errors.As(err, &ae) || ae.API != "api2" || ae.Function != "search" {
					t.Fatalf("err = %#v", err)
				}
			}
		})
	}
}

func TestHTTPErrors(t *testing.T) {
	t.Parallel()
	accessDenied := `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`
	cases := []struct {
		status  int
		body    string
		unauth  bool
		wantMsg string
	}{
		{401, "Unauthorized", true, "token"},
		{403, accessDenied, true, "Manage API Tokens"},
		{404, "<html><title>Not Found</title></html>", false, "2083"},
		{500, "Internal Server Error", false, "HTTP 500"},
	}
	for _, tc := range cases {
		t.Run(fmt.Sprint(tc.status), func(t *testing.T) {
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tc.status)
				fmt.Fprint(w, tc.body)
			})
			_, _, err := c.Quota.GetQuotaInfo(t.Context())
			var he *HTTPError
			if !errors.As(err, &he) || he.StatusCode != tc.status {
				t.Fatalf("err = %v, want HTTP %d", err, tc.status)
			}
			if errors.Is(err, ErrUnauthorized) != tc.unauth {
				t.Errorf("errors.Is(ErrUnauthorized) = %v", !tc.unauth)
			}
			if !strings.Contains(err.Error(), tc.wantMsg) {
				t.Errorf("error %q lacks %q", err, tc.wantMsg)
			}
			if strings.Contains(err.Error(), testToken) || strings.Contains(err.Error(), "\n") {
				t.Errorf("error leaks the token or spans lines: %q", err)
			}
		})
	}
}

func TestDecodeErrors(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		body string
		kind DecodeKind
	}{
		"html login":  {`<!DOCTYPE html><html><head><title>cPanel Login</title></head><body>…</body></html>`, DecodeHTML},
		"waf":         {`<html><head><title>One moment, please...</title></head></html>`, DecodeHTML},
		"truncated":   {`{"data":[{"email":"a@b.c","_diskquota":"10`, DecodeTruncated},
		"garbage":     {`Service temporarily unavailable`, DecodeNotJSON},
		"wrong shape": {`{"data":"x","status":1}`, DecodeUnexpectedShape},
		"empty":       {``, DecodeNotJSON},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			c := setup(t, serve(tc.body))
			_, _, err := c.Email.ListPOPsWithDisk(t.Context(), nil)
			var de *DecodeError
			if !errors.As(err, &de) || de.Kind != tc.kind {
				t.Fatalf("err = %v, want DecodeError kind %s", err, tc.kind)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("multi-line error: %q", err)
			}
		})
	}
	t.Run("html names the title", func(t *testing.T) {
		c := setup(t, serve(cases["html login"].body))
		_, _, err := c.Email.ListPOPsWithDisk(t.Context(), nil)
		if !strings.Contains(err.Error(), "cPanel Login") {
			t.Errorf("error %q does not show the page title", err)
		}
	})
}

func TestSizeCap(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(serve(uapiOK(`"` + strings.Repeat("x", 4096) + `"`)))
	defer srv.Close()
	c, _ := NewClient(srv.URL, testUser, testToken, WithMaxBodyBytes(1024))
	_, _, err := c.Email.StatsDBStatus(t.Context())
	var se *SizeError
	if !errors.As(err, &se) {
		t.Fatalf("err = %v, want *SizeError", err)
	}
}

func TestRetries(t *testing.T) {
	t.Parallel()
	t.Run("503 then success", func(t *testing.T) {
		var n atomic.Int32
		c := setup(t, func(w http.ResponseWriter, r *http.Request) {
			if n.Add(1) < 3 {
				w.WriteHeader(503)
				return
			}
			fmt.Fprint(w, uapiOK(`7`))
		})
		got, _, err := c.Email.GetHeldMessageCount(t.Context(), "a@example.com")
		if err != nil || got != 7 || n.Load() != 3 {
			t.Fatalf("got %d, %v after %d calls", got, err, n.Load())
		}
	})
	t.Run("500 is not retried", func(t *testing.T) {
		var n atomic.Int32
		c := setup(t, func(w http.ResponseWriter, r *http.Request) { n.Add(1); w.WriteHeader(500) })
		_, _, err := c.Email.GetHeldMessageCount(t.Context(), "")
		if err == nil || n.Load() != 1 {
			t.Fatalf("calls = %d, err = %v", n.Load(), err)
		}
	})
	t.Run("gives up after the bound", func(t *testing.T) {
		var n atomic.Int32
		c := setup(t, func(w http.ResponseWriter, r *http.Request) { n.Add(1); w.WriteHeader(502) })
		_, _, err := c.Email.GetHeldMessageCount(t.Context(), "")
		if err == nil || n.Load() != 3 {
			t.Fatalf("calls = %d, err = %v", n.Load(), err)
		}
	})
	t.Run("Retry-After honoured", func(t *testing.T) {
		c := &Client{backoff: time.Millisecond}
		if d := c.backoffFor(0, 2*time.Second); d != 2*time.Second {
			t.Errorf("backoff = %v", d)
		}
		for i := range 10 {
			if d := c.backoffFor(i, 0); d <= 0 || d > 5*time.Second {
				t.Errorf("backoff(%d) = %v out of bounds", i, d)
			}
		}
	})
}

func TestTimeoutAndContext(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-block:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(block)
	c, _ := NewClient(srv.URL, testUser, testToken, WithTimeout(100*time.Millisecond), WithRetries(0, 0))
	start := time.Now()
	_, _, err := c.Quota.GetQuotaInfo(t.Context())
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Kind() != NetworkTimeout || !ne.Timeout() || !errors.Is(err, ClassTimeout) || !strings.Contains(err.Error(), "no answer in time") {
		t.Fatalf("err = %v, want a timeout NetworkError", err)
	}
	if time.Since(start) > 5*time.Second {
		t.Errorf("timeout not honoured")
	}
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, _, err := c.Quota.GetQuotaInfo(ctx); err == nil {
		t.Error("cancelled context: no error")
	}
}

func TestConnectionRefused(t *testing.T) {
	t.Parallel()
	// Nothing listens on port 1, a privileged port no test binds; a port
	// freed by closing a test server may be handed at once to a server of
	// a test running in parallel.
	c, _ := NewClient("http://127.0.0.1:1", testUser, testToken, WithRetries(1, time.Millisecond))
	_, _, err := c.Quota.GetQuotaInfo(t.Context())
	var ne *NetworkError
	if !errors.As(err, &ne) || ne.Kind() != NetworkRefused || !errors.Is(err, ClassNetwork) || !strings.Contains(err.Error(), "cannot reach") {
		t.Fatalf("err = %v, want a NetworkError of kind refused", err)
	}
}

func TestDebugLogNeverShowsToken(t *testing.T) {
	t.Parallel()
	var log strings.Builder
	srv := httptest.NewServer(serve(uapiOK(`0`)))
	defer srv.Close()
	c, _ := NewClient(srv.URL, testUser, testToken, WithDebug(func(f string, a ...any) { fmt.Fprintf(&log, f+"\n", a...) }))
	if _, _, err := c.Email.GetHeldMessageCount(t.Context(), "x@example.com"); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(log.String(), "/execute/Email/get_held_message_count") {
		t.Errorf("debug log lacks the call: %q", log.String())
	}
	if strings.Contains(log.String(), testToken) {
		t.Errorf("debug log leaks the token")
	}
}

func TestNewClientValidation(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct{ host, user, token string }{
		{"", "u", "t"}, {"h", "", "t"}, {"h", "u", ""}, {"h", "u:x", "t"}, {"h", "u", "a b"}, {"ftp://h", "u", "t"}, {"h:99999", "u", "t"}, {"https://h/path", "u", "t"},
	} {
		if _, err := NewClient(tc.host, tc.user, tc.token); err == nil {
			t.Errorf("NewClient(%q, %q, …) succeeded", tc.host, tc.user)
		} else if strings.Contains(err.Error(), "\n") {
			t.Errorf("multi-line error %q", err)
		}
	}
}

func TestParseHost(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"server.example.com":          "https://server.example.com:2083",
		"server.example.com:2096":     "https://server.example.com:2096",
		"http://127.0.0.1:8080":       "http://127.0.0.1:8080",
		"https://server.example.com/": "https://server.example.com:2083",
		"[2001:db8::1]":               "https://[2001:db8::1]:2083",
		"203.0.113.5":                 "https://203.0.113.5:2083",
	} {
		u, err := ParseHost(in)
		if err != nil || u.String() != want {
			t.Errorf("ParseHost(%q) = %v, %v; want %s", in, u, err, want)
		}
	}
	if u, _ := ParseHost("http://localhost:1"); !IsLoopback(u) {
		t.Error("localhost is loopback")
	}
	if u, _ := ParseHost("example.com"); IsLoopback(u) {
		t.Error("example.com is not loopback")
	}
}

func TestIsReadOnly(t *testing.T) {
	t.Parallel()
	for _, f := range []string{"list_pops_with_disk", "get_spam_settings", "validate_current_spfs", "search", "parse_zone", "has_local_authority", "stats_db_status", "trace_delivery", "get_held_message_count", "fetchzone_records", "listpopswithdisk"} {
		if !IsReadOnly(f) {
			t.Errorf("IsReadOnly(%q) = false", f)
		}
	}
	for _, f := range []string{"add_pop", "delete_pop", "suspend_incoming", "set_default_address", "hold_outgoing", "release_outgoing", "addpop", "install_dkim_private_keys", "passwd_pop", "edit_pop_quota", "validate", "", "unsuspend_login", "add_spam_filter", "enable_spam_autodelete", "store_filter", "get_set"} {
		if IsReadOnly(f) {
			t.Errorf("IsReadOnly(%q) = true", f)
		}
	}
}

func TestQueryParams(t *testing.T) {
	t.Parallel()
	var got url.Values
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		got = r.URL.Query()
		fmt.Fprint(w, uapiOK(`[]`))
	})
	if _, _, err := c.EmailAuth.ValidateCurrentSPFs(t.Context(), "a.com", "b.com", "c.com"); err != nil {
		t.Fatal(err)
	}
	if got.Get("domain") != "a.com" || got.Get("domain-1") != "b.com" || got.Get("domain-2") != "c.com" {
		t.Errorf("query = %v", got)
	}
}

func newLoopback(h http.Handler) *httptest.Server { return httptest.NewServer(h) }
