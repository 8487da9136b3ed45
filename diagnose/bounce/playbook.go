package bounce

// playbookIndex is the provider table, indexed once when the package is
// loaded. Like vocabulary it is read-only lookup data: nothing writes to it
// after newPlaybooks returns, so sharing it between goroutines is safe.
var playbookIndex = newPlaybooks(playbookTable(), providerMarkers())

// The providers' pages. Each was found on the provider's own site (or is
// the page the provider's reply itself points to); none is guessed.
const (
	docGmailErrors      = "https://support.google.com/a/answer/3726730"
	docGmailSenders     = "https://support.google.com/mail/answer/81126"
	docMicrosoftNDR     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/non-delivery-reports-in-exchange-online"
	docMicrosoft515     = "https://support.microsoft.com/topic/fix-ndr-error-550-5-7-515-in-outlook-com-34cfe8f8-6fbf-457e-9e8b-9e4dbaf4e0ef"
	docMicrosoft7xx     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-5-7-700-through-5-7-750"
	docMicrosoft4xx     = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-451-4-7-500-699-asxxx-in-exchange-online"
	docMicrosoft5110    = "https://learn.microsoft.com/en-us/exchange/troubleshoot/email-delivery/ndr/fix-error-code-550-5-1-10-in-exchange-online"
	docMicrosoftDelist  = "https://sender.office.com/"
	docYahooErrors      = "https://senders.yahooinc.com/smtp-error-codes/"
	docApplePostmaster  = "https://support.apple.com/en-us/102322"
	docMailChannelsOut  = "https://docs.mailchannels.com/outbound/smtp-errors"
	docMailChannelsIn   = "https://docs.mailchannels.com/inbound/smtp-errors"
	docSpamhausChecker  = "https://check.spamhaus.org/"
	docSpamhausResolver = "https://www.spamhaus.com/resource-center/help-for-spamhaus-projects-legacy-blocklist-users"
	docSpamCopBlocklist = "https://www.spamcop.net/bl.shtml"
	docBarracudaRemoval = "https://www.barracudacentral.org/rbl/removal-request"
	docProofpointIP     = "https://ipcheck.proofpoint.com/"
	docComcastCodes     = "https://postmaster.comcast.net/smtp-error-codes.php"
	docSpectrumCodes    = "https://www.spectrumbusiness.net/support/internet/understanding-email-error-codes"
	docTencentBounces   = "https://service.mail.qq.com/detail/122"
	docTencentBounce57  = "https://service.mail.qq.com/detail/122/57"
	docSymantecCodes    = "https://knowledge.broadcom.com/external/article/169652/email-error-and-bounce-codes-for-email-s.html"
	docSymantecPolicy   = "https://knowledge.broadcom.com/external/article/164955"
	docSymantecBlocked  = "https://knowledge.broadcom.com/external/article/173082"
	docSymantecBadmail  = "https://knowledge.broadcom.com/external/article/162232"
	docSymantecTLS      = "https://knowledge.broadcom.com/external/article/162152"
	docVadeUS           = "https://postmaster-oxsus.vadesecure.com/"
	docVadeEU           = "https://postmaster-oxseu.vadesecure.com/"
	docEarthLinkInbound = "https://postmaster-earthlink.vadesecure.com/inbound_error_codes"
	docJetEmailCodes    = "https://jetemail.com/docs/outbound/smtp-error-codes"
	docJetEmailAbuse    = "https://jetemail.com/docs/outbound/smtp-error-codes/550-5.7.1-%5BABUSE%5D-Sender-blocked"
	docJetEmailACL      = "https://jetemail.com/docs/outbound/smtp-error-codes/550-%5BACL%5D-Block"
	docJetEmailIP       = "https://jetemail.com/docs/outbound/smtp-error-codes/535-IP-not-authorized"
)

