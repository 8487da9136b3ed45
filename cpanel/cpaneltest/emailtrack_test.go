package cpaneltest

import (
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
)

// trackScenario has one row of each kind, an hour apart.
const trackScenario = minimal + `, "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1", "utc_offset": "-05:00"},
	"mailboxes": [{"address": "a@bob.example"}],
	"deliveries": [
	{"ago": "1h", "type": "success", "email": "x@remote.example", "senderhost": "mx.remote.example", "senderip": "198.51.100.5", "spamscore": 1.5, "size": 1000, "recipient": "a@bob.example"},
	{"ago": "2h", "type": "success", "email": "a@bob.example", "senderhost": "laptop.example", "senderip": "192.0.2.50", "size": 2000, "recipient": "c@gmail.com", "host": "gmail-smtp-in.l.google.com", "ip": "142.250.102.27"},
	{"ago": "3h", "type": "filtered", "email": "spam@remote.example", "spamscore": 15, "size": 3000, "recipient": "a@bob.example", "transport": "**bypassed**", "router": "central_filter"},
	{"ago": "4h", "type": "archive", "email": "x@remote.example", "size": 4000, "recipient": "a@bob.example", "transport": "archiver_incoming"},
	{"ago": "5h", "type": "failure", "email": "a@bob.example", "size": 5000, "recipient": "d@gmail.com", "host": "gmail-smtp-in.l.google.com", "ip": "142.250.102.27", "message": "SMTP error from remote mail server after RCPT TO:<d@gmail.com>: 550 5.1.1 User unknown"},
	{"ago": "6h", "type": "rejected", "email": "x@remote.example", "senderhost": "mx.remote.example", "senderip": "198.51.100.5", "recipient": "nobody@bob.example", "message": "No Such User Here"},
	{"ago": "7h", "action_after": "30m", "type": "defer", "email": "a@bob.example", "size": 7000, "recipient": "e@slow.example", "host": "mx.slow.example", "ip": "203.0.113.9", "message": "Connection timed out"},
	{"ago": "30m", "type": "inprogress", "email": "a@bob.example", "size": 800},
	{"ago": "90m", "type": "inprogress", "email": "a@bob.example", "size": 900}]}`

// search runs EmailTrack::search and returns cpanelresult and the rows.
func search(t *testing.T, srv *Server, kv ...string) (map[string]any, []map[string]any) {
	t.Helper()
	res := api2(t, srv, "EmailTrack", "search", vals(kv...))
	if res["error"] != nil {
		t.Fatalf("search %v: error %v", kv, res["error"])
	}
	return res, rows(t, res["data"])
}

func column(list []map[string]any, key string) []string {
	var out []string
	for _, r := range list {
		out = append(out, fmt.Sprint(r[key]))
	}
	return out
}

func unix(ago time.Duration) string { return strconv.FormatInt(clock().Add(-ago).Unix(), 10) }

