// Package quota is the quota command: the account's disk and inode use
// against its limits.
package quota

import (
	"context"
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// quotaView is `cpmail quota -o json`. A limit is null when unlimited or
// not reported; *_reported says which.
type quotaView struct {
	DiskUsedBytes       float64  `json:"disk_used_bytes"` // as cPanel sent it
	DiskLimitBytes      *float64 `json:"disk_limit_bytes"`
	DiskLimitReported   bool     `json:"disk_limit_reported"`
	InodesUsed          int64    `json:"inodes_used"`
	InodesLimit         *float64 `json:"inodes_limit"`
	InodesLimitReported bool     `json:"inodes_limit_reported"`
}

func toQuotaView(q *cpanel.QuotaInfo) quotaView {
	v := quotaView{DiskUsedBytes: q.DiskUsedBytes(), InodesUsed: int64(q.InodesUsed)}
	disk, inodes := q.DiskLimitBytes(), q.InodeLimit()
	v.DiskLimitReported, v.InodesLimitReported = disk.Reported, inodes.Reported
	if b, ok := disk.Finite(); ok {
		v.DiskLimitBytes = &b
	}
	if n, ok := inodes.Finite(); ok {
		v.InodesLimit = &n
	}
	return v
}

// Options are the quota command's dependencies.
type Options struct {
	*cmdutil.Printer
	Ctx    context.Context
	Client func(context.Context) (*cpanel.Client, error)
}

// NewCmdQuota returns the quota command. runF, when set, runs in place of
// quotaRun (a test's seam).
func NewCmdQuota(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Client: f.Client}
	return &cobra.Command{
		Use:   "quota",
		Short: "Show the account's disk and inode use against its limits",
		Args:  cmdutil.Args(cobra.NoArgs),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx = cmd.Context()
			if runF != nil {
				return runF(opts)
			}
			return quotaRun(opts)
		},
	}
}

func quotaRun(opts *Options) error {
	c, err := opts.Client(opts.Ctx)
	if err != nil {
		return err
	}
	q, _, err := c.Quota.GetQuotaInfo(opts.Ctx)
	if err != nil {
		return err
	}
	v := toQuotaView(q)
	cmdutil.WarnSizes(opts.Printer, opts.Tr("quota.account-disk-use"), v.DiskUsedBytes)
	if !v.DiskLimitReported || !v.InodesLimitReported {
		opts.Warn(opts.Tr("quota.cpanel-quota-answer-quota"))
	}
	switch opts.Format {
	case render.JSON:
		return render.WriteJSON(opts.IO.Out, v)
	case render.CSV:
		// One line, the JSON's numbers.
		return cmdutil.WriteRows(opts.Printer, csvColumns(opts.Printer), []quotaView{v})
	}
	return cmdutil.WriteRows(opts.Printer, tableColumns(), resources(opts.Printer, v))
}

// csvColumns are the CSV's columns: one line for the account.
func csvColumns(p *cmdutil.Printer) []render.Column[quotaView] {
	return []render.Column[quotaView]{
		{Key: "disk_used_bytes", Raw: func(v quotaView) string { return cmdutil.Number(v.DiskUsedBytes) }},
		{Key: "disk_limit_bytes", Raw: func(v quotaView) string {
			return cmdutil.LimitCell(p, v.DiskLimitBytes, v.DiskLimitReported, cmdutil.Number, true)
		}},
		{Key: "inodes_used", Raw: func(v quotaView) string { return fmt.Sprint(v.InodesUsed) }},
		{Key: "inodes_limit", Raw: func(v quotaView) string {
			return cmdutil.LimitCell(p, v.InodesLimit, v.InodesLimitReported, cmdutil.Number, true)
		}},
	}
}

// resource is one line of the table: disk or inodes, with its cells.
type resource struct{ name, used, limit, percent string }

// tableColumns are the table's columns: one line per resource.
func tableColumns() []render.Column[resource] {
	return []render.Column[resource]{
		{Header: "header.resource", Cell: func(r resource) string { return r.name }},
		{Header: "header.used", Cell: func(r resource) string { return r.used }},
		{Header: "header.limit", Cell: func(r resource) string { return r.limit }},
		{Header: "header.use", Cell: func(r resource) string { return r.percent }},
	}
}

// resources are the table's lines for v.
func resources(p *cmdutil.Printer, v quotaView) []resource {
	disk := resource{p.Tr("quota.disk"), render.SizeBytes(v.DiskUsedBytes), cmdutil.LimitCell(p, v.DiskLimitBytes, v.DiskLimitReported, render.SizeBytes, false), "-"}
	if v.DiskLimitBytes != nil {
		disk.percent = percent(v.DiskUsedBytes, *v.DiskLimitBytes)
	}
	inodes := resource{p.Tr("quota.inodes-files"), fmt.Sprint(v.InodesUsed), cmdutil.LimitCell(p, v.InodesLimit, v.InodesLimitReported, cmdutil.Number, false), "-"}
	if v.InodesLimit != nil {
		inodes.percent = percent(float64(v.InodesUsed), *v.InodesLimit)
	}
	return []resource{disk, inodes}
}

func percent(used, limit float64) string {
	if limit <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", used*100/limit)
}
