// Package dns is the dns command: a domain's mail DNS as cPanel's zone
// holds it, side by side with what public DNS answers, and the live checks.
package dns

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
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
		if err := opts.ValidDomain(d); err != nil {
			return err
		}
		domains = []string{d}
	}
	if err := opts.Validate(opts.Printer, opts.Getenv("CPMAIL_RESOLVER")); err != nil {
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
	cmdutil.WordSkip(snap)
	if err := snap.Refused(); err != nil {
		return err
	}
	views := mailDNSViews(opts.Printer, snap, domains)
	for i := range snap.LiveDNS {
		snap.LiveDNS[i].Render(opts.Text)
	}
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
