package dsn

import (
	"errors"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/cpmail/cpmail/diagnose/bounce"
)

type wantRecipient struct {
	address, action, status string
	reason                  bounce.Reason
	provider                bounce.Provider
	retryable               bool
}

// TestParseFixtures: each bounce format yields its failed recipients, with
// the diagnostic that classifies to the right reason and provider.
func TestParseFixtures(t *testing.T) {
	cases := []struct {
		file   string
		format string
		want   []wantRecipient
	}{
		{"postfix-gmail-dmarc.eml", "rfc3464", []wantRecipient{
			{"bob@example.net", "failed", "5.7.26", bounce.AuthFailure, bounce.Gmail, false}}},
		{"postfix-two-recipients.eml", "rfc3464", []wantRecipient{
			{"carol@example.net", "failed", "5.7.9", bounce.PolicyRejected, bounce.Yahoo, false},
			{"dave@example.org", "failed", "5.1.1", bounce.RecipientUnknown, "", false}}},
		{"exim-two-recipients.eml", "exim", []wantRecipient{
			{"bob@gmail.example", "failed", "", bounce.RateLimited, bounce.Gmail, true},
			{"carol@example.net", "failed", "", bounce.Blocklisted, bounce.Microsoft, false}}},
		{"gmail-qp.eml", "gmail", []wantRecipient{
			{"bob@example.com", "failed", "", bounce.MailboxFull, bounce.Gmail, false}}},
		{"exchange-online.eml", "rfc3464", []wantRecipient{
			{"bob@example.com", "failed", "5.1.10", bounce.RecipientUnknown, bounce.Microsoft, false}}},
		{"qmail-two-recipients.eml", "qmail", []wantRecipient{
			{"bob@example.net", "failed", "", bounce.RecipientUnknown, "", false},
			{"carol@example.org", "failed", "", bounce.MailboxFull, "", false}}},
		{"yahoo-sorry.eml", "qmail", []wantRecipient{
			{"bob@example.net", "failed", "", bounce.RelayDenied, "", false}}},
		{"sendmail-text.eml", "sendmail", []wantRecipient{
			{"bob@example.net", "failed", "", bounce.RecipientUnknown, "", false},
			{"carol@example.org", "failed", "", bounce.RelayDenied, "", false}}},
		{"postfix-delayed-base64.eml", "rfc3464", []wantRecipient{
			{"erin@example.net", "delayed", "4.7.0", bounce.RateLimited, bounce.Yahoo, true}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rep := parseFixture(t, tc.file)
			checkShape(t, rep, tc.format, len(tc.want))
			for i, w := range tc.want {
				r := rep.Recipients[i]
				if r.Address != w.address || r.Action != w.action || r.Status != w.status {
					t.Errorf("recipient %d = %+v, want %s %s %s", i, r, w.address, w.action, w.status)
				}
				c := bounce.Classify(r.Diagnostic)
				a := bounce.Advise(r.Diagnostic, c)
				if a.Reason != w.reason || a.Provider != w.provider || a.Retryable != w.retryable {
					t.Errorf("recipient %d %q: reason %s provider %q retryable %v, want %s %q %v",
						i, r.Diagnostic, a.Reason, a.Provider, a.Retryable, w.reason, w.provider, w.retryable)
				}
			}
		})
	}
}

// TestParseFolded: a folded Diagnostic-Code is one text again.
func TestParseFolded(t *testing.T) {
	rep := parseFixture(t, "postfix-two-recipients.eml")
	if d := rep.Recipients[1].Diagnostic; !strings.Contains(d, "Recipient address rejected: User unknown in virtual mailbox table") {
		t.Errorf("diagnostic not unfolded: %q", d)
	}
}

// TestParseErrors: input that is not a bounce, not an email, or too large
// is refused with its own error.
func TestParseErrors(t *testing.T) {
	if _, err := Parse(strings.NewReader("From: a@example.com\nSubject: hello\n\nJust a letter.\n")); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("plain letter: %v", err)
	}
	// A person's letter that names addresses and says something failed is
	// no bounce: its addresses are not failed recipients.
	letter := "From: Ann <ann@example.com>\nTo: team@example.com\nSubject: Build failed again\n\n" +
		"The nightly build failed: 550 tests broke. Ask bob@example.net, he knows.\n"
	if _, err := Parse(strings.NewReader(letter)); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("letter about a failure: %v", err)
	}
	if _, err := Parse(strings.NewReader("not an email at all")); err == nil || errors.Is(err, ErrNoRecipients) {
		t.Errorf("garbage: %v", err)
	}
	big := strings.NewReader("Subject: x\n\n" + strings.Repeat("a", MaxSize))
	if _, err := Parse(big); !errors.Is(err, ErrTooLarge) {
		t.Errorf("oversized: %v", err)
	}
}

