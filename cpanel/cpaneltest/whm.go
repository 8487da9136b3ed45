package cpaneltest

import (
	"bytes"
	"crypto/subtle"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel"
)

// WHMAccount is one cPanel account of a fake WHM server: a scenario
// (its mail, DNS and delivery log) and the account-level facts only WHM
// shows.
type WHMAccount struct {
	// Scenario is the account's content; its Account.User is the account
	// name unless User is set.
	Scenario *Scenario
	// User renames the account (so that one scenario can be served as
	// many accounts).
	User string
	// Owner is the reseller that owns the account; empty is "root".
	Owner string
	// Suspended suspends the whole account, with SuspendReason (may be
	// empty) since SuspendedAgo before the server's clock.
	Suspended     bool
	SuspendReason string
	SuspendedAgo  time.Duration
	// OutgoingMailSuspended and OutgoingMailHold are WHM's account-level
	// outgoing mail switches.
	OutgoingMailSuspended bool
	OutgoingMailHold      bool
	// MaxEmailPerHour and MaxDeferFailPercentage are the account's hourly
	// limits as listaccts sends them; empty is "unlimited".
	MaxEmailPerHour        string
	MaxDeferFailPercentage string
	// ReachedMaxEmails and ReachedMaxDeferFail are what
	// emailtrack_user_stats says about the limits.
	ReachedMaxEmails    bool
	ReachedMaxDeferFail bool
}

// whmAccount is a served account: its facts and the handler that answers
// its cPanel calls.
type whmAccount struct {
	WHMAccount
	user string
	h    *Handler
}

// WHMHandler serves WHM API 1 for many accounts at once, as a WHM server
// does on port 2087: listaccts (paged with api.chunk), accountsummary,
// listsuspended, emailtrack_user_stats, and the cPanel calls of any
// account through uapi_cpanel and the API 2 proxy cpanel. It accepts the
// root token and reseller tokens (see AddReseller); a reseller sees only
// the accounts it owns. State-changing WHM functions (anything off the
// client's WHM allow-list) are recorded and refused, and so are
// state-changing cPanel functions through the proxies.
//
// A WHMHandler is safe for concurrent use.
type WHMHandler struct {
	now     func() time.Time
	latency time.Duration
	user    string
	token   string
	order   []*whmAccount
	byUser  map[string]*whmAccount

	mu        sync.Mutex
	resellers map[string]string // reseller → token
	calls     []Call
	faults    faultTable
}

