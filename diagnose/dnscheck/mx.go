package dnscheck

import (
	"context"
	"net/netip"
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// MXHost is one exchange with what it resolved to.
type MXHost struct {
	Priority int      `json:"priority"`
	Host     string   `json:"host"`
	Addrs    []string `json:"addrs,omitempty"`
	CNAME    string   `json:"cname,omitempty"`
	// Error says what is wrong with the host: ErrorText, a message, in
	// words when rendered (Result.Render).
	Error     string   `json:"error,omitempty"`
	ErrorText msg.Text `json:"error_text,omitzero"`
}

// MXDetail is the MX check's own output.
type MXDetail struct {
	Hosts []MXHost `json:"hosts,omitempty"`
	// Implicit is true when the domain has no MX and mail goes to its
	// A/AAAA addresses (RFC 5321 §5.1).
	Implicit bool `json:"implicit,omitempty"`
	Null     bool `json:"null,omitempty"`
}

// CheckMX checks the public MX records of domain and, when serverIPs or
// serverHost are given, whether they lead to this server.
func (c *Checker) CheckMX(ctx context.Context, domain string, serverIPs []netip.Addr, serverHost string) Result {
	ctx, cancel := c.checkContext(ctx)
	defer cancel()
	domain = normDomain(domain)
	res := Result{Check: "mx", Subject: domain}
	det := &MXDetail{}
	res.MX = det
	r := c.resolver()

	q := domain + " MX"
	mxs, err := r.LookupMX(ctx, domain)
	var strs []string
	for _, m := range mxs {
		strs = append(strs, m.String())
	}
	res.evidenceOf(q, strs, err)
	if res.lookupProblem("mx-lookup-failed", q, err) {
		res.finish(msg.Text{})
		return res
	}
	if IsNXDOMAIN(err) {
		res.add("domain-nxdomain", "mail", Fail, "Domain", domain)
		res.finish(msg.Text{})
		return res
	}
	slices.SortStableFunc(mxs, func(a, b MX) int { return a.Priority - b.Priority })

	if len(mxs) == 1 && (mxs[0].Host == "." || mxs[0].Host == "") {
		det.Null = true
		res.add("mx-null", "", Fail, "Domain", domain)
		res.finish(msg.Text{})
		return res
	}
	if len(mxs) == 0 {
		det.Implicit = true
		addrs, err := lookupIP(ctx, r, domain)
		res.evidenceOf(domain+" A/AAAA", addrStrings(addrs), err)
		if res.lookupProblem("mx-lookup-failed", domain+" A/AAAA", err) {
			res.finish(msg.Text{})
			return res
		}
		if len(addrs) == 0 {
			res.add("mx-missing-public", "", Fail, "Domain", domain)
		} else {
			res.add("mx-missing-public", "with-address", Warn, "Domain", domain, "Addrs", names(addrStrings(addrs)))
			det.Hosts = []MXHost{{Host: domain, Addrs: addrStrings(addrs)}}
			res.PointsHere = pointsHere([]string{domain}, addrs, serverIPs, serverHost)
		}
		res.finish(msg.Text{})
		return res
	}

	var allAddrs []netip.Addr
	var hosts []string
	seen := map[string]bool{}
	usable := 0
	for _, m := range mxs {
		h := MXHost{Priority: m.Priority, Host: m.Host}
		host := strings.ToLower(m.Host)
		hosts = append(hosts, host)
		if seen[host] {
			res.add("mx-duplicate", "", Warn, "Host", m.Host)
		}
		seen[host] = true
		if host == "." || host == "" {
			res.add("mx-null", "mixed", Fail)
			det.Hosts = append(det.Hosts, h)
			continue
		}
		if _, err := netip.ParseAddr(strings.TrimSuffix(host, ".")); err == nil {
			h.ErrorText = msg.New("dns.mx-host.ip-literal")
			res.add("mx-ip-literal", "", Fail, "Host", m.Host)
			det.Hosts = append(det.Hosts, h)
			continue
		}
		if strings.HasSuffix(host, ".msv1.invalid.") {
			res.add("mx-placeholder", "", Warn, "Host", m.Host)
		}
		if target, err := r.LookupCNAME(ctx, host); err == nil {
			h.CNAME = target
			res.evidence(host+" CNAME", target)
			res.add("mx-cname", "", Warn, "Host", m.Host, "Target", target)
		}
		addrs, err := lookupIP(ctx, r, host)
		res.evidenceOf(host+" A/AAAA", addrStrings(addrs), err)
		h.Addrs = addrStrings(addrs)
		switch {
		case err != nil && !IsNotFound(err):
			h.ErrorText = errText(err)
			res.add("mx-lookup-failed", "host", Unknown, "Host", m.Host, "Error", errText(err))
		case len(addrs) == 0:
			h.ErrorText = msg.New("dns.mx-host.no-address")
			res.add("mx-unresolvable", "", Warn, "Host", m.Host)
		default:
			public := false
			for _, a := range addrs {
				public = public || !isReserved(a)
			}
			if !public {
				h.ErrorText = msg.New("dns.mx-host.private-only")
				res.add("mx-private-ip", "", Fail, "Host", m.Host, "Addrs", names(h.Addrs))
			} else {
				usable++
			}
			allAddrs = append(allAddrs, addrs...)
		}
		det.Hosts = append(det.Hosts, h)
	}
	if usable == 0 {
		for i, p := range res.Problems {
			if p.ID == "mx-unresolvable" {
				res.Problems[i].Verdict = Fail
			}
		}
	}
	res.PointsHere = pointsHere(hosts, allAddrs, serverIPs, serverHost)
	summary := "dns.summary.mx"
	switch {
	case res.PointsHere == nil:
	case *res.PointsHere:
		summary += ".here"
	default:
		summary += ".elsewhere"
	}
	res.finish(msg.New(summary, "Hosts", len(mxs), "Reachable", usable))
	return res
}

// pointsHere reports whether any host or address is this server; nil when
// the server is not identified.
func pointsHere(hosts []string, addrs, serverIPs []netip.Addr, serverHost string) *bool {
	if len(serverIPs) == 0 && serverHost == "" {
		return nil
	}
	here := false
	sh := normDomain(serverHost)
	for _, h := range hosts {
		here = here || (sh != "" && normDomain(h) == sh)
	}
	for _, a := range addrs {
		for _, s := range serverIPs {
			here = here || a == s.Unmap()
		}
	}
	return &here
}

func addrStrings(addrs []netip.Addr) []string {
	out := make([]string, 0, len(addrs))
	for _, a := range addrs {
		out = append(out, a.String())
	}
	return out
}

// isReserved reports whether a is not routable on the public Internet:
// private, loopback, link-local, multicast, unspecified, CGNAT, and the
// IANA special ranges. Documentation ranges (192.0.2.0/24 etc.) are
// deliberately not treated as reserved.
func isReserved(a netip.Addr) bool {
	a = a.Unmap()
	if a.IsPrivate() || a.IsLoopback() || a.IsLinkLocalUnicast() || a.IsLinkLocalMulticast() ||
		a.IsMulticast() || a.IsUnspecified() || a.IsInterfaceLocalMulticast() {
		return true
	}
	for _, p := range []string{"0.0.0.0/8", "100.64.0.0/10", "192.0.0.0/24", "198.18.0.0/15", "240.0.0.0/4", "64:ff9b:1::/48", "100::/64", "fec0::/10"} {
		if netip.MustParsePrefix(p).Contains(a) {
			return true
		}
	}
	return false
}
