package bounce

import "strings"

// A hint is a fact about the text that is not a reason by itself.
type hint uint16

const (
	hintTemp      hint = 1 << iota // defer wording: "try again later", "deferred"
	hintPerm                       // final wording: "giving up", "permanent"
	hintSender                     // about the envelope sender: after MAIL FROM, "Sender address rejected"
	hintConnStage                  // the refusal came at connection time
	hintZone                       // a blocklist zone name follows the phrase
	hintRetry                      // a retry delay follows the phrase
	hintThrottle                   // a reputation block that is a throttle when temporary
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
// are bucketed by the first two bytes of their phrase, so the scan costs a
// table lookup per word plus a comparison for the few rules in its bucket.
// A matcher is immutable once built and safe for concurrent use.
type matcher struct {
	rules []rule
	start [nBuckets + 1]uint16 // rules of bucket b: ids[start[b]:start[b+1]]
	ids   []uint16
	third []byte // third byte of each ids entry's phrase (0 if none): a cheap prefilter
}

const (
	nClass1  = 36 // a-z, 0-9
	nClass2  = 38 // a-z, 0-9, space, other
	nBuckets = nClass1 * nClass2
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

func bucketOf(a, b byte) int {
	c := class1(a)
	if c < 0 {
		return -1
	}
	return c*nClass2 + class2(b)
}

// newMatcher indexes rules. It panics on a malformed phrase: the table is a
// constant of this package, so that is a programming error caught by tests.
func newMatcher(rules []rule) *matcher {
	m := &matcher{rules: rules}
	var count [nBuckets]int
	for i, r := range rules {
		if len(r.phrase) < 2 || strings.ContainsAny(r.phrase, "ABCDEFGHIJKLMNOPQRSTUVWXYZ\t\n") || strings.Contains(r.phrase, "  ") {
			panic("bounce: bad phrase " + r.phrase)
		}
		b := bucketOf(r.phrase[0], r.phrase[1])
		if b < 0 || i > 0xffff {
			panic("bounce: bad phrase " + r.phrase)
		}
		count[b]++
	}
	n := 0
	for b := range count {
		m.start[b] = uint16(n)
		n += count[b]
	}
	m.start[nBuckets] = uint16(n)
	m.ids = make([]uint16, n)
	m.third = make([]byte, n)
	var fill [nBuckets]int
	for i, r := range rules {
		b := bucketOf(r.phrase[0], r.phrase[1])
		k := int(m.start[b]) + fill[b]
		m.ids[k] = uint16(i)
		if len(r.phrase) > 2 {
			m.third[k] = r.phrase[2]
		}
		fill[b]++
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
	for i := 0; i+1 < len(b); i++ {
		if i > 0 && isAlnum(b[i-1]) {
			continue
		}
		bk := bucketOf(b[i], b[i+1])
		if bk < 0 {
			continue
		}
		var c3 byte
		if i+2 < len(b) {
			c3 = b[i+2]
		}
		lo, hi := int(m.start[bk]), int(m.start[bk+1])
		for k := lo; k < hi; k++ {
			if t := m.third[k]; t != 0 && t != c3 {
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
