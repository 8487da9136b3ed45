// Package explain is the explain command: what a bounce or Track Delivery
// text means and what to do, for one text, each line of a stream, or each
// failed recipient of a whole bounce email.
package explain

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dsn"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// maxExplainLine is where `explain --lines` cuts a line: longer lines are
// explained by their first 64 KiB, with a note, and reading goes on.
const maxExplainLine = 64 << 10

// explanation is `cpmail explain -o json`: the classification of one text
// and what it means for people.
type explanation struct {
	Input string `json:"input,omitempty"`
	// Recipient and Action are set by --email: whom the bounce is about, and
	// "failed" or "delayed" where the report says.
	Recipient   string `json:"recipient,omitempty"`
	Action      string `json:"action,omitempty"`
	Reason      string `json:"reason"`
	Temporary   bool   `json:"temporary"`
	Code        *int   `json:"code"`
	Status      string `json:"status"`
	Blocklist   string `json:"blocklist"`
	RetryHint   string `json:"retry_hint,omitempty"`
	Actor       string `json:"actor"`
	Title       string `json:"title"`
	Explanation string `json:"explanation"`
	Remedy      string `json:"remedy"`
	// Provider is whose wording the text is (gmail, microsoft, ...), null
	// when the text does not say; Retryable whether waiting is enough;
	// DocsURL the provider's page for the code, null when none.
	Provider  *string `json:"provider"`
	Retryable bool    `json:"retryable"`
	DocsURL   *string `json:"docs_url"`
	// Guessed: no known wording or code named the reason; it is the one
	// the text's words make likeliest.
	Guessed bool `json:"guessed"`
}

func explainText(p *cmdutil.Printer, text string) explanation {
	c := bounce.Classify(text)
	a := bounce.Advise(text, c)
	d := a.Describe()
	e := explanation{Reason: string(a.Reason), Temporary: c.Temporary, Status: c.Status, Blocklist: c.Blocklist, RetryHint: c.RetryHint,
		Actor: string(d.Actor), Title: p.Text(d.Title), Explanation: p.Text(d.Explanation), Remedy: p.Text(d.Remedy),
		Provider: optional(string(a.Provider)), Retryable: a.Retryable, DocsURL: optional(a.DocsURL), Guessed: c.Guessed}
	if c.Code != 0 {
		code := c.Code
		e.Code = &code
	}
	return e
}

