package cmdutil

import (
	"context"
	"errors"
	"fmt"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// GaveUpLine says that the --timeout deadline ended the command, and the
// last error seen.
func GaveUpLine(p *Printer, s *Session, err error) string {
	line := fmt.Sprintf(p.T("gave up after %v (--timeout)", "已在 %v 後放棄（--timeout）"), s.Timeout)
	if err != nil && err != context.DeadlineExceeded {
		line += ": " + render.Safe(render.OneLine(s.Redact(err.Error())))
	} else {
		line += p.T(": raise --timeout, or try again later", "：請加大 --timeout，或稍後再試")
	}
	return line
}

// RefusedLine is the one line for a refused credential: which user on which
// server (never the token), and what to do. When cPanel's answer names its
// brute-force protection (cPHulk), the IP is locked out: it says how that
// is undone.
func RefusedLine(p *Printer, s *Session, err error) string {
	user, host := s.Account()
	user, host = render.Safe(render.OrDash(user)), render.Safe(render.OrDash(host))
	if errors.Is(err, cpanel.ErrLockedOut) {
		return fmt.Sprintf(p.T("cPanel on %s has locked out this IP address (cPHulk brute-force protection) after refused logins for user %s: stop every script or monitor that uses this token, then have the server's administrator unlock the IP (WHM » Security Center » cPHulk Brute Force Protection, or whmapi1 flush_cphulk_login_history_for_ips ip=ADDRESS) or wait for the block to expire; then create a new token in cPanel » Security » Manage API Tokens and check CPANEL_USER",
			"%s 上的 cPanel 已因使用者 %s 多次登入被拒而封鎖此 IP 位址（cPHulk 暴力破解防護）：請先停止所有使用此權杖的腳本或監控，再請伺服器管理員解除封鎖（WHM » Security Center » cPHulk Brute Force Protection，或執行 whmapi1 flush_cphulk_login_history_for_ips ip=位址），或等候封鎖到期；之後在 cPanel »「安全性」»「管理 API 權杖」建立新權杖，並確認 CPANEL_USER"), host, user)
	}
	status := ""
	var he *cpanel.HTTPError
	if errors.As(err, &he) {
		status = fmt.Sprintf(" (HTTP %d)", he.StatusCode)
	}
	return fmt.Sprintf(p.T("cPanel on %s refused the API token for user %s%s: it is wrong, expired or revoked, or not this user's. Create a new token in cPanel » Security » Manage API Tokens and check CPANEL_USER; cpmail stopped at the first refusal, because repeated ones get this IP locked out (cPHulk)",
		"%s 上的 cPanel 拒絕了使用者 %s 的 API 權杖%s：權杖錯誤、已過期或已撤銷，或不屬於此使用者。請在 cPanel »「安全性」»「管理 API 權杖」建立新權杖，並確認 CPANEL_USER；cpmail 在第一次被拒後即停止，因為反覆被拒會讓此 IP 遭 cPHulk 封鎖"), host, user, status)
}
