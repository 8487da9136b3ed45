package cpanel

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"
)

// TestNetworkKinds: a failed request's kind comes from the types in the
// transport's error, for real failures against real listeners.
func TestNetworkKinds(t *testing.T) {
	t.Parallel()
	plain := httptest.NewServer(serve(uapiOK(`0`)))
	t.Cleanup(plain.Close)
	hangUp := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	}))
	t.Cleanup(hangUp.Close)
	for _, tc := range []struct {
		name, url string
		want      NetworkKind
	}{
		{"https to a plain HTTP server", "https://" + strings.TrimPrefix(plain.URL, "http://"), NetworkPlainHTTP},
		{"closed without an answer", hangUp.URL, NetworkClosed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c, err := NewClient(tc.url, testUser, testToken, WithRetries(0, 0), WithTimeout(5*time.Second))
			if err != nil {
				t.Fatal(err)
			}
			_, _, err = c.Quota.GetQuotaInfo(t.Context())
			var ne *NetworkError
			if !errors.As(err, &ne) || ne.Kind() != tc.want {
				t.Fatalf("err = %v, want a NetworkError of kind %v", err, tc.want)
			}
		})
	}
	t.Run("typed, not by text", func(t *testing.T) {
		for _, tc := range []struct {
			err  error
			want NetworkKind
		}{
			{&net.DNSError{Err: "no such host", Name: "nowhere.invalid", IsNotFound: true}, NetworkNoSuchHost},
			{fmt.Errorf("read: %w", timeoutErr{}), NetworkTimeout},
			// Texts that look like a kind but carry no type are "other".
			{errors.New("dial tcp: connect: connection refused"), NetworkOther},
			{errors.New("i/o timeout"), NetworkOther},
			{errors.New("tls: bad certificate"), NetworkOther},
		} {
			if got := (&NetworkError{Err: tc.err}).Kind(); got != tc.want {
				t.Errorf("Kind(%v) = %v, want %v", tc.err, got, tc.want)
			}
		}
	})
	t.Run("the kind survives scrubbing the token", func(t *testing.T) {
		raw := fmt.Errorf("header %s: %w", testToken, timeoutErr{})
		ne := newNetworkError("M", "f", "h", raw, testToken)
		if ne.Kind() != NetworkTimeout || !errors.Is(ne, ClassTimeout) || strings.Contains(ne.Error(), testToken) {
			t.Errorf("scrubbed error: kind %v, %v", ne.Kind(), ne)
		}
	})
}

// cliWords matches what belongs to a command line, not to a library: a
// flag, an environment variable, or the program's name.
var cliWords = regexp.MustCompile(`(^|\s|\()--[a-z]|CPANEL_[A-Z]|CPMAIL_|cpmail `)

// TestErrorTextsNameNoFlags: the library's error texts say what went wrong
// and hold the facts, on one line, and name no flag or variable of a
// command line (the CLI adds its own hints).
func TestErrorTextsNameNoFlags(t *testing.T) {
	t.Parallel()
	var errs []error
	for _, status := range []int{401, 403, 404, 500, 502, 503, 504} {
		for _, body := range []string{"", "Forbidden", "cPHulk: too many failed login attempts", "The feature “popaccts” is not enabled."} {
			errs = append(errs, newHTTPError("Email", "list_pops", status, []byte(body), 0))
		}
	}
	for k := DecodeNotJSON; k <= DecodeBadGzip; k++ {
		errs = append(errs, &DecodeError{Module: "Quota", Function: "get_quota_info", Kind: k, Snippet: "x", Err: errors.New("cause")})
	}
	errs = append(errs,
		&SizeError{Module: "EmailTrack", Function: "search", Limit: 64 << 20},
		&SizeError{Module: "EmailTrack", Function: "search", Limit: 1 << 20, Value: true},
		&RedirectError{Module: "M", Function: "f", StatusCode: 302, Location: "https://x/login"},
		&RedirectError{Module: "M", Function: "f", StatusCode: 301},
		&NotReadOnlyError{Module: "Email", Function: "add_pop"},
		&APIError{Module: "M", Function: "f"},
		&CertificateError{Pin: "PIN", Err: errors.New("x509: certificate signed by unknown authority")},
	)
	for _, cause := range []error{&net.DNSError{Err: "no such host", IsNotFound: true}, timeoutErr{}, http.ErrSchemeMismatch, errors.New("EOF")} {
		errs = append(errs, &NetworkError{Module: "M", Function: "f", Host: "h:2083", Err: cause})
	}
	for _, in := range []struct{ host, user, token string }{
		{"", "u", "t"}, {"ftp://h", "u", "t"}, {"https://u:p@h", "u", "t"}, {"h/x", "u", "t"}, {"h:99999", "u", "t"},
		{"h", "", "t"}, {"h", "u:x", "t"}, {"h", "u", ""}, {"h", "u", "a b"},
	} {
		_, err := NewClient(in.host, in.user, in.token)
		var ie *InputError
		if !errors.As(err, &ie) {
			t.Errorf("NewClient(%q, %q, …) = %v, want an *InputError", in.host, in.user, err)
		}
		errs = append(errs, err)
	}
	if _, err := ParsePin("xyz"); err != nil {
		errs = append(errs, err)
	} else {
		t.Error("ParsePin(xyz) accepted")
	}
	if _, err := TLSConfig(TLSOptions{CAPEM: []byte("no pem")}); err != nil {
		errs = append(errs, err)
	} else {
		t.Error("TLSConfig accepted CAPEM without a certificate")
	}
	for _, err := range errs {
		msg := err.Error()
		if msg == "" || strings.Contains(msg, "\n") || cliWords.MatchString(msg) {
			t.Errorf("%T: %q names a command line, or is not one line", err, msg)
		}
	}
}

// TestInputErrorFacts: an input error says which input, and whether it was
// missing, as fields; the token is never quoted.
func TestInputErrorFacts(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		host, user, token string
		input             Input
		missing           bool
	}{
		{"", "u", "t", InputHost, true},
		{"https://bob:secret@h", "u", "t", InputHost, false},
		{"h", "", "t", InputUser, true},
		{"h", "u x", "t", InputUser, false},
		{"h", "u", " ", InputToken, true},
		{"h", "u", "SECRET TOKEN", InputToken, false},
	} {
		_, err := NewClient(tc.host, tc.user, tc.token)
		var ie *InputError
		if !errors.As(err, &ie) || ie.Input != tc.input || ie.Missing != tc.missing {
			t.Errorf("NewClient(%q, %q, %q) = %#v, want input %v missing %v", tc.host, tc.user, tc.token, err, tc.input, tc.missing)
			continue
		}
		if strings.Contains(err.Error(), "SECRET") || strings.Contains(err.Error(), "secret") {
			t.Errorf("input error quotes a secret: %v", err)
		}
	}
	_, err := ParsePin("nope")
	var ie *InputError
	if !errors.As(err, &ie) || ie.Input != InputPin || ie.Value != "nope" {
		t.Errorf("ParsePin: %#v", err)
	}
	_, err = TLSConfig(TLSOptions{CAPEM: []byte("no pem")})
	if !errors.As(err, &ie) || ie.Input != InputCA {
		t.Errorf("TLSConfig: %#v", err)
	}
}
