package dnscheck

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/miekg/dns"
)

// Resolver answers the DNS questions the checks ask. Names may be given
// with or without the trailing dot; they are always treated as absolute.
//
// A lookup that finds nothing returns a *[LookupError] whose Kind is
// [KindNXDOMAIN] or [KindNODATA]; [IsNotFound] reports that case.
type Resolver interface {
	// LookupTXT returns one string per TXT record, the record's
	// character-strings joined without separator.
	LookupTXT(ctx context.Context, name string) ([]string, error)
	// LookupMX returns the MX records of name. A null MX has Host ".".
	LookupMX(ctx context.Context, name string) ([]MX, error)
	// LookupA returns the IPv4 addresses of name, following CNAMEs.
	LookupA(ctx context.Context, name string) ([]netip.Addr, error)
	// LookupAAAA returns the IPv6 addresses of name, following CNAMEs.
	LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error)
	// LookupPTR returns the names the reverse zone gives for addr.
	LookupPTR(ctx context.Context, addr netip.Addr) ([]string, error)
	// LookupNS returns the nameservers of name.
	LookupNS(ctx context.Context, name string) ([]string, error)
	// LookupCNAME returns the target of name's CNAME record; a name that
	// is not an alias gives a NODATA *LookupError.
	LookupCNAME(ctx context.Context, name string) (string, error)
}

// MX is one mail exchanger.
type MX struct {
	Priority int    `json:"priority"`
	Host     string `json:"host"`
}

// String returns "10 mx.example.com.".
func (m MX) String() string { return strconv.Itoa(m.Priority) + " " + m.Host }

// ErrKind classifies a failed lookup.
type ErrKind string

// The kinds of lookup errors. NXDOMAIN and NODATA mean "not found" and are
// answers, not failures.
const (
	KindNXDOMAIN ErrKind = "NXDOMAIN"
	KindNODATA   ErrKind = "NODATA"
	KindSERVFAIL ErrKind = "SERVFAIL"
	KindREFUSED  ErrKind = "REFUSED"
	KindTIMEOUT  ErrKind = "TIMEOUT"
	KindOTHER    ErrKind = "OTHER"
)

// LookupError is the error every Resolver method of this package returns.
type LookupError struct {
	Name   string  `json:"name"`
	Type   string  `json:"type"`
	Kind   ErrKind `json:"kind"`
	Server string  `json:"server,omitempty"`
	Err    error   `json:"-"`
}

// Error returns e.g. "example.com. TXT: SERVFAIL from 192.0.2.53:53".
func (e *LookupError) Error() string {
	s := e.Name + " " + e.Type + ": " + string(e.Kind)
	if e.Server != "" {
		s += " from " + e.Server
	}
	if e.Err != nil {
		s += " (" + e.Err.Error() + ")"
	}
	return s
}

// Unwrap returns the underlying network error, if any.
func (e *LookupError) Unwrap() error { return e.Err }

// NotFound reports whether the name or the record type does not exist.
func (e *LookupError) NotFound() bool { return e.Kind == KindNXDOMAIN || e.Kind == KindNODATA }

// IsNotFound reports whether err is a *LookupError meaning "no such record".
func IsNotFound(err error) bool {
	var le *LookupError
	return errors.As(err, &le) && le.NotFound()
}

// IsNXDOMAIN reports whether err says the name does not exist at all.
func IsNXDOMAIN(err error) bool {
	var le *LookupError
	return errors.As(err, &le) && le.Kind == KindNXDOMAIN
}

// errKind returns the kind of err, KindOTHER for foreign errors.
func errKind(err error) ErrKind {
	var le *LookupError
	if errors.As(err, &le) {
		return le.Kind
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return KindTIMEOUT
	}
	return KindOTHER
}

// DNSResolver is a Resolver that sends every query to one server, over
// UDP first and again over TCP when the UDP answer is truncated.
type DNSResolver struct {
	addr    string
	timeout time.Duration
}

// NewResolver returns a resolver asking the server at addr ("host:port",
// see [ParseResolverAddr]). Timeout bounds each lookup including its one
// UDP retry and TCP fallback; zero means 5 seconds.
func NewResolver(addr string, timeout time.Duration) *DNSResolver {
	if timeout <= 0 {
		timeout = 5 * time.Second
	}
	return &DNSResolver{addr: addr, timeout: timeout}
}

// Addr returns the server address the resolver asks.
func (r *DNSResolver) Addr() string { return r.addr }

