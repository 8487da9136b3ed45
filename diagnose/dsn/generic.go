package dsn

import (
	"net/mail"
	"strings"
)

// parseGeneric reads a bounce in none of the forms the other parsers know:
// the notices of servers that each word it their own way (IMail's "Unknown
// user: bob@example.net", Domino's "was not delivered to: ... because:",
// OpenSMTPD's "bob@example.net: Domain does not exist", carriers'
// notices in Japanese, filter gateways' "-------server message"). It is
// called only for a message that says it is a bounce (looksLikeBounce).
//
// The recipients are the addresses the notice names before the copy of the
// returned message starts, except the bounce's own header addresses and
// the addresses on lines that quote the original's headers or say whom to
// contact. Each one's diagnostic is the server reply that names it, else
// the first reply after it (or the last before), else the lines around it.
func parseGeneric(text string, own map[string]bool, action string) []Recipient {
	lines := splitLines(text)
	for i, l := range lines {
		if copyStarts(l) {
			lines = lines[:i]
			break
		}
	}
	type found struct {
		addr string
		line int
	}
	var addrs []found
	seen := map[string]bool{}
	var replies []int
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if isReplyLine(t) {
			replies = append(replies, i)
		}
		if quotesOrContact(t) {
			continue
		}
		for _, a := range addressesIn(t) {
			k := strings.ToLower(a)
			if own[k] || seen[k] || len(addrs) >= maxRecipients {
				continue
			}
			seen[k] = true
			addrs = append(addrs, found{a, i})
		}
	}
	var out []Recipient
	for _, f := range addrs {
		out = append(out, Recipient{Address: f.addr, Action: action, Diagnostic: genericDiagnostic(lines, replies, f.addr, f.line)})
	}
	return out
}

// genericDiagnostic is the reason parseGeneric gives the address a first
// named on line at.
func genericDiagnostic(lines []string, replies []int, a string, at int) string {
	var naming []string
	for _, i := range replies {
		if strings.Contains(strings.ToLower(lines[i]), strings.ToLower(a)) {
			naming = append(naming, replyText(lines[i]))
		}
	}
	if len(naming) > 0 {
		return strings.Join(naming, "\n")
	}
	if len(replies) > 0 {
		pick := replies[len(replies)-1]
		for _, i := range replies {
			if i >= at {
				pick = i
				break
			}
		}
		return replyText(lines[pick])
	}
	// Two lines of text on each side, blank lines not counted.
	var before, after []string
	for i := at - 1; i >= 0 && len(before) < 2; i-- {
		if t := strings.TrimSpace(lines[i]); t != "" {
			before = append([]string{t}, before...)
		}
	}
	for i := at + 1; i < len(lines) && len(after) < 2; i++ {
		if t := strings.TrimSpace(lines[i]); t != "" {
			after = append(after, t)
		}
	}
	return strings.Join(append(append(before, strings.TrimSpace(lines[at])), after...), "\n")
}

// replyText is a reply line without a transcript's "<<< " marker.
func replyText(l string) string {
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(l), "<<<"))
}

