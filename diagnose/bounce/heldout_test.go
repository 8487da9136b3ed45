package bounce

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// Floors of the corpus measurement. The held-out floor is the agreement
// measured on the held-out sources after the rules were last written (see
// testdata/README.md); a change that generalises worse fails here.
const (
	minCorpusRows    = 1500
	minCorpusSources = 40
	heldOutFloor     = 0.92
	// freshHeldOutFloor is the agreement on the held-out part of the
	// session-3 groups (freshGroups), measured once after the rules were
	// written on the development part: 84/143 (58.7%); seen since, it keeps
	// the figure of the session-8 round (137/143) as its floor.
	freshHeldOutFloor = 0.95
	// freshHeldOutShare is the share of freshGroups held out: the first
	// round(50%) of them ordered by the SHA-256 of their names, fixed before
	// any rule was written on them.
	freshHeldOutShare = 0.5
	// fresh4HeldOutFloor is the agreement on the session-4 groups
	// (fresh4Groups), all held out, measured once after the rules of
	// session 4 were written: 167/192 (87.0%; main's rules 163/192); seen
	// since, it keeps the figure of the session-8 round (183/192).
	fresh4HeldOutFloor = 0.95
	// fresh4HeldOutShare is the share of fresh4Groups held out, by the same
	// SHA-256 rule: all of them, fixed before any rule was written after
	// they were added. The development data of session 4 is the earlier
	// corpus, all of it seen.
	fresh4HeldOutShare = 1.0
	// fresh5HeldOutFloor is the agreement on the session-5 groups
	// (fresh5Groups), all held out, measured once after the rules of the
	// round were written: 92/121 (76.0%; main's rules 78/121); seen since,
	// it keeps the figure of the session-8 round (114/121).
	fresh5HeldOutFloor = 0.94
	// fresh5HeldOutShare is the share of fresh5Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh5HeldOutShare = 1.0
	// fresh6HeldOutFloor is the agreement on the session-6 groups
	// (fresh6Groups), all held out, measured once after the rules of the
	// round were written: 110/121 (90.9%; main's rules 108/121); seen
	// since, it kept the figure of the fourth round (120/121) until the
	// word model read one of its unexplained failures as spam (119/121).
	fresh6HeldOutFloor = 0.98
	// fresh6HeldOutShare is the share of fresh6Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh6HeldOutShare = 1.0
	// fresh7HeldOutFloor is the agreement on the session-7 groups
	// (fresh7Groups), all held out, measured once after the rules of the
	// round were written: 83/105 (79.0%; main's rules 83/105 too); seen
	// since, it keeps the figure of the session-8 round (99/105, after
	// the send_limit label rule of testdata/README.md).
	fresh7HeldOutFloor = 0.94
	// fresh7HeldOutShare is the share of fresh7Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh7HeldOutShare = 1.0
	// fresh8HeldOutFloor is the agreement on the session-8 groups
	// (fresh8Groups), all held out, measured once with the word model
	// counted without them: 79/118 (66.9%; the rules alone 74/118); seen
	// since, it keeps the figure of the session-8 round (101/118, after
	// the send_limit label rule of testdata/README.md).
	fresh8HeldOutFloor = 0.85
	// fresh8HeldOutShare is the share of fresh8Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh8HeldOutShare = 1.0
	// fresh9HeldOutFloor is the agreement on the session-9 groups
	// (fresh9Groups), all held out, measured once with the word model
	// counted without them: 59/82 (72.0%; the rules alone 58/82); seen
	// since, it keeps the figure of the session-8 round (72/82).
	fresh9HeldOutFloor = 0.87
	// fresh9HeldOutShare is the share of fresh9Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh9HeldOutShare = 1.0
	// fresh10HeldOutFloor is the agreement on the session-10 groups
	// (fresh10Groups), all held out, measured once after the rules of the
	// round, with the word model counted without them: 123/150 (82.0%;
	// the rules alone 119/150); seen since, it keeps the figure after
	// the rules written on its misses (133/150).
	fresh10HeldOutFloor = 0.88
	// fresh10HeldOutShare is the share of fresh10Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh10HeldOutShare = 1.0
	// fresh11HeldOutFloor is the agreement on the session-11 groups
	// (fresh11Groups), all held out, measured once after the rules of the
	// round, with the word model counted without them: 99/132 (75.0%; the
	// rules alone 91/132); seen since, it keeps the figure after the rules
	// written on its misses (116/132).
	fresh11HeldOutFloor = 0.87
	// fresh11HeldOutShare is the share of fresh11Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh11HeldOutShare = 1.0
	// fresh12HeldOutFloor is the agreement on the session-12 groups
	// (fresh12Groups), all held out, measured once after the rules of the
	// round, with the word model counted without them: 47/72 (65.3%; the
	// rules alone 44/72); seen since, it keeps the figure after the rules
	// written on its misses (63/72).
	fresh12HeldOutFloor = 0.87
	// fresh12HeldOutShare is the share of fresh12Groups held out, by the
	// same SHA-256 rule: all of them, fixed in the commit that added them,
	// before any rule changed.
	fresh12HeldOutShare = 1.0
	// fresh13HeldOutShare and fresh14HeldOutShare are the shares of
	// fresh13Groups and fresh14Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh13HeldOutShare = 1.0
	fresh14HeldOutShare = 1.0
	// fresh13HeldOutFloor and fresh14HeldOutFloor are the agreement on the
	// session-13 parts, all held out, measured once after every other rule
	// change of the session, with the word model counted without them:
	// 109/151 (72.2%) and 141/166 (84.9%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (137/151 and 156/166, after the label audit).
	fresh13HeldOutFloor = 0.90
	fresh14HeldOutFloor = 0.93
	// fresh15HeldOutShare and fresh16HeldOutShare are the shares of
	// fresh15Groups and fresh16Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh15HeldOutShare = 1.0
	fresh16HeldOutShare = 1.0
	// fresh15HeldOutFloor and fresh16HeldOutFloor are the agreement on the
	// second round's parts, all held out, measured once after every other
	// rule change of the session, with the word model counted without
	// them: 133/159 (83.6%) and 92/103 (89.3%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (148/159 and 100/103).
	fresh15HeldOutFloor = 0.93
	fresh16HeldOutFloor = 0.97
	// fresh17HeldOutShare and fresh18HeldOutShare are the shares of
	// fresh17Groups and fresh18Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh17HeldOutShare = 1.0
	fresh18HeldOutShare = 1.0
	// fresh17HeldOutFloor and fresh18HeldOutFloor are the agreement on the
	// third round's parts, all held out, measured once after every other
	// rule change of the session, with the word model counted without
	// them: 65/82 (79.3%) and 57/71 (80.3%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (70/82 and 62/71).
	fresh17HeldOutFloor = 0.85
	fresh18HeldOutFloor = 0.87
	// fresh19HeldOutShare and fresh20HeldOutShare are the shares of
	// fresh19Groups and fresh20Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh19HeldOutShare = 1.0
	fresh20HeldOutShare = 1.0
	// fresh19HeldOutFloor and fresh20HeldOutFloor are the agreement on the
	// fourth round's parts, all held out, measured once after every other
	// rule change of the session, with the word model counted without
	// them: 40/45 (88.9%) and 47/54 (87.0%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (42/45 and 48/54).
	fresh19HeldOutFloor = 0.93
	fresh20HeldOutFloor = 0.88
	// fresh21HeldOutShare and fresh22HeldOutShare are the shares of
	// fresh21Groups and fresh22Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh21HeldOutShare = 1.0
	fresh22HeldOutShare = 1.0
	// fresh21HeldOutFloor and fresh22HeldOutFloor are the agreement on
	// session 14's parts, all held out, measured once after every other
	// rule change of the session, with the word model counted without
	// them: 57/61 (93.4%) and 113/127 (89.0%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (59/61 and 122/127).
	fresh21HeldOutFloor = 0.93
	fresh22HeldOutFloor = 0.88
	// fresh23HeldOutShare and fresh24HeldOutShare are the shares of
	// fresh23Groups and fresh24Groups held out, by the same SHA-256 rule:
	// all of them, fixed in the commits that added them, before any rule
	// changed.
	fresh23HeldOutShare = 1.0
	fresh24HeldOutShare = 1.0
	// fresh23HeldOutFloor and fresh24HeldOutFloor are the agreement on
	// session 15's parts, all held out, measured once after every other
	// rule change of the session, with the word model counted without
	// them: 85/100 (85.0%) and 40/58 (69.0%); seen since, they keep the
	// figures after the word model learnt them and rules were written on
	// their misses (95/100 and 51/58).
	fresh23HeldOutFloor = 0.93
	fresh24HeldOutFloor = 0.86
	// fresh25HeldOutShare is the share of fresh25Groups held out, by the
	// same SHA-256 rule: all of it, fixed in the commits that added it,
	// before any rule changed.
	fresh25HeldOutShare = 1.0
	// fresh25HeldOutFloor is the agreement on session 15's second round,
	// all held out, measured once after the first round's rules, with the
	// word model counted without it: 31/38 (81.6%); seen since, after the
	// word model learnt it and rules were written on its misses, 35/38.
	fresh25HeldOutFloor = 0.9
	// fresh26HeldOutShare is the share of fresh26Groups held out: all of
	// it, fixed in the commits that added it, before any rule changed.
	fresh26HeldOutShare = 1.0
	// fresh26HeldOutFloor is the agreement on session 15's third round: one
	// text, measured once, 1/1.
	fresh26HeldOutFloor = 1.0
)

