// Package state remembers what a monitoring run found, across runs: each
// problem (a finding's rule id and subject, a blocklist listing, a
// threshold crossed) with when it was first seen and how many runs in a
// row saw it or did not, and the last run's figures. From it each run's
// problems are marked new, ongoing (since when) or resolved, and
// confirmed only after a number of runs in a row, so that a flapping
// check does not page anyone.
//
// The file is JSON with a version; it is written atomically (a
// temporary file of the same directory, synced and renamed), with mode
// 0600, so a crash mid-write leaves the previous state whole.
package state

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"sort"
	"time"

	"github.com/cpmail/cpmail/internal/atomicfile"
)

// Version is the version of the state file's layout. A file of a newer
// version is refused (ErrNewer), never overwritten.
const Version = 1

// maxFileBytes bounds a state file: it holds a few hundred problems.
const maxFileBytes = 16 << 20

// ErrNewer is returned by Load for a file written by a newer cpmail.
var ErrNewer = errors.New("state file written by a newer cpmail")

// NewerError is the error of a state file of a newer version; errors.Is
// matches ErrNewer.
type NewerError struct {
	Path    string
	Version int
}

func (e *NewerError) Error() string {
	return fmt.Sprintf("%v: %s has version %d, this cpmail reads up to %d", ErrNewer, e.Path, e.Version, Version)
}

// Is makes errors.Is(err, ErrNewer) true.
func (e *NewerError) Is(target error) bool { return target == ErrNewer }

// The kinds of problem.
const (
	KindFinding   = "finding"
	KindListing   = "listing"
	KindThreshold = "threshold"
)

// Problem is one problem a run saw. Kind, ID and Subject identify it
// across runs: a finding's rule id and subject, a blocklist listing's
// list and IP or domain, a threshold's metric.
type Problem struct {
	Kind     string `json:"kind"`
	ID       string `json:"id"`
	Subject  string `json:"subject,omitempty"`
	Severity string `json:"severity"`
	// Sources are the sources the problem was read from (API functions,
	// "live DNS"): a run that could not read one of them cannot tell
	// that the problem is gone.
	Sources []string `json:"sources,omitempty"`
}

type key struct{ kind, id, subject string }

func (p Problem) key() key { return key{p.Kind, p.ID, p.Subject} }

// Entry is a remembered problem.
type Entry struct {
	Problem
	// FirstSeen is the run that began the current streak of runs
	// seeing it; LastSeen the latest run that saw it.
	FirstSeen time.Time `json:"first_seen"`
	LastSeen  time.Time `json:"last_seen"`
	// Seen is how many runs in a row saw it (0 when the last did not);
	// Clean how many runs in a row did not.
	Seen  int `json:"seen"`
	Clean int `json:"clean"`
	// Confirmed is true once Seen reached the confirmation count: the
	// problem is reported until Clean reaches it.
	Confirmed bool `json:"confirmed"`
}

// File is the state as saved.
type File struct {
	Version int       `json:"version"`
	Runs    int       `json:"runs"`
	LastRun time.Time `json:"last_run,omitzero"`
	// Confirm is the confirmation count of the runs that wrote it (see
	// Update), so that a reader shows the marks those runs would.
	Confirm int `json:"confirm,omitempty"`
	// Problems are the remembered problems, in a stable order.
	Problems []Entry `json:"problems"`
	// Figures are the last run's measured values, by perfdata label.
	Figures map[string]float64 `json:"figures,omitempty"`
}

// Mark says how a run's problem relates to the runs before.
type Mark string

// The marks.
const (
	// New: confirmed in this run (first seen, or seen the confirmation
	// count of runs in a row).
	New Mark = "new"
	// Ongoing: confirmed in an earlier run and still reported.
	Ongoing Mark = "ongoing"
	// Resolved: confirmed earlier, not seen for the confirmation count
	// of runs in a row; reported once, then forgotten.
	Resolved Mark = "resolved"
	// Pending: seen, but not yet in enough runs in a row to be reported.
	Pending Mark = "pending"
)

// Marked is a problem with its mark for this run.
type Marked struct {
	Entry
	Mark Mark `json:"mark"`
	// Absent is true for an ongoing problem this run did not see (it is
	// held until it has been clean for the confirmation count of runs).
	Absent bool `json:"absent,omitempty"`
	// Unchecked is true for an absent problem this run could not check
	// (a source it is read from was not read): not a clean run for it.
	Unchecked bool `json:"unchecked,omitempty"`
}

