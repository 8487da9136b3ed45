// Package diagnose explains why mail does not arrive: Gather reads
// everything the diagnosis needs from a cPanel account into a Snapshot,
// and Evaluate runs pure rules over the snapshot to produce a Report of
// findings, each with its evidence and remedy.
//
// A Snapshot round-trips through JSON, so a saved one reproduces a
// diagnosis offline and serves as a test fixture.
package diagnose

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/diagnose/msg"
)

// SnapshotVersion is the version of the Snapshot JSON layout.
// Version 2 sums up the delivery log (DeliveryLog) instead of holding
// every record (Deliveries); version 1 snapshots are still read.
const SnapshotVersion = 2

// TargetKind says what a diagnosis is about.
type TargetKind string

// The target kinds.
const (
	TargetAccount TargetKind = "account"
	TargetAddress TargetKind = "address"
	TargetDomain  TargetKind = "domain"
)

// Target is what the user asked about: the whole account, one address or
// one domain.
type Target struct {
	Kind  TargetKind `json:"kind"`
	Value string     `json:"value,omitempty"`
}

// ParseTarget reads the optional ADDRESS|DOMAIN argument.
func ParseTarget(s string) (Target, error) {
	s = strings.ToLower(strings.TrimSpace(strings.TrimSuffix(s, ".")))
	switch {
	case s == "":
		return Target{Kind: TargetAccount}, nil
	case strings.Count(s, "@") == 1 && strings.Index(s, "@") > 0 && strings.Contains(s[strings.Index(s, "@"):], ".") && !strings.ContainsAny(s, " <>,;"):
		return Target{Kind: TargetAddress, Value: s}, nil
	case !strings.Contains(s, "@") && strings.Contains(s, ".") && !strings.ContainsAny(s, " /<>,;:"):
		return Target{Kind: TargetDomain, Value: s}, nil
	}
	return Target{}, fmt.Errorf("invalid target %q: give an address (info@example.com), a domain (example.com), or nothing for the whole account", s)
}

// Domain returns the target's domain ("" for the whole account).
func (t Target) Domain() string {
	if i := strings.LastIndexByte(t.Value, '@'); i >= 0 {
		return t.Value[i+1:]
	}
	return t.Value
}

// String is "the whole account", an address or a domain.
func (t Target) String() string {
	if t.Kind == TargetAccount {
		return "account"
	}
	return t.Value
}

// Coverage records whether one source could be read.
type Coverage struct {
	Source string `json:"source"`
	OK     bool   `json:"ok"`
	Error  string `json:"error,omitempty"`
	// Note says how a source was read when it was not read directly, e.g.
	// a subdomain's records taken from its parent's zone.
	Note string `json:"note,omitempty"`
	// Class says why the source could not be read; empty when it was.
	Class FailureClass `json:"class,omitempty"`
	// Err is the error itself, for errors.Is and errors.As (a refused
	// credential, a timeout); it is not saved in a snapshot.
	Err error `json:"-"`
}

// SkipReason says why the live DNS checks did not run: a stable code, its
// arguments, and the reason in English.
type SkipReason struct {
	Code string   `json:"code"`
	Args []string `json:"args,omitempty"`
	// Words is a part of the reason that is itself words (why a resolver
	// cannot see public DNS), as a message id with arguments.
	Words msg.Text `json:"words,omitzero"`
	Text  string   `json:"text"`
}

// SkipNoTime is the code of live checks skipped because the deadline had
// passed when the cPanel answers they need were in.
const SkipNoTime = "no-time"

// A FailureClass says, in a word, why a source could not be read. The
// classes of package cpanel (cpanel.ErrorClass) are kept as they are.
type FailureClass string

// The failure classes besides cpanel's own.
const (
	// ClassTimeout: no answer in time (the deadline of the whole run).
	ClassTimeout FailureClass = "timeout"
	// ClassCanceled: the run was stopped (Ctrl-C, or a target not on the
	// account) before or while the source was read.
	ClassCanceled FailureClass = "canceled"
	// ClassSkipped: not tried, after a refused credential or over a limit
	// (too many domains for live DNS).
	ClassSkipped FailureClass = "skipped"
	// ClassUnanswered: live DNS checks that got no answer.
	ClassUnanswered FailureClass = "unanswered"
	// ClassOther: an error of no known class.
	ClassOther FailureClass = "other"
)

// classOf returns the class of err, from its type and sentinels (never
// its text); "" for nil.
func classOf(err error) FailureClass {
	var live *LiveDNSError
	switch {
	case err == nil:
		return ""
	case errors.Is(err, context.DeadlineExceeded):
		return ClassTimeout
	case errors.Is(err, context.Canceled):
		return ClassCanceled
	case errors.As(err, &live):
		return ClassUnanswered
	}
	if c := cpanel.ClassOf(err); c != "" {
		return FailureClass(c)
	}
	return ClassOther
}

