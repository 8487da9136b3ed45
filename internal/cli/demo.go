package cli

import (
	"fmt"
	"net"
	"net/http"
	"slices"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

func newDemoCmd(f *Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "List or serve the built-in simulated cPanel accounts",
		Long: `cpmail carries simulated cPanel accounts ("scenarios") for trying it out
without an account. Any command runs against one with --demo[=NAME]:

  cpmail --demo deliveries --failed
  cpmail --demo=healthy accounts`,
	}
	cmd.AddCommand(&cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			var rows [][]string
			for _, d := range demos() {
				rows = append(rows, []string{d.name, f.T(d.en, d.zh)})
			}
			return f.table([]string{f.T("SCENARIO", "情境"), f.T("DESCRIPTION", "說明")}, rows)
		},
	})
	var addr, scenario string
	serve := &cobra.Command{
		Use:   "serve",
		Short: "Serve a scenario over HTTP for scripts and other tools",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			sc, err := f.loadDemo(scenario)
			if err != nil {
				return err
			}
			host, _, err := net.SplitHostPort(addr)
			if err != nil {
				return usagef("invalid --addr %q: write HOST:PORT, e.g. 127.0.0.1:2083", addr)
			}
			if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
				f.warnf(f.T("serving the demo on %s, which is not a loopback address", "示範伺服器監聽於非本機位址 %s"), addr)
			}
			ln, err := net.Listen("tcp", addr)
			if err != nil {
				return fmt.Errorf("cannot listen on %s: %v", addr, err)
			}
			h := cpaneltest.NewHandler(sc, cpaneltest.WithClock(f.Now))
			srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(f.IO.ErrOut, f.T("Serving scenario %q on http://%s (Ctrl-C to stop). Point cpmail at it:\n", "正在 http://%[2]s 提供情境 %[1]q（Ctrl-C 停止）。讓 cpmail 連到它：\n"), scenario, ln.Addr())
			fmt.Fprintf(f.IO.Out, "export CPANEL_HOST=http://%s CPANEL_USER=%s CPANEL_TOKEN=%s\n", ln.Addr(), h.User(), h.Token())
			go func() {
				<-cmd.Context().Done()
				_ = srv.Close()
			}()
			if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
				return err
			}
			return nil
		},
	}
	serve.Flags().StringVar(&addr, "addr", "127.0.0.1:2083", "address to listen on")
	serve.Flags().StringVar(&scenario, "scenario", "demo", "scenario to serve")
	cmd.AddCommand(serve)
	return cmd
}

// demo is one of the simulated accounts cpmail ships for trying it out: a
// scenario embedded in cpaneltest, with one line in each language saying
// what a newcomer sees in it.
type demo struct {
	name   string
	en, zh string
}

// demos lists the shipped demos, the main one (--demo without a name)
// first. They are exactly the scenarios cpaneltest embeds (a test checks);
// the scenarios that plant one problem for a test live in testdata/ and
// are not in the binary.
func demos() []demo {
	return []demo{
		{"demo",
			"The main demo: a small business with the usual problems side by side (a full and a suspended mailbox, Gmail refusing mail, a mistyped address, a blocklisted sender, the hourly send limit)",
			"主要示範：一家小公司同時遇到常見問題（信箱已滿、信箱被停用、Gmail 拒收、地址打錯、寄件者被列入黑名單、每小時寄信上限）"},
		{"healthy",
			"A small bakery whose mail all works: what a passing diagnosis looks like",
			"一家郵件一切正常的小烘焙坊：診斷通過時的樣子"},
		{"dns-problems",
			"Live DNS problems: DNS moved to another provider, SPF over the 10-lookup limit, a DKIM key cPanel does not sign with, broken reverse DNS, a blocklisted IP",
			"即時 DNS 問題：DNS 已移到其他服務商、SPF 超過 10 次查詢上限、DKIM 金鑰不是 cPanel 簽署用的那把、反向 DNS 錯誤、IP 被列入黑名單"},
		{"vanishing-mail",
			"Mail that vanishes without a bounce: a catch-all that throws mail away, a filter to /dev/null, spam auto-delete, a forward Gmail refuses",
			"郵件無聲無息消失、沒有退信：丟棄郵件的預設地址、寄到 /dev/null 的篩選器、垃圾郵件自動刪除、被 Gmail 拒收的轉寄"},
		{"hostile",
			"A lying server and hostile senders: terminal escapes and bidi characters in every field cPanel sends, shown escaped",
			"說謊的伺服器與惡意寄件者：cPanel 傳來的每個欄位都藏有終端機跳脫字元與雙向文字控制字元，cpmail 以跳脫形式顯示"},
	}
}

// demoNames returns the names of the demos, in the order of [demos].
func demoNames() []string {
	var names []string
	for _, d := range demos() {
		names = append(names, d.name)
	}
	return names
}

// loadDemo returns the demo scenario called name, or a usage error (one
// line, exit 2) naming the demos there are.
func (f *Factory) loadDemo(name string) (*cpaneltest.Scenario, error) {
	names := demoNames()
	if !slices.Contains(names, name) {
		return nil, usagef(f.T("no demo named %q; the demos are: %s ('cpmail demo list' says what each shows)", "沒有名為 %q 的示範；可用的示範：%s（'cpmail demo list' 說明各自的內容）"), name, strings.Join(names, ", "))
	}
	return cpaneltest.LoadScenario(name)
}
