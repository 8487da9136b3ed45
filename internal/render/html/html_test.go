package html

import (
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/render/report"
	"github.com/cpmail/cpmail/internal/render/timeline"
)

// hostile are texts a stranger can put in a bounce, an address, a filter
// name, a DNS record or a server's error, each trying to become markup,
// a script or a request.
var hostile = []string{
	`<script>alert(1)</script>`,
	`<img src="http://evil.example/p.png" onerror="alert(1)">`,
	`"><svg onload=alert(1)>`,
	`' onmouseover='alert(1)`,
	`</title><script>alert(1)</script>`,
	`</style><link rel=stylesheet href=http://evil.example/x.css>`,
	`<a href="javascript:alert(1)">click</a>`,
	`<iframe src=//evil.example></iframe>`,
	`&lt;b&gt; &amp; &#60;`,
	"\x1b]8;;http://evil.example\x07link\x1b]8;;\x07",
	"\u202eevil\u2066",
	"<!-- comment --><![CDATA[x]]>",
	`url(http://evil.example/bg.png) @import "http://evil.example/i.css"`,
}

func tr(id string, pairs ...any) string { return id + fmt.Sprint(pairs...) }

func text(t msg.Text) string { return t.ID }

var elemRe = regexp.MustCompile(`<([a-zA-Z][a-zA-Z0-9]*)`)

// TestHostileTextStaysText: a report whose every field from outside is
// hostile holds only the elements the template writes, no URL but the
// SVG namespace, no event handler, no control or bidi character, and
// shows each hostile text escaped.
func TestHostileTextStaysText(t *testing.T) {
	var findings []diagnose.Finding
	var coverage []diagnose.Coverage
	var msgs []diagnose.Message
	for i, s := range hostile {
		findings = append(findings, diagnose.Finding{ID: s, Severity: diagnose.Severity(1 + i%3), Subject: s, Title: s, Detail: s, Remedy: s, Count: i,
			Evidence: []diagnose.Evidence{{Source: s, Key: s, Value: s}}})
		coverage = append(coverage, diagnose.Coverage{Source: s, Error: s})
		msgs = append(msgs, diagnose.Message{Sender: s, Recipient: s, Outcome: s, Direction: diagnose.Direction(s), Events: []diagnose.MessageEvent{{Reason: s, Message: s}}})
	}
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	rep := &diagnose.Report{Target: hostile[0], Account: hostile[1], Since: now.Add(-3 * time.Hour), Until: now, Verdict: diagnose.VerdictFail,
		Findings: findings, Coverage: coverage, Messages: msgs, LiveDNSSkipped: hostile[2], CredentialsRefused: hostile[3]}
	hours := []diagnose.Hour{{Start: now.Add(-2 * time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventFailure: 2, cpanel.EventSuccess: 3},
		Reasons: map[bounce.Reason]int{bounce.Reason(hostile[4]): 2}}}
	var b bytes.Buffer
	o := Options{Lang: "en", Tr: tr, Text: text, Timeline: timeline.Build(hours, rep.Since, rep.Until, ChartSlots)}
	if err := WriteReport(&b, rep, o); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	checkHostileDoc(t, doc)
	if n := strings.Count(doc, `<article class="finding`); n != len(hostile) {
		t.Errorf("%d findings shown, want %d", n, len(hostile))
	}
}

// checkHostileDoc fails t when a hostile text made an element, an
// attribute, a resource or a control character of doc, or was not shown
// escaped.
func checkHostileDoc(t *testing.T, doc string) {
	t.Helper()
	allowed := map[string]bool{"html": true, "head": true, "meta": true, "title": true, "style": true, "body": true, "header": true, "h1": true, "h2": true, "h3": true,
		"p": true, "span": true, "section": true, "svg": true, "line": true, "text": true, "rect": true, "ul": true, "li": true, "strong": true, "code": true,
		"div": true, "table": true, "thead": true, "tbody": true, "tr": true, "th": true, "td": true, "article": true, "a": true}
	for _, m := range elemRe.FindAllStringSubmatch(doc, -1) {
		if !allowed[m[1]] {
			t.Errorf("element <%s> in the document", m[1])
		}
	}
	// Escaped, a hostile text holds no '<': the tags are the template's.
	// The only link is the fleet's, to an account's own section.
	ownLink := regexp.MustCompile(`^<a href="#account-[0-9]+">$`)
	for _, tag := range regexp.MustCompile(`<[^!>][^>]*>`).FindAllString(doc, -1) {
		tag = ownLink.ReplaceAllString(tag, "<a>")
		for _, bad := range []string{"evil", "href", "src=", " on", "javascript", "url(", "<!", "style="} {
			if strings.Contains(strings.ToLower(tag), bad) {
				t.Errorf("tag %s holds %q", tag, bad)
			}
		}
	}
	style := doc[strings.Index(doc, "<style>"):strings.Index(doc, "</style>")]
	if strings.Contains(style, "evil") || strings.Contains(style, "url(") || strings.Contains(style, "@import") {
		t.Errorf("the style sheet holds a resource")
	}
	if strings.Count(doc, "</style>") != 1 || strings.Count(doc, "</head>") != 1 || strings.Count(doc, "<!") != 1 {
		t.Errorf("a hostile text closed an element")
	}
	if strings.ContainsAny(doc, "\x1b\x07\u202e\u2066") {
		t.Errorf("a control or bidi character reached the document")
	}
	if !strings.Contains(doc, "&lt;script&gt;alert(1)&lt;/script&gt;") || !strings.Contains(doc, `\x1b]8;;`) || !strings.Contains(doc, `\u202e`) {
		t.Errorf("hostile texts not shown escaped")
	}
}

