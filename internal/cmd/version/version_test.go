package version

import (
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestVersionRun: the run function prints the version it is given.
func TestVersionRun(t *testing.T) {
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	if err := versionRun(&Options{Printer: p, Version: func() string { return "v1.2.3 go1.26.8" }}); err != nil {
		t.Fatal(err)
	}
	if out.String() != "cpmail v1.2.3 go1.26.8\n" {
		t.Errorf("output %q", out)
	}
}
