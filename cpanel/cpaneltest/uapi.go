package cpaneltest

import "net/url"

// uapiFunctions maps "Module::function" to the read-only UAPI functions
// the fake implements.
func (h *Handler) uapiFunctions() map[string]func(url.Values) result {
	return map[string]func(url.Values) result{
		"Email::list_pops_with_disk":       h.listPopsWithDisk,
		"Email::list_forwarders":           h.listForwarders,
		"Email::list_domain_forwarders":    h.listDomainForwarders,
		"Email::list_default_address":      h.listDefaultAddress,
		"Email::list_mxs":                  h.listMXs,
		"Email::list_mail_domains":         h.listMailDomains,
		"Email::list_filters":              h.listFilters,
		"Email::get_spam_settings":         h.getSpamSettings,
		"Email::trace_delivery":            h.traceDelivery,
		"Email::stats_db_status":           h.statsDBStatus,
		"Email::get_held_message_count":    h.getHeldMessageCount,
		"Quota::get_quota_info":            h.getQuotaInfo,
		"Variables::get_user_information":  h.getUserInformation,
		"DomainInfo::list_domains":         h.listDomains,
		"DNS::parse_zone":                  h.parseZone,
		"DNS::has_local_authority":         h.hasLocalAuthority,
		"EmailAuth::validate_current_spfs": h.validateSPFs,
		"EmailAuth::validate_current_dkims": func(p url.Values) result {
			return h.validateEach(p, true, h.dkimRow)
		},
		"EmailAuth::validate_current_dmarcs": func(p url.Values) result {
			return h.validateEach(p, false, h.dmarcRow)
		},
		"EmailAuth::validate_current_ptrs": func(p url.Values) result {
			return h.validateEach(p, true, h.ptrRow)
		},
	}
}
