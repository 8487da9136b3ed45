package cpaneltest

import (
	"strings"
	"testing"
)

// checkFields asserts that each key is present with exactly the decoded
// JSON value given (so 1.0 and "1" differ: the loose types are checked).
func checkFields(t *testing.T, what string, row map[string]any, want map[string]any) {
	t.Helper()
	for k, w := range want {
		got, present := row[k]
		if !present {
			t.Errorf("%s: no key %q", what, k)
			continue
		}
		if got != w {
			t.Errorf("%s: %s = %#v (%T), want %#v (%T)", what, k, got, got, w, w)
		}
	}
}

func TestListPopsWithDisk(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	all := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", nil))
	if len(all) != 6 || all[0]["email"] != "Main Account" {
		t.Fatalf("want the Main Account row and 5 mailboxes, got %d rows, first %v", len(all), all[0]["email"])
	}
	checkFields(t, "Main Account", all[0], map[string]any{
		"login": "demo", "user": "demo", "domain": "example.com", "_diskquota": nil,
		"diskquota": "unlimited", "txtdiskquota": "unlimited", "humandiskquota": "None", "_diskused": 12582912.0,
	})
	checkFields(t, "full mailbox", find(t, all, "email", "sales@example.com"), map[string]any{
		"_diskquota": "1073741824", "diskquota": "1024.00", "txtdiskquota": "1024.00", "humandiskquota": "1 GB",
		"_diskused": 1073741824.0, "diskused": 1024.0, "diskusedpercent": 100.0, "diskusedpercent20": 100.0,
		"diskusedpercent_float": 100.0, "humandiskused": "1\u00a0GB", "login": "sales@example.com", "user": "sales",
		"domain": "example.com", "suspended_incoming": 0.0, "suspended_login": 0.0,
	})
	checkFields(t, "unlimited mailbox", find(t, all, "email", "anna@example.com"), map[string]any{
		"_diskquota": nil, "diskquota": "unlimited", "humandiskquota": "None", "diskusedpercent_float": 0.0,
	})
	if _, ok := all[1]["hold_outgoing"]; ok {
		t.Error("hold_outgoing sent without get_restrictions=1")
	}
	if _, ok := all[1]["mtime"].(float64); !ok {
		t.Errorf("mtime = %#v, want a number", all[1]["mtime"])
	}

	restricted := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("get_restrictions", "1")))
	checkFields(t, "suspended mailbox", find(t, restricted, "email", "jobs@example.com"), map[string]any{
		"suspended_incoming": 1.0, "suspended_login": 0.0, "suspended_outgoing": 0.0, "hold_outgoing": 0.0, "has_suspended": 1.0,
	})
	checkFields(t, "healthy mailbox", find(t, restricted, "email", "info@example.com"), map[string]any{"has_suspended": 0.0})

	shop := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("domain", "shop.example.net")))
	if len(shop) != 1 || shop[0]["email"] != "orders@shop.example.net" {
		t.Errorf("domain=shop.example.net gave %v", shop)
	}
	one := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("email", "sales", "domain", "example.com")))
	if len(one) != 1 || one[0]["email"] != "sales@example.com" {
		t.Errorf("email=sales&domain=example.com gave %v", one)
	}
	inf := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("infinitylang", "1")))
	if got := find(t, inf, "email", "anna@example.com")["diskquota"]; got != "∞" {
		t.Errorf("infinitylang=1: diskquota = %v", got)
	}
	if got := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("regex", "/^s/"))); len(got) != 1 {
		t.Errorf("regex=/^s/ gave %d rows", len(got))
	}
	if got := rows(t, uapi(t, srv, "Email", "list_pops_with_disk", vals("maxaccounts", "2"))); len(got) != 2 {
		t.Errorf("maxaccounts=2 gave %d rows", len(got))
	}
}

