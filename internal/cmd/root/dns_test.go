package root

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/dnstest"
)

func TestDNSShowsBothViews(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "dns-problems")
	resolver := env["CPMAIL_RESOLVER"]
	env["CPMAIL_RESOLVER"] = startDNS(t, "") // --resolver wins over the environment
	r := run(t, env, "", "dns", "moved.example", "--resolver", resolver, "-o", "json")
	var views []dnsView
	if err := json.Unmarshal([]byte(r.stdout), &views); err != nil || len(views) != 1 || r.code != 0 {
		t.Fatalf("dns: %d %v %s %s", r.code, err, r.stdout, r.stderr)
	}
	v := views[0]
	if v.Public == nil {
		t.Fatalf("no public view: %+v", v)
	}
	if got := strings.Join(v.Public.Differs, ","); got != "NS,MX,SPF" {
		t.Errorf("differs = %q, want NS,MX,SPF", got)
	}
	if strings.Join(v.Public.NS, ",") != "ada.ns.cloudflare.example,bob.ns.cloudflare.example" || strings.Join(v.NS, ",") != "ns1.hosting.example,ns2.hosting.example" {
		t.Errorf("NS cPanel %v, public %v", v.NS, v.Public.NS)
	}
	if v.Public.MXPointsHere == nil || *v.Public.MXPointsHere {
		t.Errorf("MX points here = %v", v.Public.MXPointsHere)
	}
	verdicts := map[string]string{}
	for _, c := range v.Live {
		verdicts[c.Check] = c.Verdict.String()
	}
	if verdicts["authority"] != "fail" || verdicts["spf"] != "fail" || verdicts["blocklist-ip"] != "fail" {
		t.Errorf("live verdicts %v", verdicts)
	}

	// The table marks each difference; --offline shows cPanel's side only.
	r = run(t, env, "", "dns", "moved.example", "--resolver", resolver)
	marked := 0
	for _, l := range strings.Split(r.stdout, "\n") {
		if strings.HasSuffix(strings.TrimSpace(l), "≠") {
			marked++
		}
	}
	if marked != 3 || !strings.Contains(r.stdout, "Live checks") {
		t.Errorf("%d marked rows:\n%s", marked, r.stdout)
	}
	r = run(t, env, "", "dns", "moved.example", "--offline")
	if r.code != 0 || strings.Contains(r.stdout, "ada.ns.cloudflare") || !strings.Contains(r.stdout, "--offline") {
		t.Errorf("offline: %d\n%s%s", r.code, r.stdout, r.stderr)
	}
}

func TestDNSResolverErrors(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	for _, args := range [][]string{
		{"dns", "greenleaf.example", "--resolver", "1.2.3.4:99999"},
		{"dns", "greenleaf.example", "--resolver", "not a host"},
		{"check", "--resolver", "x:0"},
		{"dns", "greenleaf.example", "--selector", "bad selector"},
	} {
		r := run(t, env, "", args...)
		want := cmdutil.ExitUsage
		if args[0] == "check" {
			want = cmdutil.PluginUnknown // the monitoring plugin's UNKNOWN
		}
		if r.code != want || strings.Count(strings.TrimSpace(r.stderr), "\n") != 0 {
			t.Errorf("%v: exit %d, stderr %q", args, r.code, r.stderr)
		}
	}
	bad := map[string]string{}
	for k, v := range env {
		bad[k] = v
	}
	bad["CPMAIL_RESOLVER"] = "127.0.0.1:notaport"
	if r := run(t, bad, "", "diagnose"); r.code != 2 || !strings.Contains(r.stderr, "CPMAIL_RESOLVER") {
		t.Errorf("bad CPMAIL_RESOLVER: exit %d %q", r.code, r.stderr)
	}
	// A resolver that never answers makes the checks unknown, not failed.
	dead := map[string]string{}
	for k, v := range env {
		dead[k] = v
	}
	r := run(t, dead, "", "--timeout", "3s", "diagnose", "greenleaf.example", "--resolver", "127.0.0.1:9", "-o", "json")
	var rep struct {
		Verdict  string
		Findings []struct{ ID string }
		Coverage []struct {
			Source string
			OK     bool
			Error  string
		}
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v: %s %s", err, r.stdout, r.stderr)
	}
	gap := false
	for _, c := range rep.Coverage {
		gap = gap || (strings.HasPrefix(c.Source, "live DNS") && !c.OK)
	}
	if len(rep.Findings) != 0 || rep.Verdict != "unknown" || !gap {
		t.Errorf("dead resolver: exit %d, %+v", r.code, rep)
	}
}

