package report

import (
	"fmt"
	"strings"

	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/lang"
)

// The codes of the reasons live DNS checks are skipped (see skipWords).
const (
	SkipOffline    = "offline"
	SkipNoResolver = "no-resolver"
	SkipBlind      = "resolver-blind"
	SkipError      = "error"
)

// skipWords returns a skip code's English and Chinese wording.
func skipWords(code string) ([2]string, bool) {
	switch code {
	case SkipOffline:
		return [2]string{"live DNS checks skipped (--offline)", "已略過即時 DNS 檢查（--offline）"}, true
	case SkipNoResolver:
		return [2]string{"live DNS checks skipped: %s (use --resolver)", "已略過即時 DNS 檢查：%s（請用 --resolver 指定）"}, true
	case SkipBlind:
		return [2]string{"live DNS checks skipped: the resolver %s %s, so it cannot show what the world sees; name one that can with --resolver, or use --offline",
			"已略過即時 DNS 檢查：解析器 %s %s，無法看到外界所見的 DNS；請用 --resolver 指定可用的解析器，或使用 --offline"}, true
	case SkipError:
		return [2]string{"live DNS checks skipped: %s", "已略過即時 DNS 檢查：%s"}, true
	case diagnose.SkipNoTime:
		return [2]string{"live DNS checks skipped: no time left", "已略過即時 DNS 檢查：時間已用完"}, true
	}
	return [2]string{}, false
}

// SkipReason is the reason with its English text, as snapshots keep it.
func SkipReason(code string, args ...string) diagnose.SkipReason {
	w, _ := skipWords(code)
	return diagnose.SkipReason{Code: code, Args: args, Text: wordSkip(w[0], args)}
}

// SkipText words a skip reason in language l; a code it does not know (a
// newer cpmail's snapshot) is shown in the reason's own text. A nil
// reason is text.
func SkipText(l lang.Tag, r *diagnose.SkipReason, text string) string {
	if r == nil {
		return text
	}
	w, ok := skipWords(r.Code)
	if !ok || strings.Count(w[0], "%s") != len(r.Args) {
		return r.Text
	}
	return wordSkip(l.Pick(w[0], w[1]), r.Args)
}

func wordSkip(format string, args []string) string {
	a := make([]any, len(args))
	for i, v := range args {
		a[i] = v
	}
	return fmt.Sprintf(format, a...)
}
