package cli

import (
	"context"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/dnstest"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/lang"
)

// Factory gives commands what they depend on. Fields are set by Main (or a
// test); the flags are filled in by cobra.
type Factory struct {
	IO     *iostreams.IOStreams
	Getenv func(string) string
	Now    func() time.Time

	// Lang is the output language, from --lang or the environment.
	Lang lang.Tag
	// words renders msg.Texts in Lang (resolveLang sets it).
	words *i18n.Localizer
	// Output is the -o format.
	Output render.Format

	flags globalFlags

	mu      sync.Mutex
	client  *cpanel.Client
	demo    *cpaneltest.Server
	demoSc  *cpaneltest.Scenario
	demoDNS *dnstest.Server
	secrets []string
	// conn names the account and server of the client, for messages.
	conn connection
	// bounded is the context with the --timeout deadline (nil before the
	// clock starts); stop releases it.
	bounded context.Context
	stop    context.CancelFunc
}

// connection is who cpmail talks to: the cPanel user and the server's
// host[:port]. Never the token.
type connection struct{ user, host string }

type globalFlags struct {
	host, user, tokenFile, profile string
	insecure                       bool
	caFile, pin                    string
	timeout                        time.Duration
	debug                          bool
	output                         string
	lang                           string
	demo                           string
	noHeaders                      bool
	maxResponseMB                  int
}

func (f *Factory) bindGlobalFlags(root *cobra.Command) {
	fl := root.PersistentFlags()
	fl.StringVar(&f.flags.host, "host", "", "cPanel host: host, host:port or https://host:port (env CPANEL_HOST; default port 2083)")
	fl.StringVar(&f.flags.user, "user", "", "cPanel account name (env CPANEL_USER)")
	fl.StringVar(&f.flags.tokenFile, "token-file", "", "read the API token from this file (mode 0600); or set CPANEL_TOKEN, or use 'cpmail login'")
	fl.StringVar(&f.flags.profile, "profile", "", "use a profile saved by 'cpmail login' (env CPMAIL_PROFILE)")
	fl.BoolVar(&f.flags.insecure, "insecure", false, "do not verify the server's TLS certificate (prefer --pin-sha256)")
	fl.StringVar(&f.flags.caFile, "ca-file", "", "trust the CA certificates in this PEM file")
	fl.StringVar(&f.flags.pin, "pin-sha256", "", "accept only a certificate with this public-key SHA-256 (base64 or hex), e.g. a self-signed one")
	fl.DurationVar(&f.flags.timeout, "timeout", 30*time.Second, "time limit for the whole command: every API call, retry and DNS check")
	fl.BoolVar(&f.flags.debug, "debug", false, "log requests and timings to stderr (the token is never shown)")
	fl.StringVarP(&f.flags.output, "output", "o", "table", "output format: table, json or csv")
	fl.StringVar(&f.flags.lang, "lang", "", "language: en or zh-TW (default from LC_ALL, LC_MESSAGES, LANG)")
	fl.StringVar(&f.flags.demo, "demo", "", "run against a built-in simulated cPanel account instead of a real one (see 'cpmail demo list')")
	fl.Lookup("demo").NoOptDefVal = "demo"
	fl.BoolVar(&f.flags.noHeaders, "no-headers", false, "leave out the header line of tables and CSV")
	fl.IntVar(&f.flags.maxResponseMB, "max-response", 64, "refuse an API answer larger than this many MiB (Track Delivery streams up to 16 times more)")
}

// prepare validates the global flags that every command shares.
func (f *Factory) prepare() error {
	if err := f.resolveLang(); err != nil {
		return err
	}
	out, err := render.ParseFormat(f.flags.output)
	if err != nil {
		return &UsageError{Err: err}
	}
	f.Output = out
	if f.flags.maxResponseMB < 1 || f.flags.maxResponseMB > 4096 {
		return usagef("--max-response must be between 1 and 4096 MiB, got %d", f.flags.maxResponseMB)
	}
	if f.flags.timeout <= 0 {
		return usagef("--timeout must be positive, got %v", f.flags.timeout)
	}
	return nil
}

// warnf writes a warning to stderr. Warnings quote the server (an error,
// a status): the line is shown through render.Safe, whatever the caller
// passed.
func (f *Factory) warnf(format string, args ...any) {
	var line strings.Builder
	fmt.Fprintf(&line, f.T("warning: ", "警告：")+format, args...)
	fmt.Fprintln(f.IO.ErrOut, render.Safe(line.String()))
}

