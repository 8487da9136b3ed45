package bounce

import "testing"

func TestClassifyCodeAndStatus(t *testing.T) {
	cases := []struct {
		name   string
		text   string
		code   int
		status string
	}{
		{"plain", "550 5.1.1 <a@example.com>: User unknown", 550, "5.1.1"},
		{"multi-line", "550-5.7.26 This message does not\n550-5.7.26 have authentication\n550 5.7.26 information", 550, "5.7.26"},
		{"exim literal joins", `452-4.2.2 The recipient's inbox is out of storage space.\n452 4.2.2 Please direct`, 452, "4.2.2"},
		{"dsn", "smtp; 552 5.2.2 Quota exceeded", 552, "5.2.2"},
		{"dsn no space", "smtp;550 5.4.316 Message expired, connection refused", 550, "5.4.316"},
		{"postfix said", "<a@example.org>: host mx.example.org[198.51.100.4] said: 450 4.7.1 <a@example.org>: Recipient address rejected: Greylisted (in reply to RCPT TO command)", 450, "4.7.1"},
		{"exim prefix with ip", "SMTP error from remote mail server after RCPT TO:<a@example.net>: host mx.example.net [203.0.113.250]: 550 Unrouteable address", 550, ""},
		{"ip containing a status", "550 5.1.1 host mx.example.com[192.5.7.8] said: 550 5.1.1 <a@example.com>: User unknown", 550, "5.1.1"},
		{"ip quad only", "451 4.7.0 Error: too many errors from 10.5.3.2", 451, "4.7.0"},
		{"ip that starts with 5", "connect to mx.example.net[5.4.2.1]:25: Connection refused", 0, ""},
		{"port after ip", "JunkMail rejected - (mx) [192.0.2.44]:50324 is in an RBL", 0, ""},
		{"submission port", "Error: connect ECONNREFUSED 10.0.0.5:587", 0, ""},
		{"tls cipher cut", "TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<a@example.org>: 550 5.1.1 No such user", 550, "5.1.1"},
		{"tls cipher cut, no status", "TLS_AES_256_GCM_SHA384:256 CV=yes: SMTP error from remote mail server after RCPT TO:<a@example.org>: 550 No Such User Here", 550, ""},
		{"ipv6 cut", "f8b0:4004:c1b::1a]:25 X=TLS1.3:TLS_AES_256_GCM_SHA384:256 CV=yes: Remote host closed connection", 0, ""},
		{"numeric local part", "Message failed: 550 5.1.1 <552@qq.example>: Recipient address rejected: User unknown", 550, "5.1.1"},
		{"quantity after code", "550 5.1.1 User unknown; original message size: 535 KB accepted", 550, "5.1.1"},
		{"delay is not a code", "Greylisted, try again in 500 seconds", 0, ""},
		{"three-digit detail", "451 4.7.500 Server busy, try again later", 451, "4.7.500"},
		{"version numbers", "Exim 4.96.1 on host mail.example.com: 550 rejected", 550, ""},
		{"qmail status only", "<a@example.net>: Sorry, no mailbox here by that name. (#5.1.1)", 0, "5.1.1"},
		{"zoho error code", "a@example.jp Invalid Address, ERROR_CODE :550, ERROR_CODE :5.2.2 <a@example.jp>... Mailbox Full", 550, "5.2.2"},
		{"quoted earlier deferral", `Previous attempt: 451 4.3.0 busy\n550 5.1.1 <a@example.com>: User unknown`, 550, "5.1.1"},
		{"callout history", "550-Verification failed for <a@example.com>\n550-Response: 450 4.1.1 Recipient address rejected\n550 5.1.1 Recipient verify failed", 550, "5.1.1"},
		{"permanent code, temporary status", "554 4.4.7 Message expired: unable to deliver in 840 minutes.<421 4.4.2 Connection timed out>", 554, "4.4.7"},
		{"log timestamp", "2024-04-02 10:11:12 1rrS4x-0007aB-Cd ** a@example.net R=dnslookup: all relevant MX records point to non-existent hosts", 0, ""},
		{"microsoft stamp", "550 5.7.1 Service unavailable [AM2PEPF0001C711.eurprd05.prod.outlook.com 2024-03-05T10:22:31.512Z 08DC3C1E2E6F1E8D]", 550, "5.7.1"},
		{"sendmail transcript", "... while talking to mx.example.org.: >>> DATA <<< 550 5.1.1 <a@example.org>... User unknown <<< 503 5.0.0 Need RCPT (recipient)", 550, "5.1.1"},
		{"none", "Connection timed out", 0, ""},
	}
	for _, c := range cases {
		got := Classify(c.text)
		if got.Code != c.code || got.Status != c.status {
			t.Errorf("%s: Code, Status = %d, %q; want %d, %q\n\t%s", c.name, got.Code, got.Status, c.code, c.status, c.text)
		}
	}
}

