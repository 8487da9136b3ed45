package cpanel_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// whmFake serves three accounts: alice and bob (root's), carol (owned by
// the reseller "res"), carol suspended with her outgoing mail held.
func whmFake(t testing.TB, opts ...cpaneltest.Option) *cpaneltest.WHMServer {
	t.Helper()
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewWHMServer([]cpaneltest.WHMAccount{
		{Scenario: sc, User: "alice"},
		{Scenario: sc, User: "bob"},
		{Scenario: sc, User: "carol", Owner: "res", Suspended: true, SuspendReason: "Unpaid invoice", SuspendedAgo: time.Hour, OutgoingMailHold: true, MaxEmailPerHour: "200"},
	}, opts...)
	t.Cleanup(srv.Close)
	return srv
}

func whmClient(t testing.TB, srv *cpaneltest.WHMServer, user, token string, opts ...cpanel.Option) *cpanel.WHMClient {
	t.Helper()
	w, err := cpanel.NewWHMClient(srv.URL, user, token, append([]cpanel.Option{cpanel.WithRetries(2, time.Millisecond), cpanel.WithTimeout(10 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return w
}

func listAll(ctx context.Context, w *cpanel.WHMClient, o *cpanel.ListAccountsOptions) ([]cpanel.WHMAccount, error) {
	var out []cpanel.WHMAccount
	for a, err := range w.ListAccounts(ctx, o) {
		if err != nil {
			return out, err
		}
		out = append(out, a)
	}
	return out, nil
}

func TestWHMListAccountsPagesWithChunk(t *testing.T) {
	srv := whmFake(t)
	w := whmClient(t, srv, "root", srv.Token())
	accts, err := listAll(context.Background(), w, &cpanel.ListAccountsOptions{PageSize: 2})
	if err != nil {
		t.Fatal(err)
	}
	var users []string
	for _, a := range accts {
		users = append(users, string(a.User))
	}
	if strings.Join(users, ",") != "alice,bob,carol" {
		t.Fatalf("accounts = %v", users)
	}
	c := accts[2]
	if !c.Suspended || c.SuspendReason != "Unpaid invoice" || c.SuspendTime == 0 || !c.OutgoingMailHold || c.OutgoingMailSuspended || c.Owner != "res" {
		t.Errorf("carol = %+v", c)
	}
	if v, ok := c.MaxEmailPerHour.Finite(); !ok || v != 200 {
		t.Errorf("max_email_per_hour = %+v", c.MaxEmailPerHour)
	}
	if !accts[0].MaxEmailPerHour.Unlimited {
		t.Errorf("alice's limit = %+v, want unlimited", accts[0].MaxEmailPerHour)
	}
	pages := 0
	for _, call := range srv.Calls() {
		if call.Function == "listaccts" {
			pages++
			if call.Params.Get("api.version") != "1" || call.Params.Get("api.chunk.enable") != "1" {
				t.Errorf("listaccts params = %v", call.Params)
			}
		}
	}
	if pages != 2 {
		t.Errorf("%d listaccts pages, want 2 (3 accounts, 2 a page)", pages)
	}
}

func TestWHMResellerSeesOnlyItsAccounts(t *testing.T) {
	srv := whmFake(t)
	tok := srv.AddReseller("res")
	w := whmClient(t, srv, "res", tok)
	accts, err := listAll(context.Background(), w, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(accts) != 1 || accts[0].User != "carol" {
		t.Fatalf("reseller sees %+v, want carol only", accts)
	}
	_, _, err = w.Account("alice").Email.ListPOPsWithDisk(context.Background(), nil)
	var ae *cpanel.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "alice") {
		t.Fatalf("reseller reading alice: %v, want WHM's refusal", err)
	}
	if _, _, err := w.AccountSummary(context.Background(), "alice"); err == nil {
		t.Fatal("accountsummary of another's account succeeded")
	}
	if a, _, err := w.AccountSummary(context.Background(), "carol"); err != nil || a.User != "carol" {
		t.Fatalf("accountsummary carol = %+v, %v", a, err)
	}
}

// The typed services read an account through WHM with the answers of its
// own token: UAPI through uapi_cpanel, API 2 through the proxy, the user
// lower-cased.
func TestWHMAccountServicesMatchOwnToken(t *testing.T) {
	srv := whmFake(t)
	w := whmClient(t, srv, "root", srv.Token())
	ctx := context.Background()
	acct := w.Account("Alice")
	if acct.User() != "alice" {
		t.Fatalf("User() = %q", acct.User())
	}
	viaWHM, _, err := acct.Email.ListPOPsWithDisk(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	own := fake(t)
	direct, _, err := client(t, own, "").Email.ListPOPsWithDisk(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(viaWHM) == 0 || len(viaWHM) != len(direct) || viaWHM[0].Email != direct[0].Email {
		t.Fatalf("via WHM %d mailboxes, own token %d", len(viaWHM), len(direct))
	}
	n := 0
	for _, err := range acct.EmailTrack.Records(ctx, &cpanel.SearchOptions{Types: cpanel.EventTypes(), MaxResultsByType: 0}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n == 0 {
		t.Fatal("no Track Delivery records through the API 2 proxy")
	}
	var uapi, api2 bool
	for _, c := range srv.Calls() {
		switch c.API {
		case "uapi":
			uapi = true
		case "api2":
			api2 = true
		default:
			continue
		}
		if c.Account != "alice" {
			t.Errorf("%s sent for account %q, want lower-case alice", c.Name(), c.Account)
		}
		if c.StateChanging {
			t.Errorf("state-changing call %s", c.Name())
		}
	}
	if !uapi || !api2 {
		t.Errorf("uapi_cpanel used %v, API 2 proxy used %v", uapi, api2)
	}
}

// WHM answers metadata.result 1 for uapi_cpanel even when the UAPI call
// failed: data.uapi.status 0 must still be an error.
func TestWHMUAPIStatusZeroInsideOKMetadata(t *testing.T) {
	srv := whmFake(t)
	srv.Account("alice").SetFault("Email::list_pops_with_disk", cpaneltest.Fault{StatusZero: "Mailbox listing is broken"})
	w := whmClient(t, srv, "root", srv.Token())
	_, _, err := w.Account("alice").Email.ListPOPsWithDisk(context.Background(), nil)
	var ae *cpanel.APIError
	if !errors.As(err, &ae) || !strings.Contains(err.Error(), "Mailbox listing is broken") {
		t.Fatalf("err = %v, want the UAPI error", err)
	}
	// The fault is alice's only.
	if _, _, err := w.Account("bob").Email.ListPOPsWithDisk(context.Background(), nil); err != nil {
		t.Fatalf("bob: %v", err)
	}
}

func TestWHMFailureShapes(t *testing.T) {
	cases := []struct {
		name  string
		fault cpaneltest.Fault
		check func(error) bool
	}{
		{"metadata.result 0", cpaneltest.Fault{StatusZero: "Temporarily out of service"}, func(err error) bool {
			var ae *cpanel.APIError
			return errors.As(err, &ae) && strings.Contains(err.Error(), "Temporarily out of service")
		}},
		{"HTTP 500", cpaneltest.Fault{Status: 500}, func(err error) bool {
			var he *cpanel.HTTPError
			return errors.As(err, &he) && he.StatusCode == 500 && !errors.Is(err, cpanel.ErrCredentialsRefused)
		}},
		{"HTML", cpaneltest.Fault{HTML: true}, func(err error) bool {
			var de *cpanel.DecodeError
			return errors.As(err, &de) && de.Kind == cpanel.DecodeHTML
		}},
		{"malformed", cpaneltest.Fault{Truncate: true}, func(err error) bool {
			var de *cpanel.DecodeError
			return errors.As(err, &de)
		}},
		{"no metadata", cpaneltest.Fault{Body: `{"data":{"acct":[]}}`}, func(err error) bool {
			var de *cpanel.DecodeError
			return errors.As(err, &de) && de.Kind == cpanel.DecodeUnexpectedShape
		}},
		{"403 with a feature", cpaneltest.Fault{Status: 403, Body: "This token lacks the list-accts ACL privilege."}, func(err error) bool {
			return errors.Is(err, cpanel.ErrUnauthorized) && !errors.Is(err, cpanel.ErrCredentialsRefused)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			srv := whmFake(t)
			srv.SetFault("WHM::listaccts", tc.fault)
			w := whmClient(t, srv, "root", srv.Token(), cpanel.WithRetries(0, 0))
			_, err := listAll(context.Background(), w, nil)
			if err == nil || !tc.check(err) {
				t.Fatalf("err = %v (%T)", err, err)
			}
			if strings.Contains(err.Error(), srv.Token()) {
				t.Fatal("the token is in the error")
			}
		})
	}
}

// A refused WHM token stops every account client after one request.
func TestWHMRefusedTokenStopsAfterOneRequest(t *testing.T) {
	for _, status := range []int{401, 403} {
		srv := whmFake(t)
		w := whmClient(t, srv, "root", "WRONGTOKENWRONGTOKENWRONGTOKEN12")
		ctx := context.Background()
		if status == 401 {
			srv.SetFault("*", cpaneltest.Fault{Status: 401})
		}
		_, err := listAll(ctx, w, nil)
		if !errors.Is(err, cpanel.ErrCredentialsRefused) {
			t.Fatalf("%d: err = %v, want ErrCredentialsRefused", status, err)
		}
		for _, u := range []string{"alice", "bob"} {
			if _, _, err := w.Account(u).Quota.GetQuotaInfo(ctx); !errors.Is(err, cpanel.ErrCredentialsRefused) {
				t.Fatalf("%d: account %s: %v", status, u, err)
			}
		}
		if n := len(srv.Calls()); n != 1 {
			t.Fatalf("%d: %d requests, want 1", status, n)
		}
		if w.Refused() == nil {
			t.Fatalf("%d: Refused() is nil", status)
		}
	}
}

func TestWHMAuthorizationHeaderAndNoStateChange(t *testing.T) {
	srv := whmFake(t)
	w := whmClient(t, srv, "root", srv.Token())
	if _, err := w.Call(context.Background(), "suspendacct", nil, nil); !errors.As(err, new(*cpanel.NotReadOnlyError)) {
		t.Fatalf("suspendacct: %v, want NotReadOnlyError", err)
	}
	if n := len(srv.Calls()); n != 0 {
		t.Fatalf("%d requests for a refused function", n)
	}
	if _, _, err := w.EmailTrackUserStats(context.Background(), time.Now().Add(-24*time.Hour)); err != nil {
		t.Fatal(err)
	}
	// A call with a cPanel token to the WHM server is refused: the fake
	// checks "whm USER:TOKEN".
	c, err := cpanel.NewClient(srv.URL, "root", srv.Token())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := c.Quota.GetQuotaInfo(context.Background()); err == nil {
		t.Fatal("a cPanel-style call reached WHM")
	}
}

func TestWHMHostDefaultPort(t *testing.T) {
	u, err := cpanel.ParseWHMHost("server.example.com")
	if err != nil || u.String() != "https://server.example.com:2087" {
		t.Fatalf("ParseWHMHost = %v, %v", u, err)
	}
}

// TestParseWHMHostErrorsNameWHMsPort: a missing WHM host is explained with
// WHM's port, 2087, not cPanel's.
func TestParseWHMHostErrorsNameWHMsPort(t *testing.T) {
	if _, err := cpanel.ParseWHMHost(""); err == nil || !strings.Contains(err.Error(), ":2087") {
		t.Errorf("ParseWHMHost(\"\") = %v, want an example with :2087", err)
	}
	if _, err := cpanel.ParseHost(""); err == nil || !strings.Contains(err.Error(), ":2083") {
		t.Errorf("ParseHost(\"\") = %v, want an example with :2083", err)
	}
}
