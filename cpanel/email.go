package cpanel

import (
	"context"
	"net/url"
	"strings"
)

// EmailService reads UAPI's Email module.
type EmailService service

// Mailbox is one email account with its disk use, quota and restrictions,
// as UAPI Email::list_pops_with_disk returns it.
type Mailbox struct {
	Email  string `json:"email"`
	Login  string `json:"login"`
	User   string `json:"user"`
	Domain string `json:"domain"`
	// DiskQuotaBytes is "_diskquota": bytes, null (or 0) when unlimited.
	DiskQuotaBytes Limit `json:"_diskquota,omitzero"`
	// DiskUsedBytes is "_diskused", in bytes.
	DiskUsedBytes Float `json:"_diskused"`
	// DiskQuotaMB is "diskquota": MiB or "unlimited".
	DiskQuotaMB Limit `json:"diskquota,omitzero"`
	// DiskUsedMB is "diskused", in MiB.
	DiskUsedMB Float `json:"diskused"`
	// DiskUsedPercent is "diskusedpercent_float" (0 when unlimited).
	DiskUsedPercent   Float `json:"diskusedpercent_float"`
	SuspendedIncoming Bool  `json:"suspended_incoming"`
	SuspendedLogin    Bool  `json:"suspended_login"`
	SuspendedOutgoing Bool  `json:"suspended_outgoing"`
	HoldOutgoing      Bool  `json:"hold_outgoing"`
	HasSuspended      Bool  `json:"has_suspended"`
	MTime             Int   `json:"mtime"`
}

// IsMainAccount reports whether this is the cPanel account's own
// pseudo-mailbox ("Main Account") rather than an email address.
func (m Mailbox) IsMainAccount() bool {
	return strings.EqualFold(m.Email, "Main Account") || !strings.Contains(m.Email, "@")
}

// Quota returns the mailbox quota in bytes, or an unlimited Limit. It reads
// "_diskquota" and falls back to "diskquota" (MiB) when the byte field is
// missing or unlimited while the MiB one is not; 0 means unlimited, as
// cPanel documents. When neither field was sent it is not reported.
func (m Mailbox) Quota() Limit {
	q := m.DiskQuotaBytes.OrZeroUnlimited()
	mb := m.DiskQuotaMB.OrZeroUnlimited()
	if v, ok := mb.Finite(); ok && (!q.Reported || q.Unlimited) {
		return LimitOf(v * (1 << 20))
	}
	if !q.Reported {
		return mb
	}
	return q
}

// UsedBytes returns the disk space used, in bytes ("_diskused", or
// "diskused" in MiB when the byte field is zero). It is what cPanel sent:
// see ByteSize for one that may be negative or too large.
func (m Mailbox) UsedBytes() float64 {
	if m.DiskUsedBytes != 0 {
		return float64(m.DiskUsedBytes)
	}
	return float64(m.DiskUsedMB) * (1 << 20)
}

// UsedPercent returns the share of the quota in use, and false when the
// quota is unlimited or not reported.
func (m Mailbox) UsedPercent() (float64, bool) {
	q, ok := m.Quota().Finite()
	if !ok || q <= 0 {
		return 0, false
	}
	return m.UsedBytes() * 100 / q, true
}

// ListPOPsOptions narrows ListPOPsWithDisk.
type ListPOPsOptions struct {
	// Domain lists only this domain's mailboxes.
	Domain string
	// Email, with Domain, selects one mailbox (its local part).
	Email string
}

// ListPOPsWithDisk lists the email accounts with disk use, quota and the
// suspension flags (it always asks for get_restrictions=1).
//
// UAPI: Email::list_pops_with_disk
func (s *EmailService) ListPOPsWithDisk(ctx context.Context, opts *ListPOPsOptions) ([]Mailbox, *Response, error) {
	p := url.Values{"get_restrictions": {"1"}}
	if opts != nil {
		setIf(p, "domain", opts.Domain)
		setIf(p, "email", opts.Email)
	}
	var out []Mailbox
	resp, err := s.client.UAPI(ctx, "Email", "list_pops_with_disk", p, &out)
	return out, resp, err
}

