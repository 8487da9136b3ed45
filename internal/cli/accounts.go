package cli

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// accountRow is one mailbox in `cpmail accounts -o json`.
type accountRow struct {
	Email             string   `json:"email"`
	Domain            string   `json:"domain"`
	UsedBytes         float64  `json:"used_bytes"`  // as cPanel sent it
	QuotaBytes        *float64 `json:"quota_bytes"` // nil: unlimited or not reported
	QuotaReported     bool     `json:"quota_reported"`
	UsedPercent       *float64 `json:"used_percent"`
	SuspendedIncoming bool     `json:"suspended_incoming"`
	SuspendedLogin    bool     `json:"suspended_login"`
	SuspendedOutgoing bool     `json:"suspended_outgoing"`
	HoldOutgoing      bool     `json:"hold_outgoing"`
}

func toAccountRow(m cpanel.Mailbox) accountRow {
	r := accountRow{
		Email: m.Email, Domain: m.Domain, UsedBytes: m.UsedBytes(),
		SuspendedIncoming: bool(m.SuspendedIncoming), SuspendedLogin: bool(m.SuspendedLogin),
		SuspendedOutgoing: bool(m.SuspendedOutgoing), HoldOutgoing: bool(m.HoldOutgoing),
	}
	if r.Domain == "" {
		if i := strings.LastIndexByte(m.Email, '@'); i >= 0 {
			r.Domain = m.Email[i+1:]
		}
	}
	q := m.Quota()
	r.QuotaReported = q.Reported
	if b, ok := q.Finite(); ok {
		r.QuotaBytes = &b
		if p, ok := m.UsedPercent(); ok {
			p = float64(int(p*10+0.5)) / 10
			r.UsedPercent = &p
		}
	}
	return r
}

