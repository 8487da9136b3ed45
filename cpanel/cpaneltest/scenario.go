package cpaneltest

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"math"
	"sort"
	"strconv"
	"strings"
	"time"
)

// scenarioFiles holds the shipped scenarios, one JSON file each: only the
// demos cpmail runs with --demo. The scenarios that plant one problem for
// a test live in the module's top-level testdata/scenarios, outside the
// binary.
//
//go:embed scenarios/*.json
var scenarioFiles embed.FS

// A Scenario describes one cPanel account as data: its domains, mailboxes,
// routing, DNS, deliverability checks and delivery log. A Server serves it
// over cPanel's real wire formats.
//
// Times in the delivery log are relative to the server's clock (see
// [Delivery.Ago]), so a scenario always shows recent data.
//
// Empty fields get cPanel's defaults: no default address means the
// account's main mailbox, no MX entry means local routing, no EmailAuth
// entry means every check is VALID, and so on. Decode a Scenario with
// [ParseScenario] or [LoadScenario]; both validate it.
type Scenario struct {
	// Name is the scenario's name; LoadScenario sets it from the file name.
	Name string `json:"name,omitempty"`
	// Description is one line that says what the scenario shows.
	Description string `json:"description"`
	// Account is the cPanel account itself.
	Account Account `json:"account"`
	// Mailboxes are the account's email accounts.
	Mailboxes []Mailbox `json:"mailboxes,omitempty"`
	// Forwarders are address-level forwarders, one row per destination.
	Forwarders []Forwarder `json:"forwarders,omitempty"`
	// DomainForwarders send a whole domain's mail to another domain.
	DomainForwarders []DomainForwarder `json:"domain_forwarders,omitempty"`
	// DefaultAddresses maps a mail domain to its default (catch-all)
	// address: ":fail: No Such User Here", ":blackhole:", an address, a
	// user name or "|/path/to/program". Missing domains default to the
	// cPanel user (the main mailbox), as cPanel does.
	DefaultAddresses map[string]string `json:"default_addresses,omitempty"`
	// MX maps a mail domain to its mail routing and MX entries.
	MX map[string]MXRouting `json:"mx,omitempty"`
	// Zones maps a zone name to its zone file text (a string, or an array
	// of lines).
	Zones map[string]ZoneText `json:"zones,omitempty"`
	// PublicDNS is what public DNS answers, as zone text with fully
	// qualified names (a string, or an array of lines): the demo serves it
	// from its own DNS server on 127.0.0.1 for the live DNS checks. Empty
	// means public DNS mirrors Zones (see [Scenario.PublicZone]).
	PublicDNS ZoneText `json:"public_dns,omitempty"`
	// DNSAuthority maps a domain to what DNS::has_local_authority says.
	DNSAuthority map[string]Authority `json:"dns_authority,omitempty"`
	// EmailAuth maps a domain to its SPF, DKIM, DMARC and PTR states.
	EmailAuth map[string]EmailAuth `json:"email_auth,omitempty"`
	// Spam holds the account-wide SpamAssassin settings.
	Spam Spam `json:"spam"`
	// Filters are email filters, account-level or per mailbox.
	Filters []Filter `json:"filters,omitempty"`
	// TraceMX maps a remote domain to the MX lines Email::trace_delivery
	// shows ("host [ip] MX=10 dnssec=no"). An empty list makes the trace
	// end in a DNS error. Domains not listed get a made-up mx.DOMAIN.
	TraceMX map[string][]string `json:"trace_mx,omitempty"`
	// StatsDBStatus is what Email::stats_db_status returns: "active"
	// (default), "importing" or "upcp".
	StatsDBStatus string `json:"stats_db_status,omitempty"`
	// EmailTrack tunes the delivery log API (EmailTrack::search, ::stats).
	EmailTrack EmailTrackSettings `json:"email_track"`
	// Deliveries is the delivery log (Track Delivery).
	Deliveries []Delivery `json:"deliveries,omitempty"`
}

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

