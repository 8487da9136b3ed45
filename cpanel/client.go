package cpanel

import (
	"bytes"
	"context"
	"crypto/tls"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-resty/resty/v2"
)

// DefaultMaxBodyBytes is the default size cap for one answer (64 MiB).
const DefaultMaxBodyBytes = 64 << 20

// Client talks to one cPanel account over UAPI (/execute) and cPanel API 2
// (/json-api/cpanel) with an API token. It only reads: no method calls a
// function that changes the account.
//
// A Client is safe for concurrent use by multiple goroutines. Until one
// answer has shown its credentials accepted, it lets only one request onto
// the wire at a time; once an answer refuses them (see
// ErrCredentialsRefused and Client.Refused) it sends nothing more.
type Client struct {
	base    *url.URL
	user    string
	token   string
	http    *resty.Client
	maxBody int64
	retries int
	backoff time.Duration
	timeout time.Duration // of one request
	debug   func(format string, args ...any)
	// gate lets one request on the wire until the credentials are known
	// to be accepted, and stops every request once they are refused.
	gate *credentialGate
	// maxValue caps one JSON value of a streamed answer.
	maxValue int64
	// route is how the account's UAPI and API 2 calls reach it: straight
	// to cPanel with the account's token, or through WHM (see whm.go).
	route route
	// limiter spaces requests out (WithRateLimit); nil is no limit.
	limiter *rateLimiter

	// Email reads mailboxes, forwarders, routing, filters and spam settings.
	Email *EmailService
	// EmailTrack reads the delivery log (Track Delivery).
	EmailTrack *EmailTrackService
	// EmailAuth reads cPanel's SPF, DKIM, DMARC and PTR validation.
	EmailAuth *EmailAuthService
	// DNS reads the account's zones.
	DNS *DNSService
	// Quota reads the account's disk and inode quota.
	Quota *QuotaService
	// Variables reads the account's settings.
	Variables *VariablesService
	// DomainInfo lists the account's domains.
	DomainInfo *DomainInfoService
}

type service struct{ client *Client }

// Option configures a Client.
type Option func(*options) error

type options struct {
	httpClient *http.Client
	timeout    time.Duration
	tls        *tls.Config
	maxBody    int64
	maxValue   int64
	retries    int
	backoff    time.Duration
	debug      func(format string, args ...any)
	userAgent  string
	rate       float64
}

// WithHTTPClient uses hc for every request (its transport and TLS settings).
func WithHTTPClient(hc *http.Client) Option {
	return func(o *options) error { o.httpClient = hc; return nil }
}

// WithTimeout bounds each HTTP request, retries excluded; no wait before a
// retry is longer than d either. The context given to a call bounds the
// whole call, retries and their waits included.
func WithTimeout(d time.Duration) Option {
	return func(o *options) error { o.timeout = d; return nil }
}

// WithTLSConfig uses cfg for HTTPS connections (see TLSConfig).
func WithTLSConfig(cfg *tls.Config) Option {
	return func(o *options) error { o.tls = cfg; return nil }
}

// WithMaxBodyBytes refuses answers larger than n bytes after
// decompression (a streamed Track Delivery answer may be 16 times larger,
// since it is not held whole).
func WithMaxBodyBytes(n int64) Option {
	return func(o *options) error { o.maxBody = n; return nil }
}

// DefaultMaxValueBytes is the default cap for one JSON value (one record,
// or one string in it) of a streamed answer: 1 MiB, or the size cap when
// that is smaller.
const DefaultMaxValueBytes = 1 << 20

// WithMaxValueBytes caps one JSON value of a streamed answer at n bytes.
func WithMaxValueBytes(n int64) Option {
	return func(o *options) error {
		if n <= 0 {
			return errors.New("the value cap must be positive")
		}
		o.maxValue = n
		return nil
	}
}

// WithRetries sets how often a read is retried after a connection error or
// HTTP 502/503/504 (default 2), and the first backoff (default 300 ms; it
// doubles, with jitter, up to 5 s, and honours Retry-After).
func WithRetries(n int, first time.Duration) Option {
	return func(o *options) error { o.retries, o.backoff = n, first; return nil }
}

// WithDebug logs each request (method, path, parameters, status, size and
// duration) through logf. The Authorization header is never logged.
func WithDebug(logf func(format string, args ...any)) Option {
	return func(o *options) error { o.debug = logf; return nil }
}

// WithUserAgent sets the User-Agent header.
func WithUserAgent(ua string) Option {
	return func(o *options) error { o.userAgent = ua; return nil }
}

// NewClient returns a client for the account user on host (see ParseHost for
// the accepted forms), authenticating with the API token. A missing or
// malformed host, user or token is an *InputError.
func NewClient(host, user, token string, opts ...Option) (*Client, error) {
	base, err := ParseHost(host)
	if err != nil {
		return nil, err
	}
	return newClient(base, user, token, cpanelRoute{user: user}, opts)
}

