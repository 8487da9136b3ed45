// Package demo holds the simulated cPanel accounts cpmail ships for
// trying it out (--demo, cpmail demo), and runs one: the fake cPanel
// server and the public DNS of its scenario, both on 127.0.0.1.
package demo

import (
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/dnstest"
)

// Demo is one of the simulated accounts cpmail ships for trying it out: a
// scenario embedded in cpaneltest. What a newcomer sees in it is the
// catalog entry demo.about.<name> (About).
type Demo struct {
	Name string
}

// About is the message id of the line saying what the demo shows.
func (d Demo) About() string { return "demo.about." + d.Name }

// List lists the shipped demos, the main one (--demo without a name)
// first. They are exactly the scenarios cpaneltest embeds (a test checks);
// the scenarios that plant one problem for a test live in testdata/ and
// are not in the binary.
func List() []Demo {
	return []Demo{{"demo"}, {"healthy"}, {"dns-problems"}, {"vanishing-mail"}, {"hostile"}}
}

// Names returns the names of the demos, in the order of [List].
func Names() []string {
	var names []string
	for _, d := range List() {
		names = append(names, d.Name)
	}
	return names
}

// Load returns the demo scenario called name, or a usage error (one
// line, exit 2, worded by tr) naming the demos there are.
func Load(name string, tr func(id string, pairs ...any) string) (*cpaneltest.Scenario, error) {
	names := Names()
	if !slices.Contains(names, name) {
		return nil, cmdutil.Usage(tr("demo.no-demo-named-demos", "Name", name, "Names", strings.Join(names, ", ")))
	}
	return cpaneltest.LoadScenario(name)
}

// Servers run one demo: the fake cPanel server, and the public DNS of the
// scenario once a command asks for live checks. Close stops both.
type Servers struct {
	// API is the fake cPanel server.
	API *cpaneltest.Server
	// Scenario is the demo that is served.
	Scenario *cpaneltest.Scenario
	// WHM is the fake WHM server of the demo fleet (StartFleet); API and
	// Scenario are nil then.
	WHM *cpaneltest.WHMServer
	// zone is the public DNS of the fleet, every account's.
	zone string

	mu  sync.Mutex
	dns *dnstest.Server
}

// Start serves the scenario sc over HTTP on 127.0.0.1, with the clock now.
func Start(sc *cpaneltest.Scenario, now func() time.Time) *Servers {
	return &Servers{API: cpaneltest.NewServer(sc, cpaneltest.WithClock(now)), Scenario: sc}
}

// DNS starts the scenario's public DNS, once, and returns its address.
func (s *Servers) DNS() (string, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dns == nil {
		zone := s.zone
		if s.Scenario != nil {
			zone = s.Scenario.PublicZone()
		}
		srv, err := dnstest.Start(zone, nil)
		if err != nil {
			return "", err
		}
		s.dns = srv
	}
	return s.dns.Addr, nil
}

// Close stops the servers.
func (s *Servers) Close() {
	if s.API != nil {
		s.API.Close()
	}
	if s.WHM != nil {
		s.WHM.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.dns != nil {
		s.dns.Close()
		s.dns = nil
	}
}
