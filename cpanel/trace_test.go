package cpanel

import (
	"encoding/json"
	"fmt"
	"net/http"
	"testing"
)

// TestTraceDeliveryShapes decodes every shape of Email::trace_delivery that
// cPanel sends (Cpanel::EximTrace::deep_trace, reference §2.9 and §4.4).
func TestTraceDeliveryShapes(t *testing.T) {
	t.Parallel()
	gmail := TraceMX{Host: "gmail-smtp-in.l.google.com", IP: "142.250.102.27", Priority: 5, HasPriority: true, DNSSEC: "no"}
	cases := []struct {
		name  string
		data  string
		want  []TraceMX // the MX of the remote_delivery node
		check func(t *testing.T, n *TraceNode)
	}{
		{name: "mx objects, priority as a string (Perl capture)",
			data: `{"type":"routed","address":"a@gmail.com","destinations":[{"type":"remote_delivery","mx":[{"hostname":"gmail-smtp-in.l.google.com","ip":"142.250.102.27","priority":"5","dnssec":"no"}]}]}`,
			want: []TraceMX{gmail}},
		{name: "mx objects, priority as a number",
			data: `{"type":"routed","address":"a@gmail.com","destinations":[{"type":"remote_delivery","mx":[{"hostname":"gmail-smtp-in.l.google.com","ip":"142.250.102.27","priority":5,"dnssec":"no"}]}]}`,
			want: []TraceMX{gmail}},
		{name: "mx object without MX= (address record): priority and dnssec null",
			data: `{"type":"routed","address":"a@example.org","destinations":[{"type":"remote_delivery","mx":[{"hostname":"example.org","ip":"192.0.2.7","priority":null,"dnssec":null}]}]}`,
			want: []TraceMX{{Host: "example.org", IP: "192.0.2.7"}}},
		{name: "mx as Exim lines (the documentation's form)",
			data: `{"type":"remote_delivery","address":"a@gmail.com","mx":["gmail-smtp-in.l.google.com [142.250.102.27] MX=5 dnssec=no","odd line cPanel could not parse"]}`,
			want: []TraceMX{{Host: gmail.Host, IP: gmail.IP, Priority: 5, HasPriority: true, DNSSEC: "no", Line: "gmail-smtp-in.l.google.com [142.250.102.27] MX=5 dnssec=no"},
				{Host: "odd", Line: "odd line cPanel could not parse"}}},
		{name: "mx as one string",
			data: `{"type":"remote_delivery","mx":"mx.example.org [192.0.2.9] MX=10"}`,
			want: []TraceMX{{Host: "mx.example.org", IP: "192.0.2.9", Priority: 10, HasPriority: true, Line: "mx.example.org [192.0.2.9] MX=10"}}},
		{name: "mx as one object",
			data: `{"type":"remote_delivery","mx":{"hostname":"mx.example.org","ip":"192.0.2.9","priority":"10"}}`,
			want: []TraceMX{{Host: "mx.example.org", IP: "192.0.2.9", Priority: 10, HasPriority: true}}},
		{name: "mx null", data: `{"type":"remote_delivery","mx":null}`},
		{name: "error node with result and message",
			data: `{"type":"routed","address":"a@exmaple.com","destinations":[{"type":"error","result":"DNS lookup of exmaple.com (MX) gave HOST_NOT_FOUND","message":"The mail server could not deliver mail to a@exmaple.com."}]}`,
			check: func(t *testing.T, n *TraceNode) {
				if d := n.Destinations[0]; d.Type != "error" || d.Result != "DNS lookup of exmaple.com (MX) gave HOST_NOT_FOUND" || d.Message == "" {
					t.Errorf("error node: %+v", d)
				}
			}},
		{name: "recursion flag as a number",
			data: `{"type":"routed","address":"a@x.example","destinations":[{"type":"routed","address":"b@x.example","aliasfile":"/etc/valiases/x.example","destinations":[{"type":"routed","address":"a@x.example","recursion":1}]}]}`,
			check: func(t *testing.T, n *TraceNode) {
				if d := n.Destinations[0].Destinations[0]; !d.Recursion || d.Address != "a@x.example" {
					t.Errorf("recursion: %+v", d)
				}
			}},
		{name: "destinations as one node; fields as numbers and null",
			data: `{"type":"routed","address":null,"destinations":{"type":"command","command":42,"mailbox":null}}`,
			check: func(t *testing.T, n *TraceNode) {
				if len(n.Destinations) != 1 || n.Destinations[0].Command != "42" || n.Address != "" {
					t.Errorf("loose node: %+v", n)
				}
			}},
		{name: "local delivery, discard, bounce, defer",
			data: `{"type":"routed","address":"a@x.example","destinations":[{"type":"local_delivery","mailbox":"a@x.example"},{"type":"discard","aliasfile":"/etc/valiases/x.example"},{"type":"bounce","message":"No Such User Here"},{"type":"defer","message":"mailbox is full"}]}`,
			check: func(t *testing.T, n *TraceNode) {
				if len(n.Destinations) != 4 || n.Destinations[0].Mailbox != "a@x.example" || n.Destinations[1].AliasFile == "" || n.Destinations[2].Message != "No Such User Here" || n.Destinations[3].Type != "defer" {
					t.Errorf("nodes: %+v", n.Destinations)
				}
			}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path != "/execute/Email/trace_delivery" || r.URL.Query().Get("recipient") != "a@gmail.com" {
					t.Errorf("request %s", r.URL)
				}
				fmt.Fprint(w, uapiOK(tc.data))
			})
			n, _, err := c.Email.TraceDelivery(t.Context(), "a@gmail.com")
			if err != nil {
				t.Fatal(err)
			}
			if tc.check != nil {
				tc.check(t, n)
			}
			if tc.want != nil || tc.check == nil {
				remote := n
				if n.Type == "routed" {
					remote = &n.Destinations[0]
				}
				if fmt.Sprint(remote.MX) != fmt.Sprint(tc.want) {
					t.Errorf("mx = %+v\nwant %+v", remote.MX, tc.want)
				}
			}
			// A saved snapshot reads back the same.
			b, err := json.Marshal(n)
			if err != nil {
				t.Fatal(err)
			}
			var back TraceNode
			if err := json.Unmarshal(b, &back); err != nil || fmt.Sprintf("%+v", back) != fmt.Sprintf("%+v", *n) {
				t.Errorf("round trip: %v\n%+v\n%+v", err, back, *n)
			}
		})
	}
}

func TestTraceMXString(t *testing.T) {
	t.Parallel()
	for in, want := range map[TraceMX]string{
		{Host: "mx.example.org", IP: "192.0.2.9", Priority: 10, HasPriority: true, DNSSEC: "yes"}: "mx.example.org [192.0.2.9] MX=10 dnssec=yes",
		{Host: "example.org", IP: "192.0.2.7"}:                                                    "example.org [192.0.2.7]",
		{Host: "odd", Line: "odd line"}:                                                           "odd line",
	} {
		if got := in.String(); got != want {
			t.Errorf("%+v: %q, want %q", in, got, want)
		}
	}
}
