package cpanel

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// TraceNode is one node of a delivery route trace, as UAPI
// Email::trace_delivery returns it (cPanel builds it in
// Cpanel::EximTrace::deep_trace). Type is one of routed, local_delivery,
// remote_delivery, bounce, defer, discard, command and error; which other
// fields are set depends on it. The top node is usually "routed", with the
// recipient's Address and its Destinations.
type TraceNode struct {
	Type      string `json:"type"`
	Address   string `json:"address,omitempty"`
	Mailbox   string `json:"mailbox,omitempty"`
	AliasFile string `json:"aliasfile,omitempty"`
	Message   string `json:"message,omitempty"`
	Result    string `json:"result,omitempty"`
	Command   string `json:"command,omitempty"`
	// MX lists where a remote_delivery node sends the message over SMTP.
	MX []TraceMX `json:"mx,omitempty"`
	// Recursion is set on a routed node whose address already occurred in
	// the trace (a forwarding loop); it has no Destinations.
	Recursion    bool        `json:"recursion,omitempty"`
	Destinations []TraceNode `json:"destinations,omitempty"`
}

// UnmarshalJSON decodes a node in every shape cPanel sends: strings that
// may come as numbers or null, "mx" as a list of objects or of Exim's
// lines (or one of either), "destinations" as a list or a single node.
func (n *TraceNode) UnmarshalJSON(b []byte) error {
	var w struct {
		Type         String          `json:"type"`
		Address      String          `json:"address"`
		Mailbox      String          `json:"mailbox"`
		AliasFile    String          `json:"aliasfile"`
		Message      String          `json:"message"`
		Result       String          `json:"result"`
		Command      String          `json:"command"`
		MX           json.RawMessage `json:"mx"`
		Recursion    Bool            `json:"recursion"`
		Destinations json.RawMessage `json:"destinations"`
	}
	if err := json.Unmarshal(b, &w); err != nil {
		return err
	}
	out := TraceNode{Type: string(w.Type), Address: string(w.Address), Mailbox: string(w.Mailbox), AliasFile: string(w.AliasFile),
		Message: string(w.Message), Result: string(w.Result), Command: string(w.Command), Recursion: bool(w.Recursion)}
	if err := oneOrMany(w.MX, &out.MX); err != nil {
		return fmt.Errorf("trace node %q: mx: %w", out.Type, err)
	}
	if err := oneOrMany(w.Destinations, &out.Destinations); err != nil {
		return err
	}
	*n = out
	return nil
}

// oneOrMany decodes a JSON list into *out, or a single value as a list of
// one; null or nothing leaves *out empty.
func oneOrMany[T any](raw json.RawMessage, out *[]T) error {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil
	}
	if raw[0] == '[' {
		return json.Unmarshal(raw, out)
	}
	var one T
	if err := json.Unmarshal(raw, &one); err != nil {
		return err
	}
	*out = []T{one}
	return nil
}

// TraceMX is one mail exchanger of a remote_delivery node. cPanel parses
// Exim's line "mx.example.com [192.0.2.1] MX=20 dnssec=no" into an object
// {"hostname", "ip", "priority", "dnssec"}; a line it cannot parse it
// sends as the string, kept in Line. Older documentation shows every MX as
// such a string; both forms decode, and a string is parsed the way cPanel
// parses it.
type TraceMX struct {
	Host string
	IP   string
	// Priority is the MX preference; HasPriority is false when none was
	// given (a host found by its address record, not by MX).
	Priority    int
	HasPriority bool
	DNSSEC      string // "yes", "no" or ""
	// Line is the text as sent when the MX came as a string.
	Line string
}

// UnmarshalJSON accepts the object and the string forms.
func (m *TraceMX) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if len(b) > 0 && b[0] == '{' {
		var w struct {
			Hostname String          `json:"hostname"`
			Host     String          `json:"host"`
			IP       String          `json:"ip"`
			Priority json.RawMessage `json:"priority"`
			DNSSEC   String          `json:"dnssec"`
		}
		if err := json.Unmarshal(b, &w); err != nil {
			return err
		}
		*m = TraceMX{Host: string(w.Hostname), IP: string(w.IP), DNSSEC: string(w.DNSSEC)}
		if m.Host == "" {
			m.Host = string(w.Host)
		}
		if p := string(bytes.TrimSpace(w.Priority)); p != "" && p != "null" && p != `""` {
			var n Int
			if err := json.Unmarshal(w.Priority, &n); err != nil {
				return fmt.Errorf("priority: %w", err)
			}
			m.Priority, m.HasPriority = int(n), true
		}
		return nil
	}
	var line String
	if err := json.Unmarshal(b, &line); err != nil {
		return err
	}
	*m = parseTraceMX(string(line))
	return nil
}

// parseTraceMX reads Exim's "host [ip] MX=n dnssec=word" as cPanel does;
// a line of another form is kept whole in Line (and Host is its first
// word).
func parseTraceMX(line string) TraceMX {
	m := TraceMX{Line: line}
	f := strings.Fields(line)
	if len(f) < 2 || !strings.HasPrefix(f[1], "[") || !strings.HasSuffix(f[1], "]") {
		if len(f) > 0 {
			m.Host = f[0]
		}
		return m
	}
	m.Host, m.IP = f[0], strings.TrimSuffix(strings.TrimPrefix(f[1], "["), "]")
	for _, w := range f[2:] {
		switch k, v, _ := strings.Cut(w, "="); strings.ToLower(k) {
		case "mx":
			if n, err := strconv.Atoi(v); err == nil {
				m.Priority, m.HasPriority = n, true
			}
		case "dnssec":
			m.DNSSEC = v
		}
	}
	return m
}

// MarshalJSON writes the form it was read in: the string when cPanel sent a
// string, else cPanel's object.
func (m TraceMX) MarshalJSON() ([]byte, error) {
	if m.Line != "" {
		return json.Marshal(m.Line)
	}
	w := struct {
		Hostname string `json:"hostname"`
		IP       string `json:"ip,omitempty"`
		Priority *int   `json:"priority"`
		DNSSEC   string `json:"dnssec,omitempty"`
	}{Hostname: m.Host, IP: m.IP, DNSSEC: m.DNSSEC}
	if m.HasPriority {
		w.Priority = &m.Priority
	}
	return json.Marshal(w)
}

// String returns Exim's form, "mx.example.com [192.0.2.1] MX=20 dnssec=no".
func (m TraceMX) String() string {
	if m.Line != "" {
		return m.Line
	}
	s := m.Host
	if m.IP != "" {
		s += " [" + m.IP + "]"
	}
	if m.HasPriority {
		s += " MX=" + strconv.Itoa(m.Priority)
	}
	if m.DNSSEC != "" {
		s += " dnssec=" + m.DNSSEC
	}
	return s
}

// TraceDelivery traces how the server would route mail to recipient.
//
// UAPI: Email::trace_delivery
func (s *EmailService) TraceDelivery(ctx context.Context, recipient string) (*TraceNode, *Response, error) {
	var out TraceNode
	resp, err := s.client.UAPI(ctx, "Email", "trace_delivery", url.Values{"recipient": {recipient}}, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}
