// Package accounts is the accounts command: the mailboxes with their use,
// quota and suspensions.
package accounts

import (
	"context"
	"fmt"
	"sort"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
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

// Options are the accounts command's dependencies and flags.
type Options struct {
	*cmdutil.Printer
	Ctx    context.Context
	Client func(context.Context) (*cpanel.Client, error)

	// Domain keeps only this domain's mailboxes; Sort is address or usage.
	Domain, Sort string
}

// NewCmdAccounts returns the accounts command. runF, when set, runs in
// place of accountsRun (a test's seam).
func NewCmdAccounts(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Client: f.Client}
	cmd := &cobra.Command{
		Use:   "accounts",
		Short: "List mailboxes with their use, quota and suspensions",
		Example: `  cpmail accounts --sort usage
  cpmail accounts --domain example.com -o csv`,
		Args:        cmdutil.Args(cobra.NoArgs),
		Annotations: map[string]string{render.FormatsAnnotation: "markdown"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return accountsRun(opts)
		},
	}
	cmd.Flags().StringVar(&opts.Domain, "domain", "", "only this domain's mailboxes")
	cmd.Flags().StringVar(&opts.Sort, "sort", "address", "sort by address or usage (highest use first)")
	return cmd
}

func accountsRun(opts *Options) error {
	if opts.Sort != "address" && opts.Sort != "usage" {
		return cmdutil.Usage(opts.Tr("accounts.invalid-sort", "Value", opts.Sort))
	}
	if opts.Domain != "" {
		if err := opts.ValidDomain(opts.Domain); err != nil {
			return err
		}
	}
	c, err := opts.Client(opts.Ctx)
	if err != nil {
		return err
	}
	boxes, _, err := c.Email.ListPOPsWithDisk(opts.Ctx, &cpanel.ListPOPsOptions{Domain: opts.Domain})
	if err != nil {
		return err
	}
	rows := make([]accountRow, 0, len(boxes))
	for _, m := range boxes {
		if !m.IsMainAccount() {
			rows = append(rows, toAccountRow(m))
			cmdutil.WarnSizes(opts.Printer, m.Email, m.UsedBytes(), m.Quota().Value)
		}
	}
	sortAccounts(rows, opts.Sort)
	if len(rows) == 0 {
		fmt.Fprintln(opts.IO.ErrOut, opts.Tr("accounts.no-mailboxes-found"))
	}
	if opts.Format == render.JSON {
		return render.WriteJSON(opts.IO.Out, rows)
	}
	return cmdutil.WriteRows(opts.Printer, columns(opts.Printer), rows)
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

// columns are the table's and the CSV's columns.
func columns(p *cmdutil.Printer) []render.Column[accountRow] {
	flag := func(v func(accountRow) bool) func(accountRow) string {
		return func(r accountRow) string { return fmt.Sprint(v(r)) }
	}
	return []render.Column[accountRow]{
		{Header: "header.address", Key: "email", Cell: func(r accountRow) string { return r.Email }},
		{Key: "domain", Raw: func(r accountRow) string { return r.Domain }},
		{Header: "header.used", Key: "used_bytes",
			Cell: func(r accountRow) string { return render.SizeBytes(r.UsedBytes) },
			Raw:  func(r accountRow) string { return cmdutil.Number(r.UsedBytes) }},
		{Header: "header.quota", Key: "quota_bytes",
			Cell: func(r accountRow) string {
				return cmdutil.LimitCell(p, r.QuotaBytes, r.QuotaReported, render.SizeBytes, false)
			},
			Raw: func(r accountRow) string {
				return cmdutil.LimitCell(p, r.QuotaBytes, r.QuotaReported, cmdutil.Number, true)
			}},
		{Header: "header.use", Key: "used_percent",
			Cell: func(r accountRow) string {
				if r.UsedPercent == nil {
					return "-"
				}
				return fmt.Sprintf("%.0f%%", *r.UsedPercent)
			},
			Raw: func(r accountRow) string { return optFloat(r.UsedPercent) }},
		{Key: "suspended_incoming", Raw: flag(func(r accountRow) bool { return r.SuspendedIncoming })},
		{Key: "suspended_login", Raw: flag(func(r accountRow) bool { return r.SuspendedLogin })},
		{Key: "suspended_outgoing", Raw: flag(func(r accountRow) bool { return r.SuspendedOutgoing })},
		{Key: "hold_outgoing", Raw: flag(func(r accountRow) bool { return r.HoldOutgoing })},
		{Header: "header.suspended", Cell: func(r accountRow) string { return suspensions(p, r) }},
	}
}

// suspensions lists a mailbox's restrictions in words.
func suspensions(p *cmdutil.Printer, r accountRow) string {
	var s []string
	if r.SuspendedIncoming {
		s = append(s, p.Tr("accounts.incoming"))
	}
	if r.SuspendedLogin {
		s = append(s, p.Tr("accounts.login"))
	}
	if r.SuspendedOutgoing {
		s = append(s, p.Tr("accounts.outgoing"))
	}
	if r.HoldOutgoing {
		s = append(s, p.Tr("accounts.hold"))
	}
	if len(s) == 0 {
		return "-"
	}
	return strings.Join(s, ",")
}

func optFloat(p *float64) string {
	if p == nil {
		return ""
	}
	return fmt.Sprint(*p)
}
