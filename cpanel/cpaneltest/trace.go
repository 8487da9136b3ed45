package cpaneltest

import (
	"hash/fnv"
	"net/url"
	"strconv"
	"strings"
)

// maxTraceDepth stops forwarding loops in Email::trace_delivery.
const maxTraceDepth = 8

// traceDelivery serves Email::trace_delivery: the route Exim would take to
// deliver to recipient, as a tree of nodes.
func (h *Handler) traceDelivery(p url.Values) result {
	rcpt := strings.ToLower(strings.TrimSpace(p.Get("recipient")))
	if rcpt == "" {
		return missing("recipient")
	}
	if !isAddress(rcpt) {
		return fail("“%s” is not a valid email address.", rcpt)
	}
	return ok(h.trace(rcpt, 0))
}

// trace returns the route node for addr.
func (h *Handler) trace(addr string, depth int) map[string]any {
	sc := h.sc
	local, domain, _ := strings.Cut(strings.ToLower(addr), "@")
	if depth > maxTraceDepth {
		return map[string]any{"type": "error", "address": addr, "message": "Too many levels of forwarding: the route loops.", "result": "loop"}
	}
	if !sc.isMailDomain(domain) {
		return h.remote(addr, domain)
	}
	if _, _, eff, _ := sc.routing(domain); eff == "remote" {
		return h.remote(addr, domain)
	}
	aliasFile := "/etc/valiases/" + domain
	var dests []any
	for _, f := range sc.Forwarders {
		if strings.EqualFold(f.Address, addr) {
			dests = append(dests, h.destination(f.To, addr, domain, depth))
		}
	}
	box := sc.mailbox(addr)
	isMain := local == sc.Account.User && domain == strings.ToLower(sc.Account.MainDomain)
	if box != nil || isMain {
		mailbox := addr
		if isMain {
			mailbox = sc.Account.User
		}
		node := map[string]any{"type": "local_delivery", "address": addr, "mailbox": mailbox}
		if len(dests) == 0 {
			return node
		}
		dests = append(dests, node)
	}
	if len(dests) > 0 {
		return map[string]any{"type": "routed", "address": addr, "aliasfile": aliasFile, "destinations": dests}
	}
	for _, f := range sc.DomainForwarders {
		if strings.EqualFold(f.Domain, domain) {
			return map[string]any{
				"type": "routed", "address": addr, "aliasfile": "/etc/vdomainaliases/" + domain,
				"destinations": []any{h.trace(local+"@"+strings.ToLower(f.To), depth+1)},
			}
		}
	}
	node := h.destination(sc.defaultAddress(domain), addr, domain, depth)
	if node["address"] != addr { // the default address forwards elsewhere
		node = map[string]any{"type": "routed", "address": addr, "aliasfile": aliasFile, "destinations": []any{node}}
	}
	return node
}

// destination is the node a forwarder or default-address value leads to:
// a failure, a discard, a pipe, another address or a local user.
func (h *Handler) destination(value, addr, domain string, depth int) map[string]any {
	value = strings.TrimSpace(value)
	switch {
	case strings.HasPrefix(value, ":fail:"):
		msg := strings.TrimSpace(strings.TrimPrefix(value, ":fail:"))
		return map[string]any{"type": "bounce", "address": addr, "message": orDefault(msg, "No Such User Here")}
	case value == ":blackhole:" || value == "/dev/null":
		return map[string]any{"type": "discard", "address": addr, "aliasfile": "/etc/valiases/" + domain}
	case strings.HasPrefix(value, "|"):
		return map[string]any{"type": "command", "address": addr, "command": strings.TrimSpace(strings.TrimPrefix(value, "|"))}
	case strings.Contains(value, "@"):
		return h.trace(value, depth+1)
	case value == h.sc.Account.User:
		return map[string]any{"type": "local_delivery", "address": addr, "mailbox": value}
	default:
		return h.trace(value+"@"+domain, depth+1)
	}
}

// remote is the node for an address delivered over SMTP.
func (h *Handler) remote(addr, domain string) map[string]any {
	mx, listed := h.sc.TraceMX[domain]
	if listed && len(mx) == 0 {
		return map[string]any{
			"type":    "error",
			"address": addr,
			"message": "DNS lookup of " + domain + " (MX) gave HOST_NOT_FOUND",
			"result":  "The mail server could not deliver mail to " + addr + ".  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.",
		}
	}
	if !listed {
		f := fnv.New32a()
		f.Write([]byte(domain))
		mx = []string{"mx." + domain + " [198.51.100." + strconv.Itoa(int(f.Sum32()%200)+20) + "] MX=10 dnssec=no"}
	}
	hosts := make([]any, 0, len(mx))
	for _, line := range mx {
		hosts = append(hosts, mxNode(line))
	}
	return map[string]any{"type": "remote_delivery", "address": addr, "mx": hosts}
}

// mxNode is one MX of a remote_delivery node as cPanel sends it: Exim's
// line "host [ip] MX=n dnssec=word" parsed into {hostname, ip, priority,
// dnssec} (priority and dnssec null when the line has none), or the line
// itself, a string, when it is of another form (Cpanel::EximTrace).
func mxNode(line string) any {
	f := strings.Fields(line)
	if len(f) < 2 || len(f) > 4 || !strings.HasPrefix(f[1], "[") || !strings.HasSuffix(f[1], "]") {
		return line
	}
	node := map[string]any{"hostname": f[0], "ip": strings.Trim(f[1], "[]"), "priority": nil, "dnssec": nil}
	for _, w := range f[2:] {
		switch k, v, _ := strings.Cut(w, "="); k {
		case "MX":
			if _, err := strconv.Atoi(v); err != nil {
				return line
			}
			node["priority"] = v // a string: Perl's regular expression capture
		case "dnssec":
			node["dnssec"] = v
		default:
			return line
		}
	}
	return node
}