// query sends one question and returns the reply, or a *LookupError for
// transport failures and error rcodes. NOERROR replies are returned as is.
func (r *DNSResolver) query(ctx context.Context, name string, qtype uint16) (*dns.Msg, error) {
	name = dns.Fqdn(name)
	lerr := func(kind ErrKind, err error) *LookupError {
		return &LookupError{Name: name, Type: dns.TypeToString[qtype], Kind: kind, Server: r.addr, Err: err}
	}
	if _, ok := dns.IsDomainName(name); !ok {
		return nil, lerr(KindOTHER, errors.New("invalid domain name"))
	}
	ctx, cancel := context.WithTimeout(ctx, r.timeout)
	defer cancel()

	m := new(dns.Msg)
	m.SetQuestion(name, qtype)
	m.RecursionDesired = true
	m.SetEdns0(1232, false)

	var (
		in  *dns.Msg
		err error
	)
	// Two UDP attempts share the budget, so a lost packet is retried.
	for attempt := 0; attempt < 2; attempt++ {
		per := r.timeout / 2
		if dl, ok := ctx.Deadline(); ok && time.Until(dl) < per {
			per = time.Until(dl)
		}
		if per <= 0 {
			break
		}
		c := &dns.Client{Net: "udp", Timeout: per, UDPSize: 1232}
		in, _, err = c.ExchangeContext(ctx, m, r.addr)
		if err == nil || ctx.Err() != nil || !isTimeout(err) {
			break
		}
	}
	if err == nil && in != nil && in.Truncated {
		c := &dns.Client{Net: "tcp", Timeout: r.timeout}
		in, _, err = c.ExchangeContext(ctx, m, r.addr)
	}
	if err != nil {
		if isTimeout(err) || ctx.Err() != nil {
			return nil, lerr(KindTIMEOUT, err)
		}
		return nil, lerr(KindOTHER, err)
	}
	if in == nil {
		return nil, lerr(KindTIMEOUT, errors.New("no answer"))
	}
	switch in.Rcode {
	case dns.RcodeSuccess:
		return in, nil
	case dns.RcodeNameError:
		return nil, lerr(KindNXDOMAIN, nil)
	case dns.RcodeServerFailure:
		return nil, lerr(KindSERVFAIL, nil)
	case dns.RcodeRefused:
		return nil, lerr(KindREFUSED, nil)
	}
	return nil, lerr(KindOTHER, fmt.Errorf("rcode %s", dns.RcodeToString[in.Rcode]))
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.Is(err, context.DeadlineExceeded) || (errors.As(err, &ne) && ne.Timeout())
}

// answers returns the records of type qtype that answer name, following
// the CNAME chain inside the reply. A reply without them is NODATA.
func (r *DNSResolver) answers(ctx context.Context, name string, qtype uint16) ([]dns.RR, error) {
	in, err := r.query(ctx, name, qtype)
	if err != nil {
		return nil, err
	}
	owners := map[string]bool{strings.ToLower(dns.Fqdn(name)): true}
	if qtype != dns.TypeCNAME {
		for range 8 {
			grew := false
			for _, rr := range in.Answer {
				if c, ok := rr.(*dns.CNAME); ok && owners[strings.ToLower(c.Hdr.Name)] && !owners[strings.ToLower(c.Target)] {
					owners[strings.ToLower(c.Target)] = true
					grew = true
				}
			}
			if !grew {
				break
			}
		}
	}
	var out []dns.RR
	for _, rr := range in.Answer {
		if rr.Header().Rrtype == qtype && owners[strings.ToLower(rr.Header().Name)] {
			out = append(out, rr)
		}
	}
	if len(out) == 0 {
		return nil, &LookupError{Name: dns.Fqdn(name), Type: dns.TypeToString[qtype], Kind: KindNODATA, Server: r.addr}
	}
	return out, nil
}

// LookupTXT implements Resolver.
func (r *DNSResolver) LookupTXT(ctx context.Context, name string) ([]string, error) {
	rrs, err := r.answers(ctx, name, dns.TypeTXT)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, strings.Join(rr.(*dns.TXT).Txt, ""))
	}
	return out, nil
}

// LookupMX implements Resolver.
func (r *DNSResolver) LookupMX(ctx context.Context, name string) ([]MX, error) {
	rrs, err := r.answers(ctx, name, dns.TypeMX)
	if err != nil {
		return nil, err
	}
	out := make([]MX, 0, len(rrs))
	for _, rr := range rrs {
		mx := rr.(*dns.MX)
		out = append(out, MX{Priority: int(mx.Preference), Host: mx.Mx})
	}
	return out, nil
}

func (r *DNSResolver) lookupAddr(ctx context.Context, name string, qtype uint16) ([]netip.Addr, error) {
	rrs, err := r.answers(ctx, name, qtype)
	if err != nil {
		return nil, err
	}
	var out []netip.Addr
	for _, rr := range rrs {
		var ip net.IP
		switch v := rr.(type) {
		case *dns.A:
			ip = v.A
		case *dns.AAAA:
			ip = v.AAAA
		}
		if a, ok := netip.AddrFromSlice(ip); ok {
			out = append(out, a.Unmap())
		}
	}
	return out, nil
}

// LookupA implements Resolver.
func (r *DNSResolver) LookupA(ctx context.Context, name string) ([]netip.Addr, error) {
	return r.lookupAddr(ctx, name, dns.TypeA)
}

// LookupAAAA implements Resolver.
func (r *DNSResolver) LookupAAAA(ctx context.Context, name string) ([]netip.Addr, error) {
	return r.lookupAddr(ctx, name, dns.TypeAAAA)
}

