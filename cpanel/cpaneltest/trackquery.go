package cpaneltest

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// searchFields returns the columns EmailTrack::search can search
// ("field" or "field-N"), and "all".
func searchFields() []string {
	return []string{
		"domain", "user", "deliveryuser", "deliverydomain", "email", "sender", "deliveredto", "senderip",
		"senderhost", "spamscore", "senderauth", "ip", "host", "router", "message", "msgid", "recipient",
		"transport", "all",
	}
}

// allColumns returns the text columns "all" searches.
func allColumns() []string {
	return []string{
		"type", "user", "domain", "email", "sender", "senderauth", "senderhost", "senderip", "msgid",
		"recipient", "deliveredto", "deliveryuser", "deliverydomain", "router", "transport", "host", "ip", "message",
	}
}

// searchTerm is one search condition.
type searchTerm struct {
	column, value, match string // match: eq, contains or begins
}

// trackQuery is EmailTrack::search's parameters, parsed.
type trackQuery struct {
	success, deferred, failure, inprogress bool
	deliveryType                           string
	limit                                  int // per type and overall; 0 unlimited
	start, end                             int64
	minSize, maxSize                       int64
	terms                                  []searchTerm
	sortCol                                string
	desc                                   bool
	paginate                               bool
	pageStart, pageSize                    int
}

// parseTrackQuery reads the parameters the way cPanel's DeliveryReporter
// does, including API 2's api2_filter/api2_sort/api2_paginate forms.
func parseTrackQuery(p url.Values) trackQuery {
	q := trackQuery{
		success:      flag(p, "success"),
		deferred:     flag(p, "defer"),
		failure:      flag(p, "failure"),
		inprogress:   flag(p, "inprogress"),
		deliveryType: p.Get("deliverytype"),
		limit:        defaultMaxResultsByType,
		maxSize:      -1,
		sortCol:      "sendunixtime",
		desc:         true,
	}
	if v := strings.TrimSpace(p.Get("max_results_by_type")); v != "" {
		if n, err := strconv.Atoi(v); err == nil && n >= 0 {
			q.limit = min(n, maxResultsByTypeCap)
		}
	}

	// api2_filter becomes plain options first: gt/lt on sendunixtime and
	// size become windows, everything else a search field.
	search := url.Values{}
	for k, vs := range p {
		search[k] = vs
	}
	if flag(p, "api2_filter") {
		valid := []string{"contains", "begins", "ends", "matches", "eq", "ne", "lt", "gt", "lt_handle_unlimited", "gt_handle_unlimited"}
		for _, suffix := range filterSuffixes(p) {
			col := p.Get("api2_filter_column" + suffix)
			typ := orDefault(p.Get("api2_filter_type"+suffix), "contains")
			term := p.Get("api2_filter_term" + suffix)
			if col == "" || !oneOf(typ, valid...) || (term == "" && typ != "eq") {
				continue // the API 2 layer drops these silently
			}
			n, numErr := strconv.ParseInt(term, 10, 64)
			switch {
			case typ == "gt" || typ == "lt":
				if numErr != nil {
					continue
				}
				switch {
				case col == "sendunixtime" && typ == "gt":
					search.Add("minsendunixtime", strconv.FormatInt(n+1, 10))
				case col == "sendunixtime":
					search.Add("maxsendunixtime", strconv.FormatInt(n-1, 10))
				case col == "size" && typ == "gt":
					search.Add("minsize", strconv.FormatInt(n+1, 10))
				case col == "size":
					search.Add("maxsize", strconv.FormatInt(n-1, 10))
				}
			default:
				if col == "*" {
					col = "all"
				}
				key := col + "-api2filter" + strings.TrimPrefix(suffix, "_")
				search.Set(key, term)
				search.Set("searchmatch_"+key, typ)
			}
		}
	}

	// Windows: every alias counts; several values narrow the window.
	for _, k := range []string{"startdate", "starttime", "startunixtime", "startsendunixtime", "minsendunixtime"} {
		for _, v := range search[k] {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && n > q.start {
				q.start = n
			}
		}
	}
	for _, k := range []string{"enddate", "endtime", "endunixtime", "endsendunixtime", "maxsendunixtime"} {
		for _, v := range search[k] {
			if n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 64); err == nil && (q.end == 0 || n < q.end) {
				q.end = n
			}
		}
	}
	for _, v := range search["minsize"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && n > q.minSize {
			q.minSize = n
		}
	}
	for _, v := range search["maxsize"] {
		if n, err := strconv.ParseInt(v, 10, 64); err == nil && (q.maxSize < 0 || n < q.maxSize) {
			q.maxSize = n
		}
	}

	// Search fields. cPanel stops reading them at the first empty one; the
	// fake then ignores them all, which shows the mistake every time.
	var terms []searchTerm
	broken := false
	fields := searchFields()
	for k, vs := range search {
		col, _, _ := strings.Cut(k, "-")
		if !oneOf(col, fields...) {
			continue
		}
		for _, v := range vs {
			if v == "" {
				broken = true
				continue
			}
			match := "eq"
			if col == "all" {
				match = "contains"
			}
			switch search.Get("searchmatch_" + k) {
			case "eq", "==":
				match = "eq"
			case "contains", "regex":
				match = "contains"
			case "begins", "begin":
				match = "begins"
			}
			terms = append(terms, searchTerm{column: col, value: v, match: match})
		}
	}
	if !broken {
		q.terms = terms
	}

	// Sort: sort/dir, or api2_sort's first column.
	col, dir := p.Get("sort"), p.Get("dir")
	if flag(p, "api2_sort") {
		col = orDefault(p.Get("api2_sort_column_0"), p.Get("api2_sort_column"))
		dir = "asc"
		if flag(p, "api2_sort_reverse_0") || flag(p, "api2_sort_reverse") {
			dir = "desc"
		}
	}
	switch col {
	case "sendtime":
		col = "sendunixtime"
	case "actiontime":
		col = "actionunixtime"
	case "transport_method":
		col = "transport"
	}
	if oneOf(col, "type", "sender", "email", "size", "user", "sendunixtime", "msgid", "transport", "recipient",
		"deliveredto", "domain", "router", "senderhost", "senderip", "senderauth", "spamscore", "host", "ip",
		"actionunixtime", "message") {
		q.sortCol = col
	}
	q.desc = !strings.EqualFold(dir, "asc")

	if flag(p, "api2_paginate") {
		q.paginate = true
		q.pageStart, q.pageSize = 1, defaultPaginateSize
		if n, err := strconv.Atoi(p.Get("api2_paginate_start")); err == nil && n > 0 {
			q.pageStart = n
		}
		if n, err := strconv.Atoi(p.Get("api2_paginate_size")); err == nil && n > 0 {
			q.pageSize = n
		}
	}
	return q
}

