package report

import (
	"bytes"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/clipperhouse/displaywidth"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// demoReport evaluates the demo's saved snapshot.
func demoReport(t *testing.T) *diagnose.Report {
	t.Helper()
	fh, err := os.Open("../../../testdata/snapshots/demo.json")
	if err != nil {
		t.Fatal(err)
	}
	defer fh.Close()
	snap, err := diagnose.ReadSnapshot(fh)
	if err != nil {
		t.Fatal(err)
	}
	rep := diagnose.Evaluate(snap, diagnose.EvalOptions{Now: snap.TakenAt})
	rep.Localize(i18ntest.Localizer(t, "en").Text)
	return rep
}

func options(t *testing.T, color bool, width int) Options {
	return Options{Tr: i18ntest.Localizer(t, "en").T, Color: color, Width: width,
		Time:   func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
		Redact: func(s string) string { return s }}
}

// TestWrite: the report puts the most likely cause first with its subject,
// evidence and fix; piped it has no escape at all, and on a terminal its
// colours are the only escapes and its lines fit the width.
func TestWrite(t *testing.T) {
	rep := demoReport(t)
	var piped bytes.Buffer
	if err := Write(&piped, rep, options(t, false, 0)); err != nil {
		t.Fatal(err)
	}
	out := piped.String()
	for _, want := range []string{"account demo: FAIL — ", "\nMost likely cause: FAIL  ", "    subject: ", "    evidence ", "    fix: "} {
		if !strings.Contains(out, want) {
			t.Errorf("report lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "\x1b") {
		t.Error("piped report holds an escape")
	}

	var tty bytes.Buffer
	if err := Write(&tty, rep, options(t, true, 80)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(tty.String(), "\x1b[31;1mFAIL\x1b[0m") {
		t.Errorf("no colour on a terminal:\n%s", tty.String())
	}
	wrapped := 0
	for _, line := range strings.Split(tty.String(), "\n") {
		// The detail and fix are wrapped; a subject or evidence line is
		// one line whatever its width.
		if !strings.HasPrefix(line, "    ") || strings.HasPrefix(line, "    evidence ") || strings.HasPrefix(line, "    subject: ") {
			continue
		}
		wrapped++
		if w := displaywidth.String(line); w > 80 && strings.Contains(strings.TrimSpace(line), " ") {
			t.Errorf("wrapped line is %d columns wide: %q", w, line)
		}
	}
	if wrapped <= strings.Count(out, "    fix: ") {
		t.Errorf("%d wrapped lines for %d fixes: nothing was wrapped at 80 columns", wrapped, strings.Count(out, "    fix: "))
	}
}

// TestSkipText: a known code is worded in the language; an unknown one
// (a newer cpmail's snapshot) keeps the text it came with.
func TestSkipText(t *testing.T) {
	en, zh := i18ntest.Localizer(t, "en").T, i18ntest.Localizer(t, "zh-TW").T
	r := SkipReasonWords(en, SkipBlind, msg.New("dns.blind.no-root-ns"), "10.0.0.1:53")
	if !strings.HasPrefix(r.Text, "live DNS checks skipped: the resolver 10.0.0.1:53 ") {
		t.Errorf("en text kept in the snapshot: %q", r.Text)
	}
	if got := SkipText(zh, &r, r.Text); !strings.HasPrefix(got, "已略過即時 DNS 檢查：解析器 10.0.0.1:53 ") || strings.Contains(got, "root") {
		t.Errorf("zh-TW: %q", got)
	}
	if got := SkipText(en, &diagnose.SkipReason{Code: "future", Text: "as sent"}, ""); got != "as sent" {
		t.Errorf("unknown code: %q", got)
	}
	if got := SkipText(en, nil, "plain"); got != "plain" {
		t.Errorf("nil reason: %q", got)
	}
}