// TestCorpusSources checks the shape of the corpus: its size, the number of
// independent sources, and that the held-out part is a share of whole
// sources (25-30%), never of rows within a source.
func TestCorpusSources(t *testing.T) {
	rows := loadCorpus(t)
	split := map[string]map[bool]bool{}
	for _, r := range rows {
		if r.group == "" {
			t.Errorf("%s: no source group", r.id)
		}
		if split[r.group] == nil {
			split[r.group] = map[bool]bool{}
		}
		split[r.group][r.heldOut] = true
	}
	held := 0
	for g, s := range split {
		if s[true] && s[false] {
			t.Errorf("group %s is split across dev and held-out; split by source, not by row", g)
		}
		if s[true] {
			held++
		}
	}
	if len(rows) < minCorpusRows {
		t.Errorf("corpus has %d texts, want at least %d", len(rows), minCorpusRows)
	}
	if len(split) < minCorpusSources {
		t.Errorf("corpus has %d source groups, want at least %d", len(split), minCorpusSources)
	}
	// The share is of the groups the split was made over: groups added
	// later (laterGroups) are development data by construction.
	atSplit := len(split)
	oldHeld := held
	for g := range split {
		if laterGroups[g] || inFreshPart(g) {
			atSplit--
		}
		if inFreshPart(g) && split[g][true] {
			oldHeld--
		}
	}
	if share := float64(oldHeld) / float64(atSplit); share < 0.25 || share > 0.30 {
		t.Errorf("%d of %d source groups are held out (%.0f%%), want 25-30%%", oldHeld, atSplit, 100*share)
	}
	t.Logf("%d texts from %d source groups, %d groups held out", len(rows), len(split), held)

	// The held-out groups were picked by a rule, not by hand, before any
	// rule of the classifier was written: the first 28% of the groups of
	// that time, counted with the earlier corpus, taken from the new groups
	// ordered by the SHA-256 of their names. Groups added since are
	// development data and do not move the split.
	var names []string
	later := 0
	for g := range split {
		switch {
		case inFreshPart(g):
			later++
		case laterGroups[g]:
			later++
			if split[g][true] {
				t.Errorf("group %s was added after the split; it must be development data", g)
			}
		case g != legacyGroup:
			names = append(names, g)
		}
	}
	sort.Slice(names, func(i, j int) bool { return groupHash(names[i]) < groupHash(names[j]) })
	n := int(math.Round(0.28 * float64(len(split)-later)))
	for i, g := range names {
		if want := i < n; split[g][true] != want {
			t.Errorf("group %s: held out %v, but the SHA-256 rule says %v", g, split[g][true], want)
		}
	}

	// The session-3 and session-4 groups have their own splits, by the
	// same kind of rule over the names listed in freshGroups and
	// fresh4Groups: the first round(share) of them by SHA-256 are held out.
	checkGroupSplit(t, split, "fresh", freshGroups, freshHeldOutShare)
	checkGroupSplit(t, split, "fresh4", fresh4Groups, fresh4HeldOutShare)
	checkGroupSplit(t, split, "fresh5", fresh5Groups, fresh5HeldOutShare)
	checkGroupSplit(t, split, "fresh6", fresh6Groups, fresh6HeldOutShare)
	checkGroupSplit(t, split, "fresh7", fresh7Groups, fresh7HeldOutShare)
	checkGroupSplit(t, split, "fresh8", fresh8Groups, fresh8HeldOutShare)
	checkGroupSplit(t, split, "fresh9", fresh9Groups, fresh9HeldOutShare)
	checkGroupSplit(t, split, "fresh10", fresh10Groups, fresh10HeldOutShare)
	checkGroupSplit(t, split, "fresh11", fresh11Groups, fresh11HeldOutShare)
	checkGroupSplit(t, split, "fresh12", fresh12Groups, fresh12HeldOutShare)
	checkGroupSplit(t, split, "fresh13", fresh13Groups, fresh13HeldOutShare)
	checkGroupSplit(t, split, "fresh14", fresh14Groups, fresh14HeldOutShare)
	checkGroupSplit(t, split, "fresh15", fresh15Groups, fresh15HeldOutShare)
	checkGroupSplit(t, split, "fresh16", fresh16Groups, fresh16HeldOutShare)
	checkGroupSplit(t, split, "fresh17", fresh17Groups, fresh17HeldOutShare)
	checkGroupSplit(t, split, "fresh18", fresh18Groups, fresh18HeldOutShare)
	checkGroupSplit(t, split, "fresh19", fresh19Groups, fresh19HeldOutShare)
	checkGroupSplit(t, split, "fresh20", fresh20Groups, fresh20HeldOutShare)
	checkGroupSplit(t, split, "fresh21", fresh21Groups, fresh21HeldOutShare)
	checkGroupSplit(t, split, "fresh22", fresh22Groups, fresh22HeldOutShare)
	checkGroupSplit(t, split, "fresh23", fresh23Groups, fresh23HeldOutShare)
	checkGroupSplit(t, split, "fresh24", fresh24Groups, fresh24HeldOutShare)
	checkGroupSplit(t, split, "fresh25", fresh25Groups, fresh25HeldOutShare)
	checkGroupSplit(t, split, "fresh26", fresh26Groups, fresh26HeldOutShare)
}

