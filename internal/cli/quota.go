package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
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

func newQuotaCmd(f *Factory) *cobra.Command {
	return &cobra.Command{
		Use:   "quota",
		Short: "Show the account's disk and inode use against its limits",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			q, _, err := c.Quota.GetQuotaInfo(cmd.Context())
			if err != nil {
				return err
			}
			v := toQuotaView(q)
			f.warnSizes(f.T("the account's disk use", "帳號的磁碟用量"), v.DiskUsedBytes)
			if !v.DiskLimitReported || !v.InodesLimitReported {
				f.warnf(f.T("cPanel's quota answer (Quota::get_quota_info) has no disk or inode limit field: that limit is not reported, which is not the same as unlimited",
					"cPanel 的配額回應（Quota::get_quota_info）缺少磁碟或 inode 上限欄位：該上限「未回報」，不等於無限制"))
			}
			switch f.Output {
			case render.JSON:
				return render.WriteJSON(f.IO.Out, v)
			case render.CSV:
				return f.table([]string{"disk_used_bytes", "disk_limit_bytes", "inodes_used", "inodes_limit"},
					[][]string{{number(v.DiskUsedBytes), f.limitCell(v.DiskLimitBytes, v.DiskLimitReported, number), fmt.Sprint(v.InodesUsed), f.limitCell(v.InodesLimit, v.InodesLimitReported, number)}})
			}
			disk := []string{f.T("disk", "磁碟空間"), render.SizeBytes(v.DiskUsedBytes), f.limitCell(v.DiskLimitBytes, v.DiskLimitReported, render.SizeBytes), "-"}
			if v.DiskLimitBytes != nil {
				disk[3] = percent(v.DiskUsedBytes, *v.DiskLimitBytes)
			}
			inodes := []string{f.T("inodes (files)", "inode（檔案數）"), fmt.Sprint(v.InodesUsed), f.limitCell(v.InodesLimit, v.InodesLimitReported, number), "-"}
			if v.InodesLimit != nil {
				inodes[3] = percent(float64(v.InodesUsed), *v.InodesLimit)
			}
			return f.table([]string{f.T("RESOURCE", "資源"), f.T("USED", "已用"), f.T("LIMIT", "上限"), f.T("USE%", "使用率")}, [][]string{disk, inodes})
		},
	}
}

func percent(used, limit float64) string {
	if limit <= 0 {
		return "-"
	}
	return fmt.Sprintf("%.0f%%", used*100/limit)
}
