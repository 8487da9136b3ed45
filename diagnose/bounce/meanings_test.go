package bounce

import "testing"

// TestClassifyStatusFallback covers enhanced status codes that decide when
// the words say nothing ("rejected", "denied", "sorry"): RFC 3463's
// subjects and the details of RFC 4954, RFC 6710 and RFC 7293. The texts
// are written from the RFCs, not taken from the corpus; each case fails
// when its mapping in statusReason is removed.
func TestClassifyStatusFallback(t *testing.T) {
	for text, want := range map[string]Reason{
		"550 5.1.1 rejected":  RecipientUnknown,
		"550 5.1.4 rejected":  RecipientUnknown, // ambiguous destination address
		"550 5.1.2 rejected":  DomainUnknown,
		"553 5.1.7 sorry":     SenderRejected,
		"552 5.2.2 sorry":     MailboxFull,
		"550 5.2.1 denied":    MailboxDisabled,
		"554 5.2.3 rejected":  MessageTooLarge,
		"550 5.4.4 rejected":  DomainUnknown,
		"500 5.5.6 rejected":  PolicyRejected, // authentication exchange line too long
		"554 5.7.7 rejected":  PolicyRejected, // message integrity failure
		"550 5.7.15 denied":   PolicyRejected, // priority level too low
		"535 5.7.9 rejected":  RelayDenied,    // mechanism too weak
		"538 5.7.11 rejected": RelayDenied,    // encryption required for the mechanism
		"550 5.7.12 denied":   RelayDenied,    // a password transition is needed
		"550 5.7.17 rejected": RecipientUnknown,
		"550 5.7.25 rejected": PTRMissing,
		"550 5.7.26 rejected": AuthFailure,
	} {
		if got := Classify(text).Reason; got != want {
			t.Errorf("Classify(%q) = %s, want %s", text, got, want)
		}
	}
}

// TestClassifyTerseMeanings covers meanings said in few words: the
// sending IP or server refused as a whole, a mailbox "unavailable", a bare
// refusal in reply to MAIL FROM. Written from MTA and provider wording,
// not taken from the corpus; each case fails when its rule is removed.
func TestClassifyTerseMeanings(t *testing.T) {
	for text, want := range map[string]Reason{
		"421 Your IP(192.0.2.1) is filtered. Try again later":                                   RateLimited,
		"554 Your IP(192.0.2.1) has been filtered by the spam policy":                           Blocklisted,
		"550 Your server requires confirmation":                                                 Blocklisted,
		"550 We do not take mail from residential IP space":                                     Blocklisted,
		"550 mailbox bob@example.org unavailable":                                               RecipientUnknown,
		"550 unavailable mail user":                                                             RecipientUnknown,
		"550 5.2.1 Mailbox unavailable":                                                         MailboxDisabled, // the status decides first
		"SMTP error from remote mail server after MAIL FROM:<a@example.com>: 550 Access denied": SenderRejected,
		"SMTP error from remote mail server after MAIL FROM:<a@example.com>: 550 5.5.2 Syntax":  PolicyRejected,
		"550 Sender example.net has no A, AAAA or MX records":                                   SenderRejected,
		"451 Your IP is temporarily blacklisted, come back in an hour":                          RateLimited,
		"550 Sorry, bar is not a valid HELO name":                                               PolicyRejected,
		"501 5.1.7 Syntax error in the address given":                                           SenderRejected,
		"501 5.1.3 Syntax error in the address given":                                           RecipientUnknown,
		"450 该IP不在本站允许的发送地址列表里":                                                                 Blocklisted,
		"450 此用户不在本站允许的发信用户列表里":                                                                 SenderRejected,
	} {
		if got := Classify(text).Reason; got != want {
			t.Errorf("Classify(%q) = %s, want %s", text, got, want)
		}
	}
}
