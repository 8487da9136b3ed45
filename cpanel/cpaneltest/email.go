package cpaneltest

import (
	"fmt"
	"html"
	"math"
	"net/url"
	"regexp"
	"strconv"
	"strings"
)

const mib = 1 << 20

// round2 rounds to two decimals, as cPanel prints MB figures.
func round2(f float64) float64 { return math.Round(f*100) / 100 }

// humanSize formats bytes as cPanel's "483 bytes", "1.5 MB", "1 GB".
func humanSize(b float64, sep string) string {
	units := []string{"bytes", "KB", "MB", "GB", "TB"}
	i := 0
	for b >= 1024 && i < len(units)-1 {
		b /= 1024
		i++
	}
	return strconv.FormatFloat(round2(b), 'f', -1, 64) + sep + units[i]
}

// popRow is one row of Email::list_pops_with_disk.
func (h *Handler) popRow(email, login, user, domain string, quotaMB Quota, used int64, p url.Values) map[string]any {
	row := map[string]any{
		"email":          email,
		"login":          login,
		"user":           user,
		"domain":         domain,
		"_diskused":      used,
		"diskused":       round2(float64(used) / mib),
		"humandiskused":  "None",
		"mtime":          h.created.Unix() - 86400*90,
		"_diskquota":     nil,
		"diskquota":      "unlimited",
		"txtdiskquota":   "unlimited",
		"humandiskquota": "None",
	}
	if flag(p, "infinitylang") {
		row["diskquota"] = "∞"
	}
	if used > 0 {
		row["humandiskused"] = humanSize(float64(used), "\u00a0")
	}
	pct := 0.0
	if !quotaMB.Unlimited() {
		q := float64(quotaMB)
		row["_diskquota"] = strconv.FormatInt(int64(q*mib), 10)
		row["diskquota"] = strconv.FormatFloat(q, 'f', 2, 64)
		row["txtdiskquota"] = strconv.FormatFloat(q, 'f', 2, 64)
		row["humandiskquota"] = humanSize(q*mib, " ")
		pct = float64(used) / (q * mib) * 100
	}
	row["diskusedpercent_float"] = pct
	row["diskusedpercent"] = int(math.Floor(pct))
	row["diskusedpercent20"] = min(int(pct/20)*20, 100)
	return row
}

// listPopsWithDisk serves Email::list_pops_with_disk, with the "Main
// Account" row. suspended_incoming and suspended_login are always sent
// (as in cPanel's own fixtures); get_restrictions=1 adds
// suspended_outgoing, hold_outgoing and has_suspended.
func (h *Handler) listPopsWithDisk(p url.Values) result {
	domain := strings.ToLower(p.Get("domain"))
	local := strings.ToLower(p.Get("email"))
	if l, d, ok := strings.Cut(local, "@"); ok {
		local, domain = l, d
	}
	re, msg := regexParam(p)
	if msg != "" {
		return fail("%s", msg)
	}
	restrictions := flag(p, "get_restrictions")
	a := h.sc.Account
	rows := []any{}
	add := func(row map[string]any, m Mailbox) {
		if re != nil && !re.MatchString(row["email"].(string)) {
			return
		}
		b := func(v bool) int {
			if v {
				return 1
			}
			return 0
		}
		row["suspended_incoming"] = b(m.SuspendedIncoming)
		row["suspended_login"] = b(m.SuspendedLogin)
		if restrictions {
			row["suspended_outgoing"] = b(m.SuspendedOutgoing)
			row["hold_outgoing"] = b(m.HoldOutgoing)
			row["has_suspended"] = b(m.SuspendedIncoming || m.SuspendedLogin || m.SuspendedOutgoing || m.HoldOutgoing)
		}
		rows = append(rows, row)
	}
	if local == "" && (domain == "" || domain == strings.ToLower(a.MainDomain)) {
		add(h.popRow("Main Account", a.User, a.User, strings.ToLower(a.MainDomain), 0, a.MainMailUsedBytes, p), Mailbox{})
	}
	for _, m := range h.sc.Mailboxes {
		addr := strings.ToLower(m.Address)
		u, d, _ := strings.Cut(addr, "@")
		if (domain != "" && d != domain) || (local != "" && u != local) {
			continue
		}
		add(h.popRow(addr, addr, u, d, m.QuotaMB, m.UsedBytes, p), m)
	}
	if n, err := strconv.Atoi(p.Get("maxaccounts")); err == nil && n > 0 && n < len(rows) {
		rows = rows[:n]
	}
	return listed(rows)
}

