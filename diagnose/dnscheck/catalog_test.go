package dnscheck

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/BurntSushi/toml"
	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
)

// The words of the problems and summaries live in message catalogs: the
// staging files dns.en.toml and dns.zh-TW.toml at the root of the module,
// which are merged into internal/i18n/locales. TestMain renders every
// Result the tests of this package looked at, in every language, after
// they have run.

// stagingFiles maps a catalog's tag to the staging file with dnscheck's
// messages.
func stagingFiles() map[string]string {
	return map[string]string{"en": "dns.en.toml", "zh-TW": "dns.zh-TW.toml"}
}

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
		if !d.text.IsZero() {
			out = append(out, d.text)
		}
	}
	return out
}

// detail is a detail field in English with its message.
type detail struct {
	english string
	text    msg.Text
}

// details returns the detail fields of r that say something in words.
func details(r Result) []detail {
	var out []detail
	for _, d := range r.Diff {
		out = append(out, detail{d.Error, d.ErrorText})
	}
	if r.MX != nil {
		for _, h := range r.MX.Hosts {
			out = append(out, detail{h.Error, h.ErrorText})
		}
	}
	if r.PTR != nil {
		for _, n := range r.PTR.Names {
			out = append(out, detail{n.Error, n.ErrorText})
		}
	}
	if r.Blocklist != nil {
		for _, l := range r.Blocklist.Lists {
			out = append(out, detail{l.Meaning, l.MeaningText})
		}
	}
	if r.SPF != nil {
		out = append(out, detail{r.SPF.Matched, r.SPF.MatchedText})
		var walk func(SPFNode)
		walk = func(n SPFNode) {
			out = append(out, detail{n.Error, n.ErrorText})
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

// loadCatalog reads the real catalogs of internal/i18n with dnscheck's
// staging files merged in, as the integrator merges them.
func loadCatalog() (*i18n.Catalog, error) {
	fsys := fstest.MapFS{}
	for tag, staging := range stagingFiles() {
		base, err := os.ReadFile(filepath.Join("..", "..", "internal", "i18n", "locales", tag+".toml"))
		if err != nil {
			return nil, err
		}
		ours, err := os.ReadFile(filepath.Join("..", "..", staging))
		if err != nil {
			return nil, err
		}
		fsys["locales/"+tag+".toml"] = &fstest.MapFile{Data: append(append(base, '\n'), ours...)}
	}
	return i18n.LoadFS(fsys, "locales")
}

// renderSeen renders the summary and every problem of rs, and ts, in
// every language and says which messages are missing, which arguments a
// template names but a Text lacks, which texts render empty and, when
// all is set, which staged messages were never rendered.
func renderSeen(rs []Result, ts []msg.Text, all bool) error {
	if len(rs) == 0 && len(ts) == 0 {
		return nil
	}
	cat, err := loadCatalog()
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
		for _, r := range rs {
			for _, d := range details(r) {
				// The English fields say what the messages say in English.
				if s := loc.Text(d.text); tag == "en" && s != d.english {
					errs = append(errs, fmt.Sprintf("%s %s: detail %q renders %q", r.Check, r.Subject, d.english, s))
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

// TestStagingCatalogsAgree checks that the two staging files hold the
// same message ids, and that each id is dnscheck's (dns.*) or a list
// separator.
func TestStagingCatalogsAgree(t *testing.T) {
	ids := map[string][]string{}
	for tag, staging := range stagingFiles() {
		var m map[string]any
		if _, err := toml.DecodeFile(filepath.Join("..", "..", staging), &m); err != nil {
			t.Fatalf("%s: %v", staging, err)
		}
		for id := range m {
			if !strings.HasPrefix(id, "dns.") && !strings.HasPrefix(id, "list.") {
				t.Errorf("%s: id %q is not dnscheck's (dns.*)", staging, id)
			}
			ids[tag] = append(ids[tag], id)
		}
		slices.Sort(ids[tag])
	}
	// The copy CheckDomain fills Message and Summary with (compat.go).
	staged, err := os.ReadFile(filepath.Join("..", "..", "dns.en.toml"))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(staged, compatEnglish) {
		t.Error("compat.en.toml differs from dns.en.toml at the root of the module: copy it over")
	}
	for _, id := range ids["en"] {
		if _, ok := slices.BinarySearch(ids["zh-TW"], id); !ok {
			t.Errorf("%s is in dns.en.toml, not in dns.zh-TW.toml", id)
		}
	}
	for _, id := range ids["zh-TW"] {
		if _, ok := slices.BinarySearch(ids["en"], id); !ok {
			t.Errorf("%s is in dns.zh-TW.toml, not in dns.en.toml", id)
		}
	}
}

// TestRenderedWords checks a few texts word for word in both languages:
// the English of the catalog is today's wording, and the Chinese keeps
// every name and number.
func TestRenderedWords(t *testing.T) {
	cat, err := loadCatalog()
	if err != nil {
		t.Fatal(err)
	}
	en, zh := cat.Localizer("en"), cat.Localizer("zh-TW")
	ns := Result{}
	ns.add("nameservers-elsewhere", "cpanel-ns", Warn, "Domain", "moved.test.",
		"PublicNS", names([]string{"ada.ns.cloudflare.test.", "bob.ns.cloudflare.test."}), "CPanelNS", names([]string{"ns1.cpanel-host.test."}))
	ns.add("spf-lookup-limit", "", Fail, "Lookups", 11, "Limit", spfLookupLimit)
	ns.add("dmarc-lookup-failed", "", Unknown, "Query", "_dmarc.slow.test. TXT", "Error", errText(&LookupError{Kind: KindTIMEOUT}))
	ns.finish(msg.Text{})
	for _, c := range []struct {
		t      msg.Text
		en, zh string
	}{
		{ns.Problems[0].Text,
			"public DNS for moved.test. is served by ada.ns.cloudflare.test., bob.ns.cloudflare.test., not by this cPanel server's nameservers (ns1.cpanel-host.test.): records edited in cPanel do not reach the Internet — change them at the DNS provider, or point the domain at cPanel's nameservers",
			"moved.test. 的公開 DNS 由 ada.ns.cloudflare.test.、bob.ns.cloudflare.test. 提供，而不是這台 cPanel 伺服器的名稱伺服器（ns1.cpanel-host.test.）：在 cPanel 修改的紀錄不會生效到網際網路上——請到 DNS 服務商修改，或將網域的名稱伺服器改指向 cPanel"},
		{ns.Problems[1].Text,
			"the SPF record needs 11 DNS lookups counting its includes; RFC 7208 allows 10, beyond that receivers return permerror",
			"SPF 紀錄連同其 include 需要 11 次 DNS 查詢；RFC 7208 只允許 10 次，超過時收件伺服器會回傳 permerror"},
		{ns.Problems[2].Text,
			"could not look up _dmarc.slow.test. TXT: the DNS server did not answer in time",
			"無法查詢 _dmarc.slow.test. TXT：DNS 伺服器未在時限內回應"},
		{ns.SummaryText,
			"the SPF record needs 11 DNS lookups counting its includes; RFC 7208 allows 10, beyond that receivers return permerror (+2 more)",
			"SPF 紀錄連同其 include 需要 11 次 DNS 查詢；RFC 7208 只允許 10 次，超過時收件伺服器會回傳 permerror（另有 2 項）"},
	} {
		if got := en.Text(c.t); got != c.en {
			t.Errorf("en %s:\n got %s\nwant %s", c.t.ID, got, c.en)
		}
		if got := zh.Text(c.t); got != c.zh {
			t.Errorf("zh-TW %s:\n got %s\nwant %s", c.t.ID, got, c.zh)
		}
	}
	if m := append(en.Missing(), zh.Missing()...); len(m) > 0 {
		t.Errorf("missing %v", m)
	}
}
