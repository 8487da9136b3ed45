// Package dnstest serves DNS from zone text on 127.0.0.1, over UDP and TCP
// on one port. It answers like a recursive resolver that knows only the
// records it was given: the public DNS of the tests and of the built-in
// demo. It never forwards a query anywhere.
package dnstest

import (
	"fmt"
	"net"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/miekg/dns"
)

// Behaviour makes the server misbehave for one query name.
type Behaviour string

// The behaviours a Server can show for a name.
const (
	// Servfail answers SERVFAIL.
	Servfail Behaviour = "servfail"
	// Refused answers REFUSED.
	Refused Behaviour = "refused"
	// Drop never answers.
	Drop Behaviour = "drop"
	// Truncate answers TC=1 with no records over UDP and in full over TCP.
	Truncate Behaviour = "truncate"
)

// Server is a running DNS server. Close stops it.
type Server struct {
	// Addr is the server's "127.0.0.1:port", for UDP and TCP alike.
	Addr string

	recs    map[string][]dns.RR
	names   map[string]bool
	behave  map[string]Behaviour
	tcp     atomic.Int32
	servers []*dns.Server
	wg      sync.WaitGroup
}

// Start parses zone (master-file text; relative names are relative to the
// root, so write them fully qualified) and serves it. Like any resolver of
// the public DNS, it names the root's nameservers unless the zone has
// records for the root itself. behave maps a query name to a
// misbehaviour; it may be nil.
func Start(zone string, behave map[string]Behaviour) (*Server, error) {
	s := &Server{recs: map[string][]dns.RR{}, names: map[string]bool{}, behave: map[string]Behaviour{}}
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
		return nil, fmt.Errorf("zone text: %v", err)
	}
	if len(s.recs["."]) == 0 {
		// Every resolver of the public DNS knows the root's nameservers.
		root, _ := dns.NewRR(". 518400 IN NS a.root-servers.net.")
		s.recs["."] = []dns.RR{root}
	}

	var (
		pc  net.PacketConn
		ln  net.Listener
		err error
	)
	for range 20 {
		pc, err = net.ListenPacket("udp", "127.0.0.1:0")
		if err != nil {
			return nil, err
		}
		ln, err = net.Listen("tcp", pc.LocalAddr().String())
		if err == nil {
			break
		}
		pc.Close()
	}
	if err != nil {
		return nil, err
	}
	s.Addr = pc.LocalAddr().String()
	h := dns.HandlerFunc(s.serve)
	s.servers = []*dns.Server{{PacketConn: pc, Handler: h}, {Listener: ln, Handler: h}}
	for _, srv := range s.servers {
		started := make(chan struct{})
		srv.NotifyStartedFunc = func() { close(started) }
		s.wg.Add(1)
		go func() {
			defer s.wg.Done()
			_ = srv.ActivateAndServe()
		}()
		<-started
	}
	return s, nil
}

// Close stops the server and waits for it.
func (s *Server) Close() {
	for _, srv := range s.servers {
		_ = srv.Shutdown()
	}
	s.wg.Wait()
}

// TCPQueries is the number of queries that came over TCP.
func (s *Server) TCPQueries() int { return int(s.tcp.Load()) }

func (s *Server) serve(w dns.ResponseWriter, req *dns.Msg) {
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
	case Drop:
		return
	case Servfail:
		m.Rcode = dns.RcodeServerFailure
		_ = w.WriteMsg(m)
		return
	case Refused:
		m.Rcode = dns.RcodeRefused
		_ = w.WriteMsg(m)
		return
	case Truncate:
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
		if cname == nil {
			for _, rr := range rrs {
				if rr.Header().Rrtype == q.Qtype {
					m.Answer = append(m.Answer, rr)
				}
			}
			break
		}
		m.Answer = append(m.Answer, cname)
		cur = strings.ToLower(cname.Target)
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