// checkGroupSplit checks that of the groups in set, the first
// round(share*len(set)) ordered by the SHA-256 of their names are held out
// and the others are not, and that each has rows in the corpus.
func checkGroupSplit(t *testing.T, split map[string]map[bool]bool, name string, set map[string]bool, share float64) {
	t.Helper()
	var names []string
	for g := range set {
		names = append(names, g)
	}
	sort.Slice(names, func(i, j int) bool { return groupHash(names[i]) < groupHash(names[j]) })
	n := int(math.Round(share * float64(len(names))))
	for i, g := range names {
		s, ok := split[g]
		if !ok {
			t.Errorf("%s group %s has no rows in the corpus", name, g)
			continue
		}
		if want := i < n; s[true] != want {
			t.Errorf("%s group %s: held out %v, but the SHA-256 rule says %v", name, g, s[true], want)
		}
	}
}

// freshGroups are the source groups added in session 3 (testdata/README.md):
// none of their texts had been seen by a rule when they were added. They
// have their own held-out split (freshHeldOutShare), chosen before any rule
// was written on their development part.
var freshGroups = map[string]bool{
	"hmailserver-source":      true,
	"spectrum-aup-codes":      true,
	"messagelabs-symantec":    true,
	"tencent-qq-help":         true,
	"comcast-postmaster":      true,
	"mox-smtpserver":          true,
	"iredapd-policy":          true,
	"smtpf-barricade-replies": true,
	"chinese-mta-reply-list":  true,
}

// fresh4Groups are the source groups added in session 4
// (testdata/README.md), fixed with their labels before any rule changed:
// none of their texts had been seen by a rule or read while writing one.
// All are held out (fresh4HeldOutShare) and measured once, after the
// rules of session 4 were written, by TestCorpusFresh4HeldOut.
var fresh4Groups = map[string]bool{
	"kumomta-sample-bounces":     true,
	"postalsys-classifier-tests": true,
	"rackspace-postmaster":       true,
	"fastmail-help":              true,
	"hosting-helpdesk-kb":        true,
	"postfix-filter-daemons":     true,
}

// fresh5Groups are the source groups added in the second round of session
// 4 (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed: Chinese
// (Simplified and Traditional), Korean and Japanese providers' and hosts'
// bounce texts. All are held out (fresh5HeldOutShare) and measured once,
// after the rules of the round were written, by TestCorpusFresh5HeldOut.
var fresh5Groups = map[string]bool{
	"netease-coremail-codes": true,
	"aliyun-mail-kb":         true,
	"cn-mailhost-kb":         true,
	"taiwan-isp-help":        true,
	"korean-mail-kb":         true,
	"japanese-isp-faq":       true,
}

