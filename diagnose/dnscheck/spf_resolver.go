package dnscheck

import (
	"context"
	"errors"
	"net"
	"net/netip"
)

// spfAdapter lets blitiri.com.ar/go/spf query through a Resolver. The
// library reads *net.DNSError fields, so errors are translated; REFUSED
// counts as temporary so it gives temperror, not permerror.
type spfAdapter struct{ r Resolver }

func (a spfAdapter) LookupTXT(ctx context.Context, name string) ([]string, error) {
	v, err := a.r.LookupTXT(ctx, name)
	return v, netErr(err)
}

func (a spfAdapter) LookupMX(ctx context.Context, name string) ([]*net.MX, error) {
	v, err := a.r.LookupMX(ctx, name)
	if err != nil {
		return nil, netErr(err)
	}
	out := make([]*net.MX, 0, len(v))
	for _, m := range v {
		out = append(out, &net.MX{Host: m.Host, Pref: uint16(m.Priority)})
	}
	return out, nil
}

func (a spfAdapter) LookupIPAddr(ctx context.Context, host string) ([]net.IPAddr, error) {
	v, err := lookupIP(ctx, a.r, host)
	if err != nil {
		return nil, netErr(err)
	}
	out := make([]net.IPAddr, 0, len(v))
	for _, ip := range v {
		out = append(out, net.IPAddr{IP: net.IP(ip.AsSlice())})
	}
	return out, nil
}

func (a spfAdapter) LookupAddr(ctx context.Context, addr string) ([]string, error) {
	ip, err := netip.ParseAddr(addr)
	if err != nil {
		return nil, &net.DNSError{Err: "invalid address", Name: addr}
	}
	v, err := a.r.LookupPTR(ctx, ip)
	return v, netErr(err)
}

func netErr(err error) error {
	if err == nil {
		return nil
	}
	var le *LookupError
	if !errors.As(err, &le) {
		return &net.DNSError{Err: err.Error(), IsTemporary: true}
	}
	return &net.DNSError{
		Err:         string(le.Kind),
		Name:        le.Name,
		Server:      le.Server,
		IsNotFound:  le.NotFound(),
		IsTimeout:   le.Kind == KindTIMEOUT,
		IsTemporary: le.Kind == KindTIMEOUT || le.Kind == KindSERVFAIL || le.Kind == KindREFUSED,
	}
}
