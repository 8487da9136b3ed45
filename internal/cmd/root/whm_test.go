package root

import (
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/config"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// runAt runs cpmail in-process with the clock fixed at now.
func runAt(t *testing.T, now time.Time, env map[string]string, args ...string) result {
	t.Helper()
	io, _, out, errOut := iostreams.Test()
	if _, ok := env["CPMAIL_CONFIG_DIR"]; !ok {
		env["CPMAIL_CONFIG_DIR"] = t.TempDir()
	}
	f := factory.New(io, func(k string) string { return env[k] }, func() time.Time { return now })
	code := Run(t.Context(), f, args)
	return result{code, out.String(), errOut.String()}
}

// whmServe serves scenarios as accounts of one WHM server: alice (demo),
// bob (healthy, owned by the reseller "res").
func whmServe(t *testing.T, now time.Time) (*cpaneltest.WHMServer, map[string]string) {
	t.Helper()
	demo, err := cpaneltest.LoadScenario("demo")
	if err != nil {
		t.Fatal(err)
	}
	healthy, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewWHMServer([]cpaneltest.WHMAccount{{Scenario: demo}, {Scenario: healthy, User: "bob", Owner: "res"}},
		cpaneltest.WithClock(func() time.Time { return now }))
	t.Cleanup(srv.Close)
	return srv, map[string]string{"WHM_HOST": srv.URL, "WHM_TOKEN": srv.Token(), "CPMAIL_RESOLVER": startDNS(t, demo.PublicZone())}
}

// --account U diagnose -o json equals the account's own-token diagnosis.
func TestAccountDiagnoseEqualsOwnToken(t *testing.T) {
	now := time.Date(2026, 12, 7, 9, 0, 0, 0, time.UTC)
	whm, env := whmServe(t, now)
	sc, _ := cpaneltest.LoadScenario("demo")
	own := cpaneltest.NewServer(sc, cpaneltest.WithClock(func() time.Time { return now }))
	t.Cleanup(own.Close)
	ownEnv := map[string]string{"CPANEL_HOST": own.URL, "CPANEL_USER": own.User(), "CPANEL_TOKEN": own.Token(), "CPMAIL_RESOLVER": env["CPMAIL_RESOLVER"]}
	a := runAt(t, now, env, "--account", "DEMO", "diagnose", "-o", "json")
	b := runAt(t, now, ownEnv, "diagnose", "-o", "json")
	if a.code != b.code {
		t.Fatalf("exit %d via WHM, %d with the own token\n%s\n%s", a.code, b.code, a.stderr, b.stderr)
	}
	var ja, jb map[string]any
	if err := json.Unmarshal([]byte(a.stdout), &ja); err != nil {
		t.Fatalf("%v\n%s", err, a.stdout)
	}
	if err := json.Unmarshal([]byte(b.stdout), &jb); err != nil {
		t.Fatal(err)
	}
	for _, j := range []map[string]any{ja, jb} {
		scrubVolatile(j, own.URL, whm.URL)
	}
	if !reflect.DeepEqual(ja, jb) {
		x, _ := json.MarshalIndent(ja, "", " ")
		y, _ := json.MarshalIndent(jb, "", " ")
		t.Fatalf("via WHM:\n%s\nown token:\n%s", x, y)
	}
	for _, c := range whm.Calls() {
		if c.StateChanging {
			t.Errorf("state-changing call %s", c.Name())
		}
		if c.API != "whm" && c.Account != "demo" {
			t.Errorf("%s for account %q, want demo (lower case)", c.Name(), c.Account)
		}
	}
}

// scrubVolatile removes what differs between two servers: their
// addresses and the time each call took.
func scrubVolatile(v any, hosts ...string) {
	scrub := func(s string) string {
		for _, h := range hosts {
			s = strings.ReplaceAll(s, strings.TrimPrefix(h, "http://"), "HOST")
		}
		return s
	}
	switch x := v.(type) {
	case map[string]any:
		for k, e := range x {
			if strings.Contains(k, "duration") || k == "ms" || k == "elapsed" {
				delete(x, k)
				continue
			}
			if s, ok := e.(string); ok {
				x[k] = scrub(s)
				continue
			}
			scrubVolatile(e, hosts...)
		}
	case []any:
		for i, e := range x {
			if s, ok := e.(string); ok {
				x[i] = scrub(s)
				continue
			}
			scrubVolatile(e, hosts...)
		}
	}
}

// A reseller asking for an account not theirs gets one clear line.
func TestAccountNotTheResellers(t *testing.T) {
	now := time.Now()
	whm, env := whmServe(t, now)
	env["WHM_USER"], env["WHM_TOKEN"] = "res", whm.AddReseller("res")
	r := runAt(t, now, env, "--account", "demo", "quota")
	if r.code != 2 || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 || !strings.Contains(r.stderr, "res may not read account demo") {
		t.Fatalf("exit %d, stderr %q", r.code, r.stderr)
	}
	if r := runAt(t, now, env, "--account", "bob", "quota"); r.code != 0 {
		t.Fatalf("bob: exit %d %s", r.code, r.stderr)
	}
}

// A refused WHM token stops after one request, with WHM's words.
func TestAccountRefusedWHMToken(t *testing.T) {
	now := time.Now()
	whm, env := whmServe(t, now)
	env["WHM_TOKEN"] = "WRONGTOKENWRONGTOKENWRONGTOKEN12"
	r := runAt(t, now, env, "--account", "demo", "diagnose")
	if r.code != 4 || !strings.Contains(r.stderr, "WHM on") || len(whm.Calls()) != 1 {
		t.Fatalf("exit %d, %d calls, stderr %q", r.code, len(whm.Calls()), r.stderr)
	}
	if strings.Contains(r.stderr, env["WHM_TOKEN"]) {
		t.Fatal("token in stderr")
	}
}

func TestAccountNeedsWHMCredentials(t *testing.T) {
	r := runAt(t, time.Now(), map[string]string{}, "--account", "demo", "quota")
	if r.code != 2 || !strings.Contains(r.stderr, "WHM_HOST") {
		t.Fatalf("exit %d %q", r.code, r.stderr)
	}
}

// login --whm checks the token with one listaccts and saves a WHM
// profile (0600) that --account then uses; it never becomes the default
// cPanel profile.
func TestLoginWHMSavesProfile(t *testing.T) {
	now := time.Now()
	whm, env := whmServe(t, now)
	dir := t.TempDir()
	env["CPMAIL_CONFIG_DIR"] = dir
	io, in, _, errOut := iostreams.Test()
	in.WriteString(whm.Token() + "\n")
	f := factory.New(io, func(k string) string { return env[k] }, time.Now)
	if code := Run(t.Context(), f, []string{"login", "--whm", "--host", whm.URL}); code != 0 {
		t.Fatalf("login --whm: exit %d %s", code, errOut)
	}
	st, err := os.Stat(filepath.Join(dir, "profiles", "whm.token"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", st, err)
	}
	delete(env, "WHM_HOST")
	delete(env, "WHM_TOKEN")
	if r := runAt(t, now, env, "--account", "bob", "quota"); r.code != 0 {
		t.Fatalf("--account with the saved profile: exit %d %s", r.code, r.stderr)
	}
	if r := runAt(t, now, env, "quota"); r.code != 2 {
		t.Fatalf("the WHM profile became the cPanel default: exit %d %s", r.code, r.stderr)
	}
}

// A profile --profile names must be of the kind the command needs: an
// account's profile given for WHM, a WHM profile given for an account's
// own commands, a profile that does not exist and a config.json that
// cannot be read each stop with one line before any request, instead of
// falling back to another profile.
func TestProfileOfTheWrongKind(t *testing.T) {
	now := time.Now()
	whm, env := whmServe(t, now)
	dir := t.TempDir()
	store := config.Store{Dir: dir}
	if err := store.Save("acct", config.Profile{Host: "cpanel.example.com:2083", User: "bob"}, "ACCTTOKENACCTTOKENACCTTOKEN12345"); err != nil {
		t.Fatal(err)
	}
	if err := store.Save("whm", config.Profile{Host: whm.URL, User: "root", WHM: true}, whm.Token()); err != nil {
		t.Fatal(err)
	}
	if err := store.Save("boss", config.Profile{Host: whm.URL, User: "root", WHM: true}, whm.Token()); err != nil {
		t.Fatal(err)
	}
	env["CPMAIL_CONFIG_DIR"] = dir
	delete(env, "WHM_HOST")
	delete(env, "WHM_TOKEN")
	if r := runAt(t, now, env, "--profile", "boss", "--account", "bob", "quota"); r.code != 0 {
		t.Fatalf("--profile boss --account bob: exit %d %s", r.code, r.stderr)
	}
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"--profile", "acct", "--account", "bob", "quota"}, "acct is a cPanel account's profile, not a WHM one"},
		{[]string{"--profile", "acct", "fleet", "--quick"}, "acct is a cPanel account's profile, not a WHM one"},
		{[]string{"--profile", "boss", "quota"}, "boss is a WHM profile: use it with --account"},
		{[]string{"--profile", "nosuch", "--account", "bob", "quota"}, `no profile "nosuch"`},
	} {
		calls := len(whm.Calls())
		r := runAt(t, now, env, c.args...)
		if r.code != 2 || !strings.Contains(r.stderr, c.want) || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q; want exit 2 and %q", c.args, r.code, r.stderr, c.want)
		}
		if len(whm.Calls()) != calls {
			t.Errorf("%v: %d requests to WHM, want none", c.args, len(whm.Calls())-calls)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "config.json"), []byte("{not json"), 0o600); err != nil {
		t.Fatal(err)
	}
	r := runAt(t, now, env, "--account", "bob", "quota")
	if r.code == 0 || !strings.Contains(r.stderr, "config.json is not valid JSON") {
		t.Fatalf("unreadable config.json: exit %d, stderr %q", r.code, r.stderr)
	}
}
