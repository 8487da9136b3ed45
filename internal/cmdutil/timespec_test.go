package cmdutil

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/i18n"
)

// TestWindowWords: Printer.Window words its usage errors in the output
// language, from the catalogs.
func TestWindowWords(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		since, until string
		en, zh       string
	}{
		{"", "", "--since is empty: give a duration", "--since 是空的"},
		{"soon", "", `invalid --since "soon": give a duration`, `--since "soon" 無效`},
		{"-5h", "", `--since must be a positive duration, got "-5h"`, "必須是正的時間長度"},
		{"2d", "later", `invalid --until "later"`, `--until "later" 無效`},
		{"1h", "2h", "--until (2026-11-28T10:00:00Z) is not after --since (2026-11-28T11:00:00Z)", "--until（2026-11-28T10:00:00Z）不在 --since（2026-11-28T11:00:00Z）之後"},
		{"2026-12-01", "", "--since 2026-12-01T00:00:00Z is in the future", "--since 2026-12-01T00:00:00Z 是未來的時間"},
	} {
		var ue *UsageError
		for _, c := range []struct {
			p    *Printer
			want string
		}{{&Printer{Lang: i18n.English}, tc.en}, {&Printer{Lang: i18n.TraditionalChinese}, tc.zh}} {
			if _, _, err := c.p.Window(tc.since, tc.until, now); !errors.As(err, &ue) || !strings.Contains(err.Error(), c.want) {
				t.Errorf("%s %q %q: %v; want a usage error containing %q", c.p.Lang, tc.since, tc.until, err, c.want)
			}
		}
	}
}