// isReplyLine reports whether t (trimmed) is a server's reply: a 4xx or 5xx
// code, or an enhanced status ("5.1.1 <bob@...>... User unknown"), at its
// start, after a transcript's "<<< " marker if any.
func isReplyLine(t string) bool {
	t = strings.TrimSpace(strings.TrimPrefix(t, "<<<"))
	if len(t) >= 4 && (t[0] == '4' || t[0] == '5') && isDigit(t[1]) && isDigit(t[2]) && (t[3] == ' ' || t[3] == '-') {
		return true
	}
	return len(t) >= 6 && (t[0] == '4' || t[0] == '5') && t[1] == '.' && isDigit(t[2]) && strings.Contains(t[2:6], ".")
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// copyStarts reports whether line l starts the copy of the returned message
// that a text-only bounce appends: its header lines, or a marker line.
func copyStarts(l string) bool {
	ll := strings.ToLower(l)
	if strings.HasPrefix(ll, "received:") || strings.HasPrefix(ll, "return-path:") {
		return true
	}
	t := strings.TrimSpace(ll)
	if strings.HasPrefix(t, "--") && (strings.Contains(t, "original") || strings.Contains(t, "returned message") || strings.Contains(t, "unsent message")) {
		return true
	}
	for _, m := range []string{"original message follows", "copy of the original message", "copy of the message",
		"copy of your message", "unsent message follows", "header of the original message", "message header follows",
		"below this line is a copy", "included is a copy"} {
		if strings.Contains(t, m) {
			return true
		}
	}
	return false
}

// quotesOrContact reports whether t quotes a header of the returned message
// ("From: ...", "  To: ...") or names whom to contact: its addresses are
// not recipients that failed.
func quotesOrContact(t string) bool {
	tl := strings.ToLower(t)
	for _, p := range []string{"from:", "mail from:", "sender:", "reply-to:", "return-path:", "to:", "cc:",
		"message-id:", "original sender:", "original-envelope-id:", "(envelope", "envelope-from"} {
		if strings.HasPrefix(tl, p) {
			return true
		}
	}
	return strings.Contains(tl, "reply to") || strings.Contains(tl, "contact")
}

// addressesIn returns the mail addresses written in t, in order.
func addressesIn(t string) []string {
	var out []string
	for i := 0; i < len(t); i++ {
		if t[i] != '@' {
			continue
		}
		s := i
		for s > 0 && isLocalChar(t[s-1]) {
			s--
		}
		e := i + 1
		for e < len(t) && (isAlnum(t[e]) || t[e] == '.' || t[e] == '-') {
			e++
		}
		a := strings.TrimRight(t[s:e], ".-")
		if s < i && plausibleAddress(a) {
			out = append(out, a)
		}
		i = e - 1
	}
	return out
}

func isAlnum(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

func isLocalChar(c byte) bool {
	return isAlnum(c) || strings.IndexByte("._%+=-", c) >= 0
}

// looksLikeBounce reports whether a message's headers say it is a delivery
// report: sent by a mailer daemon or postmaster, with a report's content
// type, with a subject that says delivery failed, or machine-sent with a
// subject that says something failed.
func looksLikeBounce(h mail.Header) bool {
	from := strings.ToLower(h.Get("From"))
	for _, w := range []string{"mailer-daemon", "mailer_daemon", "mail-daemon", "postmaster", "post_master", "mail delivery", "mail system"} {
		if strings.Contains(from, w) {
			return true
		}
	}
	if strings.Contains(strings.ToLower(h.Get("Content-Type")), "multipart/report") {
		return true
	}
	subject := strings.ToLower(decodedSubject(h))
	for _, w := range []string{"undeliver", "returned mail", "returned to sender", "delivery status", "delivery fail",
		"delivery notification", "not delivered", "non-delivery", "failure notice", "mail system error",
		"メールエラー", "送信できません", "退信", "无法投递", "未送達"} {
		if strings.Contains(subject, w) {
			return true
		}
	}
	// Weaker words ("Build failed") count only in a machine-sent message:
	// the null return path, or Auto-Submitted.
	if strings.TrimSpace(h.Get("Return-Path")) != "<>" && h.Get("Auto-Submitted") == "" {
		return false
	}
	for _, w := range []string{"delivery", "failure", "failed", "returned", "bounce", "error", "rejected", "失敗"} {
		if strings.Contains(subject, w) {
			return true
		}
	}
	return false
}

// headerAddresses are the lower-cased addresses of the bounce's own From,
// To, Cc, Reply-To and Sender headers: the people the bounce is between,
// not recipients that failed.
func headerAddresses(h mail.Header) map[string]bool {
	own := map[string]bool{}
	for _, field := range []string{"From", "To", "Cc", "Reply-To", "Sender"} {
		for _, a := range addressesIn(h.Get(field)) {
			own[strings.ToLower(a)] = true
		}
	}
	return own
}
