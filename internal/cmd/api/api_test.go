package api

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestAPIRun: the run function calls a read-only function with its
// parameters and prints the data cPanel returned as JSON.
func TestAPIRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "demo")
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	err := apiRun(&Options{Printer: p, Ctx: t.Context(), Client: a.Client, Args: []string{"UAPI", "Email", "list_pops_with_disk", "domain=shop.example.net"}})
	if err != nil {
		t.Fatal(err)
	}
	var boxes []map[string]any
	if err := json.Unmarshal(out.Bytes(), &boxes); err != nil || len(boxes) == 0 {
		t.Fatalf("not a JSON list of mailboxes: %v\n%s", err, out)
	}
	for _, b := range boxes {
		if !strings.HasSuffix(b["email"].(string), "@shop.example.net") {
			t.Errorf("domain=shop.example.net was not sent: %v", b["email"])
		}
	}
	calls := a.Server.Calls()
	if len(calls) != 1 || calls[0].Name() != "Email::list_pops_with_disk" {
		t.Errorf("calls %v", calls)
	}
}

// TestAPIRunRefusesWrites: a function that changes the account, or a
// malformed parameter, is refused before any client is built.
func TestAPIRunRefusesWrites(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{
		{"uapi", "Email", "add_pop", "email=x"},
		{"api2", "Email", "delforward"},
		{"soap", "Email", "list_pops"},
		{"uapi", "Email", "list_pops_with_disk", "novalue"},
	} {
		p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
		err := apiRun(&Options{Printer: p, Ctx: t.Context(), Client: cmdtest.NoClient(t), Args: args})
		var ue *cmdutil.UsageError
		if !errors.As(err, &ue) || out.Len() != 0 {
			t.Errorf("%v: err %v, output %q; want a usage error and nothing written", args, err, out)
		}
	}
}
