package cli

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
}

func (f *Factory) explainText(text string) explanation {
	c := bounce.Classify(text)
	a := bounce.Advise(text, c)
	d := a.Describe()
	e := explanation{Reason: string(a.Reason), Temporary: c.Temporary, Status: c.Status, Blocklist: c.Blocklist, RetryHint: c.RetryHint,
		Actor: string(d.Actor), Title: f.Text(d.Title), Explanation: f.Text(d.Explanation), Remedy: f.Text(d.Remedy),
		Provider: optional(string(a.Provider)), Retryable: a.Retryable, DocsURL: optional(a.DocsURL)}
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
func (f *Factory) explainEmail(r io.Reader) ([]explanation, error) {
	rep, err := dsn.Parse(r)
	switch {
	case errors.Is(err, dsn.ErrTooLarge):
		return nil, usagef("the message is larger than 10 MiB: give one bounce email, not a mailbox file")
	case errors.Is(err, dsn.ErrNoRecipients):
		return nil, usagef("no failed or delayed recipient found: give a bounce email (a delivery status notification, or Exim's, Postfix's, Gmail's or Exchange's bounce)")
	case err != nil:
		return nil, usagef("cannot read the email: %s", render.Safe(strings.TrimPrefix(err.Error(), "dsn: ")))
	}
	out := make([]explanation, 0, len(rep.Recipients))
	for _, rc := range rep.Recipients {
		text := rc.Diagnostic
		if text == "" {
			text = rc.Status
		}
		e := f.explainText(text)
		e.Input, e.Recipient, e.Action = text, rc.Address, rc.Action
		out = append(out, e)
	}
	return out, nil
}

// readLines reads r line by line for --lines. A line longer than
// maxExplainLine is cut there, with a note on stderr, and reading goes on.
func (f *Factory) readLines(r io.Reader) ([]string, error) {
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
			f.warnf(f.T("line %d is longer than 64 KiB: explaining its first 64 KiB", "第 %d 行超過 64 KiB：只解讀前 64 KiB"), n)
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

func newExplainCmd(f *Factory) *cobra.Command {
	var lines, email bool
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
			if email {
				if lines {
					return usagef("--email and --lines cannot be used together")
				}
				if len(args) > 1 {
					return usagef("--email takes one file (or standard input), got %d arguments", len(args))
				}
				in := f.IO.In
				if len(args) == 1 {
					file, err := os.Open(args[0])
					if err != nil {
						return usagef("cannot open %s: %s", render.Safe(args[0]), render.Safe(errors.Unwrap(err).Error()))
					}
					defer file.Close()
					in = file
				} else if f.IO.InTTY {
					fmt.Fprintln(f.IO.ErrOut, f.T("Paste the whole bounce email, then press Ctrl-D:", "請貼上整封退信，然後按 Ctrl-D："))
				}
				es, err := f.explainEmail(in)
				if err != nil {
					return err
				}
				return f.writeEmailExplanations(es)
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
				if f.IO.InTTY {
					fmt.Fprintln(f.IO.ErrOut, f.T("Paste the error text, then press Ctrl-D:", "請貼上錯誤訊息，然後按 Ctrl-D："))
				}
				if lines {
					var err error
					if inputs, err = f.readLines(f.IO.In); err != nil {
						return err
					}
				} else {
					b, err := io.ReadAll(io.LimitReader(f.IO.In, 4<<20))
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
				e := f.explainText(in)
				if lines {
					e.Input = in
				}
				out = append(out, e)
			}
			if len(out) == 0 {
				return usagef("nothing to explain: give the error text as an argument or on standard input")
			}
			return f.writeExplanations(out, lines)
		},
	}
	cmd.Flags().BoolVar(&lines, "lines", false, "explain each input line on its own")
	cmd.Flags().BoolVar(&email, "email", false, "read one whole bounce email (FILE or standard input) and explain each failed recipient")
	return cmd
}

func (f *Factory) writeExplanations(es []explanation, lines bool) error {
	switch f.Output {
	case render.JSON:
		if !lines {
			return render.WriteJSON(f.IO.Out, es[0])
		}
		for _, e := range es {
			if err := render.WriteJSONLine(f.IO.Out, e); err != nil {
				return err
			}
		}
		return nil
	case render.CSV:
		headers := []string{"input", "reason", "temporary", "code", "status", "blocklist", "actor", "title", "provider", "retryable", "docs_url"}
		var rows [][]string
		for _, e := range es {
			code := ""
			if e.Code != nil {
				code = fmt.Sprint(*e.Code)
			}
			rows = append(rows, []string{e.Input, e.Reason, fmt.Sprint(e.Temporary), code, e.Status, e.Blocklist, e.Actor, e.Title, deref(e.Provider), fmt.Sprint(e.Retryable), deref(e.DocsURL)})
		}
		return f.table(headers, rows)
	}
	if lines {
		var rows [][]string
		for _, e := range es {
			rows = append(rows, []string{e.Reason, f.kind(e.Temporary), orDash(deref(e.Provider)), f.retry(e.Retryable), e.Title, render.Safe(oneLine(e.Input))})
		}
		return f.table([]string{f.T("REASON", "原因"), f.T("KIND", "類型"), f.T("PROVIDER", "服務商"), f.T("RETRY", "重試"), f.T("MEANING", "意思"), f.T("TEXT", "原文")}, rows)
	}
	f.writeExplanation(es[0])
	return nil
}

// writeEmailExplanations prints the explanations of one bounce email: a
// JSON array, a CSV table, or one block per recipient.
func (f *Factory) writeEmailExplanations(es []explanation) error {
	switch f.Output {
	case render.JSON:
		return render.WriteJSON(f.IO.Out, es)
	case render.CSV:
		headers := []string{"recipient", "action", "reason", "temporary", "status", "provider", "retryable", "docs_url", "title", "input"}
		var rows [][]string
		for _, e := range es {
			rows = append(rows, []string{e.Recipient, e.Action, e.Reason, fmt.Sprint(e.Temporary), e.Status, deref(e.Provider), fmt.Sprint(e.Retryable), deref(e.DocsURL), e.Title, e.Input})
		}
		return f.table(headers, rows)
	}
	for i, e := range es {
		if i > 0 {
			fmt.Fprintln(f.IO.Out)
		}
		head := f.T("Recipient: ", "收件人：") + render.Safe(e.Recipient)
		if e.Action != "" {
			head += " (" + f.action(e.Action) + ")"
		}
		fmt.Fprintln(f.IO.Out, head)
		f.writeExplanation(e)
	}
	return nil
}

// writeExplanation prints one explanation for people.
func (f *Factory) writeExplanation(e explanation) {
	w := f.IO.Out
	fmt.Fprintf(w, "%s  (%s, %s)\n", e.Title, e.Reason, f.kind(e.Temporary))
	var codes []string
	if e.Code != nil {
		codes = append(codes, fmt.Sprintf("%s %d", f.T("SMTP code", "SMTP 代碼"), *e.Code))
	}
	if e.Status != "" {
		codes = append(codes, fmt.Sprintf("%s %s", f.T("status", "狀態碼"), e.Status))
	}
	if e.Blocklist != "" {
		codes = append(codes, fmt.Sprintf("%s %s", f.T("blocklist", "黑名單"), render.Safe(e.Blocklist)))
	}
	if e.RetryHint != "" {
		codes = append(codes, fmt.Sprintf("%s %s", f.T("retry after", "重試間隔"), render.Safe(e.RetryHint)))
	}
	if e.Provider != nil {
		codes = append(codes, fmt.Sprintf("%s %s", f.T("provider", "服務商"), *e.Provider))
	}
	if len(codes) > 0 {
		fmt.Fprintln(w, "  "+strings.Join(codes, " · "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, wrap(f.T("What it means: ", "這代表：")+e.Explanation, "  ", f.IO.TermWidth()))
	fmt.Fprintln(w, wrap(f.T("Who must act: ", "誰需要處理：")+f.actor(e.Actor), "  ", f.IO.TermWidth()))
	fmt.Fprintln(w, wrap(f.T("What to do: ", "處理方式：")+e.Remedy, "  ", f.IO.TermWidth()))
	fmt.Fprintln(w, wrap(f.T("Retry: ", "重試：")+f.retryText(e.Retryable), "  ", f.IO.TermWidth()))
	if e.DocsURL != nil {
		fmt.Fprintln(w, "  "+f.T("Provider's page: ", "服務商說明：")+*e.DocsURL)
	}
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func (f *Factory) retry(retryable bool) string {
	if retryable {
		return f.T("wait", "等待即可")
	}
	return f.T("fix first", "須先修正")
}

func (f *Factory) retryText(retryable bool) string {
	if retryable {
		return f.T("waiting is enough: the same message can succeed later with no change on the sender's side.", "等待即可：寄件端不需任何修改，同一封信稍後就可能成功。")
	}
	return f.T("something must change first; sending the same message again as it is will not help.", "須先修正問題；原封不動重寄不會成功。")
}

func (f *Factory) action(a string) string {
	switch a {
	case "failed":
		return f.T("failed", "失敗")
	case "delayed":
		return f.T("delayed", "延遲")
	}
	return render.Safe(a)
}

func (f *Factory) kind(temporary bool) string {
	if temporary {
		return f.T("temporary", "暫時性")
	}
	return f.T("permanent", "永久性")
}

func (f *Factory) actor(a string) string {
	switch bounce.Actor(a) {
	case bounce.ActorSender:
		return f.T("the sender's side (this account or its server)", "寄件端（本帳號或本伺服器）")
	case bounce.ActorRecipient:
		return f.T("the recipient's side (their mail administrator)", "收件端（對方的郵件管理者）")
	case bounce.ActorNobody:
		return f.T("nobody yet: the sending server retries by itself", "暫時不需要：寄件伺服器會自動重試")
	}
	return f.T("unclear: read the text", "不明確：請閱讀原文")
}
