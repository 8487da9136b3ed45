package cpanel

import (
	"context"
	"errors"
	"iter"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// EmailTrackService reads cPanel API 2's EmailTrack module: the delivery
// log behind cPanel's Track Delivery page. There is no UAPI equivalent.
type EmailTrackService service

// EventType is a delivery record's "type".
type EventType string

// The seven event types EmailTrack::search returns.
const (
	EventSuccess    EventType = "success"
	EventFiltered   EventType = "filtered"
	EventArchive    EventType = "archive"
	EventFailure    EventType = "failure"
	EventRejected   EventType = "rejected"
	EventDefer      EventType = "defer"
	EventInProgress EventType = "inprogress"
)

// EventTypes lists every event type.
func EventTypes() []EventType {
	return []EventType{EventSuccess, EventFiltered, EventArchive, EventFailure, EventRejected, EventDefer, EventInProgress}
}

// IsProblem reports whether the event is a failure, rejection or deferral.
func (t EventType) IsProblem() bool {
	return t == EventFailure || t == EventRejected || t == EventDefer
}

// DeliveryRecord is one row of Track Delivery. Field names follow cPanel's.
type DeliveryRecord struct {
	Type              EventType `json:"type"`
	User              String    `json:"user"`
	Domain            String    `json:"domain"`
	Email             String    `json:"email"`
	Sender            String    `json:"sender"`
	SenderAuth        String    `json:"senderauth"`
	SenderHost        String    `json:"senderhost"`
	SenderIP          String    `json:"senderip"`
	SpamScore         Float     `json:"spamscore"`
	Size              Int       `json:"size"`
	MsgID             String    `json:"msgid"`
	SendUnixTime      Int       `json:"sendunixtime"`
	Recipient         String    `json:"recipient"`
	DeliveredTo       String    `json:"deliveredto"`
	DeliveryUser      String    `json:"deliveryuser"`
	DeliveryDomain    String    `json:"deliverydomain"`
	Router            String    `json:"router"`
	Transport         String    `json:"transport"`
	Host              String    `json:"host"`
	IP                String    `json:"ip"`
	Message           String    `json:"message"`
	ActionTime        String    `json:"actiontime"`
	ActionUnixTime    Int       `json:"actionunixtime"`
	TransportIsRemote Bool      `json:"transport_is_remote"`
}

// Time returns when the delivery attempt happened (actionunixtime, or
// sendunixtime when that is missing), in UTC.
func (r DeliveryRecord) Time() time.Time {
	t := r.ActionUnixTime
	if t == 0 {
		t = r.SendUnixTime
	}
	return time.Unix(int64(t), 0).UTC()
}

// SentTime returns when the server received the message (sendunixtime:
// the time cPanel's startdate and enddate filter on), in UTC, and false
// when cPanel sent none (null, "", missing or 0).
func (r DeliveryRecord) SentTime() (time.Time, bool) {
	if r.SendUnixTime == 0 {
		return time.Time{}, false
	}
	return time.Unix(int64(r.SendUnixTime), 0).UTC(), true
}

// SearchOptions selects delivery records. Zero values mean "no filter",
// except Types: an empty Types selects failures only, like cPanel's page.
type SearchOptions struct {
	// Types selects event types. success covers filtered and archive too;
	// failure covers rejected (cPanel's flags work that way).
	Types []EventType
	// Since and Until bound sendunixtime.
	Since, Until time.Time
	// Recipient matches the recipient exactly; "@domain" matches a domain.
	Recipient string
	// Sender matches the envelope sender exactly; "@domain" matches a domain.
	Sender string
	// MaxResultsByType caps each event type (cPanel's default 250, at most
	// 5000; 0 sends 0, which cPanel reads as unlimited). Use -1 for cPanel's
	// default.
	MaxResultsByType int
}

// Params returns the query parameters for opts. The four event flags are
// always sent explicitly: with none set, cPanel returns nothing.
func (o *SearchOptions) Params() url.Values {
	p := url.Values{"deliverytype": {"all"}}
	flags := map[string]bool{}
	types := o.Types
	if len(types) == 0 {
		types = []EventType{EventFailure}
	}
	for _, t := range types {
		switch t {
		case EventSuccess, EventFiltered, EventArchive:
			flags["success"] = true
		case EventFailure, EventRejected:
			flags["failure"] = true
		case EventDefer:
			flags["defer"] = true
		case EventInProgress:
			flags["inprogress"] = true
		}
	}
	for _, f := range []string{"success", "defer", "failure", "inprogress"} {
		if flags[f] {
			p.Set(f, "1")
		} else {
			p.Set(f, "0")
		}
	}
	if o.MaxResultsByType >= 0 {
		p.Set("max_results_by_type", strconv.Itoa(o.MaxResultsByType))
	}
	if !o.Since.IsZero() {
		p.Set("startdate", strconv.FormatInt(o.Since.Unix(), 10))
	}
	if !o.Until.IsZero() {
		p.Set("enddate", strconv.FormatInt(o.Until.Unix(), 10))
	}
	addMatch(p, "recipient", o.Recipient)
	addMatch(p, "email", o.Sender)
	p.Set("sort", "sendunixtime")
	p.Set("dir", "desc")
	return p
}

// addMatch adds an exact match, or a "contains" match for "@domain".
func addMatch(p url.Values, field, value string) {
	if value == "" {
		return
	}
	p.Set(field, value)
	if strings.HasPrefix(value, "@") {
		p.Set("searchmatch_"+field, "contains")
	} else {
		p.Set("searchmatch_"+field, "eq")
	}
}

// Match reports whether r satisfies the options (type, window, recipient,
// sender).
func (o *SearchOptions) Match(r DeliveryRecord) bool {
	if len(o.Types) > 0 {
		ok := false
		for _, t := range o.Types {
			if t == r.Type {
				ok = true
				break
			}
		}
		if !ok {
			return false
		}
	}
	ts := int64(r.SendUnixTime)
	if ts == 0 {
		ts = int64(r.ActionUnixTime)
	}
	if !o.Since.IsZero() && ts != 0 && ts < o.Since.Unix() {
		return false
	}
	if !o.Until.IsZero() && ts != 0 && ts > o.Until.Unix() {
		return false
	}
	return matchAddr(string(r.Recipient), o.Recipient) && matchAddr(string(r.Email), o.Sender)
}

func matchAddr(addr, want string) bool {
	switch {
	case want == "":
		return true
	case strings.HasPrefix(want, "@"):
		return strings.HasSuffix(strings.ToLower(addr), strings.ToLower(want))
	default:
		return strings.EqualFold(addr, want)
	}
}

// TrackStats is the summary EmailTrack::stats returns.
type TrackStats struct {
	SendCount       Int `json:"SENDCOUNT"`
	SuccessCount    Int `json:"SUCCESSCOUNT"`
	FailCount       Int `json:"FAILCOUNT"`
	DeferCount      Int `json:"DEFERCOUNT"`
	DeferFailCount  Int `json:"DEFERFAILCOUNT"`
	InProgressCount Int `json:"INPROGRESSCOUNT"`
	TotalSize       Int `json:"TOTALSIZE"`
}

// StatsOptions selects the window of EmailTrack::stats.
type StatsOptions struct {
	Since, Until time.Time
	// DeliveryType is "", "remote", "remote_or_faildefer" or "local".
	DeliveryType string
}

// Stats returns delivery counts for a window.
//
// API 2: EmailTrack::stats
func (s *EmailTrackService) Stats(ctx context.Context, opts *StatsOptions) (*TrackStats, *Response, error) {
	p := url.Values{}
	if opts != nil {
		if !opts.Since.IsZero() {
			p.Set("startdate", strconv.FormatInt(opts.Since.Unix(), 10))
		}
		if !opts.Until.IsZero() {
			p.Set("enddate", strconv.FormatInt(opts.Until.Unix(), 10))
		}
		setIf(p, "deliverytype", opts.DeliveryType)
	}
	var rows []TrackStats
	resp, err := s.client.API2(ctx, "EmailTrack", "stats", p, &rows)
	if err != nil {
		return nil, resp, err
	}
	if len(rows) == 0 {
		return &TrackStats{}, resp, nil
	}
	return &rows[0], resp, nil
}

// SearchStats tells how a windowed search went.
type SearchStats struct {
	// Requests is the number of EmailTrack::search calls made.
	Requests int
	// Records is the number of records passed on.
	Records int
	// Splits is how often a capped window was split in two.
	Splits int
	// Capped is true when a window could not be split further and was still
	// capped: some records of that window are missing.
	Capped bool
}

// Records returns the records of the window [opts.Since, opts.Until]
// (Until zero: now), newest first, as they are decoded: memory is bounded
// by one answer, not by the total. It is the way to read Track Delivery.
//
//	var st cpanel.SearchStats
//	for r, err := range c.EmailTrack.Records(ctx, &opts, &st) {
//		if err != nil {
//			return err // the first error ends the sequence
//		}
//		…
//	}
//	if st.Capped { … some records are missing … }
//
// When cPanel caps a query (an event type reaching MaxResultsByType, or
// metadata.overflowed on a full answer), the records newer than the
// oldest one of the capped types are complete: they are passed on, and the
// rest of the window is asked for again. So no record is silently cut.
// MaxResultsByType 0 asks cPanel for everything in one answer
// ("unlimited", as cPanel's own page offers), streamed as it comes; should
// the server cap it all the same, st.Capped says so. A negative value (and
// nil opts) means 5000, cPanel's largest page.
//
// st, when not nil, is reset when the iteration starts and counts the
// requests, records and splits as it goes. Breaking out of the loop stops
// reading at once. The answers are capped at streamCapFactor times the
// client's size cap each, and one value in them at the value cap.
//
// API 2: EmailTrack::search
func (s *EmailTrackService) Records(ctx context.Context, opts *SearchOptions, st *SearchStats) iter.Seq2[DeliveryRecord, error] {
	return func(yield func(DeliveryRecord, error) bool) {
		var local SearchStats
		stats := st
		if stats == nil {
			stats = &local
		}
		*stats = SearchStats{}
		o := SearchOptions{MaxResultsByType: -1}
		if opts != nil {
			o = *opts
		}
		stop := errors.New("cpanel: iteration stopped")
		err := s.searchAll(ctx, o, stats, func(r DeliveryRecord) error {
			if !yield(r, nil) {
				return stop
			}
			return nil
		})
		if err != nil && err != stop {
			yield(DeliveryRecord{}, err)
		}
	}
}

// searchAll reads the window of opts, splitting capped answers (see
// Records), and passes each record to fn.
func (s *EmailTrackService) searchAll(ctx context.Context, opts SearchOptions, st *SearchStats, fn func(DeliveryRecord) error) error {
	if opts.Until.IsZero() {
		opts.Until = time.Now()
	}
	limit := s.client.maxBody * streamCapFactor
	if opts.MaxResultsByType == 0 {
		st.Requests++
		resp, err := s.page(ctx, &opts, limit, func(r DeliveryRecord) error {
			st.Records++
			return fn(r)
		})
		st.Capped = resp != nil && resp.Overflowed
		return err
	}
	if opts.MaxResultsByType < 0 {
		opts.MaxResultsByType = 5000
	}
	return s.searchWindow(ctx, opts, limit, fn, st)
}

// maxSearchRequests bounds the requests of one Records iteration.
const maxSearchRequests = 512

// sendTime is the time the record's message was received (the time cPanel
// filters and sorts on).
func sendTime(r DeliveryRecord) int64 {
	if r.SendUnixTime != 0 {
		return int64(r.SendUnixTime)
	}
	return int64(r.ActionUnixTime)
}

func (s *EmailTrackService) searchWindow(ctx context.Context, opts SearchOptions, limit int64, fn func(DeliveryRecord) error, st *SearchStats) error {
	emit := func(r DeliveryRecord) error {
		st.Records++
		return fn(r)
	}
	for {
		var buf []DeliveryRecord
		perType := map[EventType]int{}
		oldest := map[EventType]int64{}
		streaming := false
		st.Requests++
		resp, err := s.page(ctx, &opts, limit, func(r DeliveryRecord) error {
			if streaming {
				return emit(r)
			}
			buf = append(buf, r)
			perType[r.Type]++
			if t, ok := oldest[r.Type]; !ok || sendTime(r) < t {
				oldest[r.Type] = sendTime(r)
			}
			if perType[r.Type] > opts.MaxResultsByType {
				// More of a type than asked for: this server ignores
				// max_results_by_type and sends the whole window. Pass
				// it on as it comes rather than hold it.
				s.client.logf("EmailTrack::search sent more than %d records of type %s: passing the answer on as it streams", opts.MaxResultsByType, r.Type)
				streaming = true
				for _, b := range buf {
					if err := emit(b); err != nil {
						return err
					}
				}
				buf = nil
			}
			return nil
		})
		if err != nil {
			return err
		}
		if streaming {
			st.Capped = st.Capped || resp.Overflowed
			return nil
		}
		// boundary: records received after it are complete.
		boundary, capped := int64(0), false
		for t, n := range perType {
			if n >= opts.MaxResultsByType {
				capped = true
				boundary = max(boundary, oldest[t])
			}
		}
		if !capped && resp.Overflowed && len(buf) >= opts.MaxResultsByType {
			capped = true
			for _, t := range oldest {
				boundary = max(boundary, t)
			}
		}
		if !capped {
			for _, r := range buf {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		}
		if boundary >= opts.Until.Unix() || boundary <= opts.Since.Unix() || st.Requests >= maxSearchRequests {
			// No progress possible: more records share one second than
			// cPanel returns. Pass on what came and say so.
			st.Capped = true
			for _, r := range buf {
				if err := emit(r); err != nil {
					return err
				}
			}
			return nil
		}
		st.Splits++
		s.client.logf("EmailTrack::search capped for %s – %s: records after %s are complete; asking again for the rest",
			opts.Since.Format(time.RFC3339), opts.Until.Format(time.RFC3339), time.Unix(boundary, 0).UTC().Format(time.RFC3339))
		for _, r := range buf {
			if sendTime(r) > boundary {
				if err := emit(r); err != nil {
					return err
				}
			}
		}
		opts.Until = time.Unix(boundary, 0)
	}
}
