package root

import (
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/cmd/factory"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// benchScenario is the healthy account with n generated records: a quarter
// each of deliveries, failures, deferrals and rejections over 40 hours.
func benchScenario(b *testing.B, n int) *cpaneltest.Server {
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		b.Fatal(err)
	}
	kinds := []cpaneltest.Delivery{
		{Type: "success", Email: "hello@greenleaf.example", Recipient: "customer@example.org", Message: "Accepted"},
		{Type: "failure", Email: "hello@greenleaf.example", Recipient: "gone@example.net", Message: "SMTP error from remote mail server after RCPT TO:<gone@example.net>: host mx.example.net [198.51.100.2]: 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in virtual mailbox table"},
		{Type: "defer", Email: "orders@greenleaf.example", Recipient: "slow@example.com", Message: "451 4.7.1 Greylisted, please try again in 5 minutes"},
		{Type: "rejected", Email: "spam@bulk.example", Recipient: "tom@greenleaf.example", Message: "JunkMail rejected - bulk.example [198.51.100.66] is in an RBL: Client host blocked using zen.spamhaus.org"},
	}
	sc.Deliveries = nil
	for i, k := range kinds {
		k.Repeat = n / len(kinds)
		k.Every = cpaneltest.Duration(40 * time.Hour / time.Duration(k.Repeat))
		k.Ago = cpaneltest.Duration(time.Duration(i+1) * time.Second)
		sc.Deliveries = append(sc.Deliveries, k)
	}
	srv := cpaneltest.NewServer(sc)
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkDeliveriesJSON runs `cpmail deliveries --all -o json` over
// 10,000 records served by the fake server (ns/op is per run).
func BenchmarkDeliveriesJSON(b *testing.B) {
	srv := benchScenario(b, 10000)
	env := map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": srv.User(), "CPANEL_TOKEN": srv.Token(), "CPMAIL_CONFIG_DIR": b.TempDir()}
	b.ReportAllocs()
	for b.Loop() {
		io, _, _, _ := iostreams.Test()
		f := factory.New(io, func(k string) string { return env[k] }, time.Now)
		if code := Run(b.Context(), f, []string{"deliveries", "--all", "--since", "48h", "-o", "json"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkDeliveriesTable runs `cpmail deliveries --all` as a table over
// 10,000 records (ns/op is per run): the table streams after its first
// page, so it costs about what JSON does.
func BenchmarkDeliveriesTable(b *testing.B) {
	srv := benchScenario(b, 10000)
	env := map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": srv.User(), "CPANEL_TOKEN": srv.Token(), "CPMAIL_CONFIG_DIR": b.TempDir()}
	b.ReportAllocs()
	for b.Loop() {
		io, _, _, _ := iostreams.Test()
		f := factory.New(io, func(k string) string { return env[k] }, time.Now)
		if code := Run(b.Context(), f, []string{"deliveries", "--all", "--since", "48h"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}

// BenchmarkDeliveriesCSV runs `cpmail deliveries --all -o csv` over
// 10,000 records (ns/op is per run): each row's cells come from the
// columns declared once for the table and the CSV.
func BenchmarkDeliveriesCSV(b *testing.B) {
	srv := benchScenario(b, 10000)
	env := map[string]string{"CPANEL_HOST": srv.URL, "CPANEL_USER": srv.User(), "CPANEL_TOKEN": srv.Token(), "CPMAIL_CONFIG_DIR": b.TempDir()}
	b.ReportAllocs()
	for b.Loop() {
		io, _, _, _ := iostreams.Test()
		f := factory.New(io, func(k string) string { return env[k] }, time.Now)
		if code := Run(b.Context(), f, []string{"deliveries", "--all", "--since", "48h", "-o", "csv"}); code != 0 {
			b.Fatalf("exit %d", code)
		}
	}
}
