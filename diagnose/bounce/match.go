package bounce

import (
	"math/bits"
	"strings"
)

// A hint is a fact about the text that is not a reason by itself.
type hint uint16

const (
	hintTemp        hint = 1 << iota // defer wording: "try again later", "deferred"
	hintPerm                         // final wording: "giving up", "permanent"
	hintSender                       // about the envelope sender: after MAIL FROM, "Sender address rejected"
	hintConnStage                    // the refusal came at connection time
	hintZone                         // a blocklist zone name follows the phrase
	hintRetry                        // a retry delay follows the phrase
	hintThrottle                     // a reputation block that is a throttle when temporary
	hintRcptStage                    // the refusal came in reply to RCPT TO
	hintMailStage                    // the refusal came in reply to MAIL FROM
	hintDynamic                      // the sending IP said to be dynamic, residential or dial-up space
	hintReverseDNS                   // reverse DNS (PTR) named
	hintBareRefusal                  // "message rejected", "message blocked": the message refused as a whole
)

// A rule is one phrase of the classifier's vocabulary. Phrases are lower
// case, single-spaced and start with a letter or digit; they match at the
// start of a word of the normalized text.
type rule struct {
	phrase string
	// then, when set, must also occur within nearWindow bytes after phrase.
	then   string
	reason Reason // "" for rules that only set hints or name a list
	prio   uint8  // higher wins; see the prio* constants
	hints  hint
	whole  bool   // phrase must end at a word boundary
	list   string // the blocklist this phrase names, if any
	// subj and pred are concept bits: the phrase is a subject ("mailbox") or
	// a predicate ("does not exist") of the concepts whose bits are set.
	subj, pred uint64
}

// A concept is a meaning matched as any of its subjects followed, within
// nearWindow bytes, by any of its predicates ("recipient ... not found",
// "sender ... refused"). Matching it costs nothing beyond the phrases: the
// scan remembers where each concept's last subject ended.
type concept struct {
	reason Reason
	prio   uint8
}

// maxConcepts is the number of concept bits in a rule.
const maxConcepts = 64

// A table is the vocabulary as vocab builds it: phrases and concepts.
type table struct {
	rules    []rule
	concepts []concept
}

// Priorities. A phrase of weakPrio or less yields to an enhanced status
// code that names a reason (a hintPrio word yields to all but x.7.1);
// stronger phrases win over any code.
const (
	weakPrio   = 2
	hintPrio   = 1 // a bare word: wins only over a generic x.7.1 status
	nearWindow = 100
)

// A matcher finds every rule whose phrase starts a word of the text. Rules
// are bucketed by the first three bytes of their phrase (two-byte phrases
// sit in every bucket of their first two), so the scan costs a table lookup
// per word plus, for the few rules in its bucket, a compare of bytes four to
// seven as one 32-bit word before the phrase itself is compared. A matcher
// is immutable once built and safe for concurrent use.
type matcher struct {
	rules []rule   // the phrases, then one rule per concept (not bucketed)
	start []uint16 // rules of bucket b: ids[start[b]:start[b+1]]
	ids   []uint16
	// next and mask are bytes 3-6 of each ids entry's phrase, little endian,
	// and which of them it has: a cheap prefilter.
	next, mask []uint32
	// conceptRule[k] is the index in rules of concept k's reason and prio.
	conceptRule [maxConcepts]uint16
}

const (
	nClass1 = 36 // a-z, 0-9
	nClass2 = 38 // a-z, 0-9, space, other
	nASCII  = nClass1 * nClass2 * nClass2
	// Phrases that start with a character outside ASCII (Chinese,
	// Japanese, Korean words) are bucketed by a hash of their first three
	// bytes, after the ASCII buckets: in UTF-8 that is the whole first
	// character of a CJK phrase.
	nWide    = 1024
	nBuckets = nASCII + nWide
)