// Quota is a mailbox quota in MiB. Its zero value is unlimited.
type Quota float64

// Unlimited reports whether the quota has no limit.
func (q Quota) Unlimited() bool { return q <= 0 }

// UnmarshalJSON accepts a number, a numeric string, null or "unlimited".
func (q *Quota) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	if bytes.Equal(b, []byte("null")) {
		*q = 0
		return nil
	}
	var s string
	if json.Unmarshal(b, &s) == nil {
		if strings.EqualFold(strings.TrimSpace(s), "unlimited") || s == "" {
			*q = 0
			return nil
		}
		b = []byte(s)
	}
	f, err := strconv.ParseFloat(string(b), 64)
	if err != nil || math.IsNaN(f) || math.IsInf(f, 0) || f < 0 {
		return fmt.Errorf("quota %s: want MiB or \"unlimited\"", b)
	}
	*q = Quota(f)
	return nil
}

// MarshalJSON writes "unlimited" or the number of MiB.
func (q Quota) MarshalJSON() ([]byte, error) {
	if q.Unlimited() {
		return []byte(`"unlimited"`), nil
	}
	return json.Marshal(float64(q))
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

// NullString is a scenario string that can be missing (use the default),
// null (send null) or a value.
type NullString struct {
	Value string
	Null  bool
	Set   bool
}

// UnmarshalJSON records a value or an explicit null.
func (n *NullString) UnmarshalJSON(b []byte) error {
	if bytes.Equal(bytes.TrimSpace(b), []byte("null")) {
		*n = NullString{Null: true, Set: true}
		return nil
	}
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		return err
	}
	*n = NullString{Value: s, Set: true}
	return nil
}

// MarshalJSON writes the value, or null.
func (n NullString) MarshalJSON() ([]byte, error) {
	if !n.Set || n.Null {
		return []byte("null"), nil
	}
	return json.Marshal(n.Value)
}

// IsZero reports whether the field was left out (for omitzero).
func (n NullString) IsZero() bool { return !n.Set }

// Duration is a time span written as "90s", "3h20m", "2d" or "1d6h", or as
// a number of seconds.
type Duration time.Duration

// UnmarshalJSON reads a duration string or a number of seconds.
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err := json.Unmarshal(b, &secs); err != nil {
			return fmt.Errorf("duration %s: want \"3h\", \"2d\" or seconds", b)
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := parseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// MarshalJSON writes the duration as a string.
func (d Duration) MarshalJSON() ([]byte, error) {
	return json.Marshal(time.Duration(d).String())
}

// parseDuration is time.ParseDuration plus a leading "Nd" for days.
func parseDuration(s string) (time.Duration, error) {
	s = strings.TrimSpace(s)
	var days time.Duration
	if i := strings.IndexByte(s, 'd'); i > 0 {
		n, err := strconv.Atoi(s[:i])
		if err != nil {
			return 0, fmt.Errorf("duration %q: want e.g. \"2d\" or \"1d6h\"", s)
		}
		days = time.Duration(n) * 24 * time.Hour
		s = s[i+1:]
		if s == "" {
			return days, nil
		}
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return 0, fmt.Errorf("duration %q: want e.g. \"90s\", \"3h20m\" or \"2d\"", s)
	}
	return days + v, nil
}

// ZoneText is a zone file. In JSON it is one string or an array of lines.
type ZoneText string

// UnmarshalJSON reads a string or an array of lines.
func (z *ZoneText) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err == nil {
		*z = ZoneText(s)
		return nil
	}
	var lines []string
	if err := json.Unmarshal(b, &lines); err != nil {
		return errors.New("zone: want a string or an array of lines")
	}
	*z = ZoneText(strings.Join(lines, "\n") + "\n")
	return nil
}

