package accounts

import (
	"errors"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestAccountsRun: the run function, called with Options, lists the demo's
// mailboxes as a table sorted by use and as CSV with the JSON's keys.
func TestAccountsRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	if err := accountsRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client, Sort: "usage"}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) < 3 || strings.Join(strings.Fields(lines[0]), " ") != "ADDRESS USED QUOTA USE% SUSPENDED" {
		t.Fatalf("table:\n%s", out)
	}
	if f := strings.Fields(lines[1]); f[0] != "sales@example.com" || !strings.Contains(lines[1], "100%") {
		t.Errorf("first by use = %q, want sales@example.com at 100%%", lines[1])
	}
	if !strings.Contains(out.String(), "incoming") {
		t.Errorf("no suspended mailbox shown:\n%s", out)
	}

	p, _, out, _ = cmdtest.Printer(i18n.TraditionalChinese, render.CSV)
	if err := accountsRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client, Sort: "address", Domain: "shop.example.net"}); err != nil {
		t.Fatal(err)
	}
	lines = strings.Split(strings.TrimSpace(out.String()), "\n")
	if lines[0] != "email,domain,used_bytes,quota_bytes,used_percent,suspended_incoming,suspended_login,suspended_outgoing,hold_outgoing" {
		t.Errorf("CSV header = %q: the keys do not follow the language", lines[0])
	}
	for _, l := range lines[1:] {
		if !strings.Contains(l, "@shop.example.net,shop.example.net,") {
			t.Errorf("--domain shop.example.net: row %q", l)
		}
	}
}

// TestAccountsRunUsage: a bad --sort or --domain is a usage error, found
// before any client is built.
func TestAccountsRunUsage(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{Sort: "size"}, {Sort: "address", Domain: "nodot"}} {
		p, _, _, _ := cmdtest.Printer(i18n.English, render.Table)
		o.Printer, o.Ctx, o.Client = p, t.Context(), cmdtest.NoClient(t)
		var ue *cmdutil.UsageError
		if err := accountsRun(&o); !errors.As(err, &ue) {
			t.Errorf("%+v: err %v, want a usage error", o, err)
		}
	}
}
