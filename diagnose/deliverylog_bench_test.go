package diagnose

import (
	"fmt"
	"testing"

	"github.com/cpmail/cpmail/cpanel"
)

// BenchmarkSummarizeDeliveries sums up 100,000 records of a week (a
// quarter of them problems) as Gather does while it reads them.
func BenchmarkSummarizeDeliveries(b *testing.B) {
	recs := make([]cpanel.DeliveryRecord, 0, 100000)
	for i := range 100000 {
		to := fmt.Sprintf("user%d@example.org", i%500)
		switch i % 4 {
		case 0:
			recs = append(recs, rec("failure", "acme", "info@example.com", to, "550 5.1.1 <"+to+">: Recipient address rejected: User unknown", i%168))
		default:
			recs = append(recs, rec("success", "acme", "info@example.com", to, "Accepted", i%168))
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		if log := summarizeDeliveries(recs, Target{}); log.Counts[cpanel.EventSuccess] == 0 {
			b.Fatal("nothing counted")
		}
	}
}
