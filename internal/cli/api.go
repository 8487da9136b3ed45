package cli

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
)

func newAPICmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "api uapi|api2 MODULE FUNCTION [key=value...]",
		Short: "Call any read-only cPanel function and print its data as JSON",
		Long: `Call a UAPI or cPanel API 2 function and print the data it returns as JSON.
Only functions that read are allowed: names that change the account (add_,
delete_, set_, suspend_, …, and run-together ones such as getAndSetQuota or
statsreset) are refused before anything is sent.`,
		Example: `  cpmail api uapi Email list_pops_with_disk get_restrictions=1
  cpmail api api2 EmailTrack search success=1 failure=1 max_results_by_type=10`,
		Args: cobra.MinimumNArgs(3),
		RunE: func(cmd *cobra.Command, args []string) error {
			kind, module, function := strings.ToLower(args[0]), args[1], args[2]
			if kind != "uapi" && kind != "api2" {
				return usagef("invalid API %q: use uapi or api2", args[0])
			}
			if !validIdent(module) || !validIdent(function) {
				return usagef("invalid module or function name %q %q", module, function)
			}
			if !cpanel.IsReadOnly(function) || changesInName(function) {
				return usagef("%s::%s may change the account: cpmail only calls functions that read (list_*, get_*, validate_current_*, …)", module, function)
			}
			params := url.Values{}
			for _, kv := range args[3:] {
				k, v, ok := strings.Cut(kv, "=")
				if !ok || k == "" {
					return usagef("invalid parameter %q: write key=value", kv)
				}
				params.Add(k, v)
			}
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			var data json.RawMessage
			if kind == "uapi" {
				_, err = c.UAPI(cmd.Context(), module, function, params, &data)
			} else {
				_, err = c.API2(cmd.Context(), module, function, params, &data)
			}
			if err != nil {
				return err
			}
			if len(data) == 0 {
				data = json.RawMessage("null")
			}
			var buf bytes.Buffer
			if err := json.Indent(&buf, data, "", "  "); err != nil {
				return err
			}
			_, err = fmt.Fprintln(f.IO.Out, buf.String())
			return err
		},
	}
}

func validIdent(s string) bool {
	if s == "" || len(s) > 64 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '_') {
			return false
		}
	}
	return true
}

// changesInName is a second guard beside cpanel.IsReadOnly for names run
// together, as API 2 and older UAPI functions write them: a read verb at
// the start does not make getAndSetQuota or statsreset a read. It refuses
// a name whose first word (up to "_"), after its first three letters,
// holds a verb that changes something. It errs on the side of refusing.
func changesInName(function string) bool {
	first, _, _ := strings.Cut(strings.ToLower(function), "_")
	if len(first) <= 3 {
		return false
	}
	rest := first[3:]
	for _, v := range []string{"set", "delete", "remove", "edit", "change", "suspend", "release", "store", "save",
		"create", "update", "enable", "disable", "install", "purge", "flush", "send", "kill", "clear", "passwd",
		"rename", "move", "upload", "restore", "import", "terminate", "revoke", "generate", "toggle", "repair"} {
		if strings.Contains(rest, v) {
			return true
		}
	}
	return false
}
