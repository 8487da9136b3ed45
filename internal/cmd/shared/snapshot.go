// Package shared holds what the diagnose and check commands share: their
// flags for what is read, and gathering, reading and saving the snapshot.
package shared

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/pflag"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/atomicfile"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/fsread"
	"github.com/cpmail/cpmail/internal/render"
)

// SnapshotOptions are the flags of diagnose and check that say what is
// read (or which snapshot), and which rules are run at what severity.
type SnapshotOptions struct {
	Since, Until string
	SaveSnapshot string
	FromSnapshot string
	Concurrency  int
	Mask         bool
	DNS          cmdutil.DNSOptions
	Ignore       []string // --ignore ID
	Severity     []string // --severity ID=LEVEL
}

// Deps are the dependencies that reading a snapshot needs (the Factory's).
type Deps struct {
	Getenv  func(string) string
	Client  func(context.Context) (*cpanel.Client, error)
	LiveDNS func(context.Context, cmdutil.DNSOptions) (*dnscheck.Checker, diagnose.SkipReason, error)
	Session *cmdutil.Session
}

// DepsOf returns the Factory's dependencies that Snapshot needs.
func DepsOf(f *cmdutil.Factory) Deps {
	return Deps{Getenv: f.Getenv, Client: f.Client, LiveDNS: f.LiveDNS, Session: f.Session}
}

// BindRuleFlags adds --ignore and --severity, as diagnose and check take
// them.
func BindRuleFlags(fl *pflag.FlagSet, o *SnapshotOptions) {
	fl.StringArrayVar(&o.Ignore, "ignore", nil, "do not run the rule `ID` (repeatable; see diagnose --rules)")
	fl.StringArrayVar(&o.Severity, "severity", nil, "report the rule's findings at this severity: `ID=fail|warn|info` (repeatable)")
}

// ParseTarget reads the optional ADDRESS|DOMAIN argument of diagnose,
// check and metrics; what it refuses is a usage error in p's language.
func ParseTarget(p *cmdutil.Printer, s string) (diagnose.Target, error) {
	target, err := diagnose.ParseTarget(s)
	if err != nil {
		return target, cmdutil.Usage(p.Tr("shared.invalid-target", "Value", strings.TrimSpace(s)))
	}
	return target, nil
}

// EvalOptions checks --ignore and --severity against the rules and
// returns the options Evaluate takes; what it refuses is a usage error in
// p's language.
func (o SnapshotOptions) EvalOptions(p *cmdutil.Printer) (diagnose.EvalOptions, error) {
	var opts diagnose.EvalOptions
	known := diagnose.RuleIDs()
	check := func(flag, id string) error {
		if !slices.Contains(known, id) {
			return cmdutil.Usage(p.Tr("shared.no-rule", "Flag", flag, "Rule", id))
		}
		return nil
	}
	for _, id := range o.Ignore {
		if err := check("--ignore", id); err != nil {
			return opts, err
		}
		opts.Ignore = append(opts.Ignore, id)
	}
	for _, kv := range o.Severity {
		id, level, ok := strings.Cut(kv, "=")
		if !ok {
			return opts, cmdutil.Usage(p.Tr("shared.severity-syntax", "Value", kv))
		}
		if err := check("--severity", id); err != nil {
			return opts, err
		}
		sev, err := diagnose.ParseSeverity(level)
		if err != nil {
			return opts, cmdutil.Usage(p.Tr("shared.severity-level", "Value", kv))
		}
		if opts.Severity == nil {
			opts.Severity = map[string]diagnose.Severity{}
		}
		opts.Severity[id] = sev
	}
	return opts, nil
}

// maxSnapshotBytes caps a --from-snapshot file.
const maxSnapshotBytes = 256 << 20

