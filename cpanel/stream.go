package cpanel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"
)

// streamCapFactor is how much larger than the size cap a streamed answer may
// be: streaming holds one record at a time, not the whole body.
const streamCapFactor = 16

// SearchEach streams the records of EmailTrack::search to fn as they are
// decoded, without holding the whole answer in memory. It stops at the
// first error fn returns. Response.Overflowed is set when cPanel capped the
// result. Records that do not match opts are skipped.
//
// API 2: EmailTrack::search
func (s *EmailTrackService) SearchEach(ctx context.Context, opts *SearchOptions, fn func(DeliveryRecord) error) (*Response, error) {
	if opts == nil {
		opts = &SearchOptions{MaxResultsByType: -1}
	}
	q := opts.Params()
	q.Set("cpanel_jsonapi_apiversion", "2")
	q.Set("cpanel_jsonapi_module", "EmailTrack")
	q.Set("cpanel_jsonapi_func", "search")
	q.Set("cpanel_jsonapi_user", s.client.user)
	return s.client.stream(ctx, "EmailTrack", "search", "/json-api/cpanel", q, func(r io.Reader, resp *Response) error {
		return decodeAPI2Stream("EmailTrack", "search", r, resp, func(dec *json.Decoder) error {
			var rec DeliveryRecord
			if err := dec.Decode(&rec); err != nil {
				return err
			}
			if !opts.Match(rec) {
				return nil
			}
			if err := fn(rec); err != nil {
				return errCallback{err}
			}
			return nil
		})
	})
}

// stream performs a GET (with the same retries as get, as long as nothing
// was handed to the caller yet) and passes the body to read.
func (c *Client) stream(ctx context.Context, module, function, path string, params url.Values, read func(io.Reader, *Response) error) (*Response, error) {
	resp := &Response{}
	start := time.Now()
	defer func() { resp.Duration = time.Since(start) }()
	for attempt := 0; ; attempt++ {
		delivered := false
		err := c.streamOnce(ctx, module, function, path, params, resp, func(r io.Reader) error {
			delivered = true
			return read(r, resp)
		})
		if err == nil {
			return resp, nil
		}
		if delivered || !retryable(err) || attempt >= c.retries || ctx.Err() != nil {
			return resp, err
		}
		wait := c.backoffFor(attempt, 0)
		c.logf("retry %s::%s in %v after: %v", module, function, wait.Round(time.Millisecond), err)
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			return resp, err
		case <-t.C:
		}
	}
}

func (c *Client) streamOnce(ctx context.Context, module, function, path string, params url.Values, resp *Response, read func(io.Reader) error) error {
	u := *c.base
	u.Path = path
	start := time.Now()
	req := c.http.R().SetContext(ctx).SetDoNotParseResponse(true).SetHeader("Authorization", "cpanel "+c.user+":"+c.token)
	req.SetQueryParamsFromValues(params)
	res, err := req.Get(u.String())
	if err != nil {
		c.logf("GET %s %s -> error after %v: %v", path, redactParams(params), time.Since(start).Round(time.Millisecond), err)
		return &NetworkError{Module: module, Function: function, Host: c.base.Host, Err: scrub(err, c.token)}
	}
	raw := res.RawBody()
	defer raw.Close()
	resp.HTTPStatus = res.StatusCode()
	if res.StatusCode() != http.StatusOK {
		body, _ := io.ReadAll(io.LimitReader(raw, 4096))
		c.logf("GET %s %s -> HTTP %d, %v", path, redactParams(params), res.StatusCode(), time.Since(start).Round(time.Millisecond))
		return &HTTPError{Module: module, Function: function, StatusCode: res.StatusCode(), Body: snippet(bytes.ReplaceAll(body, []byte(c.token), []byte("REDACTED")), 160)}
	}
	counter := &countingReader{r: io.LimitReader(raw, c.maxBody*streamCapFactor+1)}
	br := bufio.NewReaderSize(counter, 64<<10)
	head, _ := br.Peek(512)
	if looksHTML(bytes.TrimSpace(head)) {
		return &DecodeError{Module: module, Function: function, Kind: "html", Snippet: htmlTitle(bytes.TrimSpace(head))}
	}
	err = read(br)
	resp.Bytes = int(counter.n)
	c.logf("GET %s %s -> HTTP 200, %d bytes streamed, %v", path, redactParams(params), counter.n, time.Since(start).Round(time.Millisecond))
	if counter.n > c.maxBody*streamCapFactor {
		return &SizeError{Module: module, Function: function, Limit: c.maxBody * streamCapFactor}
	}
	if err != nil && ctx.Err() != nil {
		return &NetworkError{Module: module, Function: function, Host: c.base.Host, Err: ctx.Err()}
	}
	return err
}