// NewWHMHandler returns a handler that serves accounts. The options are
// those of NewHandler: WithCredentials sets the root user and token
// (default "root" and a random token), WithClock the clock of every
// account, WithLatency the delay of every answer. It panics on a nil or
// invalid scenario, or on two accounts of one name.
func NewWHMHandler(accounts []WHMAccount, opts ...Option) *WHMHandler {
	c := config{now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	if !c.credentialsSet {
		c.user, c.token = "root", randomToken()
	}
	w := &WHMHandler{now: c.now, latency: c.latency, user: c.user, token: c.token,
		byUser: map[string]*whmAccount{}, resellers: map[string]string{}, faults: faultTable{}}
	for _, a := range accounts {
		if a.Scenario == nil {
			panic("cpaneltest: a WHM account with a nil scenario")
		}
		sc := *a.Scenario
		if a.User != "" {
			sc.Account.User = a.User
		}
		user := sc.Account.User
		if _, dup := w.byUser[user]; dup {
			panic(fmt.Sprintf("cpaneltest: two WHM accounts named %q", user))
		}
		if a.Owner == "" {
			a.Owner = "root"
		}
		acct := &whmAccount{WHMAccount: a, user: user, h: NewHandler(&sc, WithClock(c.now))}
		w.order = append(w.order, acct)
		w.byUser[user] = acct
	}
	return w
}

// User returns the root user the handler accepts.
func (w *WHMHandler) User() string { return w.user }

// Token returns root's API token.
func (w *WHMHandler) Token() string { return w.token }

// AddReseller accepts a WHM token for the reseller name and returns it.
func (w *WHMHandler) AddReseller(name string) string {
	w.mu.Lock()
	defer w.mu.Unlock()
	t := randomToken()
	w.resellers[name] = t
	return t
}

// tokens are root's token and every reseller's.
func (w *WHMHandler) tokens() []string {
	w.mu.Lock()
	defer w.mu.Unlock()
	out := []string{w.token}
	for _, t := range w.resellers {
		out = append(out, t)
	}
	return out
}

// Account returns the handler of one account (for its faults and its
// calls), or nil.
func (w *WHMHandler) Account(user string) *Handler {
	if a := w.byUser[user]; a != nil {
		return a.h
	}
	return nil
}

// Users returns the account names in the order listaccts lists them.
func (w *WHMHandler) Users() []string {
	out := make([]string, len(w.order))
	for i, a := range w.order {
		out[i] = a.user
	}
	return out
}

// Calls returns every call the WHM server received, in order: WHM API
// 1's own functions (API "whm") and the proxied cPanel calls (API "uapi"
// or "api2", with Account set), refused ones included.
func (w *WHMHandler) Calls() []Call {
	w.mu.Lock()
	defer w.mu.Unlock()
	return append([]Call(nil), w.calls...)
}

// SetFault makes WHM API 1 calls that match misbehave: match is
// "WHM::function" or "*" (see Handler.SetFault). For the faults of one
// account's cPanel calls, set them on Account(user).
func (w *WHMHandler) SetFault(match string, f Fault) {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.faults.set(match, f)
}

// WHMServer is a WHMHandler listening on a loopback port.
type WHMServer struct {
	*WHMHandler
	// URL is the base URL, http://127.0.0.1:PORT.
	URL string

	srv  *http.Server
	once sync.Once
}

// NewWHMServer starts a WHM server for accounts on 127.0.0.1; stop it
// with Close.
func NewWHMServer(accounts []WHMAccount, opts ...Option) *WHMServer {
	w := NewWHMHandler(accounts, opts...)
	base, srv := serveLoopback(w)
	return &WHMServer{WHMHandler: w, URL: base, srv: srv}
}

// Close stops the server; it is safe to call more than once.
func (s *WHMServer) Close() { s.once.Do(func() { _ = s.srv.Close() }) }

// whmBody encodes WHM API 1's envelope.
func whmBody(function string, data any, reason string, okay bool, extra map[string]any) []byte {
	md := map[string]any{"command": function, "reason": reason, "result": 0, "version": 1}
	if okay {
		md["result"] = 1
	}
	for k, v := range extra {
		md[k] = v
	}
	env := map[string]any{"metadata": md}
	if data != nil {
		env["data"] = data
	}
	return mustJSON(env)
}

// parseWHMCall recognizes a WHM request: a proxied cPanel call or a WHM
// API 1 function.
func (w *WHMHandler) parseWHMCall(r *http.Request, caller string) (Call, bool) {
	fn, ok := strings.CutPrefix(r.URL.Path, "/json-api/")
	if !ok || fn == "" || strings.Contains(fn, "/") {
		return Call{}, false
	}
	params := recordedParams(r.Form, w.tokens()...)
	c := Call{Method: r.Method, Params: params, Caller: caller}
	switch fn {
	case "uapi_cpanel":
		c.API, c.Module, c.Function, c.Account = "uapi", params.Get("cpanel.module"), params.Get("cpanel.function"), params.Get("cpanel.user")
		for _, k := range []string{"cpanel.module", "cpanel.function", "cpanel.user", "api.version"} {
			params.Del(k)
		}
		c.StateChanging = !cpanel.IsReadOnlyCall(c.Module, c.Function)
	case "cpanel":
		c.API, c.Module, c.Function, c.Account = "api2", params.Get("cpanel_jsonapi_module"), params.Get("cpanel_jsonapi_func"), params.Get("cpanel_jsonapi_user")
		c.version = params.Get("cpanel_jsonapi_apiversion")
		for _, k := range []string{"cpanel_jsonapi_apiversion", "cpanel_jsonapi_module", "cpanel_jsonapi_func", "cpanel_jsonapi_user"} {
			params.Del(k)
		}
		c.StateChanging = !cpanel.IsReadOnlyCall(c.Module, c.Function)
	default:
		c.API, c.Module, c.Function = "whm", "WHM", fn
		c.StateChanging = !cpanel.IsReadOnlyWHMCall(fn)
	}
	return c, true
}

// caller checks "Authorization: whm USER:TOKEN" and returns the user
// (root or a reseller), or "".
func (w *WHMHandler) caller(r *http.Request) string {
	scheme, cred, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "whm") {
		return ""
	}
	user, token, ok := strings.Cut(strings.TrimSpace(cred), ":")
	if !ok || token == "" {
		return ""
	}
	want := w.token
	if user != w.user {
		w.mu.Lock()
		want = w.resellers[user]
		w.mu.Unlock()
	}
	if want == "" || subtle.ConstantTimeCompare([]byte(token), []byte(want)) != 1 {
		return ""
	}
	return user
}

