package cpaneltest

import "encoding/json"

// Account is the cPanel account: user, domains, server and limits.
type Account struct {
	// User is the cPanel user name.
	User string `json:"user"`
	// MainDomain is the account's main domain.
	MainDomain    string   `json:"main_domain"`
	AddonDomains  []string `json:"addon_domains,omitempty"`
	ParkedDomains []string `json:"parked_domains,omitempty"`
	SubDomains    []string `json:"sub_domains,omitempty"`
	// MailDomains lists the domains that take mail; empty means every
	// domain of the account (main first).
	MailDomains []string `json:"mail_domains,omitempty"`
	// IP is the account's (and its mail's) IPv4 address.
	IP string `json:"ip"`
	// Hostname is the server's host name (HELO, PTR).
	Hostname string `json:"hostname"`
	// Nameservers are the default nameservers of the account's zones.
	Nameservers []string `json:"nameservers,omitempty"`
	// DiskUsedMB and DiskLimitMB are the account's disk quota in MiB;
	// a limit of 0 is unlimited.
	DiskUsedMB  float64 `json:"disk_used_mb"`
	DiskLimitMB float64 `json:"disk_limit_mb"`
	// InodesUsed and InodesLimit are the inode quota; 0 is unlimited.
	InodesUsed  int64 `json:"inodes_used"`
	InodesLimit int64 `json:"inodes_limit"`
	// MainMailUsedBytes is the mail stored in the main account's own
	// mailbox (the "Main Account" row of list_pops_with_disk).
	MainMailUsedBytes int64 `json:"main_mail_used_bytes,omitempty"`
	// UTCOffset is the server's time zone as "+HH:MM" or "-HH:MM", used for
	// Track Delivery's actiontime text; empty is UTC.
	UTCOffset string `json:"utc_offset,omitempty"`
	// UserInformation overrides or adds keys of
	// Variables::get_user_information, kept exactly as written (so
	// "100", 100 and "unlimited" stay as they are), e.g.
	// {"maximum_emails_per_hour": "100"}.
	UserInformation map[string]json.RawMessage `json:"user_information,omitempty"`
}

// Mailbox is an email account.
type Mailbox struct {
	// Address is the full email address.
	Address string `json:"address"`
	// QuotaMB is the quota in MiB; 0, null, missing or "unlimited" mean
	// unlimited.
	QuotaMB Quota `json:"quota_mb"`
	// UsedBytes is the disk space the mailbox uses.
	UsedBytes int64 `json:"used_bytes"`
	// The four restrictions list_pops_with_disk reports.
	SuspendedIncoming bool `json:"suspended_incoming,omitempty"`
	SuspendedLogin    bool `json:"suspended_login,omitempty"`
	SuspendedOutgoing bool `json:"suspended_outgoing,omitempty"`
	HoldOutgoing      bool `json:"hold_outgoing,omitempty"`
	// HeldMessages is the count Email::get_held_message_count returns.
	HeldMessages int `json:"held_messages,omitempty"`
	// Spam, when set, is the mailbox's own spam auto-delete setting;
	// without it the mailbox follows the account's.
	Spam *SpamAutoDelete `json:"spam,omitempty"`
}

// Forwarder forwards mail for Address to To (an address, ":fail: text",
// ":blackhole:" or "|/path/to/program").
type Forwarder struct {
	Address string `json:"address"`
	To      string `json:"to"`
}

// DomainForwarder forwards all mail of Domain to the same local parts at To.
type DomainForwarder struct {
	Domain string `json:"domain"`
	To     string `json:"to"`
}

// MXRouting is a mail domain's routing as Email::list_mxs reports it.
type MXRouting struct {
	// MXCheck is the configured routing: "auto" (default), "local",
	// "remote" or "secondary".
	MXCheck string `json:"mxcheck,omitempty"`
	// Detected is what cPanel detected: "local" (default), "remote" or
	// "secondary".
	Detected string `json:"detected,omitempty"`
	// Entries are the zone's MX records; empty means one MX, mail.DOMAIN,
	// priority 0.
	Entries []MXEntry `json:"entries,omitempty"`
}

// MXEntry is one MX record.
type MXEntry struct {
	MX       string `json:"mx"`
	Priority int    `json:"priority"`
}

