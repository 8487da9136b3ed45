package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/cpanel"
)

// Rules about email authentication as cPanel checks it: SPF, DKIM, DMARC
// and reverse DNS (Email Deliverability).

// authority reports what DNS::has_local_authority said for domain: whether
// it is known, whether this server is authoritative, and the nameservers.
func authority(s *Snapshot, domain string) (known, local bool, ns []string) {
	for _, a := range s.LocalAuthority {
		if strings.EqualFold(strings.TrimSuffix(a.Domain, "."), domain) {
			return true, bool(a.LocalAuthority), a.Nameservers
		}
	}
	return false, false, nil
}

// dnsRemedy says where to fix a record: cPanel's Repair when this server's
// DNS is authoritative, else the DNS host.
func dnsRemedy(s *Snapshot, domain, record string) msg.Text {
	known, local, ns := authority(s, domain)
	switch {
	case known && local:
		return msg.New("auth.dns-remedy.text", "Domain", domain, "Record", record)
	case known:
		where := msg.Text{}
		if len(ns) > 0 {
			where = msg.New("auth.dns-remedy.where", "Nameservers", strings.Join(ns, ", "))
		}
		return msg.New("auth.dns-remedy.text.this-server-dns", "Domain", domain, "Record", record, "Where", where)
	}
	return msg.New("auth.dns-remedy.text.if-this-server", "Domain", domain, "Record", record)
}

// spfSuggestion turns cPanel's expected SPF fragment into a full record.
func spfSuggestion(expected string) string {
	expected = strings.TrimSpace(expected)
	if strings.HasPrefix(strings.ToLower(expected), "v=spf1") || expected == "" {
		return expected
	}
	return "v=spf1 +a +mx " + expected + " ~all"
}

// spfMissing reports domains cPanel finds without SPF.
func spfMissing(e *Env) []Finding { return spfFindings(e, true) }

// spfInvalid reports domains whose SPF cPanel finds broken.
func spfInvalid(e *Env) []Finding { return spfFindings(e, false) }

