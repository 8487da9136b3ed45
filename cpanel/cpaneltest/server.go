package cpaneltest

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel"
)

// Call is one API request the fake received.
type Call struct {
	// API is "uapi" (/execute/…, or WHM's uapi_cpanel), "api2"
	// (/json-api/cpanel, on cPanel or WHM) or "whm" (WHM API 1's own
	// functions, /json-api/<function> on the WHM server).
	API string
	// Module and Function name the cPanel function, e.g. Email and
	// list_pops_with_disk.
	Module, Function string
	// Method is the HTTP method.
	Method string
	// Params are the query and form parameters, without API 2's
	// cpanel_jsonapi_apiversion/module/func. A value that contains the
	// token is recorded as "REDACTED"; headers are never recorded.
	Params url.Values
	// StateChanging is true when the function is not on cpmail's
	// read-only allow-list (cpanel.IsReadOnlyCall, the list the client
	// enforces): it may change the account. The fake records such calls
	// and never serves them: it answers a refusal when the name says it
	// changes the account (add_pop, setdefaultaddress), else cPanel's "not
	// found" error.
	StateChanging bool
	// Account is the cPanel account a WHM call acted on (uapi_cpanel's
	// cpanel.user, the API 2 proxy's cpanel_jsonapi_user), as sent; empty
	// for a call made with the account's own token and for WHM API 1's
	// own functions (API "whm", Module "WHM").
	Account string
	// Caller is the WHM user whose token made the call (root or a
	// reseller); empty on the cPanel side.
	Caller string

	version string // API 2's cpanel_jsonapi_apiversion
}

// Name returns "Module::function".
func (c Call) Name() string { return c.Module + "::" + c.Function }

// Option configures a Handler or Server.
type Option func(*config)

type config struct {
	now            func() time.Time
	latency        time.Duration
	user, token    string
	credentialsSet bool
}

// WithClock makes the fake use now as its clock: delivery times are
// relative to now() when the handler is created, and EmailTrack's
// "in progress" window to now() at each request.
func WithClock(now func() time.Time) Option {
	return func(c *config) { c.now = now }
}

// WithLatency delays every answer by d.
func WithLatency(d time.Duration) Option {
	return func(c *config) { c.latency = d }
}

// WithCredentials sets the accepted user and token. By default the user
// is the scenario's cPanel user and the token is random.
func WithCredentials(user, token string) Option {
	return func(c *config) { c.user, c.token, c.credentialsSet = user, token, true }
}

// Handler serves a Scenario as cPanel does: UAPI under /execute/, cPanel
// API 2 under /json-api/cpanel, token authentication, read-only. Use it
// directly to listen yourself (cpmail demo serve), or through [Server].
//
// A Handler is safe for concurrent use. It records every API call (see
// [Handler.Calls]) and can be told to misbehave (see [Handler.SetFault]).
type Handler struct {
	sc      *Scenario
	now     func() time.Time
	latency time.Duration
	user    string
	token   string
	zone    *time.Location
	rows    []row
	created time.Time
	uapi    map[string]func(url.Values) result

	mu     sync.Mutex
	calls  []Call
	faults faultTable
}

// NewHandler returns a handler that serves sc. The handler reads sc while
// it serves, so do not change sc afterwards. NewHandler panics if sc is
// nil or invalid, like a programming error in a test.
func NewHandler(sc *Scenario, opts ...Option) *Handler {
	if sc == nil {
		panic("cpaneltest: NewHandler with a nil scenario")
	}
	if err := sc.Validate(); err != nil {
		panic(err)
	}
	c := config{now: time.Now}
	for _, o := range opts {
		o(&c)
	}
	if !c.credentialsSet {
		c.user, c.token = sc.Account.User, randomToken()
	}
	h := &Handler{
		sc:      sc,
		now:     c.now,
		latency: c.latency,
		user:    c.user,
		token:   c.token,
		zone:    sc.zone(),
		created: c.now(),
		faults:  faultTable{},
	}
	h.rows = sc.materialize(h.created)
	h.uapi = h.uapiFunctions()
	return h
}

// User returns the cPanel user the handler accepts.
func (h *Handler) User() string { return h.user }

// Token returns the API token the handler accepts.
func (h *Handler) Token() string { return h.token }

// Scenario returns the scenario being served. Do not modify it.
func (h *Handler) Scenario() *Scenario { return h.sc }

// Calls returns the API calls received so far, in order, including those
// refused (bad credentials, state-changing functions) or answered with a
// fault.
func (h *Handler) Calls() []Call {
	h.mu.Lock()
	defer h.mu.Unlock()
	out := make([]Call, len(h.calls))
	copy(out, h.calls)
	return out
}

// ResetCalls forgets the recorded calls.
func (h *Handler) ResetCalls() {
	h.mu.Lock()
	h.calls = nil
	h.mu.Unlock()
}

// Server is a Handler listening on a loopback port, like
// httptest.Server. Its methods are the Handler's.
type Server struct {
	*Handler
	// URL is the base URL, http://127.0.0.1:PORT, with no trailing slash.
	URL string

	srv  *http.Server
	once sync.Once
}