func TestSearchEnvelopeAndRecordShape(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	res, list := search(t, srv, "success", "1", "defer", "1", "failure", "1", "inprogress", "1")
	checkFields(t, "cpanelresult", res, map[string]any{"apiversion": 2.0, "func": "search", "module": "EmailTrack"})
	if ev, _ := res["event"].(map[string]any); ev["result"] != 1.0 {
		t.Errorf("event = %v", res["event"])
	}
	if md, _ := res["metadata"].(map[string]any); md["overflowed"] != 0.0 {
		t.Errorf("metadata = %v", res["metadata"])
	}
	if len(list) != 9 {
		t.Fatalf("%d rows, want 9", len(list))
	}
	keys := []string{"type", "user", "domain", "email", "sender", "senderauth", "senderhost", "senderip", "spamscore", "size",
		"msgid", "sendunixtime", "recipient", "deliveredto", "deliveryuser", "deliverydomain", "router", "transport", "host", "ip",
		"message", "actiontime", "actionunixtime", "transport_is_remote"}
	for i, r := range list {
		if len(r) != len(keys) {
			t.Errorf("row %d has %d keys, want %d", i, len(r), len(keys))
		}
		for _, k := range keys {
			if _, ok := r[k]; !ok {
				t.Errorf("row %d has no %q", i, k)
			}
		}
	}
	if got := column(list, "type"); !slices.Equal(got, []string{"inprogress", "success", "inprogress", "success", "filtered", "archive", "failure", "rejected", "defer"}) {
		t.Errorf("default order (sendunixtime desc) gave %v", got)
	}

	incoming := find(t, list, "msgid", list[1]["msgid"].(string))
	checkFields(t, "incoming success", incoming, map[string]any{
		"user": "-remote-", "domain": "", "sender": "", "senderauth": "localdelivery", "spamscore": 1.5, "size": 1000.0,
		"deliveredto": "a@bob.example", "deliveryuser": "bob", "deliverydomain": "bob.example", "router": "virtual_user",
		"transport": "dovecot_virtual_delivery", "host": "localhost", "ip": "127.0.0.1", "message": "Accepted", "transport_is_remote": 0.0,
		"actionunixtime": float64(clock().Add(-time.Hour).Unix() + 1),
		"actiontime":     clock().Add(-time.Hour).Add(time.Second).In(time.FixedZone("", -5*3600)).Format("2006-01-02 15:04:05"),
	})
	outgoing := find(t, list, "recipient", "c@gmail.com")
	checkFields(t, "outgoing success", outgoing, map[string]any{
		"user": "bob", "domain": "bob.example", "sender": "a@bob.example", "senderauth": "dovecot_login", "spamscore": "",
		"router": "lookuphost", "transport": "remote_smtp", "transport_is_remote": 1.0, "deliveryuser": "-remote-", "deliverydomain": "gmail.com",
	})
	checkFields(t, "filtered", find(t, list, "type", "filtered"), map[string]any{"message": "Filtered", "transport": "**bypassed**", "spamscore": 15.0})
	checkFields(t, "archive", find(t, list, "type", "archive"), map[string]any{"message": "Archived"})
	checkFields(t, "failure", find(t, list, "type", "failure"), map[string]any{"deliveredto": nil, "transport_is_remote": 0.0})
	checkFields(t, "rejected", find(t, list, "type", "rejected"), map[string]any{
		"user": "-remote-", "sender": "", "senderauth": "unauthorized", "size": 0.0, "router": "reject", "transport": "**rejected**",
		"deliveredto": nil, "deliveryuser": "bob", "message": "No Such User Here", "host": "mx.remote.example",
	})
	deferRow := find(t, list, "type", "defer")
	if deferRow["actionunixtime"].(float64)-deferRow["sendunixtime"].(float64) != 1800 {
		t.Errorf("defer action_after: %v", deferRow)
	}
	checkFields(t, "inprogress", find(t, list, "type", "inprogress"), map[string]any{
		"recipient": "unknown", "deliveredto": "unknown", "deliveryuser": nil, "deliverydomain": nil, "router": "unknown",
		"transport": "unknown", "host": "unknown", "message": "In progress",
	})
	id := regexp.MustCompile(`^[0-9A-Za-z]{6}-[0-9A-Za-z]{11}-[0-9A-Za-z]{4}$`)
	for _, r := range list {
		if !id.MatchString(r["msgid"].(string)) {
			t.Errorf("msgid %q", r["msgid"])
		}
	}
}

func TestSearchEventFlags(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	cases := []struct {
		flags []string
		want  []string
	}{
		{nil, nil},
		{[]string{"success", "0", "defer", "0", "failure", "0", "inprogress", "0"}, nil},
		{[]string{"success", "1"}, []string{"success", "success", "filtered", "archive"}},
		{[]string{"failure", "1"}, []string{"failure", "rejected"}},
		{[]string{"defer", "1"}, []string{"defer"}},
		{[]string{"inprogress", "1"}, []string{"inprogress", "inprogress"}},
		{[]string{"failure", "1", "defer", "1"}, []string{"failure", "rejected", "defer"}},
	}
	for _, c := range cases {
		res, list := search(t, srv, c.flags...)
		if got := column(list, "type"); !slices.Equal(got, c.want) {
			t.Errorf("flags %v: types %v, want %v", c.flags, got, c.want)
		}
		if _, ok := res["data"].([]any); !ok {
			t.Errorf("flags %v: data is %#v, want a list", c.flags, res["data"])
		}
	}
}

