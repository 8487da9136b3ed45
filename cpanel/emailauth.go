package cpanel

import "context"

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
