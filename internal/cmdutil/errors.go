package cmdutil

import (
	"errors"
	"fmt"

	"github.com/spf13/cobra"
)

// ExitCode is the process exit code of a cpmail run.
type ExitCode int

// Exit codes. diagnose uses ExitFindings; check uses the monitoring-plugin
// codes (Plugin*) instead. ExitRefused is a refused credential: cPanel said
// the token or user is not accepted, and cpmail stopped at once.
const (
	ExitOK        ExitCode = 0
	ExitError     ExitCode = 1
	ExitUsage     ExitCode = 2
	ExitFindings  ExitCode = 3
	ExitRefused   ExitCode = 4
	ExitInterrupt ExitCode = 130
)

// Monitoring-plugin exit codes (Nagios, Icinga, Zabbix), for check.
const (
	PluginOK       ExitCode = 0
	PluginWarning  ExitCode = 1
	PluginCritical ExitCode = 2
	PluginUnknown  ExitCode = 3
)

// UsageError is a mistake in the command line: exit code 2.
type UsageError struct {
	Err error
	// SeeHelp adds "(see 'cpmail --help')" to the message: for cobra's own
	// words (an unknown command, a wrong number of arguments), which do
	// not say what to do.
	SeeHelp bool
}

func (e *UsageError) Error() string { return e.Err.Error() }
func (e *UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError.
func Usagef(format string, args ...any) error {
	return &UsageError{Err: fmt.Errorf(format, args...)}
}

// ExitCodeError ends the command with a given code, after the command has
// printed what it wanted to (it carries no message of its own).
type ExitCodeError struct{ Code ExitCode }

func (e *ExitCodeError) Error() string { return fmt.Sprintf("exit status %d", e.Code) }

// Args wraps a cobra argument validator so that what it refuses is a
// UsageError (exit 2).
func Args(v cobra.PositionalArgs) cobra.PositionalArgs {
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return &UsageError{Err: err, SeeHelp: true}
		}
		return nil
	}
}

// Usage is a UsageError saying s.
func Usage(s string) error { return &UsageError{Err: errors.New(s)} }
