package demo

import (
	"fmt"
	"strings"
	"time"

	"github.com/miekg/dns"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// FleetAccounts is the demo server of 'cpmail --demo fleet': 30 accounts
// on one WHM server, most of them healthy, a handful with different
// problems: the shipped demos (a full mailbox and a suspended mailbox,
// DNS moved elsewhere, vanishing mail, a hostile server's texts), and
// what only WHM shows (a suspended account, outgoing mail suspended or
// held, the hourly limit reached). Eight accounts belong to the reseller
// "agency".
func FleetAccounts() ([]cpaneltest.WHMAccount, error) {
	load := func(name, user, domain string) (*cpaneltest.Scenario, error) {
		sc, err := cpaneltest.LoadScenario(name)
		if err != nil {
			return nil, err
		}
		return sc.Renamed(user, domain)
	}
	type plan struct {
		scenario, user, domain string
		acct                   cpaneltest.WHMAccount
	}
	plans := []plan{
		{scenario: "demo", user: "demo", domain: "example.com"},
		{scenario: "dns-problems", user: "garden", domain: "garden.example"},
		{scenario: "vanishing-mail", user: "lostmail", domain: "lostmail.example"},
		{scenario: "hostile", user: "hostile", domain: "hostile.example", acct: cpaneltest.WHMAccount{Owner: "agency"}},
		{scenario: "healthy", user: "unpaid", domain: "unpaid.example", acct: cpaneltest.WHMAccount{Suspended: true, SuspendReason: "Unpaid invoice #4411", SuspendedAgo: 50 * time.Hour}},
		{scenario: "healthy", user: "spammer", domain: "spammer.example", acct: cpaneltest.WHMAccount{OutgoingMailSuspended: true, Owner: "agency"}},
		{scenario: "healthy", user: "queued", domain: "queued.example", acct: cpaneltest.WHMAccount{OutgoingMailHold: true}},
		{scenario: "healthy", user: "busy", domain: "busy.example", acct: cpaneltest.WHMAccount{MaxEmailPerHour: "100", ReachedMaxEmails: true}},
	}
	for i := 1; len(plans) < 30; i++ {
		p := plan{scenario: "healthy", user: fmt.Sprintf("shop%02d", i), domain: fmt.Sprintf("shop%02d.example", i)}
		if i%4 == 0 {
			p.acct.Owner = "agency"
		}
		plans = append(plans, p)
	}
	var out []cpaneltest.WHMAccount
	for _, p := range plans {
		sc, err := load(p.scenario, p.user, p.domain)
		if err != nil {
			return nil, err
		}
		a := p.acct
		a.Scenario = sc
		out = append(out, a)
	}
	return out, nil
}

// StartFleet serves the demo fleet (FleetAccounts) as a WHM server on
// 127.0.0.1, with the clock now; its public DNS is every account's.
func StartFleet(now func() time.Time) (*Servers, error) {
	accts, err := FleetAccounts()
	if err != nil {
		return nil, err
	}
	zone := fleetZone(accts)
	return &Servers{WHM: cpaneltest.NewWHMServer(accts, cpaneltest.WithClock(now)), zone: zone}, nil
}

// aboutIP reports whether a DNS name is a lookup of one of ips (its
// reverse DNS, a blocklist entry): "20.100.51.198.zen.spamhaus.org".
func aboutIP(name string, ips map[string]bool) bool {
	for ip := range ips {
		p := strings.Split(ip, ".")
		if len(p) == 4 && strings.HasPrefix(name, p[3]+"."+p[2]+"."+p[1]+"."+p[0]+".") {
			return true
		}
	}
	return false
}

// fleetZone is the public DNS of the fleet. Each account brings the
// records of its own domains; a name outside them that several accounts'
// scenarios share (the server's reverse DNS, its host name, a blocklist
// entry of the shared IP) is taken from the healthy accounts first, then
// from the first account that has it, so that one account's planted DNS
// problem stays its own (a blocklisting of the IP the healthy accounts
// share is left out).
func fleetZone(accts []cpaneltest.WHMAccount) string {
	order := make([]cpaneltest.WHMAccount, 0, len(accts))
	for _, healthyFirst := range []bool{true, false} {
		for _, a := range accts {
			if (a.Scenario.Name == "healthy") == healthyFirst {
				order = append(order, a)
			}
		}
	}
	healthyIPs := map[string]bool{}
	for _, a := range accts {
		if a.Scenario.Name == "healthy" {
			healthyIPs[a.Scenario.Account.IP] = true
		}
	}
	var zone strings.Builder
	owner := map[string]int{} // shared name → the account that brought it
	for i, a := range order {
		acc := a.Scenario.Account
		own := append([]string{acc.MainDomain}, acc.AddonDomains...)
		own = append(append(own, acc.ParkedDomains...), acc.SubDomains...)
		zp := dns.NewZoneParser(strings.NewReader("$TTL 300\n"+a.Scenario.PublicZone()), ".", "")
		for rr, ok := zp.Next(); ok; rr, ok = zp.Next() {
			name := strings.ToLower(strings.TrimSuffix(rr.Header().Name, "."))
			mine := false
			for _, d := range own {
				d = strings.ToLower(d)
				mine = mine || name == d || strings.HasSuffix(name, "."+d)
			}
			if !mine {
				if first, seen := owner[name]; seen && first != i || a.Scenario.Name != "healthy" && aboutIP(name, healthyIPs) {
					continue
				}
				owner[name] = i
			}
			zone.WriteString(rr.String())
			zone.WriteString("\n")
		}
	}
	return zone.String()
}
