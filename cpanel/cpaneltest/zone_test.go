package cpaneltest

import (
	"encoding/base64"
	"encoding/json"
	"strings"
	"testing"
)

// decodedItem is a DNS::parse_zone item with its base64 decoded.
type decodedItem struct {
	kind, owner, rtype, text string
	line, ttl                int
	data                     []string
}

// parseZoneItems calls DNS::parse_zone and decodes its items.
func parseZoneItems(t *testing.T, srv *Server, zone string) []decodedItem {
	t.Helper()
	dec := func(s any) string {
		b, err := base64.StdEncoding.DecodeString(s.(string))
		if err != nil {
			t.Fatalf("bad base64 %q: %v", s, err)
		}
		return string(b)
	}
	var out []decodedItem
	for _, it := range rows(t, uapi(t, srv, "DNS", "parse_zone", vals("zone", zone))) {
		d := decodedItem{kind: it["type"].(string), line: int(it["line_index"].(float64))}
		switch d.kind {
		case "record":
			d.owner, d.rtype, d.ttl = dec(it["dname_b64"]), it["record_type"].(string), int(it["ttl"].(float64))
			for _, v := range it["data_b64"].([]any) {
				d.data = append(d.data, dec(v))
			}
			if _, ok := it["text_b64"]; ok {
				t.Errorf("record item with text_b64: %v", it)
			}
		case "control", "comment":
			d.text = dec(it["text_b64"])
		default:
			t.Fatalf("item type %q", d.kind)
		}
		out = append(out, d)
	}
	return out
}

func records(items []decodedItem, rtype string) []decodedItem {
	var out []decodedItem
	for _, it := range items {
		if it.kind == "record" && it.rtype == rtype {
			out = append(out, it)
		}
	}
	return out
}

func TestParseZoneDemo(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	items := parseZoneItems(t, srv, "example.com")
	if items[0].kind != "comment" || items[0].line != 0 || !strings.HasPrefix(items[0].text, "; cPanel first") {
		t.Errorf("first item: %+v", items[0])
	}
	if items[2].kind != "control" || items[2].text != "$TTL 14400" || items[2].line != 2 {
		t.Errorf("$TTL item: %+v", items[2])
	}
	soa := records(items, "SOA")
	if len(soa) != 1 || soa[0].line != 3 || soa[0].ttl != 86400 || len(soa[0].data) != 7 ||
		soa[0].data[0] != "ns1.webhost.example." || soa[0].data[1] != "hostmaster.webhost.example." || soa[0].data[2] != "2025011501" {
		t.Errorf("SOA: %+v", soa)
	}
	ns := records(items, "NS")
	if len(ns) != 2 || ns[0].line != 10 || ns[0].owner != "example.com." {
		t.Errorf("NS: %+v", ns)
	}
	mx := records(items, "MX")
	if len(mx) != 1 || mx[0].data[0] != "0" || mx[0].data[1] != "mail.example.com." || mx[0].ttl != 14400 {
		t.Errorf("MX: %+v", mx)
	}
	var owners []string
	for _, a := range records(items, "A") {
		owners = append(owners, a.owner)
	}
	if strings.Join(owners, " ") != "example.com. mail blog webmail" {
		t.Errorf("A owners %q: relative names stay relative, without a trailing dot", owners)
	}
	txt := records(items, "TXT")
	if len(txt) != 2 || len(txt[0].data) != 1 || txt[0].data[0] != "v=spf1 include:spf.protection.outlook.com -all" || txt[1].owner != "_dmarc" {
		t.Errorf("TXT: %+v", txt)
	}
	env := uapiEnv(t, srv, "DNS", "parse_zone", vals("zone", "example.com"))
	if md, _ := env["metadata"].(map[string]any); md["transformed"] != 1.0 {
		t.Errorf("metadata %v", env["metadata"])
	}
}

