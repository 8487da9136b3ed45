package cli

import (
	"context"
	"fmt"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// mailDNS is one domain in `cpmail dns -o json`: its mail records as cPanel
// holds them, the routing setting, and cPanel's own checks.
type mailDNS struct {
	Domain  string     `json:"domain"`
	Routing string     `json:"routing"`
	MX      []mxRecord `json:"mx"`
	SPF     []string   `json:"spf"`
	DKIM    []string   `json:"dkim"`
	DMARC   []string   `json:"dmarc"`
	Checks  authChecks `json:"cpanel_checks"`
	Errors  []string   `json:"errors,omitempty"`
}

type mxRecord struct {
	Priority int    `json:"priority"`
	Host     string `json:"host"`
}

type authChecks struct {
	SPF   string `json:"spf"`
	DKIM  string `json:"dkim"`
	DMARC string `json:"dmarc"`
	PTR   string `json:"ptr"`
}

func newDNSCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "dns [DOMAIN]",
		Short: "Show a domain's mail DNS records as cPanel holds them, with cPanel's checks",
		Long: `Show the mail records of a domain as cPanel's zone holds them (MX, SPF,
DKIM at default._domainkey, DMARC at _dmarc), the email routing setting, and
the state of cPanel's own SPF, DKIM, DMARC and reverse DNS checks. Without a
domain, every mail domain of the account.`,
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			var domains []string
			if len(args) == 1 {
				d := strings.ToLower(strings.TrimSuffix(args[0], "."))
				if err := validDomain(d); err != nil {
					return err
				}
				domains = []string{d}
			}
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			if domains == nil {
				domains, _, err = c.Email.ListMailDomains(cmd.Context())
				if err != nil {
					return err
				}
			}
			views := gatherMailDNS(cmd.Context(), c, domains)
			for _, v := range views {
				for _, e := range v.Errors {
					f.warnf("%s: %s", v.Domain, f.redact(e))
				}
			}
			return f.writeMailDNS(views)
		},
	}
}

// gatherMailDNS reads zones, routing and cPanel's checks for domains. A
// failed call is kept in the view's Errors; the rest goes on.
func gatherMailDNS(ctx context.Context, c *cpanel.Client, domains []string) []mailDNS {
	views := make([]mailDNS, len(domains))
	idx := map[string]int{}
	for i, d := range domains {
		views[i] = mailDNS{Domain: d, MX: []mxRecord{}, SPF: []string{}, DKIM: []string{}, DMARC: []string{}}
		idx[d] = i
	}
	fail := func(i int, err error) { views[i].Errors = append(views[i].Errors, oneLine(err.Error())) }
	for i, d := range domains {
		recs, _, err := c.DNS.ParseZone(ctx, d)
		if err != nil {
			fail(i, err)
		}
		for _, r := range recs {
			name := r.FQDN(d)
			switch {
			case r.Type == "MX" && name == d && len(r.Data) >= 2:
				var p int
				fmt.Sscan(r.Data[0], &p)
				views[i].MX = append(views[i].MX, mxRecord{Priority: p, Host: qualify(r.Data[1], d)})
			case r.Type == "TXT" && name == d && strings.HasPrefix(strings.ToLower(r.Text()), "v=spf1"):
				views[i].SPF = append(views[i].SPF, r.Text())
			case r.Type == "TXT" && name == "default._domainkey."+d:
				views[i].DKIM = append(views[i].DKIM, r.Text())
			case r.Type == "TXT" && name == "_dmarc."+d:
				views[i].DMARC = append(views[i].DMARC, r.Text())
			}
		}
	}
	if mxs, _, err := c.Email.ListMXs(ctx, ""); err != nil {
		for i := range views {
			fail(i, err)
		}
	} else {
		for _, m := range mxs {
			if i, ok := idx[m.Domain]; ok {
				views[i].Routing = m.MXCheck
				if m.MXCheck == "auto" && m.Detected != "" {
					views[i].Routing = "auto (" + m.Detected + ")"
				}
			}
		}
	}
	set := func(err error, each func(i int)) {
		if err != nil {
			for i := range views {
				fail(i, err)
			}
			return
		}
		for i := range views {
			each(i)
		}
	}
	spf, _, err := c.EmailAuth.ValidateCurrentSPFs(ctx, domains...)
	set(err, func(i int) {
		for _, s := range spf {
			if s.Domain == views[i].Domain {
				views[i].Checks.SPF = s.State
			}
		}
	})
	dkim, _, err := c.EmailAuth.ValidateCurrentDKIMs(ctx, domains...)
	set(err, func(i int) {
		for _, s := range dkim {
			if strings.TrimPrefix(s.Domain, "default._domainkey.") == views[i].Domain {
				views[i].Checks.DKIM = s.State
			}
		}
	})
	dmarc, _, err := c.EmailAuth.ValidateCurrentDMARCs(ctx, domains...)
	set(err, func(i int) {
		for _, s := range dmarc {
			if s.Domain == views[i].Domain {
				views[i].Checks.DMARC = s.State
			}
		}
	})
	ptr, _, err := c.EmailAuth.ValidateCurrentPTRs(ctx, domains...)
	set(err, func(i int) {
		for _, s := range ptr {
			if s.Domain == views[i].Domain {
				views[i].Checks.PTR = s.State
			}
		}
	})
	return views
}

func (f *Factory) writeMailDNS(views []mailDNS) error {
	if f.Output == render.JSON {
		return render.WriteJSON(f.IO.Out, views)
	}
	headers := []string{f.T("DOMAIN", "網域"), f.T("RECORD", "紀錄"), f.T("CPANEL CHECK", "cPanel 檢查"), f.T("VALUE", "內容")}
	if f.Output == render.CSV {
		headers = []string{"domain", "record", "cpanel_check", "value"}
	}
	var rows [][]string
	for _, v := range views {
		add := func(kind string, values []string, check string) {
			if len(values) == 0 {
				values = []string{f.T("(none)", "（無）")}
			}
			for i, val := range values {
				c := check
				if i > 0 {
					c = ""
				}
				rows = append(rows, []string{v.Domain, kind, orDash(c), val})
			}
		}
		var mx []string
		for _, m := range v.MX {
			mx = append(mx, fmt.Sprintf("%d %s", m.Priority, m.Host))
		}
		add("routing", []string{orDash(v.Routing)}, "")
		add("MX", mx, "")
		add("SPF", v.SPF, v.Checks.SPF)
		add("DKIM default._domainkey", v.DKIM, v.Checks.DKIM)
		add("DMARC _dmarc", v.DMARC, v.Checks.DMARC)
		add("PTR", []string{"-"}, v.Checks.PTR)
	}
	return f.table(headers, rows)
}

// qualify makes a zone-relative name absolute ("mail" in example.com is
// mail.example.com; "@" is the zone itself) and drops the trailing dot.
func qualify(name, zone string) string {
	switch {
	case name == "@":
		return zone
	case strings.HasSuffix(name, "."):
		return strings.TrimSuffix(name, ".")
	}
	return name + "." + zone
}
