package report

import (
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/msg"
)

// The codes of the reasons live DNS checks are skipped; each is worded by
// the catalog entry skip.<code>, whose arguments Arg1, Arg2… are the
// reason's Args.
const (
	SkipOffline    = "offline"
	SkipNoResolver = "no-resolver"
	SkipBlind      = "resolver-blind"
	SkipError      = "error"
)

// skipArgs returns how many arguments a skip code's words take, and false
// for a code this cpmail does not know (a newer one's snapshot).
func skipArgs(code string) (int, bool) {
	switch code {
	case SkipOffline, diagnose.SkipNoTime:
		return 0, true
	case SkipNoResolver, SkipError, SkipBlind:
		return 1, true
	}
	return 0, false
}

// SkipReason is the reason with its text in English (en renders a catalog
// id in English), as snapshots keep it for readers that do not know the
// code.
func SkipReason(en func(id string, pairs ...any) string, code string, args ...string) diagnose.SkipReason {
	return SkipReasonWords(en, code, msg.Text{}, args...)
}

// SkipReasonWords is SkipReason with a part that is words (the argument
// Reason of the code's message).
func SkipReasonWords(en func(id string, pairs ...any) string, code string, words msg.Text, args ...string) diagnose.SkipReason {
	r := diagnose.SkipReason{Code: code, Args: args, Words: words}
	r.Text = SkipText(en, &r, "")
	return r
}

// SkipText words a skip reason with tr (a catalog's renderer); a code it
// does not know is shown in the reason's own text. A nil reason is text.
func SkipText(tr func(id string, pairs ...any) string, r *diagnose.SkipReason, text string) string {
	if r == nil {
		return text
	}
	n, ok := skipArgs(r.Code)
	if !ok || n != len(r.Args) {
		return r.Text
	}
	var pairs []any
	for i, a := range r.Args {
		pairs = append(pairs, "Arg"+string(rune('1'+i)), a)
	}
	if !r.Words.IsZero() {
		pairs = append(pairs, "Reason", r.Words)
	}
	return tr("skip."+r.Code, pairs...)
}
