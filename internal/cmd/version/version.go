// Package version is the version command, and the version string the
// client's user agent carries.
package version

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// Options are the version command's dependencies.
type Options struct {
	Printer *cmdutil.Printer
	// Version returns the version string (default: [Version]).
	Version func() string
}

// NewCmdVersion returns the version command. runF, when set, runs in place
// of versionRun (a test's seam).
func NewCmdVersion(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Version: Version}
	return &cobra.Command{
		Use:   "version",
		Short: "Print cpmail's version",
		Args:  cmdutil.Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			if runF != nil {
				return runF(opts)
			}
			return versionRun(opts)
		},
	}
}

func versionRun(opts *Options) error {
	_, err := fmt.Fprintf(opts.Printer.IO.Out, "cpmail %s\n", opts.Version())
	return err
}

// Version reads the module version and VCS revision from the build info.
func Version() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(unknown version)"
	}
	v := bi.Main.Version
	for _, s := range bi.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			v += " (" + s.Value[:12] + ")"
		}
	}
	return v + " " + bi.GoVersion
}
