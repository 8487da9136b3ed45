package cpanel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// methodCase is one typed method: how to call it, the path and parameters
// it must send, a realistic answer, and what the decoded value must hold.
type methodCase struct {
	name  string
	path  string
	query map[string]string
	// answer is the file under the module's testdata/ that holds cPanel's
	// answer as it is sent: uapi/<Module>/<function>.json or
	// api2/<Module>/<function>.json.
	answer string
	call   func(ctx context.Context, c *Client) (any, error)
	check  func(t *testing.T, v any)
}

// answerBody returns the case's answer, read from testdata.
func (mc methodCase) answerBody(t *testing.T) string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("..", "testdata", filepath.FromSlash(mc.answer)))
	if err != nil {
		t.Fatalf("%s: %v", mc.name, err)
	}
	return string(b)
}

func methodCases() []methodCase {
	return []methodCase{
		{
			name: "Email.ListPOPsWithDisk", path: "/execute/Email/list_pops_with_disk",
			query:  map[string]string{"get_restrictions": "1", "domain": "example.com"},
			answer: "uapi/Email/list_pops_with_disk.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListPOPsWithDisk(ctx, &ListPOPsOptions{Domain: "example.com"})
				return v, err
			},
			check: func(t *testing.T, v any) {
				m := v.([]Mailbox)
				if len(m) != 4 {
					t.Fatalf("got %d mailboxes", len(m))
				}
				if q := m[0].Quota(); q.Unlimited || q.Value != 268435456 {
					t.Errorf("quota = %+v", q)
				}
				if p, ok := m[0].UsedPercent(); !ok || p != 100 {
					t.Errorf("used%% = %v %v", p, ok)
				}
				if !m[1].Quota().Unlimited || !bool(m[1].SuspendedIncoming) || !bool(m[1].HoldOutgoing) {
					t.Errorf("unlimited/suspended mailbox = %+v", m[1])
				}
				if !m[2].Quota().Unlimited || m[2].UsedBytes() != 1572864 {
					t.Errorf("zero-quota mailbox = %+v (used %v)", m[2].Quota(), m[2].UsedBytes())
				}
				if !m[3].IsMainAccount() || m[0].IsMainAccount() {
					t.Error("main account detection")
				}
			},
		},
		{
			name: "Email.ListForwarders", path: "/execute/Email/list_forwarders", query: map[string]string{"domain": "example.com"},
			answer: "uapi/Email/list_forwarders.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListForwarders(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if f := v.([]Forwarder); len(f) != 1 || f[0].Forward != "boss.private@gmail.com" {
					t.Errorf("got %+v", f)
				}
			},
		},
		{
			name: "Email.ListDomainForwarders", path: "/execute/Email/list_domain_forwarders",
			answer: "uapi/Email/list_domain_forwarders.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListDomainForwarders(ctx, "")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if f := v.([]DomainForwarder); len(f) != 1 || f[0].Forward != "forwardtome.com" {
					t.Errorf("got %+v", f)
				}
			},
		},
		{
			name: "Email.ListDefaultAddress", path: "/execute/Email/list_default_address", query: map[string]string{"user": "alice"},
			answer: "uapi/Email/list_default_address.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListDefaultAddress(ctx, "alice", "")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if d := v.([]DefaultAddress); len(d) != 1 || !strings.HasPrefix(d[0].DefaultAddress, ":fail:") {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "Email.ListMXs", path: "/execute/Email/list_mxs",
			answer: "uapi/Email/list_mxs.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListMXs(ctx, "")
				return v, err
			},
			check: func(t *testing.T, v any) {
				m := v.([]MXRouting)
				if len(m) != 1 || m[0].MXCheck != "auto" || !bool(m[0].Local) || len(m[0].Entries) != 1 || m[0].Entries[0].MX != "mail.example.com" {
					t.Errorf("got %+v", m)
				}
			},
		},
		{
			name: "Email.ListMailDomains", path: "/execute/Email/list_mail_domains",
			answer: "uapi/Email/list_mail_domains.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListMailDomains(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				if d := v.([]string); len(d) != 2 || d[0] != "example.com" {
					t.Errorf("got %v", d)
				}
			},
		},
		{
			name: "Email.ListFilters", path: "/execute/Email/list_filters", query: map[string]string{"account": "info@example.com"},
			answer: "uapi/Email/list_filters.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.ListFilters(ctx, "info@example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				f := v.([]Filter)
				if len(f) != 1 || f[0].Name != "coffee" || !f[0].IsEnabled() || f[0].Actions[0].Dest != "/dev/null" || f[0].Account != "info@example.com" {
					t.Errorf("got %+v", f)
				}
			},
		},
		{
			name: "Email.GetSpamSettings", path: "/execute/Email/get_spam_settings",
			answer: "uapi/Email/get_spam_settings.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.GetSpamSettings(ctx, "")
				return v, err
			},
			check: func(t *testing.T, v any) {
				on, score := v.(*SpamSettings).AutoDelete()
				if !on || score != 5 {
					t.Errorf("auto delete = %v %v", on, score)
				}
			},
		},
		{
			name: "Email.TraceDelivery", path: "/execute/Email/trace_delivery", query: map[string]string{"recipient": "user@example.com"},
			answer: "uapi/Email/trace_delivery.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.TraceDelivery(ctx, "user@example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				n := v.(*TraceNode)
				if n.Type != "routed" || n.Destinations[0].Destinations[0].Type != "local_delivery" {
					t.Errorf("got %+v", n)
				}
			},
		},
		{
			name: "Email.GetHeldMessageCount", path: "/execute/Email/get_held_message_count", query: map[string]string{"email": "a@example.com"},
			answer: "uapi/Email/get_held_message_count.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.GetHeldMessageCount(ctx, "a@example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if v.(int) != 12 {
					t.Errorf("got %v", v)
				}
			},
		},
		{
			name: "Quota.GetQuotaInfo", path: "/execute/Quota/get_quota_info",
			answer: "uapi/Quota/get_quota_info.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Quota.GetQuotaInfo(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				q := v.(*QuotaInfo)
				if q.DiskLimitBytes().Value != 1<<30 || !q.InodeLimit().Unlimited || q.InodesUsed != 1035 || bool(*q.UnderQuotaOverall) {
					t.Errorf("got %+v", q)
				}
			},
		},
		{
			name: "Variables.GetUserInformation", path: "/execute/Variables/get_user_information",
			answer: "uapi/Variables/get_user_information.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Variables.GetUserInformation(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				u := v.(*UserInformation)
				if u.MaximumEmailsPerHour.Value != 100 || !u.MaximumDeferFailPercentage.Unlimited || u.MXCheck["example.com"] != "local" || len(u.Raw) == 0 {
					t.Errorf("got %+v", u)
				}
			},
		},
		{
			name: "DomainInfo.ListDomains", path: "/execute/DomainInfo/list_domains",
			answer: "uapi/DomainInfo/list_domains.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.DomainInfo.ListDomains(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				d := v.(*Domains)
				if d.MainDomain != "example.com" || len(d.All()) != 3 {
					t.Errorf("got %+v", d)
				}
			},
		},
		{
			name: "DNS.ParseZone", path: "/execute/DNS/parse_zone", query: map[string]string{"zone": "example.com"},
			// MX "10 mail.example.com." and a TXT split in two strings.
			answer: "uapi/DNS/parse_zone.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.DNS.ParseZone(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				r := v.([]ZoneRecord)
				if len(r) != 2 || r[0].Type != "MX" || r[0].Data[1] != "mail.example.com." || r[0].TTL != 14400 || r[1].Text() != "v=spf1 +a +mx ~all" || r[1].FQDN("example.com") != "example.com" {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "DNS.HasLocalAuthority", path: "/execute/DNS/has_local_authority", query: map[string]string{"domain": "example.com"},
			answer: "uapi/DNS/has_local_authority.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.DNS.HasLocalAuthority(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if a := v.([]LocalAuthority); len(a) != 1 || bool(a[0].LocalAuthority) || a[0].Nameservers[0] != "ns1.cloudflare.com" {
					t.Errorf("got %+v", a)
				}
			},
		},
		{
			name: "EmailAuth.ValidateCurrentSPFs", path: "/execute/EmailAuth/validate_current_spfs", query: map[string]string{"domain": "example.com"},
			answer: "uapi/EmailAuth/validate_current_spfs.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.EmailAuth.ValidateCurrentSPFs(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if s := v.([]SPFStatus); len(s) != 1 || s[0].State != "MISMATCHED" || s[0].Records[0].State != "SOFTFAIL" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "EmailAuth.ValidateCurrentDKIMs", path: "/execute/EmailAuth/validate_current_dkims", query: map[string]string{"domain": "example.com"},
			answer: "uapi/EmailAuth/validate_current_dkims.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.EmailAuth.ValidateCurrentDKIMs(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if s := v.([]DKIMStatus); len(s) != 1 || s[0].State != "MISSING" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "EmailAuth.ValidateCurrentDMARCs", path: "/execute/EmailAuth/validate_current_dmarcs",
			answer: "uapi/EmailAuth/validate_current_dmarcs.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.EmailAuth.ValidateCurrentDMARCs(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				if s := v.([]DMARCStatus); len(s) != 1 || s[0].State != "MISSING" || s[0].Suggested == "" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "EmailAuth.ValidateCurrentPTRs", path: "/execute/EmailAuth/validate_current_ptrs", query: map[string]string{"domain": "example.com"},
			answer: "uapi/EmailAuth/validate_current_ptrs.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.EmailAuth.ValidateCurrentPTRs(ctx, "example.com")
				return v, err
			},
			check: func(t *testing.T, v any) {
				if s := v.([]PTRStatus); len(s) != 1 || s[0].State != "PTR_MISMATCH" || s[0].IPVersion != 4 || s[0].PTRRecords[0].State != "FWD_MISMATCH" {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "EmailTrack.Records", path: "/json-api/cpanel",
			query:  map[string]string{"cpanel_jsonapi_apiversion": "2", "cpanel_jsonapi_module": "EmailTrack", "cpanel_jsonapi_func": "search", "success": "0", "failure": "1", "defer": "1", "inprogress": "0", "recipient": "bob@example.net", "searchmatch_recipient": "eq", "max_results_by_type": "250"},
			answer: "api2/EmailTrack/search.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				// One answer, read by the page Records reads with: its
				// metadata.overflowed reaches the Response.
				var v []DeliveryRecord
				resp, err := c.EmailTrack.page(ctx, &SearchOptions{Types: []EventType{EventFailure, EventRejected, EventDefer}, Recipient: "bob@example.net", MaxResultsByType: 250}, c.maxBody, func(r DeliveryRecord) error {
					v = append(v, r)
					return nil
				})
				if err == nil && !resp.Overflowed {
					return nil, fmt.Errorf("overflowed not surfaced")
				}
				return v, err
			},
			check: func(t *testing.T, v any) {
				r := v.([]DeliveryRecord)
				if len(r) != 2 || r[0].Size != 1653 || r[0].SendUnixTime != 1700000000 || r[0].SpamScore != 0 || r[1].SpamScore != 2.5 || !bool(r[0].TransportIsRemote) || r[0].Time().Unix() != 1700000005 {
					t.Errorf("got %+v", r)
				}
			},
		},
		{
			name: "EmailTrack.Stats", path: "/json-api/cpanel", query: map[string]string{"cpanel_jsonapi_func": "stats"},
			answer: "api2/EmailTrack/stats.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.EmailTrack.Stats(ctx, nil)
				return v, err
			},
			check: func(t *testing.T, v any) {
				if s := v.(*TrackStats); s.SendCount != 14 || s.FailCount != 1 {
					t.Errorf("got %+v", s)
				}
			},
		},
		{
			name: "Email.StatsDBStatus", path: "/execute/Email/stats_db_status",
			answer: "uapi/Email/stats_db_status.json",
			call: func(ctx context.Context, c *Client) (any, error) {
				v, _, err := c.Email.StatsDBStatus(ctx)
				return v, err
			},
			check: func(t *testing.T, v any) {
				if v.(string) != "importing" {
					t.Errorf("got %v", v)
				}
			},
		},
	}
}

