package shared

import (
	"sort"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// Figures are a snapshot's measured values, as check prints them in its
// performance data and metrics exports them: what was read, and whether
// it could be.
type Figures struct {
	// Deliveries counts the delivery records of each type in the window;
	// DeliveriesRead is false when Track Delivery could not be read.
	Deliveries     map[cpanel.EventType]int
	DeliveriesRead bool

	// Mailboxes are the email accounts (not the main account) when
	// MailboxesRead. WorstMailbox is the highest use of a quota in
	// percent (WorstMailboxKnown false when no mailbox has a quota), and
	// MailboxesOver90 how many use 90 % of theirs or more.
	Mailboxes         []cpanel.Mailbox
	MailboxesRead     bool
	WorstMailbox      float64
	WorstMailboxKnown bool
	MailboxesOver90   int

	// Disk and Inodes are the account's use and limit (Quota read).
	Disk, Inodes Usage

	// Listings are the blocklist answers of the live DNS checks, one per
	// subject (IP or domain) and list; BlocklistsChecked is false when
	// the live checks did not run or were not answered.
	Listings          []Listing
	BlocklistsChecked bool
}

// Usage is a use and its limit.
type Usage struct {
	Used  float64
	Limit cpanel.Limit
	Read  bool
}

// Percent returns the use in percent of the limit: 0 when the limit is
// unlimited (nothing fills it), false when it was not read or not
// reported.
func (u Usage) Percent() (float64, bool) {
	if !u.Read || !u.Limit.Reported {
		return 0, false
	}
	l, ok := u.Limit.Finite()
	if !ok {
		return 0, true
	}
	if l <= 0 {
		return 0, false
	}
	return u.Used * 100 / l, true
}

// Listing is one blocklist's answer about one IP or domain.
type Listing struct {
	// Subject is the IP address or the domain (without its final dot).
	Subject string
	// Domain is true for a domain blocklist.
	Domain bool
	List   string
	Listed bool
	// Severity is the list's verdict for a listing (fail or warn).
	Severity diagnose.Severity
}

// DeferRate returns the deferrals in percent of the delivery attempts
// (delivered, deferred, failed, rejected) of the window: 0 in a window
// without any.
func (f Figures) DeferRate() float64 {
	d := f.Deliveries
	total := d[cpanel.EventSuccess] + d[cpanel.EventDefer] + d[cpanel.EventFailure] + d[cpanel.EventRejected]
	if total == 0 {
		return 0
	}
	return float64(d[cpanel.EventDefer]) * 100 / float64(total)
}

// ListedCount returns the number of listings.
func (f Figures) ListedCount() int {
	n := 0
	for _, l := range f.Listings {
		if l.Listed {
			n++
		}
	}
	return n
}

// FiguresOf measures the snapshot.
func FiguresOf(s *diagnose.Snapshot) Figures {
	f := Figures{Deliveries: map[cpanel.EventType]int{}}
	if f.DeliveriesRead = s.Covered(diagnose.SrcTrack); f.DeliveriesRead {
		for t, n := range s.DeliveryCounts() {
			f.Deliveries[t] = n
		}
	}
	if f.MailboxesRead = s.Covered(diagnose.SrcMailboxes); f.MailboxesRead {
		for _, m := range s.Mailboxes {
			if m.IsMainAccount() {
				continue
			}
			f.Mailboxes = append(f.Mailboxes, m)
			if p, ok := m.UsedPercent(); ok {
				if !f.WorstMailboxKnown || p > f.WorstMailbox {
					f.WorstMailbox, f.WorstMailboxKnown = p, true
				}
				if p >= 90 {
					f.MailboxesOver90++
				}
			}
		}
	}
	if s.Quota != nil && s.Covered(diagnose.SrcQuota) {
		q := s.Quota
		f.Disk = Usage{Used: q.DiskUsedBytes(), Limit: q.DiskLimitBytes(), Read: true}
		f.Inodes = Usage{Used: float64(q.InodesUsed), Limit: q.InodeLimit(), Read: true}
	}
	seen := map[[2]string]bool{}
	for _, r := range s.LiveDNS {
		for _, res := range r.Results {
			if res.Blocklist == nil || (res.Check != "blocklist-ip" && res.Check != "blocklist-domain") {
				continue
			}
			subject := strings.TrimSuffix(strings.ToLower(res.Subject), ".")
			for _, l := range res.Blocklist.Lists {
				k := [2]string{subject, l.Name}
				if seen[k] || l.Verdict == dnscheck.Unknown {
					continue // not answered: neither listed nor clean
				}
				seen[k] = true
				sev := diagnose.Fail
				if l.Verdict == dnscheck.Warn {
					sev = diagnose.Warn
				}
				f.BlocklistsChecked = true
				f.Listings = append(f.Listings, Listing{Subject: subject, Domain: res.Check == "blocklist-domain", List: l.Name,
					Listed: l.Listed && l.Verdict >= dnscheck.Warn, Severity: sev})
			}
		}
	}
	sort.SliceStable(f.Listings, func(i, j int) bool {
		a, b := f.Listings[i], f.Listings[j]
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return a.List < b.List
	})
	return f
}