func TestForwardersAndDefaultAddress(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`,
		"account": {"user": "bob", "main_domain": "bob.example", "parked_domains": ["old.example"], "ip": "192.0.2.1"},
		"mailboxes": [{"address": "a@bob.example"}],
		"forwarders": [{"address": "sales@bob.example", "to": "a@bob.example"}, {"address": "sales@bob.example", "to": "boss@gmail.com"}],
		"domain_forwarders": [{"domain": "old.example", "to": "bob.example"}],
		"default_addresses": {"bob.example": ":blackhole:"}}`)

	if got := uapiError(t, srv, "Email", "list_forwarders", nil); got != "Provide the “domain” parameter." {
		t.Errorf("list_forwarders without domain: %q", got)
	}
	fw := rows(t, uapi(t, srv, "Email", "list_forwarders", vals("domain", "bob.example")))
	if len(fw) != 2 {
		t.Fatalf("list_forwarders: %v", fw)
	}
	checkFields(t, "forwarder", fw[1], map[string]any{
		"dest": "sales@bob.example", "forward": "boss@gmail.com", "html_dest": "sales@bob.example",
		"uri_dest": "sales%40bob.example", "uri_forward": "boss%40gmail.com", "html_forward": "boss@gmail.com",
	})
	if got := rows(t, uapi(t, srv, "Email", "list_forwarders", vals("domain", "old.example"))); len(got) != 0 {
		t.Errorf("old.example forwarders: %v", got)
	}

	df := rows(t, uapi(t, srv, "Email", "list_domain_forwarders", nil))
	if len(df) != 1 || df[0]["dest"] != "old.example" || df[0]["forward"] != "bob.example" {
		t.Errorf("list_domain_forwarders: %v", df)
	}
	if got := rows(t, uapi(t, srv, "Email", "list_domain_forwarders", vals("domain", "bob.example"))); len(got) != 0 {
		t.Errorf("list_domain_forwarders domain=bob.example: %v", got)
	}

	if got := uapiError(t, srv, "Email", "list_default_address", nil); !strings.Contains(got, "“user”") {
		t.Errorf("list_default_address without user: %q", got)
	}
	def := rows(t, uapi(t, srv, "Email", "list_default_address", vals("user", "bob")))
	if len(def) != 2 {
		t.Fatalf("list_default_address: %v", def)
	}
	checkFields(t, "bob.example", find(t, def, "domain", "bob.example"), map[string]any{"defaultaddress": ":blackhole:"})
	checkFields(t, "old.example", find(t, def, "domain", "old.example"), map[string]any{"defaultaddress": "bob"})
	if got := rows(t, uapi(t, srv, "Email", "list_default_address", vals("user", "bob", "domain", "old.example"))); len(got) != 1 {
		t.Errorf("domain=old.example: %v", got)
	}
	uapiError(t, srv, "Email", "list_default_address", vals("user", "bob", "domain", "else.example"))
}

