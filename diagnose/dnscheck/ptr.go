package dnscheck

import (
	"context"
	"net/netip"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// PTRName is one name the reverse zone gives, with its forward addresses.
type PTRName struct {
	Name      string   `json:"name"`
	Forward   []string `json:"forward,omitempty"`
	Confirmed bool     `json:"confirmed"`
	// Error says why the forward lookup failed: ErrorText, a message, in
	// words when rendered (Result.Render).
	Error     string   `json:"error,omitempty"`
	ErrorText msg.Text `json:"error_text,omitzero"`
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
		res.add("ptr-no-ip", "", Unknown)
		res.finish(msg.Text{})
		return res
	}
	if isReserved(ip) {
		res.add("ip-private", "", Fail, "IP", ip.String())
		res.finish(msg.Text{})
		return res
	}
	ptrs, err := r.LookupPTR(ctx, ip)
	res.evidenceOf(ip.String()+" PTR", ptrs, err)
	if res.lookupProblem("ptr-lookup-failed", ip.String()+" PTR", err) {
		res.finish(msg.Text{})
		return res
	}
	if len(ptrs) == 0 {
		res.add(ProblemPTRMissing, "", Fail, "IP", ip.String())
		res.finish(msg.Text{})
		return res
	}
	if len(ptrs) > 1 {
		res.add("ptr-multiple", "", Warn, "IP", ip.String(), "Records", len(ptrs))
	}
	confirmed, unknown := false, false
	for _, n := range ptrs {
		pn := PTRName{Name: n}
		addrs, err := lookupIP(ctx, r, n)
		res.evidenceOf(n+" A/AAAA", addrStrings(addrs), err)
		pn.Forward = addrStrings(addrs)
		if err != nil && !IsNotFound(err) {
			pn.ErrorText = errText(err)
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
			res.add("ptr-lookup-failed", "forward", Unknown, "IP", ip.String())
		} else {
			res.add(ProblemPTRNotConfirmed, "", Fail, "IP", ip.String(), "Names", names(ptrs))
		}
	}
	if helo != "" {
		h := normDomain(helo)
		match := false
		for _, n := range ptrs {
			match = match || normDomain(n) == h
		}
		if !match {
			res.add("ptr-helo-mismatch", "", Warn, "HELO", helo, "IP", ip.String(), "Names", names(ptrs))
		}
		addrs, err := lookupIP(ctx, r, h)
		res.evidenceOf(h+" A/AAAA", addrStrings(addrs), err)
		if err == nil || IsNotFound(err) {
			found := false
			for _, a := range addrs {
				found = found || a == ip
			}
			if !found {
				res.add("helo-not-resolving", "", Warn, "HELO", helo, "IP", ip.String())
			}
		}
	}
	res.finish(msg.New("dns.summary.ptr", "IP", ip.String(), "Names", names(ptrs)))
	return res
}
