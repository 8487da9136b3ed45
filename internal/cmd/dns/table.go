package dns

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// recordRow is one line of the records table: one record of a domain, its
// cPanel check on the first line of the record.
type recordRow struct{ domain, kind, check, cpanel, public, differs string }

// recordColumns are the records table's and the CSV's columns. The table
// shortens DKIM keys; CSV has them whole.
func recordColumns() []render.Column[recordRow] {
	return []render.Column[recordRow]{
		{Header: [2]string{"DOMAIN", "網域"}, Key: "domain", Cell: func(r recordRow) string { return r.domain }},
		{Header: [2]string{"RECORD", "紀錄"}, Key: "record", Cell: func(r recordRow) string { return r.kind }},
		{Header: [2]string{"CPANEL CHECK", "cPanel 檢查"}, Key: "cpanel_check", Cell: func(r recordRow) string { return r.check }},
		{Header: [2]string{"CPANEL ZONE", "cPanel 區域"}, Key: "cpanel",
			Cell: func(r recordRow) string { return shortKey(r.cpanel) }, Raw: func(r recordRow) string { return r.cpanel }},
		{Header: [2]string{"PUBLIC DNS", "公開 DNS"}, Key: "public",
			Cell: func(r recordRow) string { return shortKey(r.public) }, Raw: func(r recordRow) string { return r.public }},
		{Key: "differs", Cell: func(r recordRow) string { return r.differs }},
	}
}

// liveRow is one line of the live checks table.
type liveRow struct {
	domain string
	result dnscheck.Result
}

// liveColumns are the live checks table's columns (the table only: CSV
// and JSON carry the checks in their own shape).
func liveColumns(p *cmdutil.Printer) []render.Column[liveRow] {
	return []render.Column[liveRow]{
		{Header: [2]string{"DOMAIN", "網域"}, Cell: func(r liveRow) string { return r.domain }},
		{Header: [2]string{"CHECK", "檢查"}, Cell: func(r liveRow) string { return r.result.Check }},
		{Header: [2]string{"VERDICT", "結果"}, Cell: func(r liveRow) string { return verdictWord(p, r.result.Verdict) }},
		{Header: [2]string{"SUMMARY", "摘要"}, Cell: func(r liveRow) string { return r.result.Summary }},
	}
}

func writeMailDNS(p *cmdutil.Printer, views []mailDNS) error {
	if p.Format == render.JSON {
		return render.WriteJSON(p.IO.Out, views)
	}
	none := p.T("(none)", "（無）")
	unchecked := p.T("could not check", "無法檢查")
	var rows []recordRow
	for _, v := range views {
		pub := v.Public
		// add writes one record's rows. zoneSrc and checkSrc are the
		// sources of its cPanel side and of cPanel's check: when one could
		// not be read, it says so instead of "(none)".
		add := func(kind, check string, cp, pv []string, zoneSrc, checkSrc string) {
			name := strings.Fields(kind)[0]
			mark := ""
			if pub != nil && slices.Contains(pub.Differs, name) && !pub.unchecked[name] {
				mark = "≠"
			}
			if why, failed := v.unread[zoneSrc]; failed && len(cp) == 0 {
				cp = []string{why}
			}
			if why, failed := v.unread[checkSrc]; failed && check == "" {
				check = why
			}
			if len(cp) == 0 {
				cp = []string{none}
			}
			switch {
			case pub == nil:
				pv = []string{"-"}
			case len(pv) == 0 && pub.unchecked[name]:
				pv = []string{unchecked}
			case len(pv) == 0:
				pv = []string{none}
			}
			for i := range max(len(cp), len(pv)) {
				c, pc, ck, mk := "", "", "", ""
				if i < len(cp) {
					c = cp[i]
				}
				if i < len(pv) {
					pc = pv[i]
				}
				if i == 0 {
					ck, mk = render.OrDash(check), mark
				}
				rows = append(rows, recordRow{v.Domain, kind, ck, c, pc, mk})
			}
		}
		var mx []string
		for _, m := range v.MX {
			mx = append(mx, fmt.Sprintf("%d %s", m.Priority, m.Host))
		}
		var pNS, pMX, pSPF, pDKIM, pDMARC, pPTR []string
		here := "-"
		if pub != nil {
			pNS, pMX, pSPF, pDKIM, pDMARC, pPTR = pub.NS, pub.MX, pub.SPF, pub.DKIM, pub.DMARC, pub.PTR
			if pub.MXPointsHere != nil {
				here = p.T("MX leads elsewhere", "MX 指向其他伺服器")
				if *pub.MXPointsHere {
					here = p.T("MX leads here", "MX 指向本伺服器")
				}
			}
		}
		routing := []string{render.OrDash(v.Routing)}
		if why, failed := v.unread[diagnose.SrcMX]; failed {
			routing = []string{why}
		}
		add(p.T("routing", "路由"), "", routing, []string{here}, "", "")
		add("NS", "", v.NS, pNS, diagnose.SrcZone, "")
		add("MX", "", mx, pMX, diagnose.SrcZone, "")
		add("SPF", v.Checks.SPF, v.SPF, pSPF, diagnose.SrcZone, diagnose.SrcSPF)
		add("DKIM default._domainkey", v.Checks.DKIM, v.DKIM, pDKIM, diagnose.SrcZone, diagnose.SrcDKIM)
		add("DMARC _dmarc", v.Checks.DMARC, v.DMARC, pDMARC, diagnose.SrcZone, diagnose.SrcDMARC)
		add("PTR", v.Checks.PTR, []string{"-"}, pPTR, "", diagnose.SrcPTR)
	}
	if err := cmdutil.WriteRows(p, recordColumns(), rows); err != nil {
		return err
	}
	if p.Format == render.CSV {
		return nil
	}
	var live []liveRow
	for _, v := range views {
		for _, r := range v.Live {
			live = append(live, liveRow{v.Domain, r})
		}
	}
	w := p.IO.Out
	if len(live) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("Live checks (public DNS):", "即時檢查（公開 DNS）："))
		if err := cmdutil.WriteRows(p, liveColumns(p), live); err != nil {
			return err
		}
		for _, v := range views {
			writeSPFTree(p, v)
		}
		return nil
	}
	if len(views) > 0 && views[0].LiveSkipped != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, p.T("Note: ", "注意：")+render.Safe(views[0].LiveSkipped))
	}
	return nil
}

