package dnscheck

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
)

// The words of the problems and summaries live in the message catalogs
// of internal/i18n (dns.*). TestMain renders every Result the tests of
// this package looked at, in every language, after they have run.

// resultLog collects the Results the tests look at (wantProblem,
// wantVerdict, find) and the other messages they check (addText), so that
// TestMain can render each of them.
type resultLog struct {
	mu      sync.Mutex
	results []Result
	texts   []msg.Text
}

// seen is the one resultLog of the test binary.
var seen resultLog

func (l *resultLog) add(rs ...Result) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.results = append(l.results, rs...)
	for _, r := range rs {
		l.texts = append(l.texts, detailTexts(r)...)
	}
}

// detailTexts returns the messages of r's detail fields that are set.
func detailTexts(r Result) []msg.Text {
	var out []msg.Text
	for _, d := range details(r) {
		if !d.IsZero() {
			out = append(out, d)
		}
	}
	return out
}

// details returns the messages of r's detail fields.
func details(r Result) []msg.Text {
	var out []msg.Text
	for _, d := range r.Diff {
		out = append(out, d.ErrorText)
	}
	if r.MX != nil {
		for _, h := range r.MX.Hosts {
			out = append(out, h.ErrorText)
		}
	}
	if r.PTR != nil {
		for _, n := range r.PTR.Names {
			out = append(out, n.ErrorText)
		}
	}
	if r.Blocklist != nil {
		for _, l := range r.Blocklist.Lists {
			out = append(out, l.MeaningText)
		}
	}
	if r.SPF != nil {
		out = append(out, r.SPF.MatchedText)
		var walk func(SPFNode)
		walk = func(n SPFNode) {
			out = append(out, n.ErrorText)
			for _, c := range n.Children {
				walk(c)
			}
		}
		if r.SPF.Tree != nil {
			walk(*r.SPF.Tree)
		}
	}
	return out
}

func (l *resultLog) addText(ts ...msg.Text) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.texts = append(l.texts, ts...)
}

func (l *resultLog) all() ([]Result, []msg.Text) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return slices.Clone(l.results), slices.Clone(l.texts)
}

// TestMain renders, once the tests have passed, everything they looked at.
// When every test ran (no -run), every message of the staging catalogs
// must have been rendered: a message no test produces is either dead or
// untested.
func TestMain(m *testing.M) {
	code := m.Run()
	if code == 0 {
		rs, ts := seen.all()
		full := flag.Lookup("test.run").Value.String() == ""
		if err := renderSeen(rs, ts, full); err != nil {
			fmt.Fprintln(os.Stderr, "FAIL: the problems and summaries the tests produced do not render:", err)
			code = 1
		}
	}
	os.Exit(code)
}

// renderSeen renders the summary and every problem of rs, and ts, in
// every language and says which messages are missing, which arguments a
// template names but a Text lacks, which texts render empty and, when
// all is set, which dns.* messages were never rendered.
func renderSeen(rs []Result, ts []msg.Text, all bool) error {
	if len(rs) == 0 && len(ts) == 0 {
		return nil
	}
	cat, err := i18n.Load()
	if err != nil {
		return err
	}
	var errs []string
	for _, tag := range cat.Tags() {
		loc := cat.Localizer(tag)
		for _, r := range rs {
			if s := loc.Text(r.SummaryText); strings.TrimSpace(s) == "" {
				errs = append(errs, fmt.Sprintf("%s: %s %s: empty summary", tag, r.Check, r.Subject))
			}
			for _, p := range r.Problems {
				if s := loc.Text(p.Text); strings.TrimSpace(s) == "" || strings.Contains(s, "%!") {
					errs = append(errs, fmt.Sprintf("%s: %s %s: problem %s renders %q", tag, r.Check, r.Subject, p.ID, s))
				}
			}
		}
		for _, x := range ts {
			if s := loc.Text(x); strings.TrimSpace(s) == "" || strings.Contains(s, "%!") {
				errs = append(errs, fmt.Sprintf("%s: %s renders %q", tag, x.ID, s))
			}
		}
		if miss := loc.Missing(); len(miss) > 0 {
			errs = append(errs, fmt.Sprintf("%s: missing messages or arguments: %s", tag, strings.Join(miss, ", ")))
		}
		if !all {
			continue
		}
		used := loc.Used()
		for _, id := range cat.IDs(tag) {
			if _, ok := slices.BinarySearch(used, id); !ok && strings.HasPrefix(id, "dns.") {
				errs = append(errs, fmt.Sprintf("%s: no test produces %s", tag, id))
			}
		}
	}
	if len(errs) > 0 {
		return fmt.Errorf("%d problem(s):\n  %s", len(errs), strings.Join(errs, "\n  "))
	}
	return nil
}

// englishWords renders with the real English catalog.
func englishWords(t *testing.T) func(msg.Text) string {
	t.Helper()
	cat, err := i18n.Load(i18n.English)
	if err != nil {
		t.Fatal(err)
	}
	return cat.Localizer("en").Text
}