func TestListMXsAndMailDomains(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`,
		"account": {"user": "bob", "main_domain": "bob.example", "addon_domains": ["away.example"], "ip": "192.0.2.1"},
		"mx": {"away.example": {"mxcheck": "remote", "entries": [{"mx": "aspmx.l.google.com", "priority": 1}, {"mx": "alt1.aspmx.l.google.com", "priority": 5}]}}}`)
	env := uapiEnv(t, srv, "Email", "list_mxs", nil)
	mxs := rows(t, env["data"])
	if len(mxs) != 2 {
		t.Fatalf("list_mxs: %v", mxs)
	}
	checkFields(t, "default routing", mxs[0], map[string]any{
		"domain": "bob.example", "mxcheck": "auto", "detected": "local", "local": 1.0, "remote": 0.0, "secondary": 0.0,
		"alwaysaccept": 1.0, "mx": "mail.bob.example", "status": 1.0, "statusmsg": "Fetched MX List",
	})
	checkFields(t, "remote routing", mxs[1], map[string]any{"mxcheck": "remote", "local": 0.0, "remote": 1.0, "alwaysaccept": 0.0, "mx": "aspmx.l.google.com"})
	entries := rows(t, mxs[1]["entries"])
	checkFields(t, "second entry", entries[1], map[string]any{"domain": "away.example", "mx": "alt1.aspmx.l.google.com", "priority": 5.0, "entrycount": 2.0, "row": "even"})
	if md, _ := env["metadata"].(map[string]any); md["transformed"] != 1.0 {
		t.Errorf("metadata = %v, want transformed 1", env["metadata"])
	}
	if got := rows(t, uapi(t, srv, "Email", "list_mxs", vals("domain", "away.example"))); len(got) != 1 {
		t.Errorf("list_mxs domain=away.example: %v", got)
	}
	uapiError(t, srv, "Email", "list_mxs", vals("domain", "gmail.com"))

	doms := rows(t, uapi(t, srv, "Email", "list_mail_domains", vals("select", "away.example", "add_www", "1")))
	var names []string
	for _, d := range doms {
		names = append(names, d["domain"].(string))
	}
	if strings.Join(names, " ") != "bob.example www.bob.example away.example www.away.example" {
		t.Errorf("list_mail_domains: %v", names)
	}
	if doms[2]["select"] != 1.0 || doms[0]["select"] != nil {
		t.Errorf("select marks the wrong row: %v", doms)
	}
}

func TestListMailDomainsMainFirst(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`, "account": {"user": "bob", "main_domain": "main.example", "addon_domains": ["a.example"], "mail_domains": ["a.example", "main.example"], "ip": "192.0.2.1"}}`)
	doms := rows(t, uapi(t, srv, "Email", "list_mail_domains", nil))
	if len(doms) != 2 || doms[0]["domain"] != "main.example" {
		t.Errorf("list_mail_domains: %v, want main.example first", doms)
	}
}

func TestFiltersAndSpamSettings(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	account := rows(t, uapi(t, srv, "Email", "list_filters", nil))
	if len(account) != 1 {
		t.Fatalf("account filters: %v", account)
	}
	checkFields(t, "filter", account[0], map[string]any{"filtername": "Casino offers", "enabled": 1.0})
	checkFields(t, "rule", rows(t, account[0]["rules"])[0], map[string]any{"part": "$header_subject:", "match": "contains", "val": "casino", "opt": "or"})
	checkFields(t, "action", rows(t, account[0]["actions"])[0], map[string]any{"action": "save", "dest": "/dev/null"})
	if got := rows(t, uapi(t, srv, "Email", "list_filters", vals("account", "demo"))); len(got) != 1 {
		t.Errorf("account=demo: %v", got)
	}
	box := rows(t, uapi(t, srv, "Email", "list_filters", vals("account", "info@example.com")))
	if len(box) != 1 || box[0]["filtername"] != "Supplier invoices to Anna" {
		t.Errorf("info@ filters: %v", box)
	}
	uapiError(t, srv, "Email", "list_filters", vals("account", "nobody@example.com"))

	spam := uapi(t, srv, "Email", "get_spam_settings", nil).(map[string]any)
	checkFields(t, "account spam", spam, map[string]any{"spam_enabled": 1.0, "spam_auto_delete": 1.0, "spam_auto_delete_score": 5.0, "spam_as_acl": 1.0, "rewrites_subjects": 1.0, "spam_box_enabled": 0.0})
	own := uapi(t, srv, "Email", "get_spam_settings", vals("account", "anna@example.com")).(map[string]any)
	checkFields(t, "own setting", own, map[string]any{"spam_auto_delete": 0.0})
	inherited := uapi(t, srv, "Email", "get_spam_settings", vals("account", "info@example.com")).(map[string]any)
	checkFields(t, "inherited", inherited, map[string]any{"cpuser_spam_auto_delete": 1.0, "cpuser_spam_auto_delete_score": 5.0})
	if _, ok := inherited["spam_auto_delete"]; ok {
		t.Error("a mailbox without its own setting must not report spam_auto_delete")
	}
}

