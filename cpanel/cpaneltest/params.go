package cpaneltest

import (
	"net/url"
	"sort"
	"strconv"
	"strings"
)

// multi returns a multi-valued parameter as cPanel reads it: every value of
// name (repeated), then name-0, name-1, … in numeric order.
func multi(p url.Values, name string) []string {
	out := append([]string(nil), p[name]...)
	type idx struct {
		n int
		v []string
	}
	var numbered []idx
	for k, vs := range p {
		if s, ok := strings.CutPrefix(k, name+"-"); ok {
			if n, err := strconv.Atoi(s); err == nil {
				numbered = append(numbered, idx{n, vs})
			}
		}
	}
	sort.Slice(numbered, func(i, j int) bool { return numbered[i].n < numbered[j].n })
	for _, e := range numbered {
		out = append(out, e.v...)
	}
	var clean []string
	for _, v := range out {
		if v = strings.TrimSpace(v); v != "" {
			clean = append(clean, v)
		}
	}
	return clean
}

// flag reads a 0/1 parameter.
func flag(p url.Values, name string) bool {
	v := strings.TrimSpace(p.Get(name))
	return v != "" && v != "0"
}

// missing is cPanel's error for a required parameter left out.
func missing(name string) result {
	return fail("Provide the “%s” parameter.", name)
}

// isWord reports whether s is a non-empty run of letters, digits and "_".
func isWord(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		if !(c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}
