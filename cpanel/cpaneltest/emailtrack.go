package cpaneltest

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// EmailTrack limits, as in cPanel's DeliveryReporter.
const (
	defaultMaxResultsByType = 250
	maxResultsByTypeCap     = 5000
	defaultPaginateSize     = 100
)

// trackSearch serves API 2 EmailTrack::search.
func (h *Handler) trackSearch(p url.Values) result {
	if h.sc.EmailTrack.Error != "" {
		return fail("%s", h.sc.EmailTrack.Error)
	}
	q := parseTrackQuery(p)
	now := h.now().Unix()
	enabled := map[string]bool{"success": q.success, "inprogress": q.inprogress}
	if q.deliveryType != "remote" && q.deliveryType != "local" {
		enabled["defer"], enabled["failure"] = q.deferred, q.failure
	}
	groups := map[string][]*row{}
	matched := 0
	for i := range h.rows {
		r := &h.rows[i]
		g := group(r.Type)
		if !enabled[g] || !q.matches(r, now) {
			continue
		}
		if g == "success" && ((q.deliveryType == "remote" && !r.Remote) || (q.deliveryType == "local" && r.Remote)) {
			continue
		}
		groups[g] = append(groups[g], r)
		matched++
	}
	var out []*row
	for _, g := range []string{"success", "defer", "failure", "inprogress"} {
		rows := groups[g]
		sort.SliceStable(rows, func(i, j int) bool { return q.less(rows[i], rows[j]) })
		if q.limit > 0 && len(rows) > q.limit {
			rows = rows[:q.limit]
		}
		out = append(out, rows...)
	}
	sort.SliceStable(out, func(i, j int) bool { return q.less(out[i], out[j]) })

	res := result{}
	threshold := maxResultsByTypeCap
	if h.sc.EmailTrack.OverflowAbove > 0 {
		threshold = h.sc.EmailTrack.OverflowAbove
	}
	overflowed := q.limit != 0 && (h.sc.EmailTrack.ForceOverflowed || matched > threshold)
	res.metadata = map[string]any{"overflowed": 0}
	if overflowed {
		res.metadata["overflowed"] = 1
	}
	switch {
	case q.paginate:
		total := min(matched, maxResultsByTypeCap)
		from := min(q.pageStart-1, len(out))
		to := min(from+q.pageSize, len(out))
		out = out[from:to]
		pages := (total + q.pageSize - 1) / q.pageSize
		res.paginate = map[string]any{
			"start_result":     q.pageStart,
			"results_per_page": q.pageSize,
			"total_results":    total,
			"current_page":     (q.pageStart-1)/q.pageSize + 1,
			"total_pages":      pages,
		}
	case q.limit > 0 && len(out) > q.limit:
		out = out[:q.limit]
	}
	data := make([]any, len(out))
	for i, r := range out {
		data[i] = r.json(h.sc.EmailTrack.NumbersAsStrings, h.zone)
	}
	res.data = data
	return res
}

// trackStats serves API 2 EmailTrack::stats: counts of the mail the
// account sent in the window (startdate/enddate, deliverytype, sender).
func (h *Handler) trackStats(p url.Values) result {
	if h.sc.EmailTrack.Error != "" {
		return fail("%s", h.sc.EmailTrack.Error)
	}
	q := parseTrackQuery(p)
	dt := p.Get("deliverytype")
	sender := strings.ToLower(p.Get("sender"))
	counts := map[string]int64{}
	sizes := map[string]int64{}
	for i := range h.rows {
		r := &h.rows[i]
		if r.User != h.sc.Account.User {
			continue // stats cover what the account sent
		}
		if (q.start != 0 && r.SendUnix < q.start) || (q.end != 0 && r.SendUnix > q.end) {
			continue
		}
		if sender != "" && r.Email != sender && strings.ToLower(r.Sender) != sender {
			continue
		}
		sizes[r.MsgID] = r.Size
		switch group(r.Type) {
		case "success":
			if (dt == "remote" || dt == "remote_or_faildefer") && !r.Remote || dt == "local" && r.Remote {
				continue
			}
			counts["SUCCESSCOUNT"]++
		case "failure":
			counts["FAILCOUNT"]++
		case "defer":
			counts["DEFERCOUNT"]++
		case "inprogress":
			counts["INPROGRESSCOUNT"]++
		}
	}
	var total int64
	for _, s := range sizes {
		total += s
	}
	num := func(n int64) any {
		if h.sc.EmailTrack.NumbersAsStrings {
			return strconv.FormatInt(n, 10)
		}
		return n
	}
	row := map[string]any{
		"SENDCOUNT":       num(int64(len(sizes))),
		"SUCCESSCOUNT":    num(counts["SUCCESSCOUNT"]),
		"INPROGRESSCOUNT": num(counts["INPROGRESSCOUNT"]),
		"TOTALSIZE":       num(total),
	}
	if dt != "remote" && dt != "local" {
		row["FAILCOUNT"] = num(counts["FAILCOUNT"])
		row["DEFERCOUNT"] = num(counts["DEFERCOUNT"])
		row["DEFERFAILCOUNT"] = num(counts["FAILCOUNT"] + counts["DEFERCOUNT"])
	}
	return ok([]any{row})
}
