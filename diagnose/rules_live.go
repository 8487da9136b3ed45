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
				key := p.ID + "|" + r.Subject + "|" + p.Message
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
				diffs = append(diffs, msg.New(".diffs", "Record", df.Record, "JoinOrNone1", joinOrNone(df.CPanel), "JoinOrNone2", joinOrNone(df.Public)))
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
			msg.New(".title", "D", d, "PublicNS", publicNS),
			msg.New(".detail", "D", d, "PublicNS", publicNS, "Cp", cp, "DiffText", diffText),
			msg.New(".remedy", "D", d, "PublicNS", publicNS),
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
			msg.New(".title", "D", d, "JoinOrNone", joinOrNone(pub)),
			msg.New(".detail", "D", d, "JoinOrNone1", joinOrNone(pub), "JoinOrNone2", joinOrNone(cp)),
			msg.New(".remedy", "D", d),
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
			detail = msg.New(".detail", "D", d, "VoidLookups", det.VoidLookups)
		} else {
			detail = msg.New(".detail.evaluating-spf-record", "D", d, "Lookups", det.Lookups, "Tree", tree)
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "D", d),
			detail,
			msg.New(".remedy", "D", d),
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
			how = msg.New(".how-permerror", "Matched", strings.TrimSuffix(det.Matched, "."))
		default:
			how = msg.New(".how-unmatched", "Matched", strings.TrimSuffix(det.Matched, "."))
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "D", d, "IP", det.IP),
			msg.New(".detail", "D", d, "IP", det.IP, "Result", det.Result, "How", how),
			msg.New(".remedy", "D", d, "IP", det.IP),
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
			msg.New(".title", "D", d, "Count", len(recs)),
			msg.New(".detail", "D", d, "Count", len(recs), "Recs", strings.Join(recs, " | ")),
			msg.New(".remedy", "D", d),
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
			msg.New(".title", "D", d),
			msg.New(".detail", "Name", name, "D", d),
			msg.New(".remedy", "D", d, "Name", name),
			liveEvidence(h.r, 4)...))
	}
	return out
}

