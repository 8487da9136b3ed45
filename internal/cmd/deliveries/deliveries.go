// Package deliveries is the deliveries command: Track Delivery's records,
// each problem with its reason and the provider's advice, as a table, CSV,
// JSON or a summary by reason. Records are written as they are decoded.
package deliveries

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
	"github.com/cpmail/cpmail/internal/cmdutil"
	"github.com/cpmail/cpmail/internal/render"
)

// deliveryRow is one record in `cpmail deliveries -o json`.
type deliveryRow struct {
	// Time is when the outcome happened (actionunixtime).
	Time time.Time `json:"time"`
	// SentTime is when the server received the message (sendunixtime,
	// what --since and --until filter on); nil when cPanel sent none.
	SentTime    *time.Time `json:"sent_time"`
	Type        string     `json:"type"`
	Reason      string     `json:"reason,omitempty"`
	Sender      string     `json:"sender"`
	Recipient   string     `json:"recipient"`
	Message     string     `json:"message"`
	MsgID       string     `json:"msgid"`
	Router      string     `json:"router"`
	Transport   string     `json:"transport"`
	Host        string     `json:"host"`
	IP          string     `json:"ip"`
	SenderHost  string     `json:"sender_host"`
	SenderIP    string     `json:"sender_ip"`
	SenderAuth  string     `json:"sender_auth"`
	User        string     `json:"user"`
	Domain      string     `json:"domain"`
	DeliveredTo *string    `json:"delivered_to"`
	Size        int64      `json:"size"`
	SpamScore   float64    `json:"spam_score"`

	// The provider's advice (provider, retryable, docs_url, guessed): on rows with
	// a reason only, as in `cpmail explain`.
	*rowAdvice
}

// rowAdvice is what the provider's playbook says about a problem row, as
// in `cpmail explain`: whose wording the message is (null when it does not
// say), whether waiting is enough, and the provider's page (null if none).
type rowAdvice struct {
	Provider  *string `json:"provider"`
	Retryable bool    `json:"retryable"`
	DocsURL   *string `json:"docs_url"`
	// Guessed: the reason was read from the message's words alone, as in
	// `cpmail explain`.
	Guessed bool `json:"guessed"`

	provider, docsURL string // what Provider and DocsURL point to: one allocation per row
}

// advise classifies a problem row's message: its reason and the provider's
// advice.
func (row *deliveryRow) advise(message string) {
	c := bounce.Classify(message)
	a := bounce.Advise(message, c)
	row.Reason = string(a.Reason)
	ra := &rowAdvice{Retryable: a.Retryable, Guessed: c.Guessed, provider: string(a.Provider), docsURL: a.DocsURL}
	if ra.provider != "" {
		ra.Provider = &ra.provider
	}
	if ra.docsURL != "" {
		ra.DocsURL = &ra.docsURL
	}
	row.rowAdvice = ra
}

func toDeliveryRow(r cpanel.DeliveryRecord) deliveryRow {
	row := deliveryRow{
		Time: r.Time(), Type: string(r.Type), Sender: string(r.Email), Recipient: string(r.Recipient),
		Message: string(r.Message), MsgID: string(r.MsgID), Router: string(r.Router), Transport: string(r.Transport),
		Host: string(r.Host), IP: string(r.IP), SenderHost: string(r.SenderHost), SenderIP: string(r.SenderIP),
		SenderAuth: string(r.SenderAuth), User: string(r.User), Domain: string(r.Domain),
		Size: int64(r.Size), SpamScore: float64(r.SpamScore),
	}
	if r.DeliveredTo != "" {
		s := string(r.DeliveredTo)
		row.DeliveredTo = &s
	}
	if t, ok := r.SentTime(); ok {
		row.SentTime = &t
	}
	return row
}

// Options are the deliveries command's dependencies and flags.
type Options struct {
	*cmdutil.Printer
	Ctx     context.Context
	Client  func(context.Context) (*cpanel.Client, error)
	Session *cmdutil.Session
	// Debug adds the request statistics to stderr (--debug).
	Debug bool

	Failed, Deferred, All bool
	Types                 string
	Since, Until          string
	Recipient, Sender     string
	Limit                 int
	Reasons               string
	Summary               bool
	PageSize              int
}

