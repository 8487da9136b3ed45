package dsn

import "strings"

// The human-readable bounce forms, for messages without a
// message/delivery-status part.

// parseExim reads Exim's bounce body:
//
//	A message that you sent could not be delivered to one or more of its
//	recipients. This is a permanent error. The following address(es) failed:
//
//	  bob@example.net
//	    host mx.example.net [192.0.2.7]
//	    SMTP error from remote mail server after RCPT TO:<bob@example.net>:
//	    550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown
//
// and its delay warning ("has not yet been delivered to the following
// addresses", with "Delay reason:" lines). The address lines are indented
// two spaces (some hosts' Exim, IONOS's, four, under "The following address
// failed:"), the reason lines more; a reply wrapped at the line length goes
// on at a smaller indent, and is joined again.
func parseExim(text, subject string) []Recipient {
	lines := splitLines(text)
	action := "failed"
	if strings.Contains(subject, "delayed") {
		action = "delayed" // Exim's "Warning: message ... delayed 24 hours"
	}
	start := -1
	for i, l := range lines {
		ll := strings.ToLower(strings.TrimSpace(l))
		switch {
		case strings.Contains(ll, "the following address(es) failed"),
			strings.HasPrefix(ll, "the following address") && strings.HasSuffix(ll, " failed:"):
			start = i + 1
		case strings.Contains(ll, "has not yet been delivered to the following addresses"),
			strings.Contains(ll, "not yet been delivered to the following address"):
			start, action = i+1, "delayed"
		}
		if start >= 0 {
			break
		}
	}
	if start < 0 {
		return nil
	}
	var b blocks
	base, blank := 0, false
	for _, l := range lines[start:] {
		if strings.HasPrefix(l, "------") || strings.HasPrefix(strings.ToLower(l), "--- the header of the original") ||
			strings.HasPrefix(l, "Reporting-MTA:") || len(b.out) >= maxRecipients {
			break
		}
		trimmed := strings.TrimSpace(l)
		if trimmed == "" {
			blank = true
			continue
		}
		indent := indentOf(l)
		if base == 0 && indent > 0 {
			base = indent // the address lines' indent: Exim's two spaces, other hosts' more
		}
		wrapped := b.cur != nil && len(b.diag) > 0 && !blank // a long reply broken by the sender's line length
		blank = false
		switch {
		case indent > 0 && indent <= base && !strings.HasPrefix(trimmed, "(") &&
			(strings.ContainsAny(trimmed, "@|/") || !wrapped && !strings.ContainsAny(trimmed, " :")):
			// An address, a pipe or file, or a local part alone ("  bob").
			b.open(Recipient{Address: strings.Trim(strings.Fields(trimmed)[0], "<>:"), Action: action})
		case indent > base && b.cur != nil:
			b.diag = append(b.diag, strings.TrimPrefix(trimmed, "Delay reason: "))
		case wrapped:
			b.diag[len(b.diag)-1] += " " + trimmed
		case indent == 0:
			b.close()
		}
	}
	b.close()
	return b.out
}

// parsePostfix reads Postfix's bounce body:
//
//	<bob@example.net>: host mx.example.net[192.0.2.7] said: 550 5.1.1
//	    <bob@example.net>: Recipient address rejected: User unknown (in reply to
//	    RCPT TO command)
//
// A report whose subject says "Delayed Mail" is a delay.
func parsePostfix(text, subject string) []Recipient {
	action := "failed"
	if strings.Contains(subject, "delayed mail") {
		action = "delayed"
	}
	var out []Recipient
	var cur *Recipient
	flush := func() {
		if cur != nil {
			cur.Diagnostic = strings.TrimSpace(cur.Diagnostic)
			out = append(out, *cur)
		}
		cur = nil
	}
	for _, l := range splitLines(text) {
		if len(out) >= maxRecipients {
			break
		}
		trimmed := strings.TrimSpace(l)
		indent := indentOf(l)
		switch {
		case indent <= 1 && strings.HasPrefix(trimmed, "<") && strings.Contains(trimmed, ">"):
			end := strings.IndexByte(trimmed, '>')
			rest := trimmed[end+1:]
			if i := strings.Index(rest, "): "); strings.HasPrefix(rest, " (expanded from") && i >= 0 {
				rest = rest[i+1:]
			}
			if !strings.HasPrefix(rest, ":") {
				continue
			}
			flush()
			cur = &Recipient{Address: trimmed[1:end], Action: action, Diagnostic: strings.TrimSpace(rest[1:])}
		case trimmed == "":
			flush()
		case cur != nil && l != trimmed:
			cur.Diagnostic += "\n" + trimmed
		default:
			flush()
		}
	}
	flush()
	return out
}

