// Package factory builds the cmdutil.Factory of a cpmail run: the lazy
// cPanel client from the global flags, the environment and the saved
// profile (or the built-in demo), the live DNS checker, and the profile
// store.
package factory

import (
	"context"
	"crypto/tls"
	"fmt"
	"io"
	"net/url"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmd/version"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/demo"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// New returns the Factory of a run with the streams io, the environment
// getenv and the clock now. Its Flags are filled in by the root command
// before any dependency is asked for.
func New(io *iostreams.IOStreams, getenv func(string) string, now func() time.Time) *cmdutil.Factory {
	f := &cmdutil.Factory{Printer: cmdutil.Printer{IO: io, Now: now}, Getenv: getenv, Session: &cmdutil.Session{}}
	w := &wiring{f: f}
	f.Store = w.store     // Depends on Getenv
	f.Connect = w.connect // Depends on Flags, Session
	f.Client = w.client   // Depends on Flags, Store, Connect, WHM
	f.WHM = w.whm         // Depends on Flags, Store
	f.ConnectWHM = w.connectWHM
	f.LiveDNS = w.liveDNS // Depends on Flags, Client (the demo's DNS)
	return f
}

// wiring holds what the Factory's functions build once.
type wiring struct {
	f *cmdutil.Factory

	mu       sync.Mutex
	built    *cpanel.Client
	builtWHM *cpanel.WHMClient
	demo     *demo.Servers
}

// demoServers returns the running demo, nil when there is none.
func (w *wiring) demoServers() *demo.Servers {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.demo
}

// client returns the cPanel client, built once from the flags, the
// environment and the profile, or pointed at the built-in demo server.
func (w *wiring) client(ctx context.Context) (*cpanel.Client, error) {
	return builtOnce(&w.mu, &w.built, func() (*cpanel.Client, error) { return w.newClient(ctx) })
}

// builtOnce returns *slot, read under mu; while it is nil, it calls build
// and keeps what build returns (an error keeps nothing).
func builtOnce[T any](mu *sync.Mutex, slot **T, build func() (*T, error)) (*T, error) {
	mu.Lock()
	c := *slot
	mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := build()
	if err != nil {
		return nil, err
	}
	mu.Lock()
	*slot = c
	mu.Unlock()
	return c, nil
}

// clientOptions are the options every client gets from the flags.
func (w *wiring) clientOptions() []cpanel.Option {
	fl, s := &w.f.Flags, w.f.Session
	opts := []cpanel.Option{cpanel.WithTimeout(fl.Timeout), cpanel.WithUserAgent("cpmail/" + strings.Fields(version.Version())[0]),
		cpanel.WithMaxBodyBytes(int64(fl.MaxResponseMB) << 20)}
	if fl.Debug {
		errOut := w.f.IO.ErrOut
		opts = append(opts, cpanel.WithDebug(func(format string, args ...any) {
			line := fmt.Sprintf("debug: "+s.Redact(format)+"\n", args...)
			// Gather calls the client from several goroutines: one line
			// at a time, never interleaved.
			s.Locked(func() { io.WriteString(errOut, line) })
		}))
	}
	return opts
}

func (w *wiring) newClient(ctx context.Context) (*cpanel.Client, error) {
	f := w.f
	if account := cmdutil.FirstNonEmpty(f.Flags.Account, f.Getenv("CPMAIL_ACCOUNT")); account != "" {
		return w.accountClient(ctx, account)
	}
	opts := w.clientOptions()
	if f.Flags.Demo != "" {
		sc, err := demo.Load(f.Flags.Demo, f.Tr)
		if err != nil {
			return nil, err
		}
		d := demo.Start(sc, f.Now)
		w.mu.Lock()
		w.demo = d
		w.mu.Unlock()
		f.Session.OnClose(d.Close)
		f.Session.SetAccount(d.API.User(), strings.TrimPrefix(d.API.URL, "http://"))
		return cpanel.NewClient(d.API.URL, d.API.User(), d.API.Token(), opts...)
	}
	host, user, token, prof, err := w.credentials(ctx)
	if err != nil {
		return nil, err
	}
	return w.build(host, user, token, prof, opts)
}

// connect makes a client for a real server from credentials given
// directly (login).
func (w *wiring) connect(host, user, token string, prof config.Profile) (*cpanel.Client, error) {
	return w.build(host, user, token, prof, w.clientOptions())
}

// build makes a client for a real server: TLS from the flags and the
// profile, warnings for plain HTTP and --insecure.
func (w *wiring) build(host, user, token string, prof config.Profile, opts []cpanel.Option) (*cpanel.Client, error) {
	f := w.f
	f.Session.AddSecret(token)
	base, err := cpanel.ParseHost(host)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	f.Session.SetAccount(user, base.Host)
	tc, err := w.tlsConfig(base, prof)
	if err != nil {
		return nil, err
	}
	c, err := cpanel.NewClient(host, user, token, append(opts, cpanel.WithTLSConfig(tc))...)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return c, nil
}

// tlsConfig builds the TLS settings of the flags and the profile, with
// the warnings for plain HTTP and --insecure.
func (w *wiring) tlsConfig(base *url.URL, prof config.Profile) (*tls.Config, error) {
	f := w.f
	if base.Scheme == "http" && !cpanel.IsLoopback(base) {
		f.Warn(f.Tr("cli.plain-http-api-token", "Host", base.Host))
	}
	tlsOpts := cpanel.TLSOptions{Insecure: f.Flags.Insecure || prof.Insecure}
	if tlsOpts.Insecure {
		f.Warn(f.Tr("cli.tls-certificate-verification-off"))
	}
	if pin := cmdutil.FirstNonEmpty(f.Flags.Pin, prof.PinSHA256); pin != "" {
		tlsOpts.PinSHA256 = []string{pin}
	}
	if ca := cmdutil.FirstNonEmpty(f.Flags.CAFile, prof.CAFile); ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, &cmdutil.UsageError{Err: fmt.Errorf("cannot read --ca-file: %v", err)}
		}
		tlsOpts.CAPEM = pem
	}
	tc, err := cpanel.TLSConfig(tlsOpts)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return tc, nil
}