func dmarcInvalid(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "dmarc") {
		d := bare(h.r.Subject)
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			msg.New(".title", "D", d),
			msg.New(".detail", "D", d, "Message", h.p.Message),
			msg.New(".remedy", "D", d),
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
			title = msg.New(".title", "Ip", ip)
			detail = msg.New(".detail", "Ip", ip)
		} else {
			title = msg.New(".title.reverse-dns-does", "Ip", ip)
			detail = msg.New(".detail.1-has-reverse", "Ip", ip, "Names", strings.Join(names, ", "))
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), ip, title, detail,
			msg.New(".remedy", "Ip", ip, "Helo", helo),
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
					msg.New(".detail", "Subject", subject, "Name", l.Name, "OrNone", orNone(l.Meaning), "What", what),
					msg.New(".remedy", "Url", url),
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
				if key := p.ID + "|" + subject + "|" + p.Message; seen[key] {
					continue // the same IP checked with two domains
				} else {
					seen[key] = true
				}
				sev := severityOf(p.Verdict)
				if dnscheck.Advisory(p.ID) {
					sev = Info
				}
				f := e.FindingAt(sev, subject,
					msg.New(".title", "Check", strings.ToUpper(r.Check), "Subject", subject, "ID", p.ID, "Problem", verbatim(p.Message)),
					msg.New(".detail", "Problem", verbatim(p.Message)),
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

// zhProblem says in Chinese what a dnscheck problem means; the check's own
// English message, with the names and numbers, follows it.
func zhProblem(id string) string {
	switch id {
	case "domain-nxdomain":
		return "此網域在公開 DNS 中不存在（NXDOMAIN），請檢查網域註冊與名稱伺服器"
	case "spf-missing-public":
		return "公開 DNS 中沒有 SPF 紀錄，收件伺服器無法判斷本伺服器是否可代表此網域寄信"
	case "spf-public-mismatch":
		return "公開 DNS 的 SPF 紀錄與 cPanel 區域中的不同"
	case "spf-syntax":
		return "SPF 紀錄語法錯誤，收件伺服器會得到 permerror"
	case "spf-include-none":
		return "SPF 的 include 或 redirect 指向沒有 SPF 紀錄的網域，會造成 permerror"
	case "spf-plus-all":
		return "SPF 以 +all 結尾，等於授權網際網路上任何主機以此網域寄信"
	case "spf-neutral-all":
		return "SPF 以 ?all（中立）結尾，未表明其他來源未經授權，建議改用 ~all 或 -all"
	case "spf-no-all":
		return "SPF 沒有 all 結尾，未列出的來源結果為中立，建議以 ~all 或 -all 結尾"
	case "spf-after-all":
		return "SPF 中有永遠不會被評估的項目（位於 all 之後，或有 all 時的 redirect=）"
	case "spf-ptr":
		return "SPF 使用了不建議的 ptr 機制（RFC 7208 §5.5）"
	case "spf-duplicate-include":
		return "SPF 重複 include 同一網域，浪費查詢次數"
	case "spf-lookups-near-limit":
		return "SPF 的 DNS 查詢次數接近 10 次上限，再多一個 include 就會失效"
	case "spf-too-long":
		return "SPF 紀錄過長，回應可能無法以 UDP 傳送"
	case "mx-missing-public":
		return "公開 DNS 中沒有 MX 紀錄"
	case "mx-null":
		return "此網域發布了 null MX，表示不收任何郵件"
	case "mx-ip-literal":
		return "MX 寫成 IP 位址，MX 必須是有 A/AAAA 紀錄的主機名稱"
	case "mx-cname":
		return "MX 主機是別名（CNAME），RFC 2181 禁止，部分寄件伺服器會拒絕"
	case "mx-unresolvable":
		return "MX 主機沒有 A/AAAA 紀錄，無法投遞"
	case "mx-private-ip":
		return "MX 主機只解析到私有或保留位址，網際網路上無法連線"
	case "mx-placeholder":
		return "MX 是 Microsoft 365 的驗證用佔位紀錄，不是郵件伺服器"
	case "mx-duplicate":
		return "同一個 MX 主機列了不只一次"
	case "dkim-missing-public":
		return "公開 DNS 中沒有此選擇器的 DKIM 金鑰，收件伺服器無法驗證簽章"
	case "dkim-public-mismatch":
		return "公開 DNS 的 DKIM 紀錄與 cPanel 區域中的不同"
	case "dkim-multiple":
		return "DKIM 位置上有多筆紀錄，驗證結果不確定，請只保留一筆"
	case "dkim-syntax":
		return "DKIM 紀錄格式錯誤"
	case "dkim-revoked":
		return "DKIM 金鑰已撤銷（p= 為空），此選擇器的簽章都會失敗"
	case "dkim-weak-key":
		return "DKIM 的 RSA 金鑰太短，建議使用 2048 位元"
	case "dkim-testing":
		return "DKIM 紀錄設為測試模式（t=y），收件伺服器可能視為未簽章"
	case "dkim-sha1":
		return "DKIM 紀錄只允許 sha1，RFC 8301 要求 sha256"
	case "dmarc-missing-public":
		return "公開 DNS 中沒有 DMARC 紀錄（Gmail、Yahoo、Microsoft 要求大量寄件者至少要有 p=none）"
	case "dmarc-public-mismatch":
		return "公開 DNS 的 DMARC 紀錄與 cPanel 區域中的不同"
	case "dmarc-not-enforced":
		return "DMARC 政策為 p=none：偽冒郵件不會被拒收（監控期間可接受）"
	case "dmarc-no-rua":
		return "DMARC 紀錄沒有 rua=，收不到彙總報告"
	case "dmarc-pct":
		return "DMARC 的 pct= 只對部分郵件套用政策"
	case "dmarc-rua-many":
		return "DMARC 的 rua= 位址過多，部分回報者最多只寄給兩個"
	case "dmarc-rua-unauthorized":
		return "接收 DMARC 報告的外部網域沒有聲明願意接收，報告可能被丟棄"
	case "ptr-multiple":
		return "寄件 IP 有多筆 PTR 紀錄，應只有一筆"
	case "ptr-helo-mismatch":
		return "伺服器 HELO 名稱與寄件 IP 的 PTR 不一致"
	case "helo-not-resolving":
		return "伺服器 HELO 名稱沒有解析到寄件 IP，部分收件伺服器會拒收"
	case "ip-private":
		return "寄件 IP 是私有或保留位址：伺服器在 NAT 之後，收件方看到的是另一個位址"
	}
	return "公開 DNS 檢查發現問題"
}