// TestFleetHostile: a fleet whose every field from outside is hostile
// (names, domains, owners, errors, findings) holds only the template's
// elements, each hostile text escaped, and a link only to an account's
// own section.
func TestFleetHostile(t *testing.T) {
	now := time.Date(2026, 11, 28, 12, 0, 0, 0, time.UTC)
	var accts []report.Account
	for i, s := range hostile {
		rep := &diagnose.Report{Target: "account", Account: s, Since: now.Add(-3 * time.Hour), Until: now, Verdict: diagnose.VerdictFail,
			Findings: []diagnose.Finding{{ID: s, Severity: diagnose.Fail, Subject: s, Title: s, Detail: s, Remedy: s, Evidence: []diagnose.Evidence{{Source: s, Key: s, Value: s}}}},
			Coverage: []diagnose.Coverage{{Source: s, Error: s}}}
		accts = append(accts, report.Account{Account: s, Domain: s, Owner: s, Verdict: diagnose.VerdictFail, Cause: s, Error: s, Sent: int64(i), Report: rep})
	}
	accts = append(accts, report.Account{Account: hostile[0], Verdict: diagnose.VerdictUnknown, Error: hostile[1]})
	hours := []diagnose.Hour{{Start: now.Add(-2 * time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventFailure: 2}, Reasons: map[bounce.Reason]int{bounce.Reason(hostile[4]): 2}}}
	var b bytes.Buffer
	o := Options{Lang: "en", Tr: tr, Text: text, Timeline: timeline.Build(hours, now.Add(-3*time.Hour), now, ChartSlots)}
	if err := WriteFleet(&b, accts, len(accts), o); err != nil {
		t.Fatal(err)
	}
	doc := b.String()
	checkHostileDoc(t, doc)
	if n := strings.Count(doc, `<section class="account"`); n != len(accts) {
		t.Errorf("%d account sections, want %d", n, len(accts))
	}
	if n := strings.Count(doc, `<a href="#account-`); n != len(accts) {
		t.Errorf("%d links to the accounts' sections, want %d", n, len(accts))
	}
	// Each account with findings has their overview table, as in Markdown.
	if n := strings.Count(doc, `<table class="overview">`); n != len(hostile) {
		t.Errorf("%d overview tables, want one for each of the %d accounts with findings", n, len(hostile))
	}
}

// TestChart: bars stacked by outcome, one rect per outcome and hour with
// records, heights in proportion, the reasons in the legend.
func TestChart(t *testing.T) {
	since := time.Date(2026, 11, 28, 0, 0, 0, 0, time.UTC)
	hours := []diagnose.Hour{
		{Start: since, Counts: map[cpanel.EventType]int{cpanel.EventSuccess: 5, cpanel.EventFailure: 5}, Reasons: map[bounce.Reason]int{bounce.MailboxFull: 5}},
		{Start: since.Add(time.Hour), Counts: map[cpanel.EventType]int{cpanel.EventRejected: 2, cpanel.EventInProgress: 7}, Reasons: map[bounce.Reason]int{bounce.Greylisted: 2}},
	}
	c := newChart(Options{Tr: tr, Text: text}, timeline.Build(hours, since, since.Add(4*time.Hour), ChartSlots))
	if len(c.Bars) != 3 {
		t.Fatalf("%d bars: %+v", len(c.Bars), c.Bars)
	}
	if c.Bars[0].Class != "o0" || c.Bars[1].Class != "o2" || c.Bars[2].Class != "o3" {
		t.Errorf("bar classes %s %s %s", c.Bars[0].Class, c.Bars[1].Class, c.Bars[2].Class)
	}
	// The scale tops at 10: delivered and failed each fill half the plot.
	half := num(float64(chartBase-chartTop) / 2)
	if c.Bars[0].H != half || c.Bars[1].H != half {
		t.Errorf("heights %s %s, want %s", c.Bars[0].H, c.Bars[1].H, half)
	}
	if len(c.Reasons) != 2 || c.Reasons[0].Code != "mailbox_full" || c.Reasons[0].Count != 5 {
		t.Errorf("reasons %+v", c.Reasons)
	}
	if len(c.Outcomes) != timeline.Outcomes || c.Outcomes[0].Count != 5 || c.Outcomes[3].Count != 2 {
		t.Errorf("outcomes %+v", c.Outcomes)
	}
	if len(c.Ticks) != 1 || c.Ticks[0].Label != "11-28" {
		t.Errorf("ticks %+v", c.Ticks)
	}
}