func TestSearchWindows(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	all := []string{"success", "1", "defer", "1", "failure", "1", "inprogress", "1"}
	types := func(extra ...string) []string {
		_, list := search(t, srv, append(append([]string{}, all...), extra...)...)
		return column(list, "type")
	}
	// startdate/enddate, their aliases and the api2_filter form agree.
	want := []string{"success", "filtered", "archive"} // received 2h, 3h and 4h ago
	for _, extra := range [][]string{
		{"startdate", unix(4*time.Hour + 30*time.Minute), "enddate", unix(90 * time.Minute)},
		{"starttime", unix(4*time.Hour + 30*time.Minute), "endtime", unix(90 * time.Minute)},
		{"api2_filter", "1", "api2_filter_column_0", "sendunixtime", "api2_filter_type_0", "gt", "api2_filter_term_0", unix(4*time.Hour + 30*time.Minute + time.Second),
			"api2_filter_column_1", "sendunixtime", "api2_filter_type_1", "lt", "api2_filter_term_1", unix(90*time.Minute - time.Second)},
	} {
		// In-progress rows look two hours back and ignore enddate.
		if got := types(extra...); !slices.Equal(got, append([]string{"inprogress", "inprogress"}, want...)) {
			t.Errorf("window %v: %v", extra, got)
		}
	}
	// In-progress rows: only those received in the last two hours and after startdate.
	if got := types("startdate", unix(59*time.Minute)); !slices.Equal(got, []string{"inprogress"}) {
		t.Errorf("startdate an hour ago: %v", got)
	}
	// startdate also requires the action time to be in the window.
	_, list := search(t, srv, "defer", "1", "startdate", unix(6*time.Hour+45*time.Minute))
	if len(list) != 0 {
		t.Errorf("a defer received before startdate was shown: %v", list)
	}
	// A filter without api2_filter=1 is ignored.
	if got := types("api2_filter_column_0", "type", "api2_filter_type_0", "eq", "api2_filter_term_0", "defer"); len(got) != 9 {
		t.Errorf("api2_filter_* without api2_filter=1 filtered: %v", got)
	}
	// size gt/lt become minsize/maxsize.
	if got := types("api2_filter", "1", "api2_filter_column_0", "size", "api2_filter_type_0", "gt", "api2_filter_term_0", "2000",
		"api2_filter_column_1", "size", "api2_filter_type_1", "lt", "api2_filter_term_1", "5000"); !slices.Equal(got, []string{"filtered", "archive"}) {
		t.Errorf("size window: %v", got)
	}
}

func TestSearchFields(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	all := []string{"success", "1", "defer", "1", "failure", "1", "inprogress", "1"}
	recipients := func(extra ...string) []string {
		_, list := search(t, srv, append(append([]string{}, all...), extra...)...)
		return column(list, "recipient")
	}
	cases := []struct {
		extra []string
		want  []string
	}{
		{[]string{"recipient", "a@bob.example"}, []string{"a@bob.example", "a@bob.example", "a@bob.example"}},
		{[]string{"recipient", "a@bob.example", "searchmatch_recipient", "eq"}, []string{"a@bob.example", "a@bob.example", "a@bob.example"}},
		{[]string{"recipient", "A@Bob.example", "searchmatch_recipient", "eq"}, nil},
		{[]string{"recipient", "@gmail.com", "searchmatch_recipient", "contains"}, []string{"c@gmail.com", "d@gmail.com"}},
		{[]string{"recipient", "NOBODY", "searchmatch_recipient", "begins"}, []string{"nobody@bob.example"}},
		{[]string{"recipient-0", "c@gmail.com", "recipient-1", "@gmail", "searchmatch_recipient-1", "contains"}, []string{"c@gmail.com"}},
		{[]string{"email", "a@bob.example", "recipient", "@gmail.com", "searchmatch_recipient", "contains"}, []string{"c@gmail.com", "d@gmail.com"}},
		{[]string{"api2_filter", "1", "api2_filter_column_0", "recipient", "api2_filter_type_0", "eq", "api2_filter_term_0", "e@slow.example"}, []string{"e@slow.example"}},
		{[]string{"api2_filter", "1", "api2_filter_column_0", "*", "api2_filter_type_0", "contains", "api2_filter_term_0", "such user"}, []string{"nobody@bob.example"}},
		{[]string{"message", "Connection timed out"}, []string{"e@slow.example"}},
	}
	for _, c := range cases {
		if got := recipients(c.extra...); !slices.Equal(got, c.want) {
			t.Errorf("%v: %v, want %v", c.extra, got, c.want)
		}
	}
	// The API 2 layer drops a filter with an empty term (except eq).
	if got := recipients("api2_filter", "1", "api2_filter_column_0", "*", "api2_filter_type_0", "contains", "api2_filter_term_0", ""); len(got) != 9 {
		t.Errorf("an empty contains filter should be dropped: %v", got)
	}
	// cPanel stops reading search fields at the first empty one; the fake
	// ignores them all.
	if got := recipients("recipient", "", "email", "x@remote.example"); len(got) != 9 {
		t.Errorf("an empty search value should void the search fields: %v", got)
	}
}

