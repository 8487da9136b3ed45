package cmdutil

import (
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/iostreams"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/markdown"
)

// Printer is what a run function writes with: the streams, the language,
// the output format and the clock.
type Printer struct {
	IO  *iostreams.IOStreams
	Now func() time.Time

	// Lang is the output language, from --lang or the environment.
	Lang i18n.Tag
	// Format is the -o format.
	Format render.Format
	// NoHeaders leaves out the header line of tables and CSV.
	NoHeaders bool
	// ASCII draws charts (sparklines) in ASCII, not Unicode blocks:
	// --ascii, or a terminal whose locale is not UTF-8 (see ASCIIOnly).
	ASCII bool
	// Words renders message ids in Lang; nil (or another language) is
	// loaded from the catalogs on first use, so a command that prints no
	// words (JSON, CSV) never reads them.
	Words *i18n.Localizer
	// wordsMu guards the first load of Words: fleet renders the
	// accounts' reports from several goroutines.
	wordsMu sync.Mutex
}

// Text renders a msg.Text in the output language, from the message
// catalogs. Should the embedded catalogs not load (a broken build), it
// shows the message id rather than nothing. It is safe for concurrent
// use.
func (p *Printer) Text(t msg.Text) string {
	words := p.words()
	if words == nil {
		return t.ID
	}
	return words.Text(t)
}

// words returns Words, loaded for Lang on first use (nil should the
// catalogs not load), under wordsMu.
func (p *Printer) words() *i18n.Localizer {
	p.wordsMu.Lock()
	defer p.wordsMu.Unlock()
	if p.Words == nil || p.Words.Tag() != string(p.Lang) {
		cat, err := i18n.Load(p.Lang)
		if err != nil {
			return nil
		}
		p.Words = cat.Localizer(string(p.Lang))
	}
	return p.Words
}

// Tr renders the message id with name/value pairs (see msg.New) in the
// output language.
func (p *Printer) Tr(id string, pairs ...any) string { return p.Text(msg.New(id, pairs...)) }

// Warn writes a warning line to stderr, through render.Safe (a warning may
// quote the server).
func (p *Printer) Warn(s string) {
	fmt.Fprintln(p.IO.ErrOut, render.Safe(p.Tr("cli.warning")+s))
}

// Warnf writes a warning to stderr. Warnings quote the server (an error,
// a status): the line is shown through render.Safe, whatever the caller
// passed.
func (p *Printer) Warnf(format string, args ...any) {
	var line strings.Builder
	fmt.Fprintf(&line, p.Tr("cli.warning")+format, args...)
	fmt.Fprintln(p.IO.ErrOut, render.Safe(line.String()))
}

// Table writes headers and rows in the chosen format (table, CSV or a
// Markdown table, whose header line is always written: GFM needs it).
func (p *Printer) Table(headers []string, rows [][]string) error {
	if p.Format == render.Markdown {
		return markdown.WriteTable(p.IO.Out, headers, rows)
	}
	if p.Format == render.CSV {
		if p.NoHeaders {
			return render.WriteCSV(p.IO.Out, nil, rows)
		}
		return render.WriteCSV(p.IO.Out, headers, rows)
	}
	return render.WriteTable(p.IO.Out, headers, rows, render.TableOptions{Width: p.IO.TermWidth(), NoHeaders: p.NoHeaders})
}

// Time shows t relative to now on a terminal ("3h ago") and as RFC 3339
// otherwise.
func (p *Printer) Time(t time.Time) string {
	return render.Time(t, p.Now(), p.IO.OutTTY, p.Tr)
}

// WriteRows writes rows under the columns cols in the chosen format: the
// columns' headers and cells for a table, their keys and raw values for
// CSV (JSON is written from the rows' own types).
func WriteRows[R any](p *Printer, cols []render.Column[R], rows []R) error {
	headers, cells := render.Cells(cols, rows, p.Format, p.Tr)
	return p.Table(headers, cells)
}

// English renders a catalog id in English: the words a snapshot keeps for
// readers that do not know a code, whatever --lang says.
func English(id string, pairs ...any) string {
	p := Printer{Lang: i18n.English}
	return p.Tr(id, pairs...)
}

// ASCIIOnly reports whether charts must be drawn in ASCII: asked for
// (--ascii), or written to a terminal whose locale (LC_ALL, else LC_CTYPE,
// else LANG) does not say UTF-8, and so may not show Unicode blocks.
// Output that is not a terminal is UTF-8, as the rest of cpmail's is.
func ASCIIOnly(asked, tty bool, getenv func(string) string) bool {
	if asked {
		return true
	}
	if !tty {
		return false
	}
	loc := FirstNonEmpty(getenv("LC_ALL"), getenv("LC_CTYPE"), getenv("LANG"))
	loc = strings.ToLower(loc)
	return !strings.Contains(loc, "utf-8") && !strings.Contains(loc, "utf8")
}
