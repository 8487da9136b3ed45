package cpanel_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// exampleNow is the fake server's clock, so that the examples' output is
// the same on every run.
func exampleNow() time.Time { return time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC) }

// fakeServer starts cpaneltest's fake cPanel for a shipped scenario.
func fakeServer(name string) *cpaneltest.Server {
	sc, err := cpaneltest.LoadScenario(name)
	if err != nil {
		log.Fatal(err)
	}
	return cpaneltest.NewServer(sc, cpaneltest.WithClock(exampleNow))
}

func ExampleNewClient() {
	srv := fakeServer("healthy")
	defer srv.Close()

	// A real server is written "server.example.com" (https, port 2083).
	client, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		log.Fatal(err)
	}
	boxes, _, err := client.Email.ListPOPsWithDisk(context.Background(), nil)
	if err != nil {
		log.Fatal(err)
	}
	for _, b := range boxes {
		quota := "no quota"
		if q, ok := b.DiskQuotaBytes.OrZeroUnlimited().Finite(); ok {
			quota = fmt.Sprintf("quota %d MiB", int64(q)>>20)
		}
		fmt.Printf("%s: %d MiB used, %s\n", b.Email, int64(b.DiskUsedBytes)>>20, quota)
	}
	// Output:
	// Main Account: 2 MiB used, no quota
	// hello@greenleaf.example: 308 MiB used, quota 2048 MiB
	// orders@greenleaf.example: 100 MiB used, quota 2048 MiB
	// tom@greenleaf.example: 70 MiB used, quota 1024 MiB
}

func ExampleNewClient_inputError() {
	_, err := cpanel.NewClient("https://alice:secret@server.example.com", "alice", "TOKEN")
	var in *cpanel.InputError
	if errors.As(err, &in) {
		fmt.Println(in.Input, in.Missing)
		fmt.Println(err)
	}
	// Output:
	// host false
	// invalid host "https://REDACTED@server.example.com": do not put credentials in the host; give the user and the token on their own
}

func ExampleEmailTrackService_Records() {
	srv := fakeServer("demo")
	defer srv.Close()
	client, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		log.Fatal(err)
	}

	opts := cpanel.SearchOptions{
		Types: []cpanel.EventType{cpanel.EventFailure},
		Since: exampleNow().Add(-7 * 24 * time.Hour),
		Until: exampleNow(),
	}
	var st cpanel.SearchStats
	failed := map[string]int{}
	for r, err := range client.EmailTrack.Records(context.Background(), &opts, &st) {
		if err != nil {
			log.Fatal(err) // the first error ends the sequence
		}
		failed[string(r.Recipient)]++
	}
	fmt.Println("requests:", st.Requests, "capped:", st.Capped)
	fmt.Println("failures to sales@example.com:", failed["sales@example.com"])
	// Output:
	// requests: 1 capped: false
	// failures to sales@example.com: 3
}

func ExampleErrCredentialsRefused() {
	srv := fakeServer("healthy")
	defer srv.Close()
	client, err := cpanel.NewClient(srv.URL, srv.User(), "NOT-THE-TOKEN")
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = client.Quota.GetQuotaInfo(context.Background())
	switch {
	case errors.Is(err, cpanel.ErrLockedOut):
		fmt.Println("this IP address is blocked by cPHulk: stop, and have it unblocked")
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		// Stop: every further try counts against this IP address.
		var he *cpanel.HTTPError
		errors.As(err, &he)
		fmt.Println("credentials refused, HTTP", he.StatusCode)
	}
	// The client sends nothing more with these credentials.
	_, _, err = client.Email.ListPOPsWithDisk(context.Background(), nil)
	fmt.Println(errors.Is(err, cpanel.ErrCredentialsRefused), errors.Is(client.Refused(), cpanel.ErrCredentialsRefused), len(srv.Calls()))
	// Output:
	// credentials refused, HTTP 403
	// true true 1
}

func ExampleClient_UAPI() {
	srv := fakeServer("healthy")
	defer srv.Close()
	client, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		log.Fatal(err)
	}

	var user struct {
		MaxEmailPerHour cpanel.Limit `json:"max_emails_per_hour"`
	}
	if _, err := client.UAPI(context.Background(), "Variables", "get_user_information", nil, &user); err != nil {
		log.Fatal(err)
	}

	// A function that changes the account is refused before it is sent.
	_, err = client.UAPI(context.Background(), "Email", "add_pop", nil, nil)
	var nr *cpanel.NotReadOnlyError
	fmt.Println(errors.As(err, &nr), string(cpanel.ClassOf(err)), len(srv.Calls()))
	// Output:
	// true not-read-only 1
}

func ExampleDecodeError() {
	srv := fakeServer("healthy")
	defer srv.Close()
	srv.SetFault("*", cpaneltest.Fault{HTML: true})
	client, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	if err != nil {
		log.Fatal(err)
	}
	_, _, err = client.Quota.GetQuotaInfo(context.Background())
	var de *cpanel.DecodeError
	if errors.As(err, &de) {
		fmt.Println(de.Kind, string(cpanel.ClassOf(err)))
		fmt.Println(err)
	}
	// Output:
	// html decode
	// cpanel: Quota::get_quota_info: the server sent an HTML page instead of JSON (a login, firewall or captcha page?) [body starts: title: One moment, please...]
}