func TestClassifyTemporary(t *testing.T) {
	cases := []struct {
		text string
		want bool
	}{
		{"450 4.2.1 The user you are trying to contact is receiving mail too quickly", true},
		{"550 5.1.1 User unknown", false},
		{"421 4.7.1 [TS03] All messages from 192.0.2.1 will be permanently deferred", true}, // the code says 4xx
		{"552 sorry, mailbox is over quota temporarily (#5.1.1)", false},                    // the code says 5xx
		{"554 4.4.7 Message expired", false},                                                // code first, then status
		{"(#4.4.1) Sorry, I wasn't able to establish an SMTP connection.", true},            // status only
		{"Deferred due to greylisting. Host: '192.0.2.1'", true},                            // wording only
		{"Could not complete sender verify", true},
		{"retry time not reached for any host for 'example.com'", true},
		{"all hosts for 'example.com' have been failing for a long time (and retry time not reached)", false},
		{"mailbox is full: retry timeout exceeded", false},
		{"Domain example.com has exceeded the max emails per hour (1/1 (100%)) allowed.  Message will be reattempted later", true},
		{"Domain example.com has exceeded the max emails per hour (1/1 (100%)) allowed.  Message discarded.", false},
		{"550 error", false},
		{"Connection timed out", false},
	}
	for _, c := range cases {
		if got := Classify(c.text).Temporary; got != c.want {
			t.Errorf("Temporary = %v, want %v\n\t%s", got, c.want, c.text)
		}
	}
}

func TestClassifyBlocklist(t *testing.T) {
	cases := []struct{ text, want string }{
		{"JunkMail rejected - (mx.example.net) [192.0.2.44]:50324 is in an RBL on zen.spamhaus.org, see https://www.spamhaus.org/query/ip/192.0.2.44", "zen.spamhaus.org"},
		{"JunkMail rejected - mx [192.0.2.9] is in an RBL: Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.9", "SpamCop"},
		{"554 5.7.1 Service unavailable; Client host [192.0.2.15] blocked using ZEN.SPAMHAUS.ORG; https://www.spamhaus.org/query/ip/192.0.2.15", "zen.spamhaus.org"},
		{"550 5.7.1 Service unavailable, Client host [192.0.2.15] blocked using Spamhaus. To request removal from this list see https://www.spamhaus.org/query/ip/192.0.2.15", "Spamhaus"},
		{"554 Service unavailable; Client host [192.0.2.15] blocked using Barracuda Reputation; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.15", "Barracuda"},
		{"550 5.7.1 Rejected: 192.0.2.15 listed at b.barracudacentral.org", "b.barracudacentral.org"},
		{"554 5.7.1 Rejected because 192.0.2.15 is in a black list at dnsbl.sorbs.net", "dnsbl.sorbs.net"},
		{"550 5.7.1 Service unavailable; client [192.0.2.15] blocked using dnsbl-1.uceprotect.net; IP 192.0.2.15 is UCEPROTECT-Level1 listed.", "dnsbl-1.uceprotect.net"},
		{"550 5.7.1 Message rejected because your IP address 192.0.2.15 is listed in UCEPROTECT", "UCEPROTECT"},
		{"554 5.7.1 Service unavailable; Client host [192.0.2.15] blocked using psbl.surriel.com", "psbl.surriel.com"},
		{"554 5.7.1 Client host [192.0.2.15] blocked using mail.example.org; see http://mail.example.org/rbl", "mail.example.org"},
		{"554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.15", "Proofpoint"},
		{"550 mwinf ME Client host blocked for spamming issues. Ref http://csi.cloudmark.com/reset-request/?ip=192.0.2.9", "Cloudmark"},
		{"550 5.7.1 ... part of their network is on our block list (S3150).", "Microsoft S3150"},
		{"550 5.7.606 Access denied, banned sending IP [192.0.2.15]. To request removal from this list please visit https://sender.office.com/", "Microsoft"},
		{"553 5.7.1 [BL21] Connections will not be accepted from 192.0.2.25, because the ip is in Spamhaus's list", "Spamhaus"},
		{"554 5.7.1 Service unavailable; client [192.0.2.15] blocked using Trend Micro RBL+.", "Trend Micro"},
		{"554 Your access to this mail system has been rejected due to the sending MTA's poor reputation.", ""},
		// Not a blocklist reason: no list name even though "blacklisted" appears.
		{"The mail server could not deliver mail to a@example.com.  The account or domain may not exist, they may be blacklisted, or missing the proper dns entries.", ""},
	}
	for _, c := range cases {
		got := Classify(c.text)
		if got.Blocklist != c.want {
			t.Errorf("Blocklist = %q (reason %s), want %q\n\t%s", got.Blocklist, got.Reason, c.want, c.text)
		}
		if c.want != "" && got.Reason != Blocklisted {
			t.Errorf("Reason = %s, want blocklisted\n\t%s", got.Reason, c.text)
		}
	}
}

