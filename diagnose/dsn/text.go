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
// two spaces, the reason lines more.
func parseExim(text, subject string) []Recipient {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	action := "failed"
	if strings.Contains(subject, "delayed") {
		action = "delayed" // Exim's "Warning: message ... delayed 24 hours"
	}
	start := -1
	for i, l := range lines {
		ll := strings.ToLower(l)
		switch {
		case strings.Contains(ll, "the following address(es) failed"):
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
	var out []Recipient
	var cur *Recipient
	var diag []string
	flush := func() {
		if cur != nil {
			cur.Diagnostic = strings.Join(diag, "\n")
			out = append(out, *cur)
		}
		cur, diag = nil, nil
	}
	for _, l := range lines[start:] {
		if strings.HasPrefix(l, "------") || strings.HasPrefix(strings.ToLower(l), "--- the header of the original") ||
			strings.HasPrefix(l, "Reporting-MTA:") || len(out) >= maxRecipients {
			break
		}
		trimmed := strings.TrimSpace(l)
		if trimmed == "" {
			continue
		}
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
		switch {
		case indent > 0 && indent <= 2 && !strings.HasPrefix(trimmed, "(") && strings.ContainsAny(trimmed, "@|/"):
			flush()
			cur = &Recipient{Address: strings.Trim(strings.Fields(trimmed)[0], "<>:"), Action: action}
		case indent > 2 && cur != nil:
			diag = append(diag, strings.TrimPrefix(trimmed, "Delay reason: "))
		case indent == 0:
			flush()
		}
	}
	flush()
	return out
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
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		if len(out) >= maxRecipients {
			break
		}
		trimmed := strings.TrimSpace(l)
		indent := len(l) - len(strings.TrimLeft(l, " \t"))
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
// and the newer form ("Your message wasn't delivered to bob@example.net
// because ..." then "The response was:" or "The response from the remote
// server was:").
func parseGmail(text, subject string) []Recipient {
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
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
		case strings.HasPrefix(ll, "technical details of") || ll == "the response was:" || ll == "the response from the remote server was:":
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
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
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
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
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