type countingReader struct {
	r io.Reader
	n int64
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	return n, err
}

// errCallback marks an error returned by the caller's callback, so that it
// is passed on unchanged rather than reported as a decoding problem.
type errCallback struct{ err error }

func (e errCallback) Error() string { return e.err.Error() }

// decodeAPI2Stream walks a cpanelresult envelope token by token, handing
// each element of "data" to each, and checks error and event afterwards.
// An error from each is a decoding error unless it is an errCallback, which
// is unwrapped and returned as it is.
func decodeAPI2Stream(module, function string, r io.Reader, resp *Response, each func(*json.Decoder) error) error {
	dec := json.NewDecoder(r)
	bad := func(err error) error {
		var cb errCallback
		if errors.As(err, &cb) {
			return cb.err
		}
		kind := "not-json"
		if errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF) {
			kind = "truncated"
		}
		var te *json.UnmarshalTypeError
		var se *json.SyntaxError
		if errors.As(err, &te) || !errors.As(err, &se) && kind == "not-json" {
			kind = "unexpected-shape"
		}
		return &DecodeError{Module: module, Function: function, Kind: kind, Err: err}
	}
	if err := expectDelim(dec, '{'); err != nil {
		return bad(err)
	}
	found := false
	var apiErr, reason String
	var eventOK *Bool
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			return bad(err)
		}
		if key != "cpanelresult" {
			var skip json.RawMessage
			if err := dec.Decode(&skip); err != nil {
				return bad(err)
			}
			continue
		}
		found = true
		if err := expectDelim(dec, '{'); err != nil {
			return bad(err)
		}
		for dec.More() {
			k, err := dec.Token()
			if err != nil {
				return bad(err)
			}
			switch k {
			case "data":
				tok, err := dec.Token()
				if err != nil {
					return bad(err)
				}
				if tok == nil {
					continue
				}
				if d, ok := tok.(json.Delim); !ok || d != '[' {
					// data is not a list (an error answer): skip the value.
					if d, ok := tok.(json.Delim); ok && d == '{' {
						if err := skipRest(dec); err != nil {
							return bad(err)
						}
					}
					continue
				}
				for dec.More() {
					if err := each(dec); err != nil {
						return bad(err)
					}
				}
				if _, err := dec.Token(); err != nil {
					return bad(err)
				}
			case "error":
				if err := dec.Decode(&apiErr); err != nil {
					return bad(err)
				}
			case "event":
				var ev struct {
					Result *Bool  `json:"result"`
					Reason String `json:"reason"`
				}
				if err := dec.Decode(&ev); err != nil {
					return bad(err)
				}
				eventOK, reason = ev.Result, ev.Reason
			case "metadata":
				var md json.RawMessage
				if err := dec.Decode(&md); err != nil {
					return bad(err)
				}
				resp.Metadata = md
				var m struct {
					Overflowed Bool `json:"overflowed"`
				}
				if json.Unmarshal(md, &m) == nil {
					resp.Overflowed = bool(m.Overflowed)
				}
			default:
				var skip json.RawMessage
				if err := dec.Decode(&skip); err != nil {
					return bad(err)
				}
			}
		}
		if _, err := dec.Token(); err != nil {
			return bad(err)
		}
	}
	if _, err := dec.Token(); err != nil {
		return bad(err)
	}
	if !found {
		return &DecodeError{Module: module, Function: function, Kind: "unexpected-shape", Err: errors.New("no \"cpanelresult\" in the API 2 answer")}
	}
	if apiErr != "" {
		return &APIError{API: "api2", Module: module, Function: function, Errors: []string{string(apiErr)}}
	}
	if eventOK != nil && !*eventOK {
		msg := string(reason)
		if msg == "" {
			msg = "event.result is 0"
		}
		return &APIError{API: "api2", Module: module, Function: function, Errors: []string{msg}}
	}
	return nil
}

func expectDelim(dec *json.Decoder, want json.Delim) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != want {
		return fmt.Errorf("expected %q, found %v", want, tok)
	}
	return nil
}

// skipRest consumes tokens up to the end of the object or array just opened.
func skipRest(dec *json.Decoder) error {
	depth := 1
	for depth > 0 {
		tok, err := dec.Token()
		if err != nil {
			return err
		}
		if d, ok := tok.(json.Delim); ok {
			switch d {
			case '{', '[':
				depth++
			case '}', ']':
				depth--
			}
		}
	}
	return nil
}