// claimed returns the user the Authorization header names, verified or
// not (for recording).
func claimed(r *http.Request) string {
	_, cred, _ := strings.Cut(r.Header.Get("Authorization"), " ")
	user, _, _ := strings.Cut(strings.TrimSpace(cred), ":")
	return user
}

// visible returns the account if caller may see it.
func (w *WHMHandler) visible(caller, user string) *whmAccount {
	a := w.byUser[user] // exact: WHM fails on a name with capitals
	if a == nil || !w.sees(caller, a) {
		return nil
	}
	return a
}

// sees reports whether caller (root or a reseller) may see a: root sees
// every account, a reseller those it owns.
func (w *WHMHandler) sees(caller string, a *whmAccount) bool {
	return caller == w.user || a.Owner == caller
}

// takeFault returns the WHM-level fault for c, if any.
func (w *WHMHandler) takeFault(c Call) *Fault {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.faults.take(c.Name(), "*")
}

// ServeHTTP answers one WHM request.
func (w *WHMHandler) ServeHTTP(rw http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(rw, "Bad Request", http.StatusBadRequest)
		return
	}
	caller := w.caller(r)
	call, isAPI := w.parseWHMCall(r, claimed(r))
	if !isAPI {
		writePlain(rw, http.StatusNotFound, "Not Found\n")
		return
	}
	w.mu.Lock()
	w.calls = append(w.calls, call)
	w.mu.Unlock()
	var acct *whmAccount
	if call.API != "whm" && caller != "" {
		acct = w.visible(caller, call.Account)
	}
	if acct != nil {
		acct.h.record(call)
	}
	if !sleep(r.Context(), w.latency) {
		return
	}
	var fault *Fault
	if acct != nil {
		fault = acct.h.takeFault(call)
	} else {
		fault = w.takeFault(call)
	}
	if fault != nil {
		if !sleep(r.Context(), fault.Latency) {
			return
		}
		if fault.serveRaw(rw, call) {
			return
		}
	}
	if caller == "" {
		writePlain(rw, http.StatusForbidden, accessDenied)
		return
	}
	var body []byte
	switch {
	case call.API == "whm":
		body = w.serveWHM(call, caller, fault)
	case acct == nil:
		denied := fmt.Sprintf("Access denied to account “%s”: it does not exist or %s does not own it.", call.Account, caller)
		if call.API == "uapi" {
			body = whmBody("uapi_cpanel", nil, denied, false, nil)
		} else {
			body = api2Body(call.Module, call.Function, result{err: denied})
		}
	case call.API == "uapi":
		res := acct.h.answer(call, fault)
		body = whmBody("uapi_cpanel", map[string]any{"uapi": rawJSON(uapiBody(res))}, "OK", true, nil)
	default:
		body = api2Body(call.Module, call.Function, acct.h.answer(call, fault))
	}
	writeJSON(r.Context(), rw, body, fault)
}

