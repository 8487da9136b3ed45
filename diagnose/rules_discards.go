package diagnose

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

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
		var detail Text
		switch {
		case strings.HasPrefix(strings.ToLower(bare), ":blackhole:"):
			detail = Tf("The default address of %s is :blackhole:. Mail to any address that does not exist there (a typo, an old employee's address) is accepted and then deleted: the sender believes it was delivered and nobody ever sees it.",
				"%s 的預設地址設為 :blackhole:。寄到該網域不存在地址的郵件（拼錯的地址、離職員工的地址）會先被收下再直接刪除：寄件者以為已送達，卻沒有任何人看得到。", da.Domain)
		case strings.HasPrefix(bare, "|"):
			detail = Tf("The default address of %s pipes mail to a program (%s). Mail to addresses that do not exist goes to that program instead of bouncing; if the program drops it or fails quietly, it vanishes and the sender is never told.",
				"%s 的預設地址會把郵件交給程式處理（%s）。寄到不存在地址的郵件不會退信，而是交給該程式；若程式丟棄郵件或默默出錯，郵件就此消失，寄件者也不會收到通知。", da.Domain, bare)
		default:
			continue
		}
		out = append(out, e.Finding(da.Domain,
			Tf("Mail to unknown addresses at %s disappears without a bounce", "寄到 %s 不存在地址的郵件會消失且不會退信", da.Domain),
			detail,
			Tf("In cPanel » Default Address, choose %s and set it to \"Discard the email while your server processes it by SMTP time with an error message\" (:fail:), so senders of a mistyped address get a bounce; or forward it to a mailbox someone reads.",
				"到 cPanel »「預設地址」選擇 %s，改為「在 SMTP 階段以錯誤訊息拒收」（:fail:），讓寄錯地址的人會收到退信；或轉寄到有人在看的信箱。", da.Domain),
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
		subject, where, owner := f.Account, Tf("the mailbox %s", "信箱 %s ", f.Account), Tf("of %s", "%s ", f.Account)
		remedy := Tf("In cPanel » Email Filters » Manage Filters for %[1]s, edit \"%[2]s\": make it \"Deliver to Folder\" (for example Junk) instead of discarding, or delete it if it is no longer wanted.",
			"到 cPanel »「電子郵件篩選器」» %[1]s 的「管理篩選器」，編輯「%[2]s」：把動作改成「傳遞到資料夾」（例如垃圾郵件資料夾）而不是丟棄；若已不需要，直接刪除。", f.Account, f.Name)
		if f.Account == "" {
			subject, where, owner = e.S.Account, T("every mailbox of the account", "帳號內所有信箱"), T("(account level, for every mailbox)", "帳號層級（套用到所有信箱）")
			remedy = Tf("In cPanel » Global Email Filters, edit \"%[1]s\": make it \"Deliver to Folder\" (for example Junk) instead of discarding, or delete it if it is no longer wanted.",
				"到 cPanel »「全域電子郵件篩選器」編輯「%[1]s」：把動作改成「傳遞到資料夾」（例如垃圾郵件資料夾）而不是丟棄；若已不需要，直接刪除。", f.Name)
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
		what := T("deletes it silently", "直接刪除，不留痕跡")
		if strings.EqualFold(act, "fail") {
			what = T("refuses it with an error, so the sender gets a bounce but the recipient never sees the message", "以錯誤拒收，寄件者會收到退信，但收件者永遠看不到這封信")
		}
		cond := filterCondition(f)
		if cond == "" {
			cond = "(all mail)"
		}
		sev := Warn
		seen := T("", "")
		if len(filtered) > 0 {
			sev = Fail
			seen = Tf(" Track Delivery shows %d messages discarded by a filter in the window.", " 期間內 Track Delivery 顯示有 %d 封郵件被篩選器丟棄。", records(filtered))
		}
		ev := []Evidence{
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q rules", orAccount(f.Account), f.Name), Value: cond},
			{Source: SrcFilters, Key: fmt.Sprintf("%s filter %q action", orAccount(f.Account), f.Name), Value: strings.TrimSpace(act + " " + string(a.Dest))},
		}
		ev = append(ev, deliveryEvidence(filtered, 3)...)
		fd := e.FindingAt(sev, subject,
			Tf("The filter \"%s\" discards matching mail for %s", "篩選器「%s」會丟棄%s中符合條件的郵件", f.Name, where),
			Tf("The enabled filter \"%s\" %s matches mail where %s and %s.%s", "%[2]s的啟用中篩選器「%[1]s」會比對「%[3]s」的郵件，符合條件就%[4]s。%[5]s", f.Name, owner, cond, what, seen),
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
	for _, key := range sortedKeys(e.S.SpamSettings) {
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
		subject, who := key, Tf("the mailbox %s", "信箱 %s ", key)
		onKey, scoreKey := "spam_auto_delete", "spam_auto_delete_score"
		if inherited {
			onKey, scoreKey = "cpuser_spam_auto_delete", "cpuser_spam_auto_delete_score"
			who = Tf("the mailbox %s (following the account-wide setting)", "信箱 %s（沿用整個帳號的設定）", key)
		}
		if key == "" {
			subject, who = e.S.Account, T("every mailbox of the account", "帳號內所有信箱")
		}
		scoreText := strconv.FormatFloat(score, 'f', -1, 64)
		if score == 0 {
			scoreText = "?"
		}
		low := T("", "")
		if score > 0 && score <= 5 {
			low = Tf(" A threshold of %s is low: ordinary newsletters, invoices and replies from badly configured servers often score 5 or more, so real mail is deleted too.", " 門檻 %s 偏低：一般電子報、帳單或來自設定不佳伺服器的回信常常就有 5 分以上，正常郵件也會被刪掉。", scoreText)
		}
		remedy := T("In cPanel » Spam Filters, turn off \"Auto-Delete Spam\" (or raise its threshold to 10 or more) and turn on \"Spam Box\", so suspected spam is kept in a Spam folder where it can be checked.",
			"到 cPanel »「垃圾郵件篩選器」關閉「自動刪除垃圾郵件」（或把門檻調高到 10 分以上），並開啟「垃圾郵件匣」，讓疑似垃圾郵件保留在 Spam 資料夾中以便檢查。")
		if key != "" && !inherited {
			remedy = Tf("%s has its own spam settings: in cPanel » Spam Filters (the settings of %s), turn off \"Auto-Delete Spam\" or raise its threshold to 10 or more, and use the Spam Box instead.",
				"%s 有自己的垃圾郵件設定：到 cPanel »「垃圾郵件篩選器」中 %s 的設定，關閉「自動刪除垃圾郵件」或把門檻調高到 10 分以上，改用「垃圾郵件匣」。", key, key)
		}
		out = append(out, e.Finding(subject,
			Tf("Spam scoring %s or more is deleted for %s", "%[2]s中分數達 %[1]s 分以上的垃圾郵件會被刪除", scoreText, who),
			Tf("SpamAssassin deletes every message to %s that scores %s or more before it reaches a folder.%s Deleted mail leaves no trace: the sender gets no bounce and the recipient cannot find it in Spam.",
				"SpamAssassin 會在郵件進入任何資料夾前，刪除寄給%s且分數達 %s 分以上的郵件。%s 被刪除的郵件不留任何痕跡：寄件者不會收到退信，收件者也無法在垃圾郵件資料夾中找到。", who, scoreText, low),
			remedy,
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + onKey, Value: "1"},
			Evidence{Source: SrcSpam, Key: orAccount(key) + " " + scoreKey, Value: scoreText}))
	}
	return out
}
