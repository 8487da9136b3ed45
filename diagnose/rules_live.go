package diagnose

import (
	"fmt"
	"sort"
	"strings"

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
func joinOrNone(vs []string) Text {
	if len(vs) == 0 {
		return T("(none)", "（無）")
	}
	return T(strings.Join(vs, " | "), strings.Join(vs, " | "))
}

func nameserversElsewhere(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "authority") {
		a := h.r.Authority
		d := bare(h.r.Subject)
		publicNS := strings.Join(dnscheck.NoDots(a.PublicNS), ", ")
		cp := T("this server's nameservers", "本伺服器的名稱伺服器")
		if len(a.CPanelNS) > 0 {
			cp = Tf("this server's nameservers (%s)", "本伺服器的名稱伺服器（%s）", strings.Join(a.CPanelNS, ", "))
		}
		var diffs []Text
		for _, df := range h.r.Diff {
			if !df.Same {
				diffs = append(diffs, Tf("%s — cPanel: %s; public: %s", "%s — cPanel：%s；公開：%s", df.Record, joinOrNone(df.CPanel), joinOrNone(df.Public)))
			}
		}
		diffText := T(" The mail records are the same on both sides for now.", "目前兩邊的郵件紀錄相同。")
		if len(diffs) > 0 {
			var en, zh []string
			for _, t := range diffs {
				en, zh = append(en, t.En), append(zh, t.Zh)
			}
			diffText = T(" What differs: "+strings.Join(en, "; ")+".", "差異："+strings.Join(zh, "；")+"。")
		}
		ev := []Evidence{{Source: SrcLiveDNS, Key: a.Zone + " NS", Value: strings.Join(a.PublicNS, ", ")}}
		for _, st := range e.S.LocalAuthority {
			if strings.EqualFold(st.Domain, d) {
				ev = append(ev, Evidence{Source: SrcLocalAuthority, Key: d + " local_authority", Value: fmt.Sprint(bool(st.LocalAuthority))})
			}
		}
		out = append(out, e.Finding(d,
			Tf("Public DNS for %s is served by %s, not by this cPanel server", "%s 的公開 DNS 由 %s 提供，不是本 cPanel 伺服器", d, publicNS),
			Tf("Receivers ask %[2]s for the records of %[1]s, not %[3]s. Records edited in cPanel's Zone Editor or repaired in Email Deliverability do not reach them.%[4]s",
				"收件伺服器向 %[2]s 查詢 %[1]s 的紀錄，而不是%[3]s。在 cPanel「區域編輯器」修改或在「電子郵件傳遞能力」修復的紀錄，外界都看不到。%[4]s", d, publicNS, cp, diffText),
			Tf("Make each mail record change at the DNS provider behind %[2]s (copy the values cPanel's Email Deliverability page shows for %[1]s), or point the domain's nameservers at this server at the registrar. Changes show after the old records' TTL.",
				"請到 %[2]s 背後的 DNS 代管商修改郵件紀錄（照抄 cPanel「電子郵件傳遞能力」為 %[1]s 顯示的值），或到網域註冊商把名稱伺服器改指向本伺服器。舊紀錄的 TTL 過後才會生效。", d, publicNS),
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
			Tf("Mail for %s goes to %s, not to the MX in cPanel's zone", "寄往 %s 的郵件會送到 %s，而不是 cPanel 區域中的 MX", d, joinOrNone(pub)),
			Tf("Senders deliver mail for %[1]s to the public MX (%[2]s); cPanel's zone lists %[3]s. Mail cPanel expects to receive never arrives here, or mail meant for another provider is refused here.",
				"寄件伺服器依公開 MX（%[2]s）投遞 %[1]s 的郵件；cPanel 區域列的卻是 %[3]s。cPanel 以為會收到的郵件不會送到這裡，或是應該送到其他郵件服務商的郵件在這裡被拒。", d, joinOrNone(pub), joinOrNone(cp)),
			Tf("Decide where %[1]s's mail should live. To receive it on this server, set the MX at the DNS provider that serves the domain to the one in cPanel's zone. If another provider hosts the mail, set cPanel » Email Routing for %[1]s to Remote Mail Exchanger so this server forwards local mail there.",
				"先決定 %[1]s 的郵件要放在哪裡。要在本伺服器收信，請到提供網域 DNS 的代管商把 MX 改成 cPanel 區域中的值。若郵件由其他服務商代管，請在 cPanel »「電子郵件路由」把 %[1]s 設為「遠端郵件交換器」，讓本伺服器把本機寄出的信送到那裡。", d),
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
		var detail Text
		if h.p.ID == dnscheck.ProblemSPFVoidLookups {
			detail = Tf("Evaluating the SPF record of %[1]s meets %[2]d lookups that return nothing (the limit is 2, RFC 7208 §4.6.4): an include or a/mx term names a domain that no longer exists or has no such record. Receivers stop with a permanent error (permerror) and SPF fails for all mail of %[1]s.",
				"評估 %[1]s 的 SPF 紀錄時有 %[2]d 次查詢沒有任何結果（上限為 2 次，RFC 7208 §4.6.4）：某個 include 或 a/mx 指向已不存在或沒有該紀錄的網域。收件伺服器會以永久錯誤（permerror）中止，%[1]s 的所有郵件 SPF 都會失敗。", d, det.VoidLookups)
		} else {
			detail = Tf("Evaluating the SPF record of %[1]s takes %[2]d DNS lookups; the limit is 10 (RFC 7208 §4.6.4). Receivers stop at the eleventh with a permanent error (permerror), so SPF fails for all mail of %[1]s, from every sender. Lookups per branch: %[3]s.",
				"評估 %[1]s 的 SPF 紀錄需要 %[2]d 次 DNS 查詢，上限為 10 次（RFC 7208 §4.6.4）。收件伺服器在第 11 次時以永久錯誤（permerror）中止，因此 %[1]s 所有寄件來源的郵件 SPF 都會失敗。各分支查詢次數：%[3]s。", d, det.Lookups, tree)
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			Tf("The SPF record of %s exceeds the DNS lookup limit", "%s 的 SPF 紀錄超過 DNS 查詢上限", d),
			detail,
			Tf("Shorten the SPF record of %s at the DNS provider that serves the domain: remove include: for services no longer used, replace a and mx terms with ip4:/ip6: ranges, and drop includes that name missing domains, until it needs 10 lookups or fewer.",
				"請到提供網域 DNS 的代管商精簡 %s 的 SPF 紀錄：移除已不再使用之服務的 include:，把 a、mx 改成 ip4:/ip6: 位址段，並刪除指向不存在網域的 include，直到查詢次數不超過 10 次。", d),
			append([]Evidence{{Source: SrcLiveDNS, Key: d + " SPF", Value: strings.Join(det.Records, " | ")}}, liveEvidence(h.r, 8)...)...))
	}
	return out
}

func spfIPNotAuthorized(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "spf") {
		d := bare(h.r.Subject)
		det := h.r.SPF
		var how Text
		switch {
		case det.MatchedTerm != "":
			how = Tf("%s in the SPF record of %s", "由 %[2]s 的 SPF 紀錄中的 %[1]s 判定", det.MatchedTerm, bare(det.MatchedIn))
		case det.Result == "permerror":
			how = T(strings.TrimSuffix(det.Matched, "."), "SPF 評估出現永久錯誤")
		default:
			how = T(strings.TrimSuffix(det.Matched, "."), "沒有任何 ip4、ip6、a、mx 項目涵蓋此 IP")
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			Tf("Public SPF of %s does not authorise %s, the IP this server sends from", "%s 的公開 SPF 未授權本伺服器的寄件 IP %s", d, det.IP),
			Tf("Receivers evaluating the SPF record of %[1]s for %[2]s get %[3]s: %[4]s. Gmail, Outlook and Yahoo junk or refuse such mail (550 5.7.26) unless DKIM passes and aligns.",
				"收件伺服器以 %[2]s 評估 %[1]s 的 SPF 紀錄，結果為 %[3]s：%[4]s。除非 DKIM 通過且對齊，Gmail、Outlook、Yahoo 會把這類郵件歸入垃圾郵件或拒收（550 5.7.26）。", d, det.IP, det.Result, how),
			Tf("Add ip4:%[2]s (or cPanel's suggested include, shown in Email Deliverability) to the SPF record of %[1]s at the DNS provider that serves the domain, before its all term.",
				"請到提供網域 DNS 的代管商，在 %[1]s 的 SPF 紀錄 all 之前加入 ip4:%[2]s（或 cPanel「電子郵件傳遞能力」建議的 include）。", d, det.IP),
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
			Tf("%s publishes %d SPF records", "%s 發布了 %d 筆 SPF 紀錄", d, len(recs)),
			Tf("Public DNS answers %[2]d TXT records starting with v=spf1 for %[1]s: %[3]s. RFC 7208 makes that a permanent error (permerror): receivers treat the domain as having no valid SPF at all.",
				"公開 DNS 為 %[1]s 回應了 %[2]d 筆以 v=spf1 開頭的 TXT 紀錄：%[3]s。依 RFC 7208 這是永久錯誤（permerror），收件伺服器會視為沒有有效的 SPF。", d, len(recs), strings.Join(recs, " | ")),
			Tf("Merge them into one v=spf1 record at the DNS provider that serves %s: keep every ip4:, ip6: and include: term once, and end with one ~all or -all.",
				"請到提供 %s DNS 的代管商把它們合併為單一 v=spf1 紀錄：每個 ip4:、ip6:、include: 只保留一次，結尾只留一個 ~all 或 -all。", d),
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
			Tf("The DKIM key published for %s is not the one this server signs with", "%s 公開的 DKIM 金鑰不是本伺服器簽章用的金鑰", d),
			Tf("Public DNS at %[1]s holds a different public key from the one cPanel signs %[2]s's mail with, so every DKIM signature from this server fails. Without DKIM, DMARC rests on SPF alone, and forwarded mail fails DMARC.",
				"公開 DNS 在 %[1]s 的公鑰與 cPanel 為 %[2]s 簽章所用的金鑰不同，本伺服器寄出的每封郵件 DKIM 都會驗證失敗。沒有 DKIM，DMARC 只能靠 SPF，轉寄的郵件會無法通過 DMARC。", name, d),
			Tf("Copy the DKIM record cPanel shows in Email Deliverability (Manage %[1]s) and publish it at %[2]s at the DNS provider that serves the domain, replacing the old key.",
				"請複製 cPanel「電子郵件傳遞能力」（管理 %[1]s）顯示的 DKIM 紀錄，到提供網域 DNS 的代管商發布在 %[2]s，取代舊金鑰。", d, name),
			liveEvidence(h.r, 4)...))
	}
	return out
}