func TestResolverBlindToPublicDNSIsSkipped(t *testing.T) {
	t.Parallel()
	_, env := serveScenario(t, "healthy")
	// A resolver that knows the account's domains but not the root: a
	// sandbox or filtering resolver. Its answers would make every domain
	// look broken, so the live checks are skipped, with the reason.
	s, err := dnstest.Start("", map[string]dnstest.Behaviour{".": dnstest.Refused})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	env["CPMAIL_RESOLVER"] = s.Addr
	r := run(t, env, "", "diagnose")
	if r.code != 0 || !strings.Contains(r.stdout, "no problems found") || !strings.Contains(r.stdout, "cannot show what the world sees") {
		t.Errorf("exit %d:\n%s%s", r.code, r.stdout, r.stderr)
	}
	// Named on the command line, the same resolver is trusted as it is.
	r = run(t, env, "", "diagnose", "--resolver", s.Addr, "-o", "json")
	if r.code != 3 || strings.Contains(r.stdout, "live_dns_skipped") {
		t.Errorf("--resolver: exit %d:\n%s", r.code, r.stdout)
	}
}

func TestDNSDegradesWhenACallFails(t *testing.T) {
	t.Parallel()
	srv, env := serveScenario(t, "demo")
	srv.SetFault("DNS::parse_zone", cpaneltest.Fault{Status: 500})
	srv.SetFault("Email::list_mxs", cpaneltest.Fault{StatusZero: "The feature “emailrouting” is not enabled."})
	r := run(t, env, "", "dns", "--offline", "-o", "json")
	var views []dnsView
	if err := json.Unmarshal([]byte(r.stdout), &views); err != nil || r.code != 0 || len(views) != 2 {
		t.Fatalf("exit %d %v: %s %s", r.code, err, r.stdout, r.stderr)
	}
	for _, v := range views {
		// The zone and routing are missing and said so; cPanel's checks remain.
		if len(v.Errors) != 2 || v.Checks.SPF == "" || v.Routing != "" {
			t.Errorf("%s: errors %q, checks %+v, routing %q", v.Domain, v.Errors, v.Checks, v.Routing)
		}
	}
	if !strings.Contains(r.stderr, "HTTP 500") || !strings.Contains(r.stderr, "emailrouting") {
		t.Errorf("no warnings: %q", r.stderr)
	}
}

// dnsView is one domain of `cpmail dns -o json`, as the tests read it.
type dnsView struct {
	Domain  string   `json:"domain"`
	Routing string   `json:"routing"`
	NS      []string `json:"ns"`
	MX      []struct {
		Priority int    `json:"priority"`
		Host     string `json:"host"`
	} `json:"mx"`
	SPF    []string `json:"spf"`
	DKIM   []string `json:"dkim"`
	DMARC  []string `json:"dmarc"`
	Checks struct {
		SPF   string `json:"spf"`
		DKIM  string `json:"dkim"`
		DMARC string `json:"dmarc"`
		PTR   string `json:"ptr"`
	} `json:"cpanel_checks"`
	Public *struct {
		NS           []string `json:"ns"`
		MX           []string `json:"mx"`
		SPF          []string `json:"spf"`
		DKIM         []string `json:"dkim"`
		DMARC        []string `json:"dmarc"`
		PTR          []string `json:"ptr"`
		MXPointsHere *bool    `json:"mx_points_here"`
		Differs      []string `json:"differs"`
	} `json:"public"`
	Live        []dnscheck.Result `json:"live_checks"`
	LiveSkipped string            `json:"live_skipped"`
	Errors      []string          `json:"errors"`
}
