package cpanel

import (
	"bytes"
	"errors"
	"net/url"
	"strings"
)

// redactParams formats the query for a debug log. Parameters never carry the
// token (it travels in the Authorization header), but a value that looks like
// a secret is masked all the same.
func redactParams(p url.Values) string {
	if len(p) == 0 {
		return ""
	}
	c := url.Values{}
	for k, v := range p {
		if strings.Contains(strings.ToLower(k), "token") || strings.Contains(strings.ToLower(k), "pass") {
			c[k] = []string{"REDACTED"}
			continue
		}
		c[k] = v
	}
	return "?" + c.Encode()
}

// scrub removes the token from an error's text, in case a transport error
// quotes a header.
func scrub(err error, token string) error {
	if redactable(token) && strings.Contains(err.Error(), token) {
		return errors.New(strings.ReplaceAll(err.Error(), token, "REDACTED"))
	}
	return err
}

// redactable reports whether token is long enough to be replaced in text
// without mangling it: cPanel tokens have 32 characters, and replacing a
// one-letter test token would garble every word that contains the letter.
func redactable(token string) bool { return len(token) >= 8 }

// redactBody replaces the token in a response body.
func redactBody(body []byte, token string) []byte {
	if !redactable(token) {
		return body
	}
	return bytes.ReplaceAll(body, []byte(token), []byte("REDACTED"))
}
