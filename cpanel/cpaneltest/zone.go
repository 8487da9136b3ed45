package cpaneltest

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// zoneItem is one item of DNS::parse_zone: a record, a control line
// ($TTL, $ORIGIN) or a comment.
type zoneItem struct {
	kind  string // record, control or comment
	line  int    // 0-based line where the item starts
	text  string // control and comment lines: the raw line
	owner string // as written (relative names keep no trailing dot)
	ttl   int
	rtype string
	data  [][]byte // one element per RDATA field
}

// json returns the item as DNS::parse_zone sends it.
func (it zoneItem) json() map[string]any {
	b64 := base64.StdEncoding.EncodeToString
	if it.kind != "record" {
		return map[string]any{"type": it.kind, "line_index": it.line, "text_b64": b64([]byte(it.text))}
	}
	data := make([]string, len(it.data))
	for i, d := range it.data {
		data[i] = b64(d)
	}
	return map[string]any{
		"type":        "record",
		"line_index":  it.line,
		"dname_b64":   b64([]byte(it.owner)),
		"ttl":         it.ttl,
		"record_type": it.rtype,
		"data_b64":    data,
	}
}

// maxCharString is the longest DNS character-string (RFC 1035 3.3).
const maxCharString = 255

// zoneToken is one word of a record line; quoted words are
// character-strings with their escapes already resolved.
type zoneToken struct {
	text   string
	quoted bool
}

// parseZone parses zone file text the way cPanel presents it: each record
// with its owner as written, its TTL (or the $TTL default), its type and
// its RDATA split into fields. Domain names in RDATA are made absolute;
// TXT character-strings longer than 255 bytes are split, as a DNS server
// would have to.
func parseZone(text, zone string) ([]zoneItem, error) {
	origin := strings.TrimSuffix(strings.ToLower(zone), ".") + "."
	defaultTTL := 14400
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	var items []zoneItem
	lastOwner := "@"
	for i := 0; i < len(lines); i++ {
		raw := lines[i]
		trimmed := strings.TrimSpace(raw)
		switch {
		case trimmed == "":
			continue
		case strings.HasPrefix(trimmed, ";"):
			items = append(items, zoneItem{kind: "comment", line: i, text: raw})
			continue
		case strings.HasPrefix(trimmed, "$"):
			fields := strings.Fields(stripComment(trimmed))
			if len(fields) < 2 {
				return nil, fmt.Errorf("line %d: %s needs a value", i+1, fields[0])
			}
			switch strings.ToUpper(fields[0]) {
			case "$TTL":
				n, err := strconv.Atoi(fields[1])
				if err != nil || n < 0 {
					return nil, fmt.Errorf("line %d: bad $TTL %q", i+1, fields[1])
				}
				defaultTTL = n
			case "$ORIGIN":
				origin = absName(fields[1], origin)
			}
			items = append(items, zoneItem{kind: "control", line: i, text: raw})
			continue
		}
		start := i
		toks, depth, err := tokenizeZoneLine(raw, 0)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", i+1, err)
		}
		for depth > 0 {
			i++
			if i >= len(lines) {
				return nil, fmt.Errorf("line %d: unclosed parenthesis", start+1)
			}
			more, d, err := tokenizeZoneLine(lines[i], depth)
			if err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			toks, depth = append(toks, more...), d
		}
		it, err := zoneRecord(toks, raw, lastOwner, origin, defaultTTL)
		if err != nil {
			return nil, fmt.Errorf("line %d: %v", start+1, err)
		}
		it.line = start
		lastOwner = it.owner
		if it.owner == "@" {
			it.owner = origin
		}
		items = append(items, it)
	}
	return items, nil
}