func TestTraceDelivery(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	trace := func(addr string) map[string]any {
		return uapi(t, srv, "Email", "trace_delivery", vals("recipient", addr)).(map[string]any)
	}
	checkFields(t, "mailbox", trace("info@example.com"), map[string]any{"type": "local_delivery", "mailbox": "info@example.com", "address": "info@example.com"})
	checkFields(t, "default :fail:", trace("slaes@example.com"), map[string]any{"type": "bounce", "message": "No Such User Here"})
	checkFields(t, "default user", trace("nobody@shop.example.net"), map[string]any{"type": "local_delivery", "mailbox": "demo"})
	checkFields(t, "main account", trace("demo@example.com"), map[string]any{"type": "local_delivery", "mailbox": "demo"})

	fwd := trace("webmaster@shop.example.net")
	checkFields(t, "forwarder", fwd, map[string]any{"type": "routed", "aliasfile": "/etc/valiases/shop.example.net"})
	checkFields(t, "forwarded to", rows(t, fwd["destinations"])[0], map[string]any{"type": "local_delivery", "mailbox": "info@example.com"})

	gmail := trace("someone@gmail.com")
	mx, _ := gmail["mx"].([]any)
	// cPanel parses Exim's "host [ip] MX=n dnssec=no" into an object.
	if first, _ := mx[0].(map[string]any); gmail["type"] != "remote_delivery" || len(mx) != 3 || first["hostname"] != "gmail-smtp-in.l.google.com" ||
		!strings.HasPrefix(first["ip"].(string), "142.250.") || first["priority"] == nil {
		t.Errorf("gmail trace: %v", gmail)
	}
	checkFields(t, "unknown domain", trace("sales@exmaple.com"), map[string]any{"type": "error", "message": "DNS lookup of exmaple.com (MX) gave HOST_NOT_FOUND"})
	if other := trace("x@elsewhere.example"); other["type"] != "remote_delivery" {
		t.Errorf("unlisted remote domain: %v", other)
	}
	uapiError(t, srv, "Email", "trace_delivery", nil)
	uapiError(t, srv, "Email", "trace_delivery", vals("recipient", "not an address"))
}

func TestTraceDeliveryDiscardPipeAndLoops(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`,
		"account": {"user": "bob", "main_domain": "bob.example", "addon_domains": ["two.example", "away.example"], "ip": "192.0.2.1"},
		"forwarders": [{"address": "a@bob.example", "to": "b@bob.example"}, {"address": "b@bob.example", "to": "a@bob.example"},
			{"address": "app@bob.example", "to": "|/home/bob/bin/ticket.php"}],
		"default_addresses": {"bob.example": ":blackhole:", "two.example": ":fail: Gone away"},
		"mx": {"away.example": {"mxcheck": "remote"}}}`)
	trace := func(addr string) map[string]any {
		return uapi(t, srv, "Email", "trace_delivery", vals("recipient", addr)).(map[string]any)
	}
	checkFields(t, "blackhole", trace("x@bob.example"), map[string]any{"type": "discard", "aliasfile": "/etc/valiases/bob.example"})
	checkFields(t, "custom fail", trace("x@two.example"), map[string]any{"type": "bounce", "message": "Gone away"})
	checkFields(t, "remote routing", trace("x@away.example"), map[string]any{"type": "remote_delivery"})
	checkFields(t, "pipe", rows(t, trace("app@bob.example")["destinations"])[0], map[string]any{"type": "command", "command": "/home/bob/bin/ticket.php"})
	node := trace("a@bob.example")
	for depth := 0; node["type"] == "routed"; depth++ {
		if depth > maxTraceDepth+2 {
			t.Fatal("the loop was not cut")
		}
		node = rows(t, node["destinations"])[0]
	}
	if node["type"] != "error" {
		t.Errorf("a forwarding loop ends in %v", node)
	}
}

