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
		has = p.T("none", "無")
	}
	if target.Kind == diagnose.TargetAddress {
		return Usagef(p.T("%s is not on account %s: %s is not one of its mail domains (%s); check the spelling, or connect to the account that has it (--user, --profile)",
			"%s 不在帳號 %s 中：%s 不是它的郵件網域（%s）；請檢查拼字，或連到擁有它的帳號（--user、--profile）"), render.Safe(target.Value), render.Safe(account), render.Safe(d), has)
	}
	return Usagef(p.T("%s is not a mail domain of account %s (it has: %s); check the spelling, or connect to the account that has it (--user, --profile)",
		"%s 不是帳號 %s 的郵件網域（它有：%s）；請檢查拼字，或連到擁有它的帳號（--user、--profile）"), render.Safe(d), render.Safe(account), has)
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
		more = p.T(", …", "、…")
		failed = failed[:5]
	}
	return p.T("could not read ", "無法讀取 ") + strings.Join(failed, p.T(", ", "、")) + more +
		p.T(" (see above): the diagnosis is partial, and finding nothing there proves nothing", "（見上方）：診斷結果不完整，未發現問題並不代表一切正常")
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
		return p.T("timed out", "逾時")
	case diagnose.ClassCanceled:
		return p.T("interrupted", "已中斷")
	case diagnose.ClassSkipped:
		return p.T("not asked", "未查詢")
	case diagnose.ClassUnanswered:
		return p.T("no DNS answer", "DNS 無回應")
	case diagnose.FailureClass(cpanel.ClassAPI):
		return p.T("cPanel refused the call", "cPanel 拒絕此呼叫")
	case diagnose.FailureClass(cpanel.ClassUnauthorized):
		return p.T("access denied", "存取遭拒")
	case diagnose.FailureClass(cpanel.ClassDecode):
		return p.T("not cPanel's JSON", "不是 cPanel 的 JSON")
	case diagnose.FailureClass(cpanel.ClassSize):
		return p.T("answer too large", "回應過大")
	case diagnose.FailureClass(cpanel.ClassNetwork):
		return p.T("cannot connect", "無法連線")
	case diagnose.FailureClass(cpanel.ClassRedirect):
		return p.T("redirected", "被重新導向")
	}
	return p.T("failed", "失敗")
}
