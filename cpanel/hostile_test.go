package cpanel_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
)

// fake serves a shipped scenario on a loopback port for one test.
func fake(t testing.TB, opts ...cpaneltest.Option) *cpaneltest.Server {
	t.Helper()
	sc, err := cpaneltest.LoadScenario("healthy")
	if err != nil {
		t.Fatal(err)
	}
	srv := cpaneltest.NewServer(sc, opts...)
	t.Cleanup(srv.Close)
	return srv
}

// client returns a client for srv with token (the server's own when "").
func client(t testing.TB, srv *cpaneltest.Server, token string, opts ...cpanel.Option) *cpanel.Client {
	t.Helper()
	if token == "" {
		token = srv.Token()
	}
	c, err := cpanel.NewClient(srv.URL, srv.User(), token, append([]cpanel.Option{cpanel.WithRetries(2, time.Millisecond), cpanel.WithTimeout(10 * time.Second)}, opts...)...)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// drain reads Track Delivery through one streamed request (Records with
// MaxResultsByType 0) and returns its error.
func drain(ctx context.Context, c *cpanel.Client) error {
	for _, err := range c.EmailTrack.Records(ctx, &cpanel.SearchOptions{MaxResultsByType: 0}, nil) {
		if err != nil {
			return err
		}
	}
	return nil
}

// gatherLike calls every service of c from several goroutines at once, as
// diagnose's Gather does, and returns each call's error.
func gatherLike(ctx context.Context, c *cpanel.Client) []error {
	calls := []func() error{
		func() error { _, _, err := c.Email.ListPOPsWithDisk(ctx, nil); return err },
		func() error { _, _, err := c.Quota.GetQuotaInfo(ctx); return err },
		func() error { _, _, err := c.DomainInfo.ListDomains(ctx); return err },
		func() error { _, _, err := c.Variables.GetUserInformation(ctx); return err },
		func() error { _, _, err := c.Email.ListMXs(ctx, ""); return err },
		func() error { _, _, err := c.Email.ListForwarders(ctx, "greenleaf.example"); return err },
		func() error { _, _, err := c.EmailAuth.ValidateCurrentSPFs(ctx, "greenleaf.example"); return err },
		func() error { _, _, err := c.DNS.ParseZone(ctx, "greenleaf.example"); return err },
		func() error {
			return drain(ctx, c)
		},
		func() error { _, _, err := c.Email.StatsDBStatus(ctx); return err },
	}
	errs := make([]error, len(calls)*3)
	var wg sync.WaitGroup
	for i := range errs {
		wg.Go(func() { errs[i] = calls[i%len(calls)]() })
	}
	wg.Wait()
	return errs
}

// TestRefusedTokenSendsOneRequest: a wrong token reaches the server once,
// however many goroutines call at once, and every call fails with that
// refusal; later calls send nothing.
func TestRefusedTokenSendsOneRequest(t *testing.T) {
	t.Parallel()
	srv := fake(t, cpaneltest.WithLatency(20*time.Millisecond))
	c := client(t, srv, "WRONGTOKENWRONGTOKENWRONGTOKEN00")
	errs := gatherLike(t.Context(), c)
	if n := len(srv.Calls()); n != 1 {
		t.Fatalf("the server got %d requests with a refused token, want 1: %v", n, srv.Calls())
	}
	first := c.Refused()
	if first == nil || !errors.Is(first, cpanel.ErrCredentialsRefused) {
		t.Fatalf("Refused() = %v", first)
	}
	for i, err := range errs {
		if err != first {
			t.Errorf("call %d: %v, want the refusal itself", i, err)
		}
	}
	if _, _, err := c.Quota.GetQuotaInfo(t.Context()); err != first || len(srv.Calls()) != 1 {
		t.Errorf("a later call: %v after %d requests", err, len(srv.Calls()))
	}
	if cpanel.ClassOf(first) != cpanel.ClassUnauthorized || !strings.Contains(first.Error(), "Manage API Tokens") {
		t.Errorf("refusal: class %q, %v", cpanel.ClassOf(first), first)
	}
	t.Logf("wrong token: %v", first)
}

// TestRefusalIsNeverRetried: 401 and 403 reach the server once even with
// retries on, for plain and streamed calls.
func TestRefusalIsNeverRetried(t *testing.T) {
	t.Parallel()
	for _, f := range []cpaneltest.Fault{{Status: 401}, {Status: 403, Body: "Forbidden"}} {
		for _, stream := range []bool{false, true} {
			srv := fake(t)
			srv.SetFault("*", f)
			c := client(t, srv, "")
			var err error
			if stream {
				err = drain(t.Context(), c)
			} else {
				_, _, err = c.Quota.GetQuotaInfo(t.Context())
			}
			if !errors.Is(err, cpanel.ErrCredentialsRefused) || len(srv.Calls()) != 1 {
				t.Errorf("%+v stream=%v: %v after %d requests", f, stream, err, len(srv.Calls()))
			}
		}
	}
}

// TestRefusalCancelsRequestsInFlight: once the credentials were accepted,
// a later refusal cancels the requests still waiting for their answer.
func TestRefusalCancelsRequestsInFlight(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	c := client(t, srv, "")
	if _, _, err := c.Variables.GetUserInformation(t.Context()); err != nil {
		t.Fatal(err)
	}
	srv.SetFault("Email::*", cpaneltest.Fault{Latency: time.Minute})
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{Status: 401})
	ctx := t.Context()
	slow := make(chan error, 3)
	for range 3 {
		go func() { _, _, err := c.Email.ListPOPsWithDisk(ctx, nil); slow <- err }()
	}
	for len(srv.Calls()) < 4 { // the three slow calls are on the wire
		runtime.Gosched()
	}
	_, _, err := c.Quota.GetQuotaInfo(ctx)
	if !errors.Is(err, cpanel.ErrCredentialsRefused) {
		t.Fatalf("401: %v", err)
	}
	for range 3 {
		if got := <-slow; got != err {
			t.Errorf("a request in flight ended with %v, want the refusal", got)
		}
	}
}

