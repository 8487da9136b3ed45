package state

import (
	"encoding/json"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/cpmail/cpmail/internal/atomicfile"
)

var t0 = time.Date(2026, 12, 7, 8, 0, 0, 0, time.UTC)

func run(i int) time.Time { return t0.Add(time.Duration(i) * 5 * time.Minute) }

func full(subject string) Problem {
	return Problem{Kind: KindFinding, ID: "mailbox-full", Subject: subject, Severity: "fail"}
}

func marksOf(ms []Marked) map[string]Marked {
	out := map[string]Marked{}
	for _, m := range ms {
		out[m.Kind+" "+m.ID+" "+m.Subject] = m
	}
	return out
}

func TestNewOngoingResolved(t *testing.T) {
	f := &File{Version: Version}
	a, b := full("a@example.com"), full("b@example.com")

	m := marksOf(f.Update(run(0), []Problem{a}, 1, nil))
	if got := m["finding mailbox-full a@example.com"]; got.Mark != New || !got.FirstSeen.Equal(run(0)) || !got.Reported() {
		t.Fatalf("run 0: %+v", got)
	}
	m = marksOf(f.Update(run(1), []Problem{a, b}, 1, nil))
	if got := m["finding mailbox-full a@example.com"]; got.Mark != Ongoing || !got.FirstSeen.Equal(run(0)) || got.Seen != 2 {
		t.Errorf("run 1 a: %+v", got)
	}
	if got := m["finding mailbox-full b@example.com"]; got.Mark != New || !got.FirstSeen.Equal(run(1)) {
		t.Errorf("run 1 b: %+v", got)
	}
	m = marksOf(f.Update(run(2), []Problem{b}, 1, nil))
	if got := m["finding mailbox-full a@example.com"]; got.Mark != Resolved || got.Reported() || !got.LastSeen.Equal(run(1)) {
		t.Errorf("run 2 a: %+v", got)
	}
	if got := m["finding mailbox-full b@example.com"]; got.Mark != Ongoing {
		t.Errorf("run 2 b: %+v", got)
	}
	// Resolved is reported once, then forgotten; seen again it is new.
	m = marksOf(f.Update(run(3), []Problem{b}, 1, nil))
	if _, ok := m["finding mailbox-full a@example.com"]; ok || len(f.Problems) != 1 {
		t.Errorf("run 3: a still remembered: %+v", f.Problems)
	}
	m = marksOf(f.Update(run(4), []Problem{a, b}, 1, nil))
	if got := m["finding mailbox-full a@example.com"]; got.Mark != New || !got.FirstSeen.Equal(run(4)) {
		t.Errorf("run 4 a: %+v", got)
	}
	if f.Runs != 5 || !f.LastRun.Equal(run(4)) {
		t.Errorf("runs %d, last %v", f.Runs, f.LastRun)
	}
}

func TestSameProblemTwiceIsOne(t *testing.T) {
	f := &File{Version: Version}
	ms := f.Update(run(0), []Problem{full("a@example.com"), full("a@example.com")}, 1, nil)
	if len(ms) != 1 || len(f.Problems) != 1 {
		t.Errorf("%+v", ms)
	}
}

// A problem is reported only after confirm runs in a row, and resolved
// only after confirm clean runs; a broken streak starts again.
func TestConfirmCounts(t *testing.T) {
	f := &File{Version: Version}
	l := Problem{Kind: KindListing, ID: "Spamhaus ZEN", Subject: "203.0.113.10", Severity: "fail"}
	k := "listing Spamhaus ZEN 203.0.113.10"
	steps := []struct {
		seen   bool
		mark   Mark
		absent bool
	}{
		{true, Pending, false},  // 1st sighting
		{false, "", false},      // streak broken: forgotten
		{true, Pending, false},  // again 1 of 3
		{true, Pending, false},  // 2 of 3
		{true, New, false},      // 3 of 3: reported, new
		{true, Ongoing, false},  // still there
		{false, Ongoing, true},  // delisted: 1 clean run, held
		{true, Ongoing, false},  // listed again: no new alert
		{false, Ongoing, true},  // clean 1
		{false, Ongoing, true},  // clean 2
		{false, Resolved, true}, // clean 3: resolved
		{false, "", false},      // forgotten
	}
	var since time.Time
	for i, s := range steps {
		var seen []Problem
		if s.seen {
			seen = []Problem{l}
		}
		m, ok := marksOf(f.Update(run(i), seen, 3, nil))[k]
		if s.mark == "" {
			if ok {
				t.Errorf("step %d: want no mark, got %+v", i, m)
			}
			continue
		}
		if !ok || m.Mark != s.mark || m.Absent != s.absent {
			t.Errorf("step %d: got %+v (present %v), want %s absent=%v", i, m, ok, s.mark, s.absent)
		}
		if i == 2 {
			since = m.FirstSeen
		}
		if i >= 4 && i <= 10 && !m.FirstSeen.Equal(since) {
			t.Errorf("step %d: since %v, want the streak's first run %v", i, m.FirstSeen, since)
		}
	}
	if !since.Equal(run(2)) {
		t.Errorf("since = %v, want %v", since, run(2))
	}
}