// NewServer starts a server for sc on 127.0.0.1 and an unused port. Stop
// it with Close. It panics if it cannot listen, as httptest.NewServer does.
func NewServer(sc *Scenario, opts ...Option) *Server {
	h := NewHandler(sc, opts...)
	base, srv := serveLoopback(h)
	return &Server{Handler: h, URL: base, srv: srv}
}

// serveLoopback serves h on 127.0.0.1 and an unused port and returns the
// base URL and the server. It panics if it cannot listen.
func serveLoopback(h http.Handler) (string, *http.Server) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("cpaneltest: cannot listen on a loopback port: %v", err))
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = srv.Serve(ln) }()
	return "http://" + ln.Addr().String(), srv
}

// Close stops the server and closes its connections. It is safe to call
// more than once.
func (s *Server) Close() {
	s.once.Do(func() { _ = s.srv.Close() })
}

// tokenAlphabet is what cPanel API tokens are made of.
const tokenAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

func randomToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b)
	for i := range b {
		b[i] = tokenAlphabet[int(b[i])%len(tokenAlphabet)]
	}
	return string(b)
}

// zone returns the server's time zone from the account's UTC offset.
func (sc *Scenario) zone() *time.Location {
	off := sc.Account.UTCOffset
	if off == "" {
		return time.UTC
	}
	h, _ := strconv.Atoi(off[1:3])
	m, _ := strconv.Atoi(off[4:6])
	secs := (h*60 + m) * 60
	if off[0] == '-' {
		secs = -secs
	}
	return time.FixedZone(off, secs)
}

// accessDenied is cPanel's answer to bad credentials on its API paths.
const accessDenied = `{"cpanelresult":{"apiversion":"2","error":"Access denied","data":{"reason":"Access denied","result":"0"},"type":"text"}}`

// ServeHTTP answers one request.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil {
		http.Error(w, "Bad Request", http.StatusBadRequest)
		return
	}
	call, isAPI := h.parseCall(r)
	if isAPI {
		h.record(call)
	}
	if !sleep(r.Context(), h.latency) {
		return
	}
	var fault *Fault
	if isAPI {
		fault = h.takeFault(call)
	}
	if fault != nil {
		if !sleep(r.Context(), fault.Latency) {
			return
		}
		if fault.serveRaw(w, call) {
			return
		}
	}

	if !h.authorized(r) {
		writePlain(w, http.StatusForbidden, accessDenied)
		return
	}
	if !isAPI {
		writePlain(w, http.StatusForbidden, "Token authentication allows access to UAPI or API 2 calls only.\n")
		return
	}

	res := h.answer(call, fault)
	var body []byte
	if call.API == "uapi" {
		body = uapiBody(res)
	} else {
		body = api2Body(call.Module, call.Function, res)
	}
	writeJSON(r.Context(), w, body, fault)
}

// writePlain answers with status and a plain-text body, as cPanel does
// outside the API's envelopes.
func writePlain(w http.ResponseWriter, status int, body string) {
	w.Header().Set("Content-Type", `text/plain; charset="utf-8"`)
	w.WriteHeader(status)
	_, _ = w.Write([]byte(body))
}

// writeJSON answers with a JSON body, as the fault (may be nil) shapes it.
func writeJSON(ctx context.Context, w http.ResponseWriter, body []byte, fault *Fault) {
	w.Header().Set("Content-Type", "application/json")
	if fault != nil {
		fault.writeBody(ctx, w, body)
		return
	}
	_, _ = w.Write(body)
}

// answer runs an authorized call: the fault's status 0, a refusal of a
// state-changing function, or the function itself.
func (h *Handler) answer(call Call, fault *Fault) result {
	var res result
	switch {
	case fault != nil && fault.StatusZero != "":
		res = result{err: fault.StatusZero}
	case call.StateChanging && namesAChange(call.Function):
		res = fail("%s is not permitted in this fake: state-changing functions are refused (cpmail only reads).", call.Name())
	case call.API == "uapi":
		res = h.callUAPI(call)
	default:
		res = h.callAPI2(call)
	}
	if call.StateChanging && res.err == "" {
		// Not on the allow-list, yet served: a function of the fake that
		// the client would refuse. Refuse it too.
		res = fail("%s is not permitted in this fake: it is not on cpmail's read-only allow-list.", call.Name())
	}
	return res
}