func TestSmallEmailFunctions(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`, "mailboxes": [{"address": "a@bob.example", "held_messages": 3, "hold_outgoing": true}, {"address": "b@bob.example", "held_messages": 2}], "stats_db_status": "importing"}`)
	if got := uapi(t, srv, "Email", "stats_db_status", nil); got != "importing" {
		t.Errorf("stats_db_status = %#v", got)
	}
	if got := uapi(t, srv, "Email", "get_held_message_count", vals("email", "a@bob.example")); got != 3.0 {
		t.Errorf("held for a@ = %#v", got)
	}
	if got := uapi(t, srv, "Email", "get_held_message_count", nil); got != 5.0 {
		t.Errorf("held total = %#v", got)
	}
	uapiError(t, srv, "Email", "get_held_message_count", vals("email", "zz@bob.example"))

	demo := start(t, "demo")
	if got := uapi(t, demo, "Email", "stats_db_status", nil); got != "active" {
		t.Errorf("demo stats_db_status = %#v", got)
	}
}

func TestQuotaInfoLooseTypes(t *testing.T) {
	t.Parallel()
	demo := uapi(t, start(t, "demo"), "Quota", "get_quota_info", nil).(map[string]any)
	checkFields(t, "demo quota", demo, map[string]any{
		"megabytes_used": 3650.42, "megabyte_limit": 10240.0, "megabytes_remain": 6589.58,
		"inodes_used": 48211.0, "inode_limit": 250000.0, "inodes_remain": 201789.0,
		"under_megabyte_limit": 1.0, "under_inode_limit": 1.0, "under_quota_overall": 1.0,
	})
	zero := uapi(t, start(t, minimal+"}"), "Quota", "get_quota_info", nil).(map[string]any)
	checkFields(t, "zero quota", zero, map[string]any{
		"megabytes_used": "0.00", "megabyte_limit": "0.00", "megabytes_remain": "0.00",
		"inodes_used": "0", "inode_limit": "0", "inodes_remain": "0", "under_quota_overall": 1.0,
	})
	over := uapi(t, start(t, minimal+`, "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1", "disk_used_mb": 2048, "disk_limit_mb": 2048, "inodes_used": 10, "inodes_limit": 100}}`), "Quota", "get_quota_info", nil).(map[string]any)
	checkFields(t, "over quota", over, map[string]any{"megabytes_remain": "0.00", "under_megabyte_limit": 0.0, "under_inode_limit": 1.0, "under_quota_overall": 0.0})
}

func TestUserInformation(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	info := uapi(t, srv, "Variables", "get_user_information", nil).(map[string]any)
	checkFields(t, "demo", info, map[string]any{
		"user": "demo", "domain": "example.com", "ip": "203.0.113.10", "maximum_emails_per_hour": "100",
		"maximum_defer_fail_percentage": "unlimited", "mailbox_format": "maildir", "disk_block_limit": 10485760.0, "plan": "business_10g",
	})
	if mx, _ := info["mxcheck"].(map[string]any); mx["example.com"] != "local" || mx["shop.example.net"] != "local" {
		t.Errorf("mxcheck = %v", info["mxcheck"])
	}
	if d, _ := info["domains"].([]any); len(d) != 3 || d[0] != "example.com" {
		t.Errorf("domains = %v", info["domains"])
	}
	for _, p := range []map[string][]string{
		{"name-0": {"domain"}, "name-1": {"maximum_emails_per_hour"}},
		{"name": {"domain", "maximum_emails_per_hour"}},
	} {
		picked := uapi(t, srv, "Variables", "get_user_information", p).(map[string]any)
		if len(picked) != 2 || picked["domain"] != "example.com" || picked["maximum_emails_per_hour"] != "100" {
			t.Errorf("name filter %v gave %v", p, picked)
		}
	}
	numeric := start(t, minimal+`, "account": {"user": "bob", "main_domain": "bob.example", "ip": "192.0.2.1", "user_information": {"maximum_emails_per_hour": 250, "maximum_defer_fail_percentage": "40"}}}`)
	got := uapi(t, numeric, "Variables", "get_user_information", vals("name", "maximum_emails_per_hour", "name-1", "maximum_defer_fail_percentage")).(map[string]any)
	checkFields(t, "overrides keep their JSON type", got, map[string]any{"maximum_emails_per_hour": 250.0, "maximum_defer_fail_percentage": "40"})
}