// redact removes every secret the factory knows from s.
func (f *Factory) redact(s string) string {
	f.mu.Lock()
	defer f.mu.Unlock()
	for _, sec := range f.secrets {
		// Too short to be a real token: replacing it would garble words.
		if len(sec) >= 8 {
			s = strings.ReplaceAll(s, sec, "REDACTED")
		}
	}
	return s
}

// bound starts the --timeout clock: it returns ctx with that deadline, and
// remembers it so that Run can tell a timeout from an interrupt.
func (f *Factory) bound(ctx context.Context) context.Context {
	ctx, cancel := context.WithTimeoutCause(ctx, f.flags.timeout, errTimeout)
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stop != nil {
		f.stop()
	}
	f.bounded, f.stop = ctx, cancel
	return ctx
}

// errTimeout is the cause of the --timeout deadline, told apart from a
// deadline of the caller's context; it is context.DeadlineExceeded for
// errors.Is and reads the same.
var errTimeout = fmt.Errorf("%w", context.DeadlineExceeded)

// timedOut reports whether the --timeout deadline has passed (not an
// interrupt, nor a deadline of the caller's own).
func (f *Factory) timedOut() bool {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.bounded != nil && context.Cause(f.bounded) == errTimeout
}

// Close stops the --timeout clock and the demo server, if one was started.
func (f *Factory) Close() {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.stop != nil {
		f.stop()
	}
	if f.demo != nil {
		f.demo.Close()
		f.demo = nil
	}
	if f.demoDNS != nil {
		f.demoDNS.Close()
		f.demoDNS = nil
	}
}

// Client returns the cPanel client, built once from the flags, the
// environment and the profile, or pointed at the built-in demo server.
func (f *Factory) Client(ctx context.Context) (*cpanel.Client, error) {
	f.mu.Lock()
	c := f.client
	f.mu.Unlock()
	if c != nil {
		return c, nil
	}
	c, err := f.newClient(ctx)
	if err != nil {
		return nil, err
	}
	f.mu.Lock()
	f.client = c
	f.mu.Unlock()
	return c, nil
}

// clientOptions are the options every client gets from the flags.
func (f *Factory) clientOptions() []cpanel.Option {
	opts := []cpanel.Option{cpanel.WithTimeout(f.flags.timeout), cpanel.WithUserAgent("cpmail/" + strings.Fields(version())[0]),
		cpanel.WithMaxBodyBytes(int64(f.flags.maxResponseMB) << 20)}
	if f.flags.debug {
		opts = append(opts, cpanel.WithDebug(func(format string, args ...any) {
			line := fmt.Sprintf("debug: "+f.redact(format)+"\n", args...)
			// Gather calls the client from several goroutines: one line
			// at a time, never interleaved.
			f.mu.Lock()
			defer f.mu.Unlock()
			io.WriteString(f.IO.ErrOut, line)
		}))
	}
	return opts
}

func (f *Factory) newClient(ctx context.Context) (*cpanel.Client, error) {
	opts := f.clientOptions()
	if f.flags.demo != "" {
		sc, err := f.loadDemo(f.flags.demo)
		if err != nil {
			return nil, err
		}
		srv := cpaneltest.NewServer(sc, cpaneltest.WithClock(f.Now))
		f.mu.Lock()
		f.demo, f.demoSc = srv, sc
		f.conn = connection{user: srv.User(), host: strings.TrimPrefix(srv.URL, "http://")}
		f.mu.Unlock()
		return cpanel.NewClient(srv.URL, srv.User(), srv.Token(), opts...)
	}
	host, user, token, prof, err := f.credentials(ctx)
	if err != nil {
		return nil, err
	}
	return f.buildClient(host, user, token, prof, opts)
}

