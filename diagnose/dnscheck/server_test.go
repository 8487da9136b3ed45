package dnscheck

import (
	"net"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/miekg/dns"
)

// Behaviours a test server can show for one query name.
const (
	behServfail = "servfail"
	behRefused  = "refused"
	behDrop     = "drop"     // never answer
	behTruncate = "truncate" // TC=1 and no records over UDP, full answer over TCP
)

// testServer is an authoritative-and-recursive-looking DNS server on
// 127.0.0.1 answering from zone text, over UDP and TCP on one port.
type testServer struct {
	addr   string
	recs   map[string][]dns.RR
	names  map[string]bool
	behave map[string]string
	tcp    atomic.Int32
}

// startServer parses zone (owner names fully qualified) and serves it until
// the test ends. behave maps a lower-case FQDN to a behaviour.
func startServer(t *testing.T, zone string, behave map[string]string) *testServer {
	t.Helper()
	s := &testServer{recs: map[string][]dns.RR{}, names: map[string]bool{}, behave: map[string]string{}}
	for k, v := range behave {
		s.behave[strings.ToLower(dns.Fqdn(k))] = v
	}
	zp := dns.NewZoneParser(strings.NewReader("$TTL 300\n"+zone), ".", "")
	for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
		n := strings.ToLower(rr.Header().Name)
		s.recs[n] = append(s.recs[n], rr)
		// Every ancestor exists too (empty non-terminals answer NODATA).
		for l := n; l != "."; {
			s.names[l] = true
			_, p, _ := strings.Cut(l, ".")
			if p == "" {
				break
			}
			l = p
		}
	}
	if err := zp.Err(); err != nil {
		t.Fatalf("zone: %v", err)
	}

	var (
		pc  net.PacketConn
		ln  net.Listener
		err error
	)
	for range 20 {
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			t.Fatal(err)
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
	}
	if err != nil {
		t.Fatal(err)
	}
	s.addr = pc.LocalAddr().String()
	h := dns.HandlerFunc(s.serve)
	var wg sync.WaitGroup
	servers := []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: ln, Handler: h}}
	for _, srv := range servers {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		wg.Add(1)
		go func() {
			defer wg.Done()
			_ = srv.ActivateAndServe()
		}()
		<-started
	}
	t.Cleanup(func() {
		for _, srv := range servers {
			_ = srv.Shutdown()
		}
		wg.Wait()
	})
	return s
}

func (s *testServer) serve(w dns.ResponseWriter, req *dns.Msg) {
	if len(req.Question) != 1 {
		return
	}
	q := req.Question[0]
	name := strings.ToLower(q.Name)
	udp := w.LocalAddr().Network() == "udp"
	if !udp {
		s.tcp.Add(1)
	}
	m := new(dns.Msg)
	m.SetReply(req)
	m.RecursionAvailable = true
	switch s.behave[name] {
	case behDrop:
		return
	case behServfail:
		m.Rcode = dns.RcodeServerFailure
		_ = w.WriteMsg(m)
		return
	case behRefused:
		m.Rcode = dns.RcodeRefused
		_ = w.WriteMsg(m)
		return
	case behTruncate:
		if udp {
			m.Truncated = true
			_ = w.WriteMsg(m)
			return
		}
	}
	cur := name
	for range 8 {
		rrs := s.recs[cur]
		var cname *dns.CNAME
		for _, rr := range rrs {
			if c, ok := rr.(*dns.CNAME); ok && q.Qtype != dns.TypeCNAME {
				cname = c
			}
		}
		if cname != nil {
			m.Answer = append(m.Answer, cname)
			cur = strings.ToLower(cname.Target)
			continue
		}
		for _, rr := range rrs {
			if rr.Header().Rrtype == q.Qtype {
				m.Answer = append(m.Answer, rr)
			}
		}
		break
	}
	if len(m.Answer) == 0 && !s.names[cur] {
		m.Rcode = dns.RcodeNameError
	}
	if udp {
		size := dns.MinMsgSize
		if o := req.IsEdns0(); o != nil {
			size = int(o.UDPSize())
		}
		m.Truncate(size)
	}
	_ = w.WriteMsg(m)
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
