package bounce

import (
	_ "embed"
	"math"
	"strconv"
	"strings"
	"sync"
)

// The word model is the classifier's last resort. When no phrase of the
// vocabulary, no status and no code names a reason (and no phrase names a
// known cause that fits none, such as a mail loop), the text's words still
// say something: "quota" and "storage" lean to a full mailbox, "policy" and
// "content" to a filter. The model is a naive Bayes classifier over the
// words and word pairs of the labelled corpus (testdata/corpus.tsv), counted
// by TestWordModelMatchesCorpus into words.tsv; a text it cannot place with
// confidence stays Unknown.
//
// Measured on the four corpus parts held out in earlier rounds, each read
// by the rules as they stood when the part was first measured and by a
// model counted without that part or any later one, it raises agreement on
// those 539 unseen texts from 451 to 470 (bench/wordmodel-history.sh,
// testdata/README.md).

//go:embed words.tsv
var wordsTSV string

// guessMin is the posterior probability the word model's best reason needs
// before it replaces Unknown. Measured as above when it was chosen, 0.7
// gave 33 guesses of which 22 were right; 0.5 gave 38 and 24, 0.9 gave 21
// and 15.
const guessMin = 0.7

// maxWordFeatures bounds the features read from one text (words and word
// pairs); the rest of a very long text is not read.
const maxWordFeatures = 512

// A wordModel holds the log-probability of each feature under each reason,
// stored sparsely: a feature's weight for a reason is base[r] plus its
// delta for that reason, when it has one.
type wordModel struct {
	reasons []Reason
	prior   []float64 // half the log prior of each reason
	base    []float64 // log P(feature | reason) of a feature never seen with the reason
	// keys and spans are an open-addressing table of the features: a
	// feature's hash, and where its deltas are (start<<8 | count).
	keys   []uint64
	spans  []uint32
	deltas []wordDelta
}

// A wordDelta is what one feature adds, over base, for one reason.
type wordDelta struct {
	reason uint8
	delta  float32
}

// wordModelOnce parses words.tsv on first use.
var wordModelOnce = sync.OnceValue(func() *wordModel { return parseWordModel(wordsTSV) })

// parseWordModel reads the format TestWordModelMatchesCorpus writes:
// comment lines starting with '#' (a feature may start with '#' too: "#"
// stands for a number), then an "alpha" line, a "reasons" line
// (reason:texts:feature-total, space-separated), then one line a feature:
// the feature, a tab, and its counts as "reason-index:count" pairs. The
// file is the package's own, tested data: it is not checked further.
func parseWordModel(s string) *wordModel {
	m := &wordModel{}
	alpha := 0.1
	var totals []float64
	type entry struct {
		h      uint64
		counts string
	}
	var features []entry
	header := 0 // the header lines read: alpha, then reasons
	for _, line := range strings.Split(s, "\n") {
		switch {
		case line == "" || header == 0 && line[0] == '#':
			// A comment, before the header only: features may start with '#'.
		case header == 0:
			alpha, _ = strconv.ParseFloat(strings.TrimPrefix(line, "alpha\t"), 64)
			header++
		case header == 1:
			var texts float64
			for _, f := range strings.Fields(strings.TrimPrefix(line, "reasons\t")) {
				name, counts, _ := strings.Cut(f, ":")
				n, tot, _ := strings.Cut(counts, ":")
				nf, _ := strconv.ParseFloat(n, 64)
				totf, _ := strconv.ParseFloat(tot, 64)
				m.reasons = append(m.reasons, Reason(name))
				m.prior = append(m.prior, nf)
				totals = append(totals, totf)
				texts += nf
			}
			for i := range m.prior {
				m.prior[i] = 0.5 * math.Log(m.prior[i]/texts)
			}
			header++
		default:
			feature, counts, _ := strings.Cut(line, "\t")
			features = append(features, entry{featureHash(feature), counts})
		}
	}
	v := float64(len(features))
	m.base = make([]float64, len(m.reasons))
	for i, tot := range totals {
		m.base[i] = math.Log(alpha / (tot + alpha*v))
	}
	size := 1
	for size < 2*len(features) {
		size *= 2
	}
	m.keys, m.spans = make([]uint64, size), make([]uint32, size)
	for _, f := range features {
		start := len(m.deltas)
		for _, pair := range strings.Fields(f.counts) {
			r, n, _ := strings.Cut(pair, ":")
			ri, _ := strconv.Atoi(r)
			c, _ := strconv.ParseFloat(n, 64)
			m.deltas = append(m.deltas, wordDelta{uint8(ri), float32(math.Log((c + alpha) / alpha))})
		}
		i := m.slot(f.h)
		m.keys[i], m.spans[i] = f.h|1, uint32(start)<<8|uint32(len(m.deltas)-start)
	}
	return m
}