// NewCmdDeliveries returns the deliveries command. runF, when set, runs in
// place of deliveriesRun (a test's seam).
func NewCmdDeliveries(f *cmdutil.Factory, runF func(*Options) error) *cobra.Command {
	opts := &Options{Printer: &f.Printer, Client: f.Client, Session: f.Session}
	cmd := &cobra.Command{
		Use:   "deliveries",
		Short: "List delivery records from Track Delivery (failures by default)",
		Long: `List delivery records from cPanel's Track Delivery log.

By default it shows failed and rejected deliveries of the last 24 hours.
--since and --until take a duration back from now (90m, 24h, 7d), a date
(2026-11-20) or an RFC 3339 time. --recipient and --sender take an address
or @domain.`,
		Example: `  cpmail deliveries --failed --since 24h
  cpmail deliveries --all --recipient info@example.com -o json
  cpmail deliveries --type defer,inprogress --since 2d`,
		Args:        cmdutil.Args(cobra.NoArgs),
		Annotations: map[string]string{render.FormatsAnnotation: "markdown"},
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Ctx, opts.Debug = cmd.Context(), f.Flags.Debug
			if runF != nil {
				return runF(opts)
			}
			return deliveriesRun(opts)
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&opts.Failed, "failed", false, "failed and rejected deliveries (the default)")
	fl.BoolVar(&opts.Deferred, "deferred", false, "deferred deliveries (being retried)")
	fl.BoolVar(&opts.All, "all", false, "every event type")
	fl.StringVar(&opts.Types, "type", "", "event types, comma separated: success,filtered,archive,failure,rejected,defer,inprogress")
	fl.StringVar(&opts.Since, "since", "24h", "start of the window: 24h, 7d, 2026-11-20 or an RFC 3339 time")
	fl.StringVar(&opts.Until, "until", "", "end of the window (default now)")
	fl.StringVar(&opts.Recipient, "recipient", "", "only this recipient address, or @domain")
	fl.StringVar(&opts.Sender, "sender", "", "only this envelope sender, or @domain")
	fl.IntVar(&opts.Limit, "limit", 0, "show at most this many records, newest first (0: all)")
	fl.StringVar(&opts.Reasons, "reason", "", "only problems with these reasons, comma separated (see 'cpmail explain')")
	fl.IntVar(&opts.PageSize, "page-size", 0, "records per request to cPanel (0: all in one streamed answer; at most 5000, and larger windows are then read page by page)")
	fl.BoolVar(&opts.Summary, "summary", false, "group the records by reason: count, first and last time, example recipients")
	return cmd
}

func deliveriesRun(opts *Options) error {
	ctx := opts.Ctx
	now := opts.Now()
	types, err := opts.eventTypes()
	if err != nil {
		return err
	}
	from, to, err := opts.Window(opts.Since, opts.Until, now)
	if err != nil {
		return err
	}
	for _, a := range []struct{ flag, v string }{{"--recipient", opts.Recipient}, {"--sender", opts.Sender}} {
		if a.v == "" {
			continue
		}
		if strings.HasPrefix(a.v, "@") {
			if !cmdutil.IsDomain(a.v[1:]) {
				return cmdutil.Usage(opts.Tr("deliveries.invalid-party", "Flag", a.flag, "Value", a.v))
			}
		} else if !cmdutil.IsAddress(a.v) {
			return cmdutil.Usage(opts.Tr("deliveries.invalid-party", "Flag", a.flag, "Value", a.v))
		}
	}
	if opts.PageSize < 0 || opts.PageSize > 5000 {
		return cmdutil.Usage(opts.Tr("deliveries.page-size-range", "Value", opts.PageSize))
	}
	if opts.Limit < 0 {
		return cmdutil.Usage(opts.Tr("deliveries.limit-negative", "Value", opts.Limit))
	}
	keep, err := parseReasons(opts.Printer, opts.Reasons)
	if err != nil {
		return err
	}
	c, err := opts.Client(ctx)
	if err != nil {
		return err
	}
	if err := checkStatsDB(ctx, opts.Printer, opts.Session, c); err != nil {
		return err
	}
	so := cpanel.SearchOptions{Types: types, Since: from, Until: to, Recipient: opts.Recipient, Sender: opts.Sender, MaxResultsByType: opts.PageSize}
	if to.IsZero() {
		so.Until = now
	}
	out := newOutput(opts.Printer, opts.Summary)
	out.since, out.until = from, so.Until
	var st cpanel.SearchStats
	for r, err := range c.EmailTrack.Records(ctx, &so, &st) {
		if err != nil {
			return err
		}
		row := toDeliveryRow(r)
		if r.Type.IsProblem() {
			row.advise(string(r.Message))
		}
		if keep != nil && !keep[bounce.Reason(row.Reason)] {
			continue
		}
		if err := out.add(row); err != nil {
			return err
		}
		if opts.Limit > 0 && out.count() >= opts.Limit && !opts.Summary {
			break
		}
	}
	if opts.Debug {
		fmt.Fprintf(opts.IO.ErrOut, "debug: EmailTrack::search: %d requests, %d windows split, %d records\n", st.Requests, st.Splits, st.Records)
	}
	if st.Capped {
		opts.Warn(opts.Tr("deliveries.cpanel-capped-one-second"))
	}
	if out.count() == 0 {
		fmt.Fprintln(opts.IO.ErrOut, opts.Tr("deliveries.no-delivery-records-type", "TypeList", nameList(types, ","), "From", from.Format(time.RFC3339)))
	}
	return out.close()
}