// Forwarder is an address-level forwarder: mail to Dest goes to Forward.
type Forwarder struct {
	// Dest is the forwarded address (the one mail is sent to).
	Dest string `json:"dest"`
	// Forward is where the mail goes: an address, a pipe, :fail: or :blackhole:.
	Forward string `json:"forward"`
}

// ListForwarders lists a domain's forwarders.
//
// UAPI: Email::list_forwarders
func (s *EmailService) ListForwarders(ctx context.Context, domain string) ([]Forwarder, *Response, error) {
	var out []Forwarder
	resp, err := s.client.UAPI(ctx, "Email", "list_forwarders", url.Values{"domain": {domain}}, &out)
	return out, resp, err
}

// DomainForwarder sends all mail for Dest (a domain) to the domain Forward.
type DomainForwarder struct {
	Dest    string `json:"dest"`
	Forward string `json:"forward"`
}

// ListDomainForwarders lists domain-level forwarders; domain "" means all.
//
// UAPI: Email::list_domain_forwarders
func (s *EmailService) ListDomainForwarders(ctx context.Context, domain string) ([]DomainForwarder, *Response, error) {
	p := url.Values{}
	setIf(p, "domain", domain)
	var out []DomainForwarder
	resp, err := s.client.UAPI(ctx, "Email", "list_domain_forwarders", p, &out)
	return out, resp, err
}

// DefaultAddress is what a domain does with mail to addresses that do not
// exist: forward to an account, ":fail: message", ":blackhole:" or a pipe.
type DefaultAddress struct {
	Domain         string `json:"domain"`
	DefaultAddress string `json:"defaultaddress"`
}

// ListDefaultAddress lists the default (catch-all) address of the account
// user's domains; domain "" means all of them.
//
// UAPI: Email::list_default_address
func (s *EmailService) ListDefaultAddress(ctx context.Context, user, domain string) ([]DefaultAddress, *Response, error) {
	p := url.Values{"user": {user}}
	setIf(p, "domain", domain)
	var out []DefaultAddress
	resp, err := s.client.UAPI(ctx, "Email", "list_default_address", p, &out)
	return out, resp, err
}

// MXEntry is one MX record as cPanel lists it.
type MXEntry struct {
	Domain   string `json:"domain"`
	MX       string `json:"mx"`
	Priority Int    `json:"priority"`
}

// MXRouting is a domain's MX records and cPanel's email routing setting.
type MXRouting struct {
	Domain string `json:"domain"`
	// MXCheck is the configured routing: auto, local, remote or secondary.
	MXCheck string `json:"mxcheck"`
	// Detected is the routing cPanel detects from the MX records.
	Detected     string    `json:"detected"`
	AlwaysAccept Bool      `json:"alwaysaccept"`
	Local        Bool      `json:"local"`
	Remote       Bool      `json:"remote"`
	Secondary    Bool      `json:"secondary"`
	MX           string    `json:"mx"`
	Entries      []MXEntry `json:"entries"`
	Status       Bool      `json:"status"`
	StatusMsg    string    `json:"statusmsg"`
}

// ListMXs lists MX records and routing for one domain, or all when domain is "".
//
// UAPI: Email::list_mxs
func (s *EmailService) ListMXs(ctx context.Context, domain string) ([]MXRouting, *Response, error) {
	p := url.Values{}
	setIf(p, "domain", domain)
	var out []MXRouting
	resp, err := s.client.UAPI(ctx, "Email", "list_mxs", p, &out)
	return out, resp, err
}

// ListMailDomains lists the domains that can receive mail, main domain first.
//
// UAPI: Email::list_mail_domains
func (s *EmailService) ListMailDomains(ctx context.Context) ([]string, *Response, error) {
	var rows []struct {
		Domain string `json:"domain"`
	}
	resp, err := s.client.UAPI(ctx, "Email", "list_mail_domains", nil, &rows)
	out := make([]string, 0, len(rows))
	for _, r := range rows {
		out = append(out, r.Domain)
	}
	return out, resp, err
}

