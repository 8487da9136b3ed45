package cli

import (
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/cpmail/cpmail/cpanel"
	"github.com/cpmail/cpmail/diagnose/bounce"
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

	// The provider's advice (provider, retryable, docs_url): on rows with
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

	provider, docsURL string // what Provider and DocsURL point to: one allocation per row
}

// advise classifies a problem row's message: its reason and the provider's
// advice.
func (row *deliveryRow) advise(message string) {
	c := bounce.Classify(message)
	a := bounce.Advise(message, c)
	row.Reason = string(a.Reason)
	ra := &rowAdvice{Retryable: a.Retryable, provider: string(a.Provider), docsURL: a.DocsURL}
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

type deliveriesOptions struct {
	failed, deferred, all bool
	types                 string
	since, until          string
	recipient, sender     string
	limit                 int
	reasons               string
	summary               bool
	maxResults            int
}

func newDeliveriesCmd(f *Factory) *cobra.Command {
	var o deliveriesOptions
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
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			now := f.Now()
			types, err := o.eventTypes()
			if err != nil {
				return err
			}
			from, to, err := window(o.since, o.until, now)
			if err != nil {
				return err
			}
			for _, a := range []struct{ flag, v string }{{"--recipient", o.recipient}, {"--sender", o.sender}} {
				if a.v == "" {
					continue
				}
				if strings.HasPrefix(a.v, "@") {
					if err := validDomain(a.v[1:]); err != nil {
						return usagef("invalid %s %q: give an address or @domain", a.flag, a.v)
					}
				} else if err := validAddress(a.v); err != nil {
					return usagef("invalid %s %q: give an address or @domain", a.flag, a.v)
				}
			}
			if o.maxResults < 0 || o.maxResults > 5000 {
				return usagef("--page-size must be between 0 and 5000, got %d", o.maxResults)
			}
			if o.limit < 0 {
				return usagef("--limit must be 0 (no limit) or more, got %d", o.limit)
			}
			c, err := f.Client(cmd.Context())
			if err != nil {
				return err
			}
			if err := f.checkStatsDB(cmd, c); err != nil {
				return err
			}
			keep, err := parseReasons(o.reasons)
			if err != nil {
				return err
			}
			opts := cpanel.SearchOptions{Types: types, Since: from, Until: to, Recipient: o.recipient, Sender: o.sender, MaxResultsByType: o.maxResults}
			if to.IsZero() {
				opts.Until = now
			}
			out := f.deliveryWriter(o.summary)
			var st cpanel.SearchStats
			for r, err := range c.EmailTrack.Records(cmd.Context(), &opts, &st) {
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
				if o.limit > 0 && out.count() >= o.limit && !o.summary {
					break
				}
			}
			if f.flags.debug {
				fmt.Fprintf(f.IO.ErrOut, "debug: EmailTrack::search: %d requests, %d windows split, %d records\n", st.Requests, st.Splits, st.Records)
			}
			if st.Capped {
				f.warnf(f.T("cPanel capped a one-second window: some records are missing", "cPanel 截斷了單一秒內的紀錄：部分紀錄缺漏"))
			}
			if out.count() == 0 {
				fmt.Fprintf(f.IO.ErrOut, f.T("No delivery records of type %s since %s.\n", "自 %[2]s 起沒有類型為 %[1]s 的投遞紀錄。\n"), typeList(types), from.Format(time.RFC3339))
			}
			return out.close()
		},
	}
	fl := cmd.Flags()
	fl.BoolVar(&o.failed, "failed", false, "failed and rejected deliveries (the default)")
	fl.BoolVar(&o.deferred, "deferred", false, "deferred deliveries (being retried)")
	fl.BoolVar(&o.all, "all", false, "every event type")
	fl.StringVar(&o.types, "type", "", "event types, comma separated: success,filtered,archive,failure,rejected,defer,inprogress")
	fl.StringVar(&o.since, "since", "24h", "start of the window: 24h, 7d, 2026-11-20 or an RFC 3339 time")
	fl.StringVar(&o.until, "until", "", "end of the window (default now)")
	fl.StringVar(&o.recipient, "recipient", "", "only this recipient address, or @domain")
	fl.StringVar(&o.sender, "sender", "", "only this envelope sender, or @domain")
	fl.IntVar(&o.limit, "limit", 0, "show at most this many records, newest first (0: all)")
	fl.StringVar(&o.reasons, "reason", "", "only problems with these reasons, comma separated (see 'cpmail explain')")
	fl.IntVar(&o.maxResults, "page-size", 0, "records per request to cPanel (0: all in one streamed answer; at most 5000, and larger windows are then read page by page)")
	fl.BoolVar(&o.summary, "summary", false, "group the records by reason: count, first and last time, example recipients")
	return cmd
}

