package render

import "testing"

func TestSparkline(t *testing.T) {
	cases := []struct {
		vals  []int
		ascii bool
		want  string
	}{
		{[]int{0, 1, 8, 4, 0}, false, " ▁█▄ "},
		{[]int{0, 1, 8, 4, 0}, true, " .@= "},
		{[]int{1, 1000}, false, "▁█"},
		{[]int{0, 0}, false, "  "},
		{nil, false, ""},
	}
	for _, c := range cases {
		if got := Sparkline(c.vals, c.ascii); got != c.want {
			t.Errorf("Sparkline(%v, %v) = %q, want %q", c.vals, c.ascii, got, c.want)
		}
	}
}
