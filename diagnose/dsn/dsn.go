// Package dsn reads whole bounce emails: RFC 3464 delivery status
// notifications (multipart/report with message/delivery-status), Exim's
// "Mail delivery failed" bounces, Postfix's "Undelivered Mail Returned to
// Sender", qmail's (and Yahoo's) "Sorry, ..." bounces, Sendmail's text
// without its report part, Gmail's and Exchange Online's notifications,
// and older servers' notices (Exchange 5.5-2003, Netscape Messaging
// Server, MDaemon, SMTP32), including quoted-printable and base64 parts.
// A bounce in none of these forms is read by the addresses it names
// (parseGeneric). It returns one [Recipient] per failed
// or delayed recipient with the diagnostic text the reporting server gave,
// ready for bounce.Classify.
//
// The MIME structure is read with net/mail and mime/multipart; the report
// fields with net/textproto. The input is untrusted: its size is bounded
// ([MaxSize]), so are the depth of nested parts and their number, and
// nothing read is interpreted beyond text.
package dsn

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"strings"
)

// MaxSize is the largest message Parse reads: 10 MiB.
const MaxSize = 10 << 20

const (
	maxDepth      = 8
	maxParts      = 200
	maxRecipients = 1000
)

// Errors of Parse.
var (
	// ErrTooLarge: the message is larger than MaxSize.
	ErrTooLarge = errors.New("dsn: the message is larger than 10 MiB")
	// ErrNoRecipients: the message is an email but names no failed or
	// delayed recipient in any form this package reads.
	ErrNoRecipients = errors.New("dsn: no failed or delayed recipient found: this does not look like a bounce message")
)

// A Recipient is one recipient a bounce reports on.
type Recipient struct {
	// Address is the recipient's address as the report gives it.
	Address string
	// Action is "failed" or "delayed" when the report says; "" otherwise.
	Action string
	// Status is the report's RFC 3463 status code ("5.1.1"), "" if none.
	Status string
	// Diagnostic is the reporting server's text: the remote server's reply
	// or the local reason, with folded lines joined.
	Diagnostic string
	// RemoteMTA is the server that gave the reply, "" if not reported.
	RemoteMTA string
}

// A Report is what Parse read from one bounce.
type Report struct {
	// Format names how the recipients were read: "rfc3464", "exim",
	// "qmail", "sendmail", "postfix", "gmail", "exchange" (Exchange 5.5 to
	// 2003's notice), "netscape", "mdaemon", "smtp32", or "text" for a
	// notice in none of these forms, read by the addresses it names.
	Format string
	// Recipients are the failed and delayed recipients, in report order.
	Recipients []Recipient
}

