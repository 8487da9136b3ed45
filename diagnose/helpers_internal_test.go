package diagnose

import (
	"testing"
	"unicode/utf8"
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
