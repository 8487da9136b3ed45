package bounce

import (
	"fmt"
	"strings"
)

// A Reason names the root cause of a delivery failure, in the terms a mail
// administrator acts on. The values are stable snake_case keys used in JSON
// output and on the command line; they never change with the language.
type Reason string

// The reasons, in the order of DESIGN.md.
const (
	// RecipientUnknown: the recipient address (local part) does not exist.
	RecipientUnknown Reason = "recipient_unknown"
	// MailboxFull: the recipient's mailbox or account storage is full
	// (quota, disk blocks or inodes).
	MailboxFull Reason = "mailbox_full"
	// MailboxDisabled: the recipient mailbox is suspended, disabled or
	// inactive.
	MailboxDisabled Reason = "mailbox_disabled"
	// DomainUnknown: the recipient domain does not exist, has no usable MX
	// or A record, publishes a null MX, or cannot be routed.
	DomainUnknown Reason = "domain_unknown"
	// Blocklisted: the sending IP or domain is on a blocklist or is blocked
	// for its reputation.
	Blocklisted Reason = "blocklisted"
	// PTRMissing: refused because the sending IP has no valid reverse DNS.
	PTRMissing Reason = "ptr_missing"
	// AuthFailure: SPF, DKIM or DMARC failed, or the message is
	// unauthenticated.
	AuthFailure Reason = "auth_failure"
	// SenderRejected: the envelope sender was refused (sender verify failed,
	// sender domain invalid, sender address blocked).
	SenderRejected Reason = "sender_rejected"
	// RelayDenied: the client was not authenticated or relaying is not
	// allowed.
	RelayDenied Reason = "relay_denied"
	// SpamContent: the content was judged spam, phishing or a virus.
	SpamContent Reason = "spam_content"
	// PolicyRejected: another local policy of the receiver (attachment type,
	// country, too many recipients, RFC violation, restricted recipient).
	PolicyRejected Reason = "policy_rejected"
	// RateLimited: the receiver throttles (too many messages or connections);
	// the sending server retries later.
	RateLimited Reason = "rate_limited"
	// Greylisted: temporary greylisting; the sending server retries.
	Greylisted Reason = "greylisted"
	// SendLimit: cPanel's own outgoing limits for the domain were reached
	// (emails per hour, defers and failures per hour).
	SendLimit Reason = "send_limit"
	// OutgoingBlocked: outgoing mail of the sender is suspended, held or
	// restricted on this server.
	OutgoingBlocked Reason = "outgoing_blocked"
	// MessageTooLarge: the message exceeds a size limit.
	MessageTooLarge Reason = "message_too_large"
	// NetworkError: DNS failure, connection refused or timed out, TLS
	// failure, or the retry time was exceeded.
	NetworkError Reason = "network_error"
	// Unknown: none of the above with confidence.
	Unknown Reason = "unknown"
)

// Reasons returns every reason in the DESIGN.md order. The slice is new on
// every call; callers may modify it.
func Reasons() []Reason {
	return []Reason{
		RecipientUnknown, MailboxFull, MailboxDisabled, DomainUnknown,
		Blocklisted, PTRMissing, AuthFailure, SenderRejected, RelayDenied,
		SpamContent, PolicyRejected, RateLimited, Greylisted, SendLimit,
		OutgoingBlocked, MessageTooLarge, NetworkError, Unknown,
	}
}

// Valid reports whether r is one of the reasons returned by [Reasons].
func (r Reason) Valid() bool {
	switch r {
	case RecipientUnknown, MailboxFull, MailboxDisabled, DomainUnknown,
		Blocklisted, PTRMissing, AuthFailure, SenderRejected, RelayDenied,
		SpamContent, PolicyRejected, RateLimited, Greylisted, SendLimit,
		OutgoingBlocked, MessageTooLarge, NetworkError, Unknown:
		return true
	}
	return false
}

// String returns the reason's key, e.g. "mailbox_full".
func (r Reason) String() string { return string(r) }

// ParseReason parses one reason key as given to a --reason flag. It ignores
// case and surrounding spaces and accepts '-' for '_' ("Mailbox-Full").
// Callers that accept a comma-separated list split it first. An unknown
// value is an error that lists the valid keys.
func ParseReason(s string) (Reason, error) {
	key := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "-", "_")
	if r := Reason(key); r.Valid() {
		return r, nil
	}
	keys := make([]string, 0, 18)
	for _, r := range Reasons() {
		keys = append(keys, string(r))
	}
	return "", fmt.Errorf("bounce: unknown reason %q (valid: %s)", s, strings.Join(keys, ", "))
}