// Authority is what DNS::has_local_authority reports for a domain.
type Authority struct {
	// LocalAuthority says whether this server's DNS is authoritative.
	LocalAuthority bool `json:"local_authority"`
	// Nameservers are the domain's public nameservers; empty means the
	// account's.
	Nameservers []string `json:"nameservers,omitempty"`
	// Error, when set, is the check's error text.
	Error string `json:"error,omitempty"`
}

// EmailAuth holds a domain's results of cPanel's Email Deliverability
// checks. A nil member means VALID, built from the account's IP.
type EmailAuth struct {
	SPF   *SPFState   `json:"spf,omitempty"`
	DKIM  *DKIMState  `json:"dkim,omitempty"`
	DMARC *DMARCState `json:"dmarc,omitempty"`
	PTR   *PTRState   `json:"ptr,omitempty"`
}

// AuthRecord is one published record and its check result.
type AuthRecord struct {
	Current string `json:"current"`
	State   string `json:"state"`
	Reason  string `json:"reason,omitempty"`
}

// SPFState is EmailAuth::validate_current_spfs for one domain.
type SPFState struct {
	// State is VALID, MISMATCHED, MULTIPLE, MISSING or ERROR.
	State    string       `json:"state"`
	Records  []AuthRecord `json:"records,omitempty"`
	Expected string       `json:"expected,omitempty"`
	Error    string       `json:"error,omitempty"`
}

// DKIMState is EmailAuth::validate_current_dkims for one domain.
type DKIMState struct {
	// State is VALID, MALFORMED, MISMATCH, MISSING, MULTIPLE, NOPUB or ERROR.
	State    string       `json:"state"`
	Records  []AuthRecord `json:"records,omitempty"`
	Expected string       `json:"expected,omitempty"`
	Error    string       `json:"error,omitempty"`
}

// DMARCState is EmailAuth::validate_current_dmarcs for one domain.
type DMARCState struct {
	// State is VALID, MALFORMED, DKIM_SPF_ERROR, DKIM_ERROR, SPF_ERROR,
	// MISSING or DNS_ERROR.
	State     string `json:"state"`
	Record    string `json:"record,omitempty"`
	Suggested string `json:"suggested,omitempty"`
	Error     string `json:"error,omitempty"`
}

// PTRState is EmailAuth::validate_current_ptrs for one domain.
type PTRState struct {
	// State is VALID, IP_IS_PRIVATE, MISSING_PTR, PTR_MISMATCH or ERROR.
	State string `json:"state"`
	// PTRRecords are the names the IP's PTR records point to, with their
	// forward records; empty means the server's hostname.
	PTRRecords []PTRRecord `json:"ptr_records,omitempty"`
	Error      string      `json:"error,omitempty"`
}

// PTRRecord is one PTR record of the sending IP.
type PTRRecord struct {
	Domain         string   `json:"domain"`
	ForwardRecords []string `json:"forward_records"`
	// State is VALID, MISSING_FWD or FWD_MISMATCH.
	State string `json:"state"`
}

// Spam holds the account's SpamAssassin settings.
type Spam struct {
	// Disabled turns SpamAssassin off for the account.
	Disabled bool `json:"disabled,omitempty"`
	// AutoDelete and AutoDeleteScore are the account-wide auto-delete.
	SpamAutoDelete
	// SpamBox moves spam to a Spam folder.
	SpamBox bool `json:"spam_box,omitempty"`
	// RewritesSubjects marks spam subjects with ***SPAM***.
	RewritesSubjects bool `json:"rewrites_subjects,omitempty"`
}

// SpamAutoDelete is a spam auto-delete setting.
type SpamAutoDelete struct {
	AutoDelete      bool    `json:"auto_delete,omitempty"`
	AutoDeleteScore float64 `json:"auto_delete_score,omitempty"`
}

// Filter is an email filter as Email::list_filters returns it.
type Filter struct {
	// Account is the mailbox address the filter belongs to; empty for an
	// account-level filter.
	Account string         `json:"account,omitempty"`
	Name    string         `json:"name"`
	Enabled bool           `json:"enabled"`
	Rules   []FilterRule   `json:"rules"`
	Actions []FilterAction `json:"actions"`
}

// FilterRule is one condition of a filter.
type FilterRule struct {
	Part  string `json:"part"`
	Match string `json:"match"`
	Val   string `json:"val"`
	Opt   string `json:"opt,omitempty"`
}