// Snapshot is everything gathered for a diagnosis. Fields are nil or empty
// when the source failed; Coverage says which.
type Snapshot struct {
	SchemaVersion int       `json:"schema_version"`
	TakenAt       time.Time `json:"taken_at"`
	Account       string    `json:"account"`
	Target        Target    `json:"target"`
	Since         time.Time `json:"since"`
	Until         time.Time `json:"until"`

	UserInfo         *cpanel.UserInformation        `json:"user_information,omitempty"`
	Domains          *cpanel.Domains                `json:"domains,omitempty"`
	MailDomains      []string                       `json:"mail_domains,omitempty"`
	Mailboxes        []cpanel.Mailbox               `json:"mailboxes,omitempty"`
	Quota            *cpanel.QuotaInfo              `json:"quota,omitempty"`
	Forwarders       []cpanel.Forwarder             `json:"forwarders,omitempty"`
	DomainForwarders []cpanel.DomainForwarder       `json:"domain_forwarders,omitempty"`
	DefaultAddresses []cpanel.DefaultAddress        `json:"default_addresses,omitempty"`
	MX               []cpanel.MXRouting             `json:"mx,omitempty"`
	Filters          []cpanel.Filter                `json:"filters,omitempty"`
	SpamSettings     map[string]cpanel.SpamSettings `json:"spam_settings,omitempty"`
	Zones            map[string][]cpanel.ZoneRecord `json:"zones,omitempty"`
	LocalAuthority   []cpanel.LocalAuthority        `json:"local_authority,omitempty"`
	SPF              []cpanel.SPFStatus             `json:"spf,omitempty"`
	DKIM             []cpanel.DKIMStatus            `json:"dkim,omitempty"`
	DMARC            []cpanel.DMARCStatus           `json:"dmarc,omitempty"`
	PTR              []cpanel.PTRStatus             `json:"ptr,omitempty"`
	StatsDBStatus    string                         `json:"stats_db_status,omitempty"`
	HeldMessages     map[string]int                 `json:"held_messages,omitempty"`
	Trace            *cpanel.TraceNode              `json:"trace,omitempty"`
	// Deliveries holds delivery records read whole: snapshots of version
	// 1, and tests. Gather sums the log up in DeliveryLog instead; the
	// rules read either the same way.
	Deliveries []cpanel.DeliveryRecord `json:"deliveries,omitempty"`
	// DeliveryLog is every delivery record of the window, summed up.
	DeliveryLog *DeliveryLog `json:"delivery_log,omitempty"`
	// DeliveriesCapped is true when cPanel capped the delivery search in a
	// window that could not be split further: some records are missing.
	DeliveriesCapped bool `json:"deliveries_capped,omitempty"`
	// LiveDNS holds the live DNS checks, one report per domain; empty
	// when they were skipped (LiveDNSSkipped says why).
	LiveDNS        []dnscheck.Report `json:"live_dns,omitempty"`
	LiveDNSSkipped string            `json:"live_dns_skipped,omitempty"`
	// LiveDNSSkip is the same reason as data (a code and its arguments),
	// so that it can be worded in any language; the snapshot holds no
	// words of the language it was taken in.
	LiveDNSSkip *SkipReason `json:"live_dns_skip,omitempty"`
	// Masked is true when third-party addresses were replaced (see Mask).
	Masked bool `json:"masked,omitempty"`
	// CredentialsRefused is the call and answer that refused the
	// credentials (see Refused); Gather stopped there.
	CredentialsRefused string `json:"credentials_refused,omitempty"`
	// CredentialsLockedOut is true when that answer named cPanel's
	// brute-force protection (cpanel.ErrLockedOut): the IP is blocked.
	CredentialsLockedOut bool `json:"credentials_locked_out,omitempty"`

	// WHM holds the account-level facts only WHM shows (cpmail fleet):
	// nil when the account was read with its own token.
	WHM *WHMFacts `json:"whm,omitempty"`

	Coverage []Coverage `json:"coverage"`

	// refusal is the refused call's error itself (not saved), for
	// errors.As on the HTTP status.
	refusal error
}

// Source names used in Coverage and Evidence.
const (
	SrcUserInfo       = "Variables::get_user_information"
	SrcMailDomains    = "Email::list_mail_domains"
	SrcMailboxes      = "Email::list_pops_with_disk"
	SrcQuota          = "Quota::get_quota_info"
	SrcForwarders     = "Email::list_forwarders"
	SrcDomainFwd      = "Email::list_domain_forwarders"
	SrcDefaultAddress = "Email::list_default_address"
	SrcMX             = "Email::list_mxs"
	SrcFilters        = "Email::list_filters"
	SrcSpam           = "Email::get_spam_settings"
	SrcZone           = "DNS::parse_zone"
	SrcLocalAuthority = "DNS::has_local_authority"
	SrcSPF            = "EmailAuth::validate_current_spfs"
	SrcDKIM           = "EmailAuth::validate_current_dkims"
	SrcDMARC          = "EmailAuth::validate_current_dmarcs"
	SrcPTR            = "EmailAuth::validate_current_ptrs"
	SrcStatsDB        = "Email::stats_db_status"
	SrcHeld           = "Email::get_held_message_count"
	SrcTrace          = "Email::trace_delivery"
	SrcTrack          = "EmailTrack::search"
)