// class1 maps a word's first byte to 0..35, or -1 if no phrase starts with it.
func class1(c byte) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + int(c-'0')
	}
	return -1
}

func class2(c byte) int {
	switch {
	case 'a' <= c && c <= 'z':
		return int(c - 'a')
	case '0' <= c && c <= '9':
		return 26 + int(c-'0')
	case c == ' ':
		return 36
	}
	return 37
}

func bucketOf(a, b, c byte) int {
	if a >= 0xc0 { // a UTF-8 lead byte
		return nASCII + int((uint(a)*31+uint(b))*64+uint(c&0x3f))%nWide
	}
	c1 := class1(a)
	if c1 < 0 {
		return -1
	}
	return (c1*nClass2+class2(b))*nClass2 + class2(c)
}

// bucketsOf returns the buckets a phrase is filed in: one, or all 38 of its
// first two bytes for a two-byte phrase.
func bucketsOf(ph string, f func(b int)) {
	if len(ph) > 2 {
		f(bucketOf(ph[0], ph[1], ph[2]))
		return
	}
	base := bucketOf(ph[0], ph[1], 'a') - class2('a')
	for c := 0; c < nClass2; c++ {
		f(base + c)
	}
}

// newMatcher indexes a table. It panics on a malformed phrase or too many
// concepts: the table is a constant of this package, so that is a
// programming error caught by tests.
func newMatcher(tab table) *matcher {
	rules := tab.rules
	if len(tab.concepts) > maxConcepts {
		panic("bounce: too many concepts")
	}
	m := &matcher{start: make([]uint16, nBuckets+1)}
	count := make([]int, nBuckets)
	for i, r := range rules {
		if len(r.phrase) < 2 || strings.ContainsAny(r.phrase, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n") || strings.Contains(r.phrase, "  ") ||
			(class1(r.phrase[0]) < 0 && !wideStart(r.phrase)) || i >= 0xffff {
			panic("bounce: bad phrase " + r.phrase)
		}
		bucketsOf(r.phrase, func(b int) { count[b]++ })
	}
	n := 0
	for b := range count {
		m.start[b] = uint16(n)
		n += count[b]
	}
	if n > 0xffff {
		panic("bounce: too many bucket entries")
	}
	m.start[nBuckets] = uint16(n)
	m.ids = make([]uint16, n)
	m.next = make([]uint32, n)
	m.mask = make([]uint32, n)
	fill := make([]int, nBuckets)
	for i, r := range rules {
		bucketsOf(r.phrase, func(b int) {
			k := int(m.start[b]) + fill[b]
			m.ids[k] = uint16(i)
			for j := 0; j < 4 && 3+j < len(r.phrase); j++ {
				m.next[k] |= uint32(r.phrase[3+j]) << (8 * j)
				m.mask[k] |= 0xff << (8 * j)
			}
			fill[b]++
		})
	}
	m.rules = append(rules[:len(rules):len(rules)], make([]rule, len(tab.concepts))...)
	for k, c := range tab.concepts {
		id := len(rules) + k
		m.rules[id] = rule{reason: c.reason, prio: c.prio}
		m.conceptRule[k] = uint16(id)
	}
	return m
}

// A scan is what a matcher found in one text.
type scan struct {
	best    int // index of the winning reason rule, or -1
	bestPos int
	hints   hint

	list     string // best blocklist name found
	listRank int    // 3 known zone, 2 zone read from the text, 1 provider
	listPos  int
	zoneAt   int // where a zone name may follow ("blocked using "), or -1
	retryAt  int // where a retry delay may follow ("try again in "), or -1
}

// scan matches every rule against the normalized text b.
func (m *matcher) scan(b []byte) scan {
	s := scan{best: -1, zoneAt: -1, retryAt: -1}
	var subjSeen uint64                     // concepts whose subject was seen
	var subjPos, subjEnd [maxConcepts]int32 // where each concept's last subject was
	for i := 0; i+1 < len(b); i++ {
		// ASCII phrases start a word; a CJK phrase may start anywhere a
		// character does (those scripts do not separate words).
		if i > 0 && b[i] < 0x80 && isAlnum(b[i-1]) {
			continue
		}
		c3 := byte(' ')
		if i+2 < len(b) {
			c3 = b[i+2]
		}
		bk := bucketOf(b[i], b[i+1], c3)
		if bk < 0 {
			continue
		}
		lo, hi := int(m.start[bk]), int(m.start[bk+1])
		if lo == hi {
			continue
		}
		var w uint32 // bytes i+3 to i+6 of the text
		if i+7 <= len(b) {
			w = uint32(b[i+3]) | uint32(b[i+4])<<8 | uint32(b[i+5])<<16 | uint32(b[i+6])<<24
		} else {
			for j := 0; i+3+j < len(b); j++ {
				w |= uint32(b[i+3+j]) << (8 * j)
			}
		}
		for k := lo; k < hi; k++ {
			if w&m.mask[k] != m.next[k] {
				continue
			}
			id := m.ids[k]
			r := &m.rules[id]
			end := i + len(r.phrase)
			if end > len(b) || string(b[i:end]) != r.phrase {
				continue
			}
			if r.whole && !wordEnds(b, end) {
				continue
			}
			if r.then != "" {
				lim := min(len(b), end+nearWindow)
				if !containsString(b[end:lim], r.then) {
					continue
				}
			}
			for set := r.pred & subjSeen; set != 0; set &= set - 1 {
				c := bits.TrailingZeros64(set)
				if d := i - int(subjEnd[c]); d >= 0 && d <= nearWindow {
					s.add(m.rules, int(m.conceptRule[c]), int(subjPos[c]), end)
				}
			}
			for set := r.subj; set != 0; set &= set - 1 {
				c := bits.TrailingZeros64(set)
				subjSeen |= 1 << c
				subjPos[c], subjEnd[c] = int32(i), int32(end)
			}
			s.add(m.rules, int(id), i, end)
		}
	}
	return s
}

func (s *scan) add(rules []rule, id, pos, end int) {
	r := &rules[id]
	s.hints |= r.hints
	if r.hints&hintZone != 0 && s.zoneAt < 0 {
		s.zoneAt = end
	}
	if r.hints&hintRetry != 0 && s.retryAt < 0 {
		s.retryAt = end
	}
	if r.list != "" {
		rank := 1
		if strings.IndexByte(r.list, '.') >= 0 {
			rank = 3
		}
		if rank > s.listRank {
			s.list, s.listRank, s.listPos = r.list, rank, pos
		}
	}
	if r.reason == "" {
		return
	}
	if s.best < 0 || r.prio > rules[s.best].prio {
		s.best, s.bestPos = id, pos
	}
}

// wideStart reports whether a phrase starts with a whole character of
// three or more bytes (the CJK scripts in UTF-8): such phrases are
// bucketed by bucketOf's hash and matched at any character start.
func wideStart(ph string) bool {
	return len(ph) >= 3 && ph[0] >= 0xe0 && ph[1]&0xc0 == 0x80 && ph[2]&0xc0 == 0x80
}

// wordEnds reports whether the word ends at b[i]: the text ends, or the next
// byte is not a letter or digit and is not a dot inside a host name.
func wordEnds(b []byte, i int) bool {
	if i >= len(b) {
		return true
	}
	c := b[i]
	if isAlnum(c) {
		return false
	}
	if (c == '.' || c == '-' || c == '_') && i+1 < len(b) && isAlnum(b[i+1]) {
		return false
	}
	return true
}

// containsString reports whether s occurs in b, without converting either.
func containsString(b []byte, s string) bool {
	if len(s) == 0 {
		return true
	}
	for i := 0; i+len(s) <= len(b); i++ {
		if b[i] == s[0] && string(b[i:i+len(s)]) == s {
			return true
		}
	}
	return false
}
