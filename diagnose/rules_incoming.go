package diagnose

import (
	"sort"
	"strings"

	"github.com/cpmail/cpmail/diagnose/bounce"
)

// Rules about what happened to mail sent to the account, read from the
// delivery log.

func recipientUnknown(e *Env) []Finding {
	s := e.S
	exists := map[string]bool{}
	for _, a := range localAddresses(s) {
		exists[a] = true
	}
	groups := map[string][]Delivery{}
	for _, d := range e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == bounce.RecipientUnknown }) {
		rcpt := strings.ToLower(string(d.Record.Recipient))
		if !exists[rcpt] {
			groups[rcpt] = append(groups[rcpt], d)
		}
	}
	// An address target that does not exist is worth saying even without records.
	if t := s.Target; t.Kind == TargetAddress && s.IsLocalDomain(t.Domain()) && !exists[t.Value] && len(groups[t.Value]) == 0 && s.Covered(SrcMailboxes) && defaultFails(s, t.Domain()) {
		groups[t.Value] = nil
	}
	var out []Finding
	for _, rcpt := range sortedKeys(groups) {
		ds := groups[rcpt]
		dom := domainOf(rcpt)
		hint := T("", "")
		if near := nearest(rcpt, localAddresses(s)); near != "" {
			hint = Tf(" Did you mean %s?", " 您是要寄給 %s 嗎？", near)
		}
		ev := []Evidence{{Source: SrcMailboxes + ", " + SrcForwarders, Key: rcpt, Value: "no such mailbox or forwarder"}}
		if da := defaultAddress(s, dom); da != "" {
			ev = append(ev, Evidence{Source: SrcDefaultAddress, Key: dom, Value: da})
		}
		ev = append(ev, deliveryEvidence(ds, 3)...)
		f := e.Finding(rcpt,
			Tf("%s does not exist: mail to it is refused", "%s 不存在：寄給它的郵件遭拒收", rcpt),
			Tf("There is no mailbox or forwarder %s, and the domain's default address bounces unknown recipients (\"No Such User Here\").%s%s", "本帳號沒有 %s 這個信箱或轉寄地址，而網域的預設地址會退回不存在的收件者（No Such User Here）。%s%s", rcpt, countText(records(ds)), hint),
			Tf("Tell senders the right address, or create %[1]s in cPanel » Email Accounts (or a forwarder in cPanel » Forwarders). To catch all mail for %[2]s, set a default address in cPanel » Default Address.", "請告知寄件者正確地址，或在 cPanel »「電子郵件帳號」建立 %[1]s（或在「轉寄程式」建立轉寄）。若要接收 %[2]s 的所有郵件，請在 cPanel »「預設地址」設定收件信箱。", rcpt, dom),
			ev...)
		f.Count = records(ds)
		out = append(out, f)
	}
	return out
}

// localAddresses returns the addresses that exist: mailboxes and forwarders.
func localAddresses(s *Snapshot) []string {
	var out []string
	for _, m := range s.Mailboxes {
		if !m.IsMainAccount() {
			out = append(out, strings.ToLower(m.Email))
		}
	}
	for _, f := range s.Forwarders {
		out = append(out, strings.ToLower(f.Dest))
	}
	sort.Strings(out)
	return out
}

// defaultAddress returns the domain's default address setting.
func defaultAddress(s *Snapshot, domain string) string {
	for _, d := range s.DefaultAddresses {
		if strings.EqualFold(d.Domain, domain) {
			return d.DefaultAddress
		}
	}
	return ""
}

// defaultFails reports whether unknown recipients of domain bounce.
func defaultFails(s *Snapshot, domain string) bool {
	da := defaultAddress(s, domain)
	return da == "" || strings.HasPrefix(da, ":fail:")
}