// writeSPFTree shows the include tree of a domain's public SPF record with
// the DNS lookups each branch costs, when it has includes.
func writeSPFTree(p *cmdutil.Printer, v mailDNS) {
	for _, r := range v.Live {
		if r.SPF == nil || r.SPF.Tree == nil || len(r.SPF.Tree.Children) == 0 {
			continue
		}
		w := p.IO.Out
		fmt.Fprintln(w)
		fmt.Fprintf(w, p.T("SPF of %s: %d DNS lookups (the limit is 10), %d void\n", "%s 的 SPF：%d 次 DNS 查詢（上限 10 次），%d 次無結果\n"), render.Safe(v.Domain), r.SPF.Lookups, r.SPF.VoidLookups)
		var walk func(n dnscheck.SPFNode, depth int)
		walk = func(n dnscheck.SPFNode, depth int) {
			name := strings.TrimSuffix(n.Domain, ".")
			if n.Via != "" {
				name = n.Via + ":" + name
			}
			line := fmt.Sprintf("%s%s  %s", strings.Repeat("  ", depth+1), name, fmt.Sprintf(p.T("%d lookups here, %d with its includes", "本層 %d 次，含下層共 %d 次"), n.Lookups, n.TotalLookups))
			if n.Error != "" {
				line += "  (" + n.Error + ")"
			}
			// Names and errors come from public DNS: shown through Safe.
			fmt.Fprintln(w, render.Safe(line))
			for _, c := range n.Children {
				walk(c, depth+1)
			}
		}
		walk(*r.SPF.Tree, 0)
	}
}

// verdictWord names a live check's verdict in the output language.
func verdictWord(p *cmdutil.Printer, v dnscheck.Verdict) string {
	switch v {
	case dnscheck.Pass:
		return p.T("pass", "正常")
	case dnscheck.Warn:
		return p.T("warn", "警告")
	case dnscheck.Fail:
		return p.T("FAIL", "失敗")
	}
	return p.T("unknown", "無法判定")
}

// shortKey shortens the p= key of a DKIM record for a table cell.
func shortKey(s string) string {
	i := strings.Index(s, "p=")
	if i < 0 || len(s)-i < 40 {
		return s
	}
	key := s[i+2:]
	rest := ""
	if j := strings.IndexByte(key, ';'); j >= 0 {
		key, rest = key[:j], key[j:]
	}
	if len(key) < 32 {
		return s
	}
	return s[:i+2] + key[:12] + "…" + key[len(key)-8:] + rest
}
