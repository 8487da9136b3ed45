package diagnose

import (
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
)

// The ids other rows name (in Supersedes); every other id is written in
// its row only. A live DNS rule named after the problem it stands for
// takes the problem's id (dnscheck.Problem…), so that name too is written
// once.
const (
	ruleSPFInvalid  = "spf-invalid"
	ruleDKIMInvalid = "dkim-invalid"
)

// Rules returns the default rules: one row each, with its id, area,
// default severity, title, what it supersedes and which live DNS problems
// it explains; the checks live in rules_<area>.go. It returns a new slice
// on every call.
//
// The order is the global order of the report: findings of equal
// severity are listed in it, so it runs from the most likely cause to the
// least. The rule behind it:
//  1. first what makes every other answer doubtful (the delivery log
//     could not be read whole);
//  2. then what refuses mail at this end before anything else is looked
//     at: a full account, a full or suspended mailbox;
//  3. then the account's set-up that sends mail elsewhere or throws it
//     away (routing and MX, discarding filters and defaults, forwarders);
//  4. then authentication as cPanel checks it, then as public DNS answers
//     it (the live view supersedes cPanel's where both say the same), then
//     cPanel values cpmail does not know;
//  5. last what the delivery log shows happened: effects, whose cause is
//     usually one of the rows above; refusals before deferrals, and
//     information (retries, greylisting, no record at all) at the end.
//
// A new rule goes where its findings should rank among these.
func Rules() []Rule {
	return []Rule{
		{ID: "tracking-unavailable", Area: AreaTracking, Severity: Warn,
			Check: trackingUnavailable},
		{ID: "account-suspended", Area: AreaWHM, Severity: Fail,
			Check: accountSuspended},
		{ID: "account-outgoing-suspended", Area: AreaWHM, Severity: Fail,
			Check: accountOutgoingSuspended},
		{ID: "account-outgoing-held", Area: AreaWHM, Severity: Warn,
			Check: accountOutgoingHeld},
		{ID: "account-hourly-limit-reached", Area: AreaWHM, Severity: Warn,
			Check: accountHourlyLimitReached},
		{ID: "account-defer-fail-limit-reached", Area: AreaWHM, Severity: Warn,
			Check: accountDeferFailLimitReached},
		{ID: "account-failure-rate", Area: AreaWHM, Severity: Warn,
			Check: accountFailureRate},
		{ID: "account-disk-full", Area: AreaMailbox, Severity: Fail,
			Check: accountDiskFull},
		{ID: "account-inodes-full", Area: AreaMailbox, Severity: Fail,
			Check: accountInodesFull},
		{ID: "mailbox-full", Area: AreaMailbox, Severity: Fail,
			Check: mailboxFull},
		{ID: "mailbox-nearly-full", Area: AreaMailbox, Severity: Warn,
			Check: mailboxNearlyFull},
		{ID: "incoming-suspended", Area: AreaMailbox, Severity: Fail,
			Check: suspensionCheck(incomingSuspension())},
		{ID: "login-suspended", Area: AreaMailbox, Severity: Warn,
			Check: suspensionCheck(loginSuspension())},
		{ID: "outgoing-suspended", Area: AreaMailbox, Severity: Fail,
			Check: suspensionCheck(outgoingSuspension())},
		{ID: "outgoing-held", Area: AreaMailbox, Severity: Warn,
			Check: outgoingHeld},
		{ID: "routing-mismatch", Area: AreaRouting, Severity: Fail,
			Check: routingMismatch},
		{ID: "mx-missing", Area: AreaRouting, Severity: Fail,
			Check: mxMissing},
		{ID: "filter-discards", Area: AreaDiscards, Severity: Warn,
			Check: filterDiscards},
		{ID: "spam-auto-delete", Area: AreaDiscards, Severity: Warn,
			Check: spamAutoDelete},
		{ID: "default-address-discards", Area: AreaDiscards, Severity: Warn,
			Check: defaultAddressDiscards},
		{ID: "forwarder-external", Area: AreaForwarding, Severity: Info,
			Check: forwarderExternal},
		{ID: "spf-missing", Area: AreaAuth, Severity: Fail, Explains: []string{dnscheck.ProblemSPFMissingPublic},
			Check: spfMissing},
		{ID: ruleSPFInvalid, Area: AreaAuth, Severity: Fail,
			Check: spfInvalid},
		{ID: "dkim-missing", Area: AreaAuth, Severity: Fail, Explains: []string{dnscheck.ProblemDKIMMissingPublic},
			Check: dkimMissing},
		{ID: ruleDKIMInvalid, Area: AreaAuth, Severity: Fail,
			Check: dkimInvalid},
		{ID: "dmarc-missing", Area: AreaAuth, Severity: Warn, Explains: []string{dnscheck.ProblemDMARCMissingPublic},
			Check: dmarcMissing},
		{ID: "ptr-invalid", Area: AreaAuth, Severity: Fail,
			Check: ptrInvalid},
		{ID: dnscheck.ProblemNameserversElsewhere, Area: AreaLiveDNS, Severity: Warn, Explains: []string{dnscheck.ProblemNameserversElsewhere},
			Check: nameserversElsewhere},
		{ID: dnscheck.ProblemPublicMXMismatch, Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemPublicMXMismatch},
			Check: publicMXMismatch},
		{ID: dnscheck.ProblemSPFLookupLimit, Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemSPFLookupLimit, dnscheck.ProblemSPFVoidLookups},
			Check: spfLookupLimit},
		{ID: dnscheck.ProblemSPFIPNotAuthorized, Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleSPFInvalid}, Explains: []string{dnscheck.ProblemSPFIPNotAuthorized},
			Check: spfIPNotAuthorized},
		{ID: dnscheck.ProblemSPFMultiple, Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleSPFInvalid}, Explains: []string{dnscheck.ProblemSPFMultiple},
			Check: spfMultiple},
		{ID: dnscheck.ProblemDKIMKeyMismatch, Area: AreaLiveDNS, Severity: Fail, Supersedes: []string{ruleDKIMInvalid}, Explains: []string{dnscheck.ProblemDKIMKeyMismatch},
			Check: dkimKeyMismatch},
		{ID: dnscheck.ProblemDMARCInvalid, Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemDMARCInvalid, dnscheck.ProblemDMARCMultiple},
			Check: dmarcInvalid},
		{ID: dnscheck.ProblemPTRNotConfirmed, Area: AreaLiveDNS, Severity: Fail, Explains: []string{dnscheck.ProblemPTRNotConfirmed, dnscheck.ProblemPTRMissing},
			Check: ptrNotConfirmed},
		{ID: dnscheck.ProblemIPBlocklisted, Area: AreaLiveDNS, Severity: Fail,
			Check: ipBlocklisted},
		{ID: "dns-problem", Area: AreaLiveDNS, Severity: Warn,
			Check: dnsProblem},
		{ID: "cpanel-state-unknown", Area: AreaCPanel, Severity: Warn,
			Check: cpanelStateUnknown},
		{ID: "recipient-unknown", Area: AreaIncoming, Severity: Fail,
			Check: recipientUnknown},
		{ID: "auth-rejected", Area: AreaOutgoing, Severity: Fail,
			Check: authRejected},
		{ID: "sender-blocklisted", Area: AreaOutgoing, Severity: Fail,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.Blocklisted}, extra: blocklistText})},
		{ID: "ptr-rejected", Area: AreaOutgoing, Severity: Fail,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.PTRMissing}})},
		{ID: "send-limit-reached", Area: AreaOutgoing, Severity: Fail,
			Check: sendLimitReached},
		{ID: "outgoing-blocked", Area: AreaOutgoing, Severity: Fail,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.OutgoingBlocked}, ownSendingElsewhere: true})},
		{ID: "smtp-auth-required", Area: AreaOutgoing, Severity: Fail,
			Check: smtpAuthRequired},
		{ID: "incoming-rbl-rejected", Area: AreaIncoming, Severity: Warn,
			Check: incomingGroup(incoming{reason: bounce.Blocklisted, blocklists: true})},
		{ID: "sender-verify-failed", Area: AreaIncoming, Severity: Warn,
			Check: incomingGroup(incoming{reason: bounce.SenderRejected})},
		{ID: "remote-recipient-unknown", Area: AreaOutgoing, Severity: Warn,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.RecipientUnknown}})},
		{ID: "remote-mailbox-full", Area: AreaOutgoing, Severity: Warn,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.MailboxFull, bounce.MailboxDisabled}})},
		{ID: "remote-domain-unknown", Area: AreaOutgoing, Severity: Warn,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.DomainUnknown}})},
		{ID: "remote-spam-rejected", Area: AreaOutgoing, Severity: Warn,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.SpamContent, bounce.PolicyRejected}})},
		{ID: "remote-rate-limited", Area: AreaOutgoing, Severity: Warn,
			Check: outgoingGroup(outgoing{reasons: []bounce.Reason{bounce.RateLimited}})},
		{ID: "message-too-large", Area: AreaOutgoing, Severity: Warn,
			Check: messageTooLarge},
		{ID: "deferred-retrying", Area: AreaOutgoing, Severity: Info,
			Check: deferredRetrying},
		{ID: "greylisting-delays", Area: AreaIncoming, Severity: Info,
			Check: incomingGroup(incoming{reason: bounce.Greylisted})},
		{ID: "no-delivery-record", Area: AreaTracking, Severity: Warn,
			Check: noDeliveryRecord},
	}
}

// RuleIDs lists every rule id, in order.
func RuleIDs() []string {
	var ids []string
	for _, r := range Rules() {
		ids = append(ids, r.ID)
	}
	return ids
}
