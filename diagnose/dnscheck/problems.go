package dnscheck

// The problem ids other packages name (diagnose's rules say which of them
// they explain). Every problem's wording is in problemWording.
const (
	ProblemNameserversElsewhere = "nameservers-elsewhere"
	ProblemPublicMXMismatch     = "public-mx-mismatch"
	ProblemSPFMissingPublic     = "spf-missing-public"
	ProblemSPFLookupLimit       = "spf-lookup-limit"
	ProblemSPFVoidLookups       = "spf-void-lookups"
	ProblemSPFIPNotAuthorized   = "spf-ip-not-authorized"
	ProblemSPFMultiple          = "spf-multiple"
	ProblemDKIMMissingPublic    = "dkim-missing-public"
	ProblemDKIMKeyMismatch      = "dkim-key-mismatch"
	ProblemDMARCMissingPublic   = "dmarc-missing-public"
	ProblemDMARCInvalid         = "dmarc-invalid"
	ProblemDMARCMultiple        = "dmarc-multiple"
	ProblemDMARCNotEnforced     = "dmarc-not-enforced"
	ProblemDMARCNoRUA           = "dmarc-no-rua"
	ProblemPTRMissing           = "ptr-missing"
	ProblemPTRNotConfirmed      = "ptr-not-confirmed"
	ProblemIPBlocklisted        = "ip-blocklisted"
)

// Advisory reports whether a problem is a common, deliberate choice that
// costs no mail today (a DMARC policy still at p=none, no aggregate
// reports): worth knowing, not worth a warning.
func Advisory(id string) bool {
	return id == ProblemDMARCNotEnforced || id == ProblemDMARCNoRUA
}