func dmarcInvalid(e *Env) []Finding {
	var out []Finding
	for _, h := range liveProblems(e, "dmarc") {
		d := bare(h.r.Subject)
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), d,
			Tf("The DMARC record of %s is not valid", "%s 的 DMARC 紀錄無效", d),
			Tf("Public DNS answers for _dmarc.%[1]s: %[2]s. Receivers ignore a DMARC record they cannot parse, so the domain has no DMARC policy at all (Gmail and Yahoo require one from bulk senders).",
				"公開 DNS 對 _dmarc.%[1]s 的回應有問題：%[2]s。收件伺服器會忽略無法解析的 DMARC 紀錄，等同沒有 DMARC 政策（Gmail、Yahoo 要求大量寄件者必須有）。", d, h.p.Message),
			Tf("Publish exactly one valid record at _dmarc.%[1]s, for example: v=DMARC1; p=none; rua=mailto:dmarc-reports@%[1]s",
				"請在 _dmarc.%[1]s 只發布一筆有效紀錄，例如：v=DMARC1; p=none; rua=mailto:dmarc-reports@%[1]s", d),
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
		var title, detail Text
		if h.p.ID == dnscheck.ProblemPTRMissing {
			title = Tf("The sending IP %s has no reverse DNS", "寄件 IP %s 沒有反向 DNS", ip)
			detail = Tf("%s has no PTR record. Outlook, Gmail and many others refuse or junk mail from an IP without reverse DNS (550 5.7.25, \"no PTR\").",
				"%s 沒有 PTR 紀錄。Outlook、Gmail 等許多收件伺服器會拒收或把沒有反向 DNS 的 IP 寄來的信歸入垃圾郵件（550 5.7.25、\"no PTR\"）。", ip)
		} else {
			title = Tf("Reverse DNS of %s does not resolve back to it", "%s 的反向 DNS 無法正向解析回原 IP", ip)
			detail = Tf("%[1]s has reverse DNS %[2]s, but that name does not resolve back to %[1]s, so forward-confirmed reverse DNS fails. Receivers treat the host as unidentified and refuse or junk its mail.",
				"%[1]s 的反向 DNS 是 %[2]s，但這個名稱無法解析回 %[1]s，正向確認的反向 DNS 驗證失敗。收件伺服器會視為身分不明的主機，拒收或歸入垃圾郵件。", ip, strings.Join(names, ", "))
		}
		out = append(out, e.FindingAt(severityOf(h.p.Verdict), ip, title, detail,
			Tf("Reverse DNS is set by whoever owns the IP (the hosting provider), not in the zone editor: ask them to set the PTR of %[1]s to the server's mail name (%[2]s), and make sure %[2]s has an A record pointing at %[1]s.",
				"反向 DNS 由 IP 的擁有者（主機商）設定，無法在區域編輯器修改：請主機商把 %[1]s 的 PTR 設為伺服器的郵件主機名稱（%[2]s），並確認 %[2]s 有指向 %[1]s 的 A 紀錄。", ip, helo),
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
				what := T("IP", "IP")
				if r.Check == "blocklist-domain" {
					what = T("domain", "網域")
				}
				url := l.URL
				if url == "" {
					url = l.Name
				}
				out = append(out, e.FindingAt(severityOf(l.Verdict), subject,
					Tf("%s is listed on %s", "%s 列在 %s 黑名單上", subject, l.Name),
					Tf("The sending %[4]s %[1]s is listed on %[2]s (%[3]s). Receivers that use this list refuse mail from it, typically with a 5xx naming the list.",
						"寄件%[4]s %[1]s 列在 %[2]s（%[3]s）。使用此名單的收件伺服器會拒收，退信通常為 5xx 並提到名單名稱。", subject, l.Name, orNone(l.Meaning), what),
					Tf("Find and stop the cause first (a compromised mailbox or password, a hacked script or form sending spam: look for bursts of outgoing mail in cpmail deliveries), then request removal at %s.",
						"請先找出並停止原因（被盜用的信箱或密碼、被入侵的程式或表單寄出垃圾郵件：可用 cpmail deliveries 查看是否有大量外寄），再到 %s 申請移除。", url),
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
					T(fmt.Sprintf("%s check of %s: %s", strings.ToUpper(r.Check), subject, p.ID), subject+"："+zhProblem(p.ID)),
					T(p.Message, zhProblem(p.ID)+"（原文："+p.Message+"）"),
					T("Change the record at the DNS provider that serves the domain (see cpmail dns "+bare(rep.Domain)+").",
						"請到提供網域 DNS 的代管商修改紀錄（可用 cpmail dns "+bare(rep.Domain)+" 對照）。"),
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
