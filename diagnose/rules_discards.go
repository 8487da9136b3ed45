package diagnose

import (
	"fmt"
	"maps"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/cpmail/cpmail/diagnose/msg"

	"github.com/cpmail/cpmail/cpanel"
)

// Rules about what throws mail away on arrival: the default address,
// email filters and spam auto-delete.

func defaultAddressDiscards(e *Env) []Finding {
	das := append([]cpanel.DefaultAddress(nil), e.S.DefaultAddresses...)
	sort.SliceStable(das, func(i, j int) bool { return das[i].Domain < das[j].Domain })
	var out []Finding
	for _, da := range das {
		v := strings.TrimSpace(da.DefaultAddress)
		bare := strings.Trim(v, `"`)
		var detail msg.Text
		switch {
		case strings.HasPrefix(strings.ToLower(bare), ":blackhole:"):
			detail = msg.New(".detail", "Domain", da.Domain)
		case strings.HasPrefix(bare, "|"):
			detail = msg.New(".detail.default-address-pipes", "Domain", da.Domain, "Bare", bare)
		default:
			continue
		}
		out = append(out, e.Finding(da.Domain,
			msg.New(".title", "Domain", da.Domain),
			detail,
			msg.New(".remedy", "Domain", da.Domain),
			Evidence{Source: SrcDefaultAddress, Key: da.Domain + " defaultaddress", Value: v}))
	}
	return out
}

// filterDiscard returns the action of f that throws mail away, if any.
func filterDiscard(f cpanel.Filter) (cpanel.FilterAction, bool) {
	for _, a := range f.Actions {
		act := strings.ToLower(strings.TrimSpace(string(a.Action)))
		dest := strings.TrimSpace(string(a.Dest))
		if dest == "/dev/null" || act == "fail" || act == "discard" {
			return a, true
		}
	}
	return cpanel.FilterAction{}, false
}

// filterCondition writes a filter's rules as "$header_subject: contains coconut".
func filterCondition(f cpanel.Filter) string {
	var b strings.Builder
	for i, r := range f.Rules {
		if i > 0 {
			opt := strings.ToLower(string(f.Rules[i-1].Opt))
			if opt != "and" {
				opt = "or"
			}
			b.WriteString(" " + opt + " ")
		}
		b.WriteString(strings.TrimSpace(strings.Join(strings.Fields(string(r.Part)+" "+string(r.Match)+" "+string(r.Val)), " ")))
	}
	return b.String()
}

func filterDiscards(e *Env) []Finding {
	fs := append([]cpanel.Filter(nil), e.S.Filters...)
	sort.SliceStable(fs, func(i, j int) bool {
		if fs[i].Account != fs[j].Account {
			return fs[i].Account < fs[j].Account
		}
		return fs[i].Name < fs[j].Name
	})
	var out []Finding
	for _, f := range fs {
		if !f.IsEnabled() {
			continue
		}
		a, ok := filterDiscard(f)
		if !ok {
			continue
		}
		subject, where, owner := f.Account, msg.New(".where", "Account", f.Account), msg.New(".owner", "Account", f.Account)
		remedy := msg.New(".remedy", "Account", f.Account, "Name", f.Name)
		if f.Account == "" {
			subject, where, owner = e.S.Account, msg.New(".where.every-mailbox-account"), msg.New(".owner.account-level-every")
			remedy = msg.New(".remedy.cpanel-global-email", "Name", f.Name)
		}
		hit := func(d Delivery) bool {
			return d.Record.Type == cpanel.EventFiltered && (f.Account == "" || strings.EqualFold(string(d.Record.Recipient), f.Account))
		}
		var filtered []Delivery
		for _, d := range e.Deliveries {
			if hit(d) {
				filtered = append(filtered, d)
			}
		}
		act := strings.TrimSpace(string(a.Action))
		what := msg.New(".what")
		if strings.EqualFold(act, "fail") {
			what = msg.New(".what.refuses-with-error")
		}
		cond := filterCondition(f)
		if cond == "" {
			cond = "(all mail)"
		}
		sev := Warn
		seen := msg.Text{}
		if len(filtered) > 0 {
			sev = Fail
			seen = msg.New(".seen", "Count", records(filtered))
		}
		ev := []Evidence{
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q rules", orAccount(f.Account), f.Name), Value: cond},
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q action", orAccount(f.Account), f.Name), Value: strings.TrimSpace(act + " " + string(a.Dest))},
		}
		ev = append(ev, deliveryEvidence(filtered, 3)...)
		fd := e.FindingAt(sev, subject,
			msg.New(".title", "Name", f.Name, "Where", where),
			msg.New(".detail", "Name", f.Name, "Owner", owner, "Condition", cond, "What", what, "Seen", seen),
			remedy, ev...)
		fd.Count = records(filtered)
		out = append(out, fd)
	}
	return out
}

// orAccount names a filter's owner for evidence keys.
func orAccount(account string) string {
	if account == "" {
		return "account-level"
	}
	return account
}

func spamAutoDelete(e *Env) []Finding {
	acct, haveAcct := e.S.SpamSettings[""]
	var out []Finding
	for _, key := range slices.Sorted(maps.Keys(e.S.SpamSettings)) {
		st := e.S.SpamSettings[key]
		on, score := st.AutoDelete()
		if !on || !bool(st.SpamEnabled) {
			continue
		}
		inherited := key != "" && st.SpamAutoDelete == nil
		if inherited && haveAcct {
			if accOn, _ := acct.AutoDelete(); accOn {
				continue // reported once for the account
			}
		}
		subject, who := key, msg.New(".who", "Key", key)
		onKey, scoreKey := "spam_auto_delete", "spam_auto_delete_score"
		if inherited {
			onKey, scoreKey = "cpuser_spam_auto_delete", "cpuser_spam_auto_delete_score"
			who = msg.New(".who.mailbox-following-account", "Key", key)
		}
		if key == "" {
			subject, who = e.S.Account, msg.New(".who.every-mailbox-account")
		}
		scoreText := strconv.FormatFloat(score, 'f', -1, 64)
		if score == 0 {
			scoreText = "?"
		}
		low := msg.Text{}
		if score > 0 && score <= 5 {
			low = msg.New(".low", "Score", scoreText)
		}
		remedy := msg.New(".remedy")
		if key != "" && !inherited {
			remedy = msg.New(".remedy.has-own-spam", "Key", key)
		}
		out = append(out, e.Finding(subject,
			msg.New(".title", "Score", scoreText, "Who", who),
			msg.New(".detail", "Who", who, "Score", scoreText, "Low", low),
			remedy,
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + onKey, Value: "1"},
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + scoreKey, Value: scoreText}))
	}
	return out
}