// nearest returns the existing address closest to addr when it is a likely
// typo (edit distance 1 or 2 in the local part, same domain).
func nearest(addr string, existing []string) string {
	best, bestD := "", 3
	for _, a := range existing {
		if a == addr || domainOf(a) != domainOf(addr) {
			continue
		}
		if d := editDistance(localPart(addr), localPart(a)); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func localPart(a string) string {
	if i := strings.LastIndexByte(a, '@'); i >= 0 {
		return a[:i]
	}
	return a
}

// editDistance is the Damerau–Levenshtein distance (adjacent swaps count 1).
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	d := make([][]int, len(ra)+1)
	for i := range d {
		d[i] = make([]int, len(rb)+1)
		d[i][0] = i
	}
	for j := range d[0] {
		d[0][j] = j
	}
	for i := 1; i <= len(ra); i++ {
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && ra[i-1] == rb[j-2] && ra[i-2] == rb[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(ra)][len(rb)]
}

// incoming is a grouped incoming rule as data: the reason it reports and
// its words, for incomingGroup.
type incoming struct {
	reason bounce.Reason
	// title says how many records; detail takes list, up to three sending
	// hosts, and the deliveries.
	title  func(n int) Text
	detail func(list string, ds []Delivery) Text
	remedy Text
}

func incomingRBLRejected() incoming {
	return incoming{
		reason: bounce.Blocklisted,
		title: func(n int) Text {
			return Tf("%d incoming messages refused: the sender's server is on a blocklist", "%d 封來信被拒：寄件方伺服器在黑名單上", n)
		},
		detail: func(list string, ds []Delivery) Text {
			return Tf("This server refused mail from %s because their IP is listed on a DNS blocklist%s. The message never reached the mailbox.", "本伺服器拒收來自 %s 的郵件，因為對方 IP 列在 DNS 黑名單上%s。郵件從未進入信箱。", list, blocklistText(ds))
		},
		remedy: T("The sender's mail administrator must get their IP delisted; the sender should have received a bounce saying so. If you trust the sender, the host can whitelist their IP.", "需由寄件方的郵件管理者申請解除黑名單；寄件者應已收到說明原因的退信。若信任對方，可請主機商將其 IP 加入白名單。"),
	}
}

func senderVerifyFailed() incoming {
	return incoming{
		reason: bounce.SenderRejected,
		title: func(n int) Text {
			return Tf("%d incoming messages refused by sender verification", "%d 封來信因寄件者驗證失敗而被拒", n)
		},
		detail: func(list string, ds []Delivery) Text {
			return Tf("This server could not verify the envelope sender of mail from %s (their domain has no MX, or the address does not exist), and refused it.", "本伺服器無法驗證來自 %s 的寄件者（對方網域沒有 MX 或地址不存在），因此拒收。", list)
		},
		remedy: T("The sender must fix their domain's DNS or sending address. If they cannot, the host can exempt that sender from verification.", "需由寄件方修正其網域 DNS 或寄件地址；若無法修正，可請主機商將該寄件者排除於驗證之外。"),
	}
}

func greylistingDelays() incoming {
	return incoming{
		reason: bounce.Greylisted,
		title: func(n int) Text {
			return Tf("%d incoming messages were delayed by greylisting", "%d 封來信因灰名單而延遲", n)
		},
		detail: func(list string, ds []Delivery) Text {
			return Tf("First-time senders (%s) were asked to retry later; well-behaved servers retry within minutes and the mail arrives.", "首次寄信的伺服器（%s）被要求稍後重試；正常的伺服器會在數分鐘內重送，郵件會送達。", list)
		},
		remedy: T("Nothing to do for one-off delays. If important mail is late, whitelist the sender in cPanel » Greylisting, or turn greylisting off for the domain.", "偶爾延遲無須處理。若重要郵件延誤，可在 cPanel »「灰名單」將寄件者加入信任清單，或關閉該網域的灰名單。"),
	}
}

// incomingGroup reports incoming problems with g's reason, grouped.
func incomingGroup(g incoming) func(e *Env) []Finding {
	return func(e *Env) []Finding {
		ds := e.Problems(func(d Delivery) bool { return d.Direction == Incoming && d.Class.Reason == g.reason })
		if len(ds) == 0 {
			return nil
		}
		senders := map[string]bool{}
		for _, d := range ds {
			h := string(d.Record.SenderHost)
			if h == "" {
				h = string(d.Record.Email)
			}
			senders[h] = true
		}
		list := strings.Join(firstN(sortedKeys(senders), 3), ", ")
		f := e.Finding(e.S.Account, g.title(records(ds)), g.detail(list, ds), g.remedy, deliveryEvidence(ds, 3)...)
		if t := e.S.Target; t.Kind != TargetAccount {
			f.Subject = t.Value
		}
		f.Count = records(ds)
		return []Finding{f}
	}
}
