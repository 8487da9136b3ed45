package dns

import (
	"fmt"
	"slices"
	"strings"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/markdown"
)

// recordRow is one line of the records table: one record of a domain, its
// cPanel check on the first line of the record.
type recordRow struct{ domain, kind, check, cpanel, public, differs string }

// recordColumns are the records table's and the CSV's columns. The table
// shortens DKIM keys; CSV has them whole.
func recordColumns() []render.Column[recordRow] {
	return []render.Column[recordRow]{
		{Header: "header.domain", Key: "domain", Cell: func(r recordRow) string { return r.domain }},
		{Header: "header.record", Key: "record", Cell: func(r recordRow) string { return r.kind }},
		{Header: "header.cpanel-check", Key: "cpanel_check", Cell: func(r recordRow) string { return r.check }},
		{Header: "header.cpanel-zone", Key: "cpanel",
			Cell: func(r recordRow) string { return shortKey(r.cpanel) }, Raw: func(r recordRow) string { return r.cpanel }},
		{Header: "header.public-dns", Key: "public",
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
		{Header: "header.domain", Cell: func(r liveRow) string { return r.domain }},
		{Header: "header.check", Cell: func(r liveRow) string { return r.result.Check }},
		{Header: "header.verdict", Cell: func(r liveRow) string { return verdictWord(p, r.result.Verdict) }},
		{Header: "header.summary", Cell: func(r liveRow) string { return r.result.Summary }},
	}
}

func writeMailDNS(p *cmdutil.Printer, views []mailDNS) error {
	if p.Format == render.JSON {
		return render.WriteJSON(p.IO.Out, views)
	}
	none := p.Tr("dnscmd.none")
	unchecked := p.Tr("dnscmd.could-not-check")
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
				here = p.Tr("dnscmd.mx-leads-elsewhere")
				if *pub.MXPointsHere {
					here = p.Tr("dnscmd.mx-leads-here")
				}
			}
		}
		routing := []string{render.OrDash(v.Routing)}
		if why, failed := v.unread[diagnose.SrcMX]; failed {
			routing = []string{why}
		}
		add(p.Tr("dnscmd.routing"), "", routing, []string{here}, "", "")
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
		heading(p, p.Tr("dnscmd.live-checks-public-dns"))
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
		if p.Format == render.Markdown {
			fmt.Fprintln(w, markdown.Text(p.Tr("dnscmd.note")+views[0].LiveSkipped))
			return nil
		}
		fmt.Fprintln(w, p.Tr("dnscmd.note")+render.Safe(views[0].LiveSkipped))
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
		heading(p, p.Tr("dnscmd.spf-dns-lookups-limit", "Domain", v.Domain, "Lookups", r.SPF.Lookups, "VoidLookups", r.SPF.VoidLookups))
		var tree []string
		var walk func(n dnscheck.SPFNode, depth int)
		walk = func(n dnscheck.SPFNode, depth int) {
			name := strings.TrimSuffix(n.Domain, ".")
			if n.Via != "" {
				name = n.Via + ":" + name
			}
			line := fmt.Sprintf("%s%s  %s", strings.Repeat("  ", depth+1), name, p.Tr("dnscmd.lookups-here-with-includes", "Count", n.Lookups, "TotalLookups", n.TotalLookups))
			if n.Error != "" {
				line += "  (" + n.Error + ")"
			}
			// Names and errors come from public DNS: shown through Safe
			// (in Markdown, in a code block that no line can close).
			tree = append(tree, line)
			for _, c := range n.Children {
				walk(c, depth+1)
			}
		}
		walk(*r.SPF.Tree, 0)
		if p.Format == render.Markdown {
			fmt.Fprint(w, markdown.CodeBlock(tree))
			continue
		}
		for _, l := range tree {
			fmt.Fprintln(w, render.Safe(l))
		}
	}
}

// heading writes the line that opens a part of the output: after a blank
// line; in Markdown, as a heading (escaped: it may quote a domain).
func heading(p *cmdutil.Printer, s string) {
	w := p.IO.Out
	if p.Format == render.Markdown {
		fmt.Fprintf(w, "\n## %s\n\n", markdown.Text(strings.TrimRight(s, ":：")))
		return
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, render.Safe(s))
}

// verdictWord names a live check's verdict in the output language.
func verdictWord(p *cmdutil.Printer, v dnscheck.Verdict) string {
	switch v {
	case dnscheck.Pass:
		return p.Tr("dnscmd.pass")
	case dnscheck.Warn:
		return p.Tr("dnscmd.warn")
	case dnscheck.Fail:
		return p.Tr("report.fail")
	}
	return p.Tr("dnscmd.unknown")
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
