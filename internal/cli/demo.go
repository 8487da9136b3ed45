package cli

import (
	"fmt"
	"net"
	"net/http"
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
			for _, name := range cpaneltest.ScenarioNames() {
				sc, err := cpaneltest.LoadScenario(name)
				if err != nil {
					return err
				}
				rows = append(rows, []string{name, sc.Description})
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
			sc, err := cpaneltest.LoadScenario(scenario)
			if err != nil {
				return usagef("no demo scenario named %q: 'cpmail demo list' shows them", scenario)
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