// FilterAction is one action of a mail filter.
type FilterAction struct {
	Action String `json:"action"`
	Dest   String `json:"dest"`
}

// FilterRule is one condition of a mail filter.
type FilterRule struct {
	Part  String `json:"part"`
	Match String `json:"match"`
	Val   String `json:"val"`
	Opt   String `json:"opt"`
}

// Filter is an account-level or mailbox-level email filter.
type Filter struct {
	Name    string         `json:"filtername"`
	Enabled *Bool          `json:"enabled"`
	Rules   []FilterRule   `json:"rules"`
	Actions []FilterAction `json:"actions"`
	// Account is the mailbox the filter belongs to, "" for account level.
	// It is not sent by cPanel; ListFilters fills it in.
	Account string `json:"account,omitempty"`
}

// IsEnabled reports whether the filter is on (cPanel omits or nulls the
// flag for enabled filters in some versions).
func (f Filter) IsEnabled() bool { return f.Enabled == nil || bool(*f.Enabled) }

// ListFilters lists the filters of account (an email address), or the
// account-level filters when account is "".
//
// UAPI: Email::list_filters
func (s *EmailService) ListFilters(ctx context.Context, account string) ([]Filter, *Response, error) {
	p := url.Values{}
	setIf(p, "account", account)
	var out []Filter
	resp, err := s.client.UAPI(ctx, "Email", "list_filters", p, &out)
	for i := range out {
		out[i].Account = account
	}
	return out, resp, err
}

// SpamSettings is the SpamAssassin configuration of the account or a mailbox.
type SpamSettings struct {
	SpamEnabled               Bool   `json:"spam_enabled"`
	SpamAutoDelete            *Bool  `json:"spam_auto_delete"`
	SpamAutoDeleteScore       *Float `json:"spam_auto_delete_score"`
	CPUserSpamAutoDelete      *Bool  `json:"cpuser_spam_auto_delete"`
	CPUserSpamAutoDeleteScore *Float `json:"cpuser_spam_auto_delete_score"`
	SpamBoxEnabled            Bool   `json:"spam_box_enabled"`
	RewritesSubjects          Bool   `json:"rewrites_subjects"`
}

// AutoDelete reports whether spam above a score is deleted, and the score.
// A mailbox without its own setting inherits the account's (cpuser_*).
func (s SpamSettings) AutoDelete() (bool, float64) {
	on, score := s.SpamAutoDelete, s.SpamAutoDeleteScore
	if on == nil {
		on, score = s.CPUserSpamAutoDelete, s.CPUserSpamAutoDeleteScore
	}
	if on == nil || !bool(*on) {
		return false, 0
	}
	if score == nil {
		return true, 0
	}
	return true, float64(*score)
}

// GetSpamSettings reads the SpamAssassin settings of account (an email
// address), or of the default account when account is "".
//
// UAPI: Email::get_spam_settings
func (s *EmailService) GetSpamSettings(ctx context.Context, account string) (*SpamSettings, *Response, error) {
	p := url.Values{}
	setIf(p, "account", account)
	var out SpamSettings
	resp, err := s.client.UAPI(ctx, "Email", "get_spam_settings", p, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// StatsDBStatus returns the state of the delivery statistics database:
// "active", "importing" or "upcp".
//
// UAPI: Email::stats_db_status
func (s *EmailService) StatsDBStatus(ctx context.Context) (string, *Response, error) {
	var out String
	resp, err := s.client.UAPI(ctx, "Email", "stats_db_status", nil, &out)
	return string(out), resp, err
}

// GetHeldMessageCount returns how many outgoing messages of email are held
// in the queue.
//
// UAPI: Email::get_held_message_count
func (s *EmailService) GetHeldMessageCount(ctx context.Context, email string) (int, *Response, error) {
	p := url.Values{}
	setIf(p, "email", email)
	var out Int
	resp, err := s.client.UAPI(ctx, "Email", "get_held_message_count", p, &out)
	return int(out), resp, err
}

func setIf(p url.Values, key, value string) {
	if value != "" {
		p.Set(key, value)
	}
}