// spfFindings reads cPanel's SPF states: the missing ones, or the
// broken ones.
func spfFindings(e *Env, missing bool) []Finding {
	sts := append([]cpanel.SPFStatus(nil), e.S.SPF...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	var out []Finding
	for _, st := range sts {
		d := strings.ToLower(st.Domain)
		state := st.NormalState()
		expected := string(st.Expected)
		ev := []Evidence{{Source: SrcSPF, Key: d + " state", Value: state}}
		if raw := strings.ToUpper(strings.TrimSpace(st.State)); raw != state {
			ev[0].Value = st.State + " (read as " + state + ")"
		}
		if expected != "" {
			ev = append(ev, Evidence{Source: SrcSPF, Key: d + " expected", Value: expected})
		}
		permerror := false
		for _, r := range st.Records {
			ev = append(ev, Evidence{Source: SrcSPF, Key: d + " record (" + r.State + ")", Value: r.Current})
			if strings.EqualFold(r.State, "PERMERROR") {
				permerror = true
			}
		}
		if st.Error != "" {
			ev = append(ev, Evidence{Source: SrcSPF, Key: d + " error", Value: oneLine(string(st.Error), 300)})
		}
		full := spfSuggestion(expected)
		switch {
		case missing && state == "MISSING":
			out = append(out, e.Finding(d,
				msg.New("auth.spf-findings.title", "Domain", d),
				msg.New("auth.spf-findings.detail", "Domain", d, "Full", full),
				dnsRemedy(e.S, d, "SPF"), ev...))
		case !missing && (state == "MISMATCHED" || state == "MULTIPLE" || state == "ERROR"):
			sev := Warn
			var detail msg.Text
			switch state {
			case "MULTIPLE":
				sev = Fail
				detail = msg.New("auth.spf-findings.detail.has-more-than", "Domain", d, "Expected", orNone(expected))
			case "MISMATCHED":
				detail = msg.New("auth.spf-findings.detail.spf-record-does", "Domain", d, "IPAddress", string(st.IPAddress), "Expected", expected)
				if permerror {
					sev = Fail
					detail = msg.New("auth.spf-findings.detail.spf-record-broken", "Domain", d, "Expected", expected)
				}
			case "ERROR":
				detail = msg.New("auth.spf-findings.detail.cpanel-could-not", "Domain", d, "Error", oneLine(string(st.Error), 200))
			}
			remedy := dnsRemedy(e.S, d, "SPF")
			if state == "ERROR" {
				remedy = msg.New("auth.spf-findings.remedy", "Domain", d)
			}
			out = append(out, e.FindingAt(sev, d,
				msg.New("auth.spf-findings.title.spf-record", "Domain", d, "State", state),
				detail, remedy, ev...))
		}
	}
	return out
}

// dkimMissing reports domains cPanel finds without DKIM.
func dkimMissing(e *Env) []Finding { return dkimFindings(e, true) }

// dkimInvalid reports domains whose DKIM cPanel finds broken.
func dkimInvalid(e *Env) []Finding { return dkimFindings(e, false) }

// dkimFindings reads cPanel's DKIM states: the missing ones, or the
// broken ones.
func dkimFindings(e *Env, missing bool) []Finding {
	sts := append([]cpanel.DKIMStatus(nil), e.S.DKIM...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	var out []Finding
	for _, st := range sts {
		name := strings.ToLower(strings.TrimSuffix(st.Domain, "."))
		d := strings.TrimPrefix(name, "default._domainkey.")
		state := strings.ToUpper(st.State)
		ev := []Evidence{{Source: SrcDKIM, Key: name + " state", Value: state}}
		if st.Expected != "" {
			ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " expected", Value: string(st.Expected)})
		}
		for _, r := range st.Records {
			ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " record (" + r.State + ")", Value: r.Current})
		}
		if st.Error != "" {
			ev = append(ev, Evidence{Source: SrcDKIM, Key: name + " error", Value: oneLine(string(st.Error), 300)})
		}
		publish := msg.New("auth.dkim-findings.publish", "Domain", d, "Expected", oneLine(string(st.Expected), 60))
		if st.Expected == "" {
			publish = msg.Text{}
		}
		switch {
		case missing && (state == "MISSING" || state == "NOPUB"):
			detail := msg.New("auth.dkim-findings.detail", "Domain", d, "Publish", publish)
			remedy := dnsRemedy(e.S, d, "DKIM")
			if state == "NOPUB" {
				detail = msg.New("auth.dkim-findings.detail.this-server-holds", "Domain", d)
				remedy = msg.New("auth.dkim-findings.remedy", "Domain", d)
			}
			out = append(out, e.Finding(d,
				msg.New("auth.dkim-findings.title", "Domain", d, "State", state),
				detail, remedy, ev...))
		case !missing && (state == "MALFORMED" || state == "MISMATCH" || state == "MULTIPLE" || state == "ERROR"):
			sev := Fail
			var detail msg.Text
			remedy := dnsRemedy(e.S, d, "DKIM")
			switch state {
			case "MALFORMED":
				detail = msg.New("auth.dkim-findings.detail.dkim-record-at", "Domain", d, "Publish", publish)
			case "MISMATCH":
				detail = msg.New("auth.dkim-findings.detail.dkim-record-at2", "Domain", d, "Publish", publish)
			case "MULTIPLE":
				detail = msg.New("auth.dkim-findings.detail.there-several-dkim", "Domain", d, "Publish", publish)
			case "ERROR":
				sev = Warn
				detail = msg.New("auth.dkim-findings.detail.cpanel-could-not", "Domain", d, "Error", oneLine(string(st.Error), 200))
				remedy = msg.New("auth.dkim-findings.remedy.check-that-nameservers", "Domain", d)
			}
			out = append(out, e.FindingAt(sev, d,
				msg.New("auth.dkim-findings.title.dkim-record", "Domain", d, "State", state),
				detail, remedy, ev...))
		}
	}
	return out
}

