package diagnose_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/cpanel/cpaneltest"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/internal/fixture"
	"github.com/cpmail/cpmail/internal/i18n"
)

// countingServer serves a scenario through a handler that counts the
// requests, in order, by path.
type countingServer struct {
	*httptest.Server
	h     *cpaneltest.Handler
	mu    sync.Mutex
	paths []string
}

func newCountingServer(t *testing.T, name string) *countingServer {
	t.Helper()
	sc, err := fixture.Scenario(name)
	if err != nil {
		t.Fatal(err)
	}
	cs := &countingServer{h: cpaneltest.NewHandler(sc, cpaneltest.WithClock(func() time.Time { return scenarioNow }))}
	cs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cs.mu.Lock()
		cs.paths = append(cs.paths, r.URL.Path)
		cs.mu.Unlock()
		cs.h.ServeHTTP(w, r)
	}))
	t.Cleanup(cs.Close)
	return cs
}

func (cs *countingServer) requests() []string {
	cs.mu.Lock()
	defer cs.mu.Unlock()
	return append([]string(nil), cs.paths...)
}

func (cs *countingServer) gather(t *testing.T, token string, opts diagnose.GatherOptions) *diagnose.Snapshot {
	t.Helper()
	c, err := cpanel.NewClient(cs.URL, cs.h.User(), token)
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if opts.Since.IsZero() {
		opts.Since = scenarioNow.Add(-7 * 24 * time.Hour)
	}
	opts.Now = func() time.Time { return scenarioNow }
	if opts.Target.Kind == "" {
		opts.Target = diagnose.Target{Kind: diagnose.TargetAccount}
	}
	return diagnose.Gather(ctx, c, opts)
}

// A wrong token costs one refused request: Gather sends nothing more,
// records the refusal for the caller, and Evaluate makes no finding of it.
func TestGatherStopsAtRefusedCredentials(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy")
	s := cs.gather(t, "WRONGTOKEN0000000000000000000000", diagnose.GatherOptions{})
	if got := cs.requests(); len(got) != 1 {
		t.Errorf("%d requests after a refusal, want 1: %v", len(got), got)
	}
	err := s.Refused()
	if !errors.Is(err, cpanel.ErrCredentialsRefused) || !errors.Is(s.Err(), cpanel.ErrCredentialsRefused) {
		t.Fatalf("Refused() = %v, want a credentials refusal", err)
	}
	if strings.Contains(err.Error(), "WRONGTOKEN") || strings.Contains(err.Error(), "\n") {
		t.Errorf("refusal text %q", err)
	}
	for _, c := range s.Coverage {
		if c.OK || strings.Contains(c.Error, "context canceled") {
			t.Errorf("coverage %+v: want the refusal named", c)
		}
	}
	for _, l := range []i18n.Tag{i18n.English, i18n.TraditionalChinese} {
		rep := diagnose.EvalIn(t, s, diagnose.EvalOptions{Now: scenarioNow}, l)
		if rep.Verdict != diagnose.VerdictUnknown || len(rep.Findings) != 0 || rep.CredentialsRefused == "" {
			t.Errorf("%s: verdict %s, %d findings, refused %q: want unknown, none, the refusal", l, rep.Verdict, len(rep.Findings), rep.CredentialsRefused)
		}
	}
	// It survives a snapshot round trip.
	var b strings.Builder
	if err := s.Write(&b); err != nil {
		t.Fatal(err)
	}
	back, err := diagnose.ReadSnapshot(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	if !errors.Is(back.Err(), cpanel.ErrCredentialsRefused) {
		t.Errorf("refusal lost in the snapshot: %v", back.Err())
	}
}

// A refusal in the middle of the run cancels what is queued: with one call
// at a time, the refused call is the last request made. (How many calls
// come before it depends on when the answers that queue more calls
// arrive, so only "last" is asserted.)
func TestGatherRefusalMidRunCancelsQueue(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy")
	cs.h.SetFault("Email::list_pops_with_disk", cpaneltest.Fault{Status: 401, Body: "Unauthorized"})
	s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{Concurrency: 1})
	got := cs.requests()
	if len(got) == 0 || !strings.HasSuffix(got[len(got)-1], "/list_pops_with_disk") {
		t.Errorf("requests %v: want the refused call last, and nothing after it", got)
	}
	if !errors.Is(s.Refused(), cpanel.ErrCredentialsRefused) || !strings.Contains(s.CredentialsRefused, diagnose.SrcMailboxes) {
		t.Errorf("Refused() = %v, %q", s.Refused(), s.CredentialsRefused)
	}
}

