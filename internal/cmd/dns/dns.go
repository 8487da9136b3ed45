// Package dns is the dns command: a domain's mail DNS as cPanel's zone
// holds it, side by side with what public DNS answers, and the live checks.
package dns

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/markdown"
	"github.com/cpmail/cpmail/internal/render/report"
)

// mailDNS is one domain in `cpmail dns -o json`: its mail records as
// cPanel's zone holds them, the routing setting, cPanel's own checks, and
// (unless --offline) what public DNS answers and the live checks.
type mailDNS struct {
	Domain  string     `json:"domain"`
	Routing string     `json:"routing"`
	NS      []string   `json:"ns"`
	MX      []mxRecord `json:"mx"`
	SPF     []string   `json:"spf"`
	DKIM    []string   `json:"dkim"`
	DMARC   []string   `json:"dmarc"`
	Checks  authChecks `json:"cpanel_checks"`
	// Public is what public DNS answers; nil when live checks were skipped.
	Public *publicDNS `json:"public,omitempty"`
	// Live are the live DNS checks, each with its verdict and evidence.
	Live        []dnscheck.Result `json:"live_checks,omitempty"`
	LiveSkipped string            `json:"live_skipped,omitempty"`
	Errors      []string          `json:"errors,omitempty"`

	// unread says, for each source that could not be read for this
	// domain (diagnose.SrcZone, SrcMX, SrcSPF, …), "could not read:
	// SOURCE (why)", shown in place of its records.
	unread map[string]string
}

type mxRecord struct {
	Priority int    `json:"priority"`
	Host     string `json:"host"`
}

type authChecks struct {
	SPF   string `json:"spf"`
	DKIM  string `json:"dkim"`
	DMARC string `json:"dmarc"`
	PTR   string `json:"ptr"`
}

// publicDNS is the public side of the comparison.
type publicDNS struct {
	NS    []string `json:"ns"`
	MX    []string `json:"mx"`
	SPF   []string `json:"spf"`
	DKIM  []string `json:"dkim"`
	DMARC []string `json:"dmarc"`
	PTR   []string `json:"ptr"`
	// MXPointsHere says whether public MX leads to this server; nil when
	// unknown.
	MXPointsHere *bool `json:"mx_points_here,omitempty"`
	// Differs names the records whose public answer is not cPanel's:
	// NS, MX, SPF, DKIM, DMARC.
	Differs []string `json:"differs"`

	// unchecked names the records (NS, MX, SPF, DKIM, DMARC, PTR) whose
	// live lookup could not be done (timeout, SERVFAIL, …): no answer is
	// not "none", and not a difference.
	unchecked map[string]bool
}

// Options are the dns command's dependencies, flags and argument.
type Options struct {
	*cmdutil.Printer
	Ctx     context.Context
	Getenv  func(string) string
	Client  func(context.Context) (*cpanel.Client, error)
	LiveDNS func(context.Context, cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error)
	Session *cmdutil.Session
	cmdutil.DNSOptions

	// Domain is the DOMAIN argument ("": every mail domain).
	Domain string
}

// NewCmdDNS returns the dns command. runF, when set, runs in place of
// dnsRun (a test's seam).
func NewCmdDNS(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Getenv: f.Getenv, Client: f.Client, LiveDNS: f.LiveDNS, Session: f.Session}
	cmd := &cobra.Command{
		Use:         "dns [DOMAIN]",
		Annotations: map[string]string{render.FormatsAnnotation: "markdown"},
		Short:       "Compare a domain's mail DNS in cPanel's zone with what public DNS answers",
		Long: `Show the mail records of a domain as cPanel's zone holds them (NS, MX, SPF,
DKIM at default._domainkey, DMARC at _dmarc), the email routing setting and
the state of cPanel's own SPF, DKIM, DMARC and reverse DNS checks, side by
side with what public DNS answers, every difference marked (≠). Then the
live checks: MX, SPF (with the 10-lookup limit and the server's IP), DKIM,
DMARC, reverse DNS and blocklists. Without a domain, every mail domain.

--offline shows cPanel's view only. --resolver asks a DNS server of your
choice (default: the system's).`,
		Example: `  cpmail dns example.com
  cpmail dns example.com --resolver 9.9.9.9
  cpmail dns example.com --offline -o json`,
		Args: cmdutil.Args(cobra.MaximumNArgs(1)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Domain = cmd.Context(), ""
			if len(args) == 1 {
				opts.Domain = args[0]
			}
			if runF != nil {
				return runF(opts)
			}
			return dnsRun(opts)
		},
	}
	cmdutil.BindDNSFlags(cmd.Flags(), &opts.DNSOptions)
	return cmd
}