// filterSuffixes returns the suffixes ("", "_0", "_1", …) of the
// api2_filter_column keys present, in numeric order.
func filterSuffixes(p url.Values) []string {
	var nums []int
	plain := false
	for k := range p {
		s, found := strings.CutPrefix(k, "api2_filter_column")
		switch {
		case !found:
		case s == "":
			plain = true
		case s[0] == '_':
			if n, err := strconv.Atoi(s[1:]); err == nil {
				nums = append(nums, n)
			}
		}
	}
	sort.Ints(nums)
	var out []string
	if plain {
		out = append(out, "")
	}
	for _, n := range nums {
		out = append(out, "_"+strconv.Itoa(n))
	}
	return out
}

// group returns which of the four sub-queries a row type belongs to.
func group(typ string) string {
	switch typ {
	case "success", "filtered", "archive":
		return "success"
	case "failure", "rejected":
		return "failure"
	}
	return typ
}

// matches reports whether r passes q's window, size and search terms.
func (q *trackQuery) matches(r *row, now int64) bool {
	if r.Type == "inprogress" {
		from := max(q.start, now-int64(inProgressWindow.Seconds()))
		if r.SendUnix < from || r.SendUnix > now+int64(inProgressWindow.Seconds()) {
			return false
		}
	} else {
		if q.start != 0 && (r.SendUnix < q.start || r.ActionUnix < q.start) {
			return false
		}
		if q.end != 0 && r.SendUnix > q.end {
			return false
		}
	}
	if r.Size < q.minSize || (q.maxSize >= 0 && r.Size > q.maxSize) {
		return false
	}
	for _, t := range q.terms {
		if !t.matches(r) {
			return false
		}
	}
	return true
}

// matches reports whether the term holds for r: eq is exact and case
// sensitive (SQL =), contains and begins ignore ASCII case (SQL LIKE);
// NULL never matches.
func (t searchTerm) matches(r *row) bool {
	cols := []string{t.column}
	if t.column == "all" {
		cols = allColumns()
	}
	for _, c := range cols {
		v, notNull := r.value(c)
		if !notNull {
			continue
		}
		lv, lt := strings.ToLower(v), strings.ToLower(t.value)
		switch {
		case t.match == "eq" && v == t.value,
			t.match == "contains" && strings.Contains(lv, lt),
			t.match == "begins" && strings.HasPrefix(lv, lt):
			return true
		}
	}
	return false
}

// less orders rows by the query's sort column.
func (q *trackQuery) less(a, b *row) bool {
	var cmp int
	switch q.sortCol {
	case "size":
		cmp = compareInt(a.Size, b.Size)
	case "sendunixtime":
		cmp = compareInt(a.SendUnix, b.SendUnix)
	case "actionunixtime":
		cmp = compareInt(a.ActionUnix, b.ActionUnix)
	case "spamscore":
		sa, sb := -1.0, -1.0
		if a.SpamScore != nil {
			sa = *a.SpamScore
		}
		if b.SpamScore != nil {
			sb = *b.SpamScore
		}
		cmp = compareInt(int64(sa*1000), int64(sb*1000))
	default:
		va, _ := a.value(q.sortCol)
		vb, _ := b.value(q.sortCol)
		cmp = strings.Compare(va, vb)
	}
	if q.desc {
		return cmp > 0
	}
	return cmp < 0
}

func compareInt(a, b int64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}