// LookupPTR implements Resolver.
func (r *DNSResolver) LookupPTR(ctx context.Context, addr netip.Addr) ([]string, error) {
	rev, err := dns.ReverseAddr(addr.Unmap().String())
	if err != nil {
		return nil, &LookupError{Name: addr.String(), Type: "PTR", Kind: KindOTHER, Err: err}
	}
	rrs, err := r.answers(ctx, rev, dns.TypePTR)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, rr.(*dns.PTR).Ptr)
	}
	return out, nil
}

// LookupNS implements Resolver.
func (r *DNSResolver) LookupNS(ctx context.Context, name string) ([]string, error) {
	rrs, err := r.answers(ctx, name, dns.TypeNS)
	if err != nil {
		return nil, err
	}
	out := make([]string, 0, len(rrs))
	for _, rr := range rrs {
		out = append(out, rr.(*dns.NS).Ns)
	}
	return out, nil
}

// LookupCNAME implements Resolver.
func (r *DNSResolver) LookupCNAME(ctx context.Context, name string) (string, error) {
	rrs, err := r.answers(ctx, name, dns.TypeCNAME)
	if err != nil {
		return "", err
	}
	return rrs[0].(*dns.CNAME).Target, nil
}

// lookupIP returns the A and AAAA addresses of name. It fails only when
// neither lookup succeeded; a not-found error wins over none.
func lookupIP(ctx context.Context, r Resolver, name string) ([]netip.Addr, error) {
	a, errA := r.LookupA(ctx, name)
	aaaa, errAAAA := r.LookupAAAA(ctx, name)
	out := append(a, aaaa...)
	if len(out) > 0 {
		return out, nil
	}
	switch {
	case errA != nil && !IsNotFound(errA):
		return nil, errA
	case errAAAA != nil && !IsNotFound(errAAAA):
		return nil, errAAAA
	case errA != nil:
		return nil, errA
	case errAAAA != nil:
		return nil, errAAAA
	}
	return nil, &LookupError{Name: dns.Fqdn(name), Type: "A/AAAA", Kind: KindNODATA}
}

// SystemResolverAddr returns the first nameserver of /etc/resolv.conf as
// "host:port".
func SystemResolverAddr() (string, error) {
	return resolvConfAddr("/etc/resolv.conf")
}

func resolvConfAddr(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("read resolver configuration: %w", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) >= 2 && fields[0] == "nameserver" {
			return ParseResolverAddr(fields[1])
		}
	}
	if err := sc.Err(); err != nil {
		return "", fmt.Errorf("read %s: %w", path, err)
	}
	return "", fmt.Errorf("no nameserver line in %s", path)
}

// ParseResolverAddr turns a user-given DNS server into "host:port":
// "192.0.2.53" → "192.0.2.53:53", "2001:db8::53" → "[2001:db8::53]:53",
// "[::1]:5353" and "dns.example:53" are kept. Anything else is an error.
func ParseResolverAddr(s string) (string, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return "", errors.New("empty DNS server address")
	}
	if a, err := netip.ParseAddr(strings.TrimSuffix(strings.TrimPrefix(s, "["), "]")); err == nil {
		if a.Zone() != "" {
			return "", fmt.Errorf("DNS server %q: zoned IPv6 addresses are not supported", s)
		}
		return net.JoinHostPort(a.String(), "53"), nil
	}
	host, port, err := net.SplitHostPort(s)
	if err != nil {
		return "", fmt.Errorf("DNS server %q: want an IP address, IP:port, [IPv6]:port or host:port", s)
	}
	p, err := strconv.Atoi(port)
	if err != nil || p < 1 || p > 65535 {
		return "", fmt.Errorf("DNS server %q: invalid port %q", s, port)
	}
	if _, err := netip.ParseAddr(host); err != nil {
		if _, ok := dns.IsDomainName(host); !ok || host == "" || strings.ContainsAny(host, " /") {
			return "", fmt.Errorf("DNS server %q: invalid host %q", s, host)
		}
	}
	return net.JoinHostPort(host, port), nil
}

// PublicDNSBlindness asks r for the root's nameservers, which every
// resolver of the public DNS knows, and says what went wrong as a message
// (to follow "the resolver …"): dns.blind.root-lookup (argument Error, the
// error as sent) or dns.blind.no-root-ns; the empty Text when r answers. A
// sandbox, filtering or split-horizon resolver fails it, and its answers
// would make every domain look broken.
func PublicDNSBlindness(ctx context.Context, r Resolver) msg.Text {
	ctx, cancel := context.WithTimeout(ctx, 3*time.Second)
	defer cancel()
	ns, err := r.LookupNS(ctx, ".")
	switch {
	case err != nil:
		return msg.New("dns.blind.root-lookup", "Error", err.Error())
	case len(ns) == 0:
		return msg.New("dns.blind.no-root-ns")
	}
	return msg.Text{}
}
