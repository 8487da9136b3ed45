package root

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

func TestLoginSavesProfile(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "healthy")
	dir := t.TempDir()
	r := run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, env["CPANEL_TOKEN"]+"\n", "login", "--host", srv.URL, "--user", srv.User(), "--profile", "shop")
	if r.code != 0 {
		t.Fatalf("login: %d %s", r.code, r.stderr)
	}
	st, err := os.Stat(filepath.Join(dir, "profiles", "shop.token"))
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("token file: %v %v", err, st)
	}
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "", "--profile", "shop", "accounts", "-o", "json")
	if r.code != 0 || !strings.Contains(r.stdout, "hello@greenleaf.example") {
		t.Fatalf("with profile: %d %s %s", r.code, r.stdout, r.stderr)
	}
	// A token file other users can read is refused with the chmod to run.
	_ = os.Chmod(filepath.Join(dir, "profiles", "shop.token"), 0o644)
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "", "--profile", "shop", "accounts")
	if r.code == 0 || !strings.Contains(r.stderr, "chmod 600") {
		t.Errorf("open token file accepted: %d %s", r.code, r.stderr)
	}
	// A wrong token is not saved.
	r = run(t, map[string]string{"CPMAIL_CONFIG_DIR": dir}, "WRONG\n", "login", "--host", srv.URL, "--user", srv.User(), "--profile", "bad")
	if r.code != cmdutil.ExitRefused || strings.Contains(r.stderr, "WRONG") || !strings.Contains(r.stderr, "not saved") {
		t.Errorf("wrong token login: %d %s", r.code, r.stderr)
	}
	if _, err := os.Stat(filepath.Join(dir, "profiles", "bad.token")); err == nil {
		t.Error("a refused token was saved")
	}
}
