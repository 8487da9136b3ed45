package bounce

// A Classification is what [Classify] found in one diagnostic text.
type Classification struct {
	// Reason is the root cause; Unknown when nothing matched with
	// confidence.
	Reason Reason `json:"reason"`
	// Temporary reports a transient failure: a 4xx reply, a 4.x.x status,
	// or, when the text has neither, defer wording ("try again later",
	// "deferred", greylisting). The sending server retries such messages.
	Temporary bool `json:"temporary"`
	// Code is the SMTP basic reply code, e.g. 550; 0 if the text has none.
	Code int `json:"code,omitempty"`
	// Status is the RFC 3463 enhanced status code, e.g. "5.7.26"; "" if
	// the text has none.
	Status string `json:"status,omitempty"`
	// Blocklist names the list when the reason is Blocklisted and the text
	// names it: the DNS zone when given ("zen.spamhaus.org"), else the
	// provider ("Spamhaus", "SpamCop", "Barracuda", "Microsoft S3150").
	Blocklist string `json:"blocklist,omitempty"`
	// RetryHint is the delay the receiver asked for, as written
	// ("5 minutes", "a few hours"); "" if it gave none.
	RetryHint string `json:"retry_hint,omitempty"`
	// Guessed reports that no phrase, status or code named the reason and
	// the word model chose it from the text's words: the likeliest reason,
	// not a known wording.
	Guessed bool `json:"guessed,omitempty"`
}

// stackText is the size of the buffer Classify uses without allocating.
// Longer texts get a heap buffer.
const stackText = 2048

// Classify reads one SMTP or Exim diagnostic text — a remote server's
// reply, an Exim log message as cPanel's Track Delivery shows it (possibly
// cut at an odd place), a Postfix or Sendmail bounce line, a DSN
// Diagnostic-Code, or one of cPanel's and Exim's own local messages — and
// returns the reason and the codes it carries.
//
// Wording decides first: the most specific phrase found wins, so a 5.1.1
// reply that names an IP blocklist is Blocklisted. Without telling wording,
// the enhanced status code decides (x.1.1 recipient unknown, x.2.2 mailbox
// full, ...), then the basic reply code. When none of them names a reason,
// the text's words are weighed against the labelled corpus (the word
// model): the likeliest reason, when likely enough, is given with Guessed
// set. A text with nothing recognisable is Unknown, with Code, Status and
// Temporary still filled in.
//
// Classify is pure, deterministic and safe for concurrent use. It does not
// allocate for texts up to 2 KiB, except when it copies a retry hint or an
// unlisted blocklist zone out of the text.
func Classify(text string) Classification {
	var c Classification
	code, at := extractCode(text)
	c.Code, c.Status = code, extractStatus(text, code, at)

	var stack [stackText]byte
	buf := stack[:0]
	if len(text) > stackText {
		buf = make([]byte, 0, len(text))
	}
	buf = normalize(buf, text)
	sc := vocabulary.scan(buf)

	c.Reason = decide(&sc, c.Code, c.Status)
	// The word model reads only what the rules could not place: a known
	// cause that fits no reason (a mail loop, the server's own storage)
	// stays Unknown, whatever its words suggest.
	if c.Reason == Unknown && !namedUnknown(&sc) {
		if r, p := wordModelOnce().guess(buf, c.Code, c.Status); p >= guessMin && r != Unknown {
			c.Reason, c.Guessed = r, true
		}
	}

	switch {
	case c.Code >= 400 && c.Code < 500:
		c.Temporary = true
	case c.Code >= 500:
		c.Temporary = false
	case c.Status != "":
		c.Temporary = c.Status[0] == '4'
	case sc.hints&hintPerm != 0:
		c.Temporary = false
	case sc.hints&hintTemp != 0 || c.Reason == Greylisted:
		c.Temporary = true
	}

	if c.Reason == Blocklisted {
		c.Blocklist = blocklistName(text, buf, &sc)
	}
	if sc.retryAt >= 0 {
		if a, b, ok := retryAfter(buf, sc.retryAt); ok {
			c.RetryHint = fromText(text, buf[a:b])
		}
	}
	return c
}