// credentials resolves host, user and token: flags, then environment, then
// the profile. The token comes only from CPANEL_TOKEN, --token-file or the
// profile's token file, never from the command line. Reading a token file
// stops when ctx ends (a FIFO with no writer waits for one).
func (w *wiring) credentials(ctx context.Context) (host, user, token string, prof config.Profile, err error) {
	f := w.f
	profName := cmdutil.FirstNonEmpty(f.Flags.Profile, f.Getenv("CPMAIL_PROFILE"))
	if profName != "" {
		if err := config.ValidName(profName); err != nil {
			return "", "", "", prof, &cmdutil.UsageError{Err: err}
		}
	}
	// The profile store is read only when something must come from it: a
	// monitoring daemon that gives host, user and token, with a HOME it
	// may not read, must not fail on the store.
	complete := cmdutil.FirstNonEmpty(f.Flags.Host, f.Getenv("CPANEL_HOST")) != "" && cmdutil.FirstNonEmpty(f.Flags.User, f.Getenv("CPANEL_USER")) != "" &&
		(f.Getenv("CPANEL_TOKEN") != "" || f.Flags.TokenFile != "")
	var store config.Store
	var name string
	if profName != "" || !complete {
		var serr error
		store, serr = w.store()
		if serr == nil {
			prof, name, err = store.Profile(profName)
			if err != nil {
				return "", "", "", prof, &cmdutil.UsageError{Err: err}
			}
			if prof.WHM {
				return "", "", "", prof, cmdutil.Usage(f.Tr("cli.profile-is-whm", "Profile", name))
			}
		} else if profName != "" {
			return "", "", "", prof, serr
		}
	}
	host = cmdutil.FirstNonEmpty(f.Flags.Host, f.Getenv("CPANEL_HOST"), prof.Host)
	user = cmdutil.FirstNonEmpty(f.Flags.User, f.Getenv("CPANEL_USER"), prof.User)
	if host == "" {
		return "", "", "", prof, cmdutil.Usage(f.Tr("cli.no-host"))
	}
	switch {
	case f.Getenv("CPANEL_TOKEN") != "":
		token = strings.TrimSpace(f.Getenv("CPANEL_TOKEN"))
	case f.Flags.TokenFile != "":
		token, err = config.ReadTokenFile(ctx, f.Flags.TokenFile)
	case name != "":
		token, err = config.ReadTokenFile(ctx, store.TokenPath(name))
	default:
		err = cmdutil.Usage(f.Tr("cli.no-token"))
	}
	if err != nil {
		return "", "", "", prof, err
	}
	return host, user, token, prof, nil
}

func (w *wiring) store() (config.Store, error) {
	dir, err := config.DefaultDir(w.f.Getenv)
	if err != nil {
		return config.Store{}, err
	}
	return config.Store{Dir: dir}, nil
}
