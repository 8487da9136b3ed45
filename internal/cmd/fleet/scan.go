package fleet

import (
	"context"
	"errors"
	"fmt"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/diagnose/dnscheck"
	"github.com/cpmail/cpmail/internal/cmd/shared"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
	"github.com/cpmail/cpmail/internal/render/report"
)

// Row is one account in the fleet's table and JSON.
type Row struct {
	Account   string           `json:"account"`
	Domain    string           `json:"domain"`
	Owner     string           `json:"owner"`
	Suspended bool             `json:"suspended"`
	Verdict   diagnose.Verdict `json:"verdict"`
	// Findings are the account's findings, most likely cause first.
	Findings []Finding `json:"findings"`
	// Counts are WHM's delivery statistics of the account in the window
	// (emailtrack_user_stats), or, when they could not be read, the
	// delivery log's records.
	Counts Counts `json:"counts"`
	// Error is one line when the account could not be read; null
	// otherwise.
	Error *string `json:"error"`
	// report is the account's report, kept only for the documents
	// (-o markdown, html) that show each account's findings in full.
	report *diagnose.Report
	// figures are its snapshot's figures, kept only for --textfile.
	figures *accountFigures
	// unread is true when none of the account's own sources (or, for
	// --quick, WHM's statistics) could be read.
	unread bool
}

// Finding is one finding of a fleet row.
type Finding struct {
	ID       string            `json:"id"`
	Severity diagnose.Severity `json:"severity"`
	Subject  string            `json:"subject"`
	Title    string            `json:"title"`
}

// Counts are an account's sent, delivered, failed and deferred messages.
type Counts struct {
	Sent      int64 `json:"sent"`
	Delivered int64 `json:"delivered"`
	Failed    int64 `json:"failed"`
	Deferred  int64 `json:"deferred"`
}

// scan is one run of the fleet: the accounts, their diagnoses, the rows.
type scan struct {
	opts     *Options
	whm      *cpanel.WHMClient
	from, to time.Time
	want     map[string]bool
}

// result is what a scan produced.
type result struct {
	rows        []Row
	total       int
	seen        map[string]bool
	interrupted bool
	// quick is a --quick triage.
	quick bool
	// from and to are the window; hours the deliveries of every account
	// by the hour, summed (-o html's chart; nil otherwise).
	from, to time.Time
	hours    hourSums
}

// hourSums adds up the accounts' deliveries by the hour.
type hourSums map[time.Time]*diagnose.Hour

func (h hourSums) add(hours []diagnose.Hour) {
	for _, x := range hours {
		sum := h[x.Start]
		if sum == nil {
			sum = &diagnose.Hour{Start: x.Start, Counts: map[cpanel.EventType]int{}, Reasons: map[bounce.Reason]int{}}
			h[x.Start] = sum
		}
		for t, n := range x.Counts {
			sum.Counts[t] += n
		}
		for r, n := range x.Reasons {
			sum.Reasons[r] += n
		}
	}
}

// list is the sums in time order.
func (h hourSums) list() []diagnose.Hour {
	out := make([]diagnose.Hour, 0, len(h))
	for _, x := range h {
		out = append(out, *x)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Start.Before(out[j].Start) })
	return out
}

func (s *scan) run() (*result, error) {
	ctx := s.opts.Ctx
	res := &result{seen: map[string]bool{}, from: s.from, to: s.to, quick: s.opts.Quick}
	if s.opts.Format == render.HTML && !s.opts.Quick {
		res.hours = hourSums{}
	}
	var accts []cpanel.WHMAccount
	for a, err := range s.whm.ListAccounts(ctx, &cpanel.ListAccountsOptions{Owner: s.opts.Owner}) {
		if err != nil {
			if ctx.Err() != nil {
				res.interrupted = true
				return res, nil
			}
			return nil, err
		}
		user := strings.ToLower(string(a.User))
		if len(s.want) > 0 && !s.want[user] {
			continue
		}
		res.seen[user] = true
		accts = append(accts, a)
	}
	res.total = len(accts)
	// One call for the whole server: the statistics of every account.
	stats, statsErr := s.userStats(ctx)
	if errors.Is(statsErr, cpanel.ErrCredentialsRefused) {
		return nil, statsErr
	}
	if s.opts.Quick {
		for _, a := range accts {
			res.rows = append(res.rows, s.quickRow(a, stats, statsErr))
		}
		return res, nil
	}
	return s.diagnoseAll(ctx, accts, stats, statsErr, res)
}