// fromText returns s as a string: the span of text that holds the same
// bytes when there is one (a name or a time the text gave in lower case,
// as most do), so that the result shares the caller's string instead of
// allocating a copy; a copy otherwise.
func fromText(text string, s []byte) string {
	for i := 0; i+len(s) <= len(text); i++ {
		if text[i] == s[0] && text[i:i+len(s)] == string(s) {
			return text[i : i+len(s)]
		}
	}
	return string(s)
}

// decide picks the reason from the phrases found, the status and the code.
func decide(sc *scan, code int, status string) Reason {
	r := Unknown
	var weak Reason
	var bestPrio uint8
	decided := false
	if sc.best >= 0 {
		rl := &vocabulary.rules[sc.best]
		bestPrio = rl.prio
		if rl.prio > weakPrio {
			r, decided = rl.reason, true
			// A temporary refusal for reputation alone ("mail from your IP has
			// been temporarily deferred") is the receiver throttling; without a
			// code or status, "deferred" or "try again" says it is temporary.
			if rl.hints&hintThrottle != 0 && (code >= 400 && code < 500 || code == 0 && len(status) > 0 && status[0] == '4' ||
				code == 0 && status == "" && sc.hints&hintTemp != 0) {
				r = RateLimited
			}
		} else {
			weak = rl.reason
		}
	}
	if !decided {
		if s := statusReason(status); s != "" && !(bestPrio == hintPrio && genericStatus(status)) {
			r = s
		} else if weak != "" {
			r = weak
		} else if s := codeReason(code); s != "" {
			r = s
		}
	}

	// An address that "does not exist" or is disabled, said after MAIL FROM,
	// in a "Sender address rejected" reply, or with a status about the
	// sender's address (x.1.7, x.1.8), is the sender's address.
	if r == RecipientUnknown || r == DomainUnknown || r == MailboxDisabled {
		if sc.hints&hintSender != 0 || isSenderStatus(status) {
			r = SenderRejected
		}
	}
	// A syntax error with an address status is that address's syntax, not
	// the protocol's (RFC 3463: x.1.3 the destination mailbox address's,
	// x.1.7 the sender's, x.1.8 the sender's system address).
	if r == PolicyRejected {
		if _, subject, detail, ok := parseStatus(status); ok && subject == 1 {
			switch detail {
			case 3:
				r = RecipientUnknown
			case 7, 8:
				r = SenderRejected
			}
		}
	}
	// A quota said of the sender is a sending quota: the receiver counts
	// what this sender sent, it has no mailbox of the sender to fill.
	if r == MailboxFull && sc.hints&hintSender != 0 {
		r = RateLimited
	}
	// A temporary refusal that asks the client to come back later and says
	// nothing else: a 421 closes the connection on a client it wants
	// slower, a 452 refuses more for now. (A 450/451 that only asks for a
	// retry may be greylisting or any passing fault: it stays Unknown,
	// unless it says "please try again later", greylisters' own words.)
	if !decided && r == Unknown && sc.hints&hintTemp != 0 && (code == 421 || code == 452) {
		r = RateLimited
	}
	// A permanent refusal of one recipient, in reply to RCPT TO, with
	// nothing else to go on, is that the recipient does not exist: servers
	// refuse unknown recipients there and most other causes earlier or later.
	if !decided && r == Unknown && status == "" && code >= 550 && sc.hints&hintRcptStage != 0 {
		r = RecipientUnknown
	}
	// A permanent refusal in reply to MAIL FROM with nothing telling (a bare
	// "Access denied", a generic x.7.1) refuses the sender: the recipients
	// have not been named yet. A protocol status (x.5.x) stays the protocol's.
	if !decided && (r == Unknown || r == PolicyRejected && genericStatus(status) || r == PolicyRejected && status == "") &&
		code >= 550 && sc.hints&hintMailStage != 0 {
		r = SenderRejected
	}
	// The sending IP refused for being dynamic, residential or dial-up
	// space: a block of the address class (the fix is a relay or a static
	// address), or a PTR matter when the text says the reverse DNS name is
	// what classed it so (the fix is that name). A throttle stays one.
	if sc.hints&hintDynamic != 0 {
		switch r {
		case Blocklisted, PTRMissing, SenderRejected, OutgoingBlocked, PolicyRejected, Unknown:
			r = Blocklisted
			if sc.hints&hintReverseDNS != 0 {
				r = PTRMissing
			}
		}
	}
	// The message refused as a whole with no reason given ("550 5.7.1
	// Message rejected", "Message blocked"): a content filter's verdict,
	// which is what receivers mean by it; a temporary one says nothing
	// (it stays Unknown). A generic x.7.1 says no more than
	// the words; any other word of a reason ("per recipient's policy")
	// decides instead, and so does a bare "blocked" only when the message
	// is not what was blocked.
	if !decided && sc.hints&hintBareRefusal != 0 && sc.hints&hintTemp == 0 && !(code >= 400 && code < 500) &&
		(status == "" || status[0] != '4') && (sc.best < 0 || bestPrio <= weakPrio && vocabulary.rules[sc.best].reason == Blocklisted) &&
		(r == Unknown || r == PolicyRejected && (status == "" || genericStatus(status)) || r == Blocklisted) {
		r = SpamContent
	}
	// A 5xx refusal of the connection itself, with no telling wording, is a
	// block of the sending IP: a generic x.7.1 at connect time means that.
	if !decided && (r == Unknown || r == PolicyRejected) && sc.hints&hintConnStage != 0 && code >= 500 {
		r = Blocklisted
	}
	return r
}