func TestParseZoneSplitDKIMMatchesEmailAuth(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	var dkim []decodedItem
	for _, it := range records(parseZoneItems(t, srv, "shop.example.net"), "TXT") {
		if it.owner == "default._domainkey" {
			dkim = append(dkim, it)
		}
	}
	if len(dkim) != 1 || len(dkim[0].data) != 2 || len(dkim[0].data[0]) != 255 {
		t.Fatalf("the DKIM record should come as two character-strings, the first 255 bytes: %+v", dkim)
	}
	joined := strings.Join(dkim[0].data, "")
	expected := rows(t, uapi(t, srv, "EmailAuth", "validate_current_dkims", vals("domain", "shop.example.net")))[0]["expected"]
	if joined != expected {
		t.Errorf("zone DKIM %q\ndiffers from EmailAuth's expected %q", joined, expected)
	}
}

func TestParseZoneSplitsLongStringsAndKeepsBytes(t *testing.T) {
	t.Parallel()
	long := strings.Repeat("a", 255) + strings.Repeat("b", 255) + "ccc"
	zone := `$TTL 300
$ORIGIN bob.example.
@ IN SOA ns1 hostmaster ( 1 2 3 4 5 )
@ 60 IN TXT "` + long + `"
txt IN TXT "semi;colon" "quote\"d" odd\059byte "\255" ; a comment
 IN MX 10 mail
@ IN MX 20 backup.other.example.
_sip._tcp IN SRV 10 60 5060 sip
`
	srv := start(t, minimal+`, "zones": {"bob.example": `+jsonString(zone)+`}}`)
	items := parseZoneItems(t, srv, "bob.example")
	if items[0].kind != "control" || items[1].kind != "control" {
		t.Fatalf("controls: %+v", items[:2])
	}
	soa := records(items, "SOA")[0]
	if soa.owner != "bob.example." || soa.ttl != 300 || soa.data[0] != "ns1.bob.example." || soa.data[1] != "hostmaster.bob.example." {
		t.Errorf("SOA: %+v", soa)
	}
	txt := records(items, "TXT")
	if got := txt[0].data; len(got) != 3 || len(got[0]) != 255 || len(got[1]) != 255 || got[2] != "ccc" || strings.Join(got, "") != long || txt[0].ttl != 60 {
		t.Errorf("long TXT split: %d parts", len(got))
	}
	if got := txt[1].data; len(got) != 4 || got[0] != "semi;colon" || got[1] != `quote"d` || got[2] != "odd;byte" || got[3] != "\xff" {
		t.Errorf("TXT strings and escapes: %q", got)
	}
	mx := records(items, "MX")
	if mx[0].owner != "txt" || mx[0].data[1] != "mail.bob.example." || mx[1].data[1] != "backup.other.example." {
		t.Errorf("MX (blank owner = previous owner; relative exchange made absolute): %+v", mx)
	}
	if srv := records(items, "SRV"); len(srv) != 1 || srv[0].data[3] != "sip.bob.example." {
		t.Errorf("SRV: %+v", srv)
	}
}

func TestParseZoneErrors(t *testing.T) {
	t.Parallel()
	srv := start(t, "demo")
	if got := uapiError(t, srv, "DNS", "parse_zone", vals("zone", "gmail.com")); got != "You do not control a DNS zone named “gmail.com”." {
		t.Errorf("unknown zone: %q", got)
	}
	if got := uapiError(t, srv, "DNS", "parse_zone", nil); !strings.Contains(got, "“zone”") {
		t.Errorf("no zone: %q", got)
	}
	for _, bad := range []string{"@ IN MX 10\n", "@ IN (\n", "@ IN A 1.2.3.4 )\n", "@ 300\n", "$TTL\n", "$TTL soon\n"} {
		if _, err := parseZone(bad, "bob.example"); err == nil {
			t.Errorf("parseZone(%q): no error", bad)
		}
	}
}

// jsonString quotes s as a JSON string.
func jsonString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}