// userStats reads emailtrack_user_stats for the window, by account.
func (s *scan) userStats(ctx context.Context) (map[string]*cpanel.UserStats, error) {
	rows, _, err := s.whm.EmailTrackUserStats(ctx, s.from)
	if err != nil {
		return nil, err
	}
	out := map[string]*cpanel.UserStats{}
	for i := range rows {
		out[strings.ToLower(string(rows[i].User))] = &rows[i]
	}
	return out, nil
}

// whmCoverage returns the coverage of the WHM sources.
func whmCoverage(statsErr error) []diagnose.Coverage {
	cov := []diagnose.Coverage{{Source: diagnose.SrcWHMAccounts, OK: true}}
	st := diagnose.Coverage{Source: diagnose.SrcWHMUserStats, OK: statsErr == nil}
	if statsErr != nil {
		st.Error, st.Class, st.Err = render.OneLine(statsErr.Error()), diagnose.FailureClass(cpanel.ClassOf(statsErr)), statsErr
	}
	return append(cov, st)
}

// quickRow triages one account from WHM's facts alone.
func (s *scan) quickRow(a cpanel.WHMAccount, stats map[string]*cpanel.UserStats, statsErr error) Row {
	user := strings.ToLower(string(a.User))
	snap := &diagnose.Snapshot{SchemaVersion: diagnose.SnapshotVersion, Target: diagnose.Target{Kind: diagnose.TargetAccount}, TakenAt: s.opts.Now(), Account: user, Since: s.from, Until: s.to,
		WHM: &diagnose.WHMFacts{Account: a, Stats: stats[user]}, Coverage: whmCoverage(statsErr)}
	rep := diagnose.Evaluate(snap, diagnose.EvalOptions{Rules: diagnose.WHMRules()})
	rep.Localize(s.opts.Text)
	// The triage's own verdict, which the account's section of a document
	// shows too: its findings, else pass when WHM's statistics were read
	// (they are all it looks at), else unknown.
	rep.Verdict = diagnose.VerdictPass
	for _, f := range rep.Findings {
		switch {
		case f.Severity == diagnose.Fail:
			rep.Verdict = diagnose.VerdictFail
		case f.Severity == diagnose.Warn && rep.Verdict != diagnose.VerdictFail:
			rep.Verdict = diagnose.VerdictWarn
		}
	}
	if rep.Verdict == diagnose.VerdictPass && statsErr != nil {
		rep.Verdict = diagnose.VerdictUnknown
	}
	row := s.row(a, rep, stats[user], nil)
	if row.Verdict == diagnose.VerdictUnknown {
		row.unread = true
		line := s.opts.Tr("fleet.stats-unread", "Error", render.Safe(render.OneLine(s.opts.Session.Redact(statsErr.Error()))))
		row.Error = &line
	}
	return row
}

