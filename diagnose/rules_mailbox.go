package diagnose

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Rules about the account's storage and its mailboxes: quotas that refuse
// mail, and the suspension and hold flags.

func accountDiskFull(e *Env) []Finding {
	q := e.S.Quota
	if q == nil {
		return nil
	}
	limit := q.DiskLimitBytes()
	over := q.UnderMegabyteLimit != nil && !bool(*q.UnderMegabyteLimit)
	if max, ok := limit.Finite(); !ok || (!over && q.DiskUsedBytes() < max) {
		return nil
	}
	used := fmt.Sprintf("%.2f MiB", float64(q.MegabytesUsed))
	lim := fmt.Sprintf("%.0f MiB", limit.Value/(1<<20))
	return []Finding{e.Finding(e.S.Account,
		msg.New(".title"),
		msg.New(".detail", "Used", used, "Limit", lim),
		msg.New(".remedy"),
		append([]Evidence{{Source: SrcQuota, Key: "megabytes_used", Value: used, Raw: float64(q.MegabytesUsed)},
			{Source: SrcQuota, Key: "megabyte_limit", Value: lim, Raw: limit.Value / (1 << 20)}}, e.fullRefusals()...)...)}
}

// fullRefusals shows incoming mail refused as "mailbox full" to any
// mailbox: with the account full, that is where it shows.
func (e *Env) fullRefusals() []Evidence {
	return deliveryEvidence(e.Problems(func(d Delivery) bool {
		return d.Direction == Incoming && d.Class.Reason == bounce.MailboxFull
	}), 3)
}

func accountInodesFull(e *Env) []Finding {
	q := e.S.Quota
	if q == nil {
		return nil
	}
	limit := q.InodeLimit()
	over := q.UnderInodeLimit != nil && !bool(*q.UnderInodeLimit)
	if max, ok := limit.Finite(); !ok || (!over && float64(q.InodesUsed) < max) {
		return nil
	}
	return []Finding{e.Finding(e.S.Account,
		msg.New(".title"),
		msg.New(".detail", "Count", int64(q.InodesUsed), "Limit", limit.Value),
		msg.New(".remedy"),
		append([]Evidence{{Source: SrcQuota, Key: "inodes_used", Value: fmt.Sprint(int64(q.InodesUsed))},
			{Source: SrcQuota, Key: "inode_limit", Value: limit.String()}}, e.fullRefusals()...)...)}
}

// mailboxUse returns the mailbox's use in percent, or false when unlimited.
func mailboxUse(m cpanel.Mailbox) (float64, bool) {
	return m.UsedPercent()
}

// mailboxEvidence shows a mailbox's use and quota.
func mailboxEvidence(m cpanel.Mailbox, pct float64) []Evidence {
	return []Evidence{
		rawEvidence(SrcMailboxes, m.Email+" _diskused", msg.Bytes(m.UsedBytes())),
		rawEvidence(SrcMailboxes, m.Email+" _diskquota", msg.Bytes(m.Quota().Value)),
		rawEvidence(SrcMailboxes, m.Email+" diskusedpercent", msg.Percent(pct)),
	}
}

// refusals counts problem deliveries to addr classified as mailbox_full.
func (e *Env) refusals(addr string, reason bounce.Reason) []Delivery {
	return e.Problems(func(d Delivery) bool {
		return d.Direction == Incoming && strings.EqualFold(string(d.Record.Recipient), addr) && d.Class.Reason == reason
	})
}

func mailboxFull(e *Env) []Finding {
	var out []Finding
	accountFull := len(accountDiskFull(e))+len(accountInodesFull(e)) > 0
	for _, m := range e.S.Mailboxes {
		if m.IsMainAccount() {
			continue
		}
		pct, ok := mailboxUse(m)
		refused := e.refusals(m.Email, bounce.MailboxFull)
		below := !ok || pct < 100
		if below && (len(refused) == 0 || accountFull) {
			// A full account refuses mail for mailboxes below their own
			// quota: account-disk-full or account-inodes-full says so.
			continue
		}
		ev := []Evidence{}
		if ok {
			ev = mailboxEvidence(m, pct)
		}
		ev = append(ev, deliveryEvidence(refused, 3)...)
		f := e.Finding(m.Email,
			msg.New(".title", "Email", m.Email),
			msg.New(".detail", "Email", m.Email, "Refusals", countText(records(refused))),
			msg.New(".remedy", "Email", m.Email),
			ev...)
		f.Count = records(refused)
		out = append(out, f)
	}
	return out
}

