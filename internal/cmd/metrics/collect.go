package metrics

import (
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/exposition"
)

// run is what one metrics run measured: the snapshot and its report when
// the account could be read, and the times of the run.
type run struct {
	snap *diagnose.Snapshot
	rep  *diagnose.Report
	// perMailbox adds a series per mailbox (--per-mailbox).
	perMailbox bool
	// start and duration are this run's; lastSuccess is the time of the
	// last run that read the account (this one when it did, else the one
	// the earlier textfile recorded; zero when none is known).
	start       time.Time
	duration    time.Duration
	lastSuccess time.Time
}

// sourceName is a coverage source without what it was read for: the API
// function ("Email::list_filters info@example.com" is Email::list_filters),
// so that no address becomes a label value.
func sourceName(src string) string {
	if strings.HasPrefix(src, diagnose.SrcLiveDNS) {
		return "live_dns"
	}
	name, _, _ := strings.Cut(src, " ")
	return name
}

// registry builds the metrics of a run. Every label is bounded: rule ids,
// severities, delivery types and reasons, source functions, the account's
// own IPs and domains and the blocklists' names; mailbox addresses only
// with --per-mailbox. No label holds message text.
func (r run) registry() *prometheus.Registry {
	reg := prometheus.NewRegistry()
	exposition.Run(reg, r.start, r.duration, r.snap != nil, r.lastSuccess)
	if r.snap == nil {
		return reg
	}
	s, rep := r.snap, r.rep
	exposition.Gauge(reg, "cpmail_target_info", "What was measured: 1, with the cPanel account and the target (account, a domain or an address) as labels.", "account", "target").
		WithLabelValues(s.Account, s.Target.String()).Set(1)

	findings := exposition.Gauge(reg, "cpmail_findings", "Findings of the diagnosis, by rule id and severity (0 for a rule with none).", "id", "severity")
	for _, id := range diagnose.RuleIDs() {
		for _, sev := range []diagnose.Severity{diagnose.Fail, diagnose.Warn, diagnose.Info} {
			findings.WithLabelValues(id, sev.String()).Set(0)
		}
	}
	for _, fd := range rep.Findings {
		findings.WithLabelValues(fd.ID, fd.Severity.String()).Inc()
	}

	up := exposition.Gauge(reg, "cpmail_source_up", "1 when every call of the source (an API function, or live_dns) could be read, 0 when one could not.", "source")
	seen := map[string]bool{}
	for _, c := range s.Coverage {
		name := sourceName(c.Source)
		if !seen[name] {
			seen[name] = true
			up.WithLabelValues(name).Set(1)
		}
		if !c.OK {
			up.WithLabelValues(name).Set(0)
		}
	}

	fig := shared.FiguresOf(s)
	if fig.DeliveriesRead {
		r.deliveries(reg, s)
	}
	if fig.Disk.Read {
		exposition.Gauge(reg, "cpmail_account_disk_used_bytes", "Disk space the account uses.").WithLabelValues().Set(fig.Disk.Used)
		if v, ok := exposition.Limit(fig.Disk.Limit); ok {
			exposition.Gauge(reg, "cpmail_account_disk_limit_bytes", "The account's disk quota (+Inf: unlimited).").WithLabelValues().Set(v)
		}
		exposition.Gauge(reg, "cpmail_account_inodes_used", "Files and directories (inodes) the account uses.").WithLabelValues().Set(fig.Inodes.Used)
		if v, ok := exposition.Limit(fig.Inodes.Limit); ok {
			exposition.Gauge(reg, "cpmail_account_inodes_limit", "The account's inode quota (+Inf: unlimited).").WithLabelValues().Set(v)
		}
	}
	if fig.MailboxesRead {
		r.mailboxes(reg, fig)
	}
	if fig.BlocklistsChecked {
		ip := exposition.Gauge(reg, "cpmail_blocklist_listed", "1 when the sending IP is listed on the blocklist, 0 when the list answered that it is not.", "ip", "list")
		dom := exposition.Gauge(reg, "cpmail_domain_blocklist_listed", "1 when the domain is listed on the domain blocklist, 0 when the list answered that it is not.", "domain", "list")
		for _, l := range fig.Listings {
			v := 0.0
			if l.Listed {
				v = 1
			}
			if l.Domain {
				dom.WithLabelValues(l.Subject, l.List).Set(v)
			} else {
				ip.WithLabelValues(l.Subject, l.List).Set(v)
			}
		}
	}
	return reg
}

