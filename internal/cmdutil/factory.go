// Package cmdutil holds what every cpmail command shares: the Factory a
// command gets its dependencies from, the Printer it writes with, the
// typed exit codes and the errors that carry them, and the small checks
// of command-line values (domains, addresses, time windows, live DNS
// options).
package cmdutil

import (
	"context"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/config"
)

// Factory gives commands what they depend on. internal/cmd/factory builds
// it from the environment and the global flags; a test builds its own.
// The dependencies that cost something (a cPanel client, a DNS resolver)
// are functions, called only by the commands that need them, so a command
// that reads no account never fails on missing credentials.
type Factory struct {
	// Printer holds the streams, the clock and the output settings. Its
	// Lang, Format and NoHeaders are set from the global flags before a
	// command runs.
	Printer

	// Getenv reads the environment.
	Getenv func(string) string

	// Flags are the global flags as given on the command line.
	Flags GlobalFlags

	// Session is this run's state: the --timeout clock, the secrets to
	// keep out of messages, and whom cpmail talks to.
	Session *Session

	// Client returns the cPanel client, built once on first use from the
	// flags, the environment and the profile (or the demo server).
	Client func(ctx context.Context) (*cpanel.Client, error)

	// WHM returns the WHM client (WHM_HOST, WHM_USER, WHM_TOKEN or the
	// profile saved by 'cpmail login --whm'), built once on first use.
	WHM func(ctx context.Context) (*cpanel.WHMClient, error)

	// LiveDNS returns the live DNS checker the options ask for, or nil and
	// the reason live checks are skipped. Call it after Client.
	LiveDNS func(ctx context.Context, o DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error)

	// Connect builds a client for a real server from credentials given
	// directly (login), with the TLS settings of the flags and prof.
	Connect func(host, user, token string, prof config.Profile) (*cpanel.Client, error)

	// ConnectWHM builds a WHM client for a real server from credentials
	// given directly (login --whm).
	ConnectWHM func(host, user, token string, prof config.Profile) (*cpanel.WHMClient, error)

	// Store returns the store of saved profiles.
	Store func() (config.Store, error)
}

// GlobalFlags are the flags every command takes.
type GlobalFlags struct {
	Host, User, TokenFile, Profile string
	Insecure                       bool
	CAFile, Pin                    string
	Timeout                        time.Duration
	Debug                          bool
	Output                         string
	Lang                           string
	Demo                           string
	NoHeaders                      bool
	MaxResponseMB                  int
	// ASCII draws charts (sparklines) in ASCII (--ascii).
	ASCII bool
	// Account is --account (env CPMAIL_ACCOUNT): read this cPanel
	// account through WHM.
	Account string
	// RateLimit caps the requests a second to WHM (fleet's --rate); 0 is
	// no limit.
	RateLimit float64
}