// providerMarkers lists how each provider shows itself in its replies:
// host names, signatures and its own name, in the normalized form (lower
// case, matched at a word start).
func providerMarkers() []providerMarker {
	return []providerMarker{
		{Gmail, []string{"gsmtp", "google.com", "gmail-smtp", "gcdp"}},
		{Microsoft, []string{"outlook.com", "protection.outlook", "hotmail", "office365", "office 365",
			"microsoft", "resolver.adr", "resolver.rst", "storedrv", "sender.office.com", "mail.live.com"}},
		{Yahoo, []string{"yahoo", "yahoodns", "aol.com", "postmaster.verizonmedia", "verizonmedia"}},
		{Apple, []string{"icloud", "support.apple.com", "apple.com", "me.com", "mac.com"}},
		{Zoho, []string{"zoho"}},
		{Yandex, []string{"yandex"}},
		{MailRu, []string{"mail.ru", "corp.mail.ru"}},
		{GMX, []string{"gmx", "web.de"}},
		{Comcast, []string{"comcast", "xfinity"}},
		{ATT, []string{"att.net", "sbcglobal", "bellsouth", "prodigy.net"}},
		{Proofpoint, []string{"proofpoint", "pphosted", "ppops.net"}},
		{Mimecast, []string{"mimecast"}},
		{Barracuda, []string{"barracuda"}},
		{MailChannels, []string{"mailchannels"}},
		{Spamhaus, []string{"spamhaus"}},
		{SpamCop, []string{"spamcop"}},
		{Spectrum, []string{"charter.net", "spectrum.net", "spectrumbusiness", "cmsmtp"}},
		{Tencent, []string{"qq.com", "exmail.qq", "tencent"}},
		{Symantec, []string{"messagelabs", "symanteccloud", "symantec"}},
		{Vade, []string{"vadesecure", "vade secure"}},
		{EarthLink, []string{"earthlink"}},
		{Forpsi, []string{"forpsi"}},
		{JetEmail, []string{"jetsmtp", "jetemail"}},
	}
}

