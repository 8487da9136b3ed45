package cpanel

import "strings"

// readOnlyList is the allow-list of the cPanel functions cpmail may call,
// one "Module::function" a line, exactly as cPanel spells them (lines
// starting with "#" are comments): each one only reads. It is conservative
// on purpose: a function is here because cPanel's documentation or source
// says it only returns data (see the reference, §2 and §4), never because
// its name looks like a read. cpmail's own calls, `cpmail api` and the fake
// server cpaneltest all use this list.
const readOnlyList = `
# UAPI Email: mailboxes, quota and disk.
Email::list_pops_with_disk
Email::list_pops
Email::count_pops
Email::get_pop_quota
Email::get_disk_usage
Email::get_main_account_disk_usage
Email::get_main_account_disk_usage_bytes
Email::get_default_email_quota
Email::get_max_email_quota
# UAPI Email: routing, forwarders, filters, spam, webmail, trace.
Email::list_mxs
Email::list_mail_domains
Email::list_forwarders
Email::list_domain_forwarders
Email::list_default_address
Email::list_auto_responders
Email::get_auto_responder
Email::list_filters
Email::get_filter
Email::trace_filter
Email::list_system_filter_info
Email::get_spam_settings
Email::get_webmail_settings
Email::trace_delivery
Email::stats_db_status
Email::get_held_message_count
# UAPI EmailAuth: cPanel's SPF, DKIM, DMARC and PTR checks.
EmailAuth::validate_current_spfs
EmailAuth::validate_current_dkims
EmailAuth::validate_current_dmarcs
EmailAuth::validate_current_ptrs
# UAPI account, quota, DNS and server information.
Quota::get_quota_info
Quota::get_local_quota_info
ResourceUsage::get_usages
StatsBar::get_stats
DNS::parse_zone
DNS::lookup
DNS::has_local_authority
Variables::get_user_information
Variables::get_session_information
DomainInfo::list_domains
DomainInfo::domains_data
DomainInfo::single_domain_data
Mailboxes::get_mailbox_status_list
cPGreyList::has_greylisting_enabled
cPGreyList::list_domains
SpamAssassin::get_user_preferences
BoxTrapper::get_status
Chkservd::get_exim_ports
ServerInformation::get_information
# cPanel API 2.
EmailTrack::search
EmailTrack::stats
EmailTrack::trace
Email::listpopswithdisk
ZoneEdit::fetchzone_records
`

// IsReadOnlyCall reports whether module::function is on cpmail's
// allow-list of functions that only read. The match is exact (module and
// function as cPanel spells them): a name that merely starts like a read
// (getAndSetQuota, statsreset, list_queue_delete) is refused, and so is
// every function not known to be read-only. The client refuses to send a
// call for which this is false.
func IsReadOnlyCall(module, function string) bool {
	if module == "" || function == "" || strings.ContainsAny(module+function, "\n#: \t") {
		return false
	}
	return strings.Contains(readOnlyList, "\n"+module+"::"+function+"\n")
}

// IsReadOnly reports whether function is on the read-only allow-list in
// some module (see IsReadOnlyCall, which also checks the module and is
// what the client enforces). The match is exact and case-sensitive.
func IsReadOnly(function string) bool {
	if function == "" || strings.Contains(function, ":") {
		return false
	}
	for _, k := range ReadOnlyCalls() {
		if _, f, _ := strings.Cut(k, "::"); f == function {
			return true
		}
	}
	return false
}

// ReadOnlyCalls returns the allow-list, "Module::function" in the order of
// the list (for documentation and for the fake server's tests).
func ReadOnlyCalls() []string {
	var out []string
	for _, line := range strings.Split(readOnlyList, "\n") {
		if line = strings.TrimSpace(line); line != "" && !strings.HasPrefix(line, "#") {
			out = append(out, line)
		}
	}
	return out
}