// parseCall recognizes a UAPI or API 2 request.
func (h *Handler) parseCall(r *http.Request) (Call, bool) {
	params := recordedParams(r.Form, h.token)
	c := Call{Method: r.Method, Params: params}
	switch {
	case strings.HasPrefix(r.URL.Path, "/execute/"):
		parts := strings.Split(strings.TrimPrefix(r.URL.Path, "/execute/"), "/")
		if len(parts) != 2 || parts[0] == "" || parts[1] == "" {
			return c, false
		}
		c.API, c.Module, c.Function = "uapi", parts[0], parts[1]
	case r.URL.Path == "/json-api/cpanel":
		c.API, c.Module, c.Function = "api2", params.Get("cpanel_jsonapi_module"), params.Get("cpanel_jsonapi_func")
		c.version = params.Get("cpanel_jsonapi_apiversion")
		for _, k := range []string{"cpanel_jsonapi_apiversion", "cpanel_jsonapi_module", "cpanel_jsonapi_func"} {
			params.Del(k)
		}
	default:
		return c, false
	}
	c.StateChanging = !cpanel.IsReadOnlyCall(c.Module, c.Function)
	return c, true
}

// recordedParams is a copy of a request's form to record in a Call, with
// every value that holds one of tokens replaced by "REDACTED".
func recordedParams(form url.Values, tokens ...string) url.Values {
	params := url.Values{}
	for k, vs := range form {
		for _, v := range vs {
			for _, token := range tokens {
				if token != "" && strings.Contains(v, token) {
					v = "REDACTED"
					break
				}
			}
			params.Add(k, v)
		}
	}
	return params
}

// record keeps c among the calls received.
func (h *Handler) record(c Call) {
	h.mu.Lock()
	h.calls = append(h.calls, c)
	h.mu.Unlock()
}

// authorized checks "Authorization: cpanel USER:TOKEN".
func (h *Handler) authorized(r *http.Request) bool {
	scheme, cred, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "cpanel") {
		return false
	}
	user, token, ok := strings.Cut(strings.TrimSpace(cred), ":")
	if !ok || token == "" || user != h.user {
		return false
	}
	return subtle.ConstantTimeCompare([]byte(token), []byte(h.token)) == 1
}

// callUAPI runs a UAPI function, with cPanel's errors for unknown ones.
func (h *Handler) callUAPI(c Call) result {
	if !isWord(c.Function) {
		return fail("Illegal function name: %s", c.Function)
	}
	if fn, ok := h.uapi[c.Module+"::"+c.Function]; ok {
		return fn(c.Params)
	}
	if !knownUAPIModule(c.Module) {
		return fail("Failed to load module “%s”: Can’t locate Cpanel/API/%s.pm in @INC.", c.Module, c.Module)
	}
	return fail("The system could not find the function “%s” in the module “%s”.", c.Function, c.Module)
}

// callAPI2 runs an API 2 function.
func (h *Handler) callAPI2(c Call) result {
	if c.version != "2" {
		return fail("This fake serves only cPanel API 2 on /json-api/cpanel: send cpanel_jsonapi_apiversion=2 (got %q).", c.version)
	}
	if c.Module == "EmailTrack" {
		switch c.Function {
		case "search":
			return h.trackSearch(c.Params)
		case "stats":
			return h.trackStats(c.Params)
		}
	}
	return fail("Could not find function “%s” in module “%s”.", c.Function, c.Module)
}

// knownUAPIModule reports whether a real cPanel has a UAPI module of this
// name (so an unknown function in it is "not found", not "failed to
// load").
func knownUAPIModule(m string) bool {
	return oneOf(m, "Email", "Quota", "Variables", "DomainInfo", "DNS", "EmailAuth", "Mailboxes",
		"cPGreyList", "SpamAssassin", "BoxTrapper", "ResourceUsage", "StatsBar", "Tokens",
		"ServerInformation", "Chkservd", "Mime", "Features", "Locale", "Ftp", "Mysql", "SSL")
}

// namesAChange reports whether a cPanel function name says the function
// changes the account: a word of it (split at "_") is a verb such as add,
// delete, set, edit, suspend, hold, release or store, or, for API 2's
// run-together names (addpop, setdefaultaddress), its start is. It only
// picks the words of the fake's refusal; what is refused is decided by
// one list, the client's (cpanel.IsReadOnlyCall).
func namesAChange(function string) bool {
	verbs := []string{
		"add", "delete", "del", "remove", "set", "unset", "edit", "change", "suspend", "unsuspend",
		"hold", "release", "store", "save", "create", "update", "enable", "disable", "install",
		"uninstall", "reset", "repair", "ensure", "toggle", "purge", "flush", "send", "import",
		"restore", "rename", "move", "upload", "passwd", "generate", "revoke", "terminate", "kill",
		"clear", "mark", "put", "post", "dispatch", "apply", "provision",
	}
	words := strings.Split(strings.ToLower(function), "_")
	for _, w := range words {
		if oneOf(w, verbs...) {
			return true
		}
	}
	first := words[0]
	if strings.HasPrefix(first, "deliver") || strings.HasPrefix(first, "setting") {
		return false
	}
	for _, v := range []string{"add", "del", "set", "edit", "passwd", "suspend", "unsuspend", "hold", "release", "store", "change", "remove", "update", "enable", "disable", "create", "install"} {
		if strings.HasPrefix(first, v) {
			return true
		}
	}
	return false
}

// sleep waits d, or until ctx is done; it reports whether it waited.
func sleep(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}