func TestListDomains(t *testing.T) {
	t.Parallel()
	d := uapi(t, start(t, "demo"), "DomainInfo", "list_domains", nil).(map[string]any)
	if d["main_domain"] != "example.com" {
		t.Errorf("main_domain = %#v", d["main_domain"])
	}
	if a, _ := d["addon_domains"].([]any); len(a) != 1 || a[0] != "shop.example.net" {
		t.Errorf("addon_domains = %#v", d["addon_domains"])
	}
	if p, ok := d["parked_domains"].([]any); !ok || len(p) != 0 {
		t.Errorf("parked_domains = %#v, want []", d["parked_domains"])
	}
	if s, _ := d["sub_domains"].([]any); len(s) != 1 {
		t.Errorf("sub_domains = %#v", d["sub_domains"])
	}
}

func TestHasLocalAuthority(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`,
		"account": {"user": "bob", "main_domain": "bob.example", "addon_domains": ["ext.example"], "sub_domains": ["blog.bob.example"], "ip": "192.0.2.1", "nameservers": ["ns1.host.example", "ns2.host.example"]},
		"zones": {"bob.example": "@ 14400 IN A 192.0.2.1\n", "ext.example": "@ IN A 192.0.2.1\n"},
		"dns_authority": {"ext.example": {"local_authority": false, "nameservers": ["ns1.cloudflare.example"], "error": "(XID 3z756a) DNS query (ext.example/SOA) timeout!"}}}`)
	for _, p := range []map[string][]string{
		{"domain": {"bob.example"}, "domain-1": {"ext.example"}, "domain-2": {"blog.bob.example"}, "domain-3": {"nowhere.example"}},
		{"domain-0": {"bob.example"}, "domain-1": {"ext.example"}, "domain-2": {"blog.bob.example"}, "domain-3": {"nowhere.example"}},
		{"domain": {"bob.example", "ext.example", "blog.bob.example", "nowhere.example"}},
	} {
		got := rows(t, uapi(t, srv, "DNS", "has_local_authority", p))
		if len(got) != 4 {
			t.Fatalf("%v: %d rows", p, len(got))
		}
		checkFields(t, "local", got[0], map[string]any{"domain": "bob.example", "local_authority": 1.0, "zone": "bob.example"})
		if ns, _ := got[0]["nameservers"].([]any); len(ns) != 2 {
			t.Errorf("nameservers = %v", got[0]["nameservers"])
		}
		checkFields(t, "external", got[1], map[string]any{"domain": "ext.example", "local_authority": 0.0, "error": "(XID 3z756a) DNS query (ext.example/SOA) timeout!"})
		checkFields(t, "subdomain", got[2], map[string]any{"zone": "bob.example", "local_authority": 1.0})
		checkFields(t, "no zone", got[3], map[string]any{"zone": nil, "local_authority": 0.0})
	}
	uapiError(t, srv, "DNS", "has_local_authority", nil)
}