// FilterAction is one action of a filter.
type FilterAction struct {
	Action string `json:"action"`
	Dest   string `json:"dest,omitempty"`
}

// EmailTrackSettings tunes EmailTrack::search and EmailTrack::stats.
type EmailTrackSettings struct {
	// NumbersAsStrings sends size, times, spamscore and
	// transport_is_remote as JSON strings ("1234") instead of numbers.
	NumbersAsStrings bool `json:"numbers_as_strings,omitempty"`
	// ForceOverflowed sets metadata.overflowed=1 on every search whose
	// max_results_by_type is not 0. A client that splits overflowed
	// windows until they stop overflowing never stops: use OverflowAbove
	// to test that.
	ForceOverflowed bool `json:"force_overflowed,omitempty"`
	// OverflowAbove replaces cPanel's 5000: a search that matches more
	// rows sets metadata.overflowed=1 (when max_results_by_type is not 0).
	OverflowAbove int `json:"overflow_above,omitempty"`
	// Error, when set, makes search and stats fail with this API 2 error
	// (e.g. "eximstatsadmin returned invalid data").
	Error string `json:"error,omitempty"`
}

// Delivery is one row of the delivery log, or Repeat rows spaced Every
// apart. Most fields have defaults derived from the others (see the field
// comments); set a field to override its default. The field names are
// those of EmailTrack::search.
type Delivery struct {
	// Ago is how long before the server's start the message was received
	// (sendunixtime), e.g. "3h20m", "2d", or a number of seconds.
	Ago Duration `json:"ago"`
	// ActionAfter is the time from receipt to this delivery attempt
	// (actionunixtime); default 1s (0 for rejections).
	ActionAfter *Duration `json:"action_after,omitempty"`
	// Repeat makes this many rows (default 1), the i-th received
	// i×Every earlier than the first.
	Repeat int      `json:"repeat,omitempty"`
	Every  Duration `json:"every,omitempty"`
	// Type is success, filtered, archive, failure, rejected, defer or
	// inprogress.
	Type string `json:"type"`
	// MsgID is the Exim ID; empty generates one in Exim's 23-character
	// format from the receive time. Rows with the same MsgIDKey share one
	// generated ID (several recipients or attempts of one message).
	MsgID    string `json:"msgid,omitempty"`
	MsgIDKey string `json:"msgid_key,omitempty"`

	// User defaults to the cPanel user when Email is in one of the
	// account's domains and to "-remote-" otherwise (always for
	// rejections); Domain to Email's domain for local senders.
	User   string `json:"user,omitempty"`
	Domain string `json:"domain,omitempty"`
	// Email is the envelope sender ("" for bounces).
	Email string `json:"email"`
	// Sender (the authenticated login) defaults to Email for local
	// senders; SenderAuth to dovecot_login for local senders,
	// localdelivery for remote ones and unauthorized for rejections.
	Sender     *string `json:"sender,omitempty"`
	SenderAuth string  `json:"senderauth,omitempty"`
	SenderHost string  `json:"senderhost,omitempty"`
	SenderIP   string  `json:"senderip,omitempty"`
	// SpamScore is the SpamAssassin score; missing means not scanned ("").
	SpamScore *float64 `json:"spamscore,omitempty"`
	// Size is the message size in bytes (always 0 for rejections).
	Size int64 `json:"size,omitempty"`

	// Recipient is the recipient address ("unknown" for in-progress rows).
	Recipient string `json:"recipient"`
	// These default from Type and Recipient: success rows are delivered
	// to the recipient, local recipients by virtual_user and
	// dovecot_virtual_delivery to localhost, remote ones by lookuphost and
	// remote_smtp; rejections by reject and **rejected**; other rows have
	// null deliveredto. Write null to send null.
	DeliveredTo    NullString `json:"deliveredto,omitzero"`
	DeliveryUser   NullString `json:"deliveryuser,omitzero"`
	DeliveryDomain NullString `json:"deliverydomain,omitzero"`
	Router         NullString `json:"router,omitzero"`
	Transport      NullString `json:"transport,omitzero"`
	Host           NullString `json:"host,omitzero"`
	IP             NullString `json:"ip,omitzero"`
	// Message is the result text; it defaults to Accepted, Filtered,
	// Archived or In progress for those types and is required otherwise.
	Message string `json:"message,omitempty"`
}
