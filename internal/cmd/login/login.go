// Package login is the login command: it saves a host, user and API token
// as a profile, after one cheap read-only call with them.
package login

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/render"
)

// Options are the login command's dependencies. The flags it reads are the
// global ones: --profile, --host, --user and the TLS settings.
type Options struct {
	*cmdutil.Printer
	Ctx     context.Context
	Getenv  func(string) string
	Flags   *cmdutil.GlobalFlags
	Session *cmdutil.Session
	Connect func(host, user, token string, prof config.Profile) (*cpanel.Client, error)
	Store   func() (config.Store, error)
	// WHM saves a WHM profile (--whm): host and user from --host/--user
	// or WHM_HOST/WHM_USER (default root), checked with one listaccts.
	WHM bool
	// ConnectWHM builds a WHM client from credentials given directly.
	ConnectWHM func(host, user, token string, prof config.Profile) (*cpanel.WHMClient, error)
}

// NewCmdLogin returns the login command. runF, when set, runs in place of
// loginRun (a test's seam).
func NewCmdLogin(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Getenv: f.Getenv, Flags: &f.Flags, Session: f.Session, Connect: f.Connect, Store: f.Store, ConnectWHM: f.ConnectWHM}
	cmd := &cobra.Command{
		Use:   "login",
		Short: "Save a host, user and API token as a profile",
		Long: `Save a connection profile. The token is read from standard input (or typed
at a prompt that does not echo it), checked with one cheap read-only call,
and stored in the user's config directory with mode 0600. Use --profile NAME
to keep several accounts; the first one saved becomes the default.

Create the token in cPanel » Security » Manage API Tokens.

With --whm it saves a WHM API token (root or a reseller; WHM » Development »
Manage API Tokens) as the profile "whm" (or --profile NAME), for --account and
fleet; it is never the default profile of the cPanel commands.`,
		Example: `  cpmail login --host server.example.com --user alice
  cat token.txt | cpmail login --host server.example.com --user alice --profile shop
  cat whm-token.txt | cpmail login --whm --host server.example.com`,
		Args: cmdutil.Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return loginRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.WHM, "whm", false, "save a WHM API token (root or reseller) for --account and fleet (default port 2087, user root)")
	return cmd
}

func loginRun(opts *Options) error {
	fl := opts.Flags
	if opts.WHM {
		return loginWHM(opts)
	}
	name := cmdutil.FirstNonEmpty(fl.Profile, "default")
	if err := config.ValidName(name); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	host := cmdutil.FirstNonEmpty(fl.Host, opts.Getenv("CPANEL_HOST"))
	user := cmdutil.FirstNonEmpty(fl.User, opts.Getenv("CPANEL_USER"))
	if host == "" || user == "" {
		return cmdutil.Usage(opts.Tr("login.need-host-user"))
	}
	if _, err := cpanel.ParseHost(host); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	token, err := readToken(opts)
	if err != nil {
		return err
	}
	opts.Session.AddSecret(token)
	prof := config.Profile{Host: host, User: user, Insecure: fl.Insecure, PinSHA256: fl.Pin, CAFile: fl.CAFile}
	c, err := opts.Connect(host, user, token, prof)
	if err != nil {
		return err
	}
	// The clock of --timeout starts once the token is typed.
	ctx := opts.Session.Bound(opts.Ctx)
	_, _, err = c.Email.StatsDBStatus(ctx)
	return save(opts, name, prof, token, err)
}

// save stores the profile and its token once the server accepted the
// token (tried is the error of the one call that tried it).
func save(opts *Options, name string, prof config.Profile, token string, tried error) error {
	if tried != nil {
		if errors.Is(tried, cpanel.ErrCredentialsRefused) {
			fmt.Fprintln(opts.IO.ErrOut, "cpmail: "+opts.Tr("login.token-was-not-saved")+cmdutil.RefusedLine(opts.Printer, opts.Session, tried))
			return &cmdutil.ExitCodeError{Code: cmdutil.ExitRefused}
		}
		return fmt.Errorf("%s%w", opts.Tr("login.token-was-not-saved"), tried)
	}
	store, err := opts.Store()
	if err != nil {
		return err
	}
	if err := store.Save(name, prof, token); err != nil {
		return err
	}
	fmt.Fprintln(opts.IO.ErrOut, opts.Tr("login.saved-profile", "Name", render.Safe(name), "User", render.Safe(prof.User), "Host", render.Safe(prof.Host), "Dir", render.Safe(store.Dir)))
	return nil
}

// readToken reads the token from a prompt that does not echo it, or the
// first line of standard input.
func readToken(opts *Options) (string, error) {
	var token string
	if opts.IO.InTTY {
		fmt.Fprint(opts.IO.ErrOut, opts.Tr("login.api-token-not-shown"))
		b, err := opts.IO.ReadPassword()
		fmt.Fprintln(opts.IO.ErrOut)
		if err != nil {
			return "", err
		}
		token = strings.TrimSpace(string(b))
	} else {
		line, err := bufio.NewReader(opts.IO.In).ReadString('\n')
		if err != nil && line == "" {
			return "", cmdutil.Usage(opts.Tr("login.no-token-stdin"))
		}
		token = strings.TrimSpace(line)
	}
	if token == "" {
		return "", cmdutil.Usage(opts.Tr("login.empty-token"))
	}
	return token, nil
}

// loginWHM saves a WHM profile after one listaccts with the token.
func loginWHM(opts *Options) error {
	fl := opts.Flags
	name := cmdutil.FirstNonEmpty(fl.Profile, "whm")
	if err := config.ValidName(name); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	host := cmdutil.FirstNonEmpty(fl.Host, opts.Getenv("WHM_HOST"))
	user := cmdutil.FirstNonEmpty(fl.User, opts.Getenv("WHM_USER"), "root")
	if host == "" {
		return cmdutil.Usage(opts.Tr("whm.login-needs-host"))
	}
	if _, err := cpanel.ParseWHMHost(host); err != nil {
		return &cmdutil.UsageError{Err: err}
	}
	token, err := readToken(opts)
	if err != nil {
		return err
	}
	opts.Session.AddSecret(token)
	prof := config.Profile{Host: host, User: user, Insecure: fl.Insecure, PinSHA256: fl.Pin, CAFile: fl.CAFile, WHM: true}
	w, err := opts.ConnectWHM(host, user, token, prof)
	if err != nil {
		return err
	}
	ctx := opts.Session.Bound(opts.Ctx)
	var tried error
	for _, err := range w.ListAccounts(ctx, &cpanel.ListAccountsOptions{PageSize: 1}) {
		tried = err
		break
	}
	return save(opts, name, prof, token, tried)
}
