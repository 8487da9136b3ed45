package bounce

import (
	"fmt"
	"math"
	"os"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// learnsFrom reports whether the word model may count a corpus row: every
// group but the held-out parts not yet measured (unmeasured), so that
// their one measurement stays one on unseen text.
func learnsFrom(r corpusRow) bool { return !unmeasured(r.group) }

// wordCounts counts, for each reason, the training texts and how many of
// them hold each feature, and writes the model in words.tsv's format.
// Features found in only one text are left out: they say nothing about
// texts to come.
func wordCounts(rows []corpusRow) string {
	type featureCount struct {
		texts    int
		byReason map[int]int
	}
	reasons := Reasons()
	ri := map[Reason]int{}
	for i, r := range reasons {
		ri[r] = i
	}
	textsOf := make([]int, len(reasons))
	features := map[string]*featureCount{}
	for _, r := range rows {
		code, at := extractCode(r.text)
		status := extractStatus(r.text, code, at)
		k := ri[Reason(r.label)]
		textsOf[k]++
		seen := map[string]bool{}
		for _, f := range featureStrings(normalize(nil, r.text), code, status) {
			if seen[f] {
				continue
			}
			seen[f] = true
			fc := features[f]
			if fc == nil {
				fc = &featureCount{byReason: map[int]int{}}
				features[f] = fc
			}
			fc.texts++
			fc.byReason[k]++
		}
	}
	var names []string
	totals := make([]int, len(reasons))
	for f, fc := range features {
		if fc.texts < 2 {
			continue
		}
		names = append(names, f)
		for k, n := range fc.byReason {
			totals[k] += n
		}
	}
	sort.Strings(names)
	var b strings.Builder
	b.WriteString("# The word model of package bounce (words.go): for each reason, the labelled texts\n")
	b.WriteString("# it was counted on and its feature total; then each feature found in two texts or\n")
	b.WriteString("# more, with the number of texts of each reason (by index) that hold it.\n")
	b.WriteString("# Written by TestWordModelMatchesCorpus from testdata/corpus.tsv; do not edit.\n")
	b.WriteString("alpha\t0.1\nreasons\t")
	for k, r := range reasons {
		if k > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s:%d:%d", r, max(textsOf[k], 1), totals[k])
	}
	b.WriteByte('\n')
	for _, f := range names {
		fc := features[f]
		ks := make([]int, 0, len(fc.byReason))
		for k := range fc.byReason {
			ks = append(ks, k)
		}
		sort.Ints(ks)
		b.WriteString(f)
		for i, k := range ks {
			sep := " "
			if i == 0 {
				sep = "\t"
			}
			fmt.Fprintf(&b, "%s%d:%d", sep, k, fc.byReason[k])
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// TestWordModelMatchesCorpus holds words.tsv to the corpus: the model must
// be what the labelled rows it may learn from count. Run with
// BOUNCE_WRITE_WORDS=1 to write it after the corpus changed.
func TestWordModelMatchesCorpus(t *testing.T) {
	var rows []corpusRow
	for _, r := range loadCorpus(t) {
		if learnsFrom(r) {
			rows = append(rows, r)
		}
	}
	want := wordCounts(rows)
	if os.Getenv("BOUNCE_WRITE_WORDS") != "" {
		if err := os.WriteFile("words.tsv", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if wordsTSV != want {
		t.Fatal("words.tsv is not what testdata/corpus.tsv counts: run BOUNCE_WRITE_WORDS=1 go test ./diagnose/bounce -run TestWordModelMatchesCorpus, then go test again")
	}
}

// TestClassifyByWords: texts that no phrase, status or code places (not in
// the corpus) are given the reason their words make likely, marked as
// guessed; a text the rules place is not a guess, and a text with no word
// the corpus knows, or whose words are most like those of unexplained
// failures, stays Unknown.
func TestClassifyByWords(t *testing.T) {
	rulesAlone := func(text string) Reason {
		sc := vocabulary.scan(normalize(nil, text))
		code, at := extractCode(text)
		return decide(&sc, code, extractStatus(text, code, at))
	}
	for _, c := range []struct {
		text    string
		want    Reason
		guessed bool
	}{
		{"550 Inbox over limit", MailboxFull, true},
		{"550 Recipient inbox exceeds allowed size", MailboxFull, true},
		{"550 Destination user not on this system", RecipientUnknown, true},
		{"550 Too many hops", Unknown, false},
		// A known cause that fits no reason is not read by its words ("size").
		{"452 Insufficient system storage, message size 5000 bytes", Unknown, false},
		{"550 zzqx wvvk", Unknown, false},
		{"550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown", RecipientUnknown, false},
	} {
		if c.guessed {
			if r := rulesAlone(c.text); r != Unknown {
				t.Errorf("%q: the rules alone say %s: the case does not test the word model", c.text, r)
			}
		}
		if got := Classify(c.text); got.Reason != c.want || got.Guessed != c.guessed {
			t.Errorf("Classify(%q) = %s, guessed %v; want %s, guessed %v", c.text, got.Reason, got.Guessed, c.want, c.guessed)
		}
	}
}

// TestWordModelMatchesNaiveBayes: the sparse sums of guess give what naive
// Bayes over words.tsv's counts gives when computed in full, reason by
// reason, from the features' spelled-out form.
func TestWordModelMatchesNaiveBayes(t *testing.T) {
	lines := strings.Split(strings.TrimSpace(wordsTSV), "\n")
	for len(lines) > 0 && strings.HasPrefix(lines[0], "#") {
		lines = lines[1:]
	}
	alpha := 0.1
	var reasons []Reason
	var texts, totals []float64
	for _, f := range strings.Fields(strings.TrimPrefix(lines[1], "reasons\t")) {
		var name string
		var n, tot float64
		if _, err := fmt.Sscanf(strings.ReplaceAll(f, ":", " "), "%s %g %g", &name, &n, &tot); err != nil {
			t.Fatal(err)
		}
		reasons, texts, totals = append(reasons, Reason(name)), append(texts, n), append(totals, tot)
	}
	counts := map[string]map[int]float64{}
	for _, l := range lines[2:] {
		feature, pairs, _ := strings.Cut(l, "\t")
		counts[feature] = map[int]float64{}
		for _, p := range strings.Fields(pairs) {
			var k int
			var n float64
			if _, err := fmt.Sscanf(strings.ReplaceAll(p, ":", " "), "%d %g", &k, &n); err != nil {
				t.Fatal(err)
			}
			counts[feature][k] = n
		}
	}
	var all float64
	for _, n := range texts {
		all += n
	}
	v := float64(len(counts))
	for _, text := range []string{"550 Inbox over limit", "550 Destination user not on this system",
		"451 4.7.1 Greylisted, please come back in a while", "552 5.2.2 mailbox quota exceeded for this recipient", "554 您的邮件被判定为垃圾邮件"} {
		code, at := extractCode(text)
		status := extractStatus(text, code, at)
		buf := normalize(nil, text)
		seen := map[string]bool{}
		scores := make([]float64, len(reasons))
		for k := range reasons {
			scores[k] = 0.5 * math.Log(texts[k]/all)
		}
		for _, f := range featureStrings(buf, code, status) {
			if seen[f] || counts[f] == nil {
				continue
			}
			seen[f] = true
			for k := range reasons {
				scores[k] += math.Log((counts[f][k] + alpha) / (totals[k] + alpha*v))
			}
		}
		best := 0
		for k := range scores {
			if scores[k] > scores[best] {
				best = k
			}
		}
		var z float64
		for k := range scores {
			z += math.Exp(scores[k] - scores[best])
		}
		r, p := wordModelOnce().guess(buf, code, status)
		if r != reasons[best] || math.Abs(p-1/z) > 1e-4 {
			t.Errorf("%q: guess = %s %.6f, naive Bayes in full = %s %.6f", text, r, p, reasons[best], 1/z)
		}
	}
}

// TestClassifyByWordsDoesNotAllocate: reading a text by its words costs no
// allocation once the model is loaded.
func TestClassifyByWordsDoesNotAllocate(t *testing.T) {
	const text = "550 Recipient inbox exceeds allowed size"
	if !Classify(text).Guessed {
		t.Fatalf("%q is not read by its words", text)
	}
	if n := testing.AllocsPerRun(100, func() { Classify(text) }); n != 0 {
		t.Errorf("Classify by words: %v allocations, want 0", n)
	}
}

// TestWordModelHistory prints what the word model adds on text the rules
// had not seen; bench/wordmodel-history.sh runs it with $BOUNCE_HISTORY
// holding, for each earlier held-out part, the reasons the rules of the
// commit that first measured it gave every corpus row ("id\treason\tnamed"
// a line, in PART.tsv; named when a known cause that fits no reason
// decided, as namedUnknown says). It is skipped otherwise.
func TestWordModelHistory(t *testing.T) {
	dir := os.Getenv("BOUNCE_HISTORY")
	if dir == "" {
		t.Skip("run bench/wordmodel-history.sh")
	}
	rows := loadCorpus(t)
	parts := []struct {
		name   string
		groups map[string]bool
	}{{"fresh4", fresh4Groups}, {"fresh5", fresh5Groups}, {"fresh6", fresh6Groups}, {"fresh7", fresh7Groups},
		{"fresh8", fresh8Groups}, {"fresh9", fresh9Groups}, {"fresh10", fresh10Groups}, {"fresh11", fresh11Groups},
		{"fresh12", fresh12Groups}, {"fresh13", fresh13Groups}, {"fresh14", fresh14Groups}, {"fresh15", fresh15Groups},
		{"fresh16", fresh16Groups}, {"fresh17", fresh17Groups}, {"fresh18", fresh18Groups}, {"fresh19", fresh19Groups},
		{"fresh20", fresh20Groups}, {"fresh21", fresh21Groups}, {"fresh22", fresh22Groups},
		{"fresh23", fresh23Groups}, {"fresh24", fresh24Groups}, {"fresh25", fresh25Groups}, {"fresh26", fresh26Groups}}
	mins := []float64{guessMin}
	if v := os.Getenv("BOUNCE_HISTORY_MIN"); v != "" {
		mins = nil
		for _, f := range strings.Split(v, ",") {
			m, err := strconv.ParseFloat(strings.TrimSpace(f), 64)
			if err != nil {
				t.Fatalf("BOUNCE_HISTORY_MIN: %v", err)
			}
			mins = append(mins, m)
		}
	}
	for _, min := range mins {
		wordModelHistory(t, rows, dir, parts, min)
	}
}

// wordModelHistory logs, for each part, the agreement of the rules of the
// day and of the rules with a word model counted without that part or any
// later one, the model's guesses taken at probability min or more.
func wordModelHistory(t *testing.T, rows []corpusRow, dir string, parts []struct {
	name   string
	groups map[string]bool
}, min float64) {
	t.Helper()
	var all, allRules, allBoth int
	for k, part := range parts {
		data, err := os.ReadFile(dir + "/" + part.name + ".tsv")
		if err != nil {
			t.Fatal(err)
		}
		then, named := map[string]string{}, map[string]bool{}
		for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			f := strings.Split(line, "\t")
			then[f[0]] = f[1]
			named[f[0]] = len(f) > 2 && f[2] == "true"
		}
		// The model of the day: every row but this part's and later parts'.
		var learnt []corpusRow
		for _, r := range rows {
			later := false
			for _, p := range parts[k:] {
				later = later || p.groups[r.group]
			}
			if !later {
				learnt = append(learnt, r)
			}
		}
		model := parseWordModel(wordCounts(learnt))
		n, rulesRight, bothRight := 0, 0, 0
		for _, r := range rows {
			if !part.groups[r.group] {
				continue
			}
			n++
			reason := then[r.id]
			if reason == r.label {
				rulesRight++
			}
			if reason == string(Unknown) && !named[r.id] {
				code, at := extractCode(r.text)
				if g, p := model.guess(normalize(nil, r.text), code, extractStatus(r.text, code, at)); p >= min && g != Unknown {
					reason = string(g)
				}
			}
			if reason == r.label {
				bothRight++
			}
		}
		t.Logf("%s: %d texts, the rules of the day %d, with the word model %d", part.name, n, rulesRight, bothRight)
		all, allRules, allBoth = all+n, allRules+rulesRight, allBoth+bothRight
	}
	t.Logf("all, guesses at %.2f or more: %d texts, the rules of the day %d (%.1f%%), with the word model %d (%.1f%%)",
		min, all, allRules, 100*float64(allRules)/float64(all), allBoth, 100*float64(allBoth)/float64(all))
}
