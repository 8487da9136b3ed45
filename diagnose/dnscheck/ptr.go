package dnscheck

import (
	"context"
	"fmt"
	"net/netip"
	"strings"
)

// PTRName is one name the reverse zone gives, with its forward addresses.
type PTRName struct {
	Name      string   `json:"name"`
	Forward   []string `json:"forward,omitempty"`
	Confirmed bool     `json:"confirmed"`
	Error     string   `json:"error,omitempty"`
}

// PTRDetail is the PTR check's own output.
type PTRDetail struct {
	IP    string    `json:"ip"`
	Names []PTRName `json:"names,omitempty"`
	HELO  string    `json:"helo,omitempty"`
}

// CheckPTR checks the reverse DNS of the sending IP and that a PTR name
// resolves back to it (forward-confirmed rDNS). helo, when given, is the
// name the server greets with; it should match the PTR and resolve to ip.
func (c *Checker) CheckPTR(ctx context.Context, ip netip.Addr, helo string) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	ip = ip.Unmap()
	res := Result{Check: "ptr", Subject: ip.String()}
	det := &PTRDetail{IP: ip.String(), HELO: helo}
	res.PTR = det
	r := c.resolver()
	if !ip.IsValid() {
		res.add("ptr-no-ip", Unknown, "no sending IP known; give it to check reverse DNS")
		res.finish("")
		return res
	}
	if isReserved(ip) {
		res.add("ip-private", Fail, "the sending IP %s is private/reserved: the server is behind NAT and receivers see another address — check with that public address", ip)
		res.finish("")
		return res
	}
	names, err := r.LookupPTR(ctx, ip)
	res.evidenceOf(ip.String()+" PTR", names, err)
	if res.lookupProblem("ptr-lookup-failed", ip.String()+" PTR", err) {
		res.finish("")
		return res
	}
	if len(names) == 0 {
		res.add("ptr-missing", Fail, "%s has no reverse DNS (PTR); Gmail and many others defer or reject such mail (421/550 5.7.25) — ask the owner of the IP (your host or datacenter) to set a PTR", ip)
		res.finish("")
		return res
	}
	if len(names) > 1 {
		res.add("ptr-multiple", Warn, "%s has %d PTR records; one is expected", ip, len(names))
	}
	confirmed, unknown := false, false
	for _, n := range names {
		pn := PTRName{Name: n}
		addrs, err := lookupIP(ctx, r, n)
		res.evidenceOf(n+" A/AAAA", addrStrings(addrs), err)
		pn.Forward = addrStrings(addrs)
		if err != nil && !IsNotFound(err) {
			pn.Error = describeErr(err)
			unknown = true
		}
		for _, a := range addrs {
			if a == ip {
				pn.Confirmed = true
				confirmed = true
			}
		}
		det.Names = append(det.Names, pn)
	}
	if !confirmed {
		if unknown {
			res.add("ptr-lookup-failed", Unknown, "could not confirm the PTR name(s) of %s: forward lookups failed", ip)
		} else {
			res.add("ptr-not-confirmed", Fail, "%s has PTR %s, but that name does not resolve back to %s (forward-confirmed rDNS fails); fix the A/AAAA record of the name or the PTR", ip, strings.Join(names, ", "), ip)
		}
	}
	if helo != "" {
		h := normDomain(helo)
		match := false
		for _, n := range names {
			match = match || normDomain(n) == h
		}
		if !match {
			res.add("ptr-helo-mismatch", Warn, "the server greets as %s but the PTR of %s is %s", helo, ip, strings.Join(names, ", "))
		}
		addrs, err := lookupIP(ctx, r, h)
		res.evidenceOf(h+" A/AAAA", addrStrings(addrs), err)
		if err == nil || IsNotFound(err) {
			found := false
			for _, a := range addrs {
				found = found || a == ip
			}
			if !found {
				res.add("helo-not-resolving", Warn, "the HELO name %s does not resolve to %s; some receivers reject that", helo, ip)
			}
		}
	}
	res.finish(fmt.Sprintf("%s has PTR %s, forward-confirmed", ip, strings.Join(names, ", ")))
	return res
}
