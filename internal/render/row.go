package render

import (
	"strings"

	"github.com/clipperhouse/displaywidth"
)

// TableRow formats one line of a table written row by row (a listing too
// long to hold), laid out as WriteTable lays out its lines: each cell
// shown through Safe, cut to its column's width with Truncate when cut is
// set, padded to that width, two spaces between columns, no trailing
// blanks and no newline. widths are the columns' display widths; a cell
// past them is written whole (escaped). Whoever builds the cells, the line
// holds no control or bidi character.
func TableRow(cells []string, widths []int, cut bool) string {
	var b strings.Builder
	for i, c := range cells {
		c = Safe(c)
		if i < len(widths) && cut {
			c = Truncate(c, widths[i])
		}
		b.WriteString(c)
		if i < len(cells)-1 && i < len(widths) {
			b.WriteString(strings.Repeat(" ", max(widths[i]-displaywidth.String(c), 0)+2))
		}
	}
	return strings.TrimRight(b.String(), " ")
}
