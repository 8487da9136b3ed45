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
	// LockedOut is true when the answer named cPanel's brute-force
	// protection: errors.Is(err, cpanel.ErrLockedOut) is then true.
	LockedOut bool
	// Err is the refused call's error, when the snapshot was gathered in
	// this process (not read back from a file).
	Err error
}

// Error returns one line: what was refused.
func (e *RefusedError) Error() string {
	return "cPanel refused the credentials (" + e.Answer + "); nothing more was asked"
}

// Is makes errors.Is match cpanel.ErrCredentialsRefused and
// cpanel.ErrUnauthorized, and cpanel.ErrLockedOut when LockedOut.
func (e *RefusedError) Is(target error) bool {
	return target == cpanel.ErrCredentialsRefused || target == cpanel.ErrUnauthorized ||
		(e.LockedOut && target == cpanel.ErrLockedOut)
}

// Unwrap returns the refused call's error, or nil.
func (e *RefusedError) Unwrap() error { return e.Err }

// TargetError says that the target's domain is not on the account, as its
// domain lists show.
type TargetError struct {
	Target Target
	// Domains are the account's domains it was looked for in.
	Domains []string
}

// Error returns one line.
func (e *TargetError) Error() string {
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
	return &RefusedError{Answer: s.CredentialsRefused, LockedOut: s.CredentialsLockedOut, Err: s.refusal}
}

// TargetMissing returns a *TargetError when the domain of the snapshot's
// domain or address target is not on the account. It decides only from
// what could be read: the mail domains (Email::list_mail_domains) and the
// domain list (DomainInfo::list_domains). An address of one of the
// account's domains is never "missing": that it has no mailbox or forwarder
// is a finding (recipient-unknown), with the nearest address that exists.
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
	if len(domains) == 0 || contains(domains, s.Target.Domain()) {
		return nil // nothing to decide from, or on the account
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