// eventTypes turns --failed, --deferred, --all and --type into types.
func (o *deliveriesOptions) eventTypes() ([]cpanel.EventType, error) {
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
	if o.all {
		add(cpanel.EventTypes()...)
	}
	if o.failed {
		add(cpanel.EventFailure, cpanel.EventRejected)
	}
	if o.deferred {
		add(cpanel.EventDefer)
	}
	if o.types != "" {
		for _, s := range strings.Split(o.types, ",") {
			t := cpanel.EventType(strings.ToLower(strings.TrimSpace(s)))
			valid := false
			for _, k := range cpanel.EventTypes() {
				valid = valid || k == t
			}
			if !valid {
				return nil, usagef("invalid --type %q: use %s", s, typeList(cpanel.EventTypes()))
			}
			add(t)
		}
	}
	if len(out) == 0 {
		add(cpanel.EventFailure, cpanel.EventRejected)
	}
	return out, nil
}

func typeList(ts []cpanel.EventType) string {
	s := make([]string, len(ts))
	for i, t := range ts {
		s[i] = string(t)
	}
	return strings.Join(s, ",")
}

// checkStatsDB warns when the delivery statistics database is not usable,
// since an empty result then proves nothing. A refused credential is
// returned: the run stops there (see cpanel.ErrCredentialsRefused).
func (f *Factory) checkStatsDB(cmd *cobra.Command, c *cpanel.Client) error {
	status, _, err := c.Email.StatsDBStatus(cmd.Context())
	switch {
	case errors.Is(err, cpanel.ErrCredentialsRefused):
		return err
	case err != nil:
		f.warnf(f.T("cannot read the delivery database status (%v)", "無法讀取投遞統計資料庫狀態（%v）"), oneLine(f.redact(err.Error())))
	case status == "importing":
		f.warnf(f.T("the delivery database is importing: recent records may be missing", "投遞統計資料庫正在匯入：最近的紀錄可能不完整"))
	case status != "active":
		f.warnf(f.T("the delivery database is %q, not active: the records may be missing or incomplete", "投遞統計資料庫狀態為 %q，並非 active：紀錄可能缺少或不完整"), status)
	}
	return nil
}

// deliveryOutput receives rows as they are decoded: JSON and CSV are
// written at once, a table row by row after its first page (see
// deliveryTable), and a summary keeps only its groups. None of them holds
// every record, so memory stays flat however many records come.
type deliveryOutput struct {
	f       *Factory
	n       int
	json    *render.JSONArrayWriter
	csv     *render.CSVWriter
	summary *summarizer
	table   *deliveryTable
}

func (f *Factory) deliveryWriter(summary bool) *deliveryOutput {
	o := &deliveryOutput{f: f}
	switch {
	case summary:
		o.summary = newSummarizer()
	case f.Output == render.JSON:
		o.json = render.NewJSONArrayWriter(f.IO.Out)
	case f.Output == render.CSV:
		o.csv = render.NewCSVWriter(f.IO.Out)
		if !f.flags.noHeaders {
			_ = o.csv.Write(deliveryCSVHeaders())
		}
	default:
		o.table = f.newDeliveryTable()
	}
	return o
}

func (o *deliveryOutput) count() int { return o.n }