func TestClassifyRetryHint(t *testing.T) {
	cases := []struct{ text, want string }{
		{"451 4.7.1 Greylisted, please try again in 5 minutes", "5 minutes"},
		{"450 4.7.1 <a@example.com>: Recipient address rejected: Greylisted, try again in 500 seconds", "500 seconds"},
		{"450 4.7.1 Greylisted for 300 seconds (see http://postgrey.example/help)", "300 seconds"},
		{"451 4.7.1 Greylisting in action, please come back in 00:05:00", "00:05:00"},
		{"Number of failed recipients exceeded.  Come back in a few hours.", "a few hours"},
		{"421 4.7.0 Try again in an hour", "an hour"},
		{"421 Too busy, please retry after 15 min", "15 min"},
		{"451 Please try again later", ""},
		{"Greylisted, try again in a moment", ""},
		{"550 5.1.1 User unknown", ""},
	}
	for _, c := range cases {
		if got := Classify(c.text).RetryHint; got != c.want {
			t.Errorf("RetryHint = %q, want %q\n\t%s", got, c.want, c.text)
		}
	}
}

// TestClassifyDecisionOrder checks that wording beats the status code, that
// the status code beats the basic code, and that unrecognised text is
// Unknown with its codes still filled in.
func TestClassifyDecisionOrder(t *testing.T) {
	cases := []struct {
		name string
		text string
		want Reason
	}{
		{"wording over 5.1.1: blocklist", "550 5.1.1 <a@example.com>: Recipient address rejected: Client host [192.0.2.1] blocked using zen.spamhaus.org", Blocklisted},
		{"wording over 5.1.1: hourly limit", "550 5.1.1 <a@example.com> - 192.0.2.1 has sent to too many recipients this hour. IB607", RateLimited},
		{"wording over 5.1.1: quota", "552 sorry, mailbox a@example.org is over quota temporarily (#5.1.1)", MailboxFull},
		{"wording over 5.2.1: receiving rate", "550 5.2.1 The user you are trying to contact is receiving mail at a rate that prevents additional messages from being delivered.", RateLimited},
		{"sender verify quoting a missing user", "550-Verification failed for <a@example.com>\n550-Response: 550 No Such User Here\n550 Sender verify failed", SenderRejected},
		{"missing domain after MAIL FROM", "SMTP error from remote mail server after MAIL FROM:<a@shop.example>: 550 5.1.7 No such domain shop.example", SenderRejected},
		{"disabled sender account", "550 5.7.1 <noreply@shop.example>: Sender address rejected: This account has been disabled", SenderRejected},
		{"status only: 5.1.1", "550 5.1.1 <a@example.com>", RecipientUnknown},
		{"status only: 5.2.2", "552 5.2.2", MailboxFull},
		{"status only: 5.3.4", "552 5.3.4", MessageTooLarge},
		{"status only: 5.7.1 is generic policy", "550 5.7.1 Rejected", PolicyRejected},
		{"5.4.1 access denied is Microsoft's unknown user", "550 5.4.1 Recipient address rejected: Access denied", RecipientUnknown},
		{"5.7.1 access denied is policy", "550 5.7.1 <a@example.com>: Recipient address rejected: Access denied", PolicyRejected},
		{"weak wording yields to the status", "550 5.2.1 Mailbox unavailable", MailboxDisabled},
		{"basic code only", "535 Authentication Credentials Invalid", RelayDenied},
		{"connection-time refusal", "SMTP error from remote mail server after initial connection: 554 5.7.1 Access denied", Blocklisted},
		{"temporary reputation is a throttle", "421-4.7.0 Our system has detected an unusual rate of unsolicited mail\n421 4.7.0 originating from your IP address", RateLimited},
		{"permanent reputation is a block", "550 5.7.1 Our system has detected an unusual rate of unsolicited mail originating from your IP address.", Blocklisted},
		{"bare 550", "550 error", Unknown},
		{"bare 421", "421 Service not available", Unknown},
		{"empty", "", Unknown},
		{"mail loop is not a policy", "554 5.4.6 Too many hops 26 (25 max)", Unknown},
		{"server-wide storage is not a full mailbox", "452 4.3.1 Insufficient system storage", Unknown},
		// SMTP protocol errors are the client speaking SMTP wrongly.
		{"5.5.1 bad sequence", "503 5.5.1 Error: need MAIL command", PolicyRejected},
		{"5.5.2 syntax", "501 5.5.2 Syntax: HELO hostname", PolicyRejected},
		{"5.5.4 parameters", "555 5.5.4 Unsupported option: FOO", PolicyRejected},
		{"bare 502", "502 Command not recognised", PolicyRejected},
		{"bare 503", "503 Bad sequence", PolicyRejected},
		{"5.5.0 keeps the wording's reason", "550 5.5.0 Requested action not taken: mailbox unavailable", RecipientUnknown},
		// A temporary refusal asking only to come back.
		{"421 asking to come back", "421 4.7.0 Try again later, closing connection.", RateLimited},
		{"452 asking to come back", "452 requested action aborted: try again later", RateLimited},
		{"421 service not available stays unknown", "421 mx.example.com: SMTP service not available, please try later", Unknown},
		// A 450/451 that says only "please try again later" is how
		// greylisters word it (the label rule of the session-13 audit);
		// one that names the server's own failure stays unknown.
		{"451 asking only to try again later", "451 4.7.1 Please try again later", Greylisted},
		{"451 a server failure, then try again", "451 4.3.0 Temporary system failure. Please try again later.", Unknown},
		// A quota said of the sender is a sending quota.
		{"sender's quota", "554 5.7.1 <a@example.com>: Sender address rejected: Quota exceeded", RateLimited},
		{"recipient's quota", "554 5.7.1 <a@example.com>: Recipient address rejected: Quota exceeded", MailboxFull},
		// Content filters that speak of policy, relaying as a destination.
		{"content policy is content", "550 5.7.1 Message content rejected by policy", SpamContent},
		{"policy alone is policy", "550 5.7.1 Rejected by policy", PolicyRejected},
		{"unauthorized destination", "554 5.7.1 Unauthorized destination, login required", RelayDenied},
		{"reverse-path callback", "550 5.1.7 Reverse-path callback verification failed", SenderRejected},
		{"Exchange quota exception", "554 5.2.0 STOREDRV.Deliver.Exception:QuotaExceededException.MapiExceptionShutoffQuotaExceeded", MailboxFull},
		{"excessive recipients", "451 Excessive unknown recipients - possible Open Relay", RateLimited},
	}
	for _, c := range cases {
		if got := Classify(c.text); got.Reason != c.want {
			t.Errorf("%s: Reason = %s, want %s\n\t%s", c.name, got.Reason, c.want, c.text)
		}
	}
	got := Classify("550 error")
	if got.Code != 550 || got.Temporary {
		t.Errorf(`Classify("550 error") = %+v, want code 550, permanent`, got)
	}
	got = Classify("451 4.3.0 Mail server temporarily rejected message.")
	if got.Reason != Unknown || got.Code != 451 || got.Status != "4.3.0" || !got.Temporary {
		t.Errorf("unknown temporary reply = %+v, want unknown 451 4.3.0 temporary", got)
	}
}

// TestClassifyLongText checks texts longer than the stack buffer.
func TestClassifyLongText(t *testing.T) {
	pad := make([]byte, 3*stackText)
	for i := range pad {
		pad[i] = 'x'
		if i%7 == 6 {
			pad[i] = ' '
		}
	}
	text := "550 5.1.1 " + string(pad) + " user unknown"
	if got := Classify(text); got.Reason != RecipientUnknown || got.Code != 550 {
		t.Errorf("long text: %+v", got)
	}
}

func TestNormalize(t *testing.T) {
	cases := []struct{ in, want string }{
		{"550-5.7.26 This message\n550-5.7.26 does not  have\n550 5.7.26 authentication", "this message does not have authentication"},
		{`452-4.2.2 The inbox\n452 4.2.2 is full`, "the inbox is full"},
		{"<<< 552-5.7.0 potential <<< 552-5.7.0 security issue", "potential security issue"},
		{"552 sorry, mailbox", "552 sorry, mailbox"},
		{"This user doesn’t have an account", "this user doesn't have an account"},
		{"  Tabs\tand\r\nspaces  ", "tabs and spaces"},
	}
	for _, c := range cases {
		if got := string(normalize(nil, c.in)); got != c.want {
			t.Errorf("normalize(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
