package bounce

import (
	"strings"
	"testing"
)

// FuzzClassify checks that Classify never panics, is deterministic, returns
// a valid reason and codes of the right shape, that Status is taken from
// the text itself, and that a guess names a reason.
func FuzzClassify(f *testing.F) {
	for _, s := range []string{
		"",
		"550 5.1.1 <a@example.com>: User unknown",
		`550-5.7.26 Unauthenticated\n550 5.7.26 email`,
		"TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<a@b>: 550 No Such User Here",
		"JunkMail rejected - (x) [192.0.2.1]:50324 is in an RBL on zen.spamhaus.org",
		"451 4.7.1 Greylisting in action, please come back in 00:05:00",
		"blocked using ",
		"try again in ",
		"4.2.",
		"550-",
		`\`,
		"\xe2\x80",
		"550 Inbox over limit \xe5\x90",
		"用户\xf0\x9f",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		c := Classify(text)
		if again := Classify(text); again != c {
			t.Fatalf("not deterministic: %+v then %+v", c, again)
		}
		if !c.Reason.Valid() {
			t.Fatalf("invalid reason %q", c.Reason)
		}
		if c.Code != 0 && (c.Code < 400 || c.Code > 559) {
			t.Fatalf("code %d out of range", c.Code)
		}
		if c.Status != "" {
			if _, _, _, ok := parseStatus(c.Status); !ok || !strings.Contains(text, c.Status) {
				t.Fatalf("status %q is malformed or not in the text", c.Status)
			}
		}
		if c.Blocklist != "" && c.Reason != Blocklisted {
			t.Fatalf("blocklist %q named for reason %s", c.Blocklist, c.Reason)
		}
		if c.Guessed && c.Reason == Unknown {
			t.Fatalf("guessed, but the reason is unknown")
		}
	})
}