func (o *deliveryOutput) add(r deliveryRow) error {
	o.n++
	switch {
	case o.summary != nil:
		o.summary.add(r)
		return nil
	case o.json != nil:
		return o.json.Write(r)
	case o.csv != nil:
		return o.csv.Write(deliveryCSVRow(r))
	}
	return o.table.add(r)
}

func (o *deliveryOutput) close() error {
	switch {
	case o.summary != nil:
		return o.f.writeSummary(o.summary.groups())
	case o.json != nil:
		return o.json.Close()
	case o.csv != nil:
		o.csv.Flush()
		return o.csv.Error()
	}
	return o.table.close()
}

// deliveryCSVHeaders are the CSV columns. sent_time comes last, so the
// columns scripts already read by position keep their places.
func deliveryCSVHeaders() []string {
	return []string{"time", "type", "reason", "sender", "recipient", "message", "msgid", "router", "transport", "host", "ip", "sender_host", "sender_ip", "sender_auth", "user", "domain", "delivered_to", "size", "spam_score", "sent_time"}
}

func deliveryCSVRow(r deliveryRow) []string {
	dt := ""
	if r.DeliveredTo != nil {
		dt = *r.DeliveredTo
	}
	sent := ""
	if r.SentTime != nil {
		sent = r.SentTime.Format(time.RFC3339)
	}
	return []string{r.Time.Format(time.RFC3339), r.Type, r.Reason, r.Sender, r.Recipient, r.Message, r.MsgID, r.Router, r.Transport, r.Host, r.IP, r.SenderHost, r.SenderIP, r.SenderAuth, r.User, r.Domain, dt, fmt.Sprint(r.Size), fmt.Sprint(r.SpamScore), sent}
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// parseReasons reads --reason; nil means no filter.
func parseReasons(s string) (map[bounce.Reason]bool, error) {
	if strings.TrimSpace(s) == "" {
		return nil, nil
	}
	keep := map[bounce.Reason]bool{}
	for _, part := range strings.Split(s, ",") {
		r, err := bounce.ParseReason(strings.TrimSpace(part))
		if err != nil {
			return nil, &UsageError{Err: fmt.Errorf("invalid --reason: %v", err)}
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
		s.list = append(s.list, reasonGroup{Reason: r.Reason, Type: r.Type, First: r.Time, Last: r.Time, Recipients: []string{}})
	}
	g := &s.list[i]
	g.Count++
	if r.Time.Before(g.First) {
		g.First = r.Time
	}
	if r.Time.After(g.Last) {
		g.Last = r.Time
	}
	if len(g.Recipients) < 3 && r.Recipient != "" && !containsStr(g.Recipients, r.Recipient) {
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

func containsStr(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

func (f *Factory) writeSummary(groups []reasonGroup) error {
	if f.Output == render.JSON {
		if groups == nil {
			groups = []reasonGroup{}
		}
		return render.WriteJSON(f.IO.Out, groups)
	}
	csv := f.Output == render.CSV
	headers := []string{f.T("REASON", "原因"), f.T("COUNT", "次數"), f.T("FIRST", "最早"), f.T("LAST", "最近"), f.T("EXAMPLE RECIPIENTS", "收件者範例")}
	if csv {
		headers = []string{"reason", "type", "count", "first", "last", "example_recipients"}
	}
	var rows [][]string
	for _, g := range groups {
		label := g.Reason
		if label == "" {
			label = "(" + g.Type + ")"
		} else if !csv {
			label = f.Text(bounce.Reason(g.Reason).Short()) + " (" + g.Reason + ")"
		}
		if csv {
			rows = append(rows, []string{g.Reason, g.Type, fmt.Sprint(g.Count), g.First.Format(time.RFC3339), g.Last.Format(time.RFC3339), strings.Join(g.Recipients, " ")})
			continue
		}
		rows = append(rows, []string{label, fmt.Sprint(g.Count), f.formatTime(g.First), f.formatTime(g.Last), strings.Join(g.Recipients, ", ")})
	}
	if len(rows) == 0 {
		fmt.Fprintln(f.IO.ErrOut, f.T("No delivery records to summarise.", "沒有可彙整的投遞紀錄。"))
	}
	return f.table(headers, rows)
}