// Covered reports whether source was read without error (a source that was
// never asked for counts as not covered).
func (s *Snapshot) Covered(source string) bool {
	seen := false
	for _, c := range s.Coverage {
		if c.Source == source || strings.HasPrefix(c.Source, source+" ") {
			if !c.OK {
				return false
			}
			seen = true
		}
	}
	return seen
}

// Write encodes the snapshot as indented JSON.
func (s *Snapshot) Write(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(s)
}

// ReadSnapshot decodes a snapshot written by Write.
func ReadSnapshot(r io.Reader) (*Snapshot, error) {
	var s Snapshot
	dec := json.NewDecoder(r)
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("not a cpmail snapshot (%v)", err)
	}
	if s.SchemaVersion == 0 {
		return nil, fmt.Errorf("not a cpmail snapshot: no schema_version")
	}
	if s.SchemaVersion > SnapshotVersion {
		return nil, fmt.Errorf("the snapshot has schema_version %d; this cpmail reads up to %d: upgrade cpmail", s.SchemaVersion, SnapshotVersion)
	}
	if err := s.validate(); err != nil {
		return nil, fmt.Errorf("not a valid cpmail snapshot: %v", err)
	}
	return &s, nil
}

// maxSnapshotItems bounds every list and map of a snapshot read back: more
// than any account has, so a larger count is a forged or broken file.
const maxSnapshotItems = 5_000_000

// validate refuses what no Gather writes: a schema version below 1, a
// window that ends before it starts, an unknown target kind, negative or
// absurd counts.
func (s *Snapshot) validate() error {
	switch {
	case s.SchemaVersion < 1:
		return fmt.Errorf("schema_version %d (the first version is 1)", s.SchemaVersion)
	case !s.Since.IsZero() && !s.Until.IsZero() && s.Since.After(s.Until):
		return fmt.Errorf("since (%s) is after until (%s)", s.Since.Format(time.RFC3339), s.Until.Format(time.RFC3339))
	}
	switch s.Target.Kind {
	case TargetAccount, TargetAddress, TargetDomain:
	default:
		return fmt.Errorf("unknown target kind %q", oneLine(string(s.Target.Kind), 40))
	}
	for name, n := range map[string]int{"deliveries": len(s.Deliveries), "mailboxes": len(s.Mailboxes), "coverage": len(s.Coverage),
		"forwarders": len(s.Forwarders), "filters": len(s.Filters), "zones": len(s.Zones), "mail_domains": len(s.MailDomains)} {
		if n > maxSnapshotItems {
			return fmt.Errorf("%d %s (at most %d)", n, name, maxSnapshotItems)
		}
	}
	for addr, n := range s.HeldMessages {
		if n < 0 || n > maxSnapshotItems {
			return fmt.Errorf("held_messages of %s is %d", oneLine(addr, 80), n)
		}
	}
	return nil
}

// Mailbox returns the mailbox with address addr.
func (s *Snapshot) Mailbox(addr string) (cpanel.Mailbox, bool) {
	for _, m := range s.Mailboxes {
		if strings.EqualFold(m.Email, addr) {
			return m, true
		}
	}
	return cpanel.Mailbox{}, false
}

// AuthStates are cPanel's Email Deliverability states for one domain;
// empty where cPanel did not check it (or the call failed).
type AuthStates struct {
	SPF, DKIM, DMARC, PTR string
}

// AuthStates returns cPanel's SPF, DKIM, DMARC and PTR states for domain.
func (s *Snapshot) AuthStates(domain string) AuthStates {
	var a AuthStates
	for _, st := range s.SPF {
		if strings.EqualFold(st.Domain, domain) {
			a.SPF = st.NormalState()
		}
	}
	for _, st := range s.DKIM {
		if strings.EqualFold(strings.TrimPrefix(st.Domain, "default._domainkey."), domain) {
			a.DKIM = st.State
		}
	}
	for _, st := range s.DMARC {
		if strings.EqualFold(st.Domain, domain) {
			a.DMARC = st.State
		}
	}
	for _, st := range s.PTR {
		if strings.EqualFold(st.Domain, domain) {
			a.PTR = st.State
		}
	}
	return a
}

// IsLocalDomain reports whether d is one of the account's mail domains.
func (s *Snapshot) IsLocalDomain(d string) bool {
	d = strings.ToLower(strings.TrimSuffix(d, "."))
	for _, m := range s.MailDomains {
		if strings.EqualFold(m, d) {
			return true
		}
	}
	if s.Domains != nil {
		for _, m := range s.Domains.All() {
			if strings.EqualFold(m, d) {
				return true
			}
		}
	}
	return false
}