// TestFeatureRefusalFailsOneCall: a token that lacks one feature fails that
// function only; the client stays usable.
func TestFeatureRefusalFailsOneCall(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	srv.SetFault("Email::list_pops_with_disk", cpaneltest.Fault{Status: 403, Body: "The feature “popaccts” is not enabled for this API token."})
	c := client(t, srv, "")
	errs := gatherLike(t.Context(), c)
	if c.Refused() != nil {
		t.Fatalf("a feature refusal closed the client: %v", c.Refused())
	}
	failed := 0
	for _, err := range errs {
		if err != nil {
			failed++
			if !errors.Is(err, cpanel.ErrUnauthorized) || errors.Is(err, cpanel.ErrCredentialsRefused) || !strings.Contains(err.Error(), "list_pops_with_disk") {
				t.Errorf("unexpected failure: %v", err)
			}
		}
	}
	if failed != 3 {
		t.Errorf("%d calls failed, want the 3 of list_pops_with_disk", failed)
	}
}

// TestCPHulkLockout: a refusal that names cPHulk says the IP address is
// locked and how it is unlocked.
func TestCPHulkLockout(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	srv.SetFault("*", cpaneltest.Fault{Status: 401, Body: cpaneltest.CPHulkRefusal})
	c := client(t, srv, "")
	errs := gatherLike(t.Context(), c)
	err := errs[0]
	if !errors.Is(err, cpanel.ErrLockedOut) || !errors.Is(err, cpanel.ErrCredentialsRefused) || len(srv.Calls()) != 1 {
		t.Fatalf("%v after %d requests", err, len(srv.Calls()))
	}
	for _, want := range []string{"locked out the IP address", "wait until the block expires", "cPHulk Brute Force Protection", "flush_cphulk_login_history_for_ips"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("lockout message lacks %q: %v", want, err)
		}
	}
	t.Logf("cPHulk: %v", err)
}

// TestRetryAfterNeverPassesTheDeadline: a wait the deadline cannot hold is
// not started; the last error comes back at once.
func TestRetryAfterNeverPassesTheDeadline(t *testing.T) {
	t.Parallel()
	for _, stream := range []bool{false, true} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{Status: 503, RetryAfter: "20"})
		c := client(t, srv, "")
		ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
		var err error
		if stream {
			err = drain(ctx, c)
		} else {
			_, _, err = c.Quota.GetQuotaInfo(ctx)
		}
		expired := ctx.Err()
		cancel()
		var he *cpanel.HTTPError
		if !errors.As(err, &he) || he.StatusCode != 503 || he.RetryAfter != 20*time.Second {
			t.Errorf("stream=%v: %v, want the 503", stream, err)
		}
		if expired != nil || len(srv.Calls()) != 1 {
			t.Errorf("stream=%v: waited for Retry-After past the deadline (%d requests, context %v)", stream, len(srv.Calls()), expired)
		}
	}
	// A Retry-After the deadline allows is honoured, streamed or not.
	for _, stream := range []bool{false, true} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{Status: 503, RetryAfter: "1", Times: 1})
		c := client(t, srv, "")
		var err error
		if stream {
			err = drain(t.Context(), c)
		} else {
			_, _, err = c.Quota.GetQuotaInfo(t.Context())
		}
		if err != nil || len(srv.Calls()) != 2 {
			t.Errorf("stream=%v: %v after %d requests", stream, err, len(srv.Calls()))
		}
	}
}

