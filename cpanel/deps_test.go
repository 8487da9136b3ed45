package cpanel

import (
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// libraryPackages are the module's packages that others may import as a
// library: they, and everything they import, must stay free of the CLI.
// Patterns are relative to the module's root, as `go list` takes them.
func libraryPackages() []string { return []string{"./cpanel/...", "./diagnose/..."} }

// forbiddenDeps are the import paths (and everything under them) a library
// package must not reach: the CLI's own packages, its command framework,
// its table printer and the terminal.
func forbiddenDeps() []string {
	return []string{
		"github.com/cpmail/cpmail/internal",
		"github.com/spf13/cobra",
		"github.com/olekukonko/tablewriter",
		"golang.org/x/term",
	}
}

// TestLibraryDepsStayOutOfTheCLI: `go list -deps` of the library packages
// names nothing of the CLI.
func TestLibraryDepsStayOutOfTheCLI(t *testing.T) {
	t.Parallel()
	for _, v := range depViolations(t, libraryPackages()...) {
		t.Errorf("%s", v)
	}
}

// TestDepViolationsFindsTheCLI: the check does see a forbidden import, in
// a package that has one (the CLI itself).
func TestDepViolationsFindsTheCLI(t *testing.T) {
	t.Parallel()
	got := strings.Join(depViolations(t, "./internal/cmd/root"), "\n")
	for _, want := range []string{"github.com/spf13/cobra", "github.com/cpmail/cpmail/internal/render"} {
		if !strings.Contains(got, want) {
			t.Errorf("the check missed %s in ./internal/cmd/root:\n%s", want, got)
		}
	}
}

// depViolations runs `go list -deps` on patterns (relative to the module's
// root) and returns one line per forbidden package reached, naming the
// packages that import it.
func depViolations(t *testing.T, patterns ...string) []string {
	t.Helper()
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil || strings.TrimSpace(string(gomod)) == "" {
		t.Fatalf("go env GOMOD: %v %q", err, gomod)
	}
	cmd := exec.Command("go", append([]string{"list", "-deps", "-f", `{{.ImportPath}}{{range .Imports}} {{.}}{{end}}`}, patterns...)...)
	cmd.Dir = filepath.Dir(strings.TrimSpace(string(gomod)))
	out, err := cmd.Output()
	if err != nil {
		msg := ""
		if ee, ok := err.(*exec.ExitError); ok {
			msg = string(ee.Stderr)
		}
		t.Fatalf("go list -deps %s: %v\n%s", strings.Join(patterns, " "), err, msg)
	}
	forbidden := func(p string) bool {
		for _, f := range forbiddenDeps() {
			if p == f || strings.HasPrefix(p, f+"/") {
				return true
			}
		}
		return false
	}
	importers := map[string][]string{}
	var reached []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		fields := strings.Fields(line)
		if len(fields) == 0 {
			continue
		}
		pkg := fields[0]
		if forbidden(pkg) {
			reached = append(reached, pkg)
		}
		for _, imp := range fields[1:] {
			importers[imp] = append(importers[imp], pkg)
		}
	}
	var lines []string
	for _, p := range reached {
		by := importers[p]
		if len(by) == 0 {
			by = []string{"(named by the pattern)"}
		}
		lines = append(lines, p+" is reached, imported by "+strings.Join(by, ", "))
	}
	return lines
}
