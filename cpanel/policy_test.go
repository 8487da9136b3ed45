package cpanel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// TestErrorClasses: every error type has a class that errors.Is and
// ClassOf tell, without reading text.
func TestErrorClasses(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		err  error
		want ErrorClass
	}{
		{&HTTPError{StatusCode: 401}, ClassUnauthorized},
		{&HTTPError{StatusCode: 403, Body: "Forbidden"}, ClassUnauthorized},
		{&HTTPError{StatusCode: 500}, ClassAPI},
		{&HTTPError{StatusCode: 503}, ClassAPI},
		{&APIError{Errors: []string{"Access denied"}}, ClassUnauthorized},
		{&APIError{Errors: []string{"You do not control a DNS zone named “x”."}}, ClassAPI},
		{&NetworkError{Err: errors.New("dial tcp: connection refused")}, ClassNetwork},
		{&NetworkError{Err: context.DeadlineExceeded}, ClassTimeout},
		{&NetworkError{Err: fmt.Errorf("read: %w", timeoutErr{})}, ClassTimeout},
		{&DecodeError{Kind: DecodeBadGzip}, ClassDecode},
		{&SizeError{Limit: 1 << 20}, ClassSize},
		{&SizeError{Limit: 1 << 20, Value: true}, ClassSize},
		{&RedirectError{StatusCode: 302}, ClassRedirect},
		{&NotReadOnlyError{Module: "Email", Function: "add_pop"}, ClassNotReadOnly},
	} {
		wrapped := fmt.Errorf("gather: %w", tc.err)
		if got := ClassOf(wrapped); got != tc.want {
			t.Errorf("ClassOf(%T %v) = %q, want %q", tc.err, tc.err, got, tc.want)
		}
		for _, c := range []ErrorClass{ClassUnauthorized, ClassNetwork, ClassTimeout, ClassAPI, ClassDecode, ClassSize, ClassRedirect, ClassNotReadOnly} {
			if errors.Is(wrapped, c) != (c == tc.want) {
				t.Errorf("errors.Is(%T %v, %q) = %v", tc.err, tc.err, c, !(c == tc.want))
			}
		}
	}
	if ClassOf(errors.New("x")) != "" || ClassOf(nil) != "" {
		t.Error("a foreign error has a class")
	}
}

type timeoutErr struct{}

func (timeoutErr) Error() string { return "i/o timeout" }
func (timeoutErr) Timeout() bool { return true }

// TestCredentialRefusalKinds: which answers refuse the credentials, which
// one feature, and which name cPHulk.
func TestCredentialRefusalKinds(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		status          int
		body            string
		refused, locked bool
	}{
		{401, "", true, false},
		{403, `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`, true, false},
		{403, "Forbidden", true, false},
		{403, "Token authentication allows access to UAPI or API 2 calls only.", false, false},
		{403, "The feature “popaccts” is not enabled.", false, false},
		{403, "Unknown API requested.", false, false},
		{403, "Execution of Email::list_pops (api version:3) is not permitted inside of webmail", false, false},
		{401, "Brute Force Protection: This account is currently locked out because a brute force attempt was detected.", true, true},
		{403, "cPHulk: too many failed login attempts from your IP address", true, true},
		{500, "brute force", false, false},
	} {
		e := newHTTPError("M", "f", tc.status, []byte(tc.body), 0)
		if errors.Is(e, ErrCredentialsRefused) != tc.refused || errors.Is(e, ErrLockedOut) != tc.locked {
			t.Errorf("%d %q: refused %v, locked %v", tc.status, tc.body, errors.Is(e, ErrCredentialsRefused), errors.Is(e, ErrLockedOut))
		}
		if tc.status != 500 && !errors.Is(e, ErrUnauthorized) {
			t.Errorf("%d %q is not ErrUnauthorized", tc.status, tc.body)
		}
	}
}

// TestOneRequestUntilAccepted: while the credentials are unknown, only one
// request is on the wire; once it is answered 200, the rest go at once.
func TestOneRequestUntilAccepted(t *testing.T) {
	t.Parallel()
	release := make(chan struct{})
	var arrived atomic.Int32
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		if arrived.Add(1) == 1 {
			<-release
		}
		fmt.Fprint(w, uapiOK(`0`))
	})
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			if _, _, err := c.Email.GetHeldMessageCount(t.Context(), ""); err != nil {
				t.Error(err)
			}
		})
	}
	for arrived.Load() == 0 {
		time.Sleep(time.Millisecond)
	}
	time.Sleep(200 * time.Millisecond) // give the others every chance to go out
	if n := arrived.Load(); n != 1 {
		t.Errorf("%d requests on the wire before the credentials were known, want 1", n)
	}
	close(release)
	wg.Wait()
	if arrived.Load() != 8 {
		t.Errorf("%d requests in all", arrived.Load())
	}
}

