package plugin

import (
	"strings"

	"github.com/cpmail/cpmail/internal/render"
)

// Text makes s fit one line of a plugin's output: one line, control and
// bidi characters escaped (render.Safe), and no '|'. The guidelines
// reserve '|' for the start of the performance data, in the status line
// and in the long output alike, so a '|' from outside text (an address may
// hold one) would cut the line there; it is shown as '¦'.
func Text(s string) string {
	return strings.ReplaceAll(render.Safe(render.OneLine(s)), "|", "¦")
}