func mailboxNearlyFull(e *Env) []Finding {
	var out []Finding
	for _, m := range e.S.Mailboxes {
		if m.IsMainAccount() {
			continue
		}
		pct, ok := mailboxUse(m)
		if !ok || pct < 90 || pct >= 100 || len(e.refusals(m.Email, bounce.MailboxFull)) > 0 {
			continue
		}
		out = append(out, e.Finding(m.Email,
			msg.New(".title", "Email", m.Email, "Percent", pct),
			msg.New(".detail", "Email", m.Email, "Used", msg.Bytes(m.UsedBytes()), "Quota", msg.Bytes(m.Quota().Value)),
			msg.New(".remedy", "Email", m.Email),
			mailboxEvidence(m, pct)...))
	}
	return out
}

// suspension is one of the mailbox suspension flags, as data for
// suspensionCheck.
type suspension struct {
	// key is the flag's field in Email::list_pops_with_disk.
	key string
	// on reads the flag.
	on func(m cpanel.Mailbox) bool
	// title, detail and remedy are the finding's words for the mailbox.
	title, detail, remedy func(addr string) msg.Text
	// refused returns the deliveries the flag refused, shown as evidence
	// (nil: the flag refuses no delivery).
	refused func(e *Env, m cpanel.Mailbox) []Delivery
}

func incomingSuspension() suspension {
	return suspension{
		key:   "suspended_incoming",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedIncoming) },
		title: func(a string) msg.Text { return msg.New(".title", "Address", a) },
		detail: func(a string) msg.Text {
			return msg.New(".detail", "Address", a)
		},
		remedy: func(a string) msg.Text {
			return msg.New(".remedy", "Address", a)
		},
		refused: func(e *Env, m cpanel.Mailbox) []Delivery { return e.refusals(m.Email, bounce.MailboxDisabled) },
	}
}

func loginSuspension() suspension {
	return suspension{
		key:   "suspended_login",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedLogin) },
		title: func(a string) msg.Text { return msg.New(".title", "Address", a) },
		detail: func(a string) msg.Text {
			return msg.New(".detail", "Address", a)
		},
		remedy: func(a string) msg.Text {
			return msg.New(".remedy", "Address", a)
		},
		refused: func(*Env, cpanel.Mailbox) []Delivery { return nil },
	}
}

func outgoingSuspension() suspension {
	return suspension{
		key:   "suspended_outgoing",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedOutgoing) },
		title: func(a string) msg.Text { return msg.New(".title", "Address", a) },
		detail: func(a string) msg.Text {
			return msg.New(".detail", "Address", a)
		},
		remedy: func(a string) msg.Text {
			return msg.New(".remedy", "Address", a)
		},
		refused: func(e *Env, m cpanel.Mailbox) []Delivery {
			return e.Problems(func(d Delivery) bool {
				return d.Direction != Incoming && strings.EqualFold(string(d.Record.Email), m.Email) && d.Class.Reason == bounce.OutgoingBlocked
			})
		},
	}
}

// suspensionCheck builds the check for one of the mailbox suspension flags.
func suspensionCheck(sp suspension) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		var out []Finding
		for _, m := range e.S.Mailboxes {
			if m.IsMainAccount() || !sp.on(m) {
				continue
			}
			ev := []Evidence{{Source: SrcMailboxes, Key: m.Email + " " + sp.key, Value: "1"}}
			refused := sp.refused(e, m)
			f := e.Finding(m.Email, sp.title(m.Email), sp.detail(m.Email), sp.remedy(m.Email), append(ev, deliveryEvidence(refused, 3)...)...)
			f.Count = records(refused)
			out = append(out, f)
		}
		return out
	}
}

func outgoingHeld(e *Env) []Finding {
	var out []Finding
	for _, m := range e.S.Mailboxes {
		if m.IsMainAccount() || !bool(m.HoldOutgoing) {
			continue
		}
		n, known := e.S.HeldMessages[m.Email]
		ev := []Evidence{{Source: SrcMailboxes, Key: m.Email + " hold_outgoing", Value: "1"}}
		waiting := msg.Text{}
		if known {
			ev = append(ev, Evidence{Source: SrcHeld, Key: m.Email, Value: fmt.Sprint(n)})
			waiting = msg.New(".waiting", "Count", n)
		}
		f := e.Finding(m.Email,
			msg.New(".title", "Email", m.Email),
			msg.New(".detail", "Email", m.Email, "Waiting", waiting),
			msg.New(".remedy", "Email", m.Email),
			ev...)
		out = append(out, f)
	}
	return out
}