// rawJSON is JSON already encoded, kept as it is inside another answer.
type rawJSON []byte

// MarshalJSON implements json.Marshaler.
func (r rawJSON) MarshalJSON() ([]byte, error) { return r, nil }

// serveWHM answers WHM API 1's own functions.
func (w *WHMHandler) serveWHM(c Call, caller string, fault *Fault) []byte {
	if fault != nil && fault.StatusZero != "" {
		return whmBody(c.Function, nil, fault.StatusZero, false, nil)
	}
	if c.StateChanging && (namesAChange(c.Function) || oneOf(c.Function, "suspendacct", "unsuspendacct", "killacct", "passwd", "modifyacct", "createacct")) {
		return whmBody(c.Function, nil, c.Function+" is not permitted in this fake: state-changing functions are refused (cpmail only reads).", false, nil)
	}
	// Any other function off the allow-list is none of the cases below:
	// it gets WHM's "Unknown app" at the end.
	var mine []*whmAccount
	for _, a := range w.order {
		if w.sees(caller, a) {
			mine = append(mine, a)
		}
	}
	switch c.Function {
	case "listaccts":
		return w.listaccts(c.Params, mine)
	case "accountsummary":
		user := c.Params.Get("user")
		if user == "" {
			return whmBody(c.Function, nil, "You must specify a user or domain to get a summary of.", false, nil)
		}
		a := w.visible(caller, user)
		if a == nil {
			return whmBody(c.Function, nil, fmt.Sprintf("Account “%s” does not exist or you do not have access to it.", user), false, nil)
		}
		return whmBody(c.Function, map[string]any{"acct": []any{w.acctRow(a)}}, "OK", true, nil)
	case "listsuspended":
		var rows []any
		for _, a := range mine {
			if a.Suspended {
				t := w.now().Add(-a.SuspendedAgo)
				rows = append(rows, map[string]any{"user": a.user, "owner": a.Owner, "reason": a.SuspendReason, "is_locked": 0,
					"time": t.UTC().Format("Mon Jan 2 15:04:05 2006"), "unixtime": t.Unix()})
			}
		}
		return whmBody(c.Function, map[string]any{"account": rows}, "OK", true, nil)
	case "emailtrack_user_stats":
		start, _ := strconv.ParseInt(c.Params.Get("starttime"), 10, 64)
		var rows []any
		for _, a := range mine {
			rows = append(rows, w.userStats(a, start))
		}
		return whmBody(c.Function, map[string]any{"records": rows}, "OK", true, nil)
	}
	return whmBody(c.Function, nil, fmt.Sprintf("Unknown app (“%s”) requested for this version (1) of the API.", c.Function), false, nil)
}

// listaccts serves the accounts, narrowed by search/searchtype and paged
// by api.chunk (start is 1-based).
func (w *WHMHandler) listaccts(p url.Values, mine []*whmAccount) []byte {
	var rows []any
	search, st := p.Get("search"), p.Get("searchtype")
	for _, a := range mine {
		if search != "" {
			v := a.user
			switch st {
			case "owner":
				v = a.Owner
			case "domain":
				v = a.h.sc.Account.MainDomain
			}
			if p.Get("searchmethod") == "exact" && v != search || p.Get("searchmethod") != "exact" && !strings.Contains(v, search) {
				continue
			}
		}
		rows = append(rows, w.acctRow(a))
	}
	total := len(rows)
	var extra map[string]any
	if flag(p, "api.chunk.enable") {
		start, _ := strconv.Atoi(p.Get("api.chunk.start"))
		size, _ := strconv.Atoi(p.Get("api.chunk.size"))
		if start < 1 {
			start = 1
		}
		if size <= 0 {
			size = 20
		}
		from, to := min(start-1, total), min(start-1+size, total)
		rows = rows[from:to]
		extra = map[string]any{"chunk": map[string]any{"start": start, "size": size, "records": total, "current": (start-1)/size + 1}}
	}
	if rows == nil {
		rows = []any{}
	}
	return whmBody("listaccts", map[string]any{"acct": rows}, "OK", true, extra)
}

