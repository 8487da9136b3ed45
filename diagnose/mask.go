package diagnose

import (
	"fmt"
	"hash/fnv"
	"regexp"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// Mask replaces every third-party email address in the snapshot (one whose
// domain is not one of the account's) with a stable pseudonym such as
// "user-3f2a9c1b@masked-77e01d.invalid", in fields and inside message
// texts, so a snapshot can be attached to a public ticket. The same
// address always gets the same pseudonym, so the diagnosis is unchanged.
// The account's own addresses, hosts and IPs are kept.
func Mask(s *Snapshot) {
	m := masker{local: map[string]bool{}, re: regexp.MustCompile(`[A-Za-z0-9._%+\-=]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+`)}
	for _, d := range s.MailDomains {
		m.local[strings.ToLower(d)] = true
	}
	if s.Domains != nil {
		for _, d := range s.Domains.All() {
			m.local[strings.ToLower(d)] = true
		}
	}
	if s.UserInfo != nil {
		for _, d := range s.UserInfo.Domains {
			m.local[strings.ToLower(d)] = true
		}
	}
	m.records(s.Deliveries)
	if l := s.DeliveryLog; l != nil {
		for i := range l.Groups {
			m.records(l.Groups[i].Examples)
		}
		m.records(l.Retrying.Examples)
		m.records(l.Followed)
	}
	for i := range s.Forwarders {
		s.Forwarders[i].Forward = m.text(s.Forwarders[i].Forward)
	}
	for i := range s.DefaultAddresses {
		s.DefaultAddresses[i].DefaultAddress = m.text(s.DefaultAddresses[i].DefaultAddress)
	}
	for i := range s.Filters {
		for j := range s.Filters[i].Rules {
			s.Filters[i].Rules[j].Val = cpanel.String(m.text(string(s.Filters[i].Rules[j].Val)))
		}
		for j := range s.Filters[i].Actions {
			s.Filters[i].Actions[j].Dest = cpanel.String(m.text(string(s.Filters[i].Actions[j].Dest)))
		}
	}
	if s.Trace != nil {
		m.trace(s.Trace)
	}
	if s.Target.Kind == TargetAddress {
		s.Target.Value = m.text(s.Target.Value)
	}
	for i := range s.Coverage {
		s.Coverage[i].Error = m.text(s.Coverage[i].Error)
		s.Coverage[i].Source = m.text(s.Coverage[i].Source)
	}
	s.Masked = true
}

type masker struct {
	local map[string]bool
	re    *regexp.Regexp
}

func (m masker) text(s string) string {
	if !strings.Contains(s, "@") {
		return s
	}
	return m.re.ReplaceAllStringFunc(s, m.addr)
}

func (m masker) addr(a string) string {
	i := strings.LastIndexByte(a, '@')
	domain := strings.ToLower(a[i+1:])
	if m.local[domain] || isPseudonymDomain(domain) {
		// A pseudonym stays as it is: a snapshot masked when saved and
		// masked again when read back keeps the same pseudonyms.
		return a
	}
	return fmt.Sprintf("user-%08x@masked-%06x.invalid", hash(strings.ToLower(a)), hash(domain)&0xffffff)
}

func (m masker) records(recs []cpanel.DeliveryRecord) {
	for i := range recs {
		r := &recs[i]
		for _, f := range []*cpanel.String{&r.Email, &r.Sender, &r.Recipient, &r.DeliveredTo, &r.Message, &r.MsgID, &r.SenderHost} {
			*f = cpanel.String(m.text(string(*f)))
		}
	}
}

func (m masker) trace(n *cpanel.TraceNode) {
	n.Address, n.Mailbox = m.text(n.Address), m.text(n.Mailbox)
	for i := range n.Destinations {
		m.trace(&n.Destinations[i])
	}
}

// isPseudonymDomain reports whether domain is one Mask made
// ("masked-77e01d.invalid").
func isPseudonymDomain(domain string) bool {
	return strings.HasPrefix(domain, "masked-") && strings.HasSuffix(domain, ".invalid")
}

func hash(s string) uint32 {
	h := fnv.New32a()
	h.Write([]byte(s))
	return h.Sum32()
}