// parseGmail reads Gmail's notification:
//
//	Delivery to the following recipient failed permanently:
//
//	     bob@example.net
//
//	Technical details of permanent failure:
//	550 5.1.1 ...
//
// where the older form goes on with "The error that the other server
// returned was:" and the remote reply, and the newer form ("Your message
// wasn't delivered to bob@example.net because ..." then "The response was:"
// or "The response from the remote server was:").
func parseGmail(text, subject string) []Recipient {
	lines := splitLines(text)
	var addrs []string
	action := ""
	var diag []string
	for i := 0; i < len(lines); i++ {
		ll := strings.ToLower(strings.TrimSpace(lines[i]))
		switch {
		case strings.HasPrefix(ll, "delivery to the following recipient"):
			action = "failed"
			if strings.Contains(ll, "delayed") || strings.Contains(ll, "temporar") {
				action = "delayed"
			}
			for i++; i < len(lines); i++ {
				a := strings.TrimSpace(lines[i])
				if a == "" && len(addrs) == 0 {
					continue
				}
				if a == "" || !strings.Contains(a, "@") {
					i--
					break
				}
				addrs = append(addrs, strings.Fields(a)[0])
			}
		case strings.HasPrefix(ll, "your message wasn't delivered to ") || strings.HasPrefix(ll, "your message has not been delivered to "):
			if f := strings.Fields(strings.TrimSpace(lines[i])); len(f) > 4 {
				addrs = append(addrs, strings.TrimRight(f[4], ".,"))
			}
			if action == "" {
				action = "failed"
				if strings.Contains(ll, "not been delivered") {
					action = "delayed"
				}
			}
		case strings.HasPrefix(ll, "technical details of") || ll == "the response was:" || ll == "the response from the remote server was:" ||
			ll == "the error that the other server returned was:":
			if strings.HasPrefix(ll, "the error that") {
				diag = nil // the remote server's own reply, after Gmail's account of it
			}
			for i++; i < len(lines); i++ {
				t := strings.TrimSpace(lines[i])
				if t == "" && len(diag) == 0 {
					continue
				}
				if t == "" || strings.HasPrefix(t, "-----") {
					break
				}
				diag = append(diag, t)
			}
		}
	}
	var out []Recipient
	for _, a := range addrs {
		out = append(out, Recipient{Address: strings.Trim(a, "<>"), Action: action, Diagnostic: strings.Join(diag, "\n")})
	}
	return limit(out)
}

