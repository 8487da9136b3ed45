package cpanel

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// methodCase is one typed method: how to call it, the path and parameters
// it must send, a realistic answer, and what the decoded value must hold.
type methodCase struct {
	name  string
	path  string
	query map[string]string
	body  string
	call  func(ctx context.Context, c *Client) (any, error)
	check func(t *testing.T, v any)
}

func methodCases() []methodCase {
	return []methodCase{
		{
			name: "Email.ListPOPsWithDisk", path: "/execute/Email/list_pops_with_disk",
			query: map[string]string{"get_restrictions": "1", "domain": "example.com"},
			body: uapiOK(`[
			 {"email":"full@example.com","login":"full@example.com","user":"full","domain":"example.com","_diskquota":"268435456","_diskused":268435456,"diskquota":"256.00","diskused":"256","diskusedpercent_float":100,"suspended_incoming":0,"suspended_login":"0","suspended_outgoing":0,"hold_outgoing":0,"has_suspended":0,"mtime":1500332027},
			 {"email":"big@example.com","_diskquota":null,"_diskused":0,"diskquota":"unlimited","diskused":0,"humandiskquota":"None","suspended_incoming":"1","hold_outgoing":1,"has_suspended":1},
			 {"email":"zero@example.com","_diskquota":0,"diskquota":"unlimited","diskused":"1.5"},
			 {"email":"Main Account","login":"alice","_diskquota":null,"diskused":0}]`),
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
			body: uapiOK(`[{"dest":"boss@example.com","forward":"boss.private@gmail.com","html_dest":"boss@example.com"}]`),
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
			body: uapiOK(`[{"dest":"example.com","forward":"forwardtome.com"}]`),
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
			body: `{"apiversion":3,"func":"list_default_address","module":"Email","result":` + uapiOK(`[{"defaultaddress":":fail: No Such User Here","domain":"example.com"}]`) + `}`,
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
			body: uapiOK(`[{"alwaysaccept":1,"detected":"local","domain":"example.com","entries":[{"domain":"example.com","entrycount":1,"mx":"mail.example.com","priority":"0","row":"odd"}],"local":"1","mx":"mail.example.com","mxcheck":"auto","remote":0,"secondary":0,"status":1,"statusmsg":"Fetched MX List"}]`),
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
			body: uapiOK(`[{"domain":"example.com"},{"domain":"shop.example.net"}]`),
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
			body: uapiOK(`[{"actions":[{"action":"save","dest":"/dev/null"}],"enabled":null,"filtername":"coffee","rules":[{"match":"contains","opt":"or","part":"$message_body","val":"coconut"}],"unescaped":null}]`),
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
			body: uapiOK(`{"cpuser_spam_auto_delete":1,"cpuser_spam_auto_delete_score":"5","rewrites_subjects":1,"spam_as_acl":1,"spam_box_enabled":0,"spam_enabled":1,"spam_status_changeable":1}`),
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
			body: uapiOK(`{"address":"user@example.com","destinations":[{"address":"user@example.com","aliasfile":"/etc/valiases/example.com","destinations":[{"mailbox":"user@example.com","type":"local_delivery"}],"type":"routed"}],"type":"routed"}`),
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
			body: uapiOK(`"12"`),
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
			body: uapiOK(`{"inode_limit":"0","inodes_remain":"0","inodes_used":1035,"megabyte_limit":1024,"megabytes_remain":"0.00","megabytes_used":1024.5,"under_inode_limit":1,"under_megabyte_limit":0,"under_quota_overall":0}`),
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
			body: uapiOK(`{"user":"alice","domain":"example.com","domains":["example.com"],"ip":"203.0.113.10","maximum_emails_per_hour":"100","maximum_defer_fail_percentage":"unlimited","mxcheck":{"example.com":"local"},"disk_block_limit":0,"dkim_enabled":1}`),
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
			body: uapiOK(`{"addon_domains":["shop.example.net"],"main_domain":"example.com","parked_domains":[],"sub_domains":["blog.example.com"]}`),
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
			body: uapiOK(`[{"line_index":0,"type":"control","text_b64":"JFRUTCAxNDQwMA=="},
			 {"line_index":5,"type":"record","dname_b64":"ZXhhbXBsZS5jb20u","ttl":"14400","record_type":"MX","data_b64":["MTA=","bWFpbC5leGFtcGxlLmNvbS4="]},
			 {"line_index":6,"type":"record","dname_b64":"ZXhhbXBsZS5jb20u","ttl":14400,"record_type":"TXT","data_b64":["dj1zcGYxICthICtteCA=","fmFsbA=="]},
			 {"line_index":7,"type":"comment","text_b64":"OyBoaQ=="}]`),
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
			body: uapiOK(`[{"domain":"example.com","local_authority":0,"nameservers":["ns1.cloudflare.com"],"zone":null}]`),
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
			body: uapiOK(`[{"domain":"example.com","expected":"+ip4:203.0.113.10","ip_address":"203.0.113.10","ip_version":4,"records":[{"current":"v=spf1 +a ~all","state":"SOFTFAIL"}],"state":"MISMATCHED"}]`),
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
			body: uapiOK(`[{"domain":"default._domainkey.example.com","expected":"v=DKIM1; k=rsa; p=MIGf","records":[],"state":"MISSING","validity_cache_update":"none"}]`),
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
			body: uapiOK(`[{"domain":"example.com","record":"","state":"MISSING","subdomain":"_dmarc.example.com","suggested":"v=DMARC1; p=none;"}]`),
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
			body: uapiOK(`[{"arpa_domain":"10.113.0.203.in-addr.arpa","domain":"example.com","helo":"server.example.com","ip_address":"203.0.113.10","ip_version":"4","nameservers":["ns1.example.com"],"ptr_records":[{"domain":"server.example.com","forward_records":["203.0.113.99"],"state":"FWD_MISMATCH"}],"state":"PTR_MISMATCH"}]`),
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
			name: "EmailTrack.Search", path: "/json-api/cpanel",
			query: map[string]string{"cpanel_jsonapi_apiversion": "2", "cpanel_jsonapi_module": "EmailTrack", "cpanel_jsonapi_func": "search", "success": "0", "failure": "1", "defer": "1", "inprogress": "0", "recipient": "bob@example.net", "searchmatch_recipient": "eq", "max_results_by_type": "250"},
			body: `{"cpanelresult":{"apiversion":2,"data":[
			  {"type":"failure","user":"alice","domain":"example.com","email":"alice@example.com","sender":"alice@example.com","senderauth":"dovecot_login","senderhost":"localhost","senderip":"127.0.0.1","spamscore":"","size":"1653","msgid":"1wehY8-000000058OG-2yug","sendunixtime":"1700000000","recipient":"bob@example.net","deliveredto":null,"deliveryuser":null,"deliverydomain":null,"router":"lookuphost","transport":"remote_smtp","host":"mx.example.net","ip":"198.51.100.7","message":"SMTP error from remote mail server after RCPT TO:<bob@example.net>: 550 5.1.1 User unknown","actiontime":"2023-11-14 22:13:25","actionunixtime":1700000005,"transport_is_remote":"1"},
			  {"type":"defer","recipient":"bob@example.net","sendunixtime":1700000100,"actionunixtime":1700000100,"spamscore":2.5,"size":10,"message":"Connection timed out","deliveredto":null}
			 ],"event":{"result":1},"func":"search","metadata":{"overflowed":"1"},"module":"EmailTrack"}}`,
			call: func(ctx context.Context, c *Client) (any, error) {
				v, resp, err := c.EmailTrack.Search(ctx, &SearchOptions{Types: []EventType{EventFailure, EventRejected, EventDefer}, Recipient: "bob@example.net", MaxResultsByType: 250})
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
			body: `{"cpanelresult":{"apiversion":2,"data":[{"SENDCOUNT":"14","SUCCESSCOUNT":12,"FAILCOUNT":1,"DEFERCOUNT":1,"TOTALSIZE":27444}],"event":{"result":1},"func":"stats","module":"EmailTrack"}}`,
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
			body: uapiOK(`"importing"`),
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
			c := setup(t, func(w http.ResponseWriter, r *http.Request) {
				if r.Method != http.MethodGet || r.URL.Path != mc.path {
					t.Errorf("request = %s %s, want GET %s", r.Method, r.URL.Path, mc.path)
				}
				for k, want := range mc.query {
					if got := r.URL.Query().Get(k); got != want {
						t.Errorf("query %s = %q, want %q", k, got, want)
					}
				}
				fmt.Fprint(w, mc.body)
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
			c := setup(t, serve(mc.body[:len(mc.body)/2]))
			_, err := mc.call(t.Context(), c)
			var de *DecodeError
			if !errors.As(err, &de) {
				t.Fatalf("err = %v, want *DecodeError", err)
			}
		})
	}
}