// heapGrowth runs f and returns how many bytes it allocated in all.
func heapGrowth(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestGzipBombStopsAtTheCap: 1 GiB after decompression stops at the cap,
// allocating about the cap, not the bomb.
func TestGzipBombStopsAtTheCap(t *testing.T) {
	for _, stream := range []bool{false, true} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{GzipBomb: 1 << 30})
		c := client(t, srv, "", cpanel.WithMaxBodyBytes(1<<20))
		var err error
		grew := heapGrowth(func() {
			if stream {
				err = drain(t.Context(), c)
			} else {
				_, _, err = c.Quota.GetQuotaInfo(t.Context())
			}
		})
		var se *cpanel.SizeError
		if !errors.As(err, &se) || !errors.Is(err, cpanel.ClassSize) {
			t.Errorf("stream=%v: %v, want a SizeError", stream, err)
		}
		if grew > 128<<20 {
			t.Errorf("stream=%v: a gzip bomb allocated %d MiB", stream, grew>>20)
		}
		t.Logf("gzip bomb, stream=%v: %v (allocated %d MiB in all)", stream, err, grew>>20)
	}
}

// TestHugeValueStopsAtTheValueCap: one 200 MB string in a streamed answer
// stops at the value cap, with a SizeError that says so.
func TestHugeValueStopsAtTheValueCap(t *testing.T) {
	srv := fake(t)
	srv.SetFault("EmailTrack::search", cpaneltest.Fault{HugeValue: 200 << 20})
	c := client(t, srv, "")
	var err error
	grew := heapGrowth(func() {
		err = drain(t.Context(), c)
	})
	var se *cpanel.SizeError
	if !errors.As(err, &se) || !se.Value || se.Limit != cpanel.DefaultMaxValueBytes {
		t.Fatalf("%v, want a SizeError for one value", err)
	}
	if grew > 64<<20 {
		t.Errorf("one huge value allocated %d MiB", grew>>20)
	}
	if !strings.Contains(err.Error(), "one value") || strings.Contains(err.Error(), "--") {
		t.Errorf("message: %v", err)
	}
	t.Logf("huge value: %v (allocated %d MiB in all)", err, grew>>20)
}

// TestFloodMemoryIsFlat: a long stream of valid records is read one at a
// time: the live heap stays far below the stream's size.
//
// What is measured is the live heap (HeapAlloc right after a collection),
// not the heap in use at a moment: how much garbage is waiting for the
// collector depends on how busy the machine is (on a loaded machine the
// collector lags behind the decoder), what the reader keeps alive does
// not. The heap is sampled every sampleEvery records, and the records
// themselves are dropped, so that anything that grows with the stream
// (records held, buffers kept) shows up as growth.
func TestFloodMemoryIsFlat(t *testing.T) {
	size := int64(200 << 20)
	if testing.Short() || raceEnabled {
		size = 48 << 20
	}
	const sampleEvery = 20000
	srv := fake(t)
	srv.SetFault("EmailTrack::search", cpaneltest.Fault{Flood: size})
	c := client(t, srv, "", cpanel.WithTimeout(0))
	live := func() uint64 {
		runtime.GC()
		var ms runtime.MemStats
		runtime.ReadMemStats(&ms)
		return ms.HeapAlloc
	}
	base := live()
	var peak uint64
	n, samples := 0, 0
	for _, err := range c.EmailTrack.Records(t.Context(), &cpanel.SearchOptions{MaxResultsByType: 0}, nil) {
		if err != nil {
			t.Fatal(err)
		}
		if n++; n%sampleEvery == 0 {
			peak = max(peak, live())
			samples++
		}
	}
	if samples < 3 {
		t.Fatalf("%d records in a %d MiB stream: %d samples, want the stream to be read through", n, size>>20, samples)
	}
	// A reader that holds what it decoded would grow by about the
	// stream's size; one value is capped at 1 MiB (DefaultMaxValueBytes).
	if limit := uint64(8 << 20); peak > base+limit {
		t.Errorf("live heap grew by %d MiB over a %d MiB stream, want at most %d MiB", (peak-base)>>20, size>>20, limit>>20)
	}
	t.Logf("%d records in %d MiB, %d samples: live heap grew by %d KiB at most", n, size>>20, samples, (max(peak, base)-base)>>10)
}

