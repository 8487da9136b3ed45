package cli

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/render"
)

// explanation is `cpmail explain -o json`: the classification of one text
// and what it means for people.
type explanation struct {
	Input       string `json:"input,omitempty"`
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
}

func (f *Factory) explainText(text string) explanation {
	c := bounce.Classify(text)
	d := bounce.Describe(c.Reason, f.Lang)
	e := explanation{Reason: string(c.Reason), Temporary: c.Temporary, Status: c.Status, Blocklist: c.Blocklist, RetryHint: c.RetryHint,
		Actor: string(d.Actor), Title: d.Title, Explanation: d.Explanation, Remedy: d.Remedy}
	if c.Code != 0 {
		code := c.Code
		e.Code = &code
	}
	return e
}

func newExplainCmd(f *Factory) *cobra.Command {
	var lines bool
	cmd := &cobra.Command{
		Use:   "explain [TEXT]",
		Short: "Explain a bounce or Track Delivery message: what it means and what to do",
		Long: `Classify an SMTP or Exim error text (from a bounce, or Track Delivery's
Result column) and explain it: the reason, whether it is temporary, whose side
must act, and what to do. Without TEXT, reads standard input. With --lines,
each input line is explained on its own (JSON Lines with -o json).`,
		Example: `  cpmail explain "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"
  cpmail explain --lang zh-TW < bounce.txt
  cpmail deliveries -o csv | cut -d, -f6 | cpmail explain --lines -o json`,
		Args: cobra.ArbitraryArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
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
					sc := bufio.NewScanner(f.IO.In)
					sc.Buffer(make([]byte, 64<<10), 4<<20)
					for sc.Scan() {
						inputs = append(inputs, sc.Text())
					}
					if err := sc.Err(); errors.Is(err, bufio.ErrTooLong) {
						return usagef("%s", f.T("a line of the input is longer than 4 MiB, the most explain --lines reads: give one bounce or log line per line", "輸入中有一行超過 4 MiB，超出 explain --lines 可讀取的上限：請每行一則退信或紀錄"))
					} else if err != nil {
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
		headers := []string{"input", "reason", "temporary", "code", "status", "blocklist", "actor", "title"}
		var rows [][]string
		for _, e := range es {
			code := ""
			if e.Code != nil {
				code = fmt.Sprint(*e.Code)
			}
			rows = append(rows, []string{e.Input, e.Reason, fmt.Sprint(e.Temporary), code, e.Status, e.Blocklist, e.Actor, e.Title})
		}
		return f.table(headers, rows)
	}
	if lines {
		var rows [][]string
		for _, e := range es {
			rows = append(rows, []string{e.Reason, f.kind(e.Temporary), e.Title, oneLine(e.Input)})
		}
		return f.table([]string{f.T("REASON", "原因"), f.T("KIND", "類型"), f.T("MEANING", "意思"), f.T("TEXT", "原文")}, rows)
	}
	e := es[0]
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
		codes = append(codes, fmt.Sprintf("%s %s", f.T("blocklist", "黑名單"), e.Blocklist))
	}
	if e.RetryHint != "" {
		codes = append(codes, fmt.Sprintf("%s %s", f.T("retry after", "重試間隔"), e.RetryHint))
	}
	if len(codes) > 0 {
		fmt.Fprintln(w, "  "+strings.Join(codes, " · "))
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, wrap(f.T("What it means: ", "這代表：")+e.Explanation, "  ", f.IO.TermWidth()))
	fmt.Fprintln(w, wrap(f.T("Who must act: ", "誰需要處理：")+f.actor(e.Actor), "  ", f.IO.TermWidth()))
	fmt.Fprintln(w, wrap(f.T("What to do: ", "處理方式：")+e.Remedy, "  ", f.IO.TermWidth()))
	return nil
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