// namedUnknown reports whether the phrase that decided is one of the
// known causes that fit no reason (rules.go: mail loops, storage and
// internal failures of the receiving server).
func namedUnknown(sc *scan) bool {
	if sc.best < 0 {
		return false
	}
	rl := &vocabulary.rules[sc.best]
	return rl.reason == Unknown && rl.prio > weakPrio
}

// genericStatus reports whether st is x.7.1, the catch-all "delivery not
// authorized" that servers put on every kind of refusal. Even a bare word
// of the text ("Message rejected: Spam") says more than it does.
func genericStatus(st string) bool {
	_, subject, detail, ok := parseStatus(st)
	return ok && subject == 7 && detail == 1
}

func isSenderStatus(st string) bool {
	_, subject, detail, ok := parseStatus(st)
	return ok && subject == 1 && (detail == 7 || detail == 8)
}

// statusReason maps an RFC 3463 enhanced status code, plus the widely seen
// extensions of RFC 7372, RFC 7505 and the large providers (Microsoft's
// 5.7.5xx-7xx, Gmail's 4.7.2x-4.7.40), to a reason. Codes that say nothing
// specific (x.0.0, x.7.0, x.5.x, 4.7.1) map to "".
func statusReason(st string) Reason {
	class, subject, detail, ok := parseStatus(st)
	if !ok {
		return ""
	}
	switch subject {
	case 1: // addressing
		switch detail {
		case 0, 1, 3, 4, 6, 10:
			// x.1.0 is "other address status": with nothing else said, the
			// address refused is the recipient's (the sender's gets x.1.7/8
			// or the sender hints). x.1.4 is an ambiguous destination
			// address: no one mailbox it names.
			return RecipientUnknown
		case 2:
			return DomainUnknown
		case 7, 8:
			return SenderRejected
		case 90:
			return RateLimited // Microsoft: daily recipient limit
		}
	case 2: // mailbox
		switch {
		case detail == 1:
			return MailboxDisabled
		case detail == 2:
			return MailboxFull
		case detail == 3:
			return MessageTooLarge
		case detail >= 100:
			return RateLimited // Microsoft 5.2.121/5.2.122: per-hour receive limits
		}
	case 3: // mail system
		if detail == 4 {
			return MessageTooLarge
		}
	case 4: // network and routing
		switch {
		case detail == 1 && class == 5:
			// RFC 3463 "no answer from host", but in practice Microsoft's
			// unknown recipient ("550 5.4.1 Recipient address rejected:
			// Access denied").
			return RecipientUnknown
		case detail == 4, detail == 310, detail == 312:
			return DomainUnknown
		case detail == 5, detail == 6, detail == 14:
			return "" // congestion or loop: not a network fault of ours
		case detail <= 7 || detail >= 300:
			return NetworkError
		}
	case 5: // protocol
		switch detail {
		case 1, 2, 4, 5, 6:
			// invalid command, syntax error, invalid arguments, wrong
			// protocol version, an authentication exchange line too long
			// (RFC 4954): the client spoke SMTP wrongly (RFC 3463 5.5.1-5.5.5).
			// x.5.0 says nothing: Microsoft puts it on unknown recipients.
			return PolicyRejected
		case 3:
			return PolicyRejected // too many recipients
		}
	case 6: // content and media
		return PolicyRejected
	case 7: // security and policy
		return securityStatusReason(class, detail)
	}
	return ""
}

