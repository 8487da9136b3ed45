package diagnose

import (
	"maps"
	"slices"
	"strings"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// Rules about what happened to mail the account sent, read from the
// delivery log.

func authRejected(e *Env) []Finding {
	// Forwarded mail refused for authentication is forwarder-external's.
	ds := e.Problems(func(d Delivery) bool { return d.Direction == Outgoing && d.Class.Reason == bounce.AuthFailure })
	if len(ds) == 0 {
		return nil
	}
	var out []Finding
	for _, dom := range senderDomains(ds) {
		group := filterDomain(ds, dom)
		ev := deliveryEvidence(group, 3)
		var causes []string
		st := e.S.AuthStates(dom)
		for _, c := range []struct{ name, state, source string }{{"SPF", st.SPF, SrcSPF}, {"DKIM", st.DKIM, SrcDKIM}, {"DMARC", st.DMARC, SrcDMARC}} {
			if c.state != "" && c.state != "VALID" {
				causes = append(causes, c.name+" "+c.state)
				ev = append(ev, Evidence{Source: c.source, Key: dom + " state", Value: c.state})
			}
		}
		for _, rep := range e.S.LiveDNS {
			if bare(rep.Domain) != dom {
				continue
			}
			for _, r := range rep.Results {
				if r.Check != "spf" && r.Check != "dkim" && r.Check != "dmarc" {
					continue
				}
				for _, p := range r.Problems {
					if p.Verdict == dnscheck.Fail {
						causes = append(causes, "public "+strings.ToUpper(r.Check)+" "+p.ID)
						ev = append(ev, Evidence{Source: SrcLiveDNS, Key: dom + " " + r.Check, Words: p.Text})
						break
					}
				}
			}
		}
		why := msg.New(".why")
		remedy := msg.New(".remedy", "Domain", dom)
		if len(causes) > 0 {
			why = msg.New(".why.checks-explain", "Causes", strings.Join(causes, ", "))
			remedy = msg.New(".remedy.open-cpanel-email", "Domain", dom)
		}
		f := e.Finding(dom,
			msg.New(".title", "Domain", dom),
			msg.New(".detail", "Count", messageCount(group), "Domain", dom, "Why", why),
			remedy,
			ev...)
		f.Count = records(group)
		out = append(out, f)
	}
	return out
}

// outgoing is a grouped outgoing rule as data: the reasons it reports,
// for outgoingGroup. Its words are the rule's own messages: .title (with
// Count, the messages), .detail (with Extra) and .remedy.
type outgoing struct {
	reasons []bounce.Reason
	// extra names what the refusals have in common (default: examplesText).
	extra func(ds []Delivery) msg.Text
	// ownSendingElsewhere leaves mail from a mailbox whose own sending is
	// suspended or held to outgoing-suspended and outgoing-held.
	ownSendingElsewhere bool
}

// outgoingGroup reports outgoing problems with one of g's reasons, grouped
// in one finding with counts and examples.
func outgoingGroup(g outgoing) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction != Incoming && hasReason(d, g.reasons) })
		if g.ownSendingElsewhere {
			ds = slices.DeleteFunc(ds, func(d Delivery) bool {
				m, ok := e.S.Mailbox(string(d.Record.Email))
				return ok && (bool(m.SuspendedOutgoing) || bool(m.HoldOutgoing))
			})
		}
		if len(ds) == 0 {
			return nil
		}
		extra := examplesText
		if g.extra != nil {
			extra = g.extra
		}
		subject := e.S.Account
		if doms := senderDomains(ds); len(doms) == 1 && doms[0] != "" {
			subject = doms[0]
		}
		f := e.Finding(subject, msg.New(".title", "Count", messageCount(ds)), msg.New(".detail", "Extra", extra(ds)), msg.New(".remedy"), deliveryEvidence(ds, 3)...)
		f.Count = records(ds)
		return []Finding{f}
	}
}

func sendLimitReached(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.SendLimit })
	if len(ds) == 0 {
		return nil
	}
	limit := msg.Text{}
	var ev []Evidence
	if u := e.S.UserInfo; u != nil {
		l := u.MaximumEmailsPerHour.OrZeroUnlimited()
		ev = append(ev, Evidence{Source: SrcUserInfo, Key: "maximum_emails_per_hour", Value: l.String()})
		if v, ok := l.Finite(); ok {
			limit = msg.New(".limit", "Limit", v)
		}
		ev = append(ev, Evidence{Source: SrcUserInfo, Key: "maximum_defer_fail_percentage", Value: u.MaximumDeferFailPercentage.String()})
	}
	ev = append(ev, deliveryEvidence(ds, 3)...)
	subject := e.S.Account
	if doms := senderDomains(ds); len(doms) == 1 && doms[0] != "" {
		subject = doms[0]
	}
	fate := msg.New(".fate")
	for _, r := range examplesOf(ds) {
		if strings.Contains(strings.ToLower(string(r.Message)), "reattempted") {
			fate = msg.New(".fate.some-messages-were")
			break
		}
	}
	f := e.Finding(subject,
		msg.New(".title", "Count", messageCount(ds)),
		msg.New(".detail", "Limit", limit, "Fate", fate),
		msg.New(".remedy"),
		ev...)
	f.Count = records(ds)
	return []Finding{f}
}

func smtpAuthRequired(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.RelayDenied })
	if len(ds) == 0 {
		return nil
	}
	clients := map[string]bool{}
	for _, d := range ds {
		c := string(d.Record.SenderIP)
		if c == "" {
			c = string(d.Record.SenderHost)
		}
		if c != "" {
			clients[c] = true
		}
	}
	who := ""
	if len(clients) > 0 {
		who = " (" + strings.Join(firstN(slices.Sorted(maps.Keys(clients)), 3), ", ") + ")"
	}
	f := e.Finding(e.S.Account,
		msg.New(".title", "Count", records(ds)),
		msg.New(".detail", "Who", who),
		msg.New(".remedy"),
		deliveryEvidence(ds, 3)...)
	f.Count = records(ds)
	return []Finding{f}
}

func messageTooLarge(e *Env) []Finding {
	ds := e.Problems(func(d Delivery) bool { return d.Class.Reason == bounce.MessageTooLarge })
	if len(ds) == 0 {
		return nil
	}
	var biggest int64
	for _, d := range ds {
		biggest = max(biggest, int64(d.Record.Size), d.MaxSize)
	}
	size := msg.Text{}
	if biggest > 0 {
		size = msg.New(".size", "Size", msg.Bytes(biggest))
	}
	f := e.Finding(e.S.Account,
		msg.New(".title", "Count", records(ds)),
		msg.New(".detail", "Size", size),
		msg.New(".remedy"),
		deliveryEvidence(ds, 3)...)
	f.Count = records(ds)
	return []Finding{f}
}

// eximRetryLimit is how long Exim keeps retrying by default before it gives up.
const eximRetryLimit = 4 * 24 * time.Hour

func deferredRetrying(e *Env) []Finding {
	// The delivery log sums the messages up as it is read (DeliveryLog.Retrying).
	pending := e.Log.Retrying
	if pending.Count == 0 {
		return nil
	}
	giveUp := pending.FirstAttempt.Add(eximRetryLimit)
	ev := recordEvidence(pending.Examples, pending.Count, 3)
	f := e.Finding(e.S.Account,
		msg.New(".title", "Count", pending.Count),
		msg.New(".detail", "GiveUp", giveUp),
		msg.New(".remedy"),
		ev...)
	f.Count = pending.Count
	return []Finding{f}
}
