package render

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

type testRow struct{ name, size string }

func testColumns() []Column[testRow] {
	return []Column[testRow]{
		{Header: "header.domain", Key: "name", Cell: func(r testRow) string { return r.name }},
		{Key: "bytes", Raw: func(r testRow) string { return r.size }},
		{Header: "header.quota", Cell: func(r testRow) string { return r.size + " B" }},
	}
}

// TestCells: a column list gives the table its headers in the language
// and its cells, and CSV its keys and raw values, each column only where
// it is declared.
func TestCells(t *testing.T) {
	rows := []testRow{{"a", "1"}, {"b", "22"}}
	zh := i18ntest.Localizer(t, "zh-TW").T
	h, c := Cells(testColumns(), rows, Table, zh)
	if !slices.Equal(h, []string{zhWord(t, "header.domain"), zhWord(t, "header.quota")}) || !slices.Equal(c[1], []string{"b", "22 B"}) {
		t.Errorf("table: %v %v", h, c)
	}
	h, c = Cells(testColumns(), rows, CSV, zh)
	if !slices.Equal(h, []string{"name", "bytes"}) || !slices.Equal(c[1], []string{"b", "22"}) {
		t.Errorf("CSV: %v %v", h, c)
	}
}

// TestWrapCountsDisplayColumns: Wrap fits lines to display columns, a wide
// character counting two, and leaves text unwrapped off a terminal.
func TestWrapCountsDisplayColumns(t *testing.T) {
	zh := strings.Repeat("信箱 ", 20)
	for _, line := range strings.Split(Wrap(zh, "  ", 30), "\n") {
		if w := len([]rune(line)); w > 2+2*10 || !strings.HasPrefix(line, "  ") {
			t.Errorf("line %q (%d runes) is wider than 30 columns", line, w)
		}
	}
	if got := Wrap("a b c", "    ", 0); got != "    a b c" {
		t.Errorf("unwrapped: %q", got)
	}
}

// TestTime: relative on a terminal in the language, RFC 3339 otherwise.
func TestTime(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	cases := []struct {
		t    time.Time
		tty  bool
		l    i18n.Tag
		want string
	}{
		{now.Add(-3 * time.Hour), true, i18n.English, "3h ago"},
		{now.Add(-3 * time.Hour), true, i18n.TraditionalChinese, "3 小時前"},
		{now.Add(-72 * time.Hour), true, i18n.English, "3d ago"},
		{now.Add(-3 * time.Hour), false, i18n.TraditionalChinese, "2026-11-28T09:00:00Z"},
		{time.Time{}, true, i18n.English, "-"},
	}
	for _, tc := range cases {
		if got := Time(tc.t, now, tc.tty, i18ntest.Localizer(t, string(tc.l)).T); got != tc.want {
			t.Errorf("Time(%v, tty %v, %s) = %q, want %q", tc.t, tc.tty, tc.l, got, tc.want)
		}
	}
}

func TestPaint(t *testing.T) {
	if Paint(false, "31", "x") != "x" || Paint(true, "31;1", "x") != "\x1b[31;1mx\x1b[0m" {
		t.Error("Paint")
	}
}

func zhWord(t *testing.T, id string) string { return i18ntest.Localizer(t, "zh-TW").T(id) }
