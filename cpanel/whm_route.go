package cpanel

import (
	"encoding/json"
	"errors"
	"net/url"
	"strings"
)

// route is the one seam between the typed services and the wire: where
// an account's UAPI and API 2 calls go, how they are authenticated, and
// how their answers are unwrapped. cpanelRoute sends them to cPanel
// (port 2083) with the account's own token; whmRoute sends them through
// WHM (port 2087) with a root or reseller token, UAPI through
// uapi_cpanel and API 2 through WHM's cpanel proxy. Every service works
// unchanged over either.
type route interface {
	// authorization is the Authorization header for token.
	authorization(token string) string
	// uapi returns the path and the query of a UAPI call.
	uapi(module, function string, params url.Values) (string, url.Values)
	// unwrapUAPI returns UAPI's flat envelope from the body of an answer.
	unwrapUAPI(module, function string, body []byte) ([]byte, error)
	// api2 adds the account to the query of an API 2 call.
	api2(q url.Values)
	// readOnly reports whether the call is on the read-only allow-list.
	readOnly(module, function string) bool
}

// cpanelRoute is an account's own token on cPanel's port.
type cpanelRoute struct{ user string }

func (r cpanelRoute) authorization(token string) string { return "cpanel " + r.user + ":" + token }

func (cpanelRoute) uapi(module, function string, params url.Values) (string, url.Values) {
	return "/execute/" + url.PathEscape(module) + "/" + url.PathEscape(function), params
}

func (cpanelRoute) unwrapUAPI(_, _ string, body []byte) ([]byte, error) { return body, nil }

func (r cpanelRoute) api2(q url.Values) { q.Set("cpanel_jsonapi_user", r.user) }

func (cpanelRoute) readOnly(module, function string) bool { return IsReadOnlyCall(module, function) }

// whmRoute is a WHM token (user is root or a reseller) acting on
// account; an empty account is WHM API 1 itself.
type whmRoute struct{ user, account string }

func (r whmRoute) authorization(token string) string { return "whm " + r.user + ":" + token }

func (r whmRoute) uapi(module, function string, params url.Values) (string, url.Values) {
	q := whmParams(params)
	q.Set("cpanel.user", r.account)
	q.Set("cpanel.module", module)
	q.Set("cpanel.function", function)
	return "/json-api/uapi_cpanel", q
}

// unwrapUAPI checks WHM's metadata.result and returns data.uapi, UAPI's
// own envelope, whose status decodeUAPI then checks: WHM reports OK even
// when the UAPI call failed.
func (whmRoute) unwrapUAPI(module, function string, body []byte) ([]byte, error) {
	var env struct {
		Data *struct {
			UAPI json.RawMessage `json:"uapi"`
		} `json:"data"`
		Metadata *whmMetadata `json:"metadata"`
	}
	if err := decodeJSON(module, function, body, &env); err != nil {
		return nil, err
	}
	if env.Metadata == nil {
		return nil, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"metadata\" in WHM's uapi_cpanel answer"), Snippet: snippet(body, 120)}
	}
	if err := env.Metadata.check(module, function); err != nil {
		return nil, err
	}
	if env.Data == nil || len(env.Data.UAPI) == 0 || string(env.Data.UAPI) == "null" {
		return nil, &DecodeError{Module: module, Function: function, Kind: DecodeUnexpectedShape, Err: errors.New("no \"data.uapi\" in WHM's uapi_cpanel answer"), Snippet: snippet(body, 120)}
	}
	return env.Data.UAPI, nil
}

func (r whmRoute) api2(q url.Values) { q.Set("cpanel_jsonapi_user", r.account) }

func (whmRoute) readOnly(module, function string) bool {
	if module == whmModule {
		return IsReadOnlyWHMCall(function)
	}
	return IsReadOnlyCall(module, function)
}

// whmParams returns a copy of params with api.version=1, the query of
// a WHM API 1 call.
func whmParams(params url.Values) url.Values {
	q := copyParams(params)
	q.Set("api.version", "1")
	return q
}

// whmMetadata is WHM API 1's metadata object.
type whmMetadata struct {
	Result  *Bool  `json:"result"`
	Reason  String `json:"reason"`
	Command String `json:"command"`
}

// check returns an *APIError when WHM says the call failed (result 0).
// A nil metadata, or one without result, says nothing.
func (m *whmMetadata) check(module, function string) error {
	if m == nil || m.Result == nil || bool(*m.Result) {
		return nil
	}
	msg := strings.TrimSpace(string(m.Reason))
	if msg == "" {
		msg = "WHM's metadata.result is 0"
	}
	return &APIError{API: "whm", Module: module, Function: function, Errors: []string{msg}}
}