// parseQmail reads qmail's bounce ("Hi. This is the qmail-send program
// at ...") and the same form other servers kept (Yahoo's "Sorry, we were
// unable to deliver your message to the following address.", vpopmail
// sites' own greetings in other languages):
//
//	<bob@example.net>:
//	192.0.2.7 does not like recipient.
//	Remote host said: 550 5.1.1 <bob@example.net>: User unknown
//	Giving up on 192.0.2.7.
//
// each address alone on a line, in angle brackets and followed by a colon,
// then its reason up to a blank line. That address line is the form's mark,
// whatever the greeting says. The copy of the message after the first
// "--- " line ("--- Below this line is a copy of the message.", "---
// Original message follows.") is not read. Where the remote server's reply
// is quoted, it is the diagnostic.
func parseQmail(text, _ string) []Recipient {
	lines := splitLines(text)
	var out []Recipient
	var cur *Recipient
	var reason []string
	flush := func() {
		if cur == nil {
			return
		}
		diag := reason
		for i, l := range reason {
			if rest, ok := cutPrefixFold(l, "remote host said:"); ok {
				diag = append([]string{strings.TrimSpace(rest)}, reason[i+1:]...)
				break
			}
		}
		var keep []string
		for _, l := range diag {
			if _, ok := cutPrefixFold(l, "giving up on "); !ok {
				keep = append(keep, l)
			}
		}
		cur.Diagnostic = strings.Join(keep, "\n")
		out = append(out, *cur)
		cur, reason = nil, nil
	}
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "--- ") && (cur != nil || len(out) > 0) {
			break // the returned message follows
		}
		switch {
		case qmailAddressLine(t):
			flush()
			if len(out) < maxRecipients {
				cur = &Recipient{Address: t[1 : len(t)-2], Action: "failed"}
			}
		case t == "":
			flush()
		case cur != nil:
			reason = append(reason, t)
		}
	}
	flush()
	return out
}

// qmailAddressLine reports whether t is a qmail bounce's address line:
// "<bob@example.net>:" and nothing else.
func qmailAddressLine(t string) bool {
	return strings.HasPrefix(t, "<") && strings.HasSuffix(t, ">:") && len(t) > 3 &&
		!strings.ContainsAny(t[1:len(t)-2], "<> ") && strings.Contains(t, "@")
}

// cutPrefixFold is strings.CutPrefix, the prefix matched without regard
// to case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) >= len(prefix) && strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// parseSendmail reads the text of Sendmail's bounce, for a report whose
// delivery-status part was lost (forwarded, pasted, or sent as text):
//
//	   ----- The following addresses had permanent fatal errors -----
//	<bob@example.net>
//	    (reason: 550 5.1.1 <bob@example.net>... User unknown)
//
//	   ----- Transcript of session follows -----
//	... while talking to mx.example.net.:
//	<<< 550 5.1.1 <bob@example.net>... User unknown
//
// "transient non-fatal errors" are delays. An address without a reason
// line takes the transcript's last server reply that names it.
func parseSendmail(text, _ string) []Recipient {
	lines := splitLines(text)
	var out []Recipient
	action := ""
	inList := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		ll := strings.ToLower(t)
		switch {
		case strings.HasPrefix(ll, "-----") && strings.Contains(ll, "following addresses had permanent"):
			action, inList = "failed", true
		case strings.HasPrefix(ll, "-----") && strings.Contains(ll, "following addresses had transient"):
			action, inList = "delayed", true
		case strings.HasPrefix(ll, "-----"):
			inList = false
		case !inList || t == "":
		case strings.HasPrefix(ll, "(reason:") && len(out) > 0:
			out[len(out)-1].Diagnostic = strings.TrimSpace(strings.TrimSuffix(t[len("(reason:"):], ")"))
		case strings.HasPrefix(ll, "recv:") && len(out) > 0:
			out[len(out)-1].Diagnostic = strings.TrimSpace(t[len("recv:"):]) // servers that copied the form with their own transcript
		case strings.HasPrefix(ll, "send:"):
		case strings.HasPrefix(t, "("):
			// "(expanded from: ...)" and other notes
		case len(out) < maxRecipients:
			a := strings.Trim(strings.Fields(t)[0], "<>")
			if strings.Contains(a, "@") {
				out = append(out, Recipient{Address: a, Action: action})
			}
		}
	}
	for i := range out {
		if out[i].Diagnostic != "" {
			continue
		}
		for _, l := range lines {
			t := strings.TrimSpace(l)
			if reply, ok := strings.CutPrefix(t, "<<< "); ok && strings.Contains(strings.ToLower(reply), strings.ToLower(out[i].Address)) {
				out[i].Diagnostic = reply
			}
		}
	}
	return out
}

// blocks collects recipients, each with the reason lines read under it.
type blocks struct {
	out  []Recipient
	cur  *Recipient
	diag []string
}