// playbookTable is the provider table, in matching order: the first entry
// that fits a text wins: cPanel's local texts, then each provider's own
// codes, then blocklists named in a reply (Spamhaus quoted by Yahoo's BL21
// is Yahoo's), then each provider's catch-all.
func playbookTable() []Playbook {
	return []Playbook{
		// --- cPanel's and Exim's own local texts. ---
		{ID: "cpanel-max-emails-per-hour", Provider: CPanel, Token: "max emails per hour", Alone: true, Reason: SendLimit, Retry: RetryYes, Actor: ActorSender, OwnWords: true},
		{ID: "cpanel-max-defers-failures", Provider: CPanel, Token: "max defers and failures", Alone: true, Reason: SendLimit, Retry: RetryYes, Actor: ActorSender, OwnWords: true},
		{ID: "cpanel-junkmail-rejected", Provider: CPanel, Token: "junkmail rejected", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorRecipient, OwnWords: true},
		{ID: "cpanel-outgoing-suspended", Provider: CPanel, Token: "outgoing mail from", Alone: true, Reason: OutgoingBlocked, Retry: RetryNo, Actor: ActorSender, OwnWords: true},
		{ID: "cpanel-outgoing-email-suspended", Provider: CPanel, Token: "outgoing email from", Alone: true, Reason: OutgoingBlocked, Retry: RetryNo, Actor: ActorSender},
		// Exim's sender verification: the receiver called the sender's own
		// server, which said the sender's address does not exist.
		{ID: "cpanel-sender-verify", Provider: CPanel, Token: "sender verify failed", Alone: true, Reason: SenderRejected, Retry: RetryNo, Actor: ActorSender, OwnWords: true},
		{ID: "cpanel-no-such-user", Provider: CPanel, Token: "no such user here", Alone: true, Reason: RecipientUnknown, Retry: RetryNo},
		{ID: "cpanel-rbl", Provider: CPanel, Token: "is in an rbl", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorRecipient},

		// --- Gmail. Guidance: Google's "Gmail SMTP errors and codes" and
		// "Email sender guidelines". ---
		{ID: "gmail-5.7.26", Provider: Gmail, Status: "5.7.26", Reason: AuthFailure, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender, OwnWords: true},
		{ID: "gmail-5.7.25", Provider: Gmail, Status: "5.7.25", Reason: PTRMissing, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender, OwnWords: true},
		{ID: "gmail-4.7.28", Provider: Gmail, Status: "4.7.28", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody, OwnWords: true},
		{ID: "gmail-4.7.0-unsolicited", Provider: Gmail, Status: "4.7.0", Token: "unusual rate of unsolicited mail", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-5.2.1-rate", Provider: Gmail, Status: "5.2.1", Token: "receiving mail at a rate", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody, OwnWords: true},
		{ID: "gmail-5.2.1-rate-email", Provider: Gmail, Status: "5.2.1", Token: "receiving email at a rate", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-4.2.1-rate", Provider: Gmail, Status: "4.2.1", Reason: RateLimited, Retry: RetryYes, DocsURL: docGmailErrors, Actor: ActorNobody},
		{ID: "gmail-5.2.1-disabled", Provider: Gmail, Status: "5.2.1", Reason: MailboxDisabled, Retry: RetryNo, DocsURL: docGmailErrors},
		{ID: "gmail-4.2.2", Provider: Gmail, Status: "4.2.2", Reason: MailboxFull, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient, OwnWords: true},
		{ID: "gmail-5.2.2", Provider: Gmail, Status: "5.2.2", Reason: MailboxFull, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient},
		{ID: "gmail-5.7.1-unsolicited", Provider: Gmail, Status: "5.7.1", Token: "likely unsolicited mail", Reason: SpamContent, Retry: RetryNo, DocsURL: docGmailSenders, Actor: ActorSender, OwnWords: true},
		{ID: "gmail-5.7.1-not-authorized-ip", Provider: Gmail, Status: "5.7.1", Token: "not authorized to send email directly", Reason: Blocklisted, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorSender, OwnWords: true},
		{ID: "gmail-5.7.1-gcdp", Provider: Gmail, Status: "5.7.1", Token: "gcdp", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docGmailErrors, Actor: ActorRecipient, OwnWords: true},

		// --- Microsoft: Exchange Online and Outlook.com. Guidance: the NDR
		// pages on learn.microsoft.com and support.microsoft.com. ---
		{ID: "microsoft-5.7.515", Provider: Microsoft, Status: "5.7.515", Alone: true, Reason: AuthFailure, Retry: RetryNo, DocsURL: docMicrosoft515, Actor: ActorSender, OwnWords: true},
		{ID: "microsoft-5.7.509", Provider: Microsoft, Status: "5.7.509", Alone: true, Reason: AuthFailure, Retry: RetryNo, DocsURL: docMicrosoftNDR, Actor: ActorSender, OwnWords: true},
		{ID: "microsoft-s3150", Provider: Microsoft, Token: "s3150", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender, OwnWords: true},
		{ID: "microsoft-s3140", Provider: Microsoft, Token: "s3140", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-as3150", Provider: Microsoft, Token: "as3150", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-as3140", Provider: Microsoft, Token: "as3140", Alone: true, Reason: Blocklisted, Retry: RetryNo, Actor: ActorSender},
		{ID: "microsoft-5.7.606", Provider: Microsoft, Token: "banned sending ip", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoftDelist, Actor: ActorSender, OwnWords: true},
		{ID: "microsoft-5.7.708", Provider: Microsoft, Status: "5.7.708", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoft7xx, Actor: ActorSender, OwnWords: true},
		{ID: "microsoft-5.7.708-text", Provider: Microsoft, Token: "traffic not accepted from this ip", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMicrosoft7xx, Actor: ActorSender},
		{ID: "microsoft-4.7.650", Provider: Microsoft, Status: "4.7.650", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoft4xx, Actor: ActorNobody, OwnWords: true},
		{ID: "microsoft-4.7.500", Provider: Microsoft, Status: "4.7.500", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoft4xx, Actor: ActorNobody, OwnWords: true},
		{ID: "microsoft-5.4.1", Provider: Microsoft, Status: "5.4.1", Reason: RecipientUnknown, Retry: RetryNo, DocsURL: docMicrosoftNDR, OwnWords: true},
		{ID: "microsoft-5.1.10", Provider: Microsoft, Status: "5.1.10", Reason: RecipientUnknown, Retry: RetryNo, DocsURL: docMicrosoft5110, OwnWords: true},
		{ID: "microsoft-5.2.121", Provider: Microsoft, Status: "5.2.121", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoftNDR, Actor: ActorNobody, OwnWords: true},
		{ID: "microsoft-5.2.122", Provider: Microsoft, Status: "5.2.122", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docMicrosoftNDR, Actor: ActorNobody, OwnWords: true},

		// --- Yahoo and AOL. Guidance: Yahoo Sender Hub, SMTP error codes. ---
		{ID: "yahoo-tss04", Provider: Yahoo, Token: "tss04", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docYahooErrors, Actor: ActorNobody, OwnWords: true},
		{ID: "yahoo-tss09", Provider: Yahoo, Token: "tss09", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender, OwnWords: true},
		{ID: "yahoo-ts03", Provider: Yahoo, Token: "ts03", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender, OwnWords: true},
		{ID: "yahoo-ph01", Provider: Yahoo, Token: "ph01", Alone: true, Reason: SpamContent, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender, OwnWords: true},
		{ID: "yahoo-bl21", Provider: Yahoo, Token: "bl21", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamhausChecker, Actor: ActorSender, OwnWords: true},
		{ID: "yahoo-5.7.9-unauthenticated", Provider: Yahoo, Status: "5.7.9", Token: "unauthenticated", Reason: AuthFailure, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender, OwnWords: true},
		{ID: "yahoo-5.7.9", Provider: Yahoo, Status: "5.7.9", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docYahooErrors, Actor: ActorSender, OwnWords: true},

		// --- Apple iCloud Mail. CS01 and CS02 are "local policy": Apple
		// does not publish their cause, so the text's words decide. ---
		{ID: "apple-cs01", Provider: Apple, Token: "cs01", Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender, OwnWords: true},
		{ID: "apple-cs02", Provider: Apple, Token: "cs02", Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender},
		{ID: "apple-hm07", Provider: Apple, Token: "hm07", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender, OwnWords: true},
		{ID: "apple-hm08", Provider: Apple, Token: "hm08", Reason: PolicyRejected, Retry: RetryNo, DocsURL: docApplePostmaster, Actor: ActorSender},

		// --- MailChannels (outbound and inbound filtering). ---
		{ID: "mailchannels-ss", Provider: MailChannels, Token: "ss]", Reason: SpamContent, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender, OwnWords: true},
		{ID: "mailchannels-rbl", Provider: MailChannels, Token: "rbl]", Reason: Blocklisted, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-esa", Provider: MailChannels, Token: "esa]", Reason: OutgoingBlocked, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-bfd", Provider: MailChannels, Token: "bfd]", Reason: AuthFailure, Retry: RetryNo, DocsURL: docMailChannelsOut, Actor: ActorSender},
		{ID: "mailchannels-s09", Provider: MailChannels, Token: "s09]", Alone: true, Reason: Greylisted, Retry: RetryYes, DocsURL: docMailChannelsIn, Actor: ActorNobody, OwnWords: true},
		{ID: "mailchannels-s10", Provider: MailChannels, Token: "s10]", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docMailChannelsIn, Actor: ActorSender},
		{ID: "mailchannels-ib-feb", Provider: MailChannels, Token: "ib_feb", Alone: true, Reason: PolicyRejected, Retry: RetryNo, DocsURL: docMailChannelsIn, Actor: ActorSender},

		// --- Comcast (Xfinity). Guidance: its postmaster error-code page,
		// the one its replies point to. BL codes name what listed the IP
		// (BL000000 its own spam-pattern filter), RL codes throttle. ---
		{ID: "comcast-bl000000", Provider: Comcast, Token: "bl000000", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docComcastCodes, Actor: ActorSender, OwnWords: true},
		{ID: "comcast-bl0000", Provider: Comcast, Token: "bl0000", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docComcastCodes, Actor: ActorSender},
		{ID: "comcast-rl0000", Provider: Comcast, Token: "rl0000", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docComcastCodes, Actor: ActorNobody, OwnWords: true},
		{ID: "comcast-es000010", Provider: Comcast, Token: "es000010", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docComcastCodes, Actor: ActorSender, OwnWords: true},

		// --- Spectrum (Charter). Guidance: "Understanding email error
		// codes": AUP#I for mail to Spectrum, AUP#O for mail from a Spectrum
		// account; a four-digit code after it. ---
		{ID: "spectrum-aup-1000", Provider: Spectrum, Token: "aup#i-1000", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpectrumCodes, Actor: ActorSender, OwnWords: true},
		{ID: "spectrum-aup-1100", Provider: Spectrum, Token: "aup#i-1100", Alone: true, Reason: PTRMissing, Retry: RetryNo, DocsURL: docSpectrumCodes, Actor: ActorSender},
		{ID: "spectrum-aup-1150", Provider: Spectrum, Token: "aup#i-1150", Alone: true, Reason: PTRMissing, Retry: RetryNo, DocsURL: docSpectrumCodes, Actor: ActorSender, OwnWords: true},
		{ID: "spectrum-aup-1200", Provider: Spectrum, Token: "aup#i-1200", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpectrumCodes, Actor: ActorSender, OwnWords: true},
		{ID: "spectrum-aup-1220", Provider: Spectrum, Token: "aup#i-1220", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamhausChecker, Actor: ActorSender},
		{ID: "spectrum-aup-1300", Provider: Spectrum, Token: "aup#i-13", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docSpectrumCodes, Actor: ActorNobody, OwnWords: true},
		{ID: "spectrum-aup-in-1300", Provider: Spectrum, Token: "aup#in-13", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docSpectrumCodes, Actor: ActorNobody},
		{ID: "spectrum-aup-o-1010", Provider: Spectrum, Token: "aup#o-10", Alone: true, Reason: OutgoingBlocked, Retry: RetryNo, DocsURL: docSpectrumCodes, Actor: ActorSender, OwnWords: true},
		{ID: "spectrum", Provider: Spectrum, Token: "aup#", Alone: true, DocsURL: docSpectrumCodes},

		// --- Tencent: QQ Mail and Tencent Exmail. Guidance: QQ Mail's bounce
		// help (service.mail.qq.com/detail/122). ---
		{ID: "tencent-frequency-limited", Provider: Tencent, Token: "frequency limited", Alone: true, Reason: RateLimited, Retry: RetryYes, DocsURL: docTencentBounces, Actor: ActorNobody, OwnWords: true},
		{ID: "tencent-content-denied", Provider: Tencent, Token: "mail content denied", Alone: true, Reason: SpamContent, Retry: RetryNo, DocsURL: docTencentBounces, Actor: ActorSender, OwnWords: true},
		{ID: "tencent-bounce-attacks", Provider: Tencent, Token: "suspected bounce attacks", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docTencentBounce57, Actor: ActorSender},

		// --- Symantec Email Security.cloud (MessageLabs, now Broadcom).
		// Guidance: Broadcom's knowledge articles on its error codes. ---
		{ID: "symantec-connection-policy", Provider: Symantec, Token: "connection rejected by policy", Reason: Blocklisted, Retry: RetryNo, DocsURL: docSymantecPolicy, Actor: ActorSender, OwnWords: true},
		{ID: "symantec-badmailfrom", Provider: Symantec, Token: "badmailfrom list", Reason: SenderRejected, Retry: RetryNo, DocsURL: docSymantecBadmail, Actor: ActorSender, OwnWords: true},
		{ID: "symantec-sender-blocked", Provider: Symantec, Token: "sorry, your email address has been", Alone: true, Reason: SenderRejected, Retry: RetryNo, DocsURL: docSymantecBlocked, Actor: ActorRecipient, OwnWords: true},
		{ID: "symantec-domain-blocked", Provider: Symantec, Token: "sorry, your domain has been", Alone: true, Reason: SenderRejected, Retry: RetryNo, DocsURL: docSymantecBlocked, Actor: ActorRecipient},
		{ID: "symantec-tls-required", Provider: Symantec, Token: "tls/sslv3 connection required", Alone: true, Reason: NetworkError, Retry: RetryNo, DocsURL: docSymantecTLS, Actor: ActorSender, OwnWords: true},

		// --- Blocklists, named inside any reply without a code of its own. ---
		// Spamhaus refusing the receiver's own DNS queries (sent through a
		// public resolver): no listing of the sender; the receiver must act.
		{ID: "spamhaus-open-resolver", Provider: Spamhaus, Token: "open resolver", Retry: RetryYes, DocsURL: docSpamhausResolver, Actor: ActorRecipient, OwnWords: true},
		{ID: "spamhaus", Provider: Spamhaus, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamhausChecker, Actor: ActorSender, OwnWords: true},
		{ID: "spamcop", Provider: SpamCop, Reason: Blocklisted, Retry: RetryNo, DocsURL: docSpamCopBlocklist, Actor: ActorSender, OwnWords: true},
		{ID: "barracuda", Provider: Barracuda, Token: "barracudacentral", Reason: Blocklisted, Retry: RetryNo, DocsURL: docBarracudaRemoval, Actor: ActorSender, OwnWords: true},
		{ID: "barracuda-reputation", Provider: Barracuda, Token: "barracuda reputation", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docBarracudaRemoval, Actor: ActorSender},

		// --- Catch-alls: the provider is known, its code is not. ---
		{ID: "gmail-5.7.1", Provider: Gmail, Status: "5.7.1", Retry: RetryNo, DocsURL: docGmailErrors},
		{ID: "gmail", Provider: Gmail, DocsURL: docGmailErrors},
		{ID: "microsoft", Provider: Microsoft, DocsURL: docMicrosoftNDR},
		{ID: "yahoo", Provider: Yahoo, DocsURL: docYahooErrors},
		{ID: "apple", Provider: Apple, DocsURL: docApplePostmaster},
		{ID: "mailchannels", Provider: MailChannels, DocsURL: docMailChannelsOut},
		// --- Filtering services and other mailbox providers: who wrote it. ---
		{ID: "proofpoint-ipcheck", Provider: Proofpoint, Token: "ipcheck.proofpoint", Alone: true, Reason: Blocklisted, Retry: RetryNo, DocsURL: docProofpointIP, Actor: ActorSender},
		{ID: "proofpoint", Provider: Proofpoint},
		{ID: "mimecast", Provider: Mimecast},
		{ID: "zoho", Provider: Zoho},
		{ID: "yandex", Provider: Yandex},
		{ID: "mailru", Provider: MailRu},
		{ID: "gmx", Provider: GMX},
		{ID: "comcast", Provider: Comcast, DocsURL: docComcastCodes},
		{ID: "tencent", Provider: Tencent, DocsURL: docTencentBounces},
		{ID: "symantec", Provider: Symantec, DocsURL: docSymantecCodes},
		{ID: "att", Provider: ATT},
		// --- Vade Secure filters for EarthLink, OX App Suite's hosted mail
		// and other ISPs. Its replies say little more than "Connection
		// refused" or "Connection deferred"; the code after them gives the
		// cause (the classifier reads it), and its postmaster pages, one a
		// platform, explain each code. ---
		{ID: "vade-oxsus", Provider: Vade, Token: "oxsus", Alone: true, DocsURL: docVadeUS},
		{ID: "vade-oxseu", Provider: Vade, Token: "oxseu", Alone: true, DocsURL: docVadeEU},
		{ID: "earthlink-elnk", Provider: EarthLink, Token: "elnk_", Alone: true, DocsURL: docEarthLinkInbound},
		{ID: "earthlink", Provider: EarthLink, DocsURL: docEarthLinkInbound},
		// --- Forpsi's outgoing server (smtp.forpsi.com): a "policy
		// violation" (Polish: "naruszenie zasad") is its own temporary block
		// of the account, domain or IP that sent too much, or too much to
		// bad addresses, in the last hour; the kb page the reply links to
		// names which limit. It lifts by itself after 60 minutes (24 hours
		// for a whole domain). ---
		{ID: "forpsi-policy-violation", Provider: Forpsi, Token: "policy violation", Reason: OutgoingBlocked, Retry: RetryYes, Actor: ActorSender, OwnWords: true},
		{ID: "forpsi-naruszenie-zasad", Provider: Forpsi, Token: "naruszenie zasad", Reason: OutgoingBlocked, Retry: RetryYes, Actor: ActorSender, OwnWords: true},
		{ID: "forpsi", Provider: Forpsi},
		// --- JetEmail's outbound smarthost, which many cPanel hosts relay
		// through: its bracketed codes name why it would not pass the
		// message on, and the reports.jetsmtp.net link in the reply shows
		// the evidence. ---
		{ID: "jetemail-abuse", Provider: JetEmail, Token: "abuse]", Reason: OutgoingBlocked, Retry: RetryNo, DocsURL: docJetEmailAbuse, Actor: ActorSender, OwnWords: true},
		{ID: "jetemail-acl", Provider: JetEmail, Token: "acl]", Reason: SenderRejected, Retry: RetryNo, DocsURL: docJetEmailACL, Actor: ActorSender, OwnWords: true},
		{ID: "jetemail-spam", Provider: JetEmail, Token: "spam]", Reason: SpamContent, Retry: RetryNo, DocsURL: docJetEmailCodes, Actor: ActorSender},
		{ID: "jetemail-cs", Provider: JetEmail, Token: "cs]", Reason: SpamContent, Retry: RetryNo, DocsURL: docJetEmailCodes, Actor: ActorSender},
		{ID: "jetemail-spf-invalid", Provider: JetEmail, Token: "spf_invalid]", Reason: AuthFailure, Retry: RetryNo, DocsURL: docJetEmailCodes, Actor: ActorSender},
		{ID: "jetemail-ip-not-authorized", Provider: JetEmail, Token: "ip not authorized", Reason: RelayDenied, Retry: RetryNo, DocsURL: docJetEmailIP, Actor: ActorSender, OwnWords: true},
		{ID: "jetemail", Provider: JetEmail, DocsURL: docJetEmailCodes},
	}
}