// Parse reads one bounce message from r.
func Parse(r io.Reader) (*Report, error) {
	data, err := io.ReadAll(io.LimitReader(r, MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("dsn: reading the message: %w", err)
	}
	if len(data) > MaxSize {
		return nil, ErrTooLarge
	}
	msg, err := mail.ReadMessage(bytes.NewReader(skipLeadingBlankLines(data)))
	if err != nil {
		return nil, fmt.Errorf("dsn: not an email message: %w", err)
	}
	w := &walker{}
	if err := w.walk(textproto.MIMEHeader(msg.Header), msg.Body, 0); err != nil {
		return nil, err
	}
	rep := &Report{}
	if len(w.status) > 0 {
		rep.Format, rep.Recipients = "rfc3464", w.status
		fillFromText(rep.Recipients, w.text.String())
		completeFromTranscript(rep.Recipients, w.text.String())
		fillFromStatusComment(rep.Recipients, w.statusText)
		return rep, nil
	}
	text := w.text.String()
	subject := strings.ToLower(decodedSubject(msg.Header))
	failedHeader := failedRecipients(msg.Header.Get("X-Failed-Recipients"))
	for _, p := range []struct {
		format string
		parse  func(text, subject string) []Recipient
	}{{"exim", parseExim}, {"qmail", parseQmail}, {"sendmail", parseSendmail}, {"postfix", parsePostfix}, {"gmail", parseGmail},
		{"exchange", parseExchangeLegacy}, {"netscape", parseNetscape}, {"mdaemon", parseMDaemon}, {"smtp32", parseSMTP32}} {
		if rs := p.parse(text, subject); len(rs) > 0 {
			rep.Format, rep.Recipients = p.format, limit(rs)
			completeLocalParts(rep.Recipients, failedHeader)
			return rep, nil
		}
	}
	if !looksLikeBounce(msg.Header) && len(failedHeader) == 0 {
		return nil, ErrNoRecipients
	}
	action := "failed"
	if strings.Contains(subject, "delay") || strings.Contains(subject, "warning") {
		action = "delayed"
	}
	generic := parseGeneric(text, headerAddresses(msg.Header), action)
	// Exim and Gmail name the failed addresses in a header even when the
	// body is in a form not read above: those are the recipients then.
	if len(failedHeader) > 0 {
		for _, a := range failedHeader {
			r := Recipient{Address: a, Action: "failed"}
			for _, g := range generic {
				if strings.EqualFold(g.Address, a) {
					r.Diagnostic = g.Diagnostic
				}
			}
			rep.Recipients = append(rep.Recipients, r)
		}
		rep.Format, rep.Recipients = "exim", limit(rep.Recipients)
		return rep, nil
	}
	if len(generic) == 0 {
		return nil, ErrNoRecipients
	}
	rep.Format, rep.Recipients = "text", generic
	return rep, nil
}

// decodedSubject is the message's Subject with its RFC 2047 encoded words
// decoded where the charset is one Go knows (UTF-8, ISO-8859-1, US-ASCII),
// else as written.
func decodedSubject(h mail.Header) string {
	s := h.Get("Subject")
	if d, err := new(mime.WordDecoder).DecodeHeader(s); err == nil {
		return d
	}
	return s
}

// failedRecipients are the addresses of an X-Failed-Recipients header.
func failedRecipients(h string) []string {
	var out []string
	for _, a := range strings.Split(h, ",") {
		if a = strings.TrimSpace(a); a != "" && len(out) < maxRecipients {
			out = append(out, a)
		}
	}
	return out
}

// completeLocalParts gives a recipient a bounce named by its local part
// alone (Exim's "  bob" for a local delivery) the whole address the
// X-Failed-Recipients header gives for it.
func completeLocalParts(rs []Recipient, failed []string) {
	for i := range rs {
		if strings.Contains(rs[i].Address, "@") {
			continue
		}
		for _, a := range failed {
			if local, _, ok := strings.Cut(a, "@"); ok && strings.EqualFold(local, rs[i].Address) {
				rs[i].Address = a
				break
			}
		}
	}
}

// skipLeadingBlankLines drops the empty and space-only lines some mail
// clients and archives save before the first header line; net/mail would
// take the first of them for the end of an empty header.
func skipLeadingBlankLines(data []byte) []byte {
	for len(data) > 0 {
		i := bytes.IndexByte(data, '\n')
		if i < 0 || len(bytes.TrimSpace(data[:i])) > 0 {
			return data
		}
		data = data[i+1:]
	}
	return data
}

func limit(rs []Recipient) []Recipient {
	if len(rs) > maxRecipients {
		return rs[:maxRecipients]
	}
	return rs
}

// walker collects the delivery-status recipients and the plain text of a
// message's parts.
type walker struct {
	parts  int
	status []Recipient
	// statusText is each status recipient's whole Status field, for its
	// comment ("5.0.0 (recipient reached disk quota)").
	statusText []string
	text       strings.Builder
}

func (w *walker) walk(h textproto.MIMEHeader, body io.Reader, depth int) error {
	w.parts++
	if depth > maxDepth || w.parts > maxParts {
		return nil // the rest is ignored, as a mail client would
	}
	ct := h.Get("Content-Type")
	mediaType, params, err := mime.ParseMediaType(ct)
	if err != nil || ct == "" {
		mediaType, params = "text/plain", nil
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		b, err := io.ReadAll(io.LimitReader(body, MaxSize))
		if err != nil {
			return nil
		}
		parts := 0
		if boundary := params["boundary"]; boundary != "" {
			mr := multipart.NewReader(bytes.NewReader(b), boundary)
			for {
				p, err := mr.NextRawPart()
				if err != nil {
					// The end, or a broken or truncated part: what was read stays.
					break
				}
				parts++
				if err := w.walk(p.Header, p, depth+1); err != nil {
					return err
				}
			}
		}
		if parts == 0 {
			// No part where the header promised some (its boundary lines
			// lost or wrong): the body is read as text, as a mail client
			// shows it.
			w.addText(b)
		}
		return nil
	}
	switch mediaType {
	case "message/delivery-status", "message/global-delivery-status":
		b, err := decoded(h, body)
		if err != nil {
			return nil
		}
		rs, statuses := readStatus(b)
		if len(rs) == 0 {
			w.addText(b) // some servers label their prose with this type
		}
		w.status = append(w.status, rs...)
		w.statusText = append(w.statusText, statuses...)
		if len(w.status) > maxRecipients {
			w.status, w.statusText = w.status[:maxRecipients], w.statusText[:maxRecipients]
		}
	case "text/plain":
		b, err := decoded(h, body)
		if err != nil {
			return nil
		}
		w.addText(b)
	}
	// message/rfc822 is the returned original: not read, it is not the report.
	return nil
}

// addText keeps b as part of the message's plain text, up to MaxSize.
func (w *walker) addText(b []byte) {
	if w.text.Len() < MaxSize {
		w.text.Write(b)
		w.text.WriteByte('\n')
	}
}

// decoded reads a part's body and undoes its Content-Transfer-Encoding.
func decoded(h textproto.MIMEHeader, body io.Reader) ([]byte, error) {
	switch strings.ToLower(strings.TrimSpace(h.Get("Content-Transfer-Encoding"))) {
	case "base64":
		body = base64.NewDecoder(base64.StdEncoding, &spaceless{r: body})
	case "quoted-printable":
		body = quotedprintable.NewReader(body)
	}
	b, err := io.ReadAll(io.LimitReader(body, MaxSize))
	if err != nil && len(b) == 0 {
		return nil, err
	}
	return b, nil
}

// spaceless drops the line breaks and spaces of a base64 body, which
// encoding/base64 does not skip itself.
type spaceless struct{ r io.Reader }

func (s *spaceless) Read(p []byte) (int, error) {
	for {
		n, err := s.r.Read(p)
		j := 0
		for _, c := range p[:n] {
			if c != '\r' && c != '\n' && c != ' ' && c != '\t' {
				p[j] = c
				j++
			}
		}
		if j > 0 || err != nil {
			return j, err
		}
	}
}

// readStatus reads the fields of a message/delivery-status body: one group
// of per-message fields, then one group per recipient, separated by blank
// lines.
//
// net/textproto refuses a field with a control character in it, which would
// drop the whole report; such bytes are replaced by U+FFFD first.
func readStatus(b []byte) ([]Recipient, []string) {
	b = bytes.Map(func(r rune) rune {
		if r < 0x20 && r != '\t' && r != '\r' && r != '\n' || r == 0x7f {
			return '\uFFFD'
		}
		return r
	}, b)
	tp := textproto.NewReader(bufio.NewReader(bytes.NewReader(b)))
	var out []Recipient
	var statuses []string
	for range maxRecipients + 1 {
		h, err := tp.ReadMIMEHeader()
		if len(h) > 0 {
			if r, ok := recipientOf(h); ok {
				out = append(out, r)
				statuses = append(statuses, strings.TrimSpace(h.Get("Status")))
			}
		}
		if err != nil {
			break
		}
	}
	return out, statuses
}

// recipientOf reads one per-recipient group; ok is false for the
// per-message group and for recipients that were delivered.
func recipientOf(h textproto.MIMEHeader) (Recipient, bool) {
	// The address the report names: Final-Recipient, unless it is not an
	// Internet address (an X.400 name, a masked or local-only one), then
	// Original-Recipient, the address as the sender wrote it.
	addr := ""
	for _, field := range []string{"Final-Recipient", "Original-Recipient"} {
		kind, a := typedKind(h.Get(field))
		a = strings.Trim(a, "<>")
		if (kind == "" || kind == "rfc822") && plausibleAddress(a) {
			addr = a
			break
		}
		if addr == "" {
			addr = a
		}
	}
	if addr == "" {
		return Recipient{}, false
	}
	action := strings.ToLower(strings.TrimSpace(h.Get("Action")))
	if i := strings.IndexAny(action, " ("); i >= 0 {
		action = action[:i]
	}
	switch action {
	case "delivered", "relayed", "expanded":
		return Recipient{}, false
	}
	diag := typed(h.Get("Diagnostic-Code"))
	if info := strings.Trim(strings.TrimSpace(h.Get("X400-Supplementary-Info")), `"`); info != "" {
		// An X.400 gateway's code says little ("Reason 1 (Unable-To-Transfer)");
		// the next server's own words are here.
		diag = strings.TrimSpace(diag + "\n" + info)
	}
	return Recipient{
		Address:    addr,
		Action:     action,
		Status:     firstWord(h.Get("Status")),
		Diagnostic: diag,
		RemoteMTA:  typed(h.Get("Remote-MTA")),
	}, true
}

// typed returns the value of a "type; value" field ("rfc822; bob@x",
// "smtp; 550 ..."), or the field itself when it has no type.
func typed(v string) string {
	_, v = typedKind(v)
	return v
}

// typedKind splits a "type; value" field into its type, in lower case, and
// its value; the type is "" when the field has none.
func typedKind(v string) (kind, value string) {
	v = strings.TrimSpace(v)
	if i := strings.IndexByte(v, ';'); i >= 0 && i < 16 && !strings.ContainsAny(v[:i], " <@") {
		return strings.ToLower(strings.TrimSpace(v[:i])), strings.TrimSpace(v[i+1:])
	}
	return "", v
}

// plausibleAddress reports whether a is shaped like an Internet mail
// address: a local part, "@", and a dotted domain with a letter or digit
// in it (not a host's local name), no spaces, no X.400 slashes, no masking
// stars.
func plausibleAddress(a string) bool {
	at := strings.LastIndexByte(a, '@')
	if at <= 0 || !strings.Contains(a[at+1:], ".") || strings.ContainsAny(a, " \t/*") {
		return false
	}
	return strings.ContainsFunc(a[at+1:], func(r rune) bool { return r < 0x80 && isAlnum(byte(r)) })
}

// fillFromStatusComment gives recipients still without a diagnostic their
// Status field when it says more than the code ("5.0.0 (recipient reached
// disk quota)"): the reporting server's own words are all there is.
func fillFromStatusComment(rs []Recipient, statuses []string) {
	for i := range rs {
		if rs[i].Diagnostic == "" && i < len(statuses) && strings.Contains(statuses[i], "(") {
			rs[i].Diagnostic = statuses[i]
		}
	}
}

func firstWord(v string) string {
	if f := strings.Fields(v); len(f) > 0 {
		return f[0]
	}
	return ""
}

// fillFromText gives recipients whose report has no Diagnostic-Code the
// reply the human-readable part quotes for them, when it does.
func fillFromText(rs []Recipient, text string) {
	var fromText []Recipient
	for i := range rs {
		if rs[i].Diagnostic != "" {
			continue
		}
		if fromText == nil {
			for _, parse := range []func(text, subject string) []Recipient{parseExim, parsePostfix, parseGmail, parseSendmail, parseNetscape} {
				fromText = append(fromText, parse(text, "")...)
			}
		}
		for _, t := range fromText {
			if strings.EqualFold(t.Address, rs[i].Address) && t.Diagnostic != "" {
				rs[i].Diagnostic = t.Diagnostic
				break
			}
		}
	}
}

// completeFromTranscript gives the rest of a multi-line reply to recipients
// whose Diagnostic-Code holds only its first line ("550-Verification failed
// for <...>", as Sendmail writes it) when the transcript in the text part
// quotes the whole reply ("<<< 550-...", "<<< 550 ...").
func completeFromTranscript(rs []Recipient, text string) {
	var lines []string
	for i := range rs {
		d := rs[i].Diagnostic
		if len(d) < 4 || d[3] != '-' || strings.Contains(d, "\n") {
			continue
		}
		if lines == nil {
			lines = splitLines(text)
		}
		for j, l := range lines {
			if strings.TrimSpace(strings.TrimPrefix(l, "<<< ")) != d {
				continue
			}
			reply := []string{d}
			for _, next := range lines[j+1:] {
				rest, ok := strings.CutPrefix(next, "<<< "+d[:3])
				if !ok || rest == "" || rest[0] != '-' && rest[0] != ' ' {
					break
				}
				reply = append(reply, strings.TrimSpace(strings.TrimPrefix(next, "<<< ")))
				if rest[0] == ' ' {
					break // the reply's last line
				}
			}
			rs[i].Diagnostic = strings.Join(reply, "\n")
			break
		}
	}
}
