package bounce

import (
	"fmt"
	"os"
	"testing"
)

// matchesOf lists every rule that matches text, for debugging priorities.
func matchesOf(text string) []string {
	b := normalize(nil, text)
	var out []string
	for i := 0; i+1 < len(b); i++ {
		if i > 0 && isAlnum(b[i-1]) {
			continue
		}
		for _, r := range vocabulary.rules {
			if r.phrase == "" {
				continue // a concept's rule: matched through its subjects and predicates
			}
			end := i + len(r.phrase)
			if end > len(b) || string(b[i:end]) != r.phrase || r.whole && !wordEnds(b, end) {
				continue
			}
			if r.then != "" && !containsString(b[end:min(len(b), end+nearWindow)], r.then) {
				continue
			}
			out = append(out, fmt.Sprintf("@%d %q -> %s p%d h%b %s subj%b pred%b", i, r.phrase, r.reason, r.prio, r.hints, r.list, r.subj, r.pred))
		}
	}
	return out
}

// TestDebugText prints the normalized form and the matches of the text in
// $BOUNCE_DEBUG; it is skipped otherwise.
func TestDebugText(t *testing.T) {
	text := os.Getenv("BOUNCE_DEBUG")
	if text == "" {
		t.Skip("set BOUNCE_DEBUG to a diagnostic text")
	}
	t.Logf("normalized: %s", normalize(nil, text))
	for _, m := range matchesOf(text) {
		t.Log(m)
	}
	t.Logf("%+v", Classify(text))
}
