package cli

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/render"
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

func newDNSCmd(f *Factory) *cobra.Command {
	var o dnsOptions
	cmd := &cobra.Command{
		Use:   "dns [DOMAIN]",
		Short: "Compare a domain's mail DNS in cPanel's zone with what public DNS answers",
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
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var domains []string
			if len(args) == 1 {
				d := strings.ToLower(strings.TrimSuffix(args[0], "."))
				if err := validDomain(d); err != nil {
					return err
				}
				domains = []string{d}
			}
			if err := o.validate(f.Getenv("CPMAIL_RESOLVER")); err != nil {
				return err
			}
			ctx := cmd.Context()
			c, err := f.Client(ctx)
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
				if err := f.onAccount(diagnose.Target{Kind: diagnose.TargetDomain, Value: domains[0]}, all, c.User()); err != nil {
					return err
				}
			}
			snap := diagnose.GatherDNS(ctx, c, domains, diagnose.GatherOptions{LiveDNS: f.liveDNS(ctx, o), DKIMSelectors: o.selectors})
			if err := snap.Refused(); err != nil {
				return err
			}
			views := f.mailDNSViews(snap, domains)
			addPublic(views, snap.LiveDNS)
			for i := range views {
				views[i].LiveSkipped = f.skipText(snap.LiveDNSSkip, snap.LiveDNSSkipped)
			}
			for _, v := range views {
				for _, e := range v.Errors {
					f.warnf("%s: %s", render.Safe(v.Domain), render.Safe(f.redact(e)))
				}
			}
			if err := f.writeMailDNS(views); err != nil {
				return err
			}
			return f.dnsOutcome(snap)
		},
	}
	bindDNSFlags(cmd.Flags(), &o)
	return cmd
}

// mailDNSViews builds the cPanel side of each domain's view from a
// snapshot read by diagnose.GatherDNS. A source that failed is named in
// the Errors of the views it concerns (a per-domain source in its
// domain's, an account-wide one in all).
func (f *Factory) mailDNSViews(snap *diagnose.Snapshot, domains []string) []mailDNS {
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
				v.Errors = append(v.Errors, oneLine(c.Error))
				if v.unread == nil {
					v.unread = map[string]string{}
				}
				v.unread[src] = f.T("could not read: ", "無法讀取：") + src + " (" + f.failureCause(c) + ")"
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

func (f *Factory) writeMailDNS(views []mailDNS) error {
	if f.Output == render.JSON {
		return render.WriteJSON(f.IO.Out, views)
	}
	csv := f.Output == render.CSV
	headers := []string{f.T("DOMAIN", "網域"), f.T("RECORD", "紀錄"), f.T("CPANEL CHECK", "cPanel 檢查"), f.T("CPANEL ZONE", "cPanel 區域"), f.T("PUBLIC DNS", "公開 DNS"), ""}
	if csv {
		headers = []string{"domain", "record", "cpanel_check", "cpanel", "public", "differs"}
	}
	none := f.T("(none)", "（無）")
	unchecked := f.T("could not check", "無法檢查")
	var rows [][]string
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
				c, p, ck, mk := "", "", "", ""
				if i < len(cp) {
					c = cp[i]
				}
				if i < len(pv) {
					p = pv[i]
				}
				if i == 0 {
					ck, mk = orDash(check), mark
				}
				if !csv {
					c, p = shortKey(c), shortKey(p)
				}
				rows = append(rows, []string{v.Domain, kind, ck, c, p, mk})
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
				here = f.T("MX leads elsewhere", "MX 指向其他伺服器")
				if *pub.MXPointsHere {
					here = f.T("MX leads here", "MX 指向本伺服器")
				}
			}
		}
		routing := []string{orDash(v.Routing)}
		if why, failed := v.unread[diagnose.SrcMX]; failed {
			routing = []string{why}
		}
		add(f.T("routing", "路由"), "", routing, []string{here}, "", "")
		add("NS", "", v.NS, pNS, diagnose.SrcZone, "")
		add("MX", "", mx, pMX, diagnose.SrcZone, "")
		add("SPF", v.Checks.SPF, v.SPF, pSPF, diagnose.SrcZone, diagnose.SrcSPF)
		add("DKIM default._domainkey", v.Checks.DKIM, v.DKIM, pDKIM, diagnose.SrcZone, diagnose.SrcDKIM)
		add("DMARC _dmarc", v.Checks.DMARC, v.DMARC, pDMARC, diagnose.SrcZone, diagnose.SrcDMARC)
		add("PTR", v.Checks.PTR, []string{"-"}, pPTR, "", diagnose.SrcPTR)
	}
	if err := f.table(headers, rows); err != nil {
		return err
	}
	if csv {
		return nil
	}
	var live [][]string
	for _, v := range views {
		for _, r := range v.Live {
			live = append(live, []string{v.Domain, r.Check, f.verdictWord(r.Verdict), r.Summary})
		}
	}
	w := f.IO.Out
	if len(live) > 0 {
		fmt.Fprintln(w)
		fmt.Fprintln(w, f.T("Live checks (public DNS):", "即時檢查（公開 DNS）："))
		if err := f.table([]string{f.T("DOMAIN", "網域"), f.T("CHECK", "檢查"), f.T("VERDICT", "結果"), f.T("SUMMARY", "摘要")}, live); err != nil {
			return err
		}
		for _, v := range views {
			f.writeSPFTree(v)
		}
		return nil
	}
	if len(views) > 0 && views[0].LiveSkipped != "" {
		fmt.Fprintln(w)
		fmt.Fprintln(w, f.T("Note: ", "注意：")+render.Safe(views[0].LiveSkipped))
	}
	return nil
}

// writeSPFTree shows the include tree of a domain's public SPF record with
// the DNS lookups each branch costs, when it has includes.
func (f *Factory) writeSPFTree(v mailDNS) {
	for _, r := range v.Live {
		if r.SPF == nil || r.SPF.Tree == nil || len(r.SPF.Tree.Children) == 0 {
			continue
		}
		w := f.IO.Out
		fmt.Fprintln(w)
		fmt.Fprintf(w, f.T("SPF of %s: %d DNS lookups (the limit is 10), %d void\n", "%s 的 SPF：%d 次 DNS 查詢（上限 10 次），%d 次無結果\n"), render.Safe(v.Domain), r.SPF.Lookups, r.SPF.VoidLookups)
		var walk func(n dnscheck.SPFNode, depth int)
		walk = func(n dnscheck.SPFNode, depth int) {
			name := strings.TrimSuffix(n.Domain, ".")
			if n.Via != "" {
				name = n.Via + ":" + name
			}
			line := fmt.Sprintf("%s%s  %s", strings.Repeat("  ", depth+1), name, fmt.Sprintf(f.T("%d lookups here, %d with its includes", "本層 %d 次，含下層共 %d 次"), n.Lookups, n.TotalLookups))
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
func (f *Factory) verdictWord(v dnscheck.Verdict) string {
	switch v {
	case dnscheck.Pass:
		return f.T("pass", "正常")
	case dnscheck.Warn:
		return f.T("warn", "警告")
	case dnscheck.Fail:
		return f.T("FAIL", "失敗")
	}
	return f.T("unknown", "無法判定")
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