// fresh6Groups are the source groups added in session 4's third round
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed: the reply
// strings of three open-source SMTP servers (chasquid, Stalwart, maddy), a
// Perl bounce parser's test expectations, Czech, Swiss and German (T-Online)
// provider pages and a Malaysian host's error page. All are held out
// (fresh6HeldOutShare) and measured once, after the rules of the round were
// written, by TestCorpusFresh6HeldOut.
var fresh6Groups = map[string]bool{
	"chasquid-source":         true,
	"stalwart-smtp-inbound":   true,
	"maddy-checks":            true,
	"perl-bounceparser-tests": true,
	"cz-de-provider-pages":    true,
	"newpages-my-help":        true,
}

// fresh7Groups are the source groups added in session 4's fourth round
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed: Exchange's
// NDR status explanations as admins' lists give them, IceWarp's SMTP error
// table, Italian and French providers' help and postmaster pages, and
// hosts' error-code FAQs. All are held out (fresh7HeldOutShare) and
// measured once, after the rules of the round were written, by
// TestCorpusFresh7HeldOut.
var fresh7Groups = map[string]bool{
	"exchange-ndr-explanations": true,
	"icewarp-smtp-errors":       true,
	"italian-provider-help":     true,
	"french-isp-postmaster":     true,
	"hosting-faq-codes":         true,
}

// fresh8Groups are the source groups added in session 8
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed: Apache
// James's SMTP server replies, Postal's SMTP server replies and delivery
// details, spamdyke's rejection texts, email security gateways' documented
// replies (Trend Micro, Cisco IronPort, Vade Secure, Hornetsecurity,
// Fortinet) and outbound relay services' reply tables. All are held out
// (fresh8HeldOutShare) and measured once, after the rules of the round
// were written, by TestCorpusFresh8HeldOut.
var fresh8Groups = map[string]bool{
	"apache-james-smtp":     true,
	"postal-mail-server":    true,
	"spamdyke-filter":       true,
	"security-gateway-docs": true,
	"relay-service-codes":   true,
}

// fresh9Groups are the source groups added in session 9 (testdata/README.md),
// labelled by the README's rules before the classifier was run on them and
// fixed before any rule changed: Postmark's SMTP Field Manual of receivers'
// and filters' replies, bounce lines users pasted in GitHub issue threads of
// mail server projects and of applications and mail libraries, SparkPost's
// support FAQ, SimpleLogin's own SMTP status replies and Polish providers'
// help pages. All are held out (fresh9HeldOutShare) and measured once,
// after the rules of the round were written, by TestCorpusFresh9HeldOut.
var fresh9Groups = map[string]bool{
	"smtp-field-manual":        true,
	"mailserver-issue-threads": true,
	"app-smtp-issue-threads":   true,
	"sparkpost-support-faq":    true,
	"simplelogin-status-codes": true,
	"polish-provider-help":     true,
}

// fresh10Groups are the source groups added in session 10
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed: hosting
// control panels' and web hosts' own pages and mail configurations
// (fresh10a), and groupware and sending services' replies (fresh10b:
// Zimbra's LMTP server replies and BlueMind's fork, PolicyD v2 policy
// replies, Kerio Connect's documentation, HighLevel's email error
// library, SMTP2GO's help). Two engineers added groups to this part at the
// same time; each lists its own below. All are held out
// (fresh10HeldOutShare) and measured once, after the rules of the round
// were written, by TestCorpusFresh10HeldOut.
var fresh10Groups = map[string]bool{
	// fresh10a:
	"plesk-kb":                 true,
	"bluehost-hostgator-kb":    true,
	"hestiacp-exim-acl":        true,
	"other-panel-mail-configs": true,
	"web-host-kb-pages":        true,
	// fresh10b:
	"zimbra-lmtp-replies":    true,
	"cbpolicyd-policy":       true,
	"kerio-connect-docs":     true,
	"highlevel-email-errors": true,
	"smtp2go-help":           true,
}

// fresh11Groups are the source groups added in session 11
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed; two
// engineers added groups to this part at the same time, each listing its
// own: real bounces kept as test data by bounce-processing software
// (fresh11a: Mailman's sample bounces, flanker's, Mautic's and other bounce
// parsers' fixtures) and mail filters' own reject texts and regional
// providers' help pages (fresh11b: the ze-filter milter's, other Sendmail
// milters' and Postfix rate-limit policy daemons' replies, Dutch/Belgian
// and Iberian/Brazilian providers' and hosts' pages). All are held out
// (fresh11HeldOutShare) and measured once, after the rules of the round
// are written, by TestCorpusFresh11HeldOut.
var fresh11Groups = map[string]bool{
	// fresh11a:
	"mailman-bounce-samples":      true,
	"flanker-bounce-fixtures":     true,
	"mautic-bounce-tests":         true,
	"bounce-parser-fixtures-misc": true,
	// fresh11b:
	"ze-filter-milter":            true,
	"milter-reject-texts":         true,
	"postfix-rate-policy-daemons": true,
	"dutch-belgian-provider-help": true,
	"iberian-brazilian-host-help": true,
}

// fresh12Groups are the source groups added in session 12
// (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed; two
// engineers added groups to this part at the same time, each listing its
// own: English-speaking ISPs' and mailbox providers' pages (fresh12a:
// EarthLink's postmaster pages, UK, North American and Australian/New
// Zealand ISPs' pages) and Asian hosts' and portals' pages on returned mail
// (fresh12b: Japanese hosts' and ISPs' help, Japanese delivery notes,
// Vietnamese and Thai hosts, 263 enterprise mail, Chinese hosts' bounce
// tables, Indonesian and Korean administrators' pages). All are held out
// (fresh12HeldOutShare) and measured once, after the rules of the round
// are written, by TestCorpusFresh12HeldOut.
var fresh12Groups = map[string]bool{
	// fresh12a:
	"earthlink-postmaster":    true,
	"uk-isp-pages":            true,
	"north-america-isp-pages": true,
	"anz-isp-pages":           true,
	// fresh12b:
	"japanese-hosting-help":      true,
	"japanese-delivery-notes":    true,
	"southeast-asian-host-help":  true,
	"263-mail-help":              true,
	"chinese-host-bounce-tables": true,
	"asian-admin-pages":          true,
}