func TestMethods(t *testing.T) {
	t.Parallel()
	for _, mc := range methodCases() {
		isAPI2 := strings.HasPrefix(mc.path, "/json-api/")
		t.Run(mc.name+"/success", func(t *testing.T) {
			t.Parallel()
			body := mc.answerBody(t)
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.URL.Path != mc.path {
					t.Errorf("request = %s %s, want GET %s", r.Method, r.URL.Path, mc.path)
				}
				for k, want := range mc.query {
					if got := r.URL.Query().Get(k); got != want {
						t.Errorf("query %s = %q, want %q", k, got, want)
					}
				}
				fmt.Fprint(w, body)
			})
			v, err := mc.call(t.Context(), c)
			if err != nil {
				t.Fatal(err)
			}
			mc.check(t, v)
		})
		t.Run(mc.name+"/401", func(t *testing.T) {
			t.Parallel()
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(http.StatusUnauthorized)
				fmt.Fprint(w, "Unauthorized")
			})
			if _, err := mc.call(t.Context(), c); !errors.Is(err, ErrUnauthorized) {
				t.Fatalf("err = %v, want ErrUnauthorized", err)
			}
		})
		t.Run(mc.name+"/api error", func(t *testing.T) {
			t.Parallel()
			body := `{"data":null,"errors":["The feature “x” is not enabled."],"status":0}`
			if isAPI2 {
				body = `{"cpanelresult":{"apiversion":2,"data":[],"error":"The feature “x” is not enabled.","event":{"result":0}}}`
			}
			c := setup(t, serve(body))
			_, err := mc.call(t.Context(), c)
			var ae *APIError
			if !errors.As(err, &ae) || !strings.Contains(err.Error(), "is not enabled") {
				t.Fatalf("err = %v, want *APIError with cPanel's text", err)
			}
		})
		t.Run(mc.name+"/malformed", func(t *testing.T) {
			t.Parallel()
			body := mc.answerBody(t)
			c := setup(t, serve(body[:len(body)/2]))
			_, err := mc.call(t.Context(), c)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DecodeError", err)
			}
		})
	}
}
