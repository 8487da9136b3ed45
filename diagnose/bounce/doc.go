// Package bounce classifies SMTP and Exim diagnostic texts: it reads why a
// message was refused or deferred and names the root cause as a [Reason].
//
//	c := bounce.Classify(`SMTP error from remote mail server after RCPT TO:<bob@example.net>: host mx.example.net [192.0.2.7]: 550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown`)
//	// c.Reason == bounce.RecipientUnknown, c.Code == 550, c.Status == "5.1.1", c.Temporary == false
//	d := bounce.Describe(c.Reason)
//	// d.Title, d.Explanation, d.Remedy (message ids for a catalog), d.Actor
//
// [Classify] takes the text as it really arrives: a remote server's reply,
// multi-line replies joined into one line ("550-5.7.26 ... 550 5.7.26 ...",
// also with Exim's literal "\n"), Exim log messages as cPanel's Track
// Delivery stores them (split at the first colon, so they may start with
// leftovers of a TLS cipher or an IPv6 address), Postfix "said: ..." and
// Sendmail transcripts, DSN Diagnostic-Code values ("smtp; 550 ..."), and
// the local texts of cPanel's Exim configuration ("No Such User Here",
// "JunkMail rejected", "has exceeded the max emails per hour", ...).
//
// [Advise] then reads whose wording the text is ([Provider]: gmail,
// microsoft, yahoo, ..., cpanel for cPanel's own Exim texts) and what that
// provider's playbook says: the reason when its code says more, whether
// waiting is enough (Retryable, not the same as 4xx/5xx), the provider's
// page for the code, and its guidance in both languages
// ([Advice.Describe]). The playbooks are a table ([Playbooks]).
//
// Wording decides first, then the enhanced status code, then the basic reply
// code; a text that matches nothing is [Unknown], never a guess. The
// package does no I/O, keeps no state and is safe for concurrent use.
package bounce
