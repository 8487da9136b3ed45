package cpanel

import (
	"context"
	"encoding/json"
	"math"
	"net/url"
	"strconv"
)

// QuotaService reads UAPI's Quota module.
type QuotaService service

// QuotaInfo is the cPanel account's disk and inode quota. Limits of 0 mean
// unlimited (or server quotas off); use DiskLimitBytes and InodeLimit. A
// limit absent from the answer is not reported, never unlimited.
type QuotaInfo struct {
	MegabytesUsed Float `json:"megabytes_used"`
	MegabyteLimit Limit `json:"megabyte_limit,omitzero"`
	// ByteLimit is "byte_limit", the disk limit in bytes, as
	// Quota::get_local_quota_info and some versions send it; read when
	// megabyte_limit is absent.
	ByteLimit          Limit `json:"byte_limit,omitzero"`
	MegabytesRemain    Float `json:"megabytes_remain"`
	InodesUsed         Int   `json:"inodes_used"`
	InodeLimitRaw      Limit `json:"inode_limit,omitzero"`
	InodesRemain       Int   `json:"inodes_remain"`
	UnderMegabyteLimit *Bool `json:"under_megabyte_limit"`
	UnderInodeLimit    *Bool `json:"under_inode_limit"`
	UnderQuotaOverall  *Bool `json:"under_quota_overall"`
}

// DiskUsedBytes returns the disk space in use, in bytes, as cPanel sent it
// (see ByteSize).
func (q QuotaInfo) DiskUsedBytes() float64 { return float64(q.MegabytesUsed) * (1 << 20) }

// DiskLimitBytes returns the disk limit in bytes, an unlimited Limit, or one
// not reported when the answer has neither megabyte_limit nor byte_limit.
func (q QuotaInfo) DiskLimitBytes() Limit {
	if !q.MegabyteLimit.Reported {
		return q.ByteLimit.OrZeroUnlimited()
	}
	l := q.MegabyteLimit.OrZeroUnlimited()
	if v, ok := l.Finite(); ok {
		return LimitOf(v * (1 << 20))
	}
	return l
}

// InodeLimit returns the inode limit, an unlimited Limit, or one not
// reported.
func (q QuotaInfo) InodeLimit() Limit { return q.InodeLimitRaw.OrZeroUnlimited() }

// ByteSize returns v as a whole number of bytes, and false when it is not
// one a disk can hold: negative, or beyond int64. Such values are shown as
// cPanel sent them, with a warning, never converted.
func ByteSize(v float64) (int64, bool) {
	if v < 0 || v >= math.MaxInt64 || math.IsNaN(v) {
		return 0, false
	}
	return int64(v), true
}

// GetQuotaInfo returns the account's disk and inode quota.
//
// UAPI: Quota::get_quota_info
func (s *QuotaService) GetQuotaInfo(ctx context.Context) (*QuotaInfo, *Response, error) {
	var out QuotaInfo
	resp, err := s.client.UAPI(ctx, "Quota", "get_quota_info", nil, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// VariablesService reads UAPI's Variables module.
type VariablesService service

// UserInformation holds the account settings cpmail uses. Raw keeps every
// key cPanel sent.
type UserInformation struct {
	User                       String            `json:"user"`
	Domain                     String            `json:"domain"`
	Domains                    []string          `json:"domains"`
	IP                         String            `json:"ip"`
	MailboxFormat              String            `json:"mailbox_format"`
	MaximumEmailsPerHour       Limit             `json:"maximum_emails_per_hour,omitzero"`
	MaximumDeferFailPercentage Limit             `json:"maximum_defer_fail_percentage,omitzero"`
	MaximumEmailAccountQuota   Limit             `json:"maximum_email_account_disk_quota,omitzero"`
	DiskBlockLimit             Limit             `json:"disk_block_limit,omitzero"`
	MXCheck                    map[string]string `json:"mxcheck"`
	DKIMEnabled                Bool              `json:"dkim_enabled"`
	SPFEnabled                 Bool              `json:"spf_enabled"`
	Raw                        json.RawMessage   `json:"-"`
}

// UnmarshalJSON decodes the known fields leniently and keeps the raw object.
func (u *UserInformation) UnmarshalJSON(b []byte) error {
	type plain UserInformation
	var p plain
	if err := json.Unmarshal(b, &p); err != nil {
		return err
	}
	*u = UserInformation(p)
	u.Raw = append(json.RawMessage(nil), b...)
	return nil
}

// GetUserInformation returns the account's settings; names limits the keys
// returned (all when empty).
//
// UAPI: Variables::get_user_information
func (s *VariablesService) GetUserInformation(ctx context.Context, names ...string) (*UserInformation, *Response, error) {
	p := url.Values{}
	for i, n := range names {
		p.Set("name-"+strconv.Itoa(i), n)
	}
	var out UserInformation
	resp, err := s.client.UAPI(ctx, "Variables", "get_user_information", p, &out)
	if err != nil {
		return nil, resp, err
	}
	return &out, resp, nil
}

// DomainInfoService reads UAPI's DomainInfo module.
type DomainInfoService service

// Domains lists the account's domains by kind.
type Domains struct {
	MainDomain    string   `json:"main_domain"`
	AddonDomains  []string `json:"addon_domains"`
	ParkedDomains []string `json:"parked_domains"`
	SubDomains    []string `json:"sub_domains"`
}

// All returns every domain, main domain first.
func (d Domains) All() []string {
	out := []string{}
	if d.MainDomain != "" {
		out = append(out, d.MainDomain)
	}
	out = append(out, d.AddonDomains...)
	out = append(out, d.ParkedDomains...)
	return append(out, d.SubDomains...)
}

// ListDomains lists the account's domains.
//
// UAPI: DomainInfo::list_domains
func (s *DomainInfoService) ListDomains(ctx context.Context) (*Domains, *Response, error) {
	var raw struct {
		Main   json.RawMessage `json:"main_domain"`
		Addon  []string        `json:"addon_domains"`
		Parked []string        `json:"parked_domains"`
		Sub    []string        `json:"sub_domains"`
	}
	resp, err := s.client.UAPI(ctx, "DomainInfo", "list_domains", nil, &raw)
	if err != nil {
		return nil, resp, err
	}
	out := &Domains{AddonDomains: raw.Addon, ParkedDomains: raw.Parked, SubDomains: raw.Sub}
	// main_domain is documented as an array but sent as a string too.
	var one string
	var many []string
	if json.Unmarshal(raw.Main, &one) == nil {
		out.MainDomain = one
	} else if json.Unmarshal(raw.Main, &many) == nil && len(many) > 0 {
		out.MainDomain = many[0]
	}
	return out, resp, nil
}