// optional is s as a JSON value: null when empty.
func optional(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// explainEmail reads one bounce email from r and explains each failed or
// delayed recipient.
func explainEmail(p *cmdutil.Printer, r io.Reader) ([]explanation, error) {
	rep, err := dsn.Parse(r)
	switch {
	case errors.Is(err, dsn.ErrTooLarge):
		return nil, cmdutil.Usage(p.Tr("explain.email-too-large"))
	case errors.Is(err, dsn.ErrNoRecipients):
		return nil, cmdutil.Usage(p.Tr("explain.no-failed-recipient"))
	case err != nil:
		return nil, cmdutil.Usage(p.Tr("explain.cannot-read-email", "Error", render.Safe(strings.TrimPrefix(err.Error(), "dsn: "))))
	}
	out := make([]explanation, 0, len(rep.Recipients))
	for _, rc := range rep.Recipients {
		text := rc.Diagnostic
		if text == "" {
			text = rc.Status
		}
		e := explainText(p, text)
		e.Input, e.Recipient, e.Action = text, rc.Address, rc.Action
		out = append(out, e)
	}
	return out, nil
}

// readLines reads r line by line for --lines. A line longer than
// maxExplainLine is cut there, with a note on stderr, and reading goes on.
func readLines(p *cmdutil.Printer, r io.Reader) ([]string, error) {
	br := bufio.NewReaderSize(r, maxExplainLine)
	var lines []string
	for n := 1; ; n++ {
		line, isPrefix, err := br.ReadLine()
		if err == io.EOF {
			return lines, nil
		}
		if err != nil {
			return nil, err
		}
		text := string(line)
		if isPrefix {
			p.Warn(p.Tr("explain.line-longer-than-64", "N", n))
			for isPrefix && err == nil {
				_, isPrefix, err = br.ReadLine()
			}
			if err != nil && err != io.EOF {
				return nil, err
			}
		}
		lines = append(lines, text)
	}
}

// Options are the explain command's dependencies, flags and arguments.
type Options struct {
	*cmdutil.Printer
	// Lines explains each input line on its own; Email reads one whole
	// bounce email.
	Lines, Email bool
	// Args are the TEXT (or with Email, the FILE) arguments.
	Args []string
}

// NewCmdExplain returns the explain command. runF, when set, runs in place
// of explainRun (a test's seam).
func NewCmdExplain(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer}
	cmd := &cobra.Command{
		Use:   "explain [TEXT | --email [FILE]]",
		Short: "Explain a bounce or Track Delivery message: what it means and what to do",
		Long: `Classify an SMTP or Exim error text (from a bounce, or Track Delivery's
Result column) and explain it: the reason, whether it is temporary, whose side
must act, and what to do. Without TEXT, reads standard input. With --lines,
each input line is explained on its own (JSON Lines with -o json).
With --email, reads one whole bounce email (from FILE or standard input: an
RFC 3464 report, or Exim's, Postfix's, Gmail's or Exchange Online's bounce)
and explains each failed or delayed recipient (a JSON array with -o json).
Each explanation names the provider whose wording it is, whether waiting is
enough (retryable), and the provider's page for the code.`,
		Example: `  cpmail explain "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"
  cpmail explain --lang zh-TW < bounce.txt
  cpmail deliveries -o csv | cut -d, -f6 | cpmail explain --lines -o json
  cpmail explain --email bounce.eml -o json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Args = args
			if runF != nil {
				return runF(opts)
			}
			return explainRun(opts)
		},
	}
	cmd.Flags().BoolVar(&opts.Lines, "lines", false, "explain each input line on its own")
	cmd.Flags().BoolVar(&opts.Email, "email", false, "read one whole bounce email (FILE or standard input) and explain each failed recipient")
	return cmd
}

func explainRun(opts *Options) error {
	args, lines, email := opts.Args, opts.Lines, opts.Email
	if email {
		if lines {
			return cmdutil.Usage(opts.Tr("explain.email-and-lines"))
		}
		if len(args) > 1 {
			return cmdutil.Usage(opts.Tr("explain.email-one-file", "N", len(args)))
		}
		in := opts.IO.In
		if len(args) == 1 {
			file, err := os.Open(args[0])
			if err != nil {
				return cmdutil.Usage(opts.Tr("explain.cannot-open", "Path", render.Safe(args[0]), "Error", render.Safe(errors.Unwrap(err).Error())))
			}
			defer file.Close()
			in = file
		} else if opts.IO.InTTY {
			fmt.Fprintln(opts.IO.ErrOut, opts.Tr("explain.paste-whole-bounce-email"))
		}
		es, err := explainEmail(opts.Printer, in)
		if err != nil {
			return err
		}
		return writeEmailExplanations(opts.Printer, es)
	}
	var inputs []string
	if len(args) > 0 {
		text := strings.Join(args, " ")
		if lines {
			inputs = strings.Split(text, "\n")
		} else {
			inputs = []string{text}
		}
	} else {
		if opts.IO.InTTY {
			fmt.Fprintln(opts.IO.ErrOut, opts.Tr("explain.paste-error-text-then"))
		}
		if lines {
			var err error
			if inputs, err = readLines(opts.Printer, opts.IO.In); err != nil {
				return err
			}
		} else {
			b, err := io.ReadAll(io.LimitReader(opts.IO.In, 4<<20))
			if err != nil {
				return err
			}
			inputs = []string{string(b)}
		}
	}
	var out []explanation
	for _, in := range inputs {
		if strings.TrimSpace(in) == "" {
			continue
		}
		e := explainText(opts.Printer, in)
		if lines {
			e.Input = in
		}
		out = append(out, e)
	}
	if len(out) == 0 {
		return cmdutil.Usage(opts.Tr("explain.nothing-to-explain"))
	}
	return writeExplanations(opts.Printer, out, lines)
}

// columns are the columns of --lines' table and of the CSV of texts.
func columns(p *cmdutil.Printer) []render.Column[explanation] {
	return []render.Column[explanation]{
		{Key: "input", Raw: func(e explanation) string { return e.Input }},
		{Header: "header.reason", Key: "reason", Cell: func(e explanation) string { return e.Reason }},
		{Header: "header.kind", Cell: func(e explanation) string { return kind(p, e.Temporary) }},
		{Key: "temporary", Raw: func(e explanation) string { return fmt.Sprint(e.Temporary) }},
		{Key: "code", Raw: func(e explanation) string {
			if e.Code == nil {
				return ""
			}
			return fmt.Sprint(*e.Code)
		}},
		{Key: "status", Raw: func(e explanation) string { return e.Status }},
		{Key: "blocklist", Raw: func(e explanation) string { return e.Blocklist }},
		{Key: "actor", Raw: func(e explanation) string { return e.Actor }},
		{Key: "title", Raw: func(e explanation) string { return e.Title }},
		{Header: "header.provider", Key: "provider",
			Cell: func(e explanation) string { return render.OrDash(deref(e.Provider)) },
			Raw:  func(e explanation) string { return deref(e.Provider) }},
		{Header: "header.retry", Cell: func(e explanation) string { return retry(p, e.Retryable) }},
		{Key: "retryable", Raw: func(e explanation) string { return fmt.Sprint(e.Retryable) }},
		{Key: "docs_url", Raw: func(e explanation) string { return deref(e.DocsURL) }},
		{Key: "guessed", Raw: func(e explanation) string { return fmt.Sprint(e.Guessed) }},
		{Header: "header.meaning", Cell: func(e explanation) string { return e.Title }},
		{Header: "header.text", Cell: func(e explanation) string { return render.Safe(render.OneLine(e.Input)) }},
	}
}

// emailColumns are the CSV's columns for the recipients of a bounce email.
func emailColumns() []render.Column[explanation] {
	return []render.Column[explanation]{
		{Key: "recipient", Raw: func(e explanation) string { return e.Recipient }},
		{Key: "action", Raw: func(e explanation) string { return e.Action }},
		{Key: "reason", Raw: func(e explanation) string { return e.Reason }},
		{Key: "temporary", Raw: func(e explanation) string { return fmt.Sprint(e.Temporary) }},
		{Key: "status", Raw: func(e explanation) string { return e.Status }},
		{Key: "provider", Raw: func(e explanation) string { return deref(e.Provider) }},
		{Key: "retryable", Raw: func(e explanation) string { return fmt.Sprint(e.Retryable) }},
		{Key: "docs_url", Raw: func(e explanation) string { return deref(e.DocsURL) }},
		{Key: "title", Raw: func(e explanation) string { return e.Title }},
		{Key: "input", Raw: func(e explanation) string { return e.Input }},
		{Key: "guessed", Raw: func(e explanation) string { return fmt.Sprint(e.Guessed) }},
	}
}

func writeExplanations(p *cmdutil.Printer, es []explanation, lines bool) error {
	switch {
	case p.Format == render.JSON && !lines:
		return render.WriteJSON(p.IO.Out, es[0])
	case p.Format == render.JSON:
		for _, e := range es {
			if err := render.WriteJSONLine(p.IO.Out, e); err != nil {
				return err
			}
		}
		return nil
	case p.Format == render.CSV || lines:
		return cmdutil.WriteRows(p, columns(p), es)
	}
	writeExplanation(p, es[0])
	return nil
}

// writeEmailExplanations prints the explanations of one bounce email: a
// JSON array, a CSV table, or one block per recipient.
func writeEmailExplanations(p *cmdutil.Printer, es []explanation) error {
	switch p.Format {
	case render.JSON:
		return render.WriteJSON(p.IO.Out, es)
	case render.CSV:
		return cmdutil.WriteRows(p, emailColumns(), es)
	}
	for i, e := range es {
		if i > 0 {
			fmt.Fprintln(p.IO.Out)
		}
		head := p.Tr("explain.recipient") + render.Safe(e.Recipient)
		if e.Action != "" {
			head += " (" + action(p, e.Action) + ")"
		}
		fmt.Fprintln(p.IO.Out, head)
		writeExplanation(p, e)
	}
	return nil
}

// writeExplanation prints one explanation for people.
func writeExplanation(p *cmdutil.Printer, e explanation) {
	w := p.IO.Out
	width := p.IO.TermWidth()
	fmt.Fprintf(w, "%s  (%s, %s)\n", e.Title, e.Reason, kind(p, e.Temporary))
	var codes []string
	if e.Code != nil {
		codes = append(codes, fmt.Sprintf("%s %d", p.Tr("explain.smtp-code"), *e.Code))
	}
	if e.Status != "" {
		codes = append(codes, fmt.Sprintf("%s %s", p.Tr("explain.status"), e.Status))
	}
	if e.Blocklist != "" {
		codes = append(codes, fmt.Sprintf("%s %s", p.Tr("explain.blocklist"), render.Safe(e.Blocklist)))
	}
	if e.RetryHint != "" {
		codes = append(codes, fmt.Sprintf("%s %s", p.Tr("explain.retry-after"), render.Safe(e.RetryHint)))
	}
	if e.Provider != nil {
		codes = append(codes, fmt.Sprintf("%s %s", p.Tr("explain.provider"), *e.Provider))
	}
	if len(codes) > 0 {
		fmt.Fprintln(w, "  "+strings.Join(codes, " · "))
	}
	if e.Guessed {
		fmt.Fprintln(w, render.Wrap(p.Tr("explain.guessed"), "  ", width))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, render.Wrap(p.Tr("explain.what-means")+e.Explanation, "  ", width))
	fmt.Fprintln(w, render.Wrap(p.Tr("explain.who-must-act")+actor(p, e.Actor), "  ", width))
	fmt.Fprintln(w, render.Wrap(p.Tr("explain.what-do")+e.Remedy, "  ", width))
	fmt.Fprintln(w, render.Wrap(p.Tr("explain.retry")+retryText(p, e.Retryable), "  ", width))
	if e.DocsURL != nil {
		fmt.Fprintln(w, "  "+p.Tr("explain.provider-page")+*e.DocsURL)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func retry(p *cmdutil.Printer, retryable bool) string {
	if retryable {
		return p.Tr("explain.wait")
	}
	return p.Tr("explain.fix-first")
}

func retryText(p *cmdutil.Printer, retryable bool) string {
	if retryable {
		return p.Tr("explain.waiting-enough-same-message")
	}
	return p.Tr("explain.something-must-change-first")
}

func action(p *cmdutil.Printer, a string) string {
	switch a {
	case "failed":
		return p.Tr("cli.failed")
	case "delayed":
		return p.Tr("explain.delayed")
	}
	return render.Safe(a)
}

func kind(p *cmdutil.Printer, temporary bool) string {
	if temporary {
		return p.Tr("explain.temporary")
	}
	return p.Tr("explain.permanent")
}

func actor(p *cmdutil.Printer, a string) string {
	switch bounce.Actor(a) {
	case bounce.ActorSender:
		return p.Tr("explain.sender-side-this-account")
	case bounce.ActorRecipient:
		return p.Tr("explain.recipient-side-their-mail")
	case bounce.ActorNobody:
		return p.Tr("explain.nobody-yet-sending-server")
	}
	return p.Tr("explain.unclear-read-text")
}