// slot returns the index of the table slot that holds h, or the empty
// slot where it would go. Keys are stored with their lowest bit set, so
// that 0 marks an empty slot.
func (m *wordModel) slot(h uint64) int {
	mask := uint64(len(m.keys) - 1)
	key := h | 1
	for i := (h >> 32) & mask; ; i = (i + 1) & mask {
		if k := m.keys[i]; k == key || k == 0 {
			return int(i)
		}
	}
}

// guess returns the reason the words of buf (a normalized text) make most
// likely, with its posterior probability; code and status add features.
// A text with no word the model knows is Unknown with probability 0. It
// does not allocate.
func (m *wordModel) guess(buf []byte, code int, status string) (Reason, float64) {
	var scores [32]float64
	n := len(m.reasons)
	var seen wordSet
	var known float64
	add := func(h uint64) {
		if !seen.add(h) {
			return
		}
		i := m.slot(h)
		if m.keys[i] == 0 {
			return
		}
		v := m.spans[i]
		known++
		for _, d := range m.deltas[v>>8 : v>>8+v&0xff] {
			scores[d.reason] += float64(d.delta)
		}
	}
	forEachWordFeature(buf, add)
	if known == 0 {
		return Unknown, 0 // no word the corpus knows: the codes alone were read before
	}
	forEachCodeFeature(code, status, add)
	best := 0
	for i := 0; i < n; i++ {
		scores[i] += m.prior[i] + known*m.base[i]
		if scores[i] > scores[best] {
			best = i
		}
	}
	var z float64
	for i := 0; i < n; i++ {
		z += math.Exp(scores[i] - scores[best])
	}
	return m.reasons[best], 1 / z
}

// A wordSet remembers the features already counted for one text, so
// that each counts once (the model reads presence, not frequency).
type wordSet struct {
	slots [2 * maxWordFeatures]uint64
	n     int
}

// add records h and reports whether it is new; when the set is full it
// reports false for every new feature.
func (s *wordSet) add(h uint64) bool {
	if h == 0 {
		h = 1 // 0 marks an empty slot
	}
	if s.n >= maxWordFeatures {
		return false
	}
	for i := h % uint64(len(s.slots)); ; i = (i + 1) % uint64(len(s.slots)) {
		switch s.slots[i] {
		case h:
			return false
		case 0:
			s.slots[i] = h
			s.n++
			return true
		}
	}
}

// FNV-1a, 64 bits: the hash of a feature's bytes.
const (
	fnvOffset uint64 = 14695981039346656037
	fnvPrime  uint64 = 1099511628211
)

// featureHash hashes a feature as words.tsv spells it.
func featureHash(f string) uint64 { return hashString(fnvOffset, f) }