// regexParam compiles the optional regex parameter ("/expr/" or "expr");
// Go's syntax stands in for PCRE. On failure it returns cPanel-style error
// text.
func regexParam(p url.Values) (*regexp.Regexp, string) {
	expr := strings.Trim(p.Get("regex"), "/")
	if expr == "" {
		return nil, ""
	}
	re, err := regexp.Compile(expr)
	if err != nil {
		return nil, fmt.Sprintf("The regular expression “%s” is invalid: %v", p.Get("regex"), err)
	}
	return re, ""
}

// listForwarders serves Email::list_forwarders.
func (h *Handler) listForwarders(p url.Values) result {
	domain := strings.ToLower(p.Get("domain"))
	if domain == "" {
		return missing("domain")
	}
	re, msg := regexParam(p)
	if msg != "" {
		return fail("%s", msg)
	}
	rows := []any{}
	for _, f := range h.sc.Forwarders {
		if domainOf(f.Address) != domain || (re != nil && !re.MatchString(f.Address)) {
			continue
		}
		rows = append(rows, map[string]any{
			"dest":         f.Address,
			"forward":      f.To,
			"html_dest":    html.EscapeString(f.Address),
			"html_forward": html.EscapeString(f.To),
			"uri_dest":     url.QueryEscape(f.Address),
			"uri_forward":  url.QueryEscape(f.To),
		})
	}
	return listed(rows)
}

// listDomainForwarders serves Email::list_domain_forwarders.
func (h *Handler) listDomainForwarders(p url.Values) result {
	domain := strings.ToLower(p.Get("domain"))
	rows := []any{}
	for _, f := range h.sc.DomainForwarders {
		if domain == "" || strings.EqualFold(f.Domain, domain) {
			rows = append(rows, map[string]any{"dest": strings.ToLower(f.Domain), "forward": strings.ToLower(f.To)})
		}
	}
	return listed(rows)
}

// defaultAddress returns a mail domain's default address.
func (sc *Scenario) defaultAddress(domain string) string {
	for d, v := range sc.DefaultAddresses {
		if strings.EqualFold(d, domain) {
			return v
		}
	}
	return sc.Account.User
}

// domainsParam returns the one domain asked for, or every mail domain; on
// failure, when the domain is not a mail domain of the account, it returns
// error text.
func (h *Handler) domainsParam(p url.Values) ([]string, string) {
	d := strings.ToLower(strings.TrimSpace(p.Get("domain")))
	if d == "" {
		return h.sc.mailDomains(), ""
	}
	if !h.sc.isMailDomain(d) {
		return nil, fmt.Sprintf("The domain “%s” is not a mail domain of the account “%s”.", d, h.sc.Account.User)
	}
	return []string{d}, ""
}

// listDefaultAddress serves Email::list_default_address.
func (h *Handler) listDefaultAddress(p url.Values) result {
	if strings.TrimSpace(p.Get("user")) == "" {
		return missing("user")
	}
	domains, msg := h.domainsParam(p)
	if msg != "" {
		return fail("%s", msg)
	}
	rows := []any{}
	for _, d := range domains {
		rows = append(rows, map[string]any{"domain": d, "defaultaddress": h.sc.defaultAddress(d)})
	}
	return listed(rows)
}

// routing returns a mail domain's configured routing, detected routing,
// effective routing and MX entries, with cPanel's defaults.
func (sc *Scenario) routing(domain string) (mxcheck, detected, effective string, entries []MXEntry) {
	var r MXRouting
	for d, v := range sc.MX {
		if strings.EqualFold(d, domain) {
			r = v
		}
	}
	mxcheck, detected, entries = r.MXCheck, r.Detected, r.Entries
	if mxcheck == "" {
		mxcheck = "auto"
	}
	if detected == "" {
		detected = "local"
	}
	if len(entries) == 0 {
		entries = []MXEntry{{MX: "mail." + domain, Priority: 0}}
	}
	effective = mxcheck
	if effective == "auto" {
		effective = detected
	}
	return mxcheck, detected, effective, entries
}

// listMXs serves Email::list_mxs.
func (h *Handler) listMXs(p url.Values) result {
	domains, msg := h.domainsParam(p)
	if msg != "" {
		return fail("%s", msg)
	}
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	rows := []any{}
	for _, d := range domains {
		mxcheck, detected, eff, entries := h.sc.routing(d)
		list := []any{}
		for i, e := range entries {
			parity := "odd"
			if i%2 == 1 {
				parity = "even"
			}
			list = append(list, map[string]any{"domain": d, "mx": e.MX, "priority": e.Priority, "entrycount": i + 1, "row": parity})
		}
		rows = append(rows, map[string]any{
			"domain":       d,
			"mxcheck":      mxcheck,
			"detected":     detected,
			"alwaysaccept": b(eff == "local"),
			"local":        b(eff == "local"),
			"remote":       b(eff == "remote"),
			"secondary":    b(eff == "secondary"),
			"mx":           entries[0].MX,
			"entries":      list,
			"status":       1,
			"statusmsg":    "Fetched MX List",
		})
	}
	return listed(rows)
}

