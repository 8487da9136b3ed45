package cpaneltest

import (
	"errors"
	"fmt"
	"net"
	"strings"
	"time"
)

// inProgressWindow is how far back EmailTrack::search looks for messages
// still in progress.
const inProgressWindow = 2 * time.Hour

// Validate checks the scenario for mistakes a person makes when writing
// one: malformed addresses and domains, mailboxes, forwarders and routing
// for domains the account has no mail for, unknown states and event types,
// and in-progress rows too old to ever be shown. It returns every problem
// found, joined.
func (sc *Scenario) Validate() error {
	var errs []error
	bad := func(format string, args ...any) { errs = append(errs, fmt.Errorf(format, args...)) }

	a := &sc.Account
	if !isUserName(a.User) {
		bad("account.user %q: want a cPanel user name (lower case letters and digits)", a.User)
	}
	if !isDomain(a.MainDomain) {
		bad("account.main_domain %q is not a domain name", a.MainDomain)
	}
	seen := map[string]bool{}
	for _, d := range sc.domains() {
		if !isDomain(d) {
			bad("account domain %q is not a domain name", d)
		}
		if seen[d] {
			bad("account domain %q is listed twice", d)
		}
		seen[d] = true
	}
	for _, d := range a.MailDomains {
		if !seen[strings.ToLower(d)] {
			bad("account.mail_domains: %q is not one of the account's domains", d)
		}
	}
	if ip := net.ParseIP(a.IP); ip == nil || ip.To4() == nil {
		bad("account.ip %q is not an IPv4 address", a.IP)
	}
	if a.Hostname != "" && !isDomain(a.Hostname) {
		bad("account.hostname %q is not a host name", a.Hostname)
	}
	if a.UTCOffset != "" && !isUTCOffset(a.UTCOffset) {
		bad("account.utc_offset %q: want +HH:MM or -HH:MM", a.UTCOffset)
	}
	if a.DiskUsedMB < 0 || a.DiskLimitMB < 0 || a.InodesUsed < 0 || a.InodesLimit < 0 || a.MainMailUsedBytes < 0 {
		bad("account: disk and inode figures must not be negative")
	}

	boxes := map[string]bool{}
	for _, m := range sc.Mailboxes {
		addr := strings.ToLower(m.Address)
		switch {
		case !isAddress(addr):
			bad("mailbox %q is not an email address", m.Address)
		case !sc.isMailDomain(domainOf(addr)):
			bad("mailbox %q: %s is not a mail domain of the account", m.Address, domainOf(addr))
		case boxes[addr]:
			bad("mailbox %q is listed twice", m.Address)
		}
		boxes[addr] = true
		if m.UsedBytes < 0 || m.HeldMessages < 0 {
			bad("mailbox %q: used_bytes and held_messages must not be negative", m.Address)
		}
	}
	for _, f := range sc.Forwarders {
		if !isAddress(f.Address) || !sc.isMailDomain(domainOf(f.Address)) {
			bad("forwarder %q: want an address in one of the account's mail domains", f.Address)
		}
		if strings.TrimSpace(f.To) == "" {
			bad("forwarder %q has no destination", f.Address)
		}
	}
	for _, f := range sc.DomainForwarders {
		if !sc.isMailDomain(f.Domain) {
			bad("domain forwarder %q: not a mail domain of the account", f.Domain)
		}
		if !isDomain(f.To) {
			bad("domain forwarder %q: destination %q is not a domain", f.Domain, f.To)
		}
	}
	for d, v := range sc.DefaultAddresses {
		if !sc.isMailDomain(d) {
			bad("default_addresses: %q is not a mail domain of the account", d)
		}
		if strings.TrimSpace(v) == "" {
			bad("default_addresses[%q] is empty", d)
		}
	}
	for d, mx := range sc.MX {
		if !sc.isMailDomain(d) {
			bad("mx: %q is not a mail domain of the account", d)
		}
		if !oneOf(mx.MXCheck, "", "auto", "local", "remote", "secondary") {
			bad("mx[%q].mxcheck %q: want auto, local, remote or secondary", d, mx.MXCheck)
		}
		if !oneOf(mx.Detected, "", "local", "remote", "secondary") {
			bad("mx[%q].detected %q: want local, remote or secondary", d, mx.Detected)
		}
		for _, e := range mx.Entries {
			if !isDomain(e.MX) {
				bad("mx[%q]: %q is not a host name", d, e.MX)
			}
		}
	}
	for z, text := range sc.Zones {
		if !seen[z] {
			bad("zones: %q is not one of the account's domains", z)
		}
		if _, err := parseZone(string(text), z); err != nil {
			bad("zones[%q]: %v", z, err)
		}
	}
	for d := range sc.DNSAuthority {
		if !seen[d] {
			bad("dns_authority: %q is not one of the account's domains", d)
		}
	}
	for d, ea := range sc.EmailAuth {
		if !seen[d] {
			bad("email_auth: %q is not one of the account's domains", d)
		}
		if s := ea.SPF; s != nil && !oneOf(s.State, "VALID", "MISMATCHED", "MULTIPLE", "MISSING", "ERROR") {
			bad("email_auth[%q].spf.state %q is not a cPanel SPF state", d, s.State)
		}
		if s := ea.DKIM; s != nil && !oneOf(s.State, "VALID", "MALFORMED", "MISMATCH", "MISSING", "MULTIPLE", "NOPUB", "ERROR") {
			bad("email_auth[%q].dkim.state %q is not a cPanel DKIM state", d, s.State)
		}
		if s := ea.DMARC; s != nil && !oneOf(s.State, "VALID", "MALFORMED", "DKIM_SPF_ERROR", "DKIM_ERROR", "SPF_ERROR", "MISSING", "DNS_ERROR") {
			bad("email_auth[%q].dmarc.state %q is not a cPanel DMARC state", d, s.State)
		}
		if s := ea.PTR; s != nil && !oneOf(s.State, "VALID", "IP_IS_PRIVATE", "MISSING_PTR", "PTR_MISMATCH", "ERROR") {
			bad("email_auth[%q].ptr.state %q is not a cPanel PTR state", d, s.State)
		}
	}
	for i, f := range sc.Filters {
		if f.Account != "" && !boxes[strings.ToLower(f.Account)] {
			bad("filters[%d] %q: account %q is not a mailbox", i, f.Name, f.Account)
		}
		if f.Name == "" {
			bad("filters[%d] has no name", i)
		}
	}
	if !oneOf(sc.StatsDBStatus, "", "active", "importing", "upcp") {
		bad("stats_db_status %q: want active, importing or upcp", sc.StatsDBStatus)
	}
	if sc.EmailTrack.OverflowAbove < 0 {
		bad("email_track.overflow_above must not be negative")
	}
	for i, d := range sc.Deliveries {
		errs = append(errs, sc.validateDelivery(i, d)...)
	}
	if len(errs) == 0 {
		return nil
	}
	name := sc.Name
	if name == "" {
		name = sc.Account.User
	}
	return fmt.Errorf("cpaneltest: scenario %q is invalid: %w", name, errors.Join(errs...))
}

