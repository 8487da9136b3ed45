package root

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/internal/cmd/factory"
	"github.com/cpmail/cpmail/internal/iostreams"
)

// benchFleet serves n healthy accounts (each renamed, a tenth of them
// suspended) on a fake WHM server that takes latency to answer each call.
func benchFleet(b *testing.B, n int, latency time.Duration) *cpaneltest.WHMServer {
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		b.Fatal(err)
	}
	accts := make([]cpaneltest.WHMAccount, n)
	for i := range accts {
		r, err := sc.Renamed(fmt.Sprintf("acct%03d", i), fmt.Sprintf("acct%03d.example", i))
		if err != nil {
			b.Fatal(err)
		}
		accts[i] = cpaneltest.WHMAccount{Scenario: r, Suspended: i%10 == 0}
	}
	srv := cpaneltest.NewWHMServer(accts, cpaneltest.WithLatency(latency))
	b.Cleanup(srv.Close)
	return srv
}

// peakHeap samples the heap while fn runs and returns the largest heap in
// use above what was in use before (the fake server's own data is there
// before fn starts).
func peakHeap(fn func()) uint64 {
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base := ms.HeapInuse
	var peak uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(50 * time.Millisecond)
		defer t.Stop()
		for {
			var m runtime.MemStats
			runtime.ReadMemStats(&m)
			if m.HeapInuse > base && m.HeapInuse-base > peak {
				peak = m.HeapInuse - base
			}
			select {
			case <-stop:
				return
			case <-t.C:
			}
		}
	}()
	fn()
	close(stop)
	wg.Wait()
	return peak
}

// benchFleetRun runs `cpmail fleet args...` against srv b.N times and
// reports the peak heap of the run and the calls it made.
func benchFleetRun(b *testing.B, srv *cpaneltest.WHMServer, args ...string) {
	env := map[string]string{"WHM_HOST": srv.URL, "WHM_TOKEN": srv.Token(), "CPMAIL_CONFIG_DIR": b.TempDir()}
	var peak uint64
	b.ResetTimer()
	for range b.N {
		n := len(srv.Calls())
		io, _, out, errOut := iostreams.Test()
		f := factory.New(io, func(k string) string { return env[k] }, time.Now)
		p := peakHeap(func() {
			if code := Run(b.Context(), f, args); code != 0 && code != 3 {
				b.Fatalf("exit %d: %s", code, errOut)
			}
		})
		peak = max(peak, p)
		b.ReportMetric(float64(len(srv.Calls())-n), "calls/op")
		if out.Len() == 0 {
			b.Fatal("no output")
		}
	}
	b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MiB")
}

// BenchmarkFleetQuick500 is `cpmail fleet --quick` over 500 accounts, each
// call answered after 150 ms (issue 13: ≤ 5 s).
func BenchmarkFleetQuick500(b *testing.B) {
	benchFleetRun(b, benchFleet(b, 500, 150*time.Millisecond), "fleet", "--quick", "-o", "json")
}

// BenchmarkFleet500 is the full `cpmail fleet --offline` over 500
// accounts at the default concurrency and rate, each call answered after
// 150 ms (issue 13: ≤ 5 minutes, ≤ 200 MB). Run it alone:
//
//	go test ./internal/cmd/root -run '^$' -bench 'BenchmarkFleet500$' -benchtime 1x -timeout 20m
func BenchmarkFleet500(b *testing.B) {
	benchFleetRun(b, benchFleet(b, 500, 150*time.Millisecond), "fleet", "--offline", "-o", "json")
}
