// Package demo is the demo command: it lists the built-in simulated cPanel
// accounts (demo list) and serves one over HTTP (demo serve).
package demo

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	demos "github.com/cpmail/cpmail/internal/demo"
)

// NewCmdDemo returns the demo command and its subcommands.
func NewCmdDemo(f *cmdutil.Factory) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "demo",
		Short: "List or serve the built-in simulated cPanel accounts",
		Long: `cpmail carries simulated cPanel accounts ("scenarios") for trying it out
without an account. Any command runs against one with --demo[=NAME]:

  cpmail --demo deliveries --failed
  cpmail --demo=healthy accounts`,
	}
	cmd.AddCommand(NewCmdList(f, nil), NewCmdServe(f, nil))
	return cmd
}

// ListOptions are the dependencies of demo list.
type ListOptions struct {
	*cmdutil.Printer
}

// NewCmdList returns demo list. runF, when set, runs in place of listRun
// (a test's seam).
func NewCmdList(f *cmdutil.Factory, runF func(*ListOptions) error) *cobra.Command {
	opts := &ListOptions{Printer: &f.Printer}
	return &cobra.Command{
		Use:   "list",
		Short: "List the built-in scenarios",
		Args:  cmdutil.Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return listRun(opts)
		},
	}
}

func listRun(opts *ListOptions) error {
	var rows [][]string
	for _, d := range demos.List() {
		rows = append(rows, []string{d.Name, opts.Tr(d.About())})
	}
	return opts.Table([]string{opts.Tr("demo.scenario"), opts.Tr("demo.description")}, rows)
}

// ServeOptions are the dependencies and flags of demo serve.
type ServeOptions struct {
	*cmdutil.Printer
	// Ctx ends the serving.
	Ctx context.Context

	Addr, Scenario string
}

// NewCmdServe returns demo serve. runF, when set, runs in place of
// serveRun (a test's seam).
func NewCmdServe(f *cmdutil.Factory, runF func(*ServeOptions) error) *cobra.Command {
	opts := &ServeOptions{Printer: &f.Printer}
	cmd := &cobra.Command{
		Use:   "serve",
		Short: "Serve a scenario over HTTP for scripts and other tools",
		Args:  cmdutil.Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return serveRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Addr, "addr", "127.0.0.1:2083", "address to listen on")
	cmd.Flags().StringVar(&opts.Scenario, "scenario", "demo", "scenario to serve")
	return cmd
}

func serveRun(opts *ServeOptions) error {
	addr, scenario := opts.Addr, opts.Scenario
	sc, err := demos.Load(scenario, opts.Tr)
	if err != nil {
		return err
	}
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return cmdutil.Usage(opts.Tr("demo.bad-addr", "Value", addr))
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		opts.Warn(opts.Tr("demo.serving-demo-which-not", "Addr", addr))
	}
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("cannot listen on %s: %v", addr, err)
	}
	h := cpaneltest.NewHandler(sc, cpaneltest.WithClock(opts.Now))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	fmt.Fprintln(opts.IO.ErrOut, opts.Tr("demo.serving-scenario-http-ctrl", "Scenario", scenario, "Addr", ln.Addr()))
	fmt.Fprintf(opts.IO.Out, "export CPANEL_HOST=http://%s CPANEL_USER=%s CPANEL_TOKEN=%s\n", ln.Addr(), h.User(), h.Token())
	go func() {
		<-opts.Ctx.Done()
		_ = srv.Close()
	}()
	if err := srv.Serve(ln); err != nil && err != http.ErrServerClosed {
		return err
	}
	return nil
}
