package factory

import (
	"context"
	"errors"
	"strings"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/demo"
	"github.com/cpmail/cpmail/internal/render"
)

// whm returns the WHM client, built once: WHM_HOST, WHM_USER (default
// root) and WHM_TOKEN, or the profile 'cpmail login --whm' saved, or in
// the demo the fake WHM server of the demo fleet.
func (w *wiring) whm(ctx context.Context) (*cpanel.WHMClient, error) {
	return builtOnce(&w.mu, &w.builtWHM, func() (*cpanel.WHMClient, error) { return w.newWHM(ctx) })
}

func (w *wiring) newWHM(ctx context.Context) (*cpanel.WHMClient, error) {
	f := w.f
	if f.Flags.Demo != "" {
		d, err := w.startFleetDemo()
		if err != nil {
			return nil, err
		}
		f.Session.SetWHM(d.WHM.User(), strings.TrimPrefix(d.WHM.URL, "http://"))
		return cpanel.NewWHMClient(d.WHM.URL, d.WHM.User(), d.WHM.Token(), w.whmOptions()...)
	}
	host, user, token, prof, err := w.whmCredentials(ctx)
	if err != nil {
		return nil, err
	}
	return w.connectWHM(host, user, token, prof)
}

// connectWHM makes a WHM client for a real server from credentials given
// directly (login --whm), with the rate limit of the flags (fleet's
// --rate).
func (w *wiring) connectWHM(host, user, token string, prof config.Profile) (*cpanel.WHMClient, error) {
	w.f.Session.AddSecret(token)
	base, err := cpanel.ParseWHMHost(host)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	w.f.Session.SetWHM(user, base.Host)
	tc, err := w.tlsConfig(base, prof)
	if err != nil {
		return nil, err
	}
	c, err := cpanel.NewWHMClient(host, user, token, w.whmOptions(cpanel.WithTLSConfig(tc))...)
	if err != nil {
		return nil, &cmdutil.UsageError{Err: err}
	}
	return c, nil
}

// whmOptions are the options of every WHM client, then extra: those of
// every client and the rate limit of the flags (fleet's --rate).
func (w *wiring) whmOptions(extra ...cpanel.Option) []cpanel.Option {
	return append(append(w.clientOptions(), cpanel.WithRateLimit(w.f.Flags.RateLimit)), extra...)
}

// startFleetDemo starts the demo fleet once (the fake WHM server).
func (w *wiring) startFleetDemo() (*demo.Servers, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if w.demo == nil || w.demo.WHM == nil {
		d, err := demo.StartFleet(w.f.Now)
		if err != nil {
			return nil, err
		}
		w.demo = d
		w.f.Session.OnClose(d.Close)
	}
	return w.demo, nil
}

// whmCredentials resolves the WHM host, user and token: WHM_HOST,
// WHM_USER and WHM_TOKEN, then the WHM profile. A profile --profile names
// must be a WHM profile that can be read; CPMAIL_PROFILE, which may name
// the cPanel profile of the other commands, is used when it names a WHM
// profile, else the profile called "whm". The token comes only from
// WHM_TOKEN or the profile's token file.
func (w *wiring) whmCredentials(ctx context.Context) (host, user, token string, prof config.Profile, err error) {
	f := w.f
	token = strings.TrimSpace(f.Getenv("WHM_TOKEN"))
	prof, name, store, err := w.whmProfile(f.Getenv("WHM_HOST") != "" && token != "")
	if err != nil {
		return "", "", "", prof, err
	}
	if token == "" && name != "" {
		if token, err = config.ReadTokenFile(ctx, store.TokenPath(name)); err != nil {
			return "", "", "", prof, err
		}
	}
	host = cmdutil.FirstNonEmpty(f.Getenv("WHM_HOST"), prof.Host)
	user = cmdutil.FirstNonEmpty(f.Getenv("WHM_USER"), prof.User, "root")
	if host == "" {
		return "", "", "", prof, cmdutil.Usage(f.Tr("whm.no-host"))
	}
	if token == "" {
		return "", "", "", prof, cmdutil.Usage(f.Tr("whm.no-token"))
	}
	return host, user, token, prof, nil
}

// whmProfile finds the WHM profile and its name ("" for none) in the
// profile store. Without a place for profiles (no home directory) only
// the environment can give the credentials; a config.json that cannot be
// read is an error unless the environment gives all that is needed
// (envComplete) and no --profile was named.
func (w *wiring) whmProfile(envComplete bool) (config.Profile, string, config.Store, error) {
	named := w.f.Flags.Profile
	store, err := w.store()
	if err != nil {
		if named != "" {
			return config.Profile{}, "", store, err
		}
		return config.Profile{}, "", store, nil
	}
	if _, err := store.Load(); err != nil {
		if named != "" || !envComplete {
			return config.Profile{}, "", store, err
		}
		return config.Profile{}, "", store, nil
	}
	if named != "" {
		p, got, err := w.namedWHMProfile(store, named)
		return p, got, store, err
	}
	for _, n := range []string{w.f.Getenv("CPMAIL_PROFILE"), "whm"} {
		if n == "" || config.ValidName(n) != nil {
			continue
		}
		if p, got, err := store.Profile(n); err == nil && p.WHM {
			return p, got, store, nil
		}
	}
	return config.Profile{}, "", store, nil
}

// namedWHMProfile returns the profile --profile names, which must be a
// WHM profile.
func (w *wiring) namedWHMProfile(store config.Store, name string) (config.Profile, string, error) {
	if err := config.ValidName(name); err != nil {
		return config.Profile{}, "", &cmdutil.UsageError{Err: err}
	}
	p, got, err := store.Profile(name)
	if err != nil {
		return p, "", &cmdutil.UsageError{Err: err}
	}
	if !p.WHM {
		return p, "", cmdutil.Usage(w.f.Tr("whm.profile-not-whm", "Profile", name))
	}
	return p, got, nil
}

// accountClient returns the client of the cPanel account --account names,
// read through WHM. It first asks WHM for the account's summary, so that a
// token that may not see the account gets one clear line.
func (w *wiring) accountClient(ctx context.Context, account string) (*cpanel.Client, error) {
	f := w.f
	whm, err := w.whm(ctx)
	if err != nil {
		return nil, err
	}
	account = strings.ToLower(strings.TrimSpace(account))
	if !validAccountName(account) {
		return nil, cmdutil.Usage(f.Tr("whm.bad-account-name", "Account", render.Safe(account)))
	}
	if _, _, err := whm.AccountSummary(ctx, account); err != nil {
		var ae *cpanel.APIError
		if errors.As(err, &ae) {
			return nil, cmdutil.Usage(f.Tr("whm.account-not-visible", "Account", render.Safe(account), "User", render.Safe(whm.User()),
				"Reason", render.Safe(render.OneLine(strings.Join(ae.Errors, "; ")))))
		}
		return nil, err
	}
	return whm.Account(account), nil
}

// validAccountName reports whether s can be a cPanel user name.
func validAccountName(s string) bool {
	if s == "" || len(s) > 32 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}
