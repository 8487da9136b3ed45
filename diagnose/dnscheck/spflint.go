package dnscheck

import "strings"

// lintSPF adds the warnings about a syntactically valid record.
func lintSPF(res *Result, rec SPFRecord) {
	all, hasAll := rec.All()
	_, hasRedirect := rec.Modifier("redirect")
	switch {
	case hasAll && all.Qualifier == "+":
		res.add("spf-plus-all", "", Fail, "Term", all.Raw)
	case hasAll && all.Qualifier == "?":
		res.add("spf-neutral-all", "", Warn)
	case !hasAll && !hasRedirect:
		res.add("spf-no-all", "", Warn)
	}
	afterAll := false
	includes := map[string]int{}
	for _, t := range rec.Terms {
		if afterAll && !t.Modifier {
			res.add("spf-after-all", "", Warn, "Term", t.Raw)
		}
		if !t.Modifier && t.Name == "all" {
			afterAll = true
		}
		if !t.Modifier && t.Name == "ptr" {
			res.add("spf-ptr", "", Warn)
		}
		if !t.Modifier && t.Name == "include" {
			includes[strings.ToLower(t.Value)]++
			if includes[strings.ToLower(t.Value)] == 2 {
				res.add("spf-duplicate-include", "", Warn, "Include", t.Value)
			}
		}
	}
	if hasAll && hasRedirect {
		res.add("spf-after-all", "redirect", Warn)
	}
	if n := len(rec.String()); n > 450 {
		res.add("spf-too-long", "", Warn, "Length", n)
	}
}