// zoneRecord builds a record from the tokens of its line(s).
func zoneRecord(toks []zoneToken, raw, lastOwner, origin string, defaultTTL int) (zoneItem, error) {
	it := zoneItem{kind: "record", ttl: defaultTTL, owner: lastOwner}
	if raw != "" && raw[0] != ' ' && raw[0] != '\t' {
		if len(toks) == 0 {
			return it, errors.New("empty record")
		}
		it.owner, toks = toks[0].text, toks[1:]
	}
	for len(toks) > 0 && it.rtype == "" {
		t := toks[0]
		toks = toks[1:]
		switch up := strings.ToUpper(t.text); {
		case t.quoted:
			return it, fmt.Errorf("unexpected string %q before the record type", t.text)
		case isDigits(up):
			n, err := strconv.Atoi(up)
			if err != nil {
				return it, fmt.Errorf("bad TTL %q", t.text)
			}
			it.ttl = n
		case up == "IN" || up == "CH" || up == "HS":
		default:
			it.rtype = up
		}
	}
	if it.rtype == "" {
		return it, errors.New("no record type")
	}
	if len(toks) == 0 {
		return it, fmt.Errorf("%s record without data", it.rtype)
	}
	names := map[string][]int{ // RDATA fields that are domain names
		"MX": {1}, "CNAME": {0}, "NS": {0}, "PTR": {0}, "DNAME": {0}, "SOA": {0, 1}, "SRV": {3},
	}
	want := map[string]int{"MX": 2, "CNAME": 1, "NS": 1, "PTR": 1, "DNAME": 1, "SOA": 7, "SRV": 4, "A": 1, "AAAA": 1}
	if n, ok := want[it.rtype]; ok && len(toks) != n {
		return it, fmt.Errorf("%s record wants %d data fields, has %d", it.rtype, n, len(toks))
	}
	if it.rtype == "TXT" || it.rtype == "SPF" {
		for _, t := range toks {
			b := []byte(t.text)
			for len(b) > maxCharString {
				it.data = append(it.data, b[:maxCharString])
				b = b[maxCharString:]
			}
			it.data = append(it.data, b)
		}
		return it, nil
	}
	for i, t := range toks {
		v := t.text
		if oneOfInt(i, names[it.rtype]) {
			v = absName(v, origin)
		}
		it.data = append(it.data, []byte(v))
	}
	return it, nil
}

// tokenizeZoneLine splits one line into words, honouring quotes, escapes,
// comments and parentheses. depth is the parenthesis depth carried over
// from the previous line; the new depth is returned.
func tokenizeZoneLine(line string, depth int) ([]zoneToken, int, error) {
	var toks []zoneToken
	for i := 0; i < len(line); {
		c := line[i]
		switch {
		case c == ' ' || c == '\t':
			i++
		case c == ';':
			return toks, depth, nil
		case c == '(':
			depth++
			i++
		case c == ')':
			if depth == 0 {
				return nil, 0, errors.New("unbalanced ')'")
			}
			depth--
			i++
		case c == '"':
			var b []byte
			i++
			for {
				if i >= len(line) {
					return nil, 0, errors.New("unterminated string")
				}
				if line[i] == '"' {
					i++
					break
				}
				ch, n := unescape(line[i:])
				b = append(b, ch)
				i += n
			}
			toks = append(toks, zoneToken{text: string(b), quoted: true})
		default:
			var b []byte
			for i < len(line) && !strings.ContainsRune(" \t;()\"", rune(line[i])) {
				ch, n := unescape(line[i:])
				b = append(b, ch)
				i += n
			}
			toks = append(toks, zoneToken{text: string(b)})
		}
	}
	return toks, depth, nil
}

// unescape reads one possibly escaped byte (\X or \DDD) from s.
func unescape(s string) (byte, int) {
	if s[0] != '\\' || len(s) < 2 {
		return s[0], 1
	}
	if len(s) >= 4 && isDigits(s[1:4]) {
		if n, err := strconv.Atoi(s[1:4]); err == nil && n < 256 {
			return byte(n), 4
		}
	}
	return s[1], 2
}

// stripComment drops a trailing ; comment from a control line.
func stripComment(s string) string {
	if i := strings.IndexByte(s, ';'); i >= 0 {
		return s[:i]
	}
	return s
}

// absName makes a domain name absolute under origin.
func absName(name, origin string) string {
	switch {
	case name == "@":
		return origin
	case strings.HasSuffix(name, "."):
		return name
	default:
		return name + "." + origin
	}
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

func oneOfInt(n int, set []int) bool {
	for _, v := range set {
		if v == n {
			return true
		}
	}
	return false
}
