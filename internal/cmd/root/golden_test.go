package root

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// TestGolden compares the demo diagnosis, in both languages, as JSON and
// as Markdown and HTML, and the listings' tables and Markdown, with the files
// under testdata. Refresh them with
// CPMAIL_UPDATE_GOLDEN=1 go test ./internal/cmd/root/ -run TestGolden.
func TestGolden(t *testing.T) {
	t.Parallel()
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		file string
		args []string
	}{
		{"diagnose_demo.en.golden", []string{"--demo", "diagnose"}},
		{"diagnose_demo.zh-TW.golden", []string{"--demo", "--lang", "zh-TW", "diagnose"}},
		{"diagnose_demo.json.golden", []string{"--demo", "diagnose", "-o", "json"}},
		{"diagnose_address.en.golden", []string{"--demo", "diagnose", "--offline", "info@example.com"}},
		{"diagnose_healthy.en.golden", []string{"--demo=healthy", "diagnose"}},
		{"diagnose_dns_problems.en.golden", []string{"--demo=dns-problems", "diagnose"}},
		{"diagnose_dns_problems.zh-TW.golden", []string{"--demo=dns-problems", "--lang", "zh-TW", "diagnose"}},
		{"dns_problems.en.golden", []string{"--demo=dns-problems", "dns"}},
		{"deliveries_demo.en.golden", []string{"--demo", "deliveries", "--failed"}},
		{"deliveries_summary.en.golden", []string{"--demo", "deliveries", "--summary", "--since", "48h"}},
		{"diagnose_demo.en.md.golden", []string{"--demo", "diagnose", "-o", "markdown"}},
		{"diagnose_demo.zh-TW.md.golden", []string{"--demo", "--lang", "zh-TW", "diagnose", "-o", "markdown"}},
		{"diagnose_address.en.md.golden", []string{"--demo", "diagnose", "--offline", "info@example.com", "-o", "markdown"}},
		{"diagnose_dns_problems.zh-TW.md.golden", []string{"--demo=dns-problems", "--lang", "zh-TW", "diagnose", "-o", "markdown"}},
		{"deliveries_demo.en.md.golden", []string{"--demo", "deliveries", "--failed", "-o", "markdown"}},
		{"deliveries_summary.en.md.golden", []string{"--demo", "deliveries", "--summary", "--since", "48h", "-o", "markdown"}},
		{"deliveries_summary.zh-TW.md.golden", []string{"--demo", "--lang", "zh-TW", "deliveries", "--summary", "--since", "48h", "-o", "markdown"}},
		{"accounts_demo.en.md.golden", []string{"--demo", "accounts", "-o", "markdown"}},
		{"accounts_demo.zh-TW.md.golden", []string{"--demo", "--lang", "zh-TW", "accounts", "-o", "markdown"}},
		{"dns_problems.en.md.golden", []string{"--demo=dns-problems", "dns", "-o", "markdown"}},
		{"dns_problems.zh-TW.md.golden", []string{"--demo=dns-problems", "--lang", "zh-TW", "dns", "-o", "markdown"}},
		{"diagnose_demo.en.html.golden", []string{"--demo", "diagnose", "-o", "html"}},
		{"diagnose_demo.zh-TW.html.golden", []string{"--demo", "--lang", "zh-TW", "diagnose", "-o", "html"}},
		{"diagnose_address.zh-TW.html.golden", []string{"--demo", "--lang", "zh-TW", "diagnose", "--offline", "info@example.com", "-o", "html"}},
		{"diagnose_healthy.en.html.golden", []string{"--demo=healthy", "diagnose", "-o", "html"}},
		{"fleet_demo.en.md.golden", []string{"--demo", "fleet", "-o", "markdown"}},
		{"fleet_demo.zh-TW.md.golden", []string{"--demo", "--lang", "zh-TW", "fleet", "-o", "markdown"}},
		{"fleet_quick.en.md.golden", []string{"--demo", "fleet", "--quick", "-o", "markdown"}},
		{"fleet_demo.en.html.golden", []string{"--demo", "fleet", "-o", "html"}},
		{"fleet_demo.zh-TW.html.golden", []string{"--demo", "--lang", "zh-TW", "fleet", "-o", "html"}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			t.Parallel()
			io, _, out, errOut := iostreams.Test()
			f := factory.New(io, func(k string) string {
				if k == "CPMAIL_CONFIG_DIR" {
					return t.TempDir()
				}
				return ""
			}, func() time.Time { return now })
			Run(t.Context(), f, tc.args)
			path := filepath.Join("testdata", tc.file)
			if os.Getenv("CPMAIL_UPDATE_GOLDEN") != "" {
				if err := os.MkdirAll("testdata", 0o755); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(path, out.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(path)
			if err != nil {
				t.Fatalf("%v (run with CPMAIL_UPDATE_GOLDEN=1 to create it); stderr: %s", err, errOut.String())
			}
			if out.String() != string(want) {
				t.Errorf("output differs from %s:\n%s", path, out.String())
			}
		})
	}
}