func newAccountsCmd(f *Factory) *cobra.Command {
	var domain, sortBy string
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List mailboxes with their use, quota and suspensions",
		Example: `  cpmail accounts --sort usage
  cpmail accounts --domain example.com -o csv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if sortBy != "address" && sortBy != "usage" {
				return usagef("invalid --sort %q: use address or usage", sortBy)
			}
			if domain != "" {
				if err := validDomain(domain); err != nil {
					return err
				}
			}
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			boxes, _, err := c.Email.ListPOPsWithDisk(cmd.Context(), &cpanel.ListPOPsOptions{Domain: domain})
			if err != nil {
				return err
			}
			rows := make([]accountRow, 0, len(boxes))
			for _, m := range boxes {
				if !m.IsMainAccount() {
					rows = append(rows, toAccountRow(m))
					f.warnSizes(m.Email, m.UsedBytes(), m.Quota().Value)
				}
			}
			sortAccounts(rows, sortBy)
			if len(rows) == 0 {
				fmt.Fprintln(f.IO.ErrOut, f.T("No mailboxes found.", "找不到任何信箱。"))
			}
			return f.writeAccounts(rows)
		},
	}
	cmd.Flags().StringVar(&domain, "domain", "", "only this domain's mailboxes")
	cmd.Flags().StringVar(&sortBy, "sort", "address", "sort by address or usage (highest use first)")
	return cmd
}

func sortAccounts(rows []accountRow, by string) {
	sort.SliceStable(rows, func(i, j int) bool {
		if by == "usage" {
			pi, pj := pct(rows[i]), pct(rows[j])
			if pi != pj {
				return pi > pj
			}
			if rows[i].UsedBytes != rows[j].UsedBytes {
				return rows[i].UsedBytes > rows[j].UsedBytes
			}
		}
		return rows[i].Email < rows[j].Email
	})
}

func pct(r accountRow) float64 {
	if r.UsedPercent == nil {
		return -1
	}
	return *r.UsedPercent
}

func (f *Factory) writeAccounts(rows []accountRow) error {
	if f.Output == render.JSON {
		return render.WriteJSON(f.IO.Out, rows)
	}
	csv := f.Output == render.CSV
	headers := []string{f.T("ADDRESS", "信箱"), f.T("USED", "已用"), f.T("QUOTA", "配額"), f.T("USE%", "使用率"), f.T("SUSPENDED", "停用")}
	if csv {
		headers = []string{"email", "domain", "used_bytes", "quota_bytes", "used_percent", "suspended_incoming", "suspended_login", "suspended_outgoing", "hold_outgoing"}
	}
	var out [][]string
	for _, r := range rows {
		if csv {
			out = append(out, []string{r.Email, r.Domain, number(r.UsedBytes), f.limitCell(r.QuotaBytes, r.QuotaReported, number), optFloat(r.UsedPercent),
				fmt.Sprint(r.SuspendedIncoming), fmt.Sprint(r.SuspendedLogin), fmt.Sprint(r.SuspendedOutgoing), fmt.Sprint(r.HoldOutgoing)})
			continue
		}
		use := "-"
		if r.UsedPercent != nil {
			use = fmt.Sprintf("%.0f%%", *r.UsedPercent)
		}
		out = append(out, []string{r.Email, render.SizeBytes(r.UsedBytes), f.limitCell(r.QuotaBytes, r.QuotaReported, render.SizeBytes), use, f.suspensions(r)})
	}
	return f.table(headers, out)
}

// suspensions lists a mailbox's restrictions in words.
func (f *Factory) suspensions(r accountRow) string {
	var s []string
	if r.SuspendedIncoming {
		s = append(s, f.T("incoming", "收信"))
	}
	if r.SuspendedLogin {
		s = append(s, f.T("login", "登入"))
	}
	if r.SuspendedOutgoing {
		s = append(s, f.T("outgoing", "寄信"))
	}
	if r.HoldOutgoing {
		s = append(s, f.T("hold", "暫扣寄出"))
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

// limitCell shows a limit: its value, "unlimited", or "not reported" when
// cPanel's answer did not have it (never read as unlimited). In CSV an
// unlimited limit is an empty cell.
func (f *Factory) limitCell(v *float64, reported bool, format func(float64) string) string {
	switch {
	case !reported:
		return f.T("not reported", "未回報")
	case v != nil:
		return format(*v)
	case f.Output == render.CSV:
		return ""
	}
	return f.T("unlimited", "無限制")
}

// number writes a count or size as cPanel sent it, without an exponent.
func number(v float64) string { return strconv.FormatFloat(v, 'f', -1, 64) }

// warnSizes warns once for each size cPanel sent that no disk holds
// (negative, or beyond int64): it is shown as sent.
func (f *Factory) warnSizes(what string, sizes ...float64) {
	for _, v := range sizes {
		if _, ok := cpanel.ByteSize(v); !ok {
			f.warnf(f.T("cPanel reported %s as %s bytes, which is not a size a disk holds: it is shown as cPanel sent it", "cPanel 回報的 %s 為 %s 位元組，不是磁碟可能的大小：照 cPanel 的原值顯示"), what, number(v))
			return
		}
	}
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}

// validDomain checks a domain name given on the command line.
func validDomain(d string) error {
	d = strings.TrimSuffix(d, ".")
	if len(d) == 0 || len(d) > 253 || !strings.Contains(d, ".") {
		return usagef("invalid domain %q: give a domain such as example.com", d)
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return usagef("invalid domain %q: give a domain such as example.com", d)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r > 127) {
				return usagef("invalid domain %q: give a domain such as example.com", d)
			}
		}
	}
	return nil
}

// validAddress checks an email address given on the command line.
func validAddress(a string) error {
	i := strings.LastIndexByte(a, '@')
	if i <= 0 || i == len(a)-1 || strings.ContainsAny(a, " \t<>,;") {
		return usagef("invalid address %q: give an address such as info@example.com", a)
	}
	if err := validDomain(a[i+1:]); err != nil {
		return usagef("invalid address %q: give an address such as info@example.com", a)
	}
	return nil
}
