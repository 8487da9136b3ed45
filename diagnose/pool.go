package diagnose

import (
	"context"
	"errors"
	"sort"
	"strings"
	"sync"

	"github.com/cpmail/cpmail/cpanel"
)

// gatherer runs calls through a pool of workers fed by a FIFO queue and
// records coverage. Calls may queue more calls.
//
// The first call whose answer refuses the credentials
// (cpanel.ErrCredentialsRefused) cancels the gatherer's context: calls in
// flight end, queued calls are recorded as not made, and no call starts
// after it (cPanel's cPHulk locks out an IP that keeps failing).
type gatherer struct {
	ctx    context.Context
	cancel context.CancelFunc
	s      *Snapshot
	mu     sync.Mutex
	cond   *sync.Cond
	queue  []task
	busy   int // queued or running tasks
	done   chan struct{}
	// more is how many workers start once the first call is answered
	// without a refusal; until then one call at a time goes out, so wrong
	// credentials cost one refused request, not a pool's worth.
	more int
	open sync.Once
	// notes are the coverage notes by source (see note).
	notes map[string]string
}

type task struct {
	source string
	fn     func(ctx context.Context) error
	// then, when set, runs after the task, whether fn ran or was skipped.
	then func()
}

func newGatherer(ctx context.Context, s *Snapshot, workers int) *gatherer {
	ctx, cancel := context.WithCancel(ctx)
	g := &gatherer{ctx: ctx, cancel: cancel, s: s, done: make(chan struct{}), more: workers - 1}
	g.cond = sync.NewCond(&g.mu)
	go g.work()
	return g
}

// widen starts the rest of the pool, once, unless the credentials were
// refused: until then one call at a time goes out.
func (g *gatherer) widen() {
	g.open.Do(func() {
		if g.refusal() == nil {
			for range g.more {
				go g.work()
			}
		}
	})
}

// run queues a call.
func (g *gatherer) run(source string, fn func(ctx context.Context) error) {
	g.runThen(source, nil, fn)
}

// runThen queues a call and what must follow it even when the call is
// skipped (a refusal cancelled it).
func (g *gatherer) runThen(source string, then func(), fn func(ctx context.Context) error) {
	g.mu.Lock()
	g.queue = append(g.queue, task{source, fn, then})
	g.busy++
	g.mu.Unlock()
	g.cond.Signal()
}

func (g *gatherer) work() {
	for {
		g.mu.Lock()
		for len(g.queue) == 0 {
			select {
			case <-g.done:
				g.mu.Unlock()
				return
			default:
			}
			g.cond.Wait()
		}
		t := g.queue[0]
		g.queue = g.queue[1:]
		g.mu.Unlock()
		var err error
		ran := false
		if err = g.refusal(); err == nil {
			if err = g.ctx.Err(); err == nil {
				ran = true
				err = t.fn(g.ctx)
			}
		}
		skipped := false
		if errors.Is(err, cpanel.ErrCredentialsRefused) && ran {
			g.refuse(t.source, err)
		} else if ref := g.refusal(); err != nil && ref != nil {
			// Cancelled by the refusal: say so rather than "context canceled".
			err, skipped = ref, true
		}
		g.record(t.source, err, skipped)
		if t.then != nil {
			t.then()
		}
		g.widen()
		g.mu.Lock()
		g.busy--
		g.mu.Unlock()
		g.cond.Broadcast()
	}
}

// wait returns when every queued call (and what they queued) is done, and
// stops the workers.
func (g *gatherer) wait() {
	g.mu.Lock()
	for g.busy > 0 {
		g.cond.Wait()
	}
	close(g.done)
	g.mu.Unlock()
	g.cond.Broadcast()
	g.cancel()
}

// refuse records the first refusal of the credentials and cancels every
// call in flight and queued.
func (g *gatherer) refuse(source string, err error) {
	g.mu.Lock()
	if g.s.CredentialsRefused == "" {
		g.s.CredentialsRefused = source + ": " + oneLine(err.Error(), 500)
		g.s.CredentialsLockedOut = errors.Is(err, cpanel.ErrLockedOut)
		g.s.refusal = err
	}
	g.mu.Unlock()
	g.cancel()
}

// refusal returns the recorded refusal of the credentials, or nil.
func (g *gatherer) refusal() error {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.s.Refused()
}

func (g *gatherer) set(f func()) {
	g.mu.Lock()
	defer g.mu.Unlock()
	f()
}

// record adds source's coverage; skipped says it was not read because a
// refused credential stopped the run.
func (g *gatherer) record(source string, err error, skipped bool) {
	c := Coverage{Source: source, OK: err == nil, Err: err, Class: classOf(err)}
	if skipped {
		c.Class = ClassSkipped
	}
	if err != nil {
		c.Error = strings.Join(strings.Fields(err.Error()), " ")
	}
	g.set(func() {
		c.Note = g.notes[source]
		g.s.Coverage = append(g.s.Coverage, c)
	})
}

// note attaches a note to source's coverage record; call it under g.mu
// (inside set) before the call returns.
func (g *gatherer) note(source, text string) {
	if g.notes == nil {
		g.notes = map[string]string{}
	}
	g.notes[source] = text
}

// barrier runs fn once, in the goroutine that calls the Done matching the
// last Add: for calls that may start only when other calls' answers are
// in. Hold one Add while the calls are queued, so that it cannot run
// early, and let the calls' then (runThen) call Done: the gatherer counts
// a call as busy until its then returns, so whatever fn queues is waited
// for, and no goroutine of its own is needed.
type barrier struct {
	mu sync.Mutex
	n  int
	fn func()
}

func newBarrier(fn func()) *barrier { return &barrier{fn: fn} }

// Add counts n more calls to wait for.
func (b *barrier) Add(n int) {
	b.mu.Lock()
	b.n += n
	b.mu.Unlock()
}

// Done ends one; the last runs fn.
func (b *barrier) Done() {
	b.mu.Lock()
	b.n--
	last := b.n == 0
	b.mu.Unlock()
	if last {
		b.fn()
	}
}

// sortCoverage orders Coverage by source.
func (s *Snapshot) sortCoverage() {
	sort.SliceStable(s.Coverage, func(i, j int) bool { return s.Coverage[i].Source < s.Coverage[j].Source })
}

func contains(list []string, v string) bool {
	for _, x := range list {
		if strings.EqualFold(x, v) {
			return true
		}
	}
	return false
}
