package quota

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestQuotaRun: the run function shows disk and inodes against their
// limits, as a table for people and as one CSV line of numbers.
func TestQuotaRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	if err := quotaRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client}); err != nil {
		t.Fatal(err)
	}
	want := "RESOURCE        USED     LIMIT     USE%\ndisk            3.6 GiB  10.0 GiB  36%\ninodes (files)  48211    250000    19%\n"
	if out.String() != want {
		t.Errorf("table:\n%s\nwant:\n%s", out, want)
	}
	p, _, out, _ = cmdtest.Printer(i18n.TraditionalChinese, render.CSV)
	if err := quotaRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client}); err != nil {
		t.Fatal(err)
	}
	if want := "disk_used_bytes,disk_limit_bytes,inodes_used,inodes_limit\n3827742801.92,10737418240,48211,250000\n"; out.String() != want {
		t.Errorf("CSV:\n%s\nwant:\n%s", out, want)
	}
	p, _, out, _ = cmdtest.Printer(i18n.TraditionalChinese, render.Table)
	if err := quotaRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client}); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "資源") || !strings.Contains(out.String(), "磁碟空間") {
		t.Errorf("zh-TW table:\n%s", out)
	}
}