// deliveries adds the delivery records of the window by type and, for
// failures, rejections and deferrals, by reason (every reason, 0 when
// none); the other types have an empty reason.
func (r run) deliveries(reg *prometheus.Registry, s *diagnose.Snapshot) {
	g := exposition.Gauge(reg, "cpmail_deliveries", "Delivery records in the window (see cpmail_delivery_window_seconds), by type and, for failures, rejections and deferrals, by reason.", "type", "reason")
	problem := []cpanel.EventType{cpanel.EventFailure, cpanel.EventRejected, cpanel.EventDefer}
	for _, t := range problem {
		for _, reason := range bounce.Reasons() {
			g.WithLabelValues(string(t), string(reason)).Set(0)
		}
	}
	for _, t := range []cpanel.EventType{cpanel.EventSuccess, cpanel.EventFiltered, cpanel.EventArchive, cpanel.EventInProgress} {
		g.WithLabelValues(string(t), "").Set(0)
	}
	counts := s.DeliveryCounts()
	byReason := map[cpanel.EventType]int{}
	for _, d := range diagnose.NewEnv(s, s.TakenAt).Deliveries {
		if d.Record.Type.IsProblem() {
			g.WithLabelValues(string(d.Record.Type), string(d.Class.Reason)).Add(float64(d.Count))
			byReason[d.Record.Type] += d.Count
		}
	}
	for t, n := range counts {
		if t.IsProblem() {
			// Records summed up without a classification (none today)
			// count as unknown, so that the types add up.
			if rest := n - byReason[t]; rest > 0 {
				g.WithLabelValues(string(t), string(bounce.Unknown)).Add(float64(rest))
			}
			continue
		}
		g.WithLabelValues(string(t), "").Set(float64(n))
	}
	exposition.Gauge(reg, "cpmail_delivery_window_seconds", "The length of the delivery window the deliveries are counted in.").WithLabelValues().Set(s.Until.Sub(s.Since).Seconds())
}

// mailboxes adds the mailbox figures: sums and the worst mailbox, and
// with --per-mailbox one series per mailbox.
func (r run) mailboxes(reg *prometheus.Registry, fig shared.Figures) {
	exposition.Gauge(reg, "cpmail_mailboxes", "Email accounts (mailboxes) of the account.").WithLabelValues().Set(float64(len(fig.Mailboxes)))
	var used float64
	for _, m := range fig.Mailboxes {
		used += m.UsedBytes()
	}
	exposition.Gauge(reg, "cpmail_mailboxes_used_bytes", "Disk space all mailboxes use together.").WithLabelValues().Set(used)
	exposition.Gauge(reg, "cpmail_mailboxes_nearly_full", "Mailboxes that use 90 % of their quota or more.").WithLabelValues().Set(float64(fig.MailboxesOver90))
	exposition.Gauge(reg, "cpmail_mailbox_max_used_ratio", "The highest share of its quota a mailbox uses (0 to 1; 0 when no mailbox has a quota).").WithLabelValues().Set(fig.WorstMailbox / 100)
	if !r.perMailbox {
		return
	}
	u := exposition.Gauge(reg, "cpmail_mailbox_used_bytes", "Disk space the mailbox uses (--per-mailbox).", "mailbox")
	q := exposition.Gauge(reg, "cpmail_mailbox_quota_bytes", "The mailbox's quota (+Inf: unlimited; --per-mailbox).", "mailbox")
	for _, m := range fig.Mailboxes {
		addr := strings.ToLower(m.Email)
		u.WithLabelValues(addr).Set(m.UsedBytes())
		if v, ok := exposition.Limit(m.Quota()); ok {
			q.WithLabelValues(addr).Set(v)
		}
	}
}
