package html

import (
	_ "embed"
	"io"
	"strconv"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/report"
)

//go:embed fleet.html.tmpl
var fleetTemplate string

// fleetPage is what the fleet template shows.
type fleetPage struct {
	Lang, Title, Summary, VerdictWord, VerdictClass string
	Masked, NoChart, AccountsTitle, UnreadTitle     string
	Chart                                           *chart
	Headers                                         []string
	Rows                                            []fleetRow
	Accounts                                        []accountView
}

type fleetRow struct {
	Class, Anchor, Account, Domain, Owner, Suspended, Verdict, Cause string
	Sent, Delivered, Failed, Deferred                                string
}

// accountView is an account that is not PASS: its verdict line, its
// error, the overview of its findings, the findings and what could not be
// read, as the Markdown document gives them.
type accountView struct {
	Anchor, Class, Verdict, Heading, Line, Error string
	Overview                                     overview
	Findings                                     []findingView
	Unread                                       []diagnose.Coverage
}

// WriteFleet writes a fleet (cpmail fleet) as one HTML document: the
// count of accounts by verdict, the deliveries of every account per hour
// (o.Timeline), the table of accounts worst first, then each account that
// is not PASS with its findings, evidence and fixes. total is the number
// of accounts listed.
func WriteFleet(w io.Writer, accts []report.Account, total int, o Options) error {
	t, err := parse(fleetTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, buildFleet(accts, total, o))
}

func buildFleet(accts []report.Account, total int, o Options) fleetPage {
	tr, safe := o.Tr, render.Safe
	redact := report.RedactWith(o.Redact)
	worst := diagnose.VerdictPass
	for _, a := range accts {
		if report.VerdictRank(a.Verdict) < report.VerdictRank(worst) {
			worst = a.Verdict
		}
	}
	if len(accts) == 0 {
		worst = diagnose.VerdictUnknown
	}
	p := fleetPage{Lang: o.Lang, Title: tr("fleet.doc.title", "Count", total), Summary: report.FleetSummary(tr, accts, total),
		VerdictWord: report.VerdictWord(tr, worst), VerdictClass: string(worst), AccountsTitle: tr("fleet.doc.accounts"),
		UnreadTitle: tr("report.doc.could-not-read"), Headers: report.FleetHeaders(tr)}
	if o.Masked {
		p.Masked = tr("report.doc.masked")
	}
	if o.Timeline == nil {
		p.NoChart = tr("fleet.doc.no-timeline")
	} else {
		p.Chart = newChart(o, o.Timeline)
	}
	for i, a := range accts {
		cells := report.FleetRow(tr, a)
		for j := range cells {
			cells[j] = safe(cells[j])
		}
		row := fleetRow{Class: string(a.Verdict), Account: cells[0], Domain: cells[1], Owner: cells[2], Suspended: cells[3], Verdict: cells[4],
			Cause: cells[5], Sent: cells[6], Delivered: cells[7], Failed: cells[8], Deferred: cells[9]}
		if a.Detailed() {
			row.Anchor = "account-" + strconv.Itoa(i+1)
			v := accountView{Anchor: row.Anchor, Class: string(a.Verdict), Verdict: cells[4], Heading: safe(tr("report.account") + a.Account)}
			if rep := a.Report; rep != nil {
				if len(rep.Findings) > 0 {
					v.Line = tr("report.doc.verdict", "Count", len(rep.Findings), "Window", report.Window(rep))
				}
				v.Overview = overviewOf(tr, rep.Findings)
				v.Findings = findingViews(tr, rep.Findings)
				v.Unread = unreadViews(rep, redact)
			}
			if a.Error != "" && len(v.Unread) == 0 { // else the list says it, source by source
				v.Error = safe(redact(a.Error))
			}
			p.Accounts = append(p.Accounts, v)
		}
		p.Rows = append(p.Rows, row)
	}
	return p
}
