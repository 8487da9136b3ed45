package cmdutil

import "strings"

// IsDomain reports whether d, given on the command line, is a domain
// name (labels of letters, digits, '-' and '_', at least two).
func IsDomain(d string) bool {
	d = strings.TrimSuffix(d, ".")
	if len(d) == 0 || len(d) > 253 || !strings.Contains(d, ".") {
		return false
	}
	for _, label := range strings.Split(d, ".") {
		if label == "" || len(label) > 63 || label[0] == '-' || label[len(label)-1] == '-' {
			return false
		}
		for _, r := range label {
			if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '-' || r == '_' || r > 127) {
				return false
			}
		}
	}
	return true
}

// ValidDomain checks a domain name given on the command line (--domain,
// an argument): a usage error in the output language when it is none.
func (p *Printer) ValidDomain(d string) error {
	if !IsDomain(d) {
		return Usage(p.Tr("cli.invalid-domain", "Value", strings.TrimSuffix(d, ".")))
	}
	return nil
}

// IsAddress reports whether a, given on the command line, is an email
// address.
func IsAddress(a string) bool {
	i := strings.LastIndexByte(a, '@')
	return i > 0 && i < len(a)-1 && !strings.ContainsAny(a, " \t<>,;") && IsDomain(a[i+1:])
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
