package cli

import (
	"fmt"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/internal/render"
)

// quotaView is `cpmail quota -o json`.
type quotaView struct {
	DiskUsedBytes  int64  `json:"disk_used_bytes"`
	DiskLimitBytes *int64 `json:"disk_limit_bytes"`
	InodesUsed     int64  `json:"inodes_used"`
	InodesLimit    *int64 `json:"inodes_limit"`
}

func toQuotaView(q *cpanel.QuotaInfo) quotaView {
	v := quotaView{DiskUsedBytes: q.DiskUsedBytes(), InodesUsed: int64(q.InodesUsed)}
	if l := q.DiskLimitBytes(); !l.Unlimited {
		b := int64(l.Value)
		v.DiskLimitBytes = &b
	}
	if l := q.InodeLimit(); !l.Unlimited {
		n := int64(l.Value)
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
			switch f.Output {
			case render.JSON:
				return render.WriteJSON(f.IO.Out, v)
			case render.CSV:
				return f.table([]string{"disk_used_bytes", "disk_limit_bytes", "inodes_used", "inodes_limit"},
					[][]string{{fmt.Sprint(v.DiskUsedBytes), optInt(v.DiskLimitBytes), fmt.Sprint(v.InodesUsed), optInt(v.InodesLimit)}})
			}
			disk := []string{f.T("disk", "磁碟空間"), render.Bytes(v.DiskUsedBytes), f.T("unlimited", "無限制"), "-"}
			if v.DiskLimitBytes != nil {
				disk[2] = render.Bytes(*v.DiskLimitBytes)
				disk[3] = percent(float64(v.DiskUsedBytes), float64(*v.DiskLimitBytes))
			}
			inodes := []string{f.T("inodes (files)", "inode（檔案數）"), fmt.Sprint(v.InodesUsed), f.T("unlimited", "無限制"), "-"}
			if v.InodesLimit != nil {
				inodes[2] = fmt.Sprint(*v.InodesLimit)
				inodes[3] = percent(float64(v.InodesUsed), float64(*v.InodesLimit))
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
