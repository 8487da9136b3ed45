package bounce

import "testing"

// TestClassifyStatusFallback covers enhanced status codes that decide when
// the words say nothing ("rejected", "denied", "sorry"): RFC 3463's
// subjects and the details of RFC 4954, RFC 6710 and RFC 7293. The texts
// are written from the RFCs, not taken from the corpus; each case fails
// when its mapping in statusReason is removed.
func TestClassifyStatusFallback(t *testing.T) {
	checkReasons(t, map[string]Reason{
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
	})
}

// TestClassifyTerseMeanings covers meanings said in few words: the
// sending IP or server refused as a whole, a mailbox "unavailable", a bare
// refusal in reply to MAIL FROM. Written from MTA and provider wording,
// not taken from the corpus; each case fails when its rule is removed.
func TestClassifyTerseMeanings(t *testing.T) {
	checkReasons(t, map[string]Reason{
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
	})
}

// TestClassifyLabelRules covers the label rules of testdata/README.md that
// decide the contradictions the earlier rounds found: a session closed for
// the client's errors, a message refused with no reason, dynamic or
// residential address space, "too much mail data". Written from MTA and
// provider wording, not taken from the corpus; each case fails when its
// rule is removed.
func TestClassifyLabelRules(t *testing.T) {
	checkReasons(t, map[string]Reason{
		// The server counted the client's bad commands, not its mail.
		"421 4.7.0 mx.example.net Error: too many errors, closing connection": PolicyRejected,
		"421 Too many bad commands; closing":                                  PolicyRejected,
		"421 4.5.0 too many unrecognized commands, goodbye":                   PolicyRejected,
		// A count of connections or messages stays a throttle.
		"421 4.7.0 Too many connections from 192.0.2.9": RateLimited,
		// The message refused as a whole, nothing else said.
		"554 5.7.1 Message rejected":         SpamContent,
		"550 Message rejected":               SpamContent,
		"554 Message blocked":                SpamContent,
		"550 5.7.1 Message rejected: policy": PolicyRejected, // a reason given decides
		// Dynamic or residential space: a block of the address class; a PTR
		// matter when the reverse DNS name is what classed it.
		"550 5.7.1 Mail from residential IP addresses is not accepted":                                   Blocklisted,
		"554 Rejected: dial-up address space":                                                            Blocklisted,
		"550 Your IP looks dynamic: its reverse DNS name is generic; ask your ISP for a static PTR name": PTRMissing,
		// The data exceeded a size limit.
		"552 5.3.4 Error: too much mail data": MessageTooLarge,
	})
}

// TestClassifyRound10Meanings covers the meanings written in this round
// from the seen parts' misses: more of the client's errors counted, HELO
// and EHLO names refused, the domain "in MAIL FROM", spam said as a
// possibility, a message refused in other word orders. Written from MTA
// wording, not taken from the corpus; each case fails when its rule is
// removed.
func TestClassifyRound10Meanings(t *testing.T) {
	checkReasons(t, map[string]Reason{
		"421 4.7.0 Too many failures, closing":                 PolicyRejected,
		"421 Too many invalid commands from your host":         PolicyRejected,
		"554 5.3.0 too many related errors on this connection": PolicyRejected,
		"550 5.7.0 EHLO hostname does not resolve":             PolicyRejected,
		"550 5.7.0 IP in HELO is not your address":             PolicyRejected,
		"501 5.7.27 Domain in MAIL FROM has no mail exchanger": SenderRejected,
		"550 5.7.1 Rejected as possible spam":                  SpamContent,
		"554 The remote server rejected the message":           SpamContent,
		"451 4.3.0 The server rejected the message, try later": Unknown,
	})
}

// TestClassifyRound11Meanings covers the meanings the seen parts' misses
// showed in the session-8 round (rules.go, bounce11), with texts written
// from MTA and provider wording, not taken from the corpus.
func TestClassifyRound11Meanings(t *testing.T) {
	checkReasons(t, map[string]Reason{
		"554 5.6.0 Spam body rejected by the gateway":                                  SpamContent,
		"550 5.7.0 Rejected: message size (spam filter limit)":                         MessageTooLarge,
		"550 5.7.1 Sending domain example.com is not verified for this account":        SenderRejected,
		"550 5.7.1 Data rejected: only 20 emails per day are allowed":                  RateLimited,
		"452 4.7.1 Your relay quota is used up for today":                              RateLimited,
		"550 5.1.1 <bob@example.org>: Recipient address rejected: inactive":            MailboxDisabled,
		"535 5.7.8 Error: invalid username or password for this user":                  RelayDenied,
		"554 5.4.7 delivery timed out (last error: no MX or A for domain example.org)": DomainUnknown,
		"550 Mailbox server not available: time in queue exceeds the limit":            NetworkError,
		"550 5.1.1 Address could not be resolved: the user no longer exists":           RecipientUnknown,
		"550 The recipient does not want your mail":                                    SenderRejected,
		"554 5.7.1 Blacklisted file extension .scr":                                    PolicyRejected,
		"Status: other or undefined network or routing status (mx.example.org)":        NetworkError,
		"UNABLE TO ROUTE": DomainUnknown,
		"535 Authentication cancelled by the client":                                    PolicyRejected,
		"552 Too many header lines":                                                     PolicyRejected,
		"550 5.7.1 Domain of forward-path is not ours":                                  RelayDenied,
		"553 5.5.2 Syntax error in the recipient address <bob@@example.org>":            RecipientUnknown,
		"553 5.5.4 Syntax error in sender address":                                      SenderRejected,
		"550 The domain of the sender a@example.com does not exist":                     SenderRejected,
		"554 5.7.1 Recipient address rejected: message count quota exceeded for sender": RateLimited,
		"421 Too many unauthenticated commands, closing":                                PolicyRejected,
		"453 4.3.2 System not accepting network messages (maintenance)":                 Unknown,
		"451 Local delivery failed: temporary file write error":                         Unknown,
		"501 5.5.2 Domain name required for the sender":                                 SenderRejected,
		"550 Sending address not accepted here":                                         SenderRejected,
		"451 Temporary problem running virus scanner":                                   Unknown,
		"554 Harmful email refused":                                                     SpamContent,
		"452 Message limit exceeded for this hour":                                      RateLimited,
		"550 Client hostname seems to be forged":                                        PTRMissing,
		"421 Server under maintenance, come back soon":                                  Unknown,
		"421 4.2.1 Connection deferred - OXSEU0001_130":                                 RateLimited,
		"550 5.7.1 Connection refused - OXSUS0001_108":                                  PTRMissing,
		"550 5.7.1 Connection refused ELNK_111":                                         Blocklisted,
		"421 4.7.0 Too many bad command, bye":                                           PolicyRejected,
		"421 Indirizzo IP bloccato temporaneamente":                                     RateLimited,
	})
}

// checkReasons fails for each text that Classify does not give its reason.
func checkReasons(t *testing.T, want map[string]Reason) {
	t.Helper()
	for text, reason := range want {
		if got := Classify(text).Reason; got != reason {
			t.Errorf("Classify(%q) = %s, want %s", text, got, reason)
		}
	}
}
