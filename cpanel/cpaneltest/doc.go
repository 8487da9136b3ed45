// Package cpaneltest is a fake cPanel server, in the spirit of
// net/http/httptest. It serves a [Scenario] (a cPanel account described as
// data) over cPanel's real wire formats: UAPI's flat envelope under
// /execute/Module/function, cPanel API 2's cpanelresult envelope under
// /json-api/cpanel (EmailTrack::search and ::stats), and cPanel's
// answers to bad credentials, unknown modules and unknown functions, with
// the loose types real servers send ("0.00" for zero quotas, numeric
// strings, null for unlimited).
//
// The fake is read-only, by the same list the client enforces
// (cpanel.IsReadOnlyCall): a function off that list is never served; it
// is answered with a refusal (or, when its name says nothing of a change,
// with cPanel's "not found" error) and recorded in [Handler.Calls] with
// StateChanging set, so a test can assert that its code only reads. Faults
// (latency, HTTP errors, HTML pages, truncated or oversized bodies, reset
// connections, status-0 errors) are injected with [Handler.SetFault].
//
// It backs the tests of the whole project and cpmail's --demo mode, so it
// does not import package testing.
//
// A test starts a server for a shipped or a hand-written scenario and
// points a client at it:
//
//	sc, err := cpaneltest.LoadScenario("demo")
//	if err != nil {
//		t.Fatal(err)
//	}
//	srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(func() time.Time { return now }))
//	defer srv.Close()
//	client, err := cpanel.NewClient(srv.URL, srv.User(), srv.Token())
//	…
//	srv.SetFault("Email::list_pops_with_disk", cpaneltest.Fault{Status: 503, Times: 1})
//	for _, c := range srv.Calls() {
//		if c.StateChanging {
//			t.Errorf("%s changes the account", c.Name())
//		}
//	}
//
// To listen on an address of your own, serve [NewHandler]'s result with
// an http.Server.
//
// # Scenarios
//
// The shipped scenarios, listed by [ScenarioNames], are the few demos
// cpmail runs with --demo. The scenarios that plant one problem for a test
// (rule-<id>.json, …) live in the module's top-level testdata/scenarios,
// outside the binary, and are read with [LoadScenarioFS]. A scenario of
// your own is JSON (see [Scenario] for every key) passed to
// [ParseScenario]; what it leaves out gets cPanel's defaults. Delivery times are relative
// to the clock, and most record fields are derived from the others:
//
//	{
//	  "description": "a full mailbox",
//	  "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1"},
//	  "mailboxes": [{"address": "info@bob.example", "quota_mb": 1024, "used_bytes": 1073741824}],
//	  "deliveries": [
//	    {"ago": "3h", "repeat": 3, "every": "1h", "type": "failure",
//	     "email": "jo@remote.example", "recipient": "info@bob.example",
//	     "message": "Mailbox is full / Blocks limit exceeded / Inode limit exceeded"}
//	  ]
//	}
package cpaneltest
