package diagnose

import (
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

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
	what msg.Text
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
		out = append(out, enumValue{SrcSPF, d, d + " state", st.State, spfKnown, msg.New("cpanel.cpanel-enums.out"), false})
		for _, r := range st.Records {
			out = append(out, enumValue{SrcSPF, d, d + " record state", r.State, cpanel.SPFRecordStates(), msg.New("cpanel.cpanel-enums.out.spf-record-result"), true})
		}
	}
	for _, st := range s.DKIM {
		name := strings.ToLower(strings.TrimSuffix(st.Domain, "."))
		d := strings.TrimPrefix(name, "default._domainkey.")
		out = append(out, enumValue{SrcDKIM, d, name + " state", st.State, cpanel.DKIMStates(), msg.New("cpanel.cpanel-enums.out.dkim-state"), false})
		for _, r := range st.Records {
			out = append(out, enumValue{SrcDKIM, d, name + " record state", r.State, cpanel.DKIMRecordStates(), msg.New("cpanel.cpanel-enums.out.dkim-record-state"), true})
		}
	}
	for _, st := range s.DMARC {
		d := strings.ToLower(st.Domain)
		out = append(out, enumValue{SrcDMARC, d, d + " state", st.State, cpanel.DMARCStates(), msg.New("cpanel.cpanel-enums.out.dmarc-state"), false})
	}
	for _, st := range s.PTR {
		d := strings.ToLower(st.Domain)
		out = append(out, enumValue{SrcPTR, d, d + " state", st.State, cpanel.PTRStates(), msg.New("cpanel.cpanel-enums.out.reverse-dns-ptr"), false})
		for _, r := range st.PTRRecords {
			out = append(out, enumValue{SrcPTR, d, d + " PTR " + r.Domain + " state", r.State, cpanel.PTRRecordStates(), msg.New("cpanel.cpanel-enums.out.reverse-dns-name"), true})
		}
	}
	for _, r := range s.MX {
		d := strings.ToLower(r.Domain)
		out = append(out, enumValue{SrcMX, d, d + " mxcheck", r.MXCheck, mailRoutings(), msg.New("cpanel.cpanel-enums.out.email-routing"), false},
			enumValue{SrcMX, d, d + " detected", r.Detected, mailRoutings(), msg.New("cpanel.cpanel-enums.out.detected-email-routing"), true})
	}
	if s.UserInfo != nil {
		for _, d := range slices.Sorted(maps.Keys(s.UserInfo.MXCheck)) {
			out = append(out, enumValue{SrcUserInfo, strings.ToLower(d), "mxcheck " + d, s.UserInfo.MXCheck[d], mailRoutings(), msg.New("cpanel.cpanel-enums.out.email-routing2"), true})
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
			msg.New(".title", "What", v.what, "Subject", v.subject, "Shown", shown),
			msg.New(".detail", "Source", v.source, "Shown", shown, "Key", v.key, "Known", strings.Join(v.known, ", ")),
			msg.New(".remedy", "Subject", v.subject),
			Evidence{Source: v.source, Key: v.key, Value: v.raw}))
	}
	return out
}