// TestBadGzipIsADecodeError: a body that does not decompress is a decode
// error, not "cannot reach".
func TestBadGzipIsADecodeError(t *testing.T) {
	t.Parallel()
	for _, stream := range []bool{false, true} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{BadGzip: true})
		c := client(t, srv, "")
		var err error
		if stream {
			err = drain(t.Context(), c)
		} else {
			_, _, err = c.Quota.GetQuotaInfo(t.Context())
		}
		var de *cpanel.DecodeError
		if !errors.As(err, &de) || de.Kind != cpanel.DecodeBadGzip || !errors.Is(err, cpanel.ClassDecode) || strings.Contains(err.Error(), "cannot reach") {
			t.Errorf("stream=%v: %v", stream, err)
		}
		t.Logf("bad gzip: %v", err)
	}
}

// TestRedirectIsItsOwnError: a 3xx says where it points, not "cannot reach".
func TestRedirectIsItsOwnError(t *testing.T) {
	t.Parallel()
	for _, loc := range []string{"https://server.example.com:2083/login/?goto_uri=%2F", "/cpanel/login"} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{Status: 302, Location: loc})
		c := client(t, srv, "")
		errs := gatherLike(t.Context(), c)
		var re *cpanel.RedirectError
		if !errors.As(errs[0], &re) || re.Location != loc || cpanel.ClassOf(errs[0]) != cpanel.ClassRedirect ||
			!strings.Contains(errs[0].Error(), loc) || strings.Contains(errs[0].Error(), "cannot reach") {
			t.Errorf("%s: %v", loc, errs[0])
		}
		if c.Refused() != nil {
			t.Errorf("a redirect counted as a refusal")
		}
		t.Logf("redirect: %v", errs[0])
	}
}

// TestReadTimeoutMidBody: an answer that stops in the middle is a network
// timeout ("no answer in time"), not a JSON of the wrong shape.
func TestReadTimeoutMidBody(t *testing.T) {
	t.Parallel()
	for _, stream := range []bool{false, true} {
		srv := fake(t)
		srv.SetFault("*", cpaneltest.Fault{StallAfter: 40})
		c := client(t, srv, "", cpanel.WithTimeout(300*time.Millisecond), cpanel.WithRetries(0, 0))
		var err error
		if stream {
			err = drain(t.Context(), c)
		} else {
			_, _, err = c.Quota.GetQuotaInfo(t.Context())
		}
		var ne *cpanel.NetworkError
		if !errors.As(err, &ne) || !errors.Is(err, cpanel.ClassTimeout) || !strings.Contains(err.Error(), "no answer in time") || strings.Contains(err.Error(), "shaped") {
			t.Errorf("stream=%v: %v", stream, err)
		}
		t.Logf("stalled body, stream=%v: %v", stream, err)
	}
}

// TestNotReadOnlyIsRefusedBeforeSending: a function off the allow-list is
// refused by the client itself, naming it on one line.
func TestNotReadOnlyIsRefusedBeforeSending(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	c := client(t, srv, "")
	for _, mf := range [][2]string{
		{"Quota", "getAndSetQuota"}, {"Email", "statsreset"}, {"Email", "list_queue_delete"}, {"Email", "set_default_address"},
		{"Email", "add_pop"}, {"Email", "suspend_incoming"}, {"Email", "list_pops_with_diskX"}, {"Quota", "list_pops_with_disk"},
		{"email", "list_pops_with_disk"}, {"Email", "LIST_POPS_WITH_DISK"}, {"Email", ""}, {"", "list_pops"},
	} {
		_, uerr := c.UAPI(t.Context(), mf[0], mf[1], nil, nil)
		_, aerr := c.API2(t.Context(), mf[0], mf[1], nil, nil)
		for _, err := range []error{uerr, aerr} {
			var nr *cpanel.NotReadOnlyError
			if !errors.As(err, &nr) || !errors.Is(err, cpanel.ClassNotReadOnly) || !strings.Contains(err.Error(), mf[0]+"::"+mf[1]) || strings.Contains(err.Error(), "\n") {
				t.Errorf("%s::%s: %v", mf[0], mf[1], err)
			}
		}
	}
	if n := len(srv.Calls()); n != 0 {
		t.Errorf("%d refused calls reached the server: %v", n, srv.Calls())
	}
	if _, err := c.UAPI(t.Context(), "Email", "list_pops_with_disk", nil, nil); err != nil {
		t.Errorf("an allowed call: %v", err)
	}
}

