package diagnose

import (
	"fmt"
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// Rules over the live DNS checks (Snapshot.LiveDNS): what public DNS
// answers, which is what receivers see.

// liveHit is one problem of one check, with the check's result.
type liveHit struct {
	r dnscheck.Result
	p dnscheck.Problem
}

// liveProblems returns the failing or warning problems the running rule
// explains (Rule.Explains) in the live checks of check kind (any kind
// when check is ""), once per problem id and subject.
func liveProblems(e *Env, check string) []liveHit {
	s, ids := e.S, e.Rule.Explains
	var out []liveHit
	seen := map[string]bool{}
	for _, rep := range s.LiveDNS {
		for _, r := range rep.Results {
			if check != "" && r.Check != check {
				continue
			}
			for _, p := range r.Problems {
				if p.Verdict < dnscheck.Warn || !contains(ids, p.ID) {
					continue
				}
				key := p.ID + "|" + r.Subject + "|" + fmt.Sprint(p.Text)
				if !seen[key] {
					seen[key] = true
					out = append(out, liveHit{r, p})
				}
			}
		}
	}
	return out
}

func severityOf(v dnscheck.Verdict) Severity {
	if v >= dnscheck.Fail {
		return Fail
	}
	return Warn
}

// liveEvidence turns a check's DNS questions and answers into evidence.
func liveEvidence(r dnscheck.Result, max int) []Evidence {
	var ev []Evidence
	for i, q := range r.Evidence {
		if i == max {
			ev = append(ev, Evidence{Source: SrcLiveDNS, Key: "…", Value: fmt.Sprintf("%d more queries", len(r.Evidence)-max)})
			break
		}
		ev = append(ev, Evidence{Source: SrcLiveDNS, Key: q.Query, Value: oneLine(q.Answer, 300)})
	}
	return ev
}

// joinOrNone joins values, or says "(none)".
func joinOrNone(vs []string) msg.Text {
	if len(vs) == 0 {
		return msg.New("live.join-or-none.text")
	}
	return verbatim(strings.Join(vs, " | "))
}

func nameserversElsewhere(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "authority") {
		a := h.r.Authority
		d := bare(h.r.Subject)
		publicNS := strings.Join(dnscheck.NoDots(a.PublicNS), ", ")
		cp := msg.New(".cp")
		if len(a.CPanelNS) > 0 {
			cp = msg.New(".cp.this-server-nameservers", "CPanelNS", strings.Join(a.CPanelNS, ", "))
		}
		var diffs []msg.Text
		for _, df := range h.r.Diff {
			if !df.Same {
				diffs = append(diffs, msg.New(".diffs", "Record", df.Record, "CPanelValues", joinOrNone(df.CPanel), "PublicValues", joinOrNone(df.Public)))
			}
		}
		diffText := msg.New(".diff-text")
		if len(diffs) > 0 {
			diffText = msg.New(".what-differs", "Diffs", msg.List{Sep: "list.semicolon", Items: diffs})
		}
		ev := []Evidence{{Source: SrcLiveDNS, Key: a.Zone + " NS", Value: strings.Join(a.PublicNS, ", ")}}
		for _, st := range e.S.LocalAuthority {
			if strings.EqualFold(st.Domain, d) {
				ev = append(ev, Evidence{Source: SrcLocalAuthority, Key: d + " local_authority", Value: fmt.Sprint(bool(st.LocalAuthority))})
			}
		}
		out = append(out, e.Finding(d,
			msg.New(".title", "Domain", d, "PublicNS", publicNS),
			msg.New(".detail", "Domain", d, "PublicNS", publicNS, "ThisServerNS", cp, "Differences", diffText),
			msg.New(".remedy", "Domain", d, "PublicNS", publicNS),
			append(ev, liveEvidence(h.r, 6)...)...))
	}
	return out
}

