package plugin

import (
	"errors"
	"math"
	"strings"
	"testing"
)

func TestParseRangeEveryForm(t *testing.T) {
	inf := math.Inf(1)
	cases := []struct {
		in          string
		start, end  float64
		inside      bool
		alerts, not []float64
	}{
		// 10: alert outside 0..10.
		{"10", 0, 10, false, []float64{-1, -0.001, 10.5, 11}, []float64{0, 5, 10}},
		// 10: alert below 10.
		{"10:", 10, inf, false, []float64{9.99, 0, -5}, []float64{10, 11, 1e9}},
		// ~:10: alert above 10.
		{"~:10", math.Inf(-1), 10, false, []float64{10.01, 100}, []float64{-1e9, 0, 10}},
		// 10:20: alert outside 10..20.
		{"10:20", 10, 20, false, []float64{9, 21}, []float64{10, 15, 20}},
		// @10:20: alert inside 10..20, inclusive.
		{"@10:20", 10, 20, true, []float64{10, 15, 20}, []float64{9.9, 20.1}},
		// @10: alert inside 0..10.
		{"@10", 0, 10, true, []float64{0, 10}, []float64{-1, 11}},
		// @~:5: alert at 5 and below.
		{"@~:5", math.Inf(-1), 5, true, []float64{-3, 5}, []float64{5.5}},
		// Decimals and negative numbers.
		{"-2.5:0.5", -2.5, 0.5, false, []float64{-3, 1}, []float64{-2.5, 0, 0.5}},
		// An empty start is 0.
		{":5", 0, 5, false, []float64{-1, 6}, []float64{0, 5}},
		{" 7 ", 0, 7, false, []float64{8}, []float64{7}},
	}
	for _, c := range cases {
		r, err := ParseRange(c.in)
		if err != nil {
			t.Errorf("%q: %v", c.in, err)
			continue
		}
		if r.Start != c.start || r.End != c.end || r.Inside != c.inside {
			t.Errorf("%q: got %v..%v inside=%v, want %v..%v inside=%v", c.in, r.Start, r.End, r.Inside, c.start, c.end, c.inside)
		}
		for _, v := range c.alerts {
			if !r.Alerts(v) {
				t.Errorf("%q: %v should alert", c.in, v)
			}
		}
		for _, v := range c.not {
			if r.Alerts(v) {
				t.Errorf("%q: %v should not alert", c.in, v)
			}
		}
	}
}

func TestParseRangeBadInput(t *testing.T) {
	for _, in := range []string{"", " ", "@", "abc", "10:abc", "abc:10", "20:10", "@20:10", "1:2:3", "~", "10:~", "NaN", "Inf", "@@5", "5%"} {
		r, err := ParseRange(in)
		if err == nil {
			t.Errorf("%q: accepted as %+v", in, r)
			continue
		}
		if !errors.Is(err, ErrRange) {
			t.Errorf("%q: error %v does not wrap ErrRange", in, err)
		}
	}
}

func mustRange(t *testing.T, s string) *Range {
	t.Helper()
	r, err := ParseRange(s)
	if err != nil {
		t.Fatal(err)
	}
	return &r
}

func TestPerfString(t *testing.T) {
	nan := math.NaN()
	cases := []struct {
		p    Perf
		want string
	}{
		{Perf{Label: "failures", Value: 3, Known: true, Min: 0, Max: nan}, "failures=3;;;0"},
		{Perf{Label: "failures", Value: 3, Known: true, Min: nan, Max: nan}, "failures=3"},
		{Perf{Label: "disk_used", Value: 91.25, Known: true, UOM: "%", Warn: mustRange(t, "80"), Crit: mustRange(t, "95"), Min: 0, Max: 100}, "disk_used=91.25%;80;95;0;100"},
		{Perf{Label: "defer_rate", Known: false, UOM: "%", Crit: mustRange(t, "@10:20"), Min: 0, Max: 100}, "defer_rate=U;;@10:20;0;100"},
		{Perf{Label: "worst mailbox", Value: 1, Known: true, Warn: mustRange(t, "~:10"), Min: nan, Max: nan}, "'worst mailbox'=1;~:10"},
		{Perf{Label: "a=b", Value: 0, Known: true, Min: nan, Max: nan}, "'a=b'=0"},
		{Perf{Label: "big", Value: 1234567890, Known: true, Min: 0, Max: nan}, "big=1234567890;;;0"},
	}
	for _, c := range cases {
		if got := c.p.String(); got != c.want {
			t.Errorf("%+v: got %q, want %q", c.p, got, c.want)
		}
	}
	if got := Join([]Perf{cases[0].p, cases[2].p}); got != "failures=3;;;0 disk_used=91.25%;80;95;0;100" {
		t.Errorf("Join: %q", got)
	}
}

// TestText: outside text in a plugin's output stays on one line, with its
// control characters escaped and no '|', which would start the
// performance data.
func TestText(t *testing.T) {
	for in, want := range map[string]string{
		"mailbox-full a|b@example.com": "mailbox-full a¦b@example.com",
		"two\nlines | here":            "two lines ¦ here",
		"plain":                        "plain",
	} {
		if got := Text(in); got != want {
			t.Errorf("Text(%q) = %q, want %q", in, got, want)
		}
	}
	if got := Text("bell\a"); strings.ContainsAny(got, "\a|\n") {
		t.Errorf("Text kept a control character: %q", got)
	}
}
