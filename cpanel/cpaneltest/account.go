package cpaneltest

import (
	"encoding/json"
	"net/url"
	"strings"
)

// getQuotaInfo serves Quota::get_quota_info with cPanel's quirk: zero
// values are the strings "0.00" (MB) and "0" (inodes), others numbers.
func (h *Handler) getQuotaInfo(url.Values) result {
	a := h.sc.Account
	mb := func(v float64) any {
		if v = round2(v); v == 0 {
			return "0.00"
		}
		return v
	}
	inodes := func(v int64) any {
		if v == 0 {
			return "0"
		}
		return v
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	underMB := a.DiskLimitMB == 0 || a.DiskUsedMB < a.DiskLimitMB
	underInodes := a.InodesLimit == 0 || a.InodesUsed < a.InodesLimit
	return ok(map[string]any{
		"megabytes_used":       mb(a.DiskUsedMB),
		"megabyte_limit":       mb(a.DiskLimitMB),
		"megabytes_remain":     mb(max(a.DiskLimitMB-a.DiskUsedMB, 0)),
		"inodes_used":          inodes(a.InodesUsed),
		"inode_limit":          inodes(a.InodesLimit),
		"inodes_remain":        inodes(max(a.InodesLimit-a.InodesUsed, 0)),
		"under_megabyte_limit": b(underMB),
		"under_inode_limit":    b(underInodes),
		"under_quota_overall":  b(underMB && underInodes),
	})
}

// getUserInformation serves Variables::get_user_information; name,
// repeated name and name-N select keys.
func (h *Handler) getUserInformation(p url.Values) result {
	a := h.sc.Account
	mxcheck := map[string]any{}
	for _, d := range h.sc.mailDomains() {
		_, _, eff, _ := h.sc.routing(d)
		mxcheck[d] = eff
	}
	diskBlocks := any(0)
	if a.DiskLimitMB > 0 {
		diskBlocks = int64(a.DiskLimitMB * 1024)
	}
	created := h.created.Unix() - 86400*400
	info := map[string]any{
		"user":                             a.User,
		"domain":                           strings.ToLower(a.MainDomain),
		"domains":                          h.sc.domains(),
		"dead_domains":                     []string{},
		"ip":                               a.IP,
		"mxcheck":                          mxcheck,
		"maximum_emails_per_hour":          "unlimited",
		"maximum_defer_fail_percentage":    "unlimited",
		"maximum_email_account_disk_quota": "unlimited",
		"maximum_mail_accounts":            "unlimited",
		"maximum_addon_domains":            "unlimited",
		"maximum_parked_domains":           "unlimited",
		"maximum_subdomains":               "unlimited",
		"maximum_mailing_lists":            "unlimited",
		"maximum_ftp_accounts":             "unlimited",
		"maximum_databases":                "unlimited",
		"maximum_passenger_apps":           "unlimited",
		"disk_block_limit":                 diskBlocks,
		"bandwidth_limit":                  0,
		"mailbox_format":                   "maildir",
		"utf8_mailbox":                     1,
		"dkim_enabled":                     1,
		"spf_enabled":                      1,
		"owner":                            "root",
		"database_owner":                   "root",
		"plan":                             "default",
		"feature_list":                     "default",
		"feature":                          map[string]any{"emailtrace": 1, "popaccts": 1, "forwarders": 1, "blockers": 1, "spamassassin": 1, "zoneedit": 1},
		"home":                             "/home/" + a.User,
		"home_directory_links":             []string{},
		"shell":                            "/usr/local/cpanel/bin/noshell",
		"theme":                            "jupiter",
		"lang":                             "english",
		"locale":                           "en",
		"contact_email":                    "",
		"contact_email_2":                  "",
		"cpanel_root_directory":            "/usr/local/cpanel",
		"created":                          created,
		"created_in_version":               "11.118.0.24",
		"last_modified":                    created + 86400*30,
		"uid":                              1001,
		"gid":                              1001,
		"demo_mode":                        0,
		"backup_enabled":                   1,
		"legacy_backup_enabled":            0,
		"cgi_enabled":                      1,
		"package_extensions":               []string{},
		"ssl_default_key_type":             "system",
	}
	for k, v := range a.UserInformation {
		info[k] = json.RawMessage(v)
	}
	names := multi(p, "name")
	if len(names) == 0 {
		return ok(info)
	}
	picked := map[string]any{}
	for _, n := range names {
		if v, found := info[n]; found {
			picked[n] = v
		}
	}
	return ok(picked)
}

// listDomains serves DomainInfo::list_domains. main_domain is a string, as
// real servers send it (the documentation says an array).
func (h *Handler) listDomains(url.Values) result {
	a := h.sc.Account
	lower := func(in []string) []string {
		out := []string{}
		for _, d := range in {
			out = append(out, strings.ToLower(d))
		}
		return out
	}
	return ok(map[string]any{
		"main_domain":    strings.ToLower(a.MainDomain),
		"addon_domains":  lower(a.AddonDomains),
		"parked_domains": lower(a.ParkedDomains),
		"sub_domains":    lower(a.SubDomains),
	})
}
