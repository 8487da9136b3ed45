package cpaneltest

import (
	"bytes"
	"embed"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"sort"
	"strings"
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
