package cmdutil

import "strings"

// ValidDomain checks a domain name given on the command line.
func ValidDomain(d string) error {
	d = strings.TrimSuffix(d, ".")
	if len(d) == 0 || len(d) > 253 || !strings.Contains(d, ".") {
		return Usagef("invalid domain %q: give a domain such as example.com", d)
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return Usagef("invalid domain %q: give a domain such as example.com", d)
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r > 127) {
				return Usagef("invalid domain %q: give a domain such as example.com", d)
			}
		}
	}
	return nil
}

// ValidAddress checks an email address given on the command line.
func ValidAddress(a string) error {
	i := strings.LastIndexByte(a, '@')
	if i <= 0 || i == len(a)-1 || strings.ContainsAny(a, " \t<>,;") {
		return Usagef("invalid address %q: give an address such as info@example.com", a)
	}
	if err := ValidDomain(a[i+1:]); err != nil {
		return Usagef("invalid address %q: give an address such as info@example.com", a)
	}
	return nil
}

// FirstNonEmpty returns the first of v that is not blank, trimmed.
func FirstNonEmpty(v ...string) string {
	for _, s := range v {
		if strings.TrimSpace(s) != "" {
			return strings.TrimSpace(s)
		}
	}
	return ""
}
