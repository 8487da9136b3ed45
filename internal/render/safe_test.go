package render

import "testing"

func TestSafeEscapesWhatAStrangerCanSend(t *testing.T) {
	cases := map[string]string{
		"plain text, 中文":                     "plain text, 中文",
		"\x1b]0;owned\x07":                   `\x1b]0;owned\x07`,
		"\x1b[2J clear":                      `\x1b[2J clear`,
		"\x1b]8;;http://evil\x1b\\link":      `\x1b]8;;http://evil\x1b\link`,
		"a\u202Eb":                           `a\u202eb`,
		"nul\x00 del\x7f":                    `nul\x00 del\x7f`,
		"c1 \u009b31m":                       `c1 \u009b31m`,
		"bad \xff utf8":                      `bad \xff utf8`,
		"two\nlines\ttab\r":                  `two\x0alines\x09tab\x0d`,
		"isolate \u2066x\u2069 sep\u2028end": `isolate \u2066x\u2069 sep\u2028end`,
	}
	for in, want := range cases {
		if got := Safe(in); got != want {
			t.Errorf("Safe(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestSafeLinesKeepsNewlines(t *testing.T) {
	if got, want := SafeLines("one\ntwo\x1b[0m"), "one\ntwo\\x1b[0m"; got != want {
		t.Errorf("SafeLines = %q, want %q", got, want)
	}
}

func TestSafeDoesNotAllocateForCleanText(t *testing.T) {
	s := "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"
	if n := testing.AllocsPerRun(100, func() { _ = Safe(s) }); n != 0 {
		t.Errorf("Safe allocated %v times for clean text", n)
	}
}
