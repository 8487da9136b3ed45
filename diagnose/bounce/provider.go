package bounce

import (
	"math/bits"

	"github.com/cpmail/cpmail/diagnose/msg"
)

// A Provider names the receiving provider or service whose wording a
// diagnostic text is: a mailbox provider (gmail, microsoft, yahoo), a
// filtering service (proofpoint, mimecast, barracuda, mailchannels), a
// blocklist (spamhaus, spamcop) or cpanel for the local texts of cPanel's
// Exim configuration. The values are stable lower-case keys used in JSON.
type Provider string

// The providers [Advise] recognises.
const (
	Gmail        Provider = "gmail"
	Microsoft    Provider = "microsoft"
	Yahoo        Provider = "yahoo" // AOL included
	Apple        Provider = "apple"
	Zoho         Provider = "zoho"
	Yandex       Provider = "yandex"
	MailRu       Provider = "mailru"
	GMX          Provider = "gmx" // web.de included
	Comcast      Provider = "comcast"
	ATT          Provider = "att"
	Proofpoint   Provider = "proofpoint"
	Mimecast     Provider = "mimecast"
	Barracuda    Provider = "barracuda"
	MailChannels Provider = "mailchannels"
	Spamhaus     Provider = "spamhaus"
	SpamCop      Provider = "spamcop"
	Spectrum     Provider = "spectrum" // Charter included
	Tencent      Provider = "tencent"  // QQ Mail and Tencent Exmail
	Symantec     Provider = "symantec" // MessageLabs, Broadcom Email Security.cloud
	Vade         Provider = "vade"     // Vade Secure's filtering platforms (OXSUS, OXSEU codes)
	EarthLink    Provider = "earthlink"
	Forpsi       Provider = "forpsi"   // Forpsi (INSTRA) hosting: Czech, Slovak, Polish
	JetEmail     Provider = "jetemail" // JetEmail's outbound smarthost (relay.jetsmtp.net)
	CPanel       Provider = "cpanel"
)

// An Advice is what a provider's own guidance says about one diagnostic
// text: who wrote it, whether waiting is enough, and the provider's page.
type Advice struct {
	// Provider is whose wording the text is; "" when the text does not say.
	Provider Provider
	// Reason is the root cause: the classifier's, or the playbook's when the
	// provider's code says more (Gmail's 5.2.1 is a receiving rate, not a
	// disabled mailbox, when it says so).
	Reason Reason
	// Retryable reports whether the same message can succeed later with no
	// change on the sender's side (a rate limit, greylisting, a temporary
	// reputation deferral, a limit that resets). It is not the 4xx/5xx
	// class: Gmail's 5.2.1 receiving rate clears by itself, Yahoo's 4xx TS03
	// does not.
	Retryable bool
	// DocsURL is the provider's own page for the code, "" when it publishes
	// none.
	DocsURL string
	// Playbook is the id of the playbook entry that matched, e.g.
	// "gmail-5.7.26"; "" when none did.
	Playbook string

	entry int // index+1 into the playbook table; 0 for none
}

// Advise reads which provider wrote text and what its guidance says, given
// the classification c of the same text (from [Classify]). It is pure, safe
// for concurrent use, and does not allocate for texts up to 2 KiB.
func Advise(text string, c Classification) Advice {
	a := Advice{Reason: c.Reason}
	var stack [stackText]byte
	buf := stack[:0]
	if len(text) > stackText {
		buf = make([]byte, 0, len(text))
	}
	buf = normalize(buf, text)
	idx := playbookIndex
	var found featureSet
	idx.markers.collect(buf, &found)
	named := idx.providers(&found)

	for i := range idx.entries {
		e := &idx.entries[i]
		if !idx.matches(i, &found, named, c) {
			continue
		}
		a.Provider, a.Playbook, a.DocsURL, a.entry = e.Provider, e.ID, e.DocsURL, i+1
		if e.Reason != "" {
			a.Reason = e.Reason
		}
		a.Retryable = e.Retry.decide(a.Reason, c.Temporary)
		return a
	}
	a.Retryable = retryByReason.decide(a.Reason, c.Temporary)
	return a
}

// Describe returns the description of the advised reason, with the
// explanation and remedy of the provider's playbook when it has its own.
func (a Advice) Describe() Description {
	d := Describe(a.Reason)
	if a.entry <= 0 || a.entry > len(playbookIndex.entries) {
		return d
	}
	e := &playbookIndex.entries[a.entry-1]
	if e.OwnWords {
		d.Explanation = msg.New("playbook." + e.ID + ".explain")
		d.Remedy = msg.New("playbook." + e.ID + ".remedy")
	}
	if e.Actor != "" {
		d.Actor = e.Actor
	}
	return d
}

// Retry says how a playbook entry decides [Advice.Retryable].
type Retry uint8

const (
	// retryByReason: the default of the reason (rate limits, greylisting and
	// cPanel's hourly limits clear by themselves; network errors and
	// unknown causes when temporary).
	retryByReason Retry = iota
	// RetryYes: waiting is enough.
	RetryYes
	// RetryNo: something must change first.
	RetryNo
)

func (r Retry) decide(reason Reason, temporary bool) bool {
	switch r {
	case RetryYes:
		return true
	case RetryNo:
		return false
	}
	switch reason {
	case RateLimited, Greylisted, SendLimit:
		return true
	case NetworkError, Unknown:
		return temporary
	}
	return false
}

