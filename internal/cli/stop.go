package cli

import (
	"context"
	"errors"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// boundedByTimeout reports whether --timeout bounds cmd from its start:
// the commands that read the account. login starts the clock once the
// token is typed; explain, demo, version and completion read no account.
func boundedByTimeout(cmd *cobra.Command) bool {
	if cmd.Parent() == nil || cmd.Parent().HasParent() {
		return false
	}
	switch cmd.Name() {
	case "accounts", "deliveries", "quota", "dns", "api", "diagnose", "check":
		return true
	}
	return false
}

// stopped maps the errors that end a run early to their line and exit
// code: a refused credential (exit 4) and the --timeout deadline (exit 1,
// "gave up after 2s"). ok is false for every other error, and for an
// interrupt, which Run reports itself.
func (f *Factory) stopped(ctx context.Context, err error) (code int, ok bool) {
	switch {
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		fmt.Fprintln(f.IO.ErrOut, "cpmail: "+f.refusedLine(err))
		return ExitRefused, true
	case ctx.Err() != nil:
		return 0, false
	case f.timedOut():
		fmt.Fprintln(f.IO.ErrOut, "cpmail: "+f.gaveUpLine(err))
		return ExitError, true
	}
	return 0, false
}

// gaveUpLine says that the --timeout deadline ended the command, and the
// last error seen.
func (f *Factory) gaveUpLine(err error) string {
	line := fmt.Sprintf(f.T("gave up after %v (--timeout)", "已在 %v 後放棄（--timeout）"), f.flags.timeout)
	if err != nil && err != context.DeadlineExceeded {
		line += ": " + render.Safe(oneLine(f.redact(err.Error())))
	} else {
		line += f.T(": raise --timeout, or try again later", "：請加大 --timeout，或稍後再試")
	}
	return line
}

// refusedLine is the one line for a refused credential: which user on which
// server (never the token), and what to do. When cPanel's answer names its
// brute-force protection (cPHulk), the IP is locked out: it says how that
// is undone.
func (f *Factory) refusedLine(err error) string {
	f.mu.Lock()
	conn := f.conn
	f.mu.Unlock()
	user, host := render.Safe(orDash(conn.user)), render.Safe(orDash(conn.host))
	if errors.Is(err, cpanel.ErrLockedOut) {
		return fmt.Sprintf(f.T("cPanel on %s has locked out this IP address (cPHulk brute-force protection) after refused logins for user %s: stop every script or monitor that uses this token, then have the server's administrator unlock the IP (WHM » Security Center » cPHulk Brute Force Protection, or whmapi1 flush_cphulk_login_history_for_ips ip=ADDRESS) or wait for the block to expire; then create a new token in cPanel » Security » Manage API Tokens and check CPANEL_USER",
			"%s 上的 cPanel 已因使用者 %s 多次登入被拒而封鎖此 IP 位址（cPHulk 暴力破解防護）：請先停止所有使用此權杖的腳本或監控，再請伺服器管理員解除封鎖（WHM » Security Center » cPHulk Brute Force Protection，或執行 whmapi1 flush_cphulk_login_history_for_ips ip=位址），或等候封鎖到期；之後在 cPanel »「安全性」»「管理 API 權杖」建立新權杖，並確認 CPANEL_USER"), host, user)
	}
	status := ""
	var he *cpanel.HTTPError
	if errors.As(err, &he) {
		status = fmt.Sprintf(" (HTTP %d)", he.StatusCode)
	}
	return fmt.Sprintf(f.T("cPanel on %s refused the API token for user %s%s: it is wrong, expired or revoked, or not this user's. Create a new token in cPanel » Security » Manage API Tokens and check CPANEL_USER; cpmail stopped at the first refusal, because repeated ones get this IP locked out (cPHulk)",
		"%s 上的 cPanel 拒絕了使用者 %s 的 API 權杖%s：權杖錯誤、已過期或已撤銷，或不屬於此使用者。請在 cPanel »「安全性」»「管理 API 權杖」建立新權杖，並確認 CPANEL_USER；cpmail 在第一次被拒後即停止，因為反覆被拒會讓此 IP 遭 cPHulk 封鎖"), host, user, status)
}
