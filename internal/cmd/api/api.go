// Package api is the api command: any read-only cPanel function, its data
// printed as JSON.
package api

import (
	"context"
	"encoding/json"
	"errors"
	"net/url"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// Options are the api command's dependencies and arguments.
type Options struct {
	*cmdutil.Printer
	Ctx    context.Context
	Client func(context.Context) (*cpanel.Client, error)

	// Args are uapi|api2, MODULE, FUNCTION and the key=value parameters.
	Args []string
}

// NewCmdAPI returns the api command. runF, when set, runs in place of
// apiRun (a test's seam).
func NewCmdAPI(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Client: f.Client}
	return &cobra.Command{
		Use:   "api uapi|api2 MODULE FUNCTION [key=value...]",
		Short: "Call any read-only cPanel function and print its data as JSON",
		Long: `Call a UAPI or cPanel API 2 function and print the data it returns as JSON.
Only functions on cpmail's read-only allow-list are allowed (module and
function exactly): anything else, and every name that changes the account
(add_, delete_, set_, suspend_, …), is refused before anything is sent.`,
		Example: `  cpmail api uapi Email list_pops_with_disk get_restrictions=1
  cpmail api api2 EmailTrack search success=1 failure=1 max_results_by_type=10`,
		Args: cmdutil.Args(cobra.MinimumNArgs(3)),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Args = cmd.Context(), args
			if runF != nil {
				return runF(opts)
			}
			return apiRun(opts)
		},
	}
}

func apiRun(opts *Options) error {
	args := opts.Args
	if len(args) < 3 {
		return &cmdutil.UsageError{Err: errors.New(opts.Tr("api.too-few-args", "N", len(args))), SeeHelp: true}
	}
	kind, module, function := strings.ToLower(args[0]), args[1], args[2]
	if kind != "uapi" && kind != "api2" {
		return cmdutil.Usage(opts.Tr("api.invalid-kind", "Value", args[0]))
	}
	if !validIdent(module) || !validIdent(function) {
		return cmdutil.Usage(opts.Tr("api.invalid-name", "Module", module, "Function", function))
	}
	if !cpanel.IsReadOnlyCall(module, function) {
		return cmdutil.Usage(opts.Tr("api.not-read-only", "Module", module, "Function", function))
	}
	params := url.Values{}
	for _, kv := range args[3:] {
		k, v, ok := strings.Cut(kv, "=")
		if !ok || k == "" {
			return cmdutil.Usage(opts.Tr("api.invalid-param", "Value", kv))
		}
		params.Add(k, v)
	}
	c, err := opts.Client(opts.Ctx)
	if err != nil {
		return err
	}
	var data json.RawMessage
	if kind == "uapi" {
		_, err = c.UAPI(opts.Ctx, module, function, params, &data)
	} else {
		_, err = c.API2(opts.Ctx, module, function, params, &data)
	}
	if err != nil {
		return err
	}
	if len(data) == 0 {
		data = json.RawMessage("null")
	}
	// Indented, with control and bidi characters escaped.
	return render.WriteJSON(opts.IO.Out, data)
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
