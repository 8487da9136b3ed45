package login

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

func newOptions(t *testing.T, a *cmdtest.Account, store config.Store, stdin string) (*Options, func() string) {
	p, in, _, errOut := cmdtest.Printer(i18n.English, render.Table)
	in.WriteString(stdin)
	return &Options{Printer: p, Ctx: t.Context(), Getenv: a.Getenv, Session: &cmdutil.Session{Timeout: a.Session.Timeout},
		Flags: &cmdutil.GlobalFlags{Host: a.Server.URL, User: a.Server.User(), Profile: "shop"},
		Connect: func(host, user, token string, _ config.Profile) (*cpanel.Client, error) {
			return cpanel.NewClient(host, user, token)
		},
		Store: func() (config.Store, error) { return store, nil }}, errOut.String
}

// TestLoginRun: the run function checks the token read from standard input
// with one call and saves the profile; a refused token is not saved and
// ends with exit 4, the token never in the message.
func TestLoginRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "healthy")
	store := config.Store{Dir: t.TempDir()}

	o, errOut := newOptions(t, a, store, a.Server.Token()+"\n")
	if err := loginRun(o); err != nil {
		t.Fatalf("%v: %s", err, errOut())
	}
	prof, name, err := store.Profile("shop")
	if err != nil || name != "shop" || prof.Host != a.Server.URL || prof.User != "greenleaf" || !strings.Contains(errOut(), `Saved profile "shop"`) {
		t.Fatalf("profile %+v %q %v; stderr %s", prof, name, err, errOut())
	}
	if token, err := config.ReadTokenFile(t.Context(), store.TokenPath("shop")); err != nil || token != a.Server.Token() {
		t.Errorf("saved token: %v", err)
	}

	o, errOut = newOptions(t, a, store, "WRONG-TOKEN-1234\n")
	o.Flags.Profile = "bad"
	err = loginRun(o)
	var ec *cmdutil.ExitCodeError
	if !errors.As(err, &ec) || ec.Code != cmdutil.ExitRefused || !strings.Contains(errOut(), "the token was not saved") || strings.Contains(errOut(), "WRONG-TOKEN") {
		t.Errorf("refused token: err %v, stderr %q", err, errOut())
	}
	if _, _, err := store.Profile("bad"); err == nil {
		t.Error("a refused token was saved")
	}
}

// TestLoginRunUsage: a missing host or user, or an empty token, is a
// usage error and nothing is saved.
func TestLoginRunUsage(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "healthy")
	store := config.Store{Dir: t.TempDir()}
	o, _ := newOptions(t, a, store, "\n")
	var ue *cmdutil.UsageError
	if err := loginRun(o); !errors.As(err, &ue) || !strings.Contains(err.Error(), "the token is empty") {
		t.Errorf("empty token: %v", err)
	}
	o, _ = newOptions(t, a, store, "x\n")
	o.Flags.User = ""
	if err := loginRun(o); !errors.As(err, &ue) {
		t.Errorf("no user: %v", err)
	}
}

// TestLoginSavedLineIsSafe: the line that names the saved profile shows a
// control character of its directory escaped, never raw.
func TestLoginSavedLineIsSafe(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "healthy")
	store := config.Store{Dir: filepath.Join(t.TempDir(), "evil\x1b[2Jdir")}
	o, errOut := newOptions(t, a, store, a.Server.Token()+"\n")
	if err := loginRun(o); err != nil {
		t.Fatalf("%v: %s", err, errOut())
	}
	if s := errOut(); strings.Contains(s, "\x1b") || !strings.Contains(s, `Saved profile "shop"`) {
		t.Errorf("the saved line: %q", s)
	}
}