// newClient builds a client for base that authenticates as user with
// token and sends the account's calls along r.
func newClient(base *url.URL, user, token string, r route, opts []Option) (*Client, error) {
	if user == "" {
		return nil, &InputError{Input: InputUser, Missing: true}
	}
	if strings.ContainsAny(user, ": \t\r\n") {
		return nil, &InputError{Input: InputUser, Value: user, Problem: "a user name has no spaces or colons"}
	}
	token = strings.TrimSpace(token)
	if token == "" {
		return nil, &InputError{Input: InputToken, Missing: true}
	}
	if strings.ContainsAny(token, " \t\r\n:") {
		return nil, &InputError{Input: InputToken, Problem: "it contains spaces or colons"}
	}
	o := options{timeout: 30 * time.Second, maxBody: DefaultMaxBodyBytes, maxValue: DefaultMaxValueBytes, retries: 2, backoff: 300 * time.Millisecond, userAgent: "cpmail"}
	for _, opt := range opts {
		if err := opt(&o); err != nil {
			return nil, err
		}
	}
	var rc *resty.Client
	if o.httpClient != nil {
		rc = resty.NewWithClient(o.httpClient)
	} else {
		rc = resty.New()
	}
	if o.tls != nil {
		rc.SetTLSClientConfig(o.tls)
	}
	rc.SetTimeout(o.timeout).
		// A redirect is answered as it is (a RedirectError), not followed.
		SetRedirectPolicy(resty.RedirectPolicyFunc(func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse })).
		SetHeader("User-Agent", o.userAgent).
		SetHeader("Accept", "application/json").
		SetDisableWarn(true)
	rc.SetLogger(discardLogger{})
	c := &Client{base: base, user: user, token: token, http: rc, maxBody: o.maxBody, maxValue: min(o.maxValue, o.maxBody),
		retries: o.retries, backoff: o.backoff, timeout: o.timeout, debug: o.debug, gate: newCredentialGate(), route: r}
	if o.rate > 0 {
		c.limiter = newRateLimiter(o.rate)
	}
	c.attachServices()
	return c, nil
}

// attachServices points the client's services at it.
func (c *Client) attachServices() {
	s := &service{client: c}
	c.Email = (*EmailService)(s)
	c.EmailTrack = (*EmailTrackService)(s)
	c.EmailAuth = (*EmailAuthService)(s)
	c.DNS = (*DNSService)(s)
	c.Quota = (*QuotaService)(s)
	c.Variables = (*VariablesService)(s)
	c.DomainInfo = (*DomainInfoService)(s)
}

// BaseURL returns the server's base URL (without credentials).
func (c *Client) BaseURL() string { return c.base.String() }

// User returns the cPanel account name.
func (c *Client) User() string { return c.user }

// Response describes one successful call.
type Response struct {
	// HTTPStatus is the HTTP status code (200 for a successful call).
	HTTPStatus int
	// Warnings and Messages are cPanel's non-fatal notes (UAPI only).
	Warnings []string
	Messages []string
	// Metadata is the function's metadata object, as sent.
	Metadata json.RawMessage
	// Overflowed is true when API 2 EmailTrack::search reported that the
	// result was capped (metadata.overflowed).
	Overflowed bool
	// Duration is the time the call took, retries included.
	Duration time.Duration
	// Bytes is the size of the answer body.
	Bytes int
}

// UAPI calls a UAPI function and decodes its data into out (which may be nil).
// It returns *APIError for "status": 0, *HTTPError, *RedirectError,
// *DecodeError, *SizeError or *NetworkError, and *NotReadOnlyError, without
// sending anything, for a function not on the read-only allow-list (see
// IsReadOnlyCall). ClassOf tells them apart.
func (c *Client) UAPI(ctx context.Context, module, function string, params url.Values, out any) (*Response, error) {
	path, q := c.route.uapi(module, function, params)
	body, resp, err := c.get(ctx, module, function, path, q)
	if err != nil {
		return resp, err
	}
	body, err = c.route.unwrapUAPI(module, function, body)
	if err != nil {
		return resp, err
	}
	data, err := decodeUAPI(module, function, body, resp)
	if err != nil {
		return resp, err
	}
	if out != nil && len(data) > 0 {
		if err := json.Unmarshal(data, out); err != nil {
			return resp, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: err}
		}
	}
	return resp, nil
}

// API2 calls a cPanel API 2 function and decodes cpanelresult.data into out.
// Failure is cpanelresult.error set, or event.result 0; the errors are
// those of UAPI.
func (c *Client) API2(ctx context.Context, module, function string, params url.Values, out any) (*Response, error) {
	body, resp, err := c.get(ctx, module, function, "/json-api/cpanel", c.api2Query(module, function, copyParams(params)))
	if err != nil {
		return resp, err
	}
	data, err := decodeAPI2(module, function, body, resp)
	if err != nil {
		return resp, err
	}
	if out != nil && len(data) > 0 && !bytes.Equal(data, []byte("null")) {
		if err := json.Unmarshal(data, out); err != nil {
			return resp, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: err}
		}
	}
	return resp, nil
}

// api2Query adds to q what names an API 2 call of module::function and
// its account (along the client's route), and returns q.
func (c *Client) api2Query(module, function string, q url.Values) url.Values {
	q.Set("cpanel_jsonapi_apiversion", "2")
	q.Set("cpanel_jsonapi_module", module)
	q.Set("cpanel_jsonapi_func", function)
	c.route.api2(q)
	return q
}

// copyParams returns a copy of params for a call to add its own keys to,
// leaving the caller's untouched.
func copyParams(params url.Values) url.Values {
	q := make(url.Values, len(params))
	for k, v := range params {
		q[k] = v
	}
	return q
}

// get performs a GET (see Client.do) and returns the whole body.
func (c *Client) get(ctx context.Context, module, function, path string, params url.Values) ([]byte, *Response, error) {
	resp := &Response{}
	var body []byte
	err := c.do(ctx, request{module: module, function: function, path: path, params: params, limit: c.maxBody,
		read: func(r io.Reader, _ func()) error {
			b, err := io.ReadAll(r)
			body = b
			return err
		}}, resp)
	if err != nil {
		return nil, resp, err
	}
	resp.Bytes = len(body)
	return body, resp, nil
}

func (c *Client) logf(format string, args ...any) {
	if c.debug != nil {
		c.debug(format, args...)
	}
}

type discardLogger struct{}

func (discardLogger) Errorf(string, ...any) {}
func (discardLogger) Warnf(string, ...any)  {}
func (discardLogger) Debugf(string, ...any) {}
