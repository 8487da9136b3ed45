package bounce

import (
	"strings"
	"testing"

	"github.com/cpmail/cpmail/diagnose/msg"
	"github.com/cpmail/cpmail/internal/i18n"
)

// playbookCase is one provider text and what its playbook must say.
type playbookCase struct {
	entry     string // playbook id expected; "" for none
	text      string
	provider  Provider
	reason    Reason
	retryable bool
	docs      string
}

// playbookCases covers every playbook entry with a text worded as the
// provider words it (from the providers' documentation and real bounces).
func playbookCases() []playbookCase {
	return []playbookCase{
		{"cpanel-max-emails-per-hour", `Domain example.com has exceeded the max emails per hour (100/100 (100%)) allowed.  Message discarded.`, CPanel, SendLimit, true, ""},
		{"cpanel-max-defers-failures", `Domain example.com has exceeded the max defers and failures per hour (5/5 (100%)) allowed.  Message discarded.`, CPanel, SendLimit, true, ""},
		{"cpanel-junkmail-rejected", `rejected RCPT <bob@example.com>: JunkMail rejected - mail.example.net [192.0.2.9]:25 is in an RBL: https://www.spamhaus.org/query/ip/192.0.2.9`, CPanel, Blocklisted, false, ""},
		{"cpanel-outgoing-suspended", `Outgoing mail from "alice" has been suspended.`, CPanel, OutgoingBlocked, false, ""},
		{"cpanel-outgoing-email-suspended", `Outgoing email from the domain example.com has been suspended.`, CPanel, OutgoingBlocked, false, ""},
		{"cpanel-sender-verify", "550-Verification failed for <noreply@example.com>\n550-Called:   198.51.100.4\n550-Sent:     RCPT TO:<noreply@example.com>\n550-Response: 550 No Such User Here\n550 Sender verify failed", CPanel, SenderRejected, false, ""},
		{"cpanel-no-such-user", `550 No Such User Here`, CPanel, RecipientUnknown, false, ""},
		{"cpanel-rbl", `H=(mail.example.net) [192.0.2.9] is in an RBL on zen.spamhaus.org`, CPanel, Blocklisted, false, ""},

		{"gmail-5.7.26", "550-5.7.26 Unauthenticated email from example.org is not accepted due to\n550-5.7.26 domain's DMARC policy. Please contact the administrator of\n550 5.7.26 example.org domain if this was a legitimate mail. z2si1584129pfn.61 - gsmtp", Gmail, AuthFailure, false, docGmailSenders},
		{"gmail-5.7.25", `550-5.7.25 [192.0.2.10] The IP address sending this message does not have a PTR record setup, or the corresponding forward DNS entry does not point to the sending IP. As a policy, Gmail does not accept messages from IPs with missing PTR records. - gsmtp`, Gmail, PTRMissing, false, docGmailSenders},
		{"gmail-4.7.28", `421-4.7.28 Gmail has detected an unusual rate of unsolicited mail originating from your IP address. To protect our users from spam, mail sent from your IP address has been temporarily rate limited. - gsmtp`, Gmail, RateLimited, true, docGmailErrors},
		{"gmail-4.7.0-unsolicited", `421-4.7.0 [192.0.2.10 15] Our system has detected an unusual rate of unsolicited mail originating from your IP address. - gsmtp`, Gmail, RateLimited, true, docGmailErrors},
		{"gmail-5.2.1-rate", "550-5.2.1 The user you are trying to contact is receiving mail at a rate that\n550-5.2.1 prevents additional messages from being delivered. For more\n550 5.2.1 https://support.google.com/mail/?p=ReceivingRatePerm p41si4843565qte.548 - gsmtp", Gmail, RateLimited, true, docGmailErrors},
		{"gmail-5.2.1-rate-email", `550 5.2.1 The user you are trying to contact is receiving email at a rate that prevents additional messages from being delivered. - gsmtp`, Gmail, RateLimited, true, docGmailErrors},
		{"gmail-4.2.1-rate", `450-4.2.1 The user you are trying to contact is receiving mail too quickly. Please resend your message at a later time. - gsmtp`, Gmail, RateLimited, true, docGmailErrors},
		{"gmail-5.2.1-disabled", `550-5.2.1 The email account that you tried to reach is disabled. - gsmtp`, Gmail, MailboxDisabled, false, docGmailErrors},
		{"gmail-4.2.2", `452-4.2.2 The recipient's inbox is out of storage space. Please direct the recipient to https://support.google.com/mail/?p=OverQuotaTemp - gsmtp`, Gmail, MailboxFull, false, docGmailErrors},
		{"gmail-5.2.2", `552-5.2.2 The recipient's inbox is out of storage space and inactive. - gsmtp`, Gmail, MailboxFull, false, docGmailErrors},
		{"gmail-5.7.1-unsolicited", `550-5.7.1 [192.0.2.10] Our system has detected that this message is likely unsolicited mail. To reduce the amount of spam sent to Gmail, this message has been blocked. - gsmtp`, Gmail, SpamContent, false, docGmailSenders},
		{"gmail-5.7.1-not-authorized-ip", `550-5.7.1 [192.0.2.10] The IP you're using to send mail is not authorized to send email directly to our servers. Please use the SMTP relay at your service provider instead. - gsmtp`, Gmail, Blocklisted, false, docGmailErrors},
		{"gmail-5.7.1-gcdp", `550 5.7.1 This message violates example.com email policy. - gcdp <sessionid> - gsmtp`, Gmail, PolicyRejected, false, docGmailErrors},
		{"gmail-5.7.1", `550-5.7.1 [192.0.2.10] Messages missing a valid address in From: header, or having no From: header, are not accepted. - gsmtp`, Gmail, PolicyRejected, false, docGmailErrors},
		{"gmail", `550-5.1.1 The email account that you tried to reach does not exist. Please try double-checking the recipient's email address for typos. - gsmtp`, Gmail, RecipientUnknown, false, docGmailErrors},

		{"microsoft-5.7.515", `550 5.7.515 Access denied, sending domain example.com does not meet the required authentication level.`, Microsoft, AuthFailure, false, docMicrosoft515},
		{"microsoft-5.7.509", `550 5.7.509 Access denied, sending domain example.com does not pass DMARC verification and has a DMARC policy of reject.`, Microsoft, AuthFailure, false, docMicrosoftNDR},
		{"microsoft-s3150", `550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3150). You can also refer your provider to http://mail.live.com/mail/troubleshooting.aspx#errors. [BN8NAM12FT066.eop-nam12.prod.protection.outlook.com]`, Microsoft, Blocklisted, false, ""},
		{"microsoft-s3140", `550 5.7.1 Unfortunately, messages from [192.0.2.149] weren't sent. Please contact your Internet service provider since part of their network is on our block list (S3140).`, Microsoft, Blocklisted, false, ""},
		{"microsoft-as3140", `550 5.7.1 Unfortunately, messages from [192.0.2.149] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3140).`, Microsoft, Blocklisted, false, ""},
		{"microsoft-as3150", `550 5.7.1 Unfortunately, messages from [192.0.2.44] weren't sent. Please contact your Internet service provider since part of their network is on our block list (AS3150).`, Microsoft, Blocklisted, false, ""},
		{"microsoft-5.7.606", `550 5.7.606 Access denied, banned sending IP [192.0.2.45]. To request removal from this list please visit https://sender.office.com/ and follow the directions. For more information please go to http://go.microsoft.com/fwlink/?LinkID=526655 AS(1430)`, Microsoft, Blocklisted, false, docMicrosoftDelist},
		{"microsoft-5.7.708", `550 5.7.708 Service unavailable. Access denied, traffic not accepted from this IP. For more information please go to http://go.microsoft.com/fwlink/?LinkId=526653 AS(2)`, Microsoft, Blocklisted, false, docMicrosoft7xx},
		{"microsoft-5.7.708-text", `550 5.7.1 Access denied, traffic not accepted from this IP.`, Microsoft, Blocklisted, false, docMicrosoft7xx},
		{"microsoft-4.7.650", `451 4.7.650 The mail server [192.0.2.8] has been temporarily rate limited due to IP reputation. For e-mail delivery information, see https://postmaster.live.com (S775)`, Microsoft, RateLimited, true, docMicrosoft4xx},
		{"microsoft-4.7.500", `451 4.7.500 Server busy. Please try again later from [192.0.2.8]. (S77719) [Name=Protocol Filter Agent]`, Microsoft, RateLimited, true, docMicrosoft4xx},
		{"microsoft-5.4.1", `550 5.4.1 Recipient address rejected: Access denied. AS(201806281) [DB5EUR03FT055.eop-EUR03.prod.protection.outlook.com]`, Microsoft, RecipientUnknown, false, docMicrosoftNDR},
		{"microsoft-5.1.10", `550 5.1.10 RESOLVER.ADR.RecipientNotFound; Recipient bob@example.com not found by SMTP address lookup`, Microsoft, RecipientUnknown, false, docMicrosoft5110},
		{"microsoft-5.2.121", `550 5.2.121 Recipient's per hour message receive limit from specific sender exceeded.`, Microsoft, RateLimited, true, docMicrosoftNDR},
		{"microsoft-5.2.122", `550 5.2.122 The recipient has exceeded their limit for the number of messages they can receive per hour.`, Microsoft, RateLimited, true, docMicrosoftNDR},
		{"microsoft", `550 5.1.1 <bob@example.com>: Recipient address rejected: User unknown [DB5EUR03FT055.eop-EUR03.prod.protection.outlook.com]`, Microsoft, RecipientUnknown, false, docMicrosoftNDR},
		{"spamhaus-open-resolver", `554 5.7.1 Service unavailable; Client host [192.0.2.61] blocked using zen.spamhaus.org; Error: open resolver; https://check.spamhaus.org/returnc/pub/198.51.100.30/`, Spamhaus, Unknown, true, docSpamhausResolver},
		{"spamhaus", `550 5.7.1 Service unavailable, Client host [192.0.2.8] blocked using Spamhaus. [AM5EUR02FT027.eop-EUR02.prod.protection.outlook.com]`, Spamhaus, Blocklisted, false, docSpamhausChecker},

		{"yahoo-tss04", `421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes`, Yahoo, RateLimited, true, docYahooErrors},
		{"yahoo-tss09", `421 4.7.0 [TSS09] All messages from 192.0.2.1 will be permanently deferred; Retrying will NOT succeed. See https://postmaster.yahooinc.com/error-codes`, Yahoo, Blocklisted, false, docYahooErrors},
		{"yahoo-ts03", `421 4.7.1 [TS03] All messages from 192.0.2.1 permanently deferred; Retrying will NOT succeed. See https://help.yahoo.com/kb/postmaster/SLN3436.html`, Yahoo, Blocklisted, false, docYahooErrors},
		{"yahoo-ph01", `554 5.7.9 [PH01] Email not accepted for policy reasons. Please visit https://postmaster.yahooinc.com/error-codes`, Yahoo, SpamContent, false, docYahooErrors},
		{"yahoo-bl21", `553 5.7.2 [BL21] Connections will not be accepted from 192.0.2.1, because the ip is in Spamhaus's list; see https://postmaster.yahooinc.com/error-codes`, Yahoo, Blocklisted, false, docSpamhausChecker},
		{"yahoo-5.7.9-unauthenticated", `550 5.7.9 This mail has been blocked because the sender is unauthenticated. Yahoo requires all senders to authenticate with either SPF or DKIM.`, Yahoo, AuthFailure, false, docYahooErrors},
		{"yahoo-5.7.9", "554 5.7.9 Message not accepted for policy reasons. See\n    https://postmaster.verizonmedia.com/error-codes", Yahoo, PolicyRejected, false, docYahooErrors},
		{"yahoo", `554 delivery error: dd This user doesn't have a yahoo.com account (bob@yahoo.com) [-5] - mta123.mail.mud.yahoo.com`, Yahoo, RecipientUnknown, false, docYahooErrors},

		{"apple-cs01", `550 5.7.1 [CS01] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137`, Apple, PolicyRejected, false, docApplePostmaster},
		{"apple-cs02", `554 5.7.1 [CS02] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137`, Apple, PolicyRejected, false, docApplePostmaster},
		{"apple-hm07", `554 5.7.1 [HM07] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137`, Apple, PolicyRejected, false, docApplePostmaster},
		{"apple-hm08", `554 5.7.1 [HM08] Message rejected due to local policy. Please visit https://support.apple.com/en-us/HT204137`, Apple, PolicyRejected, false, docApplePostmaster},
		{"apple", `550 5.1.1 <bob@icloud.com>: user does not exist`, Apple, RecipientUnknown, false, docApplePostmaster},

		{"mailchannels-ss", `550 5.7.1 [SS] Message blocked by MailChannels outbound filtering: spam signature`, MailChannels, SpamContent, false, docMailChannelsOut},
		{"mailchannels-rbl", `550 5.7.1 [RBL] Sender blocked 192.0.2.7 (mailchannels.net)`, MailChannels, Blocklisted, false, docMailChannelsOut},
		{"mailchannels-esa", `550 5.7.1 [ESA] Sender blocked. Learn more at mailchannels.com`, MailChannels, OutgoingBlocked, false, docMailChannelsOut},
		{"mailchannels-bfd", `550 5.7.1 [BFD] Sender prohibited by SPF (relay.mailchannels.net)`, MailChannels, AuthFailure, false, docMailChannelsOut},
		{"mailchannels-s09", `450 [S09] Try Again Later`, MailChannels, Greylisted, true, docMailChannelsIn},
		{"mailchannels-s10", `550 [S10] Blocked`, MailChannels, Blocklisted, false, docMailChannelsIn},
		{"mailchannels-ib-feb", `550 5.7.1 [IB_FEB] Your message could not be delivered because it contained an attachment type that is not allowed`, MailChannels, PolicyRejected, false, docMailChannelsIn},
		{"mailchannels", `554 5.7.1 <bob@example.com>: Relay access denied (inbound.mailchannels.net)`, MailChannels, RelayDenied, false, docMailChannelsOut},

		{"spamhaus", `554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using zen.spamhaus.org; https://www.spamhaus.org/query/ip/192.0.2.1`, Spamhaus, Blocklisted, false, docSpamhausChecker},
		{"spamcop", `554 5.7.1 Service unavailable; Client host [192.0.2.1] blocked using bl.spamcop.net; Blocked - see https://www.spamcop.net/bl.shtml?192.0.2.1`, SpamCop, Blocklisted, false, docSpamCopBlocklist},
		{"barracuda", `554 Service unavailable; Client host [192.0.2.1] blocked using b.barracudacentral.org; http://www.barracudanetworks.com/reputation/?pr=1&ip=192.0.2.1`, Barracuda, Blocklisted, false, docBarracudaRemoval},
		{"barracuda-reputation", `550 permanent failure for one or more recipients (bob@example.com:blocked) - rejected by Barracuda Reputation`, Barracuda, Blocklisted, false, docBarracudaRemoval},

		{"proofpoint-ipcheck", `554 5.7.1 Blocked - see https://ipcheck.proofpoint.com/?ip=192.0.2.1`, Proofpoint, Blocklisted, false, docProofpointIP},
		{"proofpoint", `550 5.1.1 User Unknown (mx0b-00123456.pphosted.com)`, Proofpoint, RecipientUnknown, false, ""},
		{"mimecast", `550 Invalid Recipient - https://community.mimecast.com/docs/DOC-1369#550 [abc.uk101]`, Mimecast, RecipientUnknown, false, ""},
		{"zoho", `552 5.2.2 Mailbox size limit exceeded (mx.zoho.com)`, Zoho, MailboxFull, false, ""},
		{"yandex", `552 5.2.2 Mailbox is full 1234-abcd mx.yandex.ru`, Yandex, MailboxFull, false, ""},
		{"mailru", `550 Message was not accepted -- invalid mailbox. Local mailbox bob@mail.ru is unavailable: user not found`, MailRu, RecipientUnknown, false, ""},
		{"gmx", `550 Requested action not taken: mailbox unavailable (mx-ha.web.de)`, GMX, RecipientUnknown, false, ""},
		{"comcast-bl0000", `554 resimta-po-01v.sys.comcast.net comcast 192.0.2.1 found on one or more DNSBLs, see http://postmaster.comcast.net/smtp-error-codes.php#BL000010`, Comcast, Blocklisted, false, docComcastCodes},
		{"comcast-bl000000", `554 imta14.emeryville.ca.mail.comcast.net comcast 192.0.2.1 Comcast block for spam.  Please see http://postmaster.comcast.net/smtp-error-codes.php#BL000000`, Comcast, Blocklisted, false, docComcastCodes},
		{"comcast-rl0000", `421 4.1.0 192.0.2.1 Throttled - try again later. Please see https://postmaster.comcast.net/smtp-error-codes.php#RL000003`, Comcast, RateLimited, true, docComcastCodes},
		{"comcast-es000010", `554 resimta-ch2-01v.sys.comcast.net comcast 192.0.2.1 is in dynamic/residential IP space. Please see http://postmaster.comcast.net/smtp-error-codes.php#ES000010`, Comcast, Blocklisted, false, docComcastCodes},
		{"comcast", `550 5.1.1 <bob@comcast.net> Not our Customer`, Comcast, RecipientUnknown, false, docComcastCodes},

		{"spectrum-aup-1000", `554 impin004.msg.chrl.nc.charter.net cmsmtp 192.0.2.1 blocked. AUP#I-1000 Your IP address has been blocked due to suspicious activity.`, Spectrum, Blocklisted, false, docSpectrumCodes},
		{"spectrum-aup-1100", `554 cmsmtp 192.0.2.1 AUP#I-1100 The IP address you're trying to connect from has an issue with the Domain Name System.`, Spectrum, PTRMissing, false, docSpectrumCodes},
		{"spectrum-aup-1150", `554 cmsmtp 192.0.2.1 AUP#I-1150 Spectrum requires a full circle DNS for emails to be allowed through.`, Spectrum, PTRMissing, false, docSpectrumCodes},
		{"spectrum-aup-1200", `554 cmsmtp 192.0.2.1 AUP#I-1200 The IP address you're trying to send from has been flagged by Cloudmark CSI as potential spam.`, Spectrum, Blocklisted, false, docSpectrumCodes},
		{"spectrum-aup-1220", `554 cmsmtp 192.0.2.1 AUP#I-1220 Your IP address has been blacklisted by Spamhaus.`, Spectrum, Blocklisted, false, docSpamhausChecker},
		{"spectrum-aup-1300", `421 cmsmtp 192.0.2.1 AUP#I-1310 Spectrum limits the number of concurrent connections from a sender. Reduce your number of connections and try again later.`, Spectrum, RateLimited, true, docSpectrumCodes},
		{"spectrum-aup-in-1300", `421 cmsmtp [192.0.2.1] blocked AUP#In-1340`, Spectrum, RateLimited, true, docSpectrumCodes},
		{"spectrum-aup-o-1010", `550 AUP#O-1010 This email account has been blocked from sending emails due to suspicious activity.`, Spectrum, OutgoingBlocked, false, docSpectrumCodes},
		{"spectrum", `550 AUP#O-1530 Your email was rejected because it's larger than the maximum size of 20MB.`, Spectrum, MessageTooLarge, false, docSpectrumCodes},

		{"tencent-frequency-limited", `550 Ip frequency limited. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000722`, Tencent, RateLimited, true, docTencentBounces},
		{"tencent-content-denied", `550 Mail content denied. http://service.mail.qq.com/cgi-bin/help?subtype=1&&id=20022&&no=1000726`, Tencent, SpamContent, false, docTencentBounces},
		{"tencent-bounce-attacks", `550 Suspected bounce attacks [192.0.2.1]. https://service.mail.qq.com/detail/122/57`, Tencent, Blocklisted, false, docTencentBounce57},
		{"tencent", `550 Mailbox not found. http://service.mail.qq.com/detail/122/169`, Tencent, RecipientUnknown, false, docTencentBounces},

		{"symantec-connection-policy", `501 Connection rejected by policy [7.7] 20805, please visit www.messagelabs.com/support for more details about this error message.`, Symantec, Blocklisted, false, docSymantecPolicy},
		{"symantec-badmailfrom", `553 sorry, your envelope sender is in my badmailfrom list. Please visit www.symanteccloud.com/troubleshooting for more details about this error message and instructions to resolve this issue. (#5.7.1)`, Symantec, SenderRejected, false, docSymantecBadmail},
		{"symantec-sender-blocked", `553-Sorry, your email address has been blacklisted`, Symantec, SenderRejected, false, docSymantecBlocked},
		{"symantec-domain-blocked", `553 Sorry, your domain has been blocked`, Symantec, SenderRejected, false, docSymantecBlocked},
		{"symantec-tls-required", `451 TLS/SSLv3 Connection required. (#4.7.1)`, Symantec, NetworkError, false, docSymantecTLS},
		{"symantec", `You are trying to use me [server-7.tower-42.messagelabs.com] as a relay, but I have not been configured to let you [192.0.2.1, ann@example.com] do this.`, Symantec, RelayDenied, false, docSymantecCodes},

		{"vade-oxsus", `550 5.7.1 Connection refused - OXSUS0001_101`, Vade, Blocklisted, false, docVadeUS},
		{"vade-oxsus", `421 4.2.1 Connection deferred - OXSUS0001_102`, Vade, Unknown, true, docVadeUS},
		{"vade-oxsus", `550 5.7.1 Connection refused - OXSUS0001_403`, Vade, RecipientUnknown, false, docVadeUS},
		{"vade-oxseu", `421 4.2.1 Connection refused - OXSEU0001_139`, Vade, RateLimited, true, docVadeEU},
		{"earthlink-elnk", `550 5.7.1 Sender blocked error - ELNK_111`, EarthLink, Blocklisted, false, docEarthLinkInbound},
		{"earthlink-elnk", `421 4.2.1 Connection deferred - ELNK_134`, EarthLink, RateLimited, true, docEarthLinkInbound},
		{"earthlink-elnk", `421 4.2.1 Connection deferred - ELNK_103`, EarthLink, Unknown, true, docEarthLinkInbound},
		{"earthlink", `host mx.earthlink.net[198.51.100.7] said: 550 5.1.1 <ann@earthlink.net> user unknown`, EarthLink, RecipientUnknown, false, docEarthLinkInbound},
		{"forpsi-policy-violation", `550 5.1.0 cNkj1y0022zrrQM01NkjaD policy violation, see https://support.forpsi.com/kb/a4081`, Forpsi, OutgoingBlocked, true, ""},
		{"forpsi-naruszenie-zasad", `550 5.1.0 Naruszenie zasad cNkj1y0022zrrQM01NkjaD, zobacz https://support.forpsi.com/kb/a4071`, Forpsi, OutgoingBlocked, true, ""},
		{"forpsi", `host mx.forpsi.com[198.51.100.9] said: 550 5.1.1 <ann@example.cz>: Recipient address rejected: User unknown`, Forpsi, RecipientUnknown, false, ""},
		{"jetemail-abuse", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after end of data: 550 5.7.1 [ABUSE] Sender blocked: spam or abuse detected. See: https://reports.jetsmtp.net/?id=1ec5d310c951ebd54d84&auth=00000000-0000-0000-0000-000000000000`, JetEmail, OutgoingBlocked, false, docJetEmailAbuse},
		{"jetemail-acl", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after end of data: 550 [ACL] Blocked. See https://reports.jetsmtp.net/?id=000000000000000000&auth=smtpuser`, JetEmail, SenderRejected, false, docJetEmailACL},
		{"jetemail-spam", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after end of data: 550 [SPAM] Blocked. See https://reports.jetsmtp.net/?id=000000000000000000&auth=smtpuser`, JetEmail, SpamContent, false, docJetEmailCodes},
		{"jetemail-cs", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after end of data: 550 [CS] Blocked. See https://reports.jetsmtp.net/?id=000000000000000000&auth=smtpuser`, JetEmail, SpamContent, false, docJetEmailCodes},
		{"jetemail-spf-invalid", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after end of data: 550 [SPF_INVALID] Blocked. See https://reports.jetsmtp.net/?id=000000000000000000&auth=smtpuser`, JetEmail, AuthFailure, false, docJetEmailCodes},
		{"jetemail-ip-not-authorized", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after AUTH: 535 IP not authorized`, JetEmail, RelayDenied, false, docJetEmailIP},
		{"jetemail", `host relay.jetsmtp.net [198.51.100.20] SMTP error from remote mail server after RCPT TO: 535 Authentication failed`, JetEmail, RelayDenied, false, docJetEmailCodes},
		{"att", `553 5.3.0 flpd575 DNSBL:RBL 521< 192.0.2.1 >_is_blocked.For assistance forward this error to abuse_rbl@abuse-att.net`, ATT, Blocklisted, false, ""},

		{"", `550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table`, "", RecipientUnknown, false, ""},
		{"", `451 4.7.1 Greylisted, please try again in 5 minutes`, "", Greylisted, true, ""},
		{"", `421 4.4.2 connection timed out`, "", NetworkError, true, ""},
	}
}

// TestPlaybooks: each provider text gets its provider, reason, retryable
// and docs URL, and every playbook entry is covered by a case.
func TestPlaybooks(t *testing.T) {
	covered := map[string]bool{}
	for _, tc := range playbookCases() {
		c := Classify(tc.text)
		a := Advise(tc.text, c)
		covered[a.Playbook] = true
		if a.Playbook != tc.entry {
			t.Errorf("%.60q: playbook %q, want %q", tc.text, a.Playbook, tc.entry)
		}
		if a.Provider != tc.provider || a.Reason != tc.reason || a.Retryable != tc.retryable || a.DocsURL != tc.docs {
			t.Errorf("%.60q:\n got  provider=%q reason=%s retryable=%v docs=%q\n want provider=%q reason=%s retryable=%v docs=%q",
				tc.text, a.Provider, a.Reason, a.Retryable, a.DocsURL, tc.provider, tc.reason, tc.retryable, tc.docs)
		}
		for _, l := range i18n.Languages() {
			d := inLang(t, a.Describe(), string(l))
			if d.Title == "" || d.Explanation == "" || d.Remedy == "" {
				t.Errorf("%s %s: empty description %+v", tc.entry, l, d)
			}
		}
	}
	for _, e := range Playbooks() {
		if !covered[e.ID] {
			t.Errorf("playbook entry %s has no test case", e.ID)
		}
	}
}

// TestPlaybookTexts: an entry's own guidance exists in both languages, the
// Chinese text is Chinese, and every docs URL is https.
func TestPlaybookTexts(t *testing.T) {
	seen := map[string]bool{}
	for _, e := range Playbooks() {
		if seen[e.ID] {
			t.Errorf("duplicate playbook id %s", e.ID)
		}
		seen[e.ID] = true
		if e.OwnWords {
			d := Description{Explanation: msg.New("playbook." + e.ID + ".explain"), Remedy: msg.New("playbook." + e.ID + ".remedy")}
			inLang(t, d, "en")
			if zh := inLang(t, d, "zh-TW"); !hasHan(zh.Explanation) || !hasHan(zh.Remedy) {
				t.Errorf("%s: zh-TW text has no Chinese: %q", e.ID, zh)
			}
		}
		if e.DocsURL != "" && !strings.HasPrefix(e.DocsURL, "https://") {
			t.Errorf("%s: docs URL %q is not https", e.ID, e.DocsURL)
		}
		if e.Reason != "" && !e.Reason.Valid() {
			t.Errorf("%s: invalid reason %q", e.ID, e.Reason)
		}
	}
	// The provider's own texts replace the reason's in both languages.
	text := "550-5.7.26 Unauthenticated email from example.org is not accepted due to domain's DMARC policy. - gsmtp"
	a := Advise(text, Classify(text))
	en, zh := inLang(t, a.Describe(), "en"), inLang(t, a.Describe(), "zh-TW")
	if !strings.Contains(en.Explanation, "Google requires") || !strings.Contains(zh.Explanation, "Google 要求") {
		t.Errorf("playbook text not used:\n%s\n%s", en.Explanation, zh.Explanation)
	}
	if en.Title != inLang(t, Describe(AuthFailure), "en").Title {
		t.Errorf("title changed: %q", en.Title)
	}
}

// TestAdviseNoAlloc: advising on a text of up to 2 KiB does not allocate.
func TestAdviseNoAlloc(t *testing.T) {
	text := "421 4.7.0 [TSS04] Messages from 192.0.2.1 temporarily deferred due to unexpected volume or user complaints - 4.16.55.1; see https://postmaster.yahooinc.com/error-codes"
	c := Classify(text)
	if n := testing.AllocsPerRun(100, func() { Advise(text, c) }); n != 0 {
		t.Errorf("Advise allocates %.0f times per call", n)
	}
}

// BenchmarkClassifyAdvise is the cost of what `explain` and `deliveries`
// do per text: Classify, then Advise.
func BenchmarkClassifyAdvise(b *testing.B) {
	var texts []string
	for _, r := range loadCorpus(b) {
		texts = append(texts, r.text)
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		t := texts[i%len(texts)]
		Advise(t, Classify(t))
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}