func TestEmailAuthValidators(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	spf := rows(t, uapi(t, srv, "EmailAuth", "validate_current_spfs", vals("domain", "example.com", "domain-1", "shop.example.net")))
	if len(spf) != 2 {
		t.Fatalf("spfs: %v", spf)
	}
	checkFields(t, "spf example.com", spf[0], map[string]any{"domain": "example.com", "state": "MISMATCHED", "ip_address": "203.0.113.10", "ip_version": 4.0, "expected": "+ip4:203.0.113.10"})
	checkFields(t, "spf record", rows(t, spf[0]["records"])[0], map[string]any{"state": "FAIL", "current": "v=spf1 include:spf.protection.outlook.com -all"})
	checkFields(t, "spf shop", spf[1], map[string]any{"state": "VALID"})

	dkim := rows(t, uapi(t, srv, "EmailAuth", "validate_current_dkims", vals("domain", "example.com", "domain", "shop.example.net")))
	checkFields(t, "dkim example.com", dkim[0], map[string]any{"domain": "default._domainkey.example.com", "state": "MISSING", "validity_cache_update": "invalid"})
	if recs := rows(t, dkim[0]["records"]); len(recs) != 0 {
		t.Errorf("missing DKIM has records %v", recs)
	}
	checkFields(t, "dkim shop", dkim[1], map[string]any{"state": "VALID", "validity_cache_update": "valid"})
	if exp, _ := dkim[1]["expected"].(string); !strings.HasPrefix(exp, "v=DKIM1; k=rsa; p=MIIB") || rows(t, dkim[1]["records"])[0]["current"] != exp {
		t.Errorf("dkim shop expected/current: %v", dkim[1])
	}

	dmarc := rows(t, uapi(t, srv, "EmailAuth", "validate_current_dmarcs", nil))
	if len(dmarc) != 3 {
		t.Fatalf("dmarcs without domain should cover every domain: %v", dmarc)
	}
	checkFields(t, "dmarc", dmarc[0], map[string]any{"domain": "example.com", "state": "DKIM_SPF_ERROR", "subdomain": "_dmarc.example.com", "suggested": "v=DMARC1; p=none;"})

	ptr := rows(t, uapi(t, srv, "EmailAuth", "validate_current_ptrs", vals("domain", "example.com")))
	checkFields(t, "ptr", ptr[0], map[string]any{"state": "VALID", "ip_address": "203.0.113.10", "ip_version": 4.0, "arpa_domain": "10.113.0.203.in-addr.arpa", "helo": "cpanel01.webhost.example"})
	checkFields(t, "ptr record", rows(t, ptr[0]["ptr_records"])[0], map[string]any{"domain": "cpanel01.webhost.example", "state": "VALID"})

	for _, fn := range []string{"validate_current_spfs", "validate_current_dkims", "validate_current_ptrs"} {
		uapiError(t, srv, "EmailAuth", fn, nil)
	}
	uapiError(t, srv, "EmailAuth", "validate_current_spfs", vals("domain", "gmail.com"))
}

func TestEmailAuthErrorStates(t *testing.T) {
	t.Parallel()
	srv := start(t, minimal+`, "email_auth": {"bob.example": {"spf": {"state": "ERROR"}, "dkim": {"state": "ERROR"}, "dmarc": {"state": "MISSING"}, "ptr": {"state": "MISSING_PTR"}}}}`)
	spf := rows(t, uapi(t, srv, "EmailAuth", "validate_current_spfs", vals("domain", "bob.example")))[0]
	if e, _ := spf["error"].(string); !strings.Contains(e, "SERVFAIL") {
		t.Errorf("SPF ERROR without an error text: %v", spf)
	}
	dkim := rows(t, uapi(t, srv, "EmailAuth", "validate_current_dkims", vals("domain", "bob.example")))[0]
	checkFields(t, "dkim error", dkim, map[string]any{"validity_cache_update": "error"})
	dmarc := rows(t, uapi(t, srv, "EmailAuth", "validate_current_dmarcs", vals("domain", "bob.example")))[0]
	if _, ok := dmarc["record"]; ok || dmarc["state"] != "MISSING" {
		t.Errorf("missing DMARC: %v", dmarc)
	}
	ptr := rows(t, uapi(t, srv, "EmailAuth", "validate_current_ptrs", vals("domain", "bob.example")))[0]
	if recs := rows(t, ptr["ptr_records"]); len(recs) != 0 || ptr["state"] != "MISSING_PTR" {
		t.Errorf("missing PTR: %v", ptr)
	}
}
