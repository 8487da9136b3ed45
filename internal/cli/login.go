package cli

import (
	"bufio"
	"errors"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/config"
)

func newLoginCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "login",
		Short: "Save a host, user and API token as a profile",
		Long: `Save a connection profile. The token is read from standard input (or typed
at a prompt that does not echo it), checked with one cheap read-only call,
and stored in the user's config directory with mode 0600. Use --profile NAME
to keep several accounts; the first one saved becomes the default.

Create the token in cPanel » Security » Manage API Tokens.`,
		Example: `  cpmail login --host server.example.com --user alice
  cat token.txt | cpmail login --host server.example.com --user alice --profile shop`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			name := firstNonEmpty(f.flags.profile, "default")
			if err := config.ValidName(name); err != nil {
				return &UsageError{Err: err}
			}
			host := firstNonEmpty(f.flags.host, f.Getenv("CPANEL_HOST"))
			user := firstNonEmpty(f.flags.user, f.Getenv("CPANEL_USER"))
			if host == "" || user == "" {
				return usagef("give --host and --user (or CPANEL_HOST and CPANEL_USER)")
			}
			if _, err := cpanel.ParseHost(host); err != nil {
				return &UsageError{Err: err}
			}
			var token string
			if f.IO.InTTY {
				fmt.Fprint(f.IO.ErrOut, f.T("API token (not shown): ", "API 權杖（不會顯示）："))
				b, err := f.IO.ReadPassword()
				fmt.Fprintln(f.IO.ErrOut)
				if err != nil {
					return err
				}
				token = strings.TrimSpace(string(b))
			} else {
				line, err := bufio.NewReader(f.IO.In).ReadString('\n')
				if err != nil && line == "" {
					return usagef("no token on standard input: pipe it in, or run 'cpmail login' in a terminal")
				}
				token = strings.TrimSpace(line)
			}
			if token == "" {
				return usagef("the token is empty")
			}
			f.mu.Lock()
			f.secrets = append(f.secrets, token)
			f.mu.Unlock()
			prof := config.Profile{Host: host, User: user, Insecure: f.flags.insecure, PinSHA256: f.flags.pin, CAFile: f.flags.caFile}
			c, err := f.buildClient(host, user, token, prof, f.clientOptions())
			if err != nil {
				return err
			}
			// The clock of --timeout starts once the token is typed.
			ctx := f.bound(cmd.Context())
			if _, _, err := c.Email.StatsDBStatus(ctx); err != nil {
				if errors.Is(err, cpanel.ErrCredentialsRefused) {
					fmt.Fprintln(f.IO.ErrOut, "cpmail: "+f.T("the token was not saved: ", "權杖未儲存：")+f.refusedLine(err))
					return &exitCodeError{Code: ExitRefused}
				}
				return fmt.Errorf("the token was not saved: %w", err)
			}
			store, err := f.store()
			if err != nil {
				return err
			}
			if err := store.Save(name, prof, token); err != nil {
				return err
			}
			fmt.Fprintf(f.IO.ErrOut, f.T("Saved profile %q for %s@%s in %s.\n", "已儲存設定檔 %q（%s@%s），位置：%s。\n"), name, user, host, store.Dir)
			return nil
		},
	}
}