func (sc *Scenario) validateDelivery(i int, d Delivery) []error {
	var errs []error
	bad := func(format string, args ...any) {
		errs = append(errs, fmt.Errorf("deliveries[%d]: "+format, append([]any{i}, args...)...))
	}
	if !isEventType(d.Type) {
		bad("type %q: want success, filtered, archive, failure, rejected, defer or inprogress", d.Type)
	}
	if d.Ago < 0 || d.Every < 0 || d.Repeat < 0 || (d.ActionAfter != nil && *d.ActionAfter < 0) {
		bad("ago, every, repeat and action_after must not be negative")
	}
	if d.MsgID != "" && d.Repeat > 1 {
		bad("an explicit msgid cannot be repeated; use msgid_key or leave msgid empty")
	}
	if d.Email != "" && !isAddress(d.Email) {
		bad("email %q is not an address", d.Email)
	}
	switch {
	case d.Type == "inprogress":
		if d.Recipient != "" && d.Recipient != "unknown" && !isAddress(d.Recipient) {
			bad("recipient %q is not an address", d.Recipient)
		}
		oldest := time.Duration(d.Ago) + time.Duration(max(d.Repeat-1, 0))*time.Duration(d.Every)
		if oldest > inProgressWindow {
			bad("an inprogress row %v old is never shown: EmailTrack::search only looks %v back for them", oldest, inProgressWindow)
		}
	case !isAddress(d.Recipient):
		bad("recipient %q is not an address", d.Recipient)
	}
	if d.Message == "" && oneOf(d.Type, "failure", "rejected", "defer") {
		bad("a %s row needs a message (the error text)", d.Type)
	}
	return errs
}

