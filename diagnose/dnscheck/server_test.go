package dnscheck

import (
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/dnstest"
)

// Behaviours a test server can show for one query name.
const (
	behServfail = dnstest.Servfail
	behRefused  = dnstest.Refused
	behDrop     = dnstest.Drop
	behTruncate = dnstest.Truncate
)

// testServer wraps a dnstest.Server for one test.
type testServer struct {
	*dnstest.Server
	addr string
}

// startServer serves zone (owner names fully qualified) until the test
// ends. behave maps a query name to a behaviour.
func startServer(t *testing.T, zone string, behave map[string]dnstest.Behaviour) *testServer {
	t.Helper()
	s, err := dnstest.Start(zone, behave)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return &testServer{Server: s, addr: s.Addr}
}

// checker returns a Checker asking s, with short timeouts and the test
// blocklist zones zen.bl.test. and dbl.bl.test.
func (s *testServer) checker() *Checker {
	ip := DefaultIPBlocklists()[:1]
	ip[0].Zone = "zen.bl.test."
	dom := DefaultDomainBlocklists()
	dom[0].Zone = "dbl.bl.test."
	return &Checker{
		Resolver:    NewResolver(s.addr, 300*time.Millisecond),
		Timeout:     3 * time.Second,
		Lists:       ip,
		DomainLists: dom,
	}
}
