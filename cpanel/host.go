package cpanel

import (
	"fmt"
	"net"
	"net/url"
	"strconv"
	"strings"
)

// DefaultPort is cPanel's TLS port for UAPI and API 2.
const DefaultPort = 2083

// ParseHost turns what a user writes for the host into a base URL: "host",
// "host:port", "[v6]:port" or a full "https://host:port" URL. The default
// scheme is https and the default port 2083; "http://" is accepted when
// written out. Paths, queries and credentials in the URL are refused with
// an *InputError.
func ParseHost(s string) (*url.URL, error) { return parseHost(s, DefaultPort) }

// ParseWHMHost is ParseHost with WHM's default port, 2087.
func ParseWHMHost(s string) (*url.URL, error) { return parseHost(s, DefaultWHMPort) }

func parseHost(s string, defaultPort int) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, &InputError{Input: InputHost, Missing: true, Problem: fmt.Sprintf("e.g. server.example.com or https://server.example.com:%d", defaultPort)}
	}
	raw := s
	if !strings.Contains(s, "://") {
		raw = "https://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, &InputError{Input: InputHost, Value: s, Problem: "write host, host:port or https://host:port"}
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, &InputError{Input: InputHost, Value: s, Problem: "the scheme must be https or http"}
	}
	if u.User != nil {
		return nil, &InputError{Input: InputHost, Value: redactUserinfo(u), Problem: "do not put credentials in the host; give the user and the token on their own"}
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return nil, &InputError{Input: InputHost, Value: s, Problem: "give only the host and port, without a path"}
	}
	host := u.Hostname()
	if host == "" || strings.ContainsAny(host, " /\\") {
		return nil, &InputError{Input: InputHost, Value: s, Problem: "no host name"}
	}
	port := u.Port()
	if port == "" {
		port = strconv.Itoa(defaultPort)
	} else if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return nil, &InputError{Input: InputHost, Value: s, Problem: fmt.Sprintf("the port %q is not in 1-65535 (cPanel is %d, WHM %d)", port, DefaultPort, DefaultWHMPort)}
	}
	return &url.URL{Scheme: u.Scheme, Host: net.JoinHostPort(host, port)}, nil
}

// IsLoopback reports whether the URL's host is a loopback address or
// "localhost".
func IsLoopback(u *url.URL) bool {
	h := u.Hostname()
	if strings.EqualFold(h, "localhost") {
		return true
	}
	ip := net.ParseIP(h)
	return ip != nil && ip.IsLoopback()
}

func redactUserinfo(u *url.URL) string {
	c := *u
	c.User = url.User("REDACTED")
	return c.String()
}