// fresh13Groups and fresh14Groups are the source groups added in session
// 13 (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed; four
// engineers added groups at the same time, each listing its own under its
// name. All are held out (fresh13HeldOutShare, fresh14HeldOutShare) and
// measured once, after they are merged and before any rule is written on
// them.
var fresh13Groups = map[string]bool{
	// fresh13a:
	"baruwa-exim-acl":         true,
	"cisco-secure-email-docs": true,
	"filtering-vendor-pages":  true,
	"mailcleaner-exim-acl":    true,
	"sophos-email-gateway":    true,
	// fresh13b:
	"anymail-webhook-tests":     true,
	"mailjet-event-errors":      true,
	"cyberimpact-relay-codes":   true,
	"jetemail-smarthost-errors": true,
	"sendgrid-smtp-error-table": true,
	"smtp-relay-service-pages":  true,
}

var fresh14Groups = map[string]bool{
	// fresh14a:
	"cyrus-lmtpd-replies":  true,
	"citadel-smtp-replies": true,
	"kopano-dagent-lmtp":   true,
	"dovecot-lmtp-server":  true,
	"gromox-smtp-codes":    true,
	"wildduck-mail-server": true,
	// fresh14b:
	"swiss-mail-bounces":       true,
	"uruguay-prolinux-bounces": true,
	"greek-turkish-host-pages": true,
	"regional-isp-notes":       true,
	"balkan-baltic-host-pages": true,
}

// fresh15Groups and fresh16Groups are the source groups of session 13's
// second round (testdata/README.md), labelled by the README's rules before
// the classifier was run on them and fixed before any rule changed; four
// engineers added groups at the same time, each listing its own under its
// name. All are held out and measured once, after they are merged and
// before any rule is written on them.
var fresh15Groups = map[string]bool{
	// fresh15a:
	"hosting-panel-issue-threads":    true,
	"webmail-issue-threads":          true,
	"site-app-issue-threads":         true,
	"hosting-forum-threads":          true,
	"hosting-company-support-pages":  true,
	"hosting-user-community-threads": true,
	// fresh15b:
	"app-notification-bounce-threads":     true,
	"campus-helpdesk-bounce-cases":        true,
	"filter-and-library-question-threads": true,
	"forum-and-advice-column-posts":       true,
	"microsoftdocs-ndr-feedback-threads":  true,
	"support-question-issue-threads":      true,
}

var fresh16Groups = map[string]bool{
	// fresh16a:
	"project-infra-bounce-threads": true,
	"email-verifier-issue-threads": true,
	"bounce-parser-issue-threads":  true,
	"list-owner-bounce-notes":      true,
	"panel-webmail-issue-threads":  true,
	// fresh16b:
	"bouncehammer-examples":     true,
	"php-bounce-handler-eml":    true,
	"mail-library-dsn-fixtures": true,
	"froide-bounce-testdata":    true,
}

// fresh17Groups and fresh18Groups are the source groups of session 13's
// third round (testdata/README.md), labelled by the README's rules before
// the classifier was run on them and fixed before any rule changed; four
// engineers added groups at the same time, each listing its own under its
// name. All are held out and measured once, after they are merged and
// before any rule is written on them.
var fresh17Groups = map[string]bool{
	// fresh17a:
	"dach-host-help-pages":            true,
	"forpsi-kb":                       true,
	"german-host-outbound-refusals":   true,
	"italian-admin-pages":             true,
	"sitepackage-de-provider-replies": true,
	// fresh17b:
	"suped-knowledge-articles":            true,
	"deliverability-blog-quotes":          true,
	"mailgun-classified-bounces":          true,
	"topdeliverability-microsoft-unknown": true,
	"returnpath-block-examples":           true,
}

var fresh18Groups = map[string]bool{
	// fresh18a:
	"small-hosts-help-replies": true,
	"hosts-mail-policy-pages":  true,
	"hosts-mail-admin-blocks":  true,
	// fresh18b:
	"php-mailer-exception-threads":       true,
	"node-python-mailer-threads":         true,
	"mail-client-help-pages":             true,
	"php-webmail-plugin-threads":         true,
	"ruby-go-dotnet-java-mailer-threads": true,
}

// fresh19Groups and fresh20Groups are the source groups of session 13's
// fourth round (testdata/README.md): the diagnostic texts of the real
// bounces Sisimai keeps as its test set, labelled by the README's rules
// before the classifier was run on them and fixed before any rule
// changed; four engineers added groups at the same time, each listing its
// own under its name. All are held out and measured once, after they are
// merged and before any rule is written on them.
var fresh19Groups = map[string]bool{
	// fresh19a:
	"sisimai-emails-amazon":    true,
	"sisimai-emails-exim":      true,
	"sisimai-emails-misc-mtas": true,
	// fresh19b:
	"sisimai-emails-google":      true,
	"sisimai-emails-gmx":         true,
	"sisimai-emails-imailserver": true,
	"sisimai-emails-facebook":    true,
}

var fresh20Groups = map[string]bool{
	// fresh20a:
	"sisimai-emails-postfix":  true,
	"sisimai-emails-qmail":    true,
	"sisimai-emails-sendmail": true,
	"sisimai-emails-yahoo":    true,
	"sisimai-emails-zoho":     true,
	// fresh20b:
	"sisimai-rhost-google": true,
	"sisimai-rhost-misc":   true,
	"sisimai-lhost-misc":   true,
}