func publicMXMismatch(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "authority") {
		d := bare(h.r.Subject)
		var cp, pub []string
		for _, df := range h.r.Diff {
			if df.Record == "MX" {
				cp, pub = dnscheck.NoDots(df.CPanel), dnscheck.NoDots(df.Public)
			}
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "Domain", d, "PublicMX", joinOrNone(pub)),
			msg.New(".detail", "Domain", d, "PublicMX", joinOrNone(pub), "ZoneMX", joinOrNone(cp)),
			msg.New(".remedy", "Domain", d),
			liveEvidence(h.r, 6)...))
	}
	return out
}

// spfTreeSummary lists the top of an SPF include tree with lookup counts.
func spfTreeSummary(n *dnscheck.SPFNode) string {
	if n == nil {
		return ""
	}
	var parts []string
	for _, c := range n.Children {
		parts = append(parts, fmt.Sprintf("%s:%s (%d)", c.Via, c.Domain, c.TotalLookups+1))
	}
	return strings.Join(parts, ", ")
}

func spfLookupLimit(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "spf") {
		d := bare(h.r.Subject)
		det := h.r.SPF
		tree := spfTreeSummary(det.Tree)
		var detail msg.Text
		if h.p.ID == dnscheck.ProblemSPFVoidLookups {
			detail = msg.New(".detail", "Domain", d, "VoidLookups", det.VoidLookups)
		} else {
			detail = msg.New(".detail.evaluating-spf-record", "Domain", d, "Lookups", det.Lookups, "Tree", tree)
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "Domain", d),
			detail,
			msg.New(".remedy", "Domain", d),
			append([]Evidence{{Source: SrcLiveDNS, Key: d + " SPF", Value: strings.Join(det.Records, " | ")}}, liveEvidence(h.r, 8)...)...))
	}
	return out
}

func spfIPNotAuthorized(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "spf") {
		d := bare(h.r.Subject)
		det := h.r.SPF
		var how msg.Text
		switch {
		case det.MatchedTerm != "":
			how = msg.New(".how", "MatchedTerm", det.MatchedTerm, "MatchedIn", bare(det.MatchedIn))
		case det.Result == "permerror":
			how = msg.New(".how-permerror", "Matched", det.MatchedText)
		default:
			how = msg.New(".how-unmatched", "Matched", det.MatchedText)
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "Domain", d, "IP", det.IP),
			msg.New(".detail", "Domain", d, "IP", det.IP, "Result", det.Result, "How", how),
			msg.New(".remedy", "Domain", d, "IP", det.IP),
			append([]Evidence{{Source: SrcLiveDNS, Key: d + " SPF", Value: strings.Join(det.Records, " | ")}, {Source: SrcLiveDNS, Key: d + " SPF result for " + det.IP, Value: det.Result}}, liveEvidence(h.r, 6)...)...))
	}
	return out
}

func spfMultiple(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "spf") {
		d := bare(h.r.Subject)
		recs := h.r.SPF.Records
		out = append(out, e.Finding(d,
			msg.New(".title", "Domain", d, "Count", len(recs)),
			msg.New(".detail", "Domain", d, "Count", len(recs), "Recs", strings.Join(recs, " | ")),
			msg.New(".remedy", "Domain", d),
			liveEvidence(h.r, 6)...))
	}
	return out
}

func dkimKeyMismatch(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "dkim") {
		name := bare(h.r.Subject)
		d := strings.TrimPrefix(name, "default._domainkey.")
		if det := h.r.DKIM; det != nil && det.Selector != "" {
			d = strings.TrimPrefix(name, det.Selector+"._domainkey.")
		}
		out = append(out, e.Finding(d,
			msg.New(".title", "Domain", d),
			msg.New(".detail", "Name", name, "Domain", d),
			msg.New(".remedy", "Domain", d, "Name", name),
			liveEvidence(h.r, 4)...))
	}
	return out
}

func dmarcInvalid(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "dmarc") {
		d := bare(h.r.Subject)
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "Domain", d),
			msg.New(".detail", "Domain", d, "Problem", h.p.Text),
			msg.New(".remedy", "Domain", d),
			liveEvidence(h.r, 4)...))
	}
	return out
}