// diagnoseAll diagnoses the accounts, opts.Concurrency at a time. The
// first refused credential stops every account; an interrupt keeps the
// accounts that were finished.
func (s *scan) diagnoseAll(ctx context.Context, accts []cpanel.WHMAccount, stats map[string]*cpanel.UserStats, statsErr error, res *result) (*result, error) {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	live := cmdutil.GatherLiveDNS(ctx, s.opts.LiveDNS, s.opts.DNS)
	jobs := make(chan cpanel.WHMAccount)
	var (
		mu      sync.Mutex
		refused error
		failed  int
	)
	prog := newProgress(s.opts, len(accts))
	var wg sync.WaitGroup
	for range min(s.opts.Concurrency, max(len(accts), 1)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for a := range jobs {
				row, hours, err := s.diagnoseOne(ctx, a, stats, statsErr, live)
				mu.Lock()
				switch {
				case err != nil:
					if refused == nil {
						refused = err
						cancel(err)
					}
				case ctx.Err() != nil:
					// Cut short by Ctrl-C or --timeout: not finished.
				default:
					res.rows = append(res.rows, row)
					if res.hours != nil {
						res.hours.add(hours)
					}
					if row.Error != nil {
						failed++
					}
					prog.update(len(res.rows), failed)
				}
				mu.Unlock()
			}
		}()
	}
