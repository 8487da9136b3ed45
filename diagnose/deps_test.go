package diagnose_test

import (
	"os/exec"
	"strings"
	"testing"
)

// TestLibraryDeps: the library packages (cpanel, diagnose and below) import
// nothing of the CLI: no internal package, no command, table or terminal
// library. Words live in the catalogs of internal/i18n, which only the CLI
// (and tests) import.
func TestLibraryDeps(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go list")
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/cpmail/cpmail/cpanel/...", "github.com/cpmail/cpmail/diagnose/...").CombinedOutput()
	if err != nil {
		t.Fatalf("go list: %v\n%s", err, out)
	}
	for _, pkg := range strings.Fields(string(out)) {
		for _, banned := range []string{"github.com/cpmail/cpmail/internal/", "github.com/spf13/cobra", "github.com/olekukonko/tablewriter", "golang.org/x/term"} {
			if strings.HasPrefix(pkg, banned) {
				t.Errorf("a library package depends on %s", pkg)
			}
		}
	}
}
