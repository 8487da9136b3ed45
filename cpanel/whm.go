package cpanel

import (
	"context"
	"encoding/json"
	"errors"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// DefaultWHMPort is WHM's TLS port.
const DefaultWHMPort = 2087

// whmModule is the module name the client gives WHM API 1 functions in
// errors, logs and the read-only check.
const whmModule = "WHM"

// whmReadOnlyList is the allow-list of WHM API 1 functions cpmail may
// call, one a line: each one only reads (reference §5). uapi_cpanel and
// cpanel are not on it: they carry a cPanel call, which is checked
// against the cPanel list instead.
const whmReadOnlyList = `
listaccts
accountsummary
listsuspended
emailtrack_user_stats
`

// IsReadOnlyWHMCall reports whether the WHM API 1 function is on cpmail's
// read-only allow-list. The match is exact.
func IsReadOnlyWHMCall(function string) bool {
	if function == "" || strings.ContainsAny(function, "\n \t") {
		return false
	}
	return strings.Contains(whmReadOnlyList, "\n"+function+"\n")
}

// WHMClient talks to WHM API 1 with a root or reseller API token (WHM »
// Development » Manage API Tokens), sent as "Authorization: whm
// USER:TOKEN". It lists the accounts the token may see, reads their
// account-level facts, and hands out a *Client for any one of them
// (Account) whose services read the account through WHM. It only reads.
//
// A WHMClient and the account clients it hands out share one connection
// pool, one credential gate (the first refused token stops every call of
// all of them) and one rate limit. They are safe for concurrent use.
type WHMClient struct {
	c *Client
}

// NewWHMClient returns a WHM client for host (as ParseHost, with the
// default port 2087) that authenticates as user (root or a reseller)
// with token. The options are those of NewClient; WithRateLimit spaces
// out the requests of the client and of every account client it makes.
func NewWHMClient(host, user, token string, opts ...Option) (*WHMClient, error) {
	base, err := ParseWHMHost(host)
	if err != nil {
		return nil, err
	}
	c, err := newClient(base, user, token, whmRoute{user: user}, opts)
	if err != nil {
		return nil, err
	}
	return &WHMClient{c: c}, nil
}

// User returns the WHM user the token belongs to.
func (w *WHMClient) User() string { return w.c.user }

// BaseURL returns the server's base URL (without credentials).
func (w *WHMClient) BaseURL() string { return w.c.BaseURL() }

// Refused returns the refusal of the credentials, once one answer has
// refused them (see ErrCredentialsRefused), else nil.
func (w *WHMClient) Refused() error { return w.c.Refused() }

// Account returns a client whose services read the cPanel account user
// through WHM: UAPI through uapi_cpanel, API 2 through WHM's cpanel
// proxy. The user name is sent lower-case, as WHM requires.
func (w *WHMClient) Account(user string) *Client {
	c := *w.c
	c.user = strings.ToLower(strings.TrimSpace(user))
	c.route = whmRoute{user: w.c.user, account: c.user}
	c.attachServices()
	return &c
}

// Call calls the WHM API 1 function (one on the read-only allow-list)
// with params and api.version=1, checks metadata.result and decodes data
// into out (which may be nil).
func (w *WHMClient) Call(ctx context.Context, function string, params url.Values, out any) (*Response, error) {
	body, resp, err := w.c.get(ctx, whmModule, function, "/json-api/"+url.PathEscape(function), whmParams(params))
	if err != nil {
		return resp, err
	}
	var env struct {
		Data     json.RawMessage `json:"data"`
		Metadata json.RawMessage `json:"metadata"`
	}
	if err := decodeJSON(whmModule, function, body, &env); err != nil {
		return resp, err
	}
	var md whmMetadata
	if json.Unmarshal(env.Metadata, &md) != nil || md.Result == nil {
		return resp, &DecodeError{Module: whmModule, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"metadata.result\" in the WHM answer"), Snippet: snippet(body, 120)}
	}
	resp.Metadata = env.Metadata // as sent, every field kept
	if err := md.check(whmModule, function); err != nil {
		return resp, err
	}
	if out != nil && len(env.Data) > 0 && string(env.Data) != "null" {
		if err := json.Unmarshal(env.Data, out); err != nil {
			return resp, &DecodeError{Module: whmModule, Function: function, Kind: DecodeUnexpectedShape, Err: err}
		}
	}
	return resp, nil
}