// listMailDomains serves Email::list_mail_domains, main domain first.
func (h *Handler) listMailDomains(p url.Values) result {
	sel := strings.ToLower(p.Get("select"))
	rows := []any{}
	for _, d := range h.sc.mailDomains() {
		names := []string{d}
		if flag(p, "add_www") {
			names = append(names, "www."+d)
		}
		for _, n := range names {
			row := map[string]any{"domain": n}
			if sel != "" && n == sel {
				row["select"] = 1
			}
			rows = append(rows, row)
		}
	}
	return listed(rows)
}

// listFilters serves Email::list_filters: account-level filters, or those
// of the mailbox named by account.
func (h *Handler) listFilters(p url.Values) result {
	account := strings.ToLower(p.Get("account"))
	if account == h.sc.Account.User {
		account = ""
	}
	if account != "" && h.sc.mailbox(account) == nil {
		return fail("The email account “%s” does not exist.", account)
	}
	rows := []any{}
	for _, f := range h.sc.Filters {
		if !strings.EqualFold(f.Account, account) {
			continue
		}
		rules := []any{}
		for _, r := range f.Rules {
			opt := r.Opt
			if opt == "" {
				opt = "or"
			}
			rules = append(rules, map[string]any{"part": r.Part, "match": r.Match, "val": r.Val, "opt": opt})
		}
		actions := []any{}
		for _, a := range f.Actions {
			act := map[string]any{"action": a.Action}
			if a.Dest != "" {
				act["dest"] = a.Dest
			}
			actions = append(actions, act)
		}
		enabled := 0
		if f.Enabled {
			enabled = 1
		}
		rows = append(rows, map[string]any{"filtername": f.Name, "enabled": enabled, "rules": rules, "actions": actions, "unescaped": 1})
	}
	return ok(rows)
}

// getSpamSettings serves Email::get_spam_settings. With account, a mailbox
// without its own setting reports the account's as cpuser_spam_auto_delete.
func (h *Handler) getSpamSettings(p url.Values) result {
	s := h.sc.Spam
	b := func(v bool) int {
		if v {
			return 1
		}
		return 0
	}
	data := map[string]any{
		"spam_enabled":           b(!s.Disabled),
		"spam_box_enabled":       b(s.SpamBox),
		"rewrites_subjects":      b(s.RewritesSubjects),
		"spam_as_acl":            1,
		"spam_status_changeable": 1,
	}
	score := func(v float64) float64 {
		if v == 0 {
			return 5
		}
		return v
	}
	account := strings.ToLower(p.Get("account"))
	if account == "" || account == h.sc.Account.User {
		data["spam_auto_delete"] = b(s.AutoDelete)
		data["spam_auto_delete_score"] = score(s.AutoDeleteScore)
		return ok(data)
	}
	m := h.sc.mailbox(account)
	if m == nil {
		return fail("The email account “%s” does not exist.", account)
	}
	if m.Spam != nil {
		data["spam_auto_delete"] = b(m.Spam.AutoDelete)
		data["spam_auto_delete_score"] = score(m.Spam.AutoDeleteScore)
	} else {
		data["cpuser_spam_auto_delete"] = b(s.AutoDelete)
		data["cpuser_spam_auto_delete_score"] = score(s.AutoDeleteScore)
	}
	return ok(data)
}

// statsDBStatus serves Email::stats_db_status.
func (h *Handler) statsDBStatus(url.Values) result {
	if h.sc.StatsDBStatus == "" {
		return ok("active")
	}
	return ok(h.sc.StatsDBStatus)
}

// getHeldMessageCount serves Email::get_held_message_count: one mailbox's
// count, or the account's total without email.
func (h *Handler) getHeldMessageCount(p url.Values) result {
	email := strings.TrimSpace(p.Get("email"))
	if email == "" {
		n := 0
		for _, m := range h.sc.Mailboxes {
			n += m.HeldMessages
		}
		return ok(n)
	}
	m := h.sc.mailbox(email)
	if m == nil {
		return fail("The email account “%s” does not exist.", email)
	}
	return ok(m.HeldMessages)
}