func TestSearchDeliveryType(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	_, remote := search(t, srv, "success", "1", "defer", "1", "failure", "1", "deliverytype", "remote")
	if got := column(remote, "recipient"); !slices.Equal(got, []string{"c@gmail.com"}) {
		t.Errorf("deliverytype=remote: %v", got)
	}
	_, local := search(t, srv, "success", "1", "failure", "1", "deliverytype", "local")
	if got := column(local, "type"); !slices.Equal(got, []string{"success", "filtered", "archive"}) {
		t.Errorf("deliverytype=local: %v", got)
	}
	_, all := search(t, srv, "success", "1", "failure", "1", "deliverytype", "all")
	if len(all) != 6 {
		t.Errorf("deliverytype=all: %d rows", len(all))
	}
}

func TestSearchSortAndPaginate(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	_, bySize := search(t, srv, "success", "1", "defer", "1", "failure", "1", "sort", "size", "dir", "asc")
	if got := column(bySize, "size"); !slices.Equal(got, []string{"0", "1000", "2000", "3000", "4000", "5000", "7000"}) {
		t.Errorf("sort=size asc: %v", got)
	}
	_, byRcpt := search(t, srv, "success", "1", "defer", "1", "failure", "1",
		"api2_sort", "1", "api2_sort_column_0", "recipient", "api2_sort_reverse_0", "1")
	if got := column(byRcpt, "recipient"); !slices.IsSortedFunc(got, func(a, b string) int { return strings.Compare(b, a) }) {
		t.Errorf("api2_sort recipient reverse: %v", got)
	}
	res, page := search(t, srv, "success", "1", "defer", "1", "failure", "1", "api2_paginate", "1", "api2_paginate_start", "3", "api2_paginate_size", "2")
	if got := column(page, "type"); !slices.Equal(got, []string{"filtered", "archive"}) {
		t.Errorf("page 2: %v", got)
	}
	pg, _ := res["paginate"].(map[string]any)
	checkFields(t, "paginate", pg, map[string]any{"start_result": 3.0, "results_per_page": 2.0, "total_results": 7.0, "current_page": 2.0, "total_pages": 4.0})
}

// bulkScenario returns a scenario with n successes and m failures.
func bulkScenario(n, m int, track string) string {
	return fmt.Sprintf(minimal+`, "mailboxes": [{"address": "a@bob.example"}], "email_track": %s, "deliveries": [
		{"ago": "1m", "repeat": %d, "every": "10s", "type": "success", "email": "a@bob.example", "recipient": "c@remote.example", "host": "mx.remote.example", "ip": "198.51.100.8"},
		{"ago": "2m", "repeat": %d, "every": "10s", "type": "failure", "email": "a@bob.example", "recipient": "d@remote.example", "message": "550 No"}]}`, track, n, m)
}

func overflowed(res map[string]any) any {
	md, _ := res["metadata"].(map[string]any)
	return md["overflowed"]
}

func TestSearchCapsAndOverflow(t *testing.T) {
	t.Parallel()
	srv := start(t, bulkScenario(30, 10, "{}"))
	both := []string{"success", "1", "failure", "1"}
	with := func(extra ...string) []string { return append(append([]string{}, both...), extra...) }

	res, list := search(t, srv, with("max_results_by_type", "5")...)
	if len(list) != 5 || overflowed(res) != 0.0 {
		t.Errorf("cap 5: %d rows, overflowed %v", len(list), overflowed(res))
	}
	if list[0]["sendunixtime"].(float64) != float64(clock().Add(-time.Minute).Unix()) {
		t.Errorf("the cap must keep the newest rows: %v", list[0]["sendunixtime"])
	}
	// The cap is per type: with pagination only the per-type caps apply.
	res, list = search(t, srv, with("max_results_by_type", "20", "api2_paginate", "1", "api2_paginate_size", "100")...)
	if got := column(list, "type"); len(got) != 30 || strings.Count(strings.Join(got, " "), "failure") != 10 {
		t.Errorf("cap 20 per type: %d rows (%v)", len(got), got)
	}
	if pg, _ := res["paginate"].(map[string]any); pg["total_results"] != 40.0 {
		t.Errorf("total_results = %v", pg["total_results"])
	}
	_, list = search(t, srv, both...)
	if len(list) != 40 {
		t.Errorf("default cap 250: %d rows", len(list))
	}
	_, list = search(t, srv, with("max_results_by_type", "0")...)
	if len(list) != 40 {
		t.Errorf("cap 0 (unlimited): %d rows", len(list))
	}

	low := start(t, bulkScenario(30, 10, `{"overflow_above": 25}`))
	if res, _ := search(t, low, both...); overflowed(res) != 1.0 {
		t.Errorf("40 rows over overflow_above 25: overflowed %v", overflowed(res))
	}
	if res, _ := search(t, low, "failure", "1"); overflowed(res) != 0.0 {
		t.Errorf("10 rows under overflow_above 25: overflowed %v", overflowed(res))
	}
	if res, _ := search(t, low, with("max_results_by_type", "0")...); overflowed(res) != 0.0 {
		t.Errorf("max_results_by_type=0 never overflows: %v", overflowed(res))
	}

	forced := start(t, bulkScenario(1, 0, `{"force_overflowed": true}`))
	if res, _ := search(t, forced, "success", "1"); overflowed(res) != 1.0 {
		t.Errorf("force_overflowed: %v", overflowed(res))
	}
	if res, _ := search(t, forced, "success", "1", "max_results_by_type", "0"); overflowed(res) != 0.0 {
		t.Errorf("force_overflowed with cap 0: %v", overflowed(res))
	}
}

