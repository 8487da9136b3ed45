package markdown

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/extension"
	gmhtml "github.com/yuin/goldmark/renderer/html"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/render/report"
)

// hostile are texts a stranger can put in a bounce, an address, a filter
// name, a DNS record or a server's error, each trying to become markup.
var hostile = []string{
	"[click](https://evil.example/a)",
	"![pixel](https://evil.example/p.png)",
	"<img src=x onerror=alert(1)>",
	"<script>alert(1)</script>",
	"<https://evil.example/auto>",
	"see https://evil.example/bare now",
	"visit www.evil.example today",
	"mailto:bob@evil.example",
	"write to bob@evil.example",
	"a | b | c",
	"line one\n\n# heading\n- item\n\n| x | y |\n| --- | --- |",
	"``code`` and ` tick",
	"&lt;b&gt; &#60;img&#62; &amp;",
	"*em* _em_ **strong** ~~gone~~",
	"\x1b]8;;https://evil.example\x07link\x1b]8;;\x07 \x1b[31mred",
	"\u202eevil\u2066",
	"1. ordered",
	"- bullet",
	"> quote",
	"===",
	"[ref]: https://evil.example/ref",
	"$x^2$ and :smile:",
	"trailing backslash \\",
	"<!-- comment --> <div>block</div>",
}

// toHTML turns Markdown into HTML as GitHub does (GFM: tables,
// strikethrough, autolinks), raw HTML kept so that it shows.
func toHTML(t *testing.T, md string) string {
	t.Helper()
	var out bytes.Buffer
	gm := goldmark.New(goldmark.WithExtensions(extension.GFM), goldmark.WithRendererOptions(gmhtml.WithUnsafe()))
	if err := gm.Convert([]byte(md), &out); err != nil {
		t.Fatal(err)
	}
	return out.String()
}

var tagRe = regexp.MustCompile(`<(/?)([a-zA-Z0-9]+)`)

// tags counts the HTML elements opened in h, by name.
func tags(h string) map[string]int {
	n := map[string]int{}
	for _, m := range tagRe.FindAllStringSubmatch(h, -1) {
		if m[1] == "" {
			n[m[2]]++
		}
	}
	return n
}

// TestTextRendersAsText: each hostile text, escaped, renders as one
// paragraph holding no element but the paragraph; as a code span, one
// code element; in a table cell, one cell.
func TestTextRendersAsText(t *testing.T) {
	for _, s := range hostile {
		md := Text(s)
		if strings.ContainsAny(md, "\x1b\x07\n\u202e\u2066") {
			t.Errorf("Text(%q) = %q holds a control character", s, md)
		}
		got := tags(toHTML(t, md))
		if len(got) != 1 || got["p"] != 1 {
			t.Errorf("Text(%q) = %q renders elements %v", s, md, got)
		}
		got = tags(toHTML(t, "x "+Code(s)))
		if len(got) != 2 || got["p"] != 1 || got["code"] != 1 {
			t.Errorf("Code(%q) = %q renders elements %v", s, Code(s), got)
		}
		var b bytes.Buffer
		if err := WriteTable(&b, []string{"A", "B"}, [][]string{{s, "end"}}); err != nil {
			t.Fatal(err)
		}
		b.WriteString("| " + CodeCell(s) + " | end |\n")
		h := toHTML(t, b.String())
		got = tags(h)
		if got["td"] != 4 || got["tr"] != 3 || len(got) != 6+got["code"] || got["code"] > 1 || strings.Count(h, "<td>end</td>") != 2 {
			t.Errorf("table cell %q renders %v:\n%s\n%s", s, got, b.String(), h)
		}
	}
}

// TestTextKeepsTheWords: what renders is the text, escaped characters
// and all (a control character shown as \x1b, as on a terminal).
func TestTextKeepsTheWords(t *testing.T) {
	cases := map[string]string{
		"a | b":                   "<p>a | b</p>\n",
		"bob@evil.example":        "<p>bob@evil.example</p>\n",
		"https://x.example/*a*":   "<p>https://x.example/*a*</p>\n",
		"<b>&amp;":                "<p>&lt;b&gt;&amp;amp;</p>\n",
		"- 1. x\x1b":              "<p>- 1. x\\x1b</p>\n",
		"2026-11-28 12:00 [fail]": "<p>2026-11-28 12:00 [fail]</p>\n",
	}
	for in, want := range cases {
		if got := toHTML(t, Text(in)); got != want {
			t.Errorf("Text(%q) = %q renders %q, want %q", in, Text(in), got, want)
		}
	}
	if got := toHTML(t, Code("a ``` b")); got != "<p><code>a ``` b</code></p>\n" {
		t.Errorf("Code renders %q", got)
	}
}

// TestCodeBlockCannotBeClosed: no line of a code block closes it.
func TestCodeBlockCannotBeClosed(t *testing.T) {
	md := CodeBlock([]string{"spf.example", "````", "<img src=x>", "[a](https://evil.example)"}) + "after\n"
	got := tags(toHTML(t, md))
	if got["pre"] != 1 || got["code"] != 1 || got["p"] != 1 || len(got) != 3 {
		t.Errorf("code block renders %v:\n%s", got, md)
	}
}

