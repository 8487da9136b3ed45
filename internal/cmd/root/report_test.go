package root

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// TestDeliveriesSummarySparkline: each reason of the summary has its
// sparkline over the window, in Unicode blocks or, with --ascii, in
// ASCII; CSV and JSON keep their columns.
func TestDeliveriesSummarySparkline(t *testing.T) {
	t.Parallel()
	r := run(t, nil, "", "--demo", "deliveries", "--summary", "--since", "48h")
	if r.code != cmdutil.ExitOK {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	lines := strings.Split(strings.TrimSpace(r.stdout), "\n")
	if !strings.HasSuffix(lines[0], "TREND") {
		t.Fatalf("no TREND column:\n%s", r.stdout)
	}
	for _, l := range lines[1:] {
		if !strings.HasSuffix(l, "]") || !strings.ContainsAny(l, "▁▂▃▄▅▆▇█") {
			t.Errorf("row without a sparkline: %q", l)
		}
	}
	a := run(t, nil, "", "--demo", "--ascii", "deliveries", "--summary", "--since", "48h")
	if strings.ContainsAny(a.stdout, "▁▂▃▄▅▆▇█") || !strings.Contains(a.stdout, "@") {
		t.Errorf("--ascii summary:\n%s", a.stdout)
	}
	c := run(t, nil, "", "--demo", "-o", "csv", "deliveries", "--summary", "--since", "48h")
	if h := strings.SplitN(c.stdout, "\n", 2)[0]; h != "reason,type,count,first,last,example_recipients" {
		t.Errorf("CSV header %q", h)
	}
}

// TestDocumentFormatsWhereDeclared: markdown is taken by diagnose,
// deliveries, accounts and dns, html by diagnose only; any other command
// refuses them as a usage error naming the formats it writes.
func TestDocumentFormatsWhereDeclared(t *testing.T) {
	t.Parallel()
	for _, args := range [][]string{{"quota"}, {"deliveries"}, {"accounts"}, {"dns"}} {
		format := "html"
		if args[0] == "quota" {
			format = "markdown"
		}
		r := run(t, nil, "", append([]string{"--demo", "-o", format}, args...)...)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, `invalid output format "`+format+`": use table, json, csv`) {
			t.Errorf("%s -o %s: exit %d, %s", args[0], format, r.code, r.stderr)
		}
	}
	for _, args := range [][]string{{"diagnose"}, {"deliveries"}, {"accounts"}, {"dns"}} {
		r := run(t, nil, "", append([]string{"--demo", "-o", "markdown"}, args...)...)
		if !strings.Contains(r.stdout, "| --- |") {
			t.Errorf("%s -o markdown wrote no table: exit %d\n%s%s", args[0], r.code, r.stdout, r.stderr)
		}
	}
}

// TestHTMLMaskedByDefault: the HTML report masks third-party addresses
// unless --no-mask, which only -o html takes and --mask contradicts.
func TestHTMLMaskedByDefault(t *testing.T) {
	t.Parallel()
	const third = "maria.lopez@gmail.com"
	r := run(t, nil, "", "--demo", "diagnose", "-o", "html")
	if r.code != cmdutil.ExitFindings || !strings.HasPrefix(r.stdout, "<!DOCTYPE html>") {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	if strings.Contains(r.stdout, third) || !strings.Contains(r.stdout, "@masked-") || !strings.Contains(r.stdout, "--no-mask shows them") {
		t.Errorf("the HTML report is not masked")
	}
	r = run(t, nil, "", "--demo", "diagnose", "-o", "html", "--no-mask")
	if !strings.Contains(r.stdout, third) || strings.Contains(r.stdout, "@masked-") {
		t.Errorf("--no-mask still masks")
	}
	for _, args := range [][]string{{"--no-mask"}, {"-o", "markdown", "--no-mask"}, {"-o", "html", "--no-mask", "--mask"}} {
		r = run(t, nil, "", append([]string{"--demo", "diagnose"}, args...)...)
		if r.code != cmdutil.ExitUsage || !strings.Contains(r.stderr, "--no-mask is for -o html") {
			t.Errorf("%v: exit %d, %s", args, r.code, r.stderr)
		}
	}
	// A saved snapshot read back is masked too.
	dir := t.TempDir()
	if r = run(t, nil, "", "--demo", "diagnose", "--save-snapshot", dir+"/s.json"); r.code != cmdutil.ExitFindings {
		t.Fatalf("save: exit %d: %s", r.code, r.stderr)
	}
	r = run(t, nil, "", "diagnose", "--from-snapshot", dir+"/s.json", "-o", "html")
	if strings.Contains(r.stdout, third) || !strings.Contains(r.stdout, "@masked-") {
		t.Errorf("the HTML report of a snapshot is not masked (exit %d, %s)", r.code, r.stderr)
	}
}
