package cmdutil

import (
	"errors"
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render"
)

// OnAccount checks that the target's domain is one of the account's mail
// domains. An address is not checked further: mail to an address that has
// no mailbox (a typo, a removed user) is one of the things a diagnosis
// explains.
func OnAccount(p *Printer, target diagnose.Target, domains []string, account string) error {
	d := target.Domain()
	if d == "" {
		return nil
	}
	for _, md := range domains {
		if strings.EqualFold(strings.TrimSuffix(md, "."), d) {
			return nil
		}
	}
	shown := domains
	more := ""
	if len(shown) > 5 {
		shown, more = shown[:5], ", …"
	}
	list := make([]string, len(shown))
	for i, md := range shown {
		list[i] = render.Safe(md)
	}
	has := strings.Join(list, ", ") + more
	if len(domains) == 0 {
		has = p.Tr("cli.none")
	}
	if target.Kind == diagnose.TargetAddress {
		return Usage(p.Tr("cli.not-account-not-one", "Value", render.Safe(target.Value), "Account", render.Safe(account), "D", render.Safe(d), "Has", has))
	}
	return Usage(p.Tr("cli.not-mail-domain-account", "D", render.Safe(d), "Account", render.Safe(account), "Has", has))
}

// AnyRead reports whether at least one source could be read.
func AnyRead(cov []diagnose.Coverage) bool {
	for _, c := range cov {
		if c.OK {
			return true
		}
	}
	return false
}

// UnreadLine says what a diagnosis could not read: its result is partial
// (verdict unknown when nothing was found), and not a clean bill.
func UnreadLine(p *Printer, cov []diagnose.Coverage) string {
	var failed []string
	for _, c := range cov {
		if !c.OK {
			failed = append(failed, render.Safe(c.Source))
		}
	}
	more := ""
	if len(failed) > 5 {
		more = p.Tr("cli.text")
		failed = failed[:5]
	}
	return p.Tr("cli.could-not-read") + strings.Join(failed, p.Tr("cli.text-2")) + more +
		p.Tr("cli.see-above-diagnosis-partial")
}

// FailureCause names in a few words why a source could not be read, for
// a table cell: "HTTP 500", "timed out", … It goes by the coverage's
// class, which a saved snapshot keeps too.
func FailureCause(p *Printer, c diagnose.Coverage) string {
	var he *cpanel.HTTPError
	if errors.As(c.Err, &he) {
		return fmt.Sprintf("HTTP %d", he.StatusCode)
	}
	switch c.Class {
	case diagnose.ClassTimeout:
		return p.Tr("cli.timed-out")
	case diagnose.ClassCanceled:
		return p.Tr("cli.interrupted")
	case diagnose.ClassSkipped:
		return p.Tr("cli.not-asked")
	case diagnose.ClassUnanswered:
		return p.Tr("cli.no-dns-answer")
	case diagnose.FailureClass(cpanel.ClassAPI):
		return p.Tr("cli.cpanel-refused-call")
	case diagnose.FailureClass(cpanel.ClassUnauthorized):
		return p.Tr("cli.access-denied")
	case diagnose.FailureClass(cpanel.ClassDecode):
		return p.Tr("cli.not-cpanel-json")
	case diagnose.FailureClass(cpanel.ClassSize):
		return p.Tr("cli.answer-too-large")
	case diagnose.FailureClass(cpanel.ClassNetwork):
		return p.Tr("cli.cannot-connect")
	case diagnose.FailureClass(cpanel.ClassRedirect):
		return p.Tr("cli.redirected")
	}
	return p.Tr("cli.failed")
}