// Reported reports whether the problem counts for this run's status:
// new or ongoing.
func (m Marked) Reported() bool { return m.Mark == New || m.Mark == Ongoing }

// Load reads the state file at path. A missing file is an empty state;
// one of a newer version is ErrNewer; one that cannot be read or parsed
// is an error (never silently replaced: it may be another file).
func Load(path string) (*File, error) {
	fh, err := os.Open(path)
	if errors.Is(err, os.ErrNotExist) {
		return &File{Version: Version}, nil
	}
	if err != nil {
		return nil, err
	}
	defer fh.Close()
	b, err := io.ReadAll(io.LimitReader(fh, maxFileBytes+1))
	if err != nil {
		return nil, err
	}
	if len(b) > maxFileBytes {
		return nil, fmt.Errorf("%s: larger than %d MiB: not a cpmail state file", path, maxFileBytes>>20)
	}
	var head struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(b, &head); err != nil || head.Version == nil {
		return nil, fmt.Errorf("%s: not a cpmail state file", path)
	}
	if *head.Version > Version {
		return nil, &NewerError{Path: path, Version: *head.Version}
	}
	if *head.Version < 1 {
		return nil, fmt.Errorf("%s: not a cpmail state file (version %d)", path, *head.Version)
	}
	var f File
	if err := json.Unmarshal(b, &f); err != nil {
		return nil, fmt.Errorf("%s: not a cpmail state file: %v", path, err)
	}
	f.Version = Version
	return &f, nil
}

// Save writes the state to path atomically with mode 0600: into a
// temporary file of the same directory, synced, then renamed over path,
// so that a crash or a full disk mid-write leaves the earlier state whole.
func Save(path string, f *File) error {
	f.Version = Version
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return atomicfile.Write(path, 0o600, func(w io.Writer) error {
		_, err := w.Write(append(b, '\n'))
		return err
	})
}

// Update records a run at now that saw the problems seen, and returns
// every problem's mark for this run: each seen problem (new, ongoing or
// pending) and each remembered one it did not see (ongoing while held,
// resolved once clean for confirm runs in a row). confirm below 1 counts
// as 1: reported at once, resolved at once. checked reports whether this
// run could have seen a remembered problem (its sources were read); one
// it could not check stays as it was, ongoing. nil: every one.
func (f *File) Update(now time.Time, seen []Problem, confirm int, checked func(Problem) bool) []Marked {
	if confirm < 1 {
		confirm = 1
	}
	old := map[key]Entry{}
	for _, e := range f.Problems {
		old[e.key()] = e
	}
	var out []Marked
	var keep []Entry
	done := map[key]bool{}
	for _, p := range seen {
		k := p.key()
		if done[k] {
			continue
		}
		done[k] = true
		e, known := old[k]
		if !known {
			e = Entry{FirstSeen: now}
		}
		e.Problem, e.LastSeen, e.Clean = p, now, 0
		e.Seen++
		mark := Ongoing
		switch {
		case e.Confirmed:
		case e.Seen >= confirm:
			e.Confirmed, mark = true, New
		default:
			mark = Pending
		}
		keep = append(keep, e)
		out = append(out, Marked{Entry: e, Mark: mark})
	}
	for _, e := range f.Problems {
		if done[e.key()] {
			continue
		}
		if !e.Confirmed {
			continue // a streak broken before it was confirmed: forgotten
		}
		if checked != nil && !checked(e.Problem) {
			keep = append(keep, e)
			out = append(out, Marked{Entry: e, Mark: Ongoing, Absent: true, Unchecked: true})
			continue
		}
		e.Seen = 0
		e.Clean++
		if e.Clean >= confirm {
			out = append(out, Marked{Entry: e, Mark: Resolved, Absent: true})
			continue
		}
		keep = append(keep, e)
		out = append(out, Marked{Entry: e, Mark: Ongoing, Absent: true})
	}
	sort.SliceStable(keep, func(i, j int) bool { return less(keep[i].Problem, keep[j].Problem) })
	f.Problems, f.Runs, f.LastRun = keep, f.Runs+1, now
	return out
}

func less(a, b Problem) bool {
	if a.Kind != b.Kind {
		return a.Kind < b.Kind
	}
	if a.ID != b.ID {
		return a.ID < b.ID
	}
	return a.Subject < b.Subject
}
