package report

import (
	"strconv"

	"github.com/cpmail/cpmail/diagnose"
)

// Account is one account of a fleet (cpmail fleet), as the fleet's
// documents show it. Its texts came from outside: a writer escapes them.
type Account struct {
	Account, Domain, Owner string
	Suspended              bool
	Verdict                diagnose.Verdict
	// Cause is the most likely cause: the error when the account could
	// not be read, else the first finding's title ("" for none).
	Cause string
	// Error is one line when the account could not be read.
	Error                             string
	Sent, Delivered, Failed, Deferred int64
	// Report is the account's diagnosis (or --quick's triage); nil when
	// the account could not be read at all.
	Report *diagnose.Report
}

// Detailed reports whether a fleet's document gives the account a
// section of its own: it is not PASS, or it could not be read.
func (a Account) Detailed() bool { return a.Verdict != diagnose.VerdictPass || a.Error != "" }

// FleetHeaders are the headers of the fleet table, in the order of
// FleetRow's cells.
func FleetHeaders(tr func(string, ...any) string) []string {
	ids := []string{"header.account", "header.domain", "header.owner", "header.suspended", "header.verdict", "header.likely-cause",
		"header.sent", "header.delivered", "header.failed", "header.deferred"}
	out := make([]string, len(ids))
	for i, id := range ids {
		out[i] = tr(id)
	}
	return out
}

// FleetRow is an account's cells of the fleet table, as plain text (the
// caller escapes them for its format).
func FleetRow(tr func(string, ...any) string, a Account) []string {
	suspended := "-"
	if a.Suspended {
		suspended = tr("fleet.yes")
	}
	cause := a.Cause
	if cause == "" {
		cause = "-"
	}
	n := func(v int64) string { return strconv.FormatInt(v, 10) }
	return []string{a.Account, a.Domain, a.Owner, suspended, VerdictWord(tr, a.Verdict), cause, n(a.Sent), n(a.Delivered), n(a.Failed), n(a.Deferred)}
}

// FleetSummary counts the accounts by verdict, out of total listed.
func FleetSummary(tr func(string, ...any) string, accts []Account, total int) string {
	n := map[diagnose.Verdict]int{}
	for _, a := range accts {
		n[a.Verdict]++
	}
	return tr("fleet.summary", "Count", len(accts), "Total", total, "Fail", n[diagnose.VerdictFail], "Warn", n[diagnose.VerdictWarn],
		"Unknown", n[diagnose.VerdictUnknown], "Pass", n[diagnose.VerdictPass])
}

// VerdictRank orders the verdicts worst first, as a fleet is sorted:
// fail, then unknown (what could not be read is never taken for fine),
// then warn, then pass.
func VerdictRank(v diagnose.Verdict) int {
	switch v {
	case diagnose.VerdictFail:
		return 0
	case diagnose.VerdictUnknown:
		return 1
	case diagnose.VerdictWarn:
		return 2
	}
	return 3
}
