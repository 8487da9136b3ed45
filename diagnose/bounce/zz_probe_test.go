package bounce

import (
	"os"
	"strings"
	"testing"
)

func TestZZProbe(t *testing.T) {
	data, err := os.ReadFile("/tmp/b9probe.txt")
	if err != nil {
		t.Skip()
	}
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		want, text, _ := strings.Cut(l, "|")
		c := Classify(text)
		mark := "  "
		if string(c.Reason) != want {
			mark = "XX"
		}
		t.Logf("%s %-18s %-18s %s", mark, want, c.Reason, text)
	}
}
