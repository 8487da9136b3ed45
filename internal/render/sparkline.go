package render

import "strings"

// The marks of a sparkline, lowest first: eight Unicode blocks, or eight
// ASCII characters for a terminal that cannot show the blocks (--ascii).
const (
	sparkBlocks = "▁▂▃▄▅▆▇█"
	sparkASCII  = ".:-=+*#@"
)

// Sparkline draws vals as one line of marks, one per value, scaled to the
// largest: a zero is a space, any other value at least the lowest mark.
func Sparkline(vals []int, ascii bool) string {
	marks := []rune(sparkBlocks)
	if ascii {
		marks = []rune(sparkASCII)
	}
	peak := 0
	for _, v := range vals {
		peak = max(peak, v)
	}
	var b strings.Builder
	for _, v := range vals {
		if v <= 0 {
			b.WriteByte(' ')
			continue
		}
		i := (v*len(marks) - 1) / peak
		b.WriteRune(marks[min(i, len(marks)-1)])
	}
	return b.String()
}
