package root

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmdutil"
)

// A snapshot holds data, not the words of the language it was taken in:
// saved with --lang zh-TW and replayed with --lang en, it contains and
// prints no Chinese; replayed with zh-TW, the skipped live checks are
// worded in Chinese again.
func TestSnapshotHoldsNoLanguage(t *testing.T) {
	t.Parallel()
	han := regexp.MustCompile(`\p{Han}`)
	_, env := serveScenario(t, "demo")
	dir := t.TempDir()
	for _, extra := range [][]string{{"--offline"}, {"--resolver", "127.0.0.1:9", "--timeout", "1s"}} {
		path := filepath.Join(dir, "zh.json")
		args := append([]string{"--lang", "zh-TW", "diagnose", "--save-snapshot", path}, extra...)
		if r := run(t, env, "", args...); r.code != 0 && r.code != cmdutil.ExitFindings && r.code != cmdutil.ExitError {
			t.Fatalf("%v: exit %d %s", args, r.code, r.stderr)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		if m := han.FindIndex(b); m != nil {
			t.Errorf("%v: the snapshot holds Chinese: …%s…", extra, b[max(0, m[0]-80):min(len(b), m[1]+80)])
		}
		r := run(t, env, "", "--lang", "en", "diagnose", "--from-snapshot", path)
		if m := han.FindStringIndex(r.stdout + r.stderr); m != nil {
			out := r.stdout + r.stderr
			t.Errorf("%v: replayed in English, Chinese is printed: …%s…", extra, out[max(0, m[0]-80):min(len(out), m[1]+80)])
		}
		if extra[0] == "--offline" {
			r = run(t, env, "", "--lang", "zh-TW", "diagnose", "--from-snapshot", path)
			if !strings.Contains(r.stdout, "已略過即時 DNS 檢查（--offline）") {
				t.Errorf("replayed in zh-TW, the skip reason is not worded in Chinese:\n%s", r.stdout)
			}
		}
	}
}