// fresh21Groups and fresh22Groups are the source groups of session 14's
// round (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed; four
// engineers added groups at the same time, each listing its own under its
// name. All are held out and measured once, after they are merged and
// before any rule is written on them.
var fresh21Groups = map[string]bool{
	// fresh21a:
	"sisimai-emails-courier-exim-fml":   true,
	"sisimai-emails-exchange-messaging": true,
	"sisimai-emails-filter-gateways":    true,
	"sisimai-emails-japanese-carriers":  true,
	"sisimai-emails-providers-a-m":      true,
	// fresh21b:
	"sisimai-emails-microsoft":         true,
	"sisimai-emails-postfix-opensmtpd": true,
	"sisimai-emails-sendmail-qmail":    true,
	"sisimai-emails-providers-misc":    true,
}

var fresh22Groups = map[string]bool{
	// fresh22a:
	"chatwoot-bounce-fixtures":     true,
	"civicrm-bounce-patterns":      true,
	"cuttlefish-postfix-log-specs": true,
	"dada-mail-bounce-corpus":      true,
	"odoo-mail-bounce-tests":       true,
	"zammad-bounce-fixtures":       true,
	// fresh22b:
	"docker-mail-stack-threads":    true,
	"mailcow-issue-threads":        true,
	"mail-suite-installer-threads": true,
	"control-panel-mail-threads":   true,
	"selfhosted-mta-issue-threads": true,
}

// fresh23Groups and fresh24Groups are the source groups of session 15's
// round (testdata/README.md), labelled by the README's rules before the
// classifier was run on them and fixed before any rule changed; four
// engineers added groups at the same time, each listing its own under its
// name. All are held out and measured once, after they are merged and
// before any rule is written on them.
var fresh23Groups = map[string]bool{
	// fresh23a:
	"bounce-email-gem-bounces":    true,
	"emailengine-bounce-fixtures": true,
	"java-bounce-parser-samples":  true,
	"commcare-bounce-fixtures":    true,
	// fresh23b:
	"maropost-smtp-api-errors":             true,
	"sendgrid-classroom-articles":          true,
	"salesforce-bounce-management-strings": true,
	"postmark-support-articles":            true,
	"cleverreach-bounce-meanings":          true,
	"insnap-campaign-bounce-codes":         true,
}

var fresh24Groups = map[string]bool{
	// fresh24a:
	"indian-mailbox-provider-codes": true,
	"east-european-host-pages":      true,
	// fresh24b:
	"zonemta-source-replies":         true,
	"assp-ng-config-replies":         true,
	"proxmox-gateway-source-replies": true,
	"rspamd-milter-source-replies":   true,
}

// fresh25Groups are the source groups of session 15's second, smaller
// round, added and measured like fresh23Groups.
var fresh25Groups = map[string]bool{
	// fresh25a:
	"magento-smtp-extension-threads": true,
	"php-cms-smtp-plugin-threads":    true,
	"web-app-smtp-settings-threads":  true,
	"wordpress-mail-help-pages":      true,
	// fresh25b:
	"stackexchange-mirrored-answers": true,
	"discourse-meta-email-threads":   true,
	"mail-list-answered-questions":   true,
}

// fresh26Groups are the source groups of session 15's third round, on
// cPanel hosting's own texts, added and measured like fresh23Groups.
var fresh26Groups = map[string]bool{
	// fresh26a:
	// fresh26b:
	"small-host-wiki-pages": true,
}

// freshParts are the groups of each held-out part added after the first
// split, session 3's first: each part has its own split and floor.
func freshParts() []map[string]bool {
	return []map[string]bool{freshGroups, fresh4Groups, fresh5Groups, fresh6Groups, fresh7Groups,
		fresh8Groups, fresh9Groups, fresh10Groups, fresh11Groups, fresh12Groups,
		fresh13Groups, fresh14Groups, fresh15Groups, fresh16Groups, fresh17Groups, fresh18Groups,
		fresh19Groups, fresh20Groups, fresh21Groups, fresh22Groups, fresh23Groups, fresh24Groups, fresh25Groups, fresh26Groups}
}

// inFreshPart reports whether group g is in one of freshParts.
func inFreshPart(g string) bool {
	for _, part := range freshParts() {
		if part[g] {
			return true
		}
	}
	return false
}

// unmeasured reports whether group g is in a held-out part whose one
// measurement has not been made: the word model (words.go) does not learn
// from it. A new part's groups go here until its one measurement is made.
func unmeasured(g string) bool { return false }

// laterGroups are the source groups added after the held-out split was
// made (testdata/README.md): development data, outside the SHA-256 rule.
var laterGroups = map[string]bool{
	"phpmailer-bmh-examples":       true,
	"php-bounce-handler-responses": true,
	"postfix-smtpd-test-refs":      true,
	"openemm-bounce-rules":         true,
	"mda-delivery-agents":          true,
	"momentum-adaptive-rules":      true,
	"bounce-libraries-misc":        true,
}

func groupHash(name string) string {
	h := sha256.Sum256([]byte(name))
	return hex.EncodeToString(h[:])
}

// sourceAliases are the reason abbreviations of testdata/sources.
func sourceAliases() map[string]Reason {
	return map[string]Reason{
		"ru": RecipientUnknown, "mf": MailboxFull, "md": MailboxDisabled, "du": DomainUnknown,
		"bl": Blocklisted, "ptr": PTRMissing, "auth": AuthFailure, "sr": SenderRejected,
		"rd": RelayDenied, "spam": SpamContent, "pol": PolicyRejected, "rate": RateLimited,
		"grey": Greylisted, "sl": SendLimit, "ob": OutgoingBlocked, "big": MessageTooLarge,
		"net": NetworkError, "unk": Unknown,
	}
}

