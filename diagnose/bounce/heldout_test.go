package bounce

import (
	"fmt"
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
	heldOutFloor     = 0.79
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
	if share := float64(held) / float64(len(split)); share < 0.25 || share > 0.30 {
		t.Errorf("%d of %d source groups are held out (%.0f%%), want 25-30%%", held, len(split), 100*share)
	}
	t.Logf("%d texts from %d source groups, %d groups held out", len(rows), len(split), held)
}

// TestCorpusHeldOut measures agreement on the held-out sources: texts from
// providers and MTAs whose wording no rule was written on. It logs agreement
// per reason, the confusion pairs (label -> classified) and every miss, and
// fails below heldOutFloor.
func TestCorpusHeldOut(t *testing.T) {
	ta := newTally()
	for _, label := range Reasons() {
		ta.add(string(label), true) // fix the table order
		ta.total[string(label)]--
		ta.hit[string(label)]--
	}
	confusion := map[string]int{}
	var misses []string
	for _, r := range loadCorpus(t) {
		if !r.heldOut {
			continue
		}
		c := Classify(r.text)
		ok := string(c.Reason) == r.label
		ta.add(r.label, ok)
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
	t.Log(confusionTable(confusion))
	for _, m := range misses {
		t.Log(m)
	}
	if float64(hit) < heldOutFloor*float64(total) {
		t.Errorf("held-out agreement %d/%d (%.1f%%) is below %.0f%%", hit, total, 100*float64(hit)/float64(total), 100*heldOutFloor)
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
