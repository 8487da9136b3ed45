// Package cmdtest helps the commands' tests call their run functions
// directly: a Printer on buffers with a fixed clock, and the lazy
// dependencies of a Factory pointed at the fake cPanel server and at a
// real DNS server on 127.0.0.1 serving the scenario's public zone.
package cmdtest

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/report"
)

// Now is the clock of the tests, the one the golden files were made with.
func Now() time.Time { return time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC) }

// Printer returns a Printer writing to buffers (none a terminal), in
// language l and format f, and the buffers of stdin, stdout and stderr.
func Printer(l i18n.Tag, f render.Format) (p *cmdutil.Printer, in, out, errOut *bytes.Buffer) {
	io, in, out, errOut := iostreams.Test()
	return &cmdutil.Printer{IO: io, Now: Now, Lang: l, Format: f}, in, out, errOut
}

// Account is a fake cPanel account: the server, and the dependencies a
// command takes from the Factory, pointed at it.
type Account struct {
	Server  *cpaneltest.Server
	Session *cmdutil.Session
	// Client returns a client of the server.
	Client func(context.Context) (*cpanel.Client, error)
	// LiveDNS checks against the scenario's public zone, served on
	// 127.0.0.1 (offline: skipped, as the Factory's does).
	LiveDNS func(context.Context, cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error)
	// Getenv is an empty environment.
	Getenv func(string) string
}

// Serve starts the scenario name on the fake server, with the clock Now,
// until the test ends.
func Serve(t testing.TB, name string) *Account {
	t.Helper()
	sc, err := cpaneltest.LoadScenario(name)
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(Now))
	t.Cleanup(srv.Close)
	dns, err := dnstest.Start(sc.PublicZone(), nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(dns.Close)
	a := &Account{Server: srv, Session: &cmdutil.Session{Timeout: 30 * time.Second}, Getenv: func(string) string { return "" }}
	a.Session.AddSecret(srv.Token())
	a.Client = func(context.Context) (*cpanel.Client, error) {
		return cpanel.NewClient(srv.URL, srv.User(), srv.Token())
	}
	a.LiveDNS = func(_ context.Context, o cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error) {
		if o.Offline {
			return nil, report.SkipReason(cmdutil.English, report.SkipOffline), nil
		}
		return &dnscheck.Checker{Resolver: dnscheck.NewResolver(dns.Addr, 5*time.Second), Timeout: 30 * time.Second}, diagnose.SkipReason{}, nil
	}
	return a
}

// NoClient is a Client for a run that must fail before reading the
// account: it fails the test when called.
func NoClient(t testing.TB) func(context.Context) (*cpanel.Client, error) {
	return func(context.Context) (*cpanel.Client, error) {
		t.Helper()
		t.Error("the run asked for a client")
		return nil, context.Canceled
	}
}