// BenchmarkHostileStreamMemory streams 200 MiB from the fake server (valid
// records, or one huge value) and reports the peak heap in use above the
// start, in MiB, as "peak-MiB":
//
//	go test -run '^$' -bench HostileStreamMemory -benchtime 1x ./cpanel/
func BenchmarkHostileStreamMemory(b *testing.B) {
	for _, tc := range []struct {
		name  string
		fault cpaneltest.Fault
	}{
		{"flood-200MiB", cpaneltest.Fault{Flood: 200 << 20}},
		{"huge-value-200MiB", cpaneltest.Fault{HugeValue: 200 << 20}},
		{"gzip-bomb-1GiB", cpaneltest.Fault{GzipBomb: 1 << 30}},
	} {
		b.Run(tc.name, func(b *testing.B) {
			srv := fake(b)
			srv.SetFault("EmailTrack::search", tc.fault)
			c := client(b, srv, "")
			var peak uint64
			for b.Loop() {
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				base := ms.HeapInuse
				n := 0
				for range c.EmailTrack.Records(b.Context(), &cpanel.SearchOptions{MaxResultsByType: 0}, nil) {
					if n++; n%10000 == 0 {
						runtime.ReadMemStats(&ms)
						peak = max(peak, ms.HeapInuse-min(ms.HeapInuse, base))
					}
				}
				runtime.ReadMemStats(&ms)
				peak = max(peak, ms.HeapInuse-min(ms.HeapInuse, base))
			}
			b.ReportMetric(float64(peak)/(1<<20), "peak-MiB")
		})
	}
}

// TestRetryAfterLongerThanOneRequest: without a deadline, a Retry-After
// longer than the time limit of one request is not waited for.
func TestRetryAfterLongerThanOneRequest(t *testing.T) {
	t.Parallel()
	srv := fake(t)
	srv.SetFault("*", cpaneltest.Fault{Status: 503, RetryAfter: "20"})
	c := client(t, srv, "", cpanel.WithTimeout(2*time.Second))
	done := make(chan error, 1)
	go func() { _, _, err := c.Quota.GetQuotaInfo(context.Background()); done <- err }()
	select {
	case err := <-done:
		if !errors.Is(err, cpanel.ClassAPI) || len(srv.Calls()) != 1 {
			t.Errorf("%v after %d requests", err, len(srv.Calls()))
		}
	case <-time.After(15 * time.Second):
		t.Fatal("waited for a Retry-After of 20 s with a 2 s time limit")
	}
}

// TestCompressedAnswerTheTransportLeftAlone: with a transport that does
// not decompress, the client decompresses a gzip answer itself, with the
// same caps and labels.
func TestCompressedAnswerTheTransportLeftAlone(t *testing.T) {
	t.Parallel()
	hc := &http.Client{Transport: &http.Transport{DisableCompression: true}}
	srv := fake(t)
	c := client(t, srv, "", cpanel.WithHTTPClient(hc), cpanel.WithMaxBodyBytes(1<<20))
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{GzipBomb: 1 << 20, Times: 1})
	if _, _, err := c.Quota.GetQuotaInfo(t.Context()); !errors.Is(err, cpanel.ClassSize) {
		t.Errorf("gzip bomb: %v", err)
	}
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{GzipBomb: 512 << 10, Times: 1})
	if q, _, err := c.Quota.GetQuotaInfo(t.Context()); err != nil || q == nil {
		t.Errorf("a compressed answer under the cap: %v", err)
	}
	srv.SetFault("Quota::get_quota_info", cpaneltest.Fault{BadGzip: true})
	if _, _, err := c.Quota.GetQuotaInfo(t.Context()); !errors.Is(err, cpanel.ClassDecode) || !strings.Contains(err.Error(), "gzip") {
		t.Errorf("bad gzip: %v", err)
	}
}