// A token that lacks one feature degrades that source only: the run goes
// on and nothing is called refused.
func TestGatherFeatureRefusalDegradesOneSource(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy")
	cs.h.SetFault("Quota::get_quota_info", cpaneltest.Fault{Status: 403, Body: "The API token does not allow the feature “quota”."})
	s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{})
	if s.Refused() != nil {
		t.Fatalf("a feature refusal stopped the run: %v", s.Refused())
	}
	for _, c := range s.Coverage {
		if c.OK == (c.Source == diagnose.SrcQuota) {
			t.Errorf("coverage %+v", c)
		}
	}
	rep := diagnose.EvalIn(t, s, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
	if rep.Verdict != diagnose.VerdictUnknown || len(rep.Unread) != 1 || rep.Unread[0] != diagnose.SrcQuota {
		t.Errorf("verdict %s, unread %v: want unknown, the quota", rep.Verdict, rep.Unread)
	}
}

// Nothing read means nothing known: every call failing gives unknown with
// the unread sources named, never pass or a warn that hides them.
func TestNothingReadIsUnknown(t *testing.T) {
	t.Parallel()
	for _, f := range []cpaneltest.Fault{{Status: 500}, {HTML: true}, {StatusZero: "Internal error"}, {Truncate: true}} {
		cs := newCountingServer(t, "healthy")
		cs.h.SetFault("*", f)
		s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{})
		rep := diagnose.EvalIn(t, s, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
		if rep.Verdict != diagnose.VerdictUnknown {
			t.Errorf("%+v: verdict %s with findings %v, want unknown", f, rep.Verdict, ids(rep))
		}
		for _, src := range []string{diagnose.SrcTrack, diagnose.SrcMailboxes, diagnose.SrcMailDomains, diagnose.SrcQuota} {
			if !strings.Contains(strings.Join(rep.Unread, ","), src) {
				t.Errorf("%+v: unread %v lacks %s", f, rep.Unread, src)
			}
		}
	}
}

// A server that hangs past the deadline gives unknown too.
func TestHungServerIsUnknown(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy")
	cs.h.SetFault("EmailTrack::*", cpaneltest.Fault{Latency: time.Minute})
	c, err := cpanel.NewClient(cs.URL, cs.h.User(), cs.h.Token())
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	s := diagnose.Gather(ctx, c, diagnose.GatherOptions{Target: diagnose.Target{Kind: diagnose.TargetAccount}, Since: scenarioNow.Add(-7 * 24 * time.Hour), Now: func() time.Time { return scenarioNow }})
	rep := diagnose.EvalIn(t, s, diagnose.EvalOptions{Now: scenarioNow}, i18n.English)
	if rep.Verdict != diagnose.VerdictUnknown || !strings.Contains(strings.Join(rep.Unread, ","), diagnose.SrcTrack) {
		t.Errorf("verdict %s, unread %v: want unknown with the delivery log unread", rep.Verdict, rep.Unread)
	}
}

func ids(rep *diagnose.Report) []string {
	var out []string
	for _, f := range rep.Findings {
		out = append(out, f.ID+" "+f.Subject)
	}
	return out
}