func ptrNotConfirmed(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "ptr") {
		det := h.r.PTR
		ip := det.IP
		var names []string
		for _, n := range det.Names {
			names = append(names, bare(n.Name))
		}
		helo := det.HELO
		if helo == "" {
			helo = "mail.example.com"
		}
		var title, detail msg.Text
		if h.p.ID == dnscheck.ProblemPTRMissing {
			title = msg.New(".title", "IP", ip)
			detail = msg.New(".detail", "IP", ip)
		} else {
			title = msg.New(".title.reverse-dns-does", "IP", ip)
			detail = msg.New(".detail.1-has-reverse", "IP", ip, "Names", strings.Join(names, ", "))
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), ip, title, detail,
			msg.New(".remedy", "IP", ip, "Helo", helo),
			liveEvidence(h.r, 6)...))
	}
	return out
}

func ipBlocklisted(e *Env) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, rep := range e.S.LiveDNS {
		for _, r := range rep.Results {
			if r.Blocklist == nil {
				continue
			}
			for _, l := range r.Blocklist.Lists {
				key := r.Subject + "|" + l.Zone
				if !l.Listed || l.Verdict < dnscheck.Warn || seen[key] {
					continue
				}
				seen[key] = true
				subject := bare(r.Subject)
				what := msg.New(".what")
				if r.Check == "blocklist-domain" {
					what = msg.New(".what.domain")
				}
				url := l.URL
				if url == "" {
					url = l.Name
				}
				out = append(out, e.FindingAt(severityOf(l.Verdict), subject,
					msg.New(".title", "Subject", subject, "Name", l.Name),
					msg.New(".detail", "Subject", subject, "Name", l.Name, "Meaning", meaningOf(l), "What", what),
					msg.New(".remedy", "URL", url),
					Evidence{Source: SrcLiveDNS, Key: l.Query + " A", Value: strings.Join(l.Codes, ", ")}))
			}
		}
	}
	return out
}

// dnsProblem reports the failing and warning live DNS problems; Evaluate
// leaves out those another rule explains (Rule.Explains).
func dnsProblem(e *Env) []Finding {
	var out []Finding
	seen := map[string]bool{}
	for _, rep := range e.S.LiveDNS {
		for _, r := range rep.Results {
			if strings.HasPrefix(r.Check, "blocklist") {
				continue // ip-blocklisted
			}
			if _, ok := r.Problem(dnscheck.ProblemNameserversElsewhere); ok && r.Check == "authority" {
				continue // its differences are listed by nameservers-elsewhere
			}
			for _, p := range r.Problems {
				if p.Verdict < dnscheck.Warn {
					continue
				}
				subject := bare(r.Subject)
				if key := p.ID + "|" + subject + "|" + fmt.Sprint(p.Text); seen[key] {
					continue // the same IP checked with two domains
				} else {
					seen[key] = true
				}
				sev := severityOf(p.Verdict)
				if dnscheck.Advisory(p.ID) {
					sev = Info
				}
				f := e.FindingAt(sev, subject,
					msg.New(".title", "Check", strings.ToUpper(r.Check), "Subject", subject, "ID", p.ID, "Problem", p.Text),
					msg.New(".detail", "Problem", p.Text),
					msg.New(".remedy", "Domain", bare(rep.Domain)),
					liveEvidence(r, 4)...)
				// Evaluate drops it where a rule that explains the problem
				// has a finding about the same domain or name.
				f.problem, f.domain = p.ID, bare(rep.Domain)
				out = append(out, f)
			}
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].Severity > out[j].Severity })
	return out
}

// meaningOf is what a list's answer means, or "none" when it said nothing.
func meaningOf(l dnscheck.ListResult) msg.Text {
	if l.MeaningText.IsZero() {
		return msg.New("dns.none")
	}
	return l.MeaningText
}
