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

// ParseHost turns what a user writes for --host into a base URL: "host",
// "host:port", "[v6]:port" or a full "https://host:port" URL. The default
// scheme is https and the default port 2083; "http://" is accepted when
// written out. Paths, queries and credentials in the URL are refused.
func ParseHost(s string) (*url.URL, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, fmt.Errorf("no cPanel host given: set --host or CPANEL_HOST (e.g. server.example.com or https://server.example.com:2083)")
	}
	raw := s
	if !strings.Contains(s, "://") {
		raw = "https://" + s
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("invalid host %q: write host, host:port or https://host:port", s)
	}
	if u.Scheme != "https" && u.Scheme != "http" {
		return nil, fmt.Errorf("invalid host %q: the scheme must be https or http", s)
	}
	if u.User != nil {
		return nil, fmt.Errorf("invalid host %q: do not put credentials in the host; use CPANEL_USER and a token file", redactUserinfo(u))
	}
	if u.Path != "" && u.Path != "/" || u.RawQuery != "" || u.Fragment != "" {
		return nil, fmt.Errorf("invalid host %q: give only the host and port, without a path", s)
	}
	host := u.Hostname()
	if host == "" || strings.ContainsAny(host, " /\\") {
		return nil, fmt.Errorf("invalid host %q: no host name", s)
	}
	port := u.Port()
	if port == "" {
		port = strconv.Itoa(DefaultPort)
	} else if p, err := strconv.Atoi(port); err != nil || p < 1 || p > 65535 {
		return nil, fmt.Errorf("invalid port %q in host %q: use 1-65535 (cPanel is 2083)", port, s)
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