// acctRow is one account as listaccts and accountsummary send it, with
// the loose types of a real server (flags as numbers and strings, limits
// as "unlimited" or a numeric string, suspendtime null when not
// suspended).
func (w *WHMHandler) acctRow(a *whmAccount) map[string]any {
	sc := a.h.sc
	row := map[string]any{
		"user": a.user, "domain": sc.Account.MainDomain, "owner": a.Owner, "ip": sc.Account.IP,
		"email": "admin@" + sc.Account.MainDomain, "plan": "default", "theme": "jupiter", "partition": "home",
		"diskused": fmt.Sprintf("%.0fM", sc.Account.DiskUsedMB), "disklimit": "unlimited",
		"suspended": 0, "suspendreason": "not suspended", "suspendtime": nil,
		"outgoing_mail_suspended": "0", "outgoing_mail_hold": "0",
		"max_email_per_hour": orDefault(a.MaxEmailPerHour, "unlimited"), "max_defer_fail_percentage": orDefault(a.MaxDeferFailPercentage, "unlimited"),
		"min_defer_fail_to_trigger_protection": "5", "mailbox_format": "maildir", "is_locked": 0,
		"startdate": "22 May 13 16:03", "unix_startdate": 1653235380,
	}
	if sc.Account.DiskLimitMB > 0 {
		row["disklimit"] = fmt.Sprintf("%.0fM", sc.Account.DiskLimitMB)
	}
	if a.Suspended {
		row["suspended"], row["suspendreason"], row["suspendtime"] = 1, a.SuspendReason, w.now().Add(-a.SuspendedAgo).Unix()
	}
	if a.OutgoingMailSuspended {
		row["outgoing_mail_suspended"] = "1"
	}
	if a.OutgoingMailHold {
		row["outgoing_mail_hold"] = 1
	}
	return row
}

// userStats is one account's row of emailtrack_user_stats since start.
func (w *WHMHandler) userStats(a *whmAccount, start int64) map[string]any {
	var send, success, fail, deferred, inprog, size int64
	msgs := map[string]bool{}
	for i := range a.h.rows {
		r := &a.h.rows[i]
		if r.User != a.user || start != 0 && r.SendUnix < start {
			continue
		}
		if !msgs[r.MsgID] {
			msgs[r.MsgID] = true
			send++
			size += r.Size
		}
		switch group(r.Type) {
		case "success":
			success++
		case "failure":
			fail++
		case "defer":
			deferred++
		case "inprogress":
			inprog++
		}
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	d := a.h.sc.Account.MainDomain
	return map[string]any{"USER": a.user, "DOMAIN": d, "PRIMARY_DOMAIN": d, "OWNER": a.Owner,
		"SENDCOUNT": send, "SUCCESSCOUNT": success, "FAILCOUNT": fail, "DEFERCOUNT": deferred, "DEFERFAILCOUNT": fail + deferred,
		"INPROGRESSCOUNT": inprog, "TOTALSIZE": strconv.FormatInt(size, 10),
		"REACHED_MAXEMAILS": b(a.ReachedMaxEmails), "REACHED_MAXDEFERFAIL": b(a.ReachedMaxDeferFail)}
}

// Renamed returns a copy of sc as the account user with main domain
// domain: every mention of the old main domain (addresses, zones, the
// delivery log) is rewritten, so that one scenario can be served as many
// accounts of one WHM server.
func (sc *Scenario) Renamed(user, domain string) (*Scenario, error) {
	b, err := json.Marshal(sc)
	if err != nil {
		return nil, err
	}
	if old := sc.Account.MainDomain; old != "" && domain != "" {
		b = bytes.ReplaceAll(b, []byte(old), []byte(domain))
	}
	out, err := ParseScenario(b)
	if err != nil {
		return nil, err
	}
	out.Name = sc.Name
	if user != "" {
		out.Account.User = user
	}
	return out, nil
}