func TestSaveLoadRoundTripAndMode(t *testing.T) {
	path := filepath.Join(t.TempDir(), "check.state")
	if err := os.WriteFile(path, []byte(`{"version":1,"problems":[]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	f, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Update(run(0), []Problem{full("a@example.com")}, 1, nil)
	f.Figures = map[string]float64{"failures": 3}
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	st, err := os.Stat(path)
	if err != nil || st.Mode().Perm() != 0o600 {
		t.Fatalf("mode %v, %v: want 0600 whatever the file had", st.Mode(), err)
	}
	g, err := Load(path)
	if err != nil {
		t.Fatal(err)
	}
	if g.Version != Version || g.Runs != 1 || len(g.Problems) != 1 || g.Problems[0].Subject != "a@example.com" || g.Figures["failures"] != 3 || !g.Problems[0].FirstSeen.Equal(run(0)) {
		t.Errorf("round trip: %+v", g)
	}
	var raw map[string]any
	b, _ := os.ReadFile(path)
	if err := json.Unmarshal(b, &raw); err != nil || raw["version"] != float64(Version) {
		t.Errorf("file: %s", b)
	}
}

func TestLoadMissingIsEmpty(t *testing.T) {
	f, err := Load(filepath.Join(t.TempDir(), "none"))
	if err != nil || f.Version != Version || len(f.Problems) != 0 {
		t.Errorf("%+v %v", f, err)
	}
}

func TestLoadRefusesNewerVersion(t *testing.T) {
	path := filepath.Join(t.TempDir(), "s")
	os.WriteFile(path, []byte(`{"version":99,"problems":[],"something_new":true}`), 0o600)
	_, err := Load(path)
	if !errors.Is(err, ErrNewer) || !strings.Contains(err.Error(), "version 99") || strings.Contains(err.Error(), "\n") {
		t.Errorf("newer version: %v", err)
	}
	b, _ := os.ReadFile(path)
	if !strings.Contains(string(b), "something_new") {
		t.Error("the newer file was changed")
	}
}

func TestLoadRefusesWhatIsNotState(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"empty": "", "text": "hello", "noversion": `{"problems":[]}`, "zero": `{"version":0}`,
		"half": `{"version":1,"problems":[{"kind":"fin`, "badtype": `{"version":1,"problems":"x"}`,
	} {
		path := filepath.Join(dir, name)
		os.WriteFile(path, []byte(content), 0o600)
		if f, err := Load(path); err == nil {
			t.Errorf("%s: accepted as %+v", name, f)
		}
	}
	if _, err := Load(dir); err == nil {
		t.Error("a directory was accepted")
	}
}

// A write that stops half-way (a crash, a full disk) leaves the earlier
// state whole and readable, and no temporary file behind.
func TestCrashMidWriteKeepsEarlierState(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "check.state")
	f := &File{Version: Version}
	f.Update(run(0), []Problem{full("a@example.com")}, 1, nil)
	if err := Save(path, f); err != nil {
		t.Fatal(err)
	}
	before, _ := os.ReadFile(path)

	// While the new state is half written, the path still holds the
	// earlier one whole.
	crash := errors.New("crash")
	err := atomicfile.Write(path, 0o600, func(w io.Writer) error {
		if _, err := w.Write([]byte(`{"version":1,"problems":[{"kind":"finding","id":"x`)); err != nil {
			return err
		}
		g, err := Load(path)
		if err != nil || len(g.Problems) != 1 {
			t.Errorf("mid-write: %+v %v", g, err)
		}
		return crash
	})
	if !errors.Is(err, crash) {
		t.Fatalf("write: %v", err)
	}
	after, _ := os.ReadFile(path)
	if string(after) != string(before) {
		t.Errorf("state changed by a failed write:\n%s", after)
	}
	// A temporary file a killed process left behind is not read.
	os.WriteFile(filepath.Join(dir, ".check.state.123.tmp"), []byte("garbage"), 0o600)
	if g, err := Load(path); err != nil || len(g.Problems) != 1 {
		t.Errorf("after crash: %+v %v", g, err)
	}
	ents, _ := os.ReadDir(dir)
	if len(ents) != 2 {
		t.Errorf("files left: %v", ents)
	}
}

// A run that could not read a problem's source is not a clean run for
// it: the problem stays ongoing, its clean count unchanged.
func TestUncheckedIsNotClean(t *testing.T) {
	f := &File{Version: Version}
	l := Problem{Kind: KindListing, ID: "SpamCop", Subject: "203.0.113.10", Severity: "fail", Sources: []string{"live DNS"}}
	f.Update(run(0), []Problem{l}, 2, nil)
	f.Update(run(1), []Problem{l}, 2, nil)
	liveUnread := func(p Problem) bool { return len(p.Sources) == 0 || p.Sources[0] != "live DNS" }
	for i := 2; i < 6; i++ {
		ms := f.Update(run(i), nil, 2, liveUnread)
		if len(ms) != 1 || ms[0].Mark != Ongoing || !ms[0].Unchecked || ms[0].Clean != 0 {
			t.Fatalf("run %d: %+v", i, ms)
		}
	}
	f.Update(run(6), nil, 2, nil)
	if ms := f.Update(run(7), nil, 2, nil); len(ms) != 1 || ms[0].Mark != Resolved {
		t.Errorf("after 2 clean runs: %+v", ms)
	}
}
