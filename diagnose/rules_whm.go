package diagnose

import (
	"fmt"
	"strconv"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/msg"
)

// Rules about what only WHM shows of an account (cpmail fleet): the
// whole account's suspension, its outgoing mail switches, and its hourly
// limits as WHM's delivery statistics report them.

// WHMFacts are an account's facts as WHM reports them.
type WHMFacts struct {
	// Account is the account's row of listaccts.
	Account cpanel.WHMAccount `json:"account"`
	// Stats is its row of emailtrack_user_stats in the window; nil when
	// it was not read (Coverage says why) or the account sent nothing.
	Stats *cpanel.UserStats `json:"stats,omitempty"`
}

// Sources of the WHM facts, for Coverage and Evidence.
const (
	SrcWHMAccounts  = "WHM::listaccts"
	SrcWHMUserStats = "WHM::emailtrack_user_stats"
)

// failureRateMin is the smallest number of messages sent for which a
// failure or deferral rate says something; failureRateWarn the rate from
// which it is reported.
const (
	failureRateMin  = 5
	failureRateWarn = 0.2
)

func accountSuspended(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || !bool(w.Account.Suspended) {
		return nil
	}
	user := string(w.Account.User)
	ev := []Evidence{{Source: SrcWHMAccounts, Key: user + " suspended", Value: "1"},
		{Source: SrcWHMAccounts, Key: user + " suspendreason", Value: oneLine(string(w.Account.SuspendReason), 200)}}
	since := msg.Text{}
	if t := int64(w.Account.SuspendTime); t > 0 {
		at := time.Unix(t, 0).UTC()
		ev = append(ev, Evidence{Source: SrcWHMAccounts, Key: user + " suspendtime", Value: at.Format(time.RFC3339), Raw: t})
		since = msg.New(".since", "Time", at.Format("2006-01-02 15:04 UTC"))
	}
	reason := msg.New(".no-reason")
	if r := string(w.Account.SuspendReason); r != "" && r != "not suspended" {
		reason = msg.New(".reason", "Reason", oneLine(r, 200))
	}
	return []Finding{e.Finding(user,
		msg.New(".title", "User", user),
		msg.New(".detail", "User", user, "Since", since, "Reason", reason),
		msg.New(".remedy", "User", user),
		ev...)}
}

func accountOutgoingSuspended(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || !bool(w.Account.OutgoingMailSuspended) {
		return nil
	}
	return outgoingSwitch(e, "outgoing_mail_suspended", "Domain", string(w.Account.Domain))
}

func accountOutgoingHeld(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || !bool(w.Account.OutgoingMailHold) {
		return nil
	}
	return outgoingSwitch(e, "outgoing_mail_hold")
}

// outgoingSwitch is the finding of an outgoing mail switch of the account
// that is on (field of listaccts); detail are the detail's pairs besides
// the user.
func outgoingSwitch(e *Env, field string, detail ...any) []Finding {
	user := string(e.S.WHM.Account.User)
	return []Finding{e.Finding(user,
		msg.New(".title", "User", user),
		msg.New(".detail", append([]any{"User", user}, detail...)...),
		msg.New(".remedy", "User", user),
		Evidence{Source: SrcWHMAccounts, Key: user + " " + field, Value: "1"})}
}

func accountHourlyLimitReached(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || w.Stats == nil || !bool(w.Stats.ReachedMaxEmails) {
		return nil
	}
	return limitReached(e, "REACHED_MAXEMAILS", "max_email_per_hour", w.Account.MaxEmailPerHour.String())
}

func accountDeferFailLimitReached(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || w.Stats == nil || !bool(w.Stats.ReachedMaxDeferFail) {
		return nil
	}
	return limitReached(e, "REACHED_MAXDEFERFAIL", "max_defer_fail_percentage", w.Account.MaxDeferFailPercentage.String())
}

// limitReached is the finding of a limit WHM's statistics say the account
// reached (stat), with the account's limit (field of listaccts).
func limitReached(e *Env, stat, field, limit string) []Finding {
	user := string(e.S.WHM.Account.User)
	return []Finding{e.Finding(user,
		msg.New(".title", "User", user),
		msg.New(".detail", "User", user, "Limit", limit),
		msg.New(".remedy", "User", user),
		Evidence{Source: SrcWHMUserStats, Key: user + " " + stat, Value: "1"},
		Evidence{Source: SrcWHMAccounts, Key: user + " " + field, Value: limit})}
}

// accountFailureRate reports many failed or deferred messages in WHM's
// statistics. It is the triage of 'fleet --quick', which reads no
// delivery log: when the log was read, its own rules say more.
func accountFailureRate(e *Env) []Finding {
	w := e.S.WHM
	if w == nil || w.Stats == nil || e.S.DeliveryLog != nil || len(e.S.Deliveries) > 0 {
		return nil
	}
	st := w.Stats
	sent := int64(st.SendCount)
	if sent < failureRateMin {
		return nil
	}
	user := string(w.Account.User)
	var out []Finding
	for _, k := range []struct {
		key, kind, title string
		n                int64
	}{{"FAILCOUNT", "failed", ".title.failed", int64(st.FailCount)}, {"DEFERCOUNT", "deferred", ".title.deferred", int64(st.DeferCount)}} {
		rate := float64(k.n) / float64(sent)
		if rate < failureRateWarn {
			continue
		}
		pct := int(rate*100 + 0.5)
		f := e.Finding(user+" "+k.kind,
			msg.New(k.title, "User", user, "Percent", pct),
			msg.New(".detail", "Count", int(k.n), "Sent", int(sent), "Percent", pct),
			msg.New(".remedy", "User", user),
			Evidence{Source: SrcWHMUserStats, Key: user + " " + k.key, Value: strconv.FormatInt(k.n, 10), Raw: k.n},
			Evidence{Source: SrcWHMUserStats, Key: user + " SENDCOUNT", Value: fmt.Sprint(sent), Raw: sent})
		f.Count = int(k.n)
		out = append(out, f)
	}
	return out
}

// WHMRules returns the rules that read only WHM's facts (the triage of
// 'cpmail fleet --quick'), in the order of Rules.
func WHMRules() []Rule {
	var out []Rule
	for _, r := range Rules() {
		if r.Area == AreaWHM {
			out = append(out, r)
		}
	}
	return out
}
