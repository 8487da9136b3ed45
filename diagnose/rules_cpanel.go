package diagnose

import (
	"slices"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// Rules about what cPanel itself sends: a state cpmail does not know is
// shown, never dropped.

// mailRoutings are the email routing values cPanel documents for
// Email::list_mxs (mxcheck, detected) and Variables::get_user_information
// (mxcheck by domain).
func mailRoutings() []string { return []string{"auto", "local", "remote", "secondary"} }

// enumValue is one value cPanel sent for a field with a documented set of
// values.
type enumValue struct {
	source, subject, key, raw string
	known                     []string
	// what names the field for people.
	what Text
	// emptyKnown is true where an empty value only means cPanel did not
	// send the field (per-record states, detected routing).
	emptyKnown bool
}

// isKnown compares case-insensitively: cPanel's documented values are
// upper-case for states and lower-case for routing.
func (v enumValue) isKnown() bool {
	raw := strings.TrimSpace(v.raw)
	if raw == "" {
		return v.emptyKnown
	}
	return slices.ContainsFunc(v.known, func(k string) bool { return strings.EqualFold(k, raw) })
}

// cpanelEnums lists every enum value in the snapshot: SPF, DKIM, DMARC and
// PTR states and their per-record states, and the email routing.
func cpanelEnums(s *Snapshot) []enumValue {
	var out []enumValue
	spfKnown := append(cpanel.SPFStates(), "INVALID") // 11.120's name for MISMATCHED
	for _, st := range s.SPF {
		d := strings.ToLower(st.Domain)
		out = append(out, enumValue{SrcSPF, d, d + " state", st.State, spfKnown, T("SPF state", "SPF 狀態"), false})
		for _, r := range st.Records {
			out = append(out, enumValue{SrcSPF, d, d + " record state", r.State, cpanel.SPFRecordStates(), T("SPF record result", "SPF 紀錄結果"), true})
		}
	}
	for _, st := range s.DKIM {
		name := strings.ToLower(strings.TrimSuffix(st.Domain, "."))
		d := strings.TrimPrefix(name, "default._domainkey.")
		out = append(out, enumValue{SrcDKIM, d, name + " state", st.State, cpanel.DKIMStates(), T("DKIM state", "DKIM 狀態"), false})
		for _, r := range st.Records {
			out = append(out, enumValue{SrcDKIM, d, name + " record state", r.State, cpanel.DKIMRecordStates(), T("DKIM record state", "DKIM 紀錄狀態"), true})
		}
	}
	for _, st := range s.DMARC {
		d := strings.ToLower(st.Domain)
		out = append(out, enumValue{SrcDMARC, d, d + " state", st.State, cpanel.DMARCStates(), T("DMARC state", "DMARC 狀態"), false})
	}
	for _, st := range s.PTR {
		d := strings.ToLower(st.Domain)
		out = append(out, enumValue{SrcPTR, d, d + " state", st.State, cpanel.PTRStates(), T("reverse DNS (PTR) state", "反向 DNS（PTR）狀態"), false})
		for _, r := range st.PTRRecords {
			out = append(out, enumValue{SrcPTR, d, d + " PTR " + r.Domain + " state", r.State, cpanel.PTRRecordStates(), T("reverse DNS name state", "反向 DNS 名稱狀態"), true})
		}
	}
	for _, r := range s.MX {
		d := strings.ToLower(r.Domain)
		out = append(out, enumValue{SrcMX, d, d + " mxcheck", r.MXCheck, mailRoutings(), T("email routing", "電子郵件路由"), false},
			enumValue{SrcMX, d, d + " detected", r.Detected, mailRoutings(), T("detected email routing", "偵測到的電子郵件路由"), true})
	}
	if s.UserInfo != nil {
		for _, d := range sortedKeys(s.UserInfo.MXCheck) {
			out = append(out, enumValue{SrcUserInfo, strings.ToLower(d), "mxcheck " + d, s.UserInfo.MXCheck[d], mailRoutings(), T("email routing", "電子郵件路由"), true})
		}
	}
	return out
}

func cpanelStateUnknown(e *Env) []Finding {
	vals := cpanelEnums(e.S)
	sort.SliceStable(vals, func(i, j int) bool { return vals[i].subject < vals[j].subject })
	var out []Finding
	seen := map[string]bool{}
	for _, v := range vals {
		if v.isKnown() || seen[v.source+"|"+v.key+"|"+v.raw] {
			continue
		}
		seen[v.source+"|"+v.key+"|"+v.raw] = true
		shown := oneLine(v.raw, 80)
		if strings.TrimSpace(v.raw) == "" {
			shown = "(empty)"
		}
		out = append(out, e.Finding(v.subject,
			Tf("cPanel reports the %s of %s as %q, which cpmail does not know", "cPanel 回報 %[2]s 的%[1]s為 %[3]q，cpmail 不認得這個值", v.what, v.subject, shown),
			Tf("%s answered %q for %s. It is none of the values cPanel documents (%s), so cpmail cannot say whether it is fine; it is shown here rather than ignored. A newer or older cPanel version, or a plugin, may send it.",
				"%[1]s 對 %[3]s 回覆 %[2]q，不在 cPanel 文件列出的值（%[4]s）之中，cpmail 無法判斷是否正常；因此列出而不略過。可能來自較新或較舊的 cPanel 版本，或外掛程式。", v.source, shown, v.key, strings.Join(v.known, ", ")),
			Tf("Look at %s in cPanel (Email Deliverability, or Email Routing for routing) to see what it means there, and report the value to cpmail's maintainers so it can be explained.",
				"請到 cPanel 查看 %s（「電子郵件傳遞能力」，路由則看「電子郵件路由」）了解其意義，並將此值回報給 cpmail 維護者，以便加入說明。", v.subject),
			Evidence{Source: v.source, Key: v.key, Value: v.raw}))
	}
	return out
}