// eventTypes turns --failed, --deferred, --all and --type into types.
func (o *Options) eventTypes() ([]cpanel.EventType, error) {
	var out []cpanel.EventType
	seen := map[cpanel.EventType]bool{}
	add := func(ts ...cpanel.EventType) {
		for _, t := range ts {
			if !seen[t] {
				seen[t] = true
				out = append(out, t)
			}
		}
	}
	if o.All {
		add(cpanel.EventTypes()...)
	}
	if o.Failed {
		add(cpanel.EventFailure, cpanel.EventRejected)
	}
	if o.Deferred {
		add(cpanel.EventDefer)
	}
	if o.Types != "" {
		for _, s := range strings.Split(o.Types, ",") {
			t := cpanel.EventType(strings.ToLower(strings.TrimSpace(s)))
			valid := false
			for _, k := range cpanel.EventTypes() {
				valid = valid || k == t
			}
			if !valid {
				return nil, cmdutil.Usage(o.Tr("deliveries.invalid-type", "Value", s, "Types", nameList(cpanel.EventTypes(), ",")))
			}
			add(t)
		}
	}
	if len(out) == 0 {
		add(cpanel.EventFailure, cpanel.EventRejected)
	}
	return out, nil
}

// nameList joins names (event types, reasons) with sep.
func nameList[N ~string](names []N, sep string) string {
	s := make([]string, len(names))
	for i, n := range names {
		s[i] = string(n)
	}
	return strings.Join(s, sep)
}

// checkStatsDB warns when the delivery statistics database is not usable,
// since an empty result then proves nothing. A refused credential is
// returned: the run stops there (see cpanel.ErrCredentialsRefused).
func checkStatsDB(ctx context.Context, p *cmdutil.Printer, s *cmdutil.Session, c *cpanel.Client) error {
	status, _, err := c.Email.StatsDBStatus(ctx)
	switch {
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		return err
	case err != nil:
		p.Warn(p.Tr("deliveries.cannot-read-delivery-database", "Err", render.OneLine(s.Redact(err.Error()))))
	case status == "importing":
		p.Warn(p.Tr("deliveries.delivery-database-importing-recent"))
	case status != "active":
		p.Warn(p.Tr("deliveries.delivery-database-not-active", "Status", status))
	}
	return nil
}

// parseReasons reads --reason; nil means no filter.
func parseReasons(p *cmdutil.Printer, s string) (map[bounce.Reason]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	keep := map[bounce.Reason]bool{}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		r, err := bounce.ParseReason(part)
		if err != nil {
			return nil, cmdutil.Usage(p.Tr("deliveries.invalid-reason", "Value", part, "Reasons", nameList(bounce.Reasons(), ", ")))
		}
		keep[r] = true
	}
	return keep, nil
}

// reasonGroup is one line of `cpmail deliveries --summary`.
type reasonGroup struct {
	Reason     string    `json:"reason"`
	Type       string    `json:"type"`
	Count      int       `json:"count"`
	First      time.Time `json:"first"`
	Last       time.Time `json:"last"`
	Recipients []string  `json:"example_recipients"`

	// hours counts the group's records by the hour (the sparkline).
	hours map[time.Time]int
}

// summarizer groups rows by reason (or by type for rows without one) as
// they come, keeping per group its count, first and last time and up to
// three example recipients: memory grows with the number of reasons, not
// of records.
type summarizer struct {
	idx  map[string]int
	list []reasonGroup
}

func newSummarizer() *summarizer { return &summarizer{idx: map[string]int{}} }

func (s *summarizer) add(r deliveryRow) {
	key := r.Reason
	if key == "" {
		key = r.Type
	}
	i, ok := s.idx[key]
	if !ok {
		i = len(s.list)
		s.idx[key] = i
		s.list = append(s.list, reasonGroup{Reason: r.Reason, Type: r.Type, First: r.Time, Last: r.Time, Recipients: []string{}, hours: map[time.Time]int{}})
	}
	g := &s.list[i]
	g.Count++
	g.hours[r.Time.UTC().Truncate(time.Hour)]++
	if r.Time.Before(g.First) {
		g.First = r.Time
	}
	if r.Time.After(g.Last) {
		g.Last = r.Time
	}
	if len(g.Recipients) < 3 && r.Recipient != "" && !slices.Contains(g.Recipients, r.Recipient) {
		g.Recipients = append(g.Recipients, r.Recipient)
	}
}

// groups returns the groups, problems first, then by count.
func (s *summarizer) groups() []reasonGroup {
	groups := s.list
	sort.SliceStable(groups, func(i, j int) bool {
		pi, pj := groups[i].Reason != "", groups[j].Reason != ""
		if pi != pj {
			return pi
		}
		return groups[i].Count > groups[j].Count
	})
	return groups
}
