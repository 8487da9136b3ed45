package cpanel

import (
	"compress/flate"
	"compress/gzip"
	"context"
	"errors"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// request is one API call: where it goes and how the body of its answer is
// read. Plain calls (UAPI, API2) and streamed calls (EmailTrack.Records) are all
// sent by Client.do, with one policy for the read-only allow-list, the
// credential gate, retries, backoff, Retry-After, time limits, size caps
// and error labels.
type request struct {
	module, function string
	path             string
	params           url.Values
	// limit caps the body, in bytes after decompression.
	limit int64
	// read consumes the body of an HTTP 200 answer. It calls deliver
	// before it hands anything to the caller: from then on the call is not
	// retried.
	read func(body io.Reader, deliver func()) error
}

// errOverCap is what a capped body returns past its cap.
var errOverCap = errors.New("cpanel: the answer passed the size cap")

// do sends r and reads its answer into resp. It refuses a function that
// is not on the read-only allow-list before sending anything, waits at the
// credential gate, and retries connection errors and HTTP 502/503/504 (as
// long as nothing reached the caller), honouring Retry-After, but never
// waits past ctx's deadline, nor longer than the time limit of one request
// (WithTimeout): when the next wait would, the last error is returned at
// once.
//
// resty sends the requests (TLS, timeouts, redirects refused, headers),
// but the retry loop is this one rather than resty's SetRetryCount: a
// streamed answer must not be retried once records reached the caller,
// and the credential gate must see the first answer before another
// request leaves — resty's retry conditions see neither.
func (c *Client) do(ctx context.Context, r request, resp *Response) error {
	start := time.Now()
	defer func() { resp.Duration = time.Since(start) }()
	if !c.route.readOnly(r.module, r.function) {
		return &NotReadOnlyError{Module: r.module, Function: r.function}
	}
	for attempt := 0; ; attempt++ {
		delivered := false
		err := c.attempt(ctx, r, resp, func() { delivered = true })
		if err == nil {
			return nil
		}
		if delivered || !retryable(err) || attempt >= c.retries || ctx.Err() != nil {
			return err
		}
		var ra time.Duration
		var he *HTTPError
		if errors.As(err, &he) {
			ra = he.RetryAfter
		}
		wait := c.backoffFor(attempt, ra)
		if deadline, ok := ctx.Deadline(); (ok && time.Until(deadline) < wait) || (c.timeout > 0 && wait > c.timeout) {
			c.logf("no retry of %s::%s: waiting %v would pass the time limit", r.module, r.function, wait.Round(time.Millisecond))
			return err
		}
		c.logf("retry %s::%s in %v after: %v", r.module, r.function, wait.Round(time.Millisecond), err)
		if !sleep(ctx, wait) {
			return err
		}
	}
}

// sleep waits d, or until ctx is done; it reports whether it waited d.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// attempt sends r once, through the credential gate.
func (c *Client) attempt(ctx context.Context, r request, resp *Response, deliver func()) error {
	if err := c.limiter.wait(ctx); err != nil {
		return c.networkError(ctx, r, err)
	}
	p, rctx, err := c.gate.enter(ctx)
	if err != nil {
		if errors.Is(err, ErrCredentialsRefused) {
			return err
		}
		return newNetworkError(r.module, r.function, c.base.Host, err, c.token)
	}
	defer c.gate.leave(p)
	err = c.exchange(rctx, r, resp, p, deliver)
	if err != nil && rctx.Err() != nil && ctx.Err() == nil {
		// Cancelled by the gate: another answer refused the credentials.
		if refused := c.gate.refusedErr(); refused != nil {
			return refused
		}
	}
	return err
}

// exchange performs one HTTP request and reads its answer.
func (c *Client) exchange(ctx context.Context, r request, resp *Response, p *pass, deliver func()) error {
	u := *c.base
	u.Path = r.path
	start := time.Now()
	req := c.http.R().
		SetContext(ctx).
		SetDoNotParseResponse(true).
		SetHeader("Authorization", c.route.authorization(c.token))
	req.SetQueryParamsFromValues(r.params)
	res, err := req.Get(u.String())
	if err != nil {
		c.logf("GET %s %s -> error after %v: %v", r.path, redactParams(r.params), time.Since(start).Round(time.Millisecond), scrub(err, c.token))
		return c.networkError(ctx, r, err)
	}
	raw := res.RawBody()
	defer raw.Close()
	status := res.StatusCode()
	resp.HTTPStatus = status
	body := newCappedBody(raw, res.RawResponse, r.limit)
	switch {
	case status >= 300 && status < 400:
		c.logf("GET %s %s -> HTTP %d (redirect), %v", r.path, redactParams(r.params), status, time.Since(start).Round(time.Millisecond))
		return &RedirectError{Module: r.module, Function: r.function, StatusCode: status, Location: snippet([]byte(res.Header().Get("Location")), 200)}
	case status != http.StatusOK:
		head, _ := io.ReadAll(io.LimitReader(body, 4096))
		c.logf("GET %s %s -> HTTP %d, %v", r.path, redactParams(r.params), status, time.Since(start).Round(time.Millisecond))
		he := newHTTPError(r.module, r.function, status, redactBody(head, c.token), parseRetryAfter(res.Header().Get("Retry-After")))
		switch {
		case he.credentialsRefused():
			c.gate.settle(p, refusedCredentials, he)
		case status == http.StatusForbidden:
			c.gate.settle(p, acceptedCredentials, nil) // one feature refused
		}
		return he
	}
	c.gate.settle(p, acceptedCredentials, nil)
	err = r.read(body, deliver)
	resp.Bytes = int(min(body.n, r.limit))
	c.logf("GET %s %s -> HTTP 200, %d bytes, %v", r.path, redactParams(r.params), body.n, time.Since(start).Round(time.Millisecond))
	switch {
	case body.over:
		return &SizeError{Module: r.module, Function: r.function, Limit: r.limit}
	case body.err != nil:
		if body.compressed && isCompressionError(body.err) {
			return &DecodeError{Module: r.module, Function: r.function, Kind: DecodeBadGzip, Err: body.err}
		}
		return c.networkError(ctx, r, body.err)
	}
	return err
}

// networkError labels a transport error, preferring the context's own
// error (the caller's deadline or cancellation) when it is done.
func (c *Client) networkError(ctx context.Context, r request, err error) error {
	if ctx.Err() != nil && !errors.Is(err, ctx.Err()) {
		err = ctx.Err()
	}
	return newNetworkError(r.module, r.function, c.base.Host, err, c.token)
}

// cappedBody reads an answer's body: decompressed when the server
// compressed it (by the transport, or here when the transport left it
// compressed), counted and cut at limit bytes after decompression, so that
// a gzip bomb stops at the cap. It keeps the first error of the transport
// or the decompressor, so that a failure to read is not taken for a
// failure to decode.
type cappedBody struct {
	r          io.Reader
	raw        io.Reader // compressed, until the gzip reader is made
	limit      int64
	n          int64
	over       bool
	compressed bool
	err        error
}

func newCappedBody(raw io.Reader, res *http.Response, limit int64) *cappedBody {
	b := &cappedBody{r: raw, limit: limit}
	if res != nil {
		b.compressed = res.Uncompressed
		if strings.EqualFold(strings.TrimSpace(res.Header.Get("Content-Encoding")), "gzip") {
			b.compressed, b.r, b.raw = true, nil, raw
		}
	}
	return b
}

// Read implements io.Reader.
func (b *cappedBody) Read(p []byte) (int, error) {
	if b.over {
		return 0, errOverCap
	}
	if b.err != nil {
		return 0, b.err
	}
	if b.r == nil {
		zr, err := gzip.NewReader(b.raw)
		if err != nil {
			b.err = err
			return 0, err
		}
		b.r = zr
	}
	if rest := b.limit + 1 - b.n; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := b.r.Read(p)
	b.n += int64(n)
	if b.n > b.limit {
		b.over = true
		return n - int(b.n-b.limit), errOverCap
	}
	if err != nil && err != io.EOF {
		b.err = err
	}
	return n, err
}

// isCompressionError reports whether err comes from a gzip stream that
// does not decompress.
func isCompressionError(err error) bool {
	var (
		corrupt  flate.CorruptInputError
		internal flate.InternalError
	)
	return errors.Is(err, gzip.ErrHeader) || errors.Is(err, gzip.ErrChecksum) || errors.As(err, &corrupt) || errors.As(err, &internal)
}

// backoffFor returns the wait before retry number attempt+1: exponential
// from the first backoff with full jitter, at most 5 s, or Retry-After when
// the server sent one (at most 30 s).
func (c *Client) backoffFor(attempt int, retryAfter time.Duration) time.Duration {
	if retryAfter > 0 {
		return min(retryAfter, 30*time.Second)
	}
	d := c.backoff << attempt
	if d <= 0 || d > 5*time.Second {
		d = 5 * time.Second
	}
	return d/2 + rand.N(d/2+1)
}

// retryable reports whether a call that failed with err may be tried
// again: connection errors (not TLS failures, timeouts or cancellation) and
// HTTP 502/503/504. A refusal of the credentials never is.
func retryable(err error) bool {
	var ne *NetworkError
	if errors.As(err, &ne) {
		return !errors.Is(ne.Err, context.Canceled) && !errors.Is(ne.Err, context.DeadlineExceeded) && !isTLSError(ne.Err)
	}
	var he *HTTPError
	if errors.As(err, &he) {
		return he.StatusCode == 502 || he.StatusCode == 503 || he.StatusCode == 504
	}
	return false
}

// parseRetryAfter reads Retry-After: seconds, or an HTTP date.
func parseRetryAfter(v string) time.Duration {
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(strings.TrimSpace(v)); err == nil && n >= 0 {
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		return time.Until(t)
	}
	return 0
}