// TestCorpusMatchesSources checks that every row outside the earlier
// corpus is a line of testdata/sources with the same group, reason and
// source, and that every line there is in the corpus (once: a text already
// present is not added again).
func TestCorpusMatchesSources(t *testing.T) {
	type key struct{ group, reason, text string }
	lines := map[key]string{} // -> source
	files, err := filepath.Glob("testdata/sources/*.txt")
	if err != nil || len(files) == 0 {
		t.Fatalf("no source files: %v", err)
	}
	aliases := sourceAliases()
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		var group, source string
		for n, l := range strings.Split(string(data), "\n") {
			switch {
			case strings.TrimSpace(l) == "":
			case strings.HasPrefix(l, "#group "):
				group = strings.TrimSpace(l[len("#group "):])
			case strings.HasPrefix(l, "#source "):
				source = strings.TrimSpace(l[len("#source "):])
			default:
				a, text, _ := strings.Cut(l, " ")
				r, ok := aliases[a]
				if !ok || group == "" || source == "" {
					t.Fatalf("%s:%d: want \"reason text\" after #group and #source, got %q", f, n+1, l)
				}
				lines[key{group, string(r), strings.TrimSpace(text)}] = source
			}
		}
	}
	inCorpus := map[string]bool{}
	for _, r := range loadCorpus(t) {
		inCorpus[strings.ToLower(r.text)] = true
		if r.group == legacyGroup {
			continue
		}
		src, ok := lines[key{r.group, r.label, r.text}]
		if !ok {
			t.Errorf("%s: not in testdata/sources as group %s, reason %s", r.id, r.group, r.label)
		} else if src != r.source {
			t.Errorf("%s: source %q, testdata/sources says %q", r.id, r.source, src)
		}
	}
	for k := range lines {
		if !inCorpus[strings.ToLower(k.text)] {
			t.Errorf("testdata/sources line of %s is not in corpus.tsv: %s", k.group, k.text)
		}
	}
}

// TestCorpusHeldOut measures agreement on the held-out sources: texts from
// providers and MTAs whose wording no rule was written on. It logs agreement
// per reason, the confusion pairs (label -> classified) and every miss, and
// fails below heldOutFloor.
func TestCorpusHeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool {
		return !inFreshPart(g)
	}, heldOutFloor)
}

// TestCorpusFreshHeldOut measures agreement on the held-out part of the
// session-3 groups (freshGroups): texts no rule had seen, kept out while the
// rules were generalised on the development part. It logs the same tables
// as TestCorpusHeldOut and fails below freshHeldOutFloor.
func TestCorpusFreshHeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return freshGroups[g] }, freshHeldOutFloor)
}

// TestCorpusFresh4HeldOut measures agreement on the session-4 groups
// (fresh4Groups), all held out while the rules of session 4 were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh4HeldOutFloor.
func TestCorpusFresh4HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh4Groups[g] }, fresh4HeldOutFloor)
}

// TestCorpusFresh5HeldOut measures agreement on the session-5 groups
// (fresh5Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh5HeldOutFloor.
func TestCorpusFresh5HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh5Groups[g] }, fresh5HeldOutFloor)
}

// TestCorpusFresh6HeldOut measures agreement on the session-6 groups
// (fresh6Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh6HeldOutFloor.
func TestCorpusFresh6HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh6Groups[g] }, fresh6HeldOutFloor)
}

// TestCorpusFresh7HeldOut measures agreement on the session-7 groups
// (fresh7Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh7HeldOutFloor.
func TestCorpusFresh7HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh7Groups[g] }, fresh7HeldOutFloor)
}

// TestCorpusFresh8HeldOut measures agreement on the session-8 groups
// (fresh8Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh8HeldOutFloor.
func TestCorpusFresh8HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh8Groups[g] }, fresh8HeldOutFloor)
}

// TestCorpusFresh9HeldOut measures agreement on the session-9 groups
// (fresh9Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh9HeldOutFloor.
func TestCorpusFresh9HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh9Groups[g] }, fresh9HeldOutFloor)
}

// TestCorpusFresh10HeldOut measures agreement on the session-10 groups
// (fresh10Groups), all held out while the rules of the round were written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh10HeldOutFloor.
func TestCorpusFresh10HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh10Groups[g] }, fresh10HeldOutFloor)
}

// TestCorpusFresh11HeldOut measures agreement on the session-11 groups
// (fresh11Groups), all held out while the rules of the round are written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh11HeldOutFloor.
func TestCorpusFresh11HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh11Groups[g] }, fresh11HeldOutFloor)
}

// TestCorpusFresh12HeldOut measures agreement on the session-12 groups
// (fresh12Groups), all held out while the rules of the round are written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh12HeldOutFloor.
func TestCorpusFresh12HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh12Groups[g] }, fresh12HeldOutFloor)
}

// TestCorpusFresh13HeldOut measures agreement on the session-13 groups
// of sending services and security gateways (fresh13Groups), all held out
// while the rules of the round are written. It logs the same tables as
// TestCorpusHeldOut and fails below fresh13HeldOutFloor.
func TestCorpusFresh13HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh13Groups[g] }, fresh13HeldOutFloor)
}

// TestCorpusFresh14HeldOut measures agreement on the session-13 groups
// of mail servers and regional providers (fresh14Groups), all held out
// while the rules of the round are written. It logs the same tables as
// TestCorpusHeldOut and fails below fresh14HeldOutFloor.
func TestCorpusFresh14HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh14Groups[g] }, fresh14HeldOutFloor)
}

// TestCorpusFresh15HeldOut measures agreement on the second round's
// groups of bounces quoted by hosting users and in Q&A threads
// (fresh15Groups), all held out while the rules of the round are written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh15HeldOutFloor.
func TestCorpusFresh15HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh15Groups[g] }, fresh15HeldOutFloor)
}

// TestCorpusFresh16HeldOut measures agreement on the second round's
// groups of bounces in list archives, bug trackers and mail libraries'
// fixtures (fresh16Groups), all held out while the rules of the round are
// written. It logs the same tables as TestCorpusHeldOut and fails below
// fresh16HeldOutFloor.
func TestCorpusFresh16HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh16Groups[g] }, fresh16HeldOutFloor)
}