func isEventType(t string) bool {
	return oneOf(t, "success", "filtered", "archive", "failure", "rejected", "defer", "inprogress")
}

func oneOf(s string, set ...string) bool {
	for _, v := range set {
		if s == v {
			return true
		}
	}
	return false
}

// isDomain reports whether s looks like a domain name with at least two
// labels. The checks here are simple on purpose: scenario data is written
// by people, and they catch typos, not RFC corner cases.
func isDomain(s string) bool {
	labels := strings.Split(s, ".")
	if len(s) > 253 || len(labels) < 2 {
		return false
	}
	for _, l := range labels {
		if l == "" || len(l) > 63 || l[0] == '-' || l[len(l)-1] == '-' {
			return false
		}
		for _, c := range l {
			if !(c == '-' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
				return false
			}
		}
	}
	return true
}

// isAddress reports whether s looks like local@domain.
func isAddress(s string) bool {
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || len(local) > 64 || !isDomain(domain) {
		return false
	}
	for _, c := range local {
		if c <= ' ' || c > '~' || strings.ContainsRune(`"(),:;<>@[\]`, c) {
			return false
		}
	}
	return true
}

// isUserName reports whether s looks like a cPanel user name.
func isUserName(s string) bool {
	if s == "" || len(s) > 32 || s[0] < 'a' || s[0] > 'z' {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z') {
			return false
		}
	}
	return true
}

// isUTCOffset reports whether s is "+HH:MM" or "-HH:MM".
func isUTCOffset(s string) bool {
	return len(s) == 6 && (s[0] == '+' || s[0] == '-') && isDigits(s[1:3]) && s[3] == ':' && isDigits(s[4:6])
}

// domainOf returns the lower-cased domain of an address ("" when none).
func domainOf(addr string) string {
	_, d, ok := strings.Cut(addr, "@")
	if !ok {
		return ""
	}
	return strings.ToLower(d)
}

// domains returns every domain of the account, main first, lower-cased.
func (sc *Scenario) domains() []string {
	a := &sc.Account
	out := []string{strings.ToLower(a.MainDomain)}
	for _, list := range [][]string{a.AddonDomains, a.ParkedDomains, a.SubDomains} {
		for _, d := range list {
			out = append(out, strings.ToLower(d))
		}
	}
	return out
}

// mailDomains returns the domains that take mail, main domain first.
func (sc *Scenario) mailDomains() []string {
	if len(sc.Account.MailDomains) == 0 {
		return sc.domains()
	}
	main := strings.ToLower(sc.Account.MainDomain)
	out := []string{}
	for _, d := range sc.Account.MailDomains {
		if d = strings.ToLower(d); d == main {
			out = append([]string{d}, out...)
		} else {
			out = append(out, d)
		}
	}
	return out
}

func (sc *Scenario) isMailDomain(d string) bool {
	return oneOf(strings.ToLower(d), sc.mailDomains()...)
}

func (sc *Scenario) isDomain(d string) bool {
	return oneOf(strings.ToLower(d), sc.domains()...)
}

// mailbox returns the mailbox with this address, or nil.
func (sc *Scenario) mailbox(addr string) *Mailbox {
	for i := range sc.Mailboxes {
		if strings.EqualFold(sc.Mailboxes[i].Address, addr) {
			return &sc.Mailboxes[i]
		}
	}
	return nil
}
