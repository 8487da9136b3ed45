package dns

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

// TestDNSRun: the run function compares cPanel's zone with the public DNS
// the live checks read (a real DNS server on 127.0.0.1), marks each
// difference, and lists the live checks.
func TestDNSRun(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "dns-problems")
	newOpts := func(f render.Format) (*Options, func() string) {
		p, _, out, _ := cmdtest.Printer(i18n.English, f)
		return &Options{Printer: p, Ctx: t.Context(), Getenv: a.Getenv, Client: a.Client, LiveDNS: a.LiveDNS, Session: a.Session, Domain: "Moved.Example."}, out.String
	}
	o, out := newOpts(render.Table)
	if err := dnsRun(o); err != nil {
		t.Fatal(err)
	}
	var marked []string
	for _, l := range strings.Split(out(), "\n") {
		if strings.HasSuffix(l, "≠") {
			marked = append(marked, strings.Fields(l)[1])
		}
	}
	if strings.Join(marked, ",") != "NS,MX,SPF" {
		t.Errorf("marked %v, want NS,MX,SPF:\n%s", marked, out())
	}
	if !strings.Contains(out(), "Live checks (public DNS):") || !strings.Contains(out(), "blocklist-ip      FAIL") {
		t.Errorf("no live checks:\n%s", out())
	}

	o, out = newOpts(render.CSV)
	o.Offline = true
	if err := dnsRun(o); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out()), "\n")
	if lines[0] != "domain,record,cpanel_check,cpanel,public,differs" || !strings.Contains(out(), "moved.example,SPF,MISMATCHED,v=spf1 +a +mx +ip4:198.51.100.20 ~all,\"'-\",\n") {
		t.Errorf("offline CSV:\n%s", out())
	}

	o, out = newOpts(render.JSON)
	if err := dnsRun(o); err != nil {
		t.Fatal(err)
	}
	var views []struct {
		Domain string `json:"domain"`
		Public struct {
			Differs []string `json:"differs"`
		} `json:"public"`
	}
	if err := json.Unmarshal([]byte(out()), &views); err != nil || len(views) != 1 || views[0].Domain != "moved.example" || len(views[0].Public.Differs) != 3 {
		t.Errorf("JSON: %v %+v", err, views)
	}
}

// TestDNSRunNotOnTheAccount: a domain the account does not have is a usage
// error naming the domains it has.
func TestDNSRunNotOnTheAccount(t *testing.T) {
	t.Parallel()
	a := cmdtest.Serve(t, "healthy")
	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	err := dnsRun(&Options{Printer: p, Ctx: t.Context(), Getenv: a.Getenv, Client: a.Client, LiveDNS: a.LiveDNS, Session: a.Session, Domain: "nosuch.example"})
	var ue *cmdutil.UsageError
	if !errors.As(err, &ue) || !strings.Contains(err.Error(), "nosuch.example is not a mail domain of account greenleaf (it has: greenleaf.example)") || out.Len() != 0 {
		t.Errorf("err %v, output %q", err, out)
	}
}