func dnsRun(opts *Options) error {
	var domains []string
	if opts.Domain != "" {
		d := strings.ToLower(strings.TrimSuffix(opts.Domain, "."))
		if err := cmdutil.ValidDomain(d); err != nil {
			return err
		}
		domains = []string{d}
	}
	if err := opts.Validate(opts.Getenv("CPMAIL_RESOLVER")); err != nil {
		return err
	}
	ctx := opts.Ctx
	c, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	// The account's domains first, alone: a refused token costs one
	// request, and a domain not on the account is refused.
	all, _, err := c.Email.ListMailDomains(ctx)
	switch {
	case err != nil && (domains == nil || errors.Is(err, cpanel.ErrCredentialsRefused)):
		return err
	case err == nil && domains == nil:
		domains = all
	case err == nil:
		if err := cmdutil.OnAccount(opts.Printer, diagnose.Target{Kind: diagnose.TargetDomain, Value: domains[0]}, all, c.User()); err != nil {
			return err
		}
	}
	snap := diagnose.GatherDNS(ctx, c, domains, diagnose.GatherOptions{LiveDNS: cmdutil.GatherLiveDNS(ctx, opts.LiveDNS, opts.DNSOptions), DKIMSelectors: opts.Selectors})
	if err := snap.Refused(); err != nil {
		return err
	}
	views := mailDNSViews(opts.Printer, snap, domains)
	addPublic(views, snap.LiveDNS)
	for i := range views {
		views[i].LiveSkipped = report.SkipText(opts.Tr, snap.LiveDNSSkip, snap.LiveDNSSkipped)
	}
	for _, v := range views {
		for _, e := range v.Errors {
			opts.Warnf("%s: %s", render.Safe(v.Domain), render.Safe(opts.Session.Redact(e)))
		}
	}
	if err := writeMailDNS(opts.Printer, views); err != nil {
		return err
	}
	return dnsOutcome(opts.Printer, opts.Session, snap)
}

// mailDNSViews builds the cPanel side of each domain's view from a
// snapshot read by diagnose.GatherDNS. A source that failed is named in
// the Errors of the views it concerns (a per-domain source in its
// domain's, an account-wide one in all).
func mailDNSViews(p *cmdutil.Printer, snap *diagnose.Snapshot, domains []string) []mailDNS {
	views := make([]mailDNS, len(domains))
	for i, d := range domains {
		zv := diagnose.ZoneViewOf(snap.Zones[d], d, nil)
		v := mailDNS{Domain: d, NS: append([]string{}, zv.CPanelNS...), MX: []mxRecord{}, SPF: append([]string{}, zv.SPF...),
			DKIM: append([]string{}, zv.DKIM["default"]...), DMARC: append([]string{}, zv.DMARC...)}
		for _, m := range zv.MX {
			v.MX = append(v.MX, mxRecord{Priority: m.Priority, Host: m.Host})
		}
		for _, m := range snap.MX {
			if strings.EqualFold(m.Domain, d) {
				v.Routing = m.MXCheck
				if m.MXCheck == "auto" && m.Detected != "" {
					v.Routing = "auto (" + m.Detected + ")"
				}
			}
		}
		v.Checks = authChecks(snap.AuthStates(d))
		for _, c := range snap.Coverage {
			src, scope, perDomain := strings.Cut(c.Source, " ")
			if !c.OK && c.Source != diagnose.SrcUserInfo && (!perDomain || scope == d) {
				v.Errors = append(v.Errors, render.OneLine(c.Error))
				if v.unread == nil {
					v.unread = map[string]string{}
				}
				v.unread[src] = p.Tr("dnscmd.could-not-read") + src + " (" + cmdutil.FailureCause(p, c) + ")"
			}
		}
		views[i] = v
	}
	return views
}

