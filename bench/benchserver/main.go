// Command benchserver serves the fake cPanel server for the benchmark
// suite: a shipped scenario, or the healthy account with N generated
// delivery records over the last 40 hours, optionally with latency on every
// call. It writes CPANEL_HOST, CPANEL_USER and CPANEL_TOKEN to a file (mode
// 0600) for the benchmark script to source, and serves until killed.
package main

import (
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

func main() {
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "benchserver:", err)
		os.Exit(1)
	}
}

func run() error {
	records := flag.Int("records", 0, "generate this many delivery records (healthy account)")
	scenario := flag.String("scenario", "healthy", "scenario to serve")
	latency := flag.Duration("latency", 0, "delay every API call by this much")
	envFile := flag.String("env", "", "write the connection settings to this file")
	flag.Parse()
	sc, err := cpaneltest.LoadScenario(*scenario)
	if err != nil {
		return err
	}
	if *records > 0 {
		sc.Deliveries = generate(*records)
	}
	h := cpaneltest.NewHandler(sc, cpaneltest.WithLatency(*latency))
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	env := fmt.Sprintf("CPANEL_HOST=http://%s\nCPANEL_USER=%s\nCPANEL_TOKEN=%s\n", ln.Addr(), h.User(), h.Token())
	if *envFile != "" {
		if err := os.WriteFile(*envFile+".tmp", []byte(env), 0o600); err != nil {
			return err
		}
		if err := os.Rename(*envFile+".tmp", *envFile); err != nil {
			return err
		}
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	return srv.Serve(ln)
}

// generate spreads n records of four kinds (delivered, failed, deferred,
// rejected) evenly over the last 40 hours.
func generate(n int) []cpaneltest.Delivery {
	kinds := []cpaneltest.Delivery{
		{Type: "success", Email: "hello@greenleaf.example", Recipient: "customer@example.org", Message: "Accepted"},
		{Type: "failure", Email: "hello@greenleaf.example", Recipient: "gone@example.net", Message: "SMTP error from remote mail server after RCPT TO:<gone@example.net>: host mx.example.net [198.51.100.2]: 550 5.1.1 <gone@example.net>: Recipient address rejected: User unknown in virtual mailbox table"},
		{Type: "defer", Email: "orders@greenleaf.example", Recipient: "slow@example.com", Message: "SMTP error from remote mail server after RCPT TO:<slow@example.com>: host mx.example.com [203.0.113.9]: 451 4.7.1 Greylisted, please try again in 5 minutes"},
		{Type: "rejected", Email: "spam@bulk.example", Recipient: "tom@greenleaf.example", Message: "JunkMail rejected - bulk.example [198.51.100.66] is in an RBL: Client host blocked using zen.spamhaus.org"},
	}
	span := 40 * time.Hour
	var out []cpaneltest.Delivery
	for i, k := range kinds {
		count := n / len(kinds)
		if i < n%len(kinds) {
			count++
		}
		if count == 0 {
			continue
		}
		k.Repeat = count
		k.Every = cpaneltest.Duration(span / time.Duration(count))
		k.Ago = cpaneltest.Duration(time.Duration(i+1) * time.Second)
		out = append(out, k)
	}
	return out
}