// Snapshot gathers (or reads) the snapshot for a diagnosis. A refused
// credential, met by the first call or by any call of the gathering, is
// returned as the error (errors.Is cpanel.ErrCredentialsRefused), and so is
// a target that is not on the account (a UsageError).
func Snapshot(ctx context.Context, p *cmdutil.Printer, d Deps, target diagnose.Target, o SnapshotOptions) (*diagnose.Snapshot, error) {
	if o.FromSnapshot != "" {
		return ReadSnapshot(ctx, p, o.FromSnapshot)
	}
	if o.Concurrency < 1 || o.Concurrency > 64 {
		return nil, cmdutil.Usage(p.Tr("shared.concurrency-range", "Value", o.Concurrency))
	}
	if err := o.DNS.Validate(d.Getenv("CPMAIL_RESOLVER")); err != nil {
		return nil, err
	}
	now := p.Now()
	from, to, err := p.Window(o.Since, o.Until, now)
	if err != nil {
		return nil, err
	}
	c, err := d.Client(ctx)
	if err != nil {
		return nil, err
	}
	if p.IO.ErrTTY {
		fmt.Fprintln(p.IO.ErrOut, p.Tr("shared.reading-account"))
	}
	// ctx carries the --timeout deadline of the whole command (see bound).
	// Gather sends its first call alone: a refused token costs one request.
	// It runs the live DNS checks in the same pool, each domain as soon as
	// what it is compared with is read.
	s := diagnose.Gather(ctx, c, diagnose.GatherOptions{Target: target, Since: from, Until: to, Concurrency: o.Concurrency, Now: p.Now,
		LiveDNS: cmdutil.GatherLiveDNS(ctx, d.LiveDNS, o.DNS), DKIMSelectors: o.DNS.Selectors})
	cmdutil.WordSkip(s)
	if err := s.Err(); err != nil {
		var te *diagnose.TargetError
		if errors.As(err, &te) {
			return nil, cmdutil.OnAccount(p, te.Target, te.Domains, c.User())
		}
		return nil, err
	}
	if d.Session.TimedOut() {
		p.Warn(p.Tr("shared.gave-up-after-timeout", "Timeout", d.Session.Timeout))
	} else if ctx.Err() != nil {
		p.Warn(p.Tr("shared.interrupted-what-was-read"))
	}
	for i := range s.Coverage {
		s.Coverage[i].Error = d.Session.Redact(s.Coverage[i].Error)
	}
	if o.Mask {
		diagnose.Mask(s)
	}
	if o.SaveSnapshot != "" {
		if err := writeSnapshotFile(o.SaveSnapshot, s); err != nil {
			return nil, errors.New(p.Tr("shared.cannot-write-snapshot", "Error", err.Error()))
		}
		fmt.Fprintln(p.IO.ErrOut, p.Tr("shared.snapshot-saved", "SaveSnapshot", o.SaveSnapshot))
	}
	return s, nil
}

// ReadSnapshot reads a --from-snapshot file, at most maxSnapshotBytes, so
// that Ctrl-C or SIGTERM ends a wait on a FIFO.
func ReadSnapshot(ctx context.Context, p *cmdutil.Printer, path string) (*diagnose.Snapshot, error) {
	fh, err := fsread.Open(ctx, path)
	if err != nil {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, cmdutil.Usage(p.Tr("shared.cannot-open-snapshot", "Error", err.Error()))
	}
	r := fsread.NewReader(ctx, fh)
	defer r.Close()
	lr := fsread.LimitReader(r, path, maxSnapshotBytes)
	tooLarge := cmdutil.Usage(p.Tr("shared.snapshot-larger-than-mib", "Path", path, "Value", maxSnapshotBytes>>20))
	if err := fsread.CheckSize(fh, maxSnapshotBytes); err != nil {
		return nil, tooLarge
	}
	s, err := diagnose.ReadSnapshot(lr)
	switch {
	case ctx.Err() != nil:
		return nil, ctx.Err()
	case lr.Exceeded():
		return nil, tooLarge
	case err != nil:
		return nil, cmdutil.Usagef("%s: %v", path, err)
	}
	return s, nil
}

// WriteSnapshotFile writes the snapshot to path with mode 0600, whatever
// the mode of a file already there (it holds account data): into a
// temporary file of the same directory, then renamed over path, so that a
// failed write leaves any earlier snapshot whole. A path that is not a
// regular file (a FIFO, /dev/stdout) is written in place. Strings are
// written with their control and bidi characters escaped (\u202e), so
// `cat` of the snapshot is safe. Its error is in English.
func WriteSnapshotFile(path string, s *diagnose.Snapshot) error {
	if err := writeSnapshotFile(path, s); err != nil {
		return errors.New(cmdutil.English("shared.cannot-write-snapshot", "Error", err.Error()))
	}
	return nil
}

// writeSnapshotFile is WriteSnapshotFile, its error the file system's.
func writeSnapshotFile(path string, s *diagnose.Snapshot) error {
	writeSafeJSON := func(w io.Writer, s *diagnose.Snapshot) error {
		sw := render.NewJSONSafeWriter(w)
		if err := s.Write(sw); err != nil {
			return err
		}
		return sw.Flush()
	}
	if st, err := os.Stat(path); err == nil && !st.Mode().IsRegular() {
		fh, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		return errors.Join(writeSafeJSON(fh, s), fh.Close())
	}
	return atomicfile.Write(path, 0o600, func(w io.Writer) error { return writeSafeJSON(w, s) })
}
