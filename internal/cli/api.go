package cli

import (
	"encoding/json"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

func newAPICmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "api uapi|api2 MODULE FUNCTION [key=value...]",
		Short: "Call any read-only cPanel function and print its data as JSON",
		Long: `Call a UAPI or cPanel API 2 function and print the data it returns as JSON.
Only functions on cpmail's read-only allow-list are allowed (module and
function exactly): anything else, and every name that changes the account
(add_, delete_, set_, suspend_, …), is refused before anything is sent.`,
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
			if !cpanel.IsReadOnlyCall(module, function) {
				return usagef("%s::%s is not on cpmail's list of functions known to only read: cpmail only calls functions that read (list_*, get_*, validate_current_*, …, exactly as listed)", module, function)
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
			// Indented, with control and bidi characters escaped.
			return render.WriteJSON(f.IO.Out, data)
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