// ScenarioNames returns the names of the shipped scenarios, sorted: the
// demos cpmail runs with --demo. The scenarios only tests use are not
// shipped; they live in the module's testdata/scenarios and are read with
// [LoadScenarioFS].
func ScenarioNames() []string {
	return ScenarioNamesFS(shippedScenarios())
}

// ScenarioNamesFS returns the names of the scenarios in fsys (its files
// NAME.json at the top), sorted.
func ScenarioNamesFS(fsys fs.FS) []string {
	entries, err := fs.ReadDir(fsys, ".")
	if err != nil {
		return nil
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".json"); ok && !e.IsDir() {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// LoadScenario returns the shipped scenario called name (see
// [ScenarioNames]), validated. Each call returns a fresh copy.
func LoadScenario(name string) (*Scenario, error) {
	return LoadScenarioFS(shippedScenarios(), name)
}

// LoadScenarioFS returns the scenario NAME.json of fsys, validated, with
// its Name set to name when the file gives none: for example
// LoadScenarioFS(os.DirFS("testdata/scenarios"), "rule-mailbox-full").
// Each call returns a fresh copy.
func LoadScenarioFS(fsys fs.FS, name string) (*Scenario, error) {
	if name == "" || strings.ContainsAny(name, "/\\") || !fs.ValidPath(name) {
		return nil, fmt.Errorf("cpaneltest: no scenario named %q (have: %s)", name, strings.Join(ScenarioNamesFS(fsys), ", "))
	}
	b, err := fs.ReadFile(fsys, name+".json")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, fmt.Errorf("cpaneltest: no scenario named %q (have: %s)", name, strings.Join(ScenarioNamesFS(fsys), ", "))
	}
	if err != nil {
		return nil, fmt.Errorf("cpaneltest: scenario %q: %w", name, err)
	}
	sc, err := decodeScenario(b)
	if err != nil {
		return nil, fmt.Errorf("cpaneltest: scenario %q: %w", name, err)
	}
	if sc.Name == "" {
		sc.Name = name
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return sc, nil
}

// shippedScenarios returns the embedded scenarios directory.
func shippedScenarios() fs.FS {
	sub, err := fs.Sub(scenarioFiles, "scenarios")
	if err != nil {
		// Unreachable: "scenarios" is a valid path.
		panic(err)
	}
	return sub
}

// ParseScenario decodes a scenario from JSON (for example a file on disk)
// and validates it. Unknown keys are errors, so typos do not pass silently.
func ParseScenario(b []byte) (*Scenario, error) {
	sc, err := decodeScenario(b)
	if err != nil {
		return nil, fmt.Errorf("cpaneltest: %w", err)
	}
	if err := sc.Validate(); err != nil {
		return nil, err
	}
	return sc, nil
}

func decodeScenario(b []byte) (*Scenario, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.DisallowUnknownFields()
	var sc Scenario
	if err := dec.Decode(&sc); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("unexpected data after the scenario object")
	}
	return &sc, nil
}

// PublicZone returns the zone text public DNS answers for the scenario:
// PublicDNS when set, else every zone of Zones as cPanel holds it (this
// server is authoritative) plus the reverse DNS of the account's IP,
// pointing at the server's host name, which points back.
func (sc *Scenario) PublicZone() string {
	if strings.TrimSpace(string(sc.PublicDNS)) != "" {
		return string(sc.PublicDNS)
	}
	var b strings.Builder
	names := make([]string, 0, len(sc.Zones))
	for name := range sc.Zones {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(&b, "$ORIGIN %s.\n%s\n", strings.TrimSuffix(name, "."), sc.Zones[name])
	}
	if host := strings.TrimSuffix(sc.Account.Hostname, "."); sc.Account.IP != "" && host != "" {
		fmt.Fprintf(&b, "$ORIGIN .\n%s. PTR %s.\n%s. A %s\n", arpa(sc.Account.IP), host, host, sc.Account.IP)
	}
	return b.String()
}
