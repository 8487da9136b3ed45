package cpanel

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"strings"
)

// streamCapFactor is how much larger than the size cap a streamed answer may
// be: streaming holds one record at a time, not the whole body.
const streamCapFactor = 16

// page makes one EmailTrack::search request and streams its records to
// fn as they are decoded, without holding the whole answer: limit caps the
// answer, in bytes after decompression. It stops at the first error fn
// returns and passes that error on unchanged. Response.Overflowed is set
// when cPanel capped the result. Records that do not match opts are
// skipped.
func (s *EmailTrackService) page(ctx context.Context, opts *SearchOptions, limit int64, fn func(DeliveryRecord) error) (*Response, error) {
	if opts == nil {
		opts = &SearchOptions{MaxResultsByType: -1}
	}
	q := s.client.api2Query("EmailTrack", "search", opts.Params())
	return s.client.stream(ctx, "EmailTrack", "search", "/json-api/cpanel", q, limit, func(r io.Reader, resp *Response) error {
		return decodeAPI2StreamCapped("EmailTrack", "search", r, resp, s.client.maxValue, func(raw []byte) error {
			var rec DeliveryRecord
			if err := rec.UnmarshalJSON(raw); err != nil {
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

// stream performs a GET (see Client.do: the same policy as every call)
// and passes the body to read: the answer is capped at limit bytes, and
// each JSON value in it at the client's value cap.
func (c *Client) stream(ctx context.Context, module, function, path string, params url.Values, limit int64, read func(io.Reader, *Response) error) (*Response, error) {
	resp := &Response{}
	err := c.do(ctx, request{module: module, function: function, path: path, params: params, limit: limit,
		read: func(body io.Reader, deliver func()) error {
			br := bufio.NewReaderSize(body, 64<<10)
			head, _ := br.Peek(512)
			if looksHTML(bytes.TrimSpace(head)) {
				return &DecodeError{Module: module, Function: function, Kind: DecodeHTML, Snippet: htmlTitle(bytes.TrimSpace(head))}
			}
			deliver()
			return read(br, resp)
		}}, resp)
	return resp, err
}

// errCallback marks an error returned by the caller's callback, so that it
// is passed on unchanged rather than reported as a decoding problem.
type errCallback struct{ err error }

func (e errCallback) Error() string { return e.err.Error() }

// errShape is a well-formed answer of the wrong shape.
type errShape struct{ msg string }

func (e errShape) Error() string { return e.msg }

// decodeAPI2Stream is decodeAPI2StreamCapped with the default value cap.
func decodeAPI2Stream(module, function string, r io.Reader, resp *Response, each func(raw []byte) error) error {
	return decodeAPI2StreamCapped(module, function, r, resp, DefaultMaxValueBytes, each)
}

// decodeAPI2StreamCapped walks a cpanelresult envelope, handing the raw
// bytes of each element of "data" to each (valid only during the call), and
// checks error and event afterwards. It reads the stream with a small
// scanner of its own: records arrive by the hundred thousand, and
// encoding/json's Decoder scans each of them twice (once to find its end,
// once to decode it). Measured on one body of 100k records with the same
// record decoder (BenchmarkEnvelope100k, against decodeAPI2StreamStd in
// the tests), the Decoder takes 11-15 µs a record where this scanner takes
// 7.3-9.5. No JSON value
// (a record, a key, the metadata) is held beyond maxValue bytes: a larger
// one stops the stream with a *SizeError, so that memory stays flat
// whatever the server sends. An error from each is a decoding error unless
// it is an errCallback, which is unwrapped and returned.
func decodeAPI2StreamCapped(module, function string, r io.Reader, resp *Response, maxValue int64, each func(raw []byte) error) error {
	p := &rawScanner{r: bufio.NewReaderSize(r, 64<<10), max: int(min(maxValue, 1<<40))}
	bad := func(err error) error {
		var cb errCallback
		if errors.As(err, &cb) {
			return cb.err
		}
		if errors.Is(err, errValueTooLarge) {
			return &SizeError{Module: module, Function: function, Limit: int64(p.max), Value: true}
		}
		kind := DecodeUnexpectedShape
		var se errShape
		switch {
		case errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, io.EOF):
			kind = DecodeTruncated
			if p.n == 0 {
				kind = DecodeNotJSON
			}
		case errors.As(err, &se):
		case p.n <= 1:
			kind = DecodeNotJSON
		}
		return &DecodeError{Module: module, Function: function, Kind: kind, Err: err}
	}
	c, err := p.next()
	if err != nil {
		return bad(err)
	}
	if c != '{' {
		return bad(fmt.Errorf("the answer starts with %q", c))
	}
	found := false
	var apiErr, reason String
	var eventOK *Bool
	var whm *whmMetadata
	err = p.object(func(key string, first byte) error {
		if strings.EqualFold(key, "metadata") && first == '{' {
			raw, err := p.value(first)
			if err != nil {
				return err
			}
			whm = &whmMetadata{}
			return json.Unmarshal(raw, whm)
		}
		if !strings.EqualFold(key, "cpanelresult") || first != '{' {
			_, err := p.value(first)
			return err
		}
		found = true
		return p.object(func(k string, first byte) error {
			k = strings.ToLower(k) // encoding/json matches keys this way too
			if k == "data" && first == '[' {
				return p.array(func(first byte) error {
					raw, err := p.value(first)
					if err != nil {
						return err
					}
					return each(raw)
				})
			}
			raw, err := p.value(first)
			if err != nil {
				return err
			}
			switch k {
			case "error":
				if err := json.Unmarshal(raw, &apiErr); err != nil {
					return err
				}
			case "event":
				var ev struct {
					Result *Bool  `json:"result"`
					Reason String `json:"reason"`
				}
				if err := json.Unmarshal(raw, &ev); err != nil {
					return err
				}
				eventOK, reason = ev.Result, ev.Reason
			case "metadata":
				md := json.RawMessage(append([]byte(nil), raw...))
				resp.Metadata = md
				var m struct {
					Overflowed Bool `json:"overflowed"`
				}
				if json.Unmarshal(md, &m) == nil {
					resp.Overflowed = bool(m.Overflowed)
				}
			}
			return nil
		})
	})
	if err != nil {
		return bad(err)
	}
	if err := whm.check(module, function); err != nil {
		return err
	}
	if !found {
		return &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"cpanelresult\" in the API 2 answer")}
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

// rawScanner reads JSON values as raw bytes from a stream.
type rawScanner struct {
	r   *bufio.Reader
	buf []byte
	n   int // bytes read so far (for telling garbage from truncation)
	max int // the largest value held, in bytes
}

// errValueTooLarge is a streamed JSON value larger than the value cap.
var errValueTooLarge = errors.New("cpanel: one JSON value is larger than the value cap")

// next returns the next byte that is not white space.
func (p *rawScanner) next() (byte, error) {
	for {
		c, err := p.r.ReadByte()
		if err != nil {
			return 0, err
		}
		p.n++
		if c != ' ' && c != '\n' && c != '\t' && c != '\r' {
			return c, nil
		}
	}
}

// object reads the members of an object whose '{' was just read, calling
// fn with each key and the first byte of its value; fn must consume the
// value.
func (p *rawScanner) object(fn func(key string, first byte) error) error {
	c, err := p.next()
	if err != nil {
		return unexpectedEOF(err)
	}
	if c == '}' {
		return nil
	}
	for {
		if c != '"' {
			return fmt.Errorf("expected a key, found %q", c)
		}
		raw, err := p.value('"')
		if err != nil {
			return err
		}
		var key string
		if err := json.Unmarshal(raw, &key); err != nil {
			return err
		}
		if c, err = p.next(); err != nil {
			return unexpectedEOF(err)
		}
		if c != ':' {
			return fmt.Errorf("expected ':' after %q, found %q", key, c)
		}
		if c, err = p.next(); err != nil {
			return unexpectedEOF(err)
		}
		if err := fn(key, c); err != nil {
			return err
		}
		if c, err = p.next(); err != nil {
			return unexpectedEOF(err)
		}
		switch c {
		case '}':
			return nil
		case ',':
			if c, err = p.next(); err != nil {
				return unexpectedEOF(err)
			}
		default:
			return fmt.Errorf("expected ',' or '}', found %q", c)
		}
	}
}

// array reads the elements of an array whose '[' was just read.
func (p *rawScanner) array(fn func(first byte) error) error {
	c, err := p.next()
	if err != nil {
		return unexpectedEOF(err)
	}
	if c == ']' {
		return nil
	}
	for {
		if err := fn(c); err != nil {
			return err
		}
		if c, err = p.next(); err != nil {
			return unexpectedEOF(err)
		}
		switch c {
		case ']':
			return nil
		case ',':
			if c, err = p.next(); err != nil {
				return unexpectedEOF(err)
			}
		default:
			return fmt.Errorf("expected ',' or ']', found %q", c)
		}
	}
}

// value reads one value whose first byte was just read and returns its raw
// bytes (valid until the next call). Objects and arrays are matched by
// depth; they are checked by whoever decodes them.
func (p *rawScanner) value(first byte) ([]byte, error) {
	p.buf = append(p.buf[:0], first)
	switch {
	case first == '"':
		return p.buf, p.rest(false, 0)
	case first == '{' || first == '[':
		return p.buf, p.rest(true, 1)
	}
	// A number or a literal: up to the next delimiter.
	for {
		c, err := p.r.ReadByte()
		if err != nil {
			return nil, unexpectedEOF(err)
		}
		if c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\t' || c == '\r' {
			_ = p.r.UnreadByte()
			if !json.Valid(p.buf) {
				return nil, fmt.Errorf("invalid value %q", p.buf)
			}
			return p.buf, nil
		}
		p.n++
		p.buf = append(p.buf, c)
		if len(p.buf) > 64 {
			return nil, fmt.Errorf("invalid value %.20q…", p.buf)
		}
	}
}

// rest reads the remainder of a string (nested false) or of an object or
// array (nested true, with depth open brackets), looking only at the bytes
// already buffered so that nothing past the value is consumed.
func (p *rawScanner) rest(nested bool, depth int) error {
	inString, escaped := !nested, false
	for {
		if p.r.Buffered() == 0 {
			if _, err := p.r.Peek(1); err != nil {
				return unexpectedEOF(err)
			}
		}
		chunk, _ := p.r.Peek(p.r.Buffered())
		end := -1
	scan:
		for i := 0; i < len(chunk); i++ {
			c := chunk[i]
			if inString {
				switch {
				case escaped:
					escaped = false
				case c == '\\':
					escaped = true
				case c == '"':
					inString = false
					if !nested {
						end = i
						break scan
					}
				default:
					// Skip ahead to the next quote or backslash.
					j := bytes.IndexAny(chunk[i:], "\"\\")
					if j < 0 {
						i = len(chunk) - 1
					} else {
						i += j - 1
					}
				}
				continue
			}
			switch c {
			case '"':
				inString = true
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					end = i
					break scan
				}
			}
		}
		n := len(chunk)
		if end >= 0 {
			n = end + 1
		}
		if len(p.buf)+n > p.max {
			return errValueTooLarge
		}
		p.buf = append(p.buf, chunk[:n]...)
		p.n += n
		_, _ = p.r.Discard(n)
		if end >= 0 {
			return nil
		}
	}
}

func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}