// open starts recipient r, closing the one before.
func (b *blocks) open(r Recipient) {
	b.close()
	b.cur = &r
}

// close ends the current recipient, its reason lines joined.
func (b *blocks) close() {
	if b.cur != nil {
		b.cur.Diagnostic = strings.Join(b.diag, "\n")
		b.out = append(b.out, *b.cur)
	}
	b.cur, b.diag = nil, nil
}

// splitLines splits text into its lines, CRLF or LF.
func splitLines(text string) []string {
	return strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
}

// indentOf is the number of spaces and tabs l begins with.
func indentOf(l string) int {
	return len(l) - len(strings.TrimLeft(l, " \t"))
}

// parseExchangeLegacy reads the notice of Exchange 5.5 and 2000/2003, and
// of the gateways that kept its words (GroupWise's, for one):
//
//	Your message
//	  To:      list@example.org
//	  Subject: ...
//	did not reach the following recipient(s):
//
//	bob@example.net on Fri, 4 Oct 2002 17:12:28 -0400
//	    The recipient name is not recognized
//	    The MTS-ID of the original message is: c=us;a= ;p=...
//	    MSEXCH:IMS:Example:SITE:SERVER 0 (000C05A6) Unknown Recipient
//
// Each address starts a line; an X.400 one ("c=US;a= ;p=...;dda:SMTP=
// bob@example.net;") carries the Internet address after "SMTP=". The
// indented lines under it are its reason, the message's MTS-ID aside.
func parseExchangeLegacy(text, _ string) []Recipient {
	lines := splitLines(text)
	start := -1
	for i, l := range lines {
		if strings.Contains(strings.ToLower(l), "did not reach the following recipient") {
			start = i + 1
			break
		}
	}
	if start < 0 {
		return nil
	}
	var b blocks
	for _, l := range lines[start:] {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, "-----") || len(b.out) >= maxRecipients {
			break
		}
		switch {
		case t == "":
		case indentOf(l) == 0 && strings.Contains(t, "@"):
			b.close()
			if a := exchangeAddress(t); a != "" {
				b.open(Recipient{Address: a, Action: "failed"})
			}
		case indentOf(l) > 0 && b.cur != nil && !strings.HasPrefix(strings.ToLower(t), "the mts-id of the original message"):
			b.diag = append(b.diag, t)
		}
	}
	b.close()
	return b.out
}

// exchangeAddress is the Internet address of an Exchange notice's
// recipient line: after "SMTP=" in an X.400 name, else the line's first
// word with an "@".
func exchangeAddress(line string) string {
	if i := strings.Index(strings.ToUpper(line), "SMTP="); i >= 0 {
		a := line[i+len("SMTP="):]
		if j := strings.IndexAny(a, "; "); j >= 0 {
			a = a[:j]
		}
		return strings.Trim(a, "<>")
	}
	for _, f := range strings.Fields(line) {
		if strings.Contains(f, "@") {
			return strings.Trim(f, "<>:;,")
		}
	}
	return ""
}

// parseNetscape reads the notice of Netscape Messaging Server and of the
// servers that kept its words:
//
//	This Message was undeliverable due to the following reason:
//
//	Your message was not delivered because the destination computer was
//	not reachable within the allowed queue period. ...
//	Host example.net is not responding.
//
//	The following recipients did not receive your message:
//
//	     <bob@example.net>
//
// The reason is what stands between the first line and the list (or the
// "Please reply to" line); every listed recipient has it. Without a list,
// the recipients are the addresses the reason names in angle brackets
// ("<bob@example.net> has restricted SMS e-mail").
func parseNetscape(text, _ string) []Recipient {
	lines := splitLines(text)
	var reason, addrs []string
	inReason, inList := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		ll := strings.ToLower(t)
		switch {
		case strings.HasPrefix(ll, "this message was undeliverable due to the following reason"):
			inReason = true
		case strings.HasPrefix(ll, "the following recipients did not receive"):
			inReason, inList = false, true
		case strings.HasPrefix(ll, "please reply to"):
			inReason, inList = false, false
		case t == "":
		case inReason:
			reason = append(reason, t)
		case inList && angleAddress(t) != "":
			addrs = append(addrs, angleAddress(t))
		case inList:
			inList = false
		}
	}
	if len(reason) == 0 {
		return nil
	}
	if len(addrs) == 0 {
		for _, l := range reason {
			for _, f := range strings.Fields(l) {
				if a := angleAddress(f); a != "" {
					addrs = append(addrs, a)
				}
			}
		}
	}
	var out []Recipient
	for _, a := range addrs {
		out = append(out, Recipient{Address: a, Action: "failed", Diagnostic: strings.Join(reason, "\n")})
	}
	return limit(out)
}