// A Playbook is one entry of the provider table: how to recognise the text
// (the provider's markers, plus a status code and a code word or phrase),
// what it means and what the provider says to do.
type Playbook struct {
	// ID names the entry, e.g. "yahoo-tss04".
	ID string
	// Provider is whose wording it is.
	Provider Provider
	// Status, when set, must equal the text's enhanced status code.
	Status string
	// Token, when set, must occur in the text (lower case, at a word
	// start): a provider's code word ("tss04", "s3150") or a phrase.
	Token string
	// Alone means the Token (or, without one, the Status) identifies the
	// provider by itself, without one of the provider's markers (host
	// names, "gsmtp", ...).
	Alone bool
	// Reason overrides the classifier's reason; "" keeps it.
	Reason Reason
	// Retry decides Advice.Retryable.
	Retry Retry
	// DocsURL is the provider's own page for the code, "" if none.
	DocsURL string
	// Actor overrides who must act; "" keeps the reason's.
	Actor Actor
	// OwnWords means the entry has the provider's own guidance: messages
	// playbook.<ID>.explain and .remedy replace the reason's.
	OwnWords bool
}

// Playbooks returns a copy of the provider table, in matching order (the
// first entry that matches a text wins).
func Playbooks() []Playbook {
	return append([]Playbook(nil), playbookIndex.entries...)
}

// featureSet holds which markers and tokens a text contains.
type featureSet [4]uint64

func (s *featureSet) set(i int)      { s[i>>6] |= 1 << (i & 63) }
func (s *featureSet) has(i int) bool { return s[i>>6]&(1<<(i&63)) != 0 }

const maxFeatures = 4 * 64

// A playbooks is the provider table indexed for matching: every marker and
// token is a phrase of one matcher, so a text is scanned once.
type playbooks struct {
	entries []Playbook
	markers *matcher
	// provOf[f] is the bit of the provider a marker feature names (0 for
	// tokens); provBit[i] is entry i's provider bit.
	provOf  []uint32
	provBit []uint32
	// token[i] is entry i's token feature, or -1.
	token []int
}

// newPlaybooks indexes the table. It panics on a malformed entry: the table
// is a constant of this package, so that is a programming error caught by
// tests.
func newPlaybooks(entries []Playbook, markers []providerMarker) *playbooks {
	p := &playbooks{entries: entries}
	var rules []rule
	ids := map[string]int{}
	bitOf := map[Provider]uint32{}
	providerBit := func(prov Provider) uint32 {
		if prov == "" {
			return 0
		}
		if b, ok := bitOf[prov]; ok {
			return b
		}
		if len(bitOf) == 32 {
			panic("bounce: too many providers")
		}
		b := uint32(1) << len(bitOf)
		bitOf[prov] = b
		return b
	}
	feature := func(phrase string, prov Provider) int {
		key := string(prov) + "\x00" + phrase
		if id, ok := ids[key]; ok {
			return id
		}
		id := len(rules)
		rules = append(rules, rule{phrase: phrase})
		p.provOf = append(p.provOf, providerBit(prov))
		ids[key] = id
		return id
	}
	for _, m := range markers {
		for _, ph := range m.phrases {
			feature(ph, m.provider)
		}
	}
	for _, e := range entries {
		t := -1
		if e.Token != "" {
			t = feature(e.Token, "")
		}
		p.token = append(p.token, t)
		p.provBit = append(p.provBit, providerBit(e.Provider))
		if e.ID == "" || e.Provider == "" || (e.Alone && e.Token == "" && e.Status == "") {
			panic("bounce: bad playbook entry " + e.ID)
		}
	}
	if len(rules) > maxFeatures {
		panic("bounce: too many playbook features")
	}
	p.markers = newMatcher(table{rules: rules})
	return p
}

// matches reports whether entry i fits a text with features found, the
// providers named and classification c.
func (p *playbooks) matches(i int, found *featureSet, named uint32, c Classification) bool {
	e := &p.entries[i]
	if e.Status != "" && e.Status != c.Status {
		return false
	}
	hasToken := p.token[i] < 0 || found.has(p.token[i])
	if !hasToken {
		return false
	}
	return e.Alone || named&p.provBit[i] != 0
}

// providers returns the bits of the providers whose markers were found.
func (p *playbooks) providers(found *featureSet) uint32 {
	var named uint32
	for w, word := range found {
		for word != 0 {
			f := w<<6 + bits.TrailingZeros64(word)
			word &= word - 1
			named |= p.provOf[f]
		}
	}
	return named
}

// collect marks every rule of m whose phrase starts a word of b, with the
// same bucket and prefilter as scan.
func (m *matcher) collect(b []byte, found *featureSet) {
	for i := 0; i+1 < len(b); i++ {
		if i > 0 && isAlnum(b[i-1]) {
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
		var w uint32 // bytes i+3 to i+6 of the text
		for j := 0; j < 4 && i+3+j < len(b); j++ {
			w |= uint32(b[i+3+j]) << (8 * j)
		}
		for k := int(m.start[bk]); k < int(m.start[bk+1]); k++ {
			if w&m.mask[k] != m.next[k] {
				continue
			}
			id := int(m.ids[k])
			ph := m.rules[id].phrase
			if end := i + len(ph); end <= len(b) && string(b[i:end]) == ph {
				found.set(id)
			}
		}
	}
}

// A providerMarker lists the words that show a text is a provider's: its
// host names, its signature ("gsmtp") or its own name.
type providerMarker struct {
	provider Provider
	phrases  []string
}
