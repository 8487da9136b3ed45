package explain

import (
	"encoding/json"
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/internal/cmd/cmdtest"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/i18n"
	"github.com/cpmail/cpmail/internal/render"
)

// TestExplainRun: the run function explains one text for people, each
// line of standard input as a table and as CSV, and each recipient of a
// bounce email as JSON.
func TestExplainRun(t *testing.T) {
	t.Parallel()
	const unknown = "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown"

	p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
	if err := explainRun(&Options{Printer: p, Args: strings.Fields(unknown)}); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"(recipient_unknown, permanent)", "  SMTP code 550 · status 5.1.1", "  What it means: ", "  Who must act: ", "  Retry: something must change first"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("explanation lacks %q:\n%s", want, out)
		}
	}

	p, in, out, _ := cmdtest.Printer(i18n.TraditionalChinese, render.Table)
	in.WriteString(unknown + "\n\n451 4.7.1 Greylisted, please try again in 5 minutes\n")
	if err := explainRun(&Options{Printer: p, Lines: true}); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "原因") || !strings.HasPrefix(lines[1], "recipient_unknown") || !strings.HasPrefix(lines[2], "greylisted") || !strings.Contains(lines[2], "等待即可") {
		t.Errorf("--lines table:\n%s", out)
	}

	p, in, out, _ = cmdtest.Printer(i18n.TraditionalChinese, render.CSV)
	in.WriteString(unknown + "\n")
	if err := explainRun(&Options{Printer: p, Lines: true}); err != nil {
		t.Fatal(err)
	}
	if lines := strings.Split(out.String(), "\n"); lines[0] != "input,reason,temporary,code,status,blocklist,actor,title,provider,retryable,docs_url,guessed" || !strings.HasPrefix(lines[1], unknown+",recipient_unknown,false,550,5.1.1,,") {
		t.Errorf("--lines CSV:\n%s", out)
	}

	file := "../../../diagnose/dsn/testdata/postfix-two-recipients.eml"
	if _, err := os.Stat(file); err != nil {
		t.Fatal(err)
	}
	p, _, out, _ = cmdtest.Printer(i18n.English, render.JSON)
	if err := explainRun(&Options{Printer: p, Email: true, Args: []string{file}}); err != nil {
		t.Fatal(err)
	}
	var es []struct {
		Recipient string `json:"recipient"`
		Action    string `json:"action"`
		Reason    string `json:"reason"`
	}
	if err := json.Unmarshal(out.Bytes(), &es); err != nil || len(es) != 2 || es[0].Recipient == es[1].Recipient || es[0].Action != "failed" {
		t.Errorf("--email JSON: %v %+v", err, es)
	}
}

// TestExplainRunUsage: nothing to explain, and --email with --lines, are
// usage errors.
func TestExplainRunUsage(t *testing.T) {
	t.Parallel()
	for _, o := range []Options{{}, {Args: []string{"  "}}, {Email: true, Lines: true}, {Email: true, Args: []string{"a", "b"}}} {
		p, _, out, _ := cmdtest.Printer(i18n.English, render.Table)
		o.Printer = p
		var ue *cmdutil.UsageError
		if err := explainRun(&o); !errors.As(err, &ue) || out.Len() != 0 {
			t.Errorf("%+v: err %v, output %q", o, err, out)
		}
	}
}

// TestExplainGuessed: a reason read from the words alone says so, in
// both languages and in JSON; a known wording is not a guess.
func TestExplainGuessed(t *testing.T) {
	t.Parallel()
	const byWords = "550 Inbox over limit"
	for _, c := range []struct {
		lang i18n.Tag
		want string
	}{{i18n.English, "Read from its words"}, {i18n.TraditionalChinese, "由字詞推斷"}} {
		p, _, out, _ := cmdtest.Printer(c.lang, render.Table)
		if err := explainRun(&Options{Printer: p, Args: []string{byWords}}); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "(mailbox_full, ") || !strings.Contains(out.String(), c.want) {
			t.Errorf("%s: explanation lacks the reason or %q:\n%s", c.lang, c.want, out)
		}
	}
	for text, want := range map[string]bool{byWords: true, "552 5.2.2 Mailbox full": false} {
		p, _, out, _ := cmdtest.Printer(i18n.English, render.JSON)
		if err := explainRun(&Options{Printer: p, Args: []string{text}}); err != nil {
			t.Fatal(err)
		}
		var e struct {
			Reason  string `json:"reason"`
			Guessed *bool  `json:"guessed"`
		}
		if err := json.Unmarshal(out.Bytes(), &e); err != nil || e.Guessed == nil || *e.Guessed != want || e.Reason != "mailbox_full" {
			t.Errorf("%q: JSON %s (err %v), want mailbox_full, guessed %v", text, out, err, want)
		}
	}
}
