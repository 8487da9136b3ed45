// Package dnscheck runs the live DNS checks behind cpmail's diagnosis: who is
// authoritative for a domain and whether public DNS matches cPanel's zone,
// MX sanity, SPF (syntax, lookup limits, evaluation for the sending IP), DKIM
// key records, DMARC policy, reverse DNS of the sending IP and DNS blocklists.
//
// Every check returns a [Result] with a [Verdict] (fail, warn, unknown or
// pass), stable problem IDs and the DNS evidence it looked at. A check that
// could not ask its question (timeout, SERVFAIL, REFUSED, a blocklist's
// "query refused" answer) says unknown with the reason; it never says fail.
//
// All queries go to one server through a [Resolver]; [NewResolver] builds
// one on github.com/miekg/dns that talks UDP and falls back to TCP when an
// answer is truncated. Names are always queried fully qualified, so the
// search list of /etc/resolv.conf and /etc/hosts never interfere.
package dnscheck
