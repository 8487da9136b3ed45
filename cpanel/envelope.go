package cpanel

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strings"
)

// uapiEnvelope is the flat envelope of UAPI over HTTP.
type uapiEnvelope struct {
	Status   *Bool           `json:"status"`
	Errors   []string        `json:"errors"`
	Messages []string        `json:"messages"`
	Warnings []string        `json:"warnings"`
	Data     json.RawMessage `json:"data"`
	Metadata json.RawMessage `json:"metadata"`
	// APIVersion and Result are the wrapped form the documentation and the
	// uapi command-line tool show: {"apiversion":3,"result":{…}}.
	APIVersion json.RawMessage `json:"apiversion"`
	Result     *uapiEnvelope   `json:"result"`
}

// api2Envelope is cPanel API 2's cpanelresult wrapper.
type api2Envelope struct {
	CPanelResult *struct {
		Data  json.RawMessage `json:"data"`
		Error String          `json:"error"`
		Event *struct {
			Result *Bool  `json:"result"`
			Reason String `json:"reason"`
		} `json:"event"`
		Metadata json.RawMessage `json:"metadata"`
	} `json:"cpanelresult"`
	// WHM is WHM API 1's metadata, when WHM answered for cPanel (the
	// API 2 proxy refusing the account): read only when it is an object,
	// as the streamed decoder does.
	WHM json.RawMessage `json:"metadata"`
}

// decodeUAPI checks a UAPI envelope and returns its data.
func decodeUAPI(module, function string, body []byte, resp *Response) (json.RawMessage, error) {
	var env uapiEnvelope
	if err := decodeJSON(module, function, body, &env); err != nil {
		return nil, err
	}
	if env.Result != nil && env.Status == nil {
		env = *env.Result
	}
	if env.Status == nil {
		return nil, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"status\" in the UAPI answer"), Snippet: snippet(body, 120)}
	}
	resp.Warnings, resp.Messages, resp.Metadata = env.Warnings, env.Messages, env.Metadata
	if !*env.Status {
		return nil, &APIError{API: "uapi", Module: module, Function: function, Errors: env.Errors}
	}
	return env.Data, nil
}

func decodeAPI2(module, function string, body []byte, resp *Response) (json.RawMessage, error) {
	var env api2Envelope
	if err := decodeJSON(module, function, body, &env); err != nil {
		return nil, err
	}
	r := env.CPanelResult
	if bytes.HasPrefix(bytes.TrimSpace(env.WHM), []byte("{")) {
		var whm whmMetadata
		if err := json.Unmarshal(env.WHM, &whm); err != nil {
			return nil, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: err, Snippet: snippet(body, 120)}
		}
		if err := whm.check(module, function); err != nil {
			return nil, err
		}
	}
	if r == nil {
		return nil, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"cpanelresult\" in the API 2 answer"), Snippet: snippet(body, 120)}
	}
	resp.Metadata = r.Metadata
	if len(r.Metadata) > 0 {
		var md struct {
			Overflowed Bool `json:"overflowed"`
		}
		if json.Unmarshal(r.Metadata, &md) == nil {
			resp.Overflowed = bool(md.Overflowed)
		}
	}
	if r.Error != "" {
		return nil, &APIError{API: "api2", Module: module, Function: function, Errors: []string{string(r.Error)}}
	}
	if r.Event != nil && r.Event.Result != nil && !*r.Event.Result {
		msg := string(r.Event.Reason)
		if msg == "" {
			msg = "event.result is 0"
		}
		return nil, &APIError{API: "api2", Module: module, Function: function, Errors: []string{msg}}
	}
	return r.Data, nil
}

// decodeJSON unmarshals body, telling an HTML page and a truncated body
// apart from other garbage.
func decodeJSON(module, function string, body []byte, v any) error {
	trimmed := bytes.TrimSpace(body)
	if looksHTML(trimmed) {
		return &DecodeError{Module: module, Function: function, Kind: DecodeHTML, Snippet: htmlTitle(trimmed)}
	}
	if err := json.Unmarshal(trimmed, v); err != nil {
		kind := DecodeNotJSON
		var se *json.SyntaxError
		if len(trimmed) > 0 && (trimmed[0] == '{' || trimmed[0] == '[') && (errors.As(err, &se) || errors.Is(err, io.ErrUnexpectedEOF)) {
			if !json.Valid(trimmed) {
				kind = DecodeTruncated
				if errors.As(err, &se) && !strings.Contains(se.Error(), "unexpected end") {
					kind = DecodeNotJSON
				}
			}
		}
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			kind = DecodeUnexpectedShape
		}
		return &DecodeError{Module: module, Function: function, Kind: kind, Snippet: snippet(trimmed, 80), Err: err}
	}
	return nil
}

func looksHTML(b []byte) bool {
	if len(b) == 0 || b[0] != '<' {
		return false
	}
	head := bytes.ToLower(b[:min(len(b), 512)])
	return bytes.Contains(head, []byte("<html")) || bytes.Contains(head, []byte("<!doctype")) || bytes.Contains(head, []byte("<head")) || bytes.Contains(head, []byte("<body")) || bytes.Contains(head, []byte("<title"))
}

// htmlTitle returns the page's <title> when there is one, else its first bytes.
func htmlTitle(b []byte) string {
	l := bytes.ToLower(b)
	if i := bytes.Index(l, []byte("<title")); i >= 0 {
		if j := bytes.IndexByte(l[i:], '>'); j >= 0 {
			rest := b[i+j+1:]
			if k := bytes.Index(bytes.ToLower(rest), []byte("</title")); k >= 0 {
				return "title: " + snippet(rest[:k], 80)
			}
		}
	}
	return snippet(b, 80)
}
