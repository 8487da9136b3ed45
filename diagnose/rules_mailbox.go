package diagnose

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/render"
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
		T("The account's disk quota is full: mail to every mailbox fails", "帳號磁碟配額已滿：所有信箱都收不到信"),
		Tf("The cPanel account uses %s of its %s disk quota. Incoming mail cannot be stored, whatever each mailbox's own quota says, and Exim defers or bounces it.",
			"此 cPanel 帳號已使用 %s，磁碟配額為 %s。不論各信箱本身的配額為何，新郵件都無法寫入，Exim 會延遲或退回。", used, lim),
		T("Free space (cPanel » Disk Usage: delete old mail, backups and logs) or ask your host to raise the account's disk quota.",
			"釋放空間（cPanel »「磁碟使用量」：刪除舊郵件、備份與記錄檔），或請主機商提高帳號的磁碟配額。"),
		append([]Evidence{{Source: SrcQuota, Key: "megabytes_used", Value: used},
			{Source: SrcQuota, Key: "megabyte_limit", Value: lim}}, e.fullRefusals()...)...)}
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
		T("The account's inode quota is full: new mail cannot be written", "帳號 inode 配額已滿：無法寫入新郵件"),
		Tf("The cPanel account has %d files of the %.0f it may have. Each message is a file (maildir), so no mailbox can accept mail.",
			"此 cPanel 帳號已有 %d 個檔案，上限為 %.0f。每封郵件都是一個檔案（maildir），因此所有信箱都無法收信。", int64(q.InodesUsed), limit.Value),
		T("Delete files the account no longer needs (old mail in Trash and Spam folders, cache directories, old backups) or ask your host to raise the inode limit.",
			"刪除不再需要的檔案（垃圾桶與垃圾郵件資料夾中的舊郵件、快取目錄、舊備份），或請主機商提高 inode 上限。"),
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
		{Source: SrcMailboxes, Key: m.Email + " _diskused", Value: render.SizeBytes(m.UsedBytes())},
		{Source: SrcMailboxes, Key: m.Email + " _diskquota", Value: render.SizeBytes(m.Quota().Value)},
		{Source: SrcMailboxes, Key: m.Email + " diskusedpercent", Value: fmt.Sprintf("%.1f%%", pct)},
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
			Tf("%s is full: new mail to it is refused", "%s 信箱已滿：新郵件遭拒收", m.Email),
			Tf("The mailbox %s has reached its quota; senders get \"Mailbox is full\" bounces.%s", "信箱 %s 已達配額上限，寄件者會收到「Mailbox is full」退信。%s", m.Email, countText(records(refused))),
			Tf("Delete or archive old mail in %[1]s (Webmail, or empty Trash and Spam), or raise its quota in cPanel » Email Accounts » %[1]s » Manage » Storage.",
				"請刪除或封存 %[1]s 的舊郵件（用 Webmail，或清空垃圾桶與垃圾郵件），或到 cPanel »「電子郵件帳號」» %[1]s »「管理」»「儲存空間」提高配額。", m.Email),
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
			Tf("%s is %.0f%% full", "%s 已使用 %.0f%% 配額", m.Email, pct),
			Tf("The mailbox %s uses %s of %s. When it reaches 100%%, new mail is refused.", "信箱 %s 已使用 %s（上限 %s）。達到 100%% 時將拒收新郵件。", m.Email, render.SizeBytes(m.UsedBytes()), render.SizeBytes(m.Quota().Value)),
			Tf("Clean up %[1]s or raise its quota in cPanel » Email Accounts » %[1]s » Manage.", "請清理 %[1]s，或到 cPanel »「電子郵件帳號」» %[1]s »「管理」提高配額。", m.Email),
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
	title, detail, remedy func(addr string) Text
	// refused returns the deliveries the flag refused, shown as evidence
	// (nil: the flag refuses no delivery).
	refused func(e *Env, m cpanel.Mailbox) []Delivery
}

func incomingSuspension() suspension {
	return suspension{
		key:   "suspended_incoming",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedIncoming) },
		title: func(a string) Text { return Tf("%s has incoming mail suspended", "%s 已暫停收信", a) },
		detail: func(a string) Text {
			return Tf("Mail to %s is refused at SMTP time with \"525 5.7.13 Disabled recipient address\".", "寄給 %s 的郵件會在 SMTP 階段被拒收（525 5.7.13 Disabled recipient address）。", a)
		},
		remedy: func(a string) Text {
			return Tf("If the suspension is not intended, resume it in cPanel » Email Accounts » %s » Manage » Receiving Incoming Mail » Allow.", "若非刻意停用，請到 cPanel »「電子郵件帳號」» %s »「管理」»「接收郵件」選擇「允許」。", a)
		},
		refused: func(e *Env, m cpanel.Mailbox) []Delivery { return e.refusals(m.Email, bounce.MailboxDisabled) },
	}
}

func loginSuspension() suspension {
	return suspension{
		key:   "suspended_login",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedLogin) },
		title: func(a string) Text { return Tf("%s has login suspended", "%s 已暫停登入", a) },
		detail: func(a string) Text {
			return Tf("%s cannot log in to read or send mail (IMAP, POP3, Webmail, SMTP authentication); mail is still received.", "%s 無法登入收發信（IMAP、POP3、Webmail、SMTP 驗證），但仍會收到郵件。", a)
		},
		remedy: func(a string) Text {
			return Tf("If not intended, allow logins in cPanel » Email Accounts » %s » Manage » Logging In.", "若非刻意停用，請到 cPanel »「電子郵件帳號」» %s »「管理」»「登入」選擇允許。", a)
		},
		refused: func(*Env, cpanel.Mailbox) []Delivery { return nil },
	}
}

func outgoingSuspension() suspension {
	return suspension{
		key:   "suspended_outgoing",
		on:    func(m cpanel.Mailbox) bool { return bool(m.SuspendedOutgoing) },
		title: func(a string) Text { return Tf("%s has outgoing mail suspended", "%s 已暫停寄信", a) },
		detail: func(a string) Text {
			return Tf("Mail sent from %s is refused by this server (\"Outgoing mail from … has been suspended\").", "從 %s 寄出的郵件會被本伺服器拒絕（Outgoing mail from … has been suspended）。", a)
		},
		remedy: func(a string) Text {
			return Tf("Find out why it was suspended (often a compromised password sending spam: change the password first), then allow sending in cPanel » Email Accounts » %s » Manage » Sending Outgoing Email.", "先查明停用原因（常見是密碼外洩被用來寄垃圾信，請先更換密碼），再到 cPanel »「電子郵件帳號」» %s »「管理」»「寄出郵件」選擇允許。", a)
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
		waiting := T("", "")
		if known {
			ev = append(ev, Evidence{Source: SrcHeld, Key: m.Email, Value: fmt.Sprint(n)})
			waiting = Tf(" %d messages are waiting in the queue.", " 目前有 %d 封郵件在佇列中等待。", n)
		}
		f := e.Finding(m.Email,
			Tf("Outgoing mail of %s is held", "%s 的寄出郵件被暫扣", m.Email),
			Tf("Messages sent from %s stay in the server's queue and are not delivered.%s", "從 %s 寄出的郵件停留在伺服器佇列中，不會送出。%s", m.Email, waiting),
			Tf("Check the held messages are legitimate, then release them in cPanel » Email Accounts » %s » Manage » Sending Outgoing Email » Allow.", "確認被暫扣的郵件是正常郵件後，到 cPanel »「電子郵件帳號」» %s »「管理」»「寄出郵件」選擇允許以放行。", m.Email),
			ev...)
		out = append(out, f)
	}
	return out
}