// angleAddress is the address w holds in angle brackets ("<bob@x>"), or "".
func angleAddress(w string) string {
	if len(w) > 2 && w[0] == '<' && w[len(w)-1] == '>' && strings.Contains(w, "@") {
		return w[1 : len(w)-1]
	}
	return ""
}

// parseMDaemon reads MDaemon's notice:
//
//	The attached message had PERMANENT fatal delivery errors!
//	...
//	The following addresses did NOT receive a copy of your message:
//	> bob@example.net
//
//	--- Session Transcript ---
//	 RCPT To:<bob@example.net>
//	 552 Message for <bob@example.net> would exceed mailbox quota
//	--- End Transcript ---
//
// An address's reason is the server's reply to its RCPT command, or the
// transcript's last refusal.
func parseMDaemon(text, _ string) []Recipient {
	lines := splitLines(text)
	var addrs, transcript []string
	inList, inTranscript := false, false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		ll := strings.ToLower(t)
		switch {
		case strings.Contains(ll, "did not receive a copy of your message"):
			inList = true
		case inList && strings.HasPrefix(t, "> ") && strings.Contains(t, "@"):
			addrs = append(addrs, strings.Trim(strings.TrimSpace(t[2:]), "<>"))
		case strings.HasPrefix(ll, "--- session transcript"):
			inList, inTranscript = false, true
		case strings.HasPrefix(ll, "--- end transcript"):
			inTranscript = false
		case inTranscript:
			transcript = append(transcript, t)
		case t != "":
			inList = false
		}
	}
	var out []Recipient
	for _, a := range addrs {
		out = append(out, Recipient{Address: a, Action: "failed", Diagnostic: replyTo(transcript, a)})
	}
	return limit(out)
}

// replyTo is the refusal (a 4xx or 5xx reply) a session transcript holds
// for address a: the first after its RCPT command, else the last one.
func replyTo(transcript []string, a string) string {
	last := ""
	rcpt := false
	for _, t := range transcript {
		ll := strings.ToLower(t)
		if strings.HasPrefix(ll, "rcpt to:") {
			rcpt = strings.Contains(ll, strings.ToLower(a))
			continue
		}
		if isReplyLine(t) {
			if rcpt {
				return t
			}
			last = t
		}
	}
	return last
}

// parseSMTP32 reads the one-line notice of Ipswitch IMail's SMTP32 and the
// servers like it: "Delivery failed 20 attempts: bob@example.net". The
// words before the address are all the reason it gives.
func parseSMTP32(text, _ string) []Recipient {
	var out []Recipient
	for _, l := range splitLines(text) {
		t := strings.TrimSpace(l)
		rest, ok := cutPrefixFold(t, "delivery failed ")
		if !ok {
			continue
		}
		i := strings.Index(rest, " attempts: ")
		if i < 0 || !strings.Contains(rest[i:], "@") || len(out) >= maxRecipients {
			continue
		}
		a := strings.Trim(strings.TrimSpace(rest[i+len(" attempts: "):]), "<>")
		out = append(out, Recipient{Address: a, Action: "failed", Diagnostic: t[:len("delivery failed ")+i+len(" attempts")]})
	}
	return out
}
