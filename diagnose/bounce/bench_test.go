package bounce

import "testing"

// BenchmarkClassify classifies every text of the corpus and the shared
// sample in turn; ns/op is the cost of one text.
func BenchmarkClassify(b *testing.B) {
	var texts []string
	for _, r := range loadCorpus(b) {
		texts = append(texts, r.text)
	}
	for _, f := range readTSV(b, "testdata/bounces-sample.tsv", "text") {
		texts = append(texts, f[0])
	}
	if len(texts) == 0 {
		b.Fatal("no texts")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Classify(texts[i%len(texts)])
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "texts/s")
}

// BenchmarkClassifyByWords classifies the corpus texts that no phrase,
// status or code places, the ones the word model reads; ns/op is the cost
// of one such text.
func BenchmarkClassifyByWords(b *testing.B) {
	var texts []string
	for _, r := range loadCorpus(b) {
		buf := normalize(nil, r.text)
		sc := vocabulary.scan(buf)
		code, at := extractCode(r.text)
		if decide(&sc, code, extractStatus(r.text, code, at)) == Unknown {
			texts = append(texts, r.text)
		}
	}
	if len(texts) == 0 {
		b.Fatal("no texts")
	}
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		Classify(texts[i%len(texts)])
	}
	b.ReportMetric(float64(len(texts)), "texts")
}

// BenchmarkWordModelLoad parses words.tsv, as the first text that the
// rules cannot place does once per process.
func BenchmarkWordModelLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		parseWordModel(wordsTSV)
	}
}