// A domain or address whose domain is not on the account is a typed
// one-line error, decided from the account's domains.
func TestTargetNotOnAccount(t *testing.T) {
	t.Parallel()
	cases := []struct {
		target  string
		missing bool
	}{
		{"greenleaf.example", false},
		{"hello@greenleaf.example", false},
		{"info@greenleaf.example", false}, // a forwarder
		{"other.example", true},
		{"someone@other.example", true},
		{"nobody@greenleaf.example", false}, // a finding: recipient-unknown
	}
	for _, tc := range cases {
		cs := newCountingServer(t, "healthy")
		target, err := diagnose.ParseTarget(tc.target)
		if err != nil {
			t.Fatal(err)
		}
		s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{Target: target})
		err = s.Err()
		if got := errors.Is(err, diagnose.ErrTargetNotOnAccount); got != tc.missing {
			t.Errorf("%s: Err() = %v, want missing %v", tc.target, err, tc.missing)
		}
		if err != nil && (strings.Contains(err.Error(), "\n") || !strings.Contains(err.Error(), tc.target)) {
			t.Errorf("%s: message %q", tc.target, err)
		}
	}
	// Without the domain list, nothing is decided.
	cs := newCountingServer(t, "healthy")
	cs.h.SetFault("Email::list_mail_domains", cpaneltest.Fault{Status: 500})
	s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{Target: diagnose.Target{Kind: diagnose.TargetDomain, Value: "other.example"}})
	if err := s.TargetMissing(); err != nil {
		t.Errorf("decided %v without the domain list", err)
	}
}

// A subdomain has no zone of its own on cPanel: its records are read from
// the parent's zone, and a healthy account with one passes.
func TestSubdomainReadsParentZone(t *testing.T) {
	t.Parallel()
	cs := newCountingServer(t, "healthy-subdomain")
	s := cs.gather(t, cs.h.Token(), diagnose.GatherOptions{})
	const sub = "shop.greenleaf.example"
	var mx []string
	for _, r := range s.Zones[sub] {
		if r.Type == "MX" && r.FQDN(sub) == sub {
			mx = append(mx, r.Text())
		}
		if n := r.FQDN(sub); n != sub && !strings.HasSuffix(n, "."+sub) {
			t.Errorf("record %s of the parent zone kept for %s", n, sub)
		}
	}
	if len(mx) != 1 {
		t.Errorf("MX of %s from the parent zone = %v; records %+v", sub, mx, s.Zones[sub])
	}
	noted := false
	for _, c := range s.Coverage {
		if c.Source == diagnose.SrcZone+" "+sub {
			noted = c.OK && strings.Contains(c.Note, "greenleaf.example")
		}
	}
	if !noted {
		t.Errorf("coverage of the subdomain's zone: %+v", s.Coverage)
	}
	for _, l := range []i18n.Tag{i18n.English, i18n.TraditionalChinese} {
		rep := diagnose.EvalIn(t, s, diagnose.EvalOptions{Now: scenarioNow}, l)
		if rep.Verdict != diagnose.VerdictPass {
			t.Errorf("%s: verdict %s, findings %v, unread %v: want pass", l, rep.Verdict, ids(rep), rep.Unread)
		}
	}
	// The parent zone is read once, for itself and for the subdomain.
	n := 0
	for _, p := range cs.requests() {
		if strings.HasSuffix(p, "/parse_zone") {
			n++
		}
	}
	if n != 2 {
		t.Errorf("%d parse_zone calls, want 2 (the refused subdomain, the parent once)", n)
	}
}

// A hostile or broken snapshot is refused with one line.
func TestReadSnapshotRefusesHostile(t *testing.T) {
	t.Parallel()
	for _, body := range []string{
		`{"schema_version":-1,"target":{"kind":"account"},"coverage":[]}`,
		`{"schema_version":99,"target":{"kind":"account"},"coverage":[]}`,
		`{"schema_version":1,"target":{"kind":"account"},"since":"2026-12-01T00:00:00Z","until":"2026-11-01T00:00:00Z","coverage":[]}`,
		`{"schema_version":1,"target":{"kind":"planet"},"coverage":[]}`,
		`{"schema_version":1,"target":{"kind":"account"},"held_messages":{"a@b.example":-5},"coverage":[]}`,
	} {
		_, err := diagnose.ReadSnapshot(strings.NewReader(body))
		if err == nil || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: err %v, want one line", body, err)
		}
	}
	if _, err := diagnose.ReadSnapshot(strings.NewReader(`{"schema_version":1,"target":{"kind":"account"},"coverage":[]}`)); err != nil {
		t.Errorf("a plain snapshot refused: %v", err)
	}
}