// TestInconclusiveProbeLetsTheNextOneGo: a probe answered with a 5xx or a
// redirect proves nothing; the next request probes in its place.
func TestInconclusiveProbeLetsTheNextOneGo(t *testing.T) {
	t.Parallel()
	var n atomic.Int32
	c := setup(t, func(w http.ResponseWriter, r *http.Request) {
		switch n.Add(1) {
		case 1:
			w.WriteHeader(500)
		case 2:
			http.Redirect(w, r, "/login", http.StatusFound)
		default:
			fmt.Fprint(w, uapiOK(`0`))
		}
	})
	var errs [3]error
	for i := range errs {
		_, _, errs[i] = c.Email.GetHeldMessageCount(t.Context(), "")
	}
	if ClassOf(errs[0]) != ClassAPI || ClassOf(errs[1]) != ClassRedirect || errs[2] != nil || c.Refused() != nil {
		t.Errorf("errors %v", errs)
	}
}

// TestEveryCallIsAllowListed: each function the services of this package
// call is on the read-only allow-list (a service added without it would
// fail every call).
func TestEveryCallIsAllowListed(t *testing.T) {
	t.Parallel()
	files, _ := filepath.Glob("*.go")
	call := regexp.MustCompile(`\.(?:UAPI|API2|stream)\(ctx,\s*"([A-Za-z]+)",\s*"([A-Za-z_]+)"`)
	api2 := regexp.MustCompile(`"cpanel_jsonapi_module",\s*"([A-Za-z]+)"\)\s*\n\s*q\.Set\("cpanel_jsonapi_func",\s*"([A-Za-z_]+)"`)
	found := 0
	for _, f := range files {
		if strings.HasSuffix(f, "_test.go") {
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, re := range []*regexp.Regexp{call, api2} {
			for _, m := range re.FindAllStringSubmatch(string(src), -1) {
				found++
				if !IsReadOnlyCall(m[1], m[2]) {
					t.Errorf("%s calls %s::%s, which is not on the read-only allow-list", f, m[1], m[2])
				}
			}
		}
	}
	if found < 20 {
		t.Errorf("found only %d calls: has the calling convention changed?", found)
	}
}

func TestReadOnlyAllowListIsExact(t *testing.T) {
	t.Parallel()
	for _, name := range ReadOnlyCalls() {
		m, f, _ := strings.Cut(name, "::")
		if !IsReadOnlyCall(m, f) || !IsReadOnly(f) {
			t.Errorf("%s is listed but refused", name)
		}
		for _, w := range strings.Split(strings.ToLower(f), "_") {
			switch w {
			case "add", "delete", "set", "edit", "suspend", "unsuspend", "hold", "release", "store", "remove", "update", "enable", "disable", "create", "install", "reset", "flush", "purge", "send", "change", "passwd":
				t.Errorf("%s has a word that changes state", name)
			}
		}
	}
	for _, mf := range [][2]string{
		{"Quota", "getAndSetQuota"}, {"Email", "statsreset"}, {"Email", "stats_reset"}, {"Email", "list_queue"}, {"Email", "list_queue_delete"},
		{"Email", "listpops_and_delete"}, {"Email", "set_default_address"}, {"Email", "setdefaultaddress"}, {"Email", "add_pop"}, {"Email", "addpop"},
		{"Email", "get_set"}, {"Email", "list_pops_with_disk_and_reset"}, {"Quota", "list_pops_with_disk"}, {"EmailTrack", "searchanddestroy"},
		{"Email", "list_pops\nEmail::add_pop"}, {"Email::list_pops", ""}, {"", ""}, {"#", "x"}, {"Email", " list_pops"},
	} {
		if IsReadOnlyCall(mf[0], mf[1]) {
			t.Errorf("IsReadOnlyCall(%q, %q) = true", mf[0], mf[1])
		}
	}
	for _, f := range []string{"getAndSetQuota", "statsreset", "list_queue", "set_quota", "add_forwarder", "Email::list_pops", "list_pops_x"} {
		if IsReadOnly(f) {
			t.Errorf("IsReadOnly(%q) = true", f)
		}
	}
}