func securityStatusReason(class, detail int) Reason {
	switch {
	case detail == 1:
		if class == 5 {
			return PolicyRejected
		}
	case detail == 2, detail == 3, detail == 7, detail == 14, detail == 15, detail == 16, detail == 19,
		detail == 506, detail == 510, detail == 512:
		// expansion or conversion refused, message integrity failure,
		// trust or priority required, a recipient check (RRVS) that cannot
		// be completed: the receiver's policy for this message (RFC 3463,
		// RFC 6710, RFC 7293)
		return PolicyRejected
	case detail == 8, detail == 9, detail == 11, detail == 12, detail == 57, detail == 64, detail == 54:
		// the client's SMTP login: credentials refused, a mechanism too
		// weak or needing encryption, a password transition (RFC 4954)
		return RelayDenied
	case detail == 17:
		return RecipientUnknown // RFC 7293: the mailbox owner has changed
	case detail == 13:
		return MailboxDisabled
	case detail >= 20 && detail <= 24, detail == 26, detail == 27 && class == 4,
		detail == 29, detail == 30, detail == 32, detail == 40, detail == 509, detail == 515:
		return AuthFailure
	case detail == 25:
		return PTRMissing
	case detail == 27:
		return SenderRejected // null MX on the sender's domain
	case detail == 28, detail == 508:
		return RateLimited
	case detail >= 501 && detail <= 503:
		return OutgoingBlocked
	case detail == 504 || detail == 505:
		return RecipientUnknown
	case detail == 507, detail == 511, detail == 513, detail == 708, detail >= 606 && detail <= 649:
		if class == 5 {
			return Blocklisted
		}
		return RateLimited
	case detail >= 500 && detail <= 699:
		if class == 4 {
			return RateLimited // Microsoft 4.7.5xx-6xx: temporarily restricted
		}
	case detail >= 700 && detail <= 750:
		return OutgoingBlocked
	case detail >= 900 && detail <= 999:
		return PolicyRejected // Exchange transport rules
	case detail == 124, detail >= 133 && detail <= 136:
		return PolicyRejected
	}
	return ""
}

// codeReason maps a basic reply code to a reason, for texts with neither
// telling wording nor an enhanced status code. Most codes are too broad to
// say anything (550 is used for everything) and map to "".
func codeReason(code int) Reason {
	switch code {
	case 521, 556:
		return DomainUnknown // RFC 7504: host/domain does not accept mail
	case 525:
		return MailboxDisabled
	case 500, 501, 502, 503, 504, 555:
		// RFC 5321: command unrecognized, syntax error, not implemented,
		// bad sequence, parameter not implemented, MAIL/RCPT parameters
		// not recognized; the client spoke SMTP wrongly.
		return PolicyRejected
	case 530, 534, 535, 538:
		return RelayDenied
	case 551:
		return RecipientUnknown
	}
	return ""
}

// blocklistName returns the most specific list the text names: a known DNS
// zone, else a zone read after "blocked using" or "listed in", else a
// provider name.
func blocklistName(text string, buf []byte, sc *scan) string {
	if sc.listRank >= 3 {
		return sc.list
	}
	if sc.zoneAt >= 0 {
		if a, b, ok := zoneAfter(buf, sc.zoneAt); ok {
			return fromText(text, buf[a:b])
		}
	}
	return sc.list
}
