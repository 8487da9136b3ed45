package root

import (
	"strings"
	"testing"
	"unicode"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestUsageErrorsInLanguage: the commands' usage errors come from the
// message catalogs, so --lang zh-TW words them in Traditional Chinese and
// --lang en in the English they always had; either way they keep exit 2,
// one line, and quote what the user gave.
func TestUsageErrorsInLanguage(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, tc := range []struct {
		args   []string
		stdin  string
		en, zh string
	}{
		{[]string{"deliveries", "--since", "soon"}, "",
			`invalid --since "soon": give a duration (24h, 7d), a date (2026-11-20) or an RFC 3339 time (2026-11-20T08:00:00Z)`,
			`--since "soon" 無效：請給一段時間`},
		{[]string{"deliveries", "--since", "1h", "--until", "2h"}, "",
			"is not after --since", "之後"},
		{[]string{"deliveries", "--since", "-5h"}, "",
			`--since must be a positive duration, got "-5h"`, `--since 必須是正的時間長度，收到的是 "-5h"`},
		{[]string{"deliveries", "--reason", "nosuch"}, "",
			`invalid --reason "nosuch": use `, `--reason "nosuch" 無效：請用 `},
		{[]string{"deliveries", "--limit", "-1"}, "",
			"--limit must be 0 (no limit) or more, got -1", "--limit 必須是 0（不限制）或更大，收到的是 -1"},
		{[]string{"deliveries", "--recipient", "bob"}, "",
			`invalid --recipient "bob": give an address or @domain`, `--recipient "bob" 無效：請給一個地址或 @網域`},
		{[]string{"explain"}, "",
			"nothing to explain: give the error text as an argument or on standard input", "沒有可解釋的內容"},
		{[]string{"explain", "--email", "--lines"}, "",
			"--email and --lines cannot be used together", "--email 與 --lines 不能同時使用"},
		{[]string{"explain", "--email"}, "hello\n",
			"cannot read the email: not an email message", "無法讀取這封郵件：not an email message"},
		{[]string{"explain", "--email"}, "From: a@example.com\nSubject: hi\n\nhello\n",
			"no failed or delayed recipient found", "找不到失敗或延遲的收件者"},
		{[]string{"api", "soap", "Email", "list_pops"}, "",
			`invalid API "soap": use uapi or api2`, `API "soap" 無效：請用 uapi 或 api2`},
		{[]string{"api", "uapi", "Email", "delete_pop"}, "",
			"Email::delete_pop is not on cpmail's list of functions known to only read", "Email::delete_pop 不在 cpmail 已知唯讀的函式清單上"},
		{[]string{"accounts", "--domain", "nodot"}, "",
			`invalid domain "nodot": give a domain such as example.com`, `網域 "nodot" 無效：請給一個網域，例如 example.com`},
		{[]string{"dns", "bad-.example"}, "",
			`invalid domain "bad-.example": give a domain such as example.com`, `網域 "bad-.example" 無效`},
		{[]string{"accounts", "--sort", "size"}, "",
			`invalid --sort "size": use address or usage`, `--sort "size" 無效：請用 address 或 usage`},
		{[]string{"diagnose", "--fail-on", "info"}, "",
			`invalid --fail-on "info": use fail or warn`, `--fail-on "info" 無效：請用 fail 或 warn`},
		{[]string{"diagnose", "-o", "csv"}, "",
			"diagnose writes table, json, markdown or html, not csv", "diagnose 只輸出 table、json、markdown 或 html"},
		{[]string{"diagnose", "not a target"}, "",
			`invalid target "not a target": give an address (info@example.com)`, `目標 "not a target" 無效`},
		{[]string{"diagnose", "--ignore", "nosuch-rule"}, "",
			`--ignore: no rule "nosuch-rule": cpmail diagnose --rules lists the rule ids`, `--ignore：沒有規則 "nosuch-rule"`},
		{[]string{"diagnose", "--severity", "mx-missing"}, "",
			`--severity "mx-missing": write ID=fail, ID=warn or ID=info`, `--severity "mx-missing"：請寫成 ID=fail`},
		{[]string{"diagnose", "--concurrency", "0"}, "",
			"--concurrency must be between 1 and 64, got 0", "--concurrency 必須介於 1 到 64 之間，收到的是 0"},
		{[]string{"metrics", "not a target"}, "",
			`invalid target "not a target"`, `目標 "not a target" 無效`},
	} {
		for _, lang := range []string{"en", "zh-TW"} {
			args := append([]string{"--lang", lang}, tc.args...)
			r := run(t, env, tc.stdin, args...)
			msg := strings.TrimSpace(r.stderr)
			want := tc.en
			if lang == "zh-TW" {
				want = tc.zh
			}
			if r.code != cmdutil.ExitUsage || strings.Contains(msg, "\n") || !strings.HasPrefix(msg, "cpmail: ") || !strings.Contains(msg, want) {
				t.Errorf("%v: exit %d, stderr %q; want exit 2 and one line containing %q", args, r.code, r.stderr, want)
			}
			if han := strings.IndexFunc(msg, func(c rune) bool { return unicode.Is(unicode.Han, c) }) >= 0; han != (lang == "zh-TW") {
				t.Errorf("%v: stderr %q: Chinese %v, want %v", args, msg, han, lang == "zh-TW")
			}
		}
	}
}

// TestSnapshotFileErrorsInLanguage: a --from-snapshot that cannot be
// opened (exit 2) and a --save-snapshot that cannot be written (exit 1)
// are worded in the output language, the file system's own words kept.
func TestSnapshotFileErrorsInLanguage(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	missing := t.TempDir() + "/no/such/dir/s.json"
	for _, tc := range []struct {
		args   []string
		code   cmdutil.ExitCode
		en, zh string
	}{
		{[]string{"diagnose", "--from-snapshot", missing}, cmdutil.ExitUsage, "cannot open --from-snapshot: ", "無法開啟 --from-snapshot："},
		{[]string{"diagnose", "--offline", "--save-snapshot", missing}, cmdutil.ExitError, "cannot write --save-snapshot: ", "無法寫入 --save-snapshot："},
	} {
		for _, lang := range []string{"en", "zh-TW"} {
			args := append([]string{"--lang", lang}, tc.args...)
			r := run(t, env, "", args...)
			want := tc.en
			if lang == "zh-TW" {
				want = tc.zh
			}
			if msg := strings.TrimSpace(r.stderr); r.code != tc.code || strings.Contains(msg, "\n") || !strings.Contains(msg, want) || !strings.Contains(msg, "no such file or directory") {
				t.Errorf("%v: exit %d, stderr %q; want exit %d and one line containing %q and the file system's words", args, r.code, r.stderr, tc.code, want)
			}
		}
	}
}
