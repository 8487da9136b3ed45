package diagnose

import (
	"fmt"
	"sort"
	"strings"

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
func dnsRemedy(s *Snapshot, domain, record string) Text {
	known, local, ns := authority(s, domain)
	switch {
	case known && local:
		return Tf("Open cPanel » Email Deliverability, choose Manage for %[1]s and press Repair for %[2]s; this server's DNS is authoritative, so the fix takes effect once caches expire.",
			"到 cPanel »「電子郵件傳遞能力」，在 %[1]s 按「管理」，再按 %[2]s 的「修復」；本伺服器的 DNS 是權威伺服器，快取過期後即生效。", domain, record)
	case known:
		where := T("", "")
		if len(ns) > 0 {
			where = Tf(" (nameservers %s)", "（名稱伺服器 %s）", strings.Join(ns, ", "))
		}
		return Tf("This server's DNS is not authoritative for %[1]s, so Repair in cPanel would change nothing the world sees: publish the %[2]s record shown above at the domain's DNS host%[3]s.",
			"本伺服器的 DNS 並非 %[1]s 的權威伺服器，在 cPanel 按「修復」不會改變外界看到的紀錄：請到網域的 DNS 代管處%[3]s發布上述 %[2]s 紀錄。", domain, record, where)
	}
	return Tf("If this server hosts the DNS of %[1]s, open cPanel » Email Deliverability, choose Manage for %[1]s and press Repair for %[2]s; otherwise publish the %[2]s record shown above at the domain's DNS host.",
		"若 %[1]s 的 DNS 由本伺服器代管，請到 cPanel »「電子郵件傳遞能力」，在 %[1]s 按「管理」，再按 %[2]s 的「修復」；否則請到網域的 DNS 代管處發布上述 %[2]s 紀錄。", domain, record)
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
				Tf("%s publishes no SPF record", "%s 沒有發布 SPF 紀錄", d),
				Tf("No TXT record starting with v=spf1 exists for %s. Gmail, Outlook and Yahoo treat unauthenticated mail as suspect and often refuse it (550 5.7.26). The record should be: %s", "%s 沒有任何以 v=spf1 開頭的 TXT 紀錄。Gmail、Outlook、Yahoo 會把未經驗證的郵件視為可疑，常直接拒收（550 5.7.26）。應發布的紀錄為：%s", d, full),
				dnsRemedy(e.S, d, "SPF"), ev...))
		case !missing && (state == "MISMATCHED" || state == "MULTIPLE" || state == "ERROR"):
			sev := Warn
			var detail Text
			switch state {
			case "MULTIPLE":
				sev = Fail
				detail = Tf("%s has more than one v=spf1 TXT record. SPF then fails with a permanent error (PERMERROR) at every receiver, as if there were none. Merge them into a single v=spf1 record that names every service sending for the domain and includes %s for this server.", "%s 有不只一筆 v=spf1 TXT 紀錄。這會讓所有收件伺服器的 SPF 檢查都出現永久錯誤（PERMERROR），等同沒有 SPF。請合併為單一 v=spf1 紀錄，列出所有替此網域寄信的服務，並包含本伺服器的 %s。", d, orNone(expected))
			case "MISMATCHED":
				detail = Tf("The SPF record of %s does not authorise this server's IP (%s), so mail sent from here fails SPF and is junked or refused. cPanel expects it to include %s.", "%s 的 SPF 紀錄沒有授權本伺服器的 IP（%s），從這裡寄出的郵件 SPF 驗證失敗，會被歸入垃圾郵件或拒收。cPanel 建議加入 %s。", d, string(st.IPAddress), expected)
				if permerror {
					sev = Fail
					detail = Tf("The SPF record of %s is broken (PERMERROR: a syntax error or too many DNS lookups), so receivers treat it as missing. cPanel expects it to include %s.", "%s 的 SPF 紀錄有錯（PERMERROR：語法錯誤或 DNS 查詢次數過多），收件伺服器會當作沒有 SPF。cPanel 建議加入 %s。", d, expected)
				}
			case "ERROR":
				detail = Tf("cPanel could not look up the SPF record of %s (%s). If the lookup fails for receivers too, they may defer or refuse mail from it.", "cPanel 查詢 %s 的 SPF 紀錄時失敗（%s）。若收件伺服器查詢也失敗，可能延遲或拒收其郵件。", d, oneLine(string(st.Error), 200))
			}
			remedy := dnsRemedy(e.S, d, "SPF")
			if state == "ERROR" {
				remedy = Tf("Check that the nameservers of %s answer (cPanel » Zone Editor, or the DNS host), then run cpmail again.", "請確認 %s 的名稱伺服器能正常回應（cPanel »「區域編輯器」或 DNS 代管處），然後再執行一次 cpmail。", d)
			}
			out = append(out, e.FindingAt(sev, d,
				Tf("The SPF record of %s is %s", "%s 的 SPF 紀錄狀態為 %s", d, state),
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
		publish := Tf(" Publish a TXT record named default._domainkey.%s with the value cPanel expects (%s).", " 請發布名為 default._domainkey.%s 的 TXT 紀錄，內容為 cPanel 預期的值（%s）。", d, oneLine(string(st.Expected), 60))
		if st.Expected == "" {
			publish = T("", "")
		}
		switch {
		case missing && (state == "MISSING" || state == "NOPUB"):
			detail := Tf("No DKIM record is published at default._domainkey.%s, so mail from %s is not signed in a way receivers can check; Gmail and Yahoo require SPF or DKIM and junk or refuse mail without them.%s",
				"default._domainkey.%s 沒有發布 DKIM 紀錄，收件伺服器無法驗證 %s 寄出郵件的簽章；Gmail 與 Yahoo 要求 SPF 或 DKIM，缺少時會歸入垃圾郵件或拒收。%s", d, d, publish)
			remedy := dnsRemedy(e.S, d, "DKIM")
			if state == "NOPUB" {
				detail = Tf("This server holds no DKIM key for %s, so its mail is sent unsigned; Gmail and Yahoo require SPF or DKIM and junk or refuse mail without them.", "本伺服器上沒有 %s 的 DKIM 金鑰，郵件寄出時不會簽章；Gmail 與 Yahoo 要求 SPF 或 DKIM，缺少時會歸入垃圾郵件或拒收。", d)
				remedy = Tf("Open cPanel » Email Deliverability, choose Manage for %s and press Repair for DKIM, which creates a key; if DKIM is turned off for the account, ask the host to enable it. Then publish the record it shows.", "到 cPanel »「電子郵件傳遞能力」，在 %s 按「管理」，再按 DKIM 的「修復」以產生金鑰；若帳號停用了 DKIM，請主機商開啟。之後發布畫面上顯示的紀錄。", d)
			}
			out = append(out, e.Finding(d,
				Tf("%s has no DKIM key (%s)", "%s 沒有 DKIM 金鑰（%s）", d, state),
				detail, remedy, ev...))
		case !missing && (state == "MALFORMED" || state == "MISMATCH" || state == "MULTIPLE" || state == "ERROR"):
			sev := Fail
			var detail Text
			remedy := dnsRemedy(e.S, d, "DKIM")
			switch state {
			case "MALFORMED":
				detail = Tf("The DKIM record at default._domainkey.%s is malformed, so receivers cannot use it and the signature of every message fails.%s", "default._domainkey.%s 的 DKIM 紀錄格式有誤，收件伺服器無法使用，每封郵件的簽章驗證都會失敗。%s", d, publish)
			case "MISMATCH":
				detail = Tf("The DKIM record at default._domainkey.%s holds a different public key from the one this server signs with (often left over from a previous host), so every signature fails.%s", "default._domainkey.%s 的 DKIM 紀錄與本伺服器簽章用的公鑰不同（常是舊主機留下的），每封郵件的簽章驗證都會失敗。%s", d, publish)
			case "MULTIPLE":
				detail = Tf("There are several DKIM records at default._domainkey.%s; receivers cannot tell which to use and the check fails. Keep only one.%s", "default._domainkey.%s 有多筆 DKIM 紀錄，收件伺服器無法判斷該用哪一筆，驗證會失敗。請只保留一筆。%s", d, publish)
			case "ERROR":
				sev = Warn
				detail = Tf("cPanel could not look up the DKIM record of %s (%s).", "cPanel 查詢 %s 的 DKIM 紀錄時失敗（%s）。", d, oneLine(string(st.Error), 200))
				remedy = Tf("Check that the nameservers of %s answer (cPanel » Zone Editor, or the DNS host), then run cpmail again.", "請確認 %s 的名稱伺服器能正常回應（cPanel »「區域編輯器」或 DNS 代管處），然後再執行一次 cpmail。", d)
			}
			out = append(out, e.FindingAt(sev, d,
				Tf("The DKIM record of %s is %s", "%s 的 DKIM 紀錄狀態為 %s", d, state),
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
			Tf("%s publishes no DMARC record", "%s 沒有發布 DMARC 紀錄", d),
			Tf("There is no TXT record at _dmarc.%s. Gmail and Yahoo expect one from domains that send in volume, and without it anyone can send mail in the domain's name with no policy to stop them.", "_dmarc.%s 沒有 TXT 紀錄。Gmail 與 Yahoo 要求大量寄信的網域發布 DMARC，缺少時任何人都能冒用此網域寄信，也沒有政策可以阻擋。", d),
			Tf("Publish a TXT record named _dmarc.%[1]s (value: %[2]s). When this server hosts the DNS, use cPanel » Email Deliverability » Manage for %[1]s (Repair for DMARC where offered) or cPanel » Zone Editor; otherwise add it at the DNS host.",
				"發布名為 _dmarc.%[1]s 的 TXT 紀錄（內容：%[2]s）。若本伺服器代管 DNS，可到 cPanel »「電子郵件傳遞能力」在 %[1]s 按「管理」（有 DMARC 的「修復」時直接使用），或到 cPanel »「區域編輯器」新增；否則請到 DNS 代管處新增。", d, suggested),
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
		var namesEn, namesZh []string
		for _, r := range st.PTRRecords {
			fwd := strings.Join(r.ForwardRecords, ", ")
			ev = append(ev, Evidence{Source: SrcPTR, Key: fmt.Sprintf("%s PTR %s (%s)", ip, r.Domain, r.State), Value: "forward: " + orNone(fwd)})
			if fwd == "" {
				namesEn = append(namesEn, r.Domain+" (which has no A record)")
				namesZh = append(namesZh, r.Domain+"（該名稱沒有 A 紀錄）")
			} else {
				namesEn = append(namesEn, r.Domain+" (which resolves to "+fwd+")")
				namesZh = append(namesZh, r.Domain+"（解析為 "+fwd+"）")
			}
		}
		names := T(strings.Join(namesEn, "; "), strings.Join(namesZh, "；"))
		if st.Error != "" {
			ev = append(ev, Evidence{Source: SrcPTR, Key: d + " error", Value: oneLine(string(st.Error), 300)})
		}
		also := T("", "")
		if len(g.domains) > 1 {
			also = Tf(" The same IP sends for %s.", " 同一個 IP 也替 %s 寄信。", strings.Join(g.domains[1:], ", "))
		}
		sev := Fail
		var detail Text
		switch state {
		case "MISSING_PTR":
			detail = Tf("The IP %s that %s sends from has no reverse DNS (PTR) record%s. Many receivers, Gmail and Outlook among them, refuse or junk mail from an IP without one.%s",
				"%[2]s 寄信用的 IP %[1]s 沒有反向 DNS（PTR）紀錄%[3]s。包括 Gmail、Outlook 在內的許多收件伺服器會拒收或把來自沒有 PTR 的 IP 的郵件歸入垃圾郵件。%[4]s", ip, d, arpaText(string(st.ArpaDomain)), also)
		case "PTR_MISMATCH":
			detail = Tf("The reverse DNS of %[1]s (the IP %[2]s sends from) points to %[3]s, but that name does not resolve back to %[1]s. Receivers check that the two agree and distrust mail when they do not.%[4]s",
				"%[2]s 寄信用的 IP %[1]s，其反向 DNS 指向 %[3]s，但該名稱並未解析回 %[1]s。收件伺服器會檢查兩者是否一致，不一致時會不信任該郵件。%[4]s", ip, d, names, also)
		case "ERROR":
			sev = Warn
			detail = Tf("cPanel could not check the reverse DNS of the IP %s sends from (%s).%s", "cPanel 無法檢查 %s 寄信 IP 的反向 DNS（%s）。%s", d, oneLine(string(st.Error), 200), also)
		}
		if helo == "" {
			helo = "?"
		}
		out = append(out, e.FindingAt(sev, d,
			Tf("The sending IP %s has no valid reverse DNS", "寄信 IP %s 沒有有效的反向 DNS", ip),
			detail,
			Tf("Reverse DNS cannot be set in cPanel: ask whoever owns the IP %[1]s (your host or its data centre) to set its PTR record to %[2]s, the name the server greets with (HELO), and make sure %[2]s has an A record pointing back to %[1]s.",
				"反向 DNS 無法在 cPanel 中設定：請 IP %[1]s 的擁有者（主機商或其機房）把 PTR 紀錄設為 %[2]s（伺服器 HELO 時使用的名稱），並確認 %[2]s 有指回 %[1]s 的 A 紀錄。", ip, helo),
			ev...))
	}
	return out
}

// arpaText shows the reverse lookup name, when known.
func arpaText(arpa string) Text {
	if arpa == "" {
		return T("", "")
	}
	return Tf(" (%s)", "（%s）", arpa)
}