func dmarcMissing(e *Env) []Finding {
	sts := append([]cpanel.DMARCStatus(nil), e.S.DMARC...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	var out []Finding
	for _, st := range sts {
		if !strings.EqualFold(st.State, "MISSING") {
			continue
		}
		d := strings.ToLower(st.Domain)
		suggested := string(st.Suggested)
		if suggested == "" {
			suggested = "v=DMARC1; p=none;"
		}
		out = append(out, e.Finding(d,
			msg.New(".title", "Domain", d),
			msg.New(".detail", "Domain", d),
			msg.New(".remedy", "Domain", d, "Suggested", suggested),
			Evidence{Source: SrcDMARC, Key: d + " state", Value: "MISSING"},
			Evidence{Source: SrcDMARC, Key: d + " suggested", Value: suggested}))
	}
	return out
}

func ptrInvalid(e *Env) []Finding {
	type group struct {
		st      cpanel.PTRStatus
		domains []string
	}
	var groups []*group
	byKey := map[string]*group{}
	sts := append([]cpanel.PTRStatus(nil), e.S.PTR...)
	sort.SliceStable(sts, func(i, j int) bool { return sts[i].Domain < sts[j].Domain })
	for _, st := range sts {
		state := strings.ToUpper(st.State)
		if state != "MISSING_PTR" && state != "PTR_MISMATCH" && state != "ERROR" {
			continue
		}
		key := string(st.IPAddress) + "|" + state
		if string(st.IPAddress) == "" {
			key += "|" + st.Domain
		}
		g := byKey[key]
		if g == nil {
			g = &group{st: st}
			byKey[key] = g
			groups = append(groups, g)
		}
		g.domains = append(g.domains, strings.ToLower(st.Domain))
	}
	var out []Finding
	for _, g := range groups {
		st := g.st
		d := g.domains[0]
		state := strings.ToUpper(st.State)
		ip := string(st.IPAddress)
		helo := string(st.HELO)
		ev := []Evidence{
			{Source: SrcPTR, Key: d + " state", Value: state},
			{Source: SrcPTR, Key: d + " ip_address", Value: ip},
			{Source: SrcPTR, Key: d + " helo", Value: helo},
		}
		var names []msg.Text
		for _, r := range st.PTRRecords {
			fwd := strings.Join(r.ForwardRecords, ", ")
			ev = append(ev, Evidence{Source: SrcPTR, Key: fmt.Sprintf("%s PTR %s (%s)", ip, r.Domain, r.State), Value: "forward: " + orNone(fwd)})
			if fwd == "" {
				names = append(names, msg.New(".name-no-address", "Name", r.Domain))
			} else {
				names = append(names, msg.New(".name-resolves", "Name", r.Domain, "Addresses", fwd))
			}
		}
		if st.Error != "" {
			ev = append(ev, Evidence{Source: SrcPTR, Key: d + " error", Value: oneLine(string(st.Error), 300)})
		}
		also := msg.Text{}
		if len(g.domains) > 1 {
			also = msg.New(".also", "Domains", strings.Join(g.domains[1:], ", "))
		}
		sev := Fail
		var detail msg.Text
		switch state {
		case "MISSING_PTR":
			detail = msg.New(".detail", "IP", ip, "Domain", d, "ArpaText", arpaText(string(st.ArpaDomain)), "Also", also)
		case "PTR_MISMATCH":
			detail = msg.New(".detail.reverse-dns-1", "IP", ip, "Domain", d, "Names", msg.List{Sep: "list.semicolon", Items: names}, "Also", also)
		case "ERROR":
			sev = Warn
			detail = msg.New(".detail.cpanel-could-not", "Domain", d, "Error", oneLine(string(st.Error), 200), "Also", also)
		}
		if helo == "" {
			helo = "?"
		}
		out = append(out, e.FindingAt(sev, d,
			msg.New(".title", "IP", ip),
			detail,
			msg.New(".remedy", "IP", ip, "Helo", helo),
			ev...))
	}
	return out
}

// arpaText shows the reverse lookup name, when known.
func arpaText(arpa string) msg.Text {
	if arpa == "" {
		return msg.Text{}
	}
	return msg.New("auth.arpa-text.text", "Arpa", arpa)
}