// WHMAccount is one account as listaccts and accountsummary describe it:
// the account-level facts a cPanel token cannot see.
type WHMAccount struct {
	User   String `json:"user"`
	Domain String `json:"domain"`
	Owner  String `json:"owner"`
	Email  String `json:"email"`
	Plan   String `json:"plan"`
	IP     String `json:"ip"`
	// Suspended is the whole account's suspension; SuspendReason is what
	// the suspender wrote (may be empty), SuspendTime a Unix time or 0.
	Suspended     Bool   `json:"suspended"`
	SuspendReason String `json:"suspendreason"`
	SuspendTime   Int    `json:"suspendtime"`
	// OutgoingMailSuspended: the server rejects the account's outgoing
	// mail; OutgoingMailHold: it keeps it in the queue.
	OutgoingMailSuspended Bool `json:"outgoing_mail_suspended"`
	OutgoingMailHold      Bool `json:"outgoing_mail_hold"`
	// MaxEmailPerHour and MaxDeferFailPercentage are the account's
	// hourly limits ("unlimited" or a number).
	MaxEmailPerHour                 Limit `json:"max_email_per_hour"`
	MaxDeferFailPercentage          Limit `json:"max_defer_fail_percentage"`
	MinDeferFailToTriggerProtection Limit `json:"min_defer_fail_to_trigger_protection"`
}

// ListAccountsOptions narrows listaccts.
type ListAccountsOptions struct {
	// Owner keeps the accounts of this reseller (searchtype=owner, exact).
	Owner string
	// PageSize is the number of accounts asked for at once (api.chunk);
	// 0 is 100.
	PageSize int
}

// ListAccounts returns an iterator over the accounts the token may see
// (WHM API 1 listaccts), read a page at a time with api.chunk. The first
// error ends the sequence.
func (w *WHMClient) ListAccounts(ctx context.Context, opts *ListAccountsOptions) iter.Seq2[WHMAccount, error] {
	var o ListAccountsOptions
	if opts != nil {
		o = *opts
	}
	size := o.PageSize
	if size <= 0 {
		size = 100
	}
	return func(yield func(WHMAccount, error) bool) {
		seen := map[String]bool{}
		for start := 1; ; start += size {
			q := url.Values{}
			if o.Owner != "" {
				q.Set("search", o.Owner)
				q.Set("searchtype", "owner")
				q.Set("searchmethod", "exact")
			}
			q.Set("api.chunk.enable", "1")
			q.Set("api.chunk.verbose", "1")
			q.Set("api.chunk.start", strconv.Itoa(start))
			q.Set("api.chunk.size", strconv.Itoa(size))
			var data struct {
				Acct []WHMAccount `json:"acct"`
			}
			if _, err := w.Call(ctx, "listaccts", q, &data); err != nil {
				yield(WHMAccount{}, err)
				return
			}
			fresh := 0
			for _, a := range data.Acct {
				if seen[a.User] {
					continue // a server that ignores api.chunk repeats itself
				}
				seen[a.User] = true
				fresh++
				if !yield(a, nil) {
					return
				}
			}
			if len(data.Acct) < size || fresh == 0 {
				return
			}
		}
	}
}

// AccountSummary returns one account's facts (WHM API 1 accountsummary).
// A token that may not see the account gets WHM's refusal, an *APIError.
func (w *WHMClient) AccountSummary(ctx context.Context, user string) (*WHMAccount, *Response, error) {
	var data struct {
		Acct []WHMAccount `json:"acct"`
	}
	resp, err := w.Call(ctx, "accountsummary", url.Values{"user": {strings.ToLower(user)}}, &data)
	if err != nil {
		return nil, resp, err
	}
	if len(data.Acct) == 0 {
		return nil, resp, &APIError{API: "whm", Module: whmModule, Function: "accountsummary", Errors: []string{"no account " + strconv.Quote(user)}}
	}
	return &data.Acct[0], resp, nil
}

// UserStats is one account's row of emailtrack_user_stats: its sending
// in the window, and whether it reached its hourly limits.
type UserStats struct {
	User          String `json:"USER"`
	Domain        String `json:"DOMAIN"`
	PrimaryDomain String `json:"PRIMARY_DOMAIN"`
	Owner         String `json:"OWNER"`
	// TrackStats are the counts, as EmailTrack::stats gives them for one
	// account.
	TrackStats
	ReachedMaxEmails    Bool `json:"REACHED_MAXEMAILS"`
	ReachedMaxDeferFail Bool `json:"REACHED_MAXDEFERFAIL"`
}

// EmailTrackUserStats returns the sending of every account the token may
// see since since (WHM API 1 emailtrack_user_stats), one row an account.
func (w *WHMClient) EmailTrackUserStats(ctx context.Context, since time.Time) ([]UserStats, *Response, error) {
	q := url.Values{}
	if !since.IsZero() {
		q.Set("starttime", strconv.FormatInt(since.Unix(), 10))
	}
	var data struct {
		Records []UserStats `json:"records"`
	}
	resp, err := w.Call(ctx, "emailtrack_user_stats", q, &data)
	return data.Records, resp, err
}
