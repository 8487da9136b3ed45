package fleet

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/exposition"
)

// accountFigures are the figures of an account's snapshot that its
// series show (a full scan only): kept small, the snapshot is not.
type accountFigures struct {
	disk, inodes shared.Usage
	// worstMailbox is the highest share of its quota a mailbox uses (0
	// to 1), when a mailbox has one.
	worstMailbox      float64
	worstMailboxKnown bool
	// listings counts the blocklists that list the account's sending IP
	// or domains, when the live checks answered.
	listings          int
	blocklistsChecked bool
}

// figuresOf takes the figures of a snapshot.
func figuresOf(s *diagnose.Snapshot) *accountFigures {
	fig := shared.FiguresOf(s)
	f := &accountFigures{disk: fig.Disk, inodes: fig.Inodes, worstMailbox: fig.WorstMailbox / 100, worstMailboxKnown: fig.WorstMailboxKnown,
		blocklistsChecked: fig.BlocklistsChecked}
	for _, l := range fig.Listings {
		if l.Listed {
			f.listings++
		}
	}
	return f
}

// fleetMetrics builds the fleet's series, one set per account (the
// account label). Labels are bounded: account names, their domains and
// owners, rule ids, severities and verdicts; no message text. res is nil
// when the scan could not list the accounts.
func fleetMetrics(res *result, start time.Time, took time.Duration, lastSuccess time.Time) *prometheus.Registry {
	reg := prometheus.NewRegistry()
	exposition.Run(reg, start, took, res != nil, lastSuccess)
	if res == nil {
		return reg
	}
	g := func(name, help string, labels ...string) *prometheus.GaugeVec {
		return exposition.Gauge(reg, name, help, append([]string{"account"}, labels...)...)
	}
	verdicts := []diagnose.Verdict{diagnose.VerdictFail, diagnose.VerdictWarn, diagnose.VerdictUnknown, diagnose.VerdictPass}
	byVerdict := exposition.Gauge(reg, "cpmail_fleet_accounts", "Accounts the WHM token may see, scanned in this run, by verdict.", "verdict")
	for _, v := range verdicts {
		byVerdict.WithLabelValues(string(v)).Set(0)
	}
	exposition.Gauge(reg, "cpmail_fleet_accounts_listed", "Accounts the WHM token may see (and --accounts and --owner select).").WithLabelValues().Set(float64(res.total))
	exposition.Gauge(reg, "cpmail_delivery_window_seconds", "The length of the window the messages are counted in.").WithLabelValues().Set(res.to.Sub(res.from).Seconds())

	info := g("cpmail_account_info", "The account: 1, with its main domain and owner as labels.", "domain", "owner")
	suspended := g("cpmail_account_suspended", "1 when WHM has suspended the whole account.")
	up := g("cpmail_account_up", "1 when the account could be read, 0 when it could not.")
	verdict := g("cpmail_account_verdict", "The account's verdict: 1 for the verdict it has, 0 for the others.", "verdict")
	bySeverity := g("cpmail_account_findings", "The account's findings by severity.", "severity")
	findings := g("cpmail_findings", "The account's findings by rule id and severity (only the rules that found something).", "id", "severity")
	sent := g("cpmail_account_messages_sent", "Messages the account sent in the window (WHM's delivery statistics, or the delivery log's records).")
	outcome := g("cpmail_account_messages", "The account's messages of the window by outcome (delivered, failed, deferred).", "outcome")
	var disk, diskLimit, inodes, inodesLimit, mailbox, listed *prometheus.GaugeVec
	if !res.quick {
		disk = g("cpmail_account_disk_used_bytes", "Disk space the account uses.")
		diskLimit = g("cpmail_account_disk_limit_bytes", "The account's disk quota (+Inf: unlimited).")
		inodes = g("cpmail_account_inodes_used", "Files and directories (inodes) the account uses.")
		inodesLimit = g("cpmail_account_inodes_limit", "The account's inode quota (+Inf: unlimited).")
		mailbox = g("cpmail_account_mailbox_max_used_ratio", "The highest share of its quota a mailbox of the account uses (0 to 1).")
		listed = g("cpmail_account_blocklist_listings", "Blocklists that list the account's sending IP or domains (when the live checks answered).")
	}
	for _, r := range res.rows {
		a := r.Account
		byVerdict.WithLabelValues(string(r.Verdict)).Inc()
		info.WithLabelValues(a, strings.ToLower(r.Domain), r.Owner).Set(1)
		suspended.WithLabelValues(a).Set(exposition.Bool(r.Suspended))
		up.WithLabelValues(a).Set(exposition.Bool(!r.unread))
		for _, v := range verdicts {
			verdict.WithLabelValues(a, string(v)).Set(exposition.Bool(r.Verdict == v))
		}
		for _, sev := range []diagnose.Severity{diagnose.Fail, diagnose.Warn, diagnose.Info} {
			bySeverity.WithLabelValues(a, sev.String()).Set(0)
		}
		for _, f := range r.Findings {
			bySeverity.WithLabelValues(a, f.Severity.String()).Inc()
			findings.WithLabelValues(a, f.ID, f.Severity.String()).Inc()
		}
		if !r.unread {
			sent.WithLabelValues(a).Set(float64(r.Counts.Sent))
			outcome.WithLabelValues(a, "delivered").Set(float64(r.Counts.Delivered))
			outcome.WithLabelValues(a, "failed").Set(float64(r.Counts.Failed))
			outcome.WithLabelValues(a, "deferred").Set(float64(r.Counts.Deferred))
		}
		f := r.figures
		if f == nil || res.quick {
			continue
		}
		if f.disk.Read {
			disk.WithLabelValues(a).Set(f.disk.Used)
			if v, ok := exposition.Limit(f.disk.Limit); ok {
				diskLimit.WithLabelValues(a).Set(v)
			}
			inodes.WithLabelValues(a).Set(f.inodes.Used)
			if v, ok := exposition.Limit(f.inodes.Limit); ok {
				inodesLimit.WithLabelValues(a).Set(v)
			}
		}
		if f.worstMailboxKnown {
			mailbox.WithLabelValues(a).Set(f.worstMailbox)
		}
		if f.blocklistsChecked {
			listed.WithLabelValues(a).Set(float64(f.listings))
		}
	}
	return reg
}