// TestReportHostile: a report whose every field from outside is hostile
// renders only the elements cpmail writes: one heading per finding, the
// overview's rows and cells, one list item per evidence and unread
// source, and no link, image or raw HTML.
func TestReportHostile(t *testing.T) {
	var findings []diagnose.Finding
	var coverage []diagnose.Coverage
	var msgs []diagnose.Message
	for i, s := range hostile {
		findings = append(findings, diagnose.Finding{ID: s, Severity: diagnose.Fail, Subject: s, Title: s, Detail: s, Remedy: s, Count: i,
			Evidence: []diagnose.Evidence{{Source: s, Key: s, Value: s}}})
		coverage = append(coverage, diagnose.Coverage{Source: s, OK: false, Error: s})
		msgs = append(msgs, diagnose.Message{Sender: s, Recipient: s, Outcome: s, Direction: diagnose.Direction(s),
			Events: []diagnose.MessageEvent{{Reason: s, Message: s}}})
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	rep := &diagnose.Report{Target: hostile[0], Account: hostile[1], Since: now.Add(-time.Hour), Until: now, Verdict: diagnose.VerdictFail,
		Findings: findings, Coverage: coverage, Messages: msgs, LiveDNSSkipped: hostile[2]}
	var b bytes.Buffer
	tr := func(id string, pairs ...any) string { return id + fmt.Sprint(pairs...) }
	if err := WriteReport(&b, rep, Options{Tr: tr}); err != nil {
		t.Fatal(err)
	}
	n := len(hostile)
	h := checkHostileMarkdown(t, b.String(), map[string]int{"h1": 1, "h2": 3, "h3": n, "table": 2, "thead": 2, "tbody": 2, "tr": 2 + 2*n, "th": 5 + 7,
		"td": 5*n + 7*n, "ul": n + 1, "li": 2 * n, "blockquote": 1})
	if strings.Contains(h, "<!--") {
		t.Errorf("raw HTML rendered")
	}
}

// TestFleetHostile: a fleet whose every field from outside is hostile
// renders only the elements cpmail writes: the accounts table (one row
// an account), a heading per account report, and no link, image or raw
// HTML.
func TestFleetHostile(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	var accts []report.Account
	for i, s := range hostile {
		rep := &diagnose.Report{Target: "account", Account: s, Since: now.Add(-time.Hour), Until: now, Verdict: diagnose.VerdictFail,
			Findings: []diagnose.Finding{{ID: s, Severity: diagnose.Fail, Subject: s, Title: s, Detail: s, Remedy: s}}}
		accts = append(accts, report.Account{Account: s, Domain: s, Owner: s, Verdict: diagnose.VerdictFail, Cause: s, Error: s, Sent: int64(i), Report: rep})
	}
	// One account not read at all: its heading and error line.
	accts = append(accts, report.Account{Account: hostile[0], Verdict: diagnose.VerdictUnknown, Cause: hostile[1], Error: hostile[1]})
	var b bytes.Buffer
	tr := func(id string, pairs ...any) string { return id + fmt.Sprint(pairs...) }
	if err := WriteFleet(&b, accts, len(accts), Options{Tr: tr}); err != nil {
		t.Fatal(err)
	}
	var masked bytes.Buffer
	if err := WriteFleet(&masked, accts, len(accts), Options{Tr: tr, Masked: true}); err != nil {
		t.Fatal(err)
	}
	if c := strings.Count(masked.String(), "report.doc.masked"); c != 1 {
		t.Errorf("the masked line stands %d times, want once above the table", c)
	}
	n := len(hostile)
	// The fleet table, then per account its report's overview table.
	checkHostileMarkdown(t, b.String(), map[string]int{"h1": 1, "h2": n + 1, "table": 1 + n, "tr": 1 + len(accts) + 2*n, "th": 10 + 5*n})
}

// checkHostileMarkdown fails t when a control character reached md, when
// md renders other than want of each element named there, or when it
// renders an element only hostile text could make (a link, an image, raw
// HTML, emphasis, a list). It returns md rendered.
func checkHostileMarkdown(t *testing.T, md string, want map[string]int) string {
	t.Helper()
	if strings.ContainsAny(md, "\x1b\x07\u202e\u2066") {
		t.Errorf("a control character reached the Markdown")
	}
	h := toHTML(t, md)
	got := tags(h)
	for tag, c := range want {
		if got[tag] != c {
			t.Errorf("%d <%s>, want %d", got[tag], tag, c)
		}
	}
	for _, bad := range []string{"a", "img", "script", "div", "em", "del", "ol", "hr", "input", "b"} {
		if got[bad] > 0 {
			t.Errorf("%d <%s> rendered from hostile text", got[bad], bad)
		}
	}
	return h
}