// addPublic fills each view's public side and live checks from the live
// DNS reports.
func addPublic(views []mailDNS, reports []dnscheck.Report) {
	for _, rep := range reports {
		d := strings.TrimSuffix(rep.Domain, ".")
		for i := range views {
			if views[i].Domain != d {
				continue
			}
			views[i].Live = rep.Results
			views[i].Public = publicOf(rep)
		}
	}
}

// publicOf collects what public DNS answered from the checks' details.
func publicOf(rep dnscheck.Report) *publicDNS {
	p := &publicDNS{NS: []string{}, MX: []string{}, SPF: []string{}, DKIM: []string{}, DMARC: []string{}, PTR: []string{}, Differs: []string{}, unchecked: map[string]bool{}}
	for _, r := range rep.Results {
		if r.Verdict == dnscheck.Unknown {
			switch {
			case r.Authority != nil:
				p.unchecked["NS"] = true
			case r.MX != nil:
				p.unchecked["MX"] = true
			case r.SPF != nil:
				p.unchecked["SPF"] = true
			case r.DKIM != nil && r.DKIM.Selector == "default":
				p.unchecked["DKIM"] = true
			case r.DMARC != nil:
				p.unchecked["DMARC"] = true
			case r.PTR != nil:
				p.unchecked["PTR"] = true
			}
		}
		switch {
		case r.Authority != nil:
			p.NS = dnscheck.NoDots(r.Authority.PublicNS)
			if r.Authority.Elsewhere {
				p.Differs = append(p.Differs, "NS")
			}
			for _, df := range r.Diff {
				if !df.Same {
					p.Differs = append(p.Differs, strings.TrimSuffix(df.Record, " default"))
				}
			}
		case r.MX != nil:
			for _, h := range r.MX.Hosts {
				p.MX = append(p.MX, strconv.Itoa(h.Priority)+" "+strings.TrimSuffix(h.Host, "."))
			}
			p.MXPointsHere = r.PointsHere
		case r.SPF != nil:
			p.SPF = append(p.SPF, r.SPF.Records...)
		case r.DKIM != nil && r.DKIM.Selector == "default":
			p.DKIM = append(p.DKIM, r.DKIM.Records...)
		case r.DMARC != nil && !r.DMARC.Inherited:
			p.DMARC = append(p.DMARC, r.DMARC.Records...)
		case r.PTR != nil:
			for _, n := range r.PTR.Names {
				p.PTR = append(p.PTR, strings.TrimSuffix(n.Name, "."))
			}
		}
	}
	return p
}

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

// dnsOutcome ends the dns command: exit 1, with one line, when --timeout
// ran out or when not one cPanel source could be read (the rows then say
// what failed, and nothing about the records).
func dnsOutcome(p *cmdutil.Printer, session *cmdutil.Session, s *diagnose.Snapshot) error {
	if session.TimedOut() {
		fmt.Fprintln(p.IO.ErrOut, "cpmail: "+cmdutil.GaveUpLine(p, session, nil)+p.Tr("dnscmd.rows-say-what-could"))
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitError}
	}
	read, tried := 0, 0
	for _, c := range s.Coverage {
		if strings.HasPrefix(c.Source, diagnose.SrcLiveDNS) {
			continue
		}
		tried++
		if c.OK {
			read++
		}
	}
	if tried > 0 && read == 0 {
		fmt.Fprintln(p.IO.ErrOut, "cpmail: "+p.Tr("dnscmd.nothing-could-be-read"))
		return &cmdutil.ExitCodeError{Code: cmdutil.ExitError}
	}
	return nil
}