feed:
	for _, a := range accts {
		select {
		case jobs <- a:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	prog.done()
	if refused != nil {
		return nil, refused
	}
	res.interrupted = len(res.rows) < len(accts)
	return res, nil
}

// diagnoseOne gathers and evaluates one account through WHM, and returns
// its row and its deliveries by the hour. It returns an error only for a
// refused credential, which stops the scan.
func (s *scan) diagnoseOne(ctx context.Context, a cpanel.WHMAccount, stats map[string]*cpanel.UserStats, statsErr error, live func(context.Context) (*dnscheck.Checker, diagnose.SkipReason)) (Row, []diagnose.Hour, error) {
	user := strings.ToLower(string(a.User))
	c := s.whm.Account(user)
	// --timeout bounds each account's diagnosis, not the whole scan.
	actx, stop := context.WithTimeout(ctx, s.opts.Session.Timeout)
	defer stop()
	snap := diagnose.Gather(actx, c, diagnose.GatherOptions{Target: diagnose.Target{Kind: diagnose.TargetAccount}, Since: s.from, Until: s.to, Concurrency: s.opts.PerAccount, Now: s.opts.Now,
		LiveDNS: live, DKIMSelectors: s.opts.DNS.Selectors})
	if err := snap.Refused(); err != nil {
		return Row{}, nil, err
	}
	cmdutil.WordSkip(snap)
	if s.opts.Mask {
		diagnose.Mask(snap)
	}
	snap.WHM = &diagnose.WHMFacts{Account: a, Stats: stats[user]}
	snap.Coverage = append(snap.Coverage, whmCoverage(statsErr)...)
	for i := range snap.Coverage {
		snap.Coverage[i].Error = s.opts.Session.Redact(snap.Coverage[i].Error)
	}
	if ctx.Err() != nil {
		return Row{}, nil, nil
	}
	var saveErr error
	if s.opts.SaveSnapshot != "" {
		saveErr = shared.WriteSnapshotFile(s.opts.Tr, filepath.Join(s.opts.SaveSnapshot, user+".json"), snap)
	}
	rep := diagnose.Evaluate(snap, diagnose.EvalOptions{Now: snap.TakenAt})
	rep.Localize(s.opts.Text)
	row := s.row(a, rep, stats[user], snap.DeliveryLog)
	if !readAccount(rep.Coverage) {
		line := s.opts.Tr("fleet.account-unread", "Error", render.Safe(render.OneLine(firstError(rep.Coverage))))
		row.Error = &line
		row.Verdict, row.unread = diagnose.VerdictUnknown, true
	} else if saveErr != nil {
		line := render.Safe(render.OneLine(saveErr.Error()))
		row.Error = &line
	}
	if s.opts.Textfile != "" {
		row.figures = figuresOf(snap)
	}
	hours, _ := snap.Hours()
	return row, hours, nil
}

// readAccount reports whether one of the account's own sources (not
// WHM's list or statistics) could be read.
func readAccount(cov []diagnose.Coverage) bool {
	for _, c := range cov {
		if c.OK && c.Source != diagnose.SrcWHMAccounts && c.Source != diagnose.SrcWHMUserStats {
			return true
		}
	}
	return false
}

// firstError is the first source's error of a coverage.
func firstError(cov []diagnose.Coverage) string {
	for _, c := range cov {
		if !c.OK && c.Error != "" {
			return c.Source + ": " + c.Error
		}
	}
	return ""
}

// row builds an account's row from its report.
func (s *scan) row(a cpanel.WHMAccount, rep *diagnose.Report, st *cpanel.UserStats, log *diagnose.DeliveryLog) Row {
	r := Row{Account: strings.ToLower(string(a.User)), Domain: string(a.Domain), Owner: string(a.Owner), Suspended: bool(a.Suspended),
		Verdict: rep.Verdict, Findings: []Finding{}}
	if s.opts.Format == render.Markdown || s.opts.Format == render.HTML {
		r.report = rep
	}
	for _, f := range rep.Findings {
		r.Findings = append(r.Findings, Finding{ID: f.ID, Severity: f.Severity, Subject: f.Subject, Title: f.Title})
	}
	switch {
	case st != nil:
		r.Counts = Counts{Sent: int64(st.SendCount), Delivered: int64(st.SuccessCount), Failed: int64(st.FailCount), Deferred: int64(st.DeferCount)}
	case log != nil:
		for t, n := range log.Counts {
			r.Counts.Sent += int64(n)
			switch t {
			case cpanel.EventSuccess:
				r.Counts.Delivered += int64(n)
			case cpanel.EventFailure, cpanel.EventRejected:
				r.Counts.Failed += int64(n)
			case cpanel.EventDefer:
				r.Counts.Deferred += int64(n)
			}
		}
	}
	return r
}

// sortRows puts the worst accounts first: by verdict, then the number of
// findings at the top severity, then failed messages, then name.
func sortRows(rows []Row) {
	top := func(r Row) int {
		n := 0
		for _, f := range r.Findings {
			if f.Severity == diagnose.Fail {
				n++
			}
		}
		return n
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if report.VerdictRank(a.Verdict) != report.VerdictRank(b.Verdict) {
			return report.VerdictRank(a.Verdict) < report.VerdictRank(b.Verdict)
		}
		if top(a) != top(b) {
			return top(a) > top(b)
		}
		if len(a.Findings) != len(b.Findings) {
			return len(a.Findings) > len(b.Findings)
		}
		if a.Counts.Failed != b.Counts.Failed {
			return a.Counts.Failed > b.Counts.Failed
		}
		return a.Account < b.Account
	})
}

// cause is a row's most likely cause as the table shows it: its error,
// or its first finding (and how many more there are), shortened.
func cause(p *cmdutil.Printer, r Row) string {
	if r.Error != nil {
		return render.Truncate(*r.Error, 90)
	}
	if len(r.Findings) == 0 {
		return "-"
	}
	c := render.Truncate(r.Findings[0].Title, 70)
	if n := len(r.Findings) - 1; n > 0 {
		c += p.Tr("fleet.more-findings", "Count", n)
	}
	return c
}

// progress draws "accounts done / total, failures" on stderr, on a
// terminal only.
type progress struct {
	p     *cmdutil.Printer
	total int
	on    bool
}

func newProgress(o *Options, total int) *progress {
	return &progress{p: o.Printer, total: total, on: o.IO.ErrTTY && total > 0}
}

func (g *progress) update(done, failed int) {
	if g.on {
		fmt.Fprint(g.p.IO.ErrOut, "\r\x1b[K"+g.p.Tr("fleet.progress", "Done", done, "Total", g.total, "Failed", failed))
	}
}

func (g *progress) done() {
	if g.on {
		fmt.Fprint(g.p.IO.ErrOut, "\r\x1b[K")
	}
}