// hashWord continues h over one word of buf: a word of digits only is
// hashed as "#" (numbers differ from text to text; that there is one does
// not).
func hashWord(h uint64, w []byte) uint64 {
	if allDigits(w) {
		return (h ^ '#') * fnvPrime
	}
	for _, c := range w {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// allDigits reports whether w is a number: digits only.
func allDigits(w []byte) bool {
	for _, c := range w {
		if !isDigit(c) {
			return false
		}
	}
	return true
}

// forEachWordFeature calls f with the hash of each word feature of a
// normalized text: every word (nextWord) longer than one byte and every
// pair of adjacent words ("mailbox full"). featureStrings spells the same
// features, and the codes', out for the model's counts; it is a copy of
// this loop rather than a caller of a shared one, because handing the
// words to a function value would move the caller's stack buffer to the
// heap (TestClassifyByWordsDoesNotAllocate).
func forEachWordFeature(buf []byte, f func(uint64)) {
	var prev []byte
	for w, i := nextWord(buf, 0); w != nil; w, i = nextWord(buf, i) {
		if retryWord(w) {
			prev = nil
			continue
		}
		if len(w) > 1 {
			f(hashWord(fnvOffset, w))
		}
		if prev != nil {
			f(hashWord((hashWord(fnvOffset, prev)^' ')*fnvPrime, w))
		}
		prev = w
	}
}

// forEachCodeFeature calls f with the hash of each feature of a text's
// codes: "code:550", "class:5", "status:5.2.2" and "detail:.2.2".
func forEachCodeFeature(code int, status string, f func(uint64)) {
	if code > 0 {
		f(hashDigits(featureHash("code:"), code))
		f(hashDigits(featureHash("class:"), code/100))
	}
	if status != "" {
		f(hashString(featureHash("status:"), status))
		if i := strings.IndexByte(status, '.'); i > 0 {
			f(hashString(featureHash("detail:"), status[i:]))
		}
	}
}

// featureStrings returns the features of a normalized text as words.tsv
// spells them: the words' (forEachWordFeature), then the codes'
// (forEachCodeFeature).
func featureStrings(buf []byte, code int, status string) []string {
	var out []string
	var prev string
	for w, i := nextWord(buf, 0); w != nil; w, i = nextWord(buf, i) {
		if retryWord(w) {
			prev = ""
			continue
		}
		s := string(w)
		if allDigits(w) {
			s = "#"
		}
		if len(w) > 1 {
			out = append(out, s)
		}
		if prev != "" {
			out = append(out, prev+" "+s)
		}
		prev = s
	}
	if code > 0 {
		out = append(out, "code:"+strconv.Itoa(code), "class:"+strconv.Itoa(code/100))
	}
	if status != "" {
		out = append(out, "status:"+status)
		if i := strings.IndexByte(status, '.'); i > 0 {
			out = append(out, "detail:"+status[i:])
		}
	}
	return out
}

// nextWord returns the first word of buf at or after i and the index
// after it, or nil at the end. Words are runs of ASCII letters and digits;
// a character from U+2E80 up (CJK, and what follows it) is a word by
// itself; anything else separates words.
func nextWord(buf []byte, i int) ([]byte, int) {
	for i < len(buf) {
		c := buf[i]
		switch {
		case isAlnum(c):
			j := i + 1
			for j < len(buf) && isAlnum(buf[j]) {
				j++
			}
			return buf[i:j], j
		case c >= 0xe2 && c < 0xf0 && i+3 <= len(buf) && (c > 0xe2 || buf[i+1] >= 0xba):
			return buf[i : i+3], i + 3
		case c >= 0xf0 && i+4 <= len(buf):
			return buf[i : i+4], i + 4
		}
		i += runeLen(c)
	}
	return nil, i
}

// hashDigits continues h over the decimal digits of n (n ≥ 0).
func hashDigits(h uint64, n int) uint64 {
	var d [20]byte
	i := len(d)
	for {
		i--
		d[i] = byte('0' + n%10)
		n /= 10
		if n == 0 {
			break
		}
	}
	for _, c := range d[i:] {
		h = (h ^ uint64(c)) * fnvPrime
	}
	return h
}

// hashString continues h over s.
func hashString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h = (h ^ uint64(s[i])) * fnvPrime
	}
	return h
}

// runeLen is the length of the UTF-8 sequence that starts with c (1 for a
// byte that starts none).
func runeLen(c byte) int {
	switch {
	case c >= 0xf0:
		return 4
	case c >= 0xe0:
		return 3
	case c >= 0xc0:
		return 2
	}
	return 1
}

// retryWord reports whether w is one of the words of a request to retry
// ("please try again later"): they come with every kind of temporary
// failure, greylisting most often, and say nothing of its cause, so the
// word model does not read them.
func retryWord(w []byte) bool {
	switch string(w) {
	case "please", "try", "again", "later", "retry", "sorry":
		return true
	}
	return false
}