// TestParseHostileStructure: deep nesting and endless parts are bounded,
// and a broken multipart keeps what was read.
func TestParseHostileStructure(t *testing.T) {
	var b strings.Builder
	b.WriteString("Subject: x\nContent-Type: multipart/mixed; boundary=b0\n\n")
	for i := 0; i < 50; i++ {
		b.WriteString("--b" + strconv.Itoa(i) + "\nContent-Type: multipart/mixed; boundary=b" + strconv.Itoa(i+1) + "\n\n")
	}
	if _, err := Parse(strings.NewReader(b.String())); !errors.Is(err, ErrNoRecipients) {
		t.Errorf("deep nesting: %v", err)
	}
	b.Reset()
	b.WriteString("Subject: x\nContent-Type: multipart/report; boundary=zz\n\n")
	for i := 0; i < 1000; i++ {
		b.WriteString("--zz\nContent-Type: message/delivery-status\n\nFinal-Recipient: rfc822; r" + strconv.Itoa(i) + "@example.com\nAction: failed\nStatus: 5.1.1\n\n")
	}
	rep, err := Parse(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if n := len(rep.Recipients); n == 0 || n > maxParts {
		t.Errorf("%d recipients from 1000 parts, want 1..%d", n, maxParts)
	}
}

// TestParseFillsFromText: a report without Diagnostic-Code takes the reply
// the human-readable part quotes for that recipient.
func TestParseFillsFromText(t *testing.T) {
	msg := "Subject: Undelivered Mail Returned to Sender\nContent-Type: multipart/report; boundary=zz\n\n" +
		"--zz\nContent-Type: text/plain\n\n<bob@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1\n    <bob@example.net>: User unknown (in reply to RCPT TO command)\n\n" +
		"--zz\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.com\n\nFinal-Recipient: rfc822; bob@example.net\nAction: failed\nStatus: 5.1.1\n\n--zz--\n"
	rep, err := Parse(strings.NewReader(msg))
	if err != nil {
		t.Fatal(err)
	}
	if len(rep.Recipients) != 1 || !strings.Contains(rep.Recipients[0].Diagnostic, "User unknown") {
		t.Errorf("recipients = %+v", rep.Recipients)
	}
}

// FuzzParse: no input makes Parse panic, and what it returns is bounded.
func FuzzParse(f *testing.F) {
	entries, _ := os.ReadDir("testdata")
	for _, e := range entries {
		if strings.HasSuffix(e.Name(), ".eml") {
			b, _ := os.ReadFile("testdata/" + e.Name())
			f.Add(string(b))
		}
	}
	f.Add("Subject: x\nContent-Type: multipart/report; boundary=\"\"\n\n--\n")
	f.Fuzz(func(t *testing.T, s string) {
		rep, err := Parse(strings.NewReader(s))
		if err == nil && (len(rep.Recipients) == 0 || len(rep.Recipients) > maxRecipients) {
			t.Errorf("%d recipients without an error", len(rep.Recipients))
		}
	})
}

// TestParseQmailQuotesTheRemoteReply: the diagnostic of a qmail bounce is
// the remote server's reply alone, without qmail's own lines around it.
func TestParseQmailQuotesTheRemoteReply(t *testing.T) {
	rep := parseFixture(t, "qmail-two-recipients.eml")
	want := "550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table"
	if got := rep.Recipients[0].Diagnostic; got != want {
		t.Errorf("diagnostic %q, want %q", got, want)
	}
}

// parseFixture parses testdata/name, failing the test on any error.
func parseFixture(t *testing.T, name string) *Report {
	t.Helper()
	f, err := os.Open("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rep, err := Parse(f)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

// TestParseRealWorldForms: the forms real bounces take that the first
// fixtures did not show; each case names the class it guards. A recipient's
// diagnostic must hold the given words (the remote or reporting server's
// reply, not boilerplate) and classify to the given reason.
func TestParseRealWorldForms(t *testing.T) {
	type want struct {
		address, action, diagnostic string
		reason                      bounce.Reason
	}
	cases := []struct {
		file, format string
		want         []want
	}{
		// Blank and space-only lines before the first header.
		{"exchange-smtpsvc-leading-blank.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "", bounce.RecipientUnknown}}},
		// A Final-Recipient that is not an Internet address (masked, or an
		// X.400 name) gives way to Original-Recipient.
		{"postfix-masked-final-recipient.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "Message delivery failed", ""},
			{"carol@example.org", "failed", "Unable-To-Transfer", ""}}},
		// No Diagnostic-Code: the Status field's comment is the reason given,
		// and a Final-Recipient on a host's local name gives way too.
		{"sims-status-comment.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "recipient reached disk quota", bounce.MailboxFull}}},
		// qmail's address form under another greeting; the copy after the
		// first "--- " line is not read.
		{"qmail-other-greeting.eml", "qmail", []want{
			{"bob@example.net", "failed", "Sorry, no mailbox here by that name", bounce.RecipientUnknown},
			{"carol@example.net", "failed", "Mailbox quota usage exceeded", ""}}},
		// Exchange 5.5-2003's "did not reach the following recipient(s)":
		// an X.400 line with the address after SMTP=, and a plain one.
		{"exchange-legacy-x400.eml", "exchange", []want{
			{"bob@example.net", "failed", "The recipient name is not recognized", bounce.RecipientUnknown},
			{"carol@example.org", "failed", "destination email system is unknown or invalid", bounce.DomainUnknown}}},
		// Netscape Messaging Server: one reason, then each recipient under its
		// own "did not receive your message" line.
		{"netscape-two-recipients.eml", "netscape", []want{
			{"bob@example.net", "failed", "Host example.net is not responding", bounce.NetworkError},
			{"carol@example.net", "failed", "Host example.net is not responding", bounce.NetworkError}}},
		// Prose in a part labelled message/delivery-status: it is the reason
		// for the recipient the real status part names.
		{"delivery-status-prose.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "has restricted SMS e-mail", ""}}},
		// MDaemon: "> address" lines, each reason in the session transcript
		// after its RCPT command.
		{"mdaemon-transcript.eml", "mdaemon", []want{
			{"bob@example.net", "failed", "would exceed mailbox quota", bounce.MailboxFull},
			{"carol@example.net", "failed", "Recipient unknown", bounce.RecipientUnknown}}},
		// SMTP32's one line.
		{"smtp32-one-line.eml", "smtp32", []want{
			{"bob@example.net", "failed", "Delivery failed 20 attempts", ""}}},
		// Gmail's older notice: the other server's reply after Google's
		// account of it.
		{"gmail-other-server-returned.eml", "gmail", []want{
			{"bob@example.net", "failed", "550 5.1.0 Recipient rejected", bounce.RecipientUnknown}}},
		// An Exim whose address lines are indented four spaces and whose
		// reply is wrapped at the line length, under a status part without
		// a Diagnostic-Code.
		{"ionos-exim-indented.eml", "rfc3464", []want{
			{"bob@gmail.example", "failed", "likely unsolicited mail", bounce.SpamContent}}},
		// An X.400 gateway: the code says nothing, X400-Supplementary-Info
		// holds the next server's reply.
		{"x400-supplementary-info.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "Unable to relay", bounce.RelayDenied}}},
		// Notices in no known form, read by the addresses they name
		// (format "text"): Domino's "was not delivered to: ... because:",
		// the reason after the address.
		{"domino-because.eml", "text", []want{
			{"bob@example.net", "failed", "not listed in Domino Directory", bounce.RecipientUnknown}}},
		// A carrier's notice in Japanese under an encoded subject, the
		// reason around the address.
		{"kddi-japanese-notice.eml", "text", []want{
			{"bob@example.net", "failed", "As their mailbox is full", bounce.MailboxFull}}},
		// A filter gateway's "-------server message": the reply line that
		// names the address; the text after "-------original message" is
		// not read.
		{"mfilter-server-message.eml", "text", []want{
			{"bob@example.net", "failed", "User unknown in local recipient table", bounce.RecipientUnknown}}},
		// A report whose boundary lines were lost: its body is read as
		// text; quoted header fields and the envelope id are no recipients.
		{"pmdf-lost-boundaries.eml", "text", []want{
			{"bob@example.org", "failed", "550 User Unknown", bounce.RecipientUnknown},
			{"carol@example.org", "failed", "Mailbox full", bounce.MailboxFull}}},
		// Exim naming a local part alone: X-Failed-Recipients gives the
		// address.
		{"exim-local-part.eml", "exim", []want{
			{"bob@example.net", "failed", "Please use the smtp server of your ISP", bounce.Blocklisted}}},
		// Sendmail's Diagnostic-Code with only the first line of a
		// multi-line reply: the rest is in its transcript.
		{"sendmail-multiline-reply.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "dns entries.\n550 Sender verify failed", bounce.SenderRejected}}},
		// Sendmail's list form with "send:"/"recv:" lines, the reason the
		// status part does not give.
		{"sendmail-form-send-recv.eml", "rfc3464", []want{
			{"bob@example.net", "failed", "550 User unknown", bounce.RecipientUnknown}}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			rep := parseFixture(t, tc.file)
			checkShape(t, rep, tc.format, len(tc.want))
			for i, w := range tc.want {
				r := rep.Recipients[i]
				if r.Address != w.address || r.Action != w.action || !strings.Contains(r.Diagnostic, w.diagnostic) {
					t.Errorf("recipient %d = %+v, want %s %s with %q", i, r, w.address, w.action, w.diagnostic)
				}
				if w.reason == "" {
					continue
				}
				text := r.Diagnostic
				if text == "" {
					text = r.Status
				}
				if got := bounce.Advise(text, bounce.Classify(text)).Reason; got != w.reason {
					t.Errorf("recipient %d %q: reason %s, want %s", i, text, got, w.reason)
				}
			}
		})
	}
}

// checkShape fails the test unless rep has the format and the number of
// recipients wanted.
func checkShape(t *testing.T, rep *Report, format string, recipients int) {
	t.Helper()
	if rep.Format != format {
		t.Errorf("format %q, want %q", rep.Format, format)
	}
	if len(rep.Recipients) != recipients {
		t.Fatalf("%d recipients, want %d: %+v", len(rep.Recipients), recipients, rep.Recipients)
	}
}