// TestCorpusFresh17HeldOut measures agreement on the third round's groups
// of bounces in other languages and quoted by deliverability writers
// (fresh17Groups), all held out while the rules of the round are written.
// It logs the same tables as TestCorpusHeldOut and fails below
// fresh17HeldOutFloor.
func TestCorpusFresh17HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh17Groups[g] }, fresh17HeldOutFloor)
}

// TestCorpusFresh18HeldOut measures agreement on the third round's groups
// of hosts' help pages and mail clients' and mail libraries' sending
// errors (fresh18Groups), all held out while the rules of the round are
// written. It logs the same tables as TestCorpusHeldOut and fails below
// fresh18HeldOutFloor.
func TestCorpusFresh18HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh18Groups[g] }, fresh18HeldOutFloor)
}

// TestCorpusFresh19HeldOut measures agreement on the fourth round's
// groups of Sisimai's real bounces (the MTAs from Amazon to Exim, Google,
// GMX, IMail and Facebook: fresh19Groups), all held out while the rules of
// the round are written. It fails below fresh19HeldOutFloor.
func TestCorpusFresh19HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh19Groups[g] }, fresh19HeldOutFloor)
}

// TestCorpusFresh20HeldOut measures agreement on the fourth round's
// groups of Sisimai's real bounces (Postfix, qmail, Sendmail, Yahoo, Zoho
// and the providers' own: fresh20Groups), all held out while the rules of
// the round are written. It fails below fresh20HeldOutFloor.
func TestCorpusFresh20HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh20Groups[g] }, fresh20HeldOutFloor)
}

// TestCorpusFresh21HeldOut measures agreement on session 14's groups of
// Sisimai's real bounces not read before (filter gateways, Exchange and
// Office 365, Messaging Server, Japanese carriers, Postfix, OpenSMTPD,
// Sendmail and other providers' notices: fresh21Groups), all held out
// while the rules of the round are written. It fails below
// fresh21HeldOutFloor.
func TestCorpusFresh21HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh21Groups[g] }, fresh21HeldOutFloor)
}

// TestCorpusFresh22HeldOut measures agreement on session 14's groups of
// bounces that help desks, CRMs and list software keep as test data, and
// that people running their own mail servers quote in issue threads
// (fresh22Groups), all held out while the rules of the round are written.
// It fails below fresh22HeldOutFloor.
func TestCorpusFresh22HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh22Groups[g] }, fresh22HeldOutFloor)
}

// measureHeldOut reports agreement on the held-out rows of the groups in
// (a predicate over group names) and fails below floor.
func measureHeldOut(t *testing.T, in func(group string) bool, floor float64) {
	ta := newTally()
	for _, label := range Reasons() {
		ta.add(string(label), true) // fix the table order
		ta.total[string(label)]--
		ta.hit[string(label)]--
	}
	confusion := map[string]int{}
	groups := newTally()
	var misses []string
	for _, r := range loadCorpus(t) {
		if !r.heldOut || !in(r.group) {
			continue
		}
		c := explained(r.text)
		ok := string(c.Reason) == r.label
		ta.add(r.label, ok)
		groups.add(r.group, ok)
		if !ok {
			confusion[r.label+" -> "+string(c.Reason)]++
			misses = append(misses, fmt.Sprintf("%s [%s]: want %s, got %s\n\t%s", r.id, r.group, r.label, c.Reason, r.text))
		}
	}
	hit, total := ta.overall()
	if total == 0 {
		t.Fatal("no held-out rows")
	}
	t.Log(ta.table("reason agreement, testdata/corpus.tsv held-out sources"))
	t.Log(groups.table("reason agreement per held-out source group"))
	t.Log(confusionTable(confusion))
	for _, m := range misses {
		t.Log(m)
	}
	if float64(hit) < floor*float64(total) {
		t.Errorf("held-out agreement %d/%d (%.1f%%) is below %.0f%%", hit, total, 100*float64(hit)/float64(total), 100*floor)
	}
}

// confusionTable lists label -> classified pairs, most frequent first.
func confusionTable(pairs map[string]int) string {
	keys := make([]string, 0, len(pairs))
	for k := range pairs {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if pairs[keys[i]] != pairs[keys[j]] {
			return pairs[keys[i]] > pairs[keys[j]]
		}
		return keys[i] < keys[j]
	})
	var b strings.Builder
	b.WriteString("confusion pairs (label -> classified):")
	for _, k := range keys {
		fmt.Fprintf(&b, "\n%4d  %s", pairs[k], k)
	}
	return b.String()
}

// TestCorpusFresh23HeldOut measures agreement on session 15's groups of
// bounce-parsing libraries' fixtures and sending services' pages
// (fresh23Groups), all held out while the rules of the round are written.
// It fails below fresh23HeldOutFloor.
func TestCorpusFresh23HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh23Groups[g] }, fresh23HeldOutFloor)
}

// TestCorpusFresh24HeldOut measures agreement on session 15's groups of
// regional providers' pages and commercial servers' and filters' source
// (fresh24Groups), all held out while the rules of the round are written.
// It fails below fresh24HeldOutFloor.
func TestCorpusFresh24HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh24Groups[g] }, fresh24HeldOutFloor)
}

// TestCorpusFresh25HeldOut measures agreement on session 15's second
// round: errors quoted from WordPress and web apps' SMTP plugins and
// settings, and bounce lines in system administrators' answered questions
// (fresh25Groups), all held out while the rules of the round are written.
// It fails below fresh25HeldOutFloor.
func TestCorpusFresh25HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh25Groups[g] }, fresh25HeldOutFloor)
}

// TestCorpusFresh26HeldOut measures agreement on session 15's third
// round, on cPanel hosts' own pages (fresh26Groups), held out while the
// rules of the round are written. It fails below fresh26HeldOutFloor.
func TestCorpusFresh26HeldOut(t *testing.T) {
	measureHeldOut(t, func(g string) bool { return fresh26Groups[g] }, fresh26HeldOutFloor)
}
