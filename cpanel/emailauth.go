package cpanel

import (
	"context"
	"strings"
)

// EmailAuthService reads UAPI's EmailAuth module: cPanel's own "Email
// Deliverability" checks. Each check makes live DNS queries on the server.
type EmailAuthService service

// AuthRecord is one published record and cPanel's verdict on it.
type AuthRecord struct {
	Current string `json:"current"`
	State   string `json:"state"`
	Reason  String `json:"reason"`
}

// SPFStatus is cPanel's SPF check of one domain. State is VALID,
// MISMATCHED, MULTIPLE, MISSING or ERROR.
type SPFStatus struct {
	Domain    string       `json:"domain"`
	State     string       `json:"state"`
	Expected  String       `json:"expected"`
	IPAddress String       `json:"ip_address"`
	IPVersion Int          `json:"ip_version"`
	Records   []AuthRecord `json:"records"`
	Error     String       `json:"error"`
}

// DKIMStatus is cPanel's DKIM check of one domain (selector "default").
// State is VALID, MALFORMED, MISMATCH, MISSING, MULTIPLE, NOPUB or ERROR.
type DKIMStatus struct {
	// Domain is the record name checked: default._domainkey.<domain>.
	Domain   string       `json:"domain"`
	State    string       `json:"state"`
	Expected String       `json:"expected"`
	Records  []AuthRecord `json:"records"`
	Error    String       `json:"error"`
}

// DMARCStatus is cPanel's DMARC check of one domain. State is VALID,
// MALFORMED, DKIM_SPF_ERROR, DKIM_ERROR, SPF_ERROR, MISSING or DNS_ERROR.
type DMARCStatus struct {
	Domain    string `json:"domain"`
	State     string `json:"state"`
	Record    String `json:"record"`
	Suggested String `json:"suggested"`
	Subdomain String `json:"subdomain"`
	Error     String `json:"error"`
}

// PTRRecord is one reverse DNS name of the sending IP.
type PTRRecord struct {
	Domain         string   `json:"domain"`
	ForwardRecords []string `json:"forward_records"`
	State          string   `json:"state"`
}

// PTRStatus is cPanel's reverse DNS check of a domain's sending IP. State
// is VALID, IP_IS_PRIVATE, MISSING_PTR, PTR_MISMATCH or ERROR.
type PTRStatus struct {
	Domain      string      `json:"domain"`
	State       string      `json:"state"`
	IPAddress   String      `json:"ip_address"`
	IPVersion   Int         `json:"ip_version"`
	HELO        String      `json:"helo"`
	ArpaDomain  String      `json:"arpa_domain"`
	Nameservers []string    `json:"nameservers"`
	PTRRecords  []PTRRecord `json:"ptr_records"`
	Error       String      `json:"error"`
}

// ValidateCurrentSPFs checks the SPF records of domains.
//
// UAPI: EmailAuth::validate_current_spfs
func (s *EmailAuthService) ValidateCurrentSPFs(ctx context.Context, domains ...string) ([]SPFStatus, *Response, error) {
	var out []SPFStatus
	resp, err := s.client.UAPI(ctx, "EmailAuth", "validate_current_spfs", domainParams(domains), &out)
	return out, resp, err
}

// ValidateCurrentDKIMs checks the DKIM records of domains.
//
// UAPI: EmailAuth::validate_current_dkims
func (s *EmailAuthService) ValidateCurrentDKIMs(ctx context.Context, domains ...string) ([]DKIMStatus, *Response, error) {
	var out []DKIMStatus
	resp, err := s.client.UAPI(ctx, "EmailAuth", "validate_current_dkims", domainParams(domains), &out)
	return out, resp, err
}

// ValidateCurrentDMARCs checks the DMARC records of domains (all the
// account's domains when none is given).
//
// UAPI: EmailAuth::validate_current_dmarcs
func (s *EmailAuthService) ValidateCurrentDMARCs(ctx context.Context, domains ...string) ([]DMARCStatus, *Response, error) {
	var out []DMARCStatus
	resp, err := s.client.UAPI(ctx, "EmailAuth", "validate_current_dmarcs", domainParams(domains), &out)
	return out, resp, err
}

// ValidateCurrentPTRs checks the reverse DNS of the IPs the domains send from.
//
// UAPI: EmailAuth::validate_current_ptrs
func (s *EmailAuthService) ValidateCurrentPTRs(ctx context.Context, domains ...string) ([]PTRStatus, *Response, error) {
	var out []PTRStatus
	resp, err := s.client.UAPI(ctx, "EmailAuth", "validate_current_ptrs", domainParams(domains), &out)
	return out, resp, err
}

// The states cPanel documents for its Email Deliverability checks (UAPI
// EmailAuth, 11.120 to 11.134). cPanel may send others: a newer server, an
// older one (11.120 says INVALID where newer ones say MISMATCHED), a
// plugin. Callers must not drop a state that is not listed; see
// diagnose's cpanel-state-unknown rule.

// SPFStates lists the documented SPF states.
func SPFStates() []string { return []string{"VALID", "MISMATCHED", "MULTIPLE", "MISSING", "ERROR"} }

// SPFRecordStates lists the documented per-record SPF results (RFC 7208).
func SPFRecordStates() []string {
	return []string{"PASS", "NEUTRAL", "FAIL", "SOFTFAIL", "TEMPERROR", "PERMERROR", "NONE"}
}

// DKIMStates lists the documented DKIM states.
func DKIMStates() []string {
	return []string{"VALID", "MALFORMED", "MISMATCH", "MISSING", "MULTIPLE", "NOPUB", "ERROR"}
}

// DKIMRecordStates lists the documented per-record DKIM states.
func DKIMRecordStates() []string { return []string{"VALID", "MISMATCH", "PERMFAIL"} }

// DMARCStates lists the documented DMARC states.
func DMARCStates() []string {
	return []string{"VALID", "MALFORMED", "DKIM_SPF_ERROR", "DKIM_ERROR", "SPF_ERROR", "MISSING", "DNS_ERROR"}
}

// PTRStates lists the documented reverse DNS states.
func PTRStates() []string {
	return []string{"VALID", "IP_IS_PRIVATE", "MISSING_PTR", "PTR_MISMATCH", "ERROR"}
}

// PTRRecordStates lists the documented per-name reverse DNS states.
func PTRRecordStates() []string { return []string{"VALID", "MISSING_FWD", "FWD_MISMATCH"} }

// NormalState returns the SPF state upper-cased, with the INVALID of
// cPanel 11.120 read as MISMATCHED (its name in newer versions: a record
// exists that does not authorise the server's IP). Any other value is
// returned as it is, upper-cased.
func (s SPFStatus) NormalState() string {
	st := strings.ToUpper(strings.TrimSpace(s.State))
	if st == "INVALID" {
		return "MISMATCHED"
	}
	return st
}