func TestSearchRealCapOf5000(t *testing.T) {
	t.Parallel()
	srv := start(t, bulkScenario(5100, 0, "{}"))
	res, list := search(t, srv, "success", "1", "max_results_by_type", "100000")
	if len(list) != 5000 || overflowed(res) != 1.0 {
		t.Errorf("5100 rows, cap clamped to 5000: %d rows, overflowed %v", len(list), overflowed(res))
	}
	res, list = search(t, srv, "success", "1", "max_results_by_type", "0")
	if len(list) != 5100 || overflowed(res) != 0.0 {
		t.Errorf("unlimited: %d rows, overflowed %v", len(list), overflowed(res))
	}
	if res, _ := search(t, srv, "success", "1"); overflowed(res) != 1.0 {
		t.Errorf("default cap: overflowed %v", overflowed(res))
	}
}

func TestSearchNumbersAsStrings(t *testing.T) {
	t.Parallel()
	srv := start(t, strings.Replace(trackScenario, `"deliveries"`, `"email_track": {"numbers_as_strings": true}, "deliveries"`, 1))
	_, list := search(t, srv, "success", "1")
	r := find(t, list, "recipient", "c@gmail.com")
	for _, k := range []string{"size", "sendunixtime", "actionunixtime", "transport_is_remote"} {
		if _, ok := r[k].(string); !ok {
			t.Errorf("%s = %#v, want a string", k, r[k])
		}
	}
	checkFields(t, "strings", r, map[string]any{"size": "2000", "transport_is_remote": "1", "spamscore": ""})
	if got := find(t, list, "type", "filtered")["spamscore"]; got != "15" {
		t.Errorf("spamscore = %#v", got)
	}
}

func TestSearchError(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`, "email_track": {"error": "eximstatsadmin returned invalid data"}}`)
	for _, fn := range []string{"search", "stats"} {
		res := api2(t, srv, "EmailTrack", fn, vals("success", "1"))
		ev, _ := res["event"].(map[string]any)
		if res["error"] != "eximstatsadmin returned invalid data" || ev["result"] != 0.0 {
			t.Errorf("%s: %v", fn, res)
		}
	}
}

func TestStats(t *testing.T) {
	t.Parallel()
	srv := start(t, trackScenario)
	one := func(kv ...string) map[string]any {
		res := api2(t, srv, "EmailTrack", "stats", vals(kv...))
		list := rows(t, res["data"])
		if len(list) != 1 {
			t.Fatalf("stats %v: %v", kv, list)
		}
		return list[0]
	}
	// Sent by bob: success to gmail (2000), failure (5000), defer (7000), two in progress (800, 900).
	checkFields(t, "all", one(), map[string]any{
		"SENDCOUNT": 5.0, "SUCCESSCOUNT": 1.0, "FAILCOUNT": 1.0, "DEFERCOUNT": 1.0, "DEFERFAILCOUNT": 2.0,
		"INPROGRESSCOUNT": 2.0, "TOTALSIZE": 15700.0,
	})
	checkFields(t, "window", one("startdate", unix(3*time.Hour)), map[string]any{"SENDCOUNT": 3.0, "SUCCESSCOUNT": 1.0, "FAILCOUNT": 0.0})
	remote := one("deliverytype", "remote")
	if _, ok := remote["FAILCOUNT"]; ok {
		t.Errorf("deliverytype=remote has FAILCOUNT: %v", remote)
	}
}
