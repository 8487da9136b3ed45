package diagnose

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/i18n/i18ntest"
)

// TestOneLineCutsAtACharacter: a cut never splits a UTF-8 sequence.
func TestOneLineCutsAtACharacter(t *testing.T) {
	for n := range 12 {
		got := oneLine("信箱  已滿\n了", n)
		if !utf8.ValidString(got) {
			t.Errorf("oneLine(…, %d) = %q is not valid UTF-8", n, got)
		}
	}
	if got := oneLine("a  b\nc", 10); got != "a b c" {
		t.Errorf("oneLine = %q", got)
	}
}

// TestDeliveryEvidenceSaysWhatWasGuessed: records whose reason was read
// from their words alone are counted in a last line of evidence, in both
// languages; records decided by a known wording add none.
func TestDeliveryEvidenceSaysWhatWasGuessed(t *testing.T) {
	known := Delivery{Record: rec("failure", "acme", "info@example.com", "a@example.net", "552 5.3.4 Message size exceeds fixed limit", 3),
		Class: bounce.Classification{Reason: bounce.MessageTooLarge}}
	guessed := Delivery{Record: rec("failure", "acme", "info@example.com", "b@example.net", "510 The length of DATA content is achieved the maximum threshold", 2),
		Class: bounce.Classification{Reason: bounce.MessageTooLarge, Guessed: true}, Count: 2, Messages: 2}
	if ev := deliveryEvidence([]Delivery{known}, 3); slices.ContainsFunc(ev, func(e Evidence) bool { return e.Key == "reason guessed" }) {
		t.Fatalf("a known wording was said to be guessed: %+v", ev)
	}
	ev := deliveryEvidence([]Delivery{known, guessed}, 3)
	last := ev[len(ev)-1]
	if last.Key != "reason guessed" || last.Raw != 2 || last.Source != SrcTrack {
		t.Fatalf("last evidence %+v, want the 2 guessed of 3 records", last)
	}
	for lang, want := range map[string]string{"en": "the reason of 2 of these 3 records was read from their words alone", "zh-TW": "這 3 筆紀錄中有 2 筆的原因僅由字詞推斷"} {
		if got := i18ntest.Text(t, lang)(last.Words); !strings.Contains(got, want) {
			t.Errorf("%s: %q, want %q", lang, got, want)
		}
	}
}
