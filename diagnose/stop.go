package diagnose

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
)

// The answers that stop a diagnosis instead of degrading it. Callers get
// them from Snapshot.Err (or Refused and TargetMissing alone) after Gather
// and GatherDNS, and from a snapshot read back with ReadSnapshot:
//
//	s := diagnose.Gather(ctx, c, opts)
//	if err := s.Err(); err != nil {
//		// errors.Is(err, cpanel.ErrCredentialsRefused): stop, say so, exit 4.
//		// errors.Is(err, diagnose.ErrTargetNotOnAccount): one line, exit 2.
//	}
//
// Evaluate of such a snapshot gives the verdict unknown and no findings.

// ErrTargetNotOnAccount is matched (with errors.Is) by a TargetError: the
// domain or address asked about is not on the account.
var ErrTargetNotOnAccount = errors.New("diagnose: not on this account")

// RefusedError says that cPanel refused the credentials themselves (HTTP
// 401, or a 403 that names no feature) while Gather read Source. Gather then
// stopped: nothing queued was sent. errors.Is(err,
// cpanel.ErrCredentialsRefused) and errors.Is(err, cpanel.ErrUnauthorized)
// are true.
type RefusedError struct {
	// Answer is the call and cPanel's answer, as recorded in the snapshot.
	Answer string
}

// Error returns one line: what was refused.
func (e *RefusedError) Error() string {
	return "cPanel refused the credentials (" + e.Answer + "); nothing more was asked"
}

// Is makes errors.Is match cpanel.ErrCredentialsRefused and
// cpanel.ErrUnauthorized.
func (e *RefusedError) Is(target error) bool {
	return target == cpanel.ErrCredentialsRefused || target == cpanel.ErrUnauthorized
}

// TargetError says that the target is not on the account, as its domain
// list (and for an address, its mailboxes and forwarders) shows.
type TargetError struct {
	Target Target
	// Domains are the account's domains it was looked for in.
	Domains []string
}

// Error returns one line.
func (e *TargetError) Error() string {
	if e.Target.Kind == TargetAddress && contains(e.Domains, e.Target.Domain()) {
		return fmt.Sprintf("%s is not an email account or forwarder on this cPanel account (its domain %s is)", e.Target.Value, e.Target.Domain())
	}
	prefix := ""
	if e.Target.Kind == TargetAddress {
		prefix = e.Target.Value + ": "
	}
	return fmt.Sprintf("%s%s is not a domain of this cPanel account (its domains: %s)", prefix, e.Target.Domain(), shortList(e.Domains, 8))
}

// Is makes errors.Is match ErrTargetNotOnAccount.
func (e *TargetError) Is(target error) bool { return target == ErrTargetNotOnAccount }

// Refused returns a *RefusedError when cPanel refused the credentials
// while the snapshot was gathered, else nil.
func (s *Snapshot) Refused() error {
	if s.CredentialsRefused == "" {
		return nil
	}
	return &RefusedError{Answer: s.CredentialsRefused}
}

// TargetMissing returns a *TargetError when the snapshot's domain or address
// target is not on the account. It decides only from what could be read:
// the mail domains (Email::list_mail_domains) or the domain list
// (DomainInfo::list_domains) for the domain, and, for an address whose
// domain is the account's, the mailboxes and that domain's forwarders. An
// address that has delivery records in the window is never "missing":
// mail to it is what the diagnosis explains.
func (s *Snapshot) TargetMissing() error {
	if s.Target.Kind == TargetAccount {
		return nil
	}
	var domains []string
	if s.Covered(SrcMailDomains) {
		domains = append(domains, s.MailDomains...)
	}
	if s.Domains != nil {
		for _, d := range s.Domains.All() {
			if !contains(domains, d) {
				domains = append(domains, d)
			}
		}
	}
	if len(domains) == 0 {
		return nil // nothing to decide from
	}
	d := s.Target.Domain()
	if !contains(domains, d) {
		return &TargetError{Target: s.Target, Domains: domains}
	}
	if s.Target.Kind != TargetAddress || !s.Covered(SrcMailboxes) || !s.Covered(SrcForwarders+" "+d) {
		return nil
	}
	addr := s.Target.Value
	if _, ok := s.Mailbox(addr); ok {
		return nil
	}
	for _, f := range s.Forwarders {
		if strings.EqualFold(f.Dest, addr) {
			return nil
		}
	}
	if !s.Covered(SrcTrack) {
		return nil
	}
	for _, r := range s.Deliveries {
		if strings.EqualFold(string(r.Recipient), addr) || strings.EqualFold(string(r.Email), addr) {
			return nil
		}
	}
	return &TargetError{Target: s.Target, Domains: domains}
}

// Err returns what stops the diagnosis: Refused, else TargetMissing, else nil.
func (s *Snapshot) Err() error {
	if err := s.Refused(); err != nil {
		return err
	}
	return s.TargetMissing()
}

// shortList joins up to n items, adding "… (N more)".
func shortList(list []string, n int) string {
	if len(list) <= n {
		return strings.Join(list, ", ")
	}
	return strings.Join(list[:n], ", ") + fmt.Sprintf(", … (%d more)", len(list)-n)
}