// buildClient makes a client for a real server: TLS from the flags and the
// profile, warnings for plain HTTP and --insecure.
func (f *Factory) buildClient(host, user, token string, prof config.Profile, opts []cpanel.Option) (*cpanel.Client, error) {
	f.mu.Lock()
	f.secrets = append(f.secrets, token)
	f.mu.Unlock()
	base, err := cpanel.ParseHost(host)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	f.mu.Lock()
	f.conn = connection{user: user, host: base.Host}
	f.mu.Unlock()
	if base.Scheme == "http" && !cpanel.IsLoopback(base) {
		f.warnf(f.T("%s is plain HTTP: the API token crosses the network unencrypted; use https://", "%s 是未加密的 HTTP：API 權杖會以明文傳送，請改用 https://"), base.Host)
	}
	tlsOpts := cpanel.TLSOptions{Insecure: f.flags.insecure || prof.Insecure}
	if tlsOpts.Insecure {
		f.warnf(f.T("TLS certificate verification is off (--insecure): anyone in between can read the token; prefer --pin-sha256", "已關閉 TLS 憑證驗證（--insecure）：中間人可讀取權杖；建議改用 --pin-sha256"))
	}
	if pin := firstNonEmpty(f.flags.pin, prof.PinSHA256); pin != "" {
		tlsOpts.PinSHA256 = []string{pin}
	}
	if ca := firstNonEmpty(f.flags.caFile, prof.CAFile); ca != "" {
		pem, err := os.ReadFile(ca)
		if err != nil {
			return nil, &UsageError{Err: fmt.Errorf("cannot read --ca-file: %v", err)}
		}
		tlsOpts.CAPEM = pem
	}
	tc, err := cpanel.TLSConfig(tlsOpts)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	c, err := cpanel.NewClient(host, user, token, append(opts, cpanel.WithTLSConfig(tc))...)
	if err != nil {
		return nil, &UsageError{Err: err}
	}
	return c, nil
}

// credentials resolves host, user and token: flags, then environment, then
// the profile. The token comes only from CPANEL_TOKEN, --token-file or the
// profile's token file, never from the command line. Reading a token file
// stops when ctx ends (a FIFO with no writer waits for one).
func (f *Factory) credentials(ctx context.Context) (host, user, token string, prof config.Profile, err error) {
	profName := firstNonEmpty(f.flags.profile, f.Getenv("CPMAIL_PROFILE"))
	if profName != "" {
		if err := config.ValidName(profName); err != nil {
			return "", "", "", prof, &UsageError{Err: err}
		}
	}
	store, serr := f.store()
	var name string
	if serr == nil {
		prof, name, err = store.Profile(profName)
		if err != nil {
			return "", "", "", prof, &UsageError{Err: err}
		}
	} else if profName != "" {
		return "", "", "", prof, serr
	}
	host = firstNonEmpty(f.flags.host, f.Getenv("CPANEL_HOST"), prof.Host)
	user = firstNonEmpty(f.flags.user, f.Getenv("CPANEL_USER"), prof.User)
	if host == "" {
		return "", "", "", prof, &UsageError{Err: fmt.Errorf("no cPanel host: set CPANEL_HOST or --host, or run 'cpmail login' (or try 'cpmail --demo %s')", "deliveries")}
	}
	switch {
	case f.Getenv("CPANEL_TOKEN") != "":
		token = strings.TrimSpace(f.Getenv("CPANEL_TOKEN"))
	case f.flags.tokenFile != "":
		token, err = config.ReadTokenFile(ctx, f.flags.tokenFile)
	case name != "":
		token, err = config.ReadTokenFile(ctx, store.TokenPath(name))
	default:
		err = &UsageError{Err: fmt.Errorf("no API token: set CPANEL_TOKEN, use --token-file FILE, or run 'cpmail login'")}
	}
	if err != nil {
		return "", "", "", prof, err
	}
	return host, user, token, prof, nil
}

func (f *Factory) store() (config.Store, error) {
	dir, err := config.DefaultDir(f.Getenv)
	if err != nil {
		return config.Store{}, err
	}
	return config.Store{Dir: dir}, nil
}

func firstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}

// table writes headers and rows in the chosen format (table or CSV).
func (f *Factory) table(headers []string, rows [][]string) error {
	if f.Output == render.CSV {
		if f.flags.noHeaders {
			return render.WriteCSV(f.IO.Out, nil, rows)
		}
		return render.WriteCSV(f.IO.Out, headers, rows)
	}
	return render.WriteTable(f.IO.Out, headers, rows, render.TableOptions{Width: f.IO.TermWidth(), NoHeaders: f.flags.noHeaders})
}

// formatTime shows t relative to now on a terminal ("3h ago") and as
// RFC 3339 otherwise.
func (f *Factory) formatTime(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	if !f.IO.OutTTY {
		return t.UTC().Format(time.RFC3339)
	}
	d := f.Now().Sub(t)
	switch {
	case d < time.Minute:
		return f.T("just now", "剛剛")
	case d < time.Hour:
		return fmt.Sprintf(f.T("%dm ago", "%d 分鐘前"), int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf(f.T("%dh ago", "%d 小時前"), int(d.Hours()))
	default:
		return fmt.Sprintf(f.T("%dd ago", "%d 天前"), int(d.Hours()/24))
	}
}
