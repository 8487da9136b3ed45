package render

import (
	"encoding/csv"
	"io"
	"strings"
	"testing"
)

// benchRecord is a delivery row as `deliveries -o csv` writes it.
var benchRecord = []string{"2026-12-01T10:00:00Z", "failure", "recipient_unknown", "tom@example.com", "bob@example.net",
	"550 5.1.1 <bob@example.net>: Recipient address rejected: User unknown in virtual mailbox table", "1xaNBo-0000000AVVX-LyB4",
	"dkim_lookuphost", "dkim_remote_smtp", "mx.example.net", "192.0.2.66", "cpe-203-0-113-88.cable.example", "203.0.113.88",
	"dovecot_login", "example", "example.com", "", "21904", "0.3"}

// BenchmarkCSVWriter is the cost of escaping and formula-proofing each
// cell, against encoding/csv, which does neither.
func BenchmarkCSVWriter(b *testing.B) {
	b.Run("render", func(b *testing.B) {
		w := NewCSVWriter(io.Discard)
		b.ReportAllocs()
		for b.Loop() {
			_ = w.Write(benchRecord)
		}
		w.Flush()
	})
	b.Run("encoding-csv", func(b *testing.B) {
		w := csv.NewWriter(io.Discard)
		b.ReportAllocs()
		for b.Loop() {
			_ = w.Write(benchRecord)
		}
		w.Flush()
	})
}

// BenchmarkTruncate cuts a long bounce text, clean and hostile.
func BenchmarkTruncate(b *testing.B) {
	clean := strings.Repeat(benchRecord[5]+" ", 4)
	for name, s := range map[string]string{"clean": clean, "hostile": strings.Repeat(hostileTexts[0]+hostileTexts[1], 4)} {
		b.Run(name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_ = Truncate(s, 60)
			}
		})
	}
}
