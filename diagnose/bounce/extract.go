package bounce

// extractCode returns the SMTP basic reply code (4xx or 5xx) of the reply
// in s, or 0, and the position where it was found. A code must stand on its
// own: not inside a host name, an IP address, a port ("[192.0.2.1]:587"), an
// IPv6 group, a TLS cipher name or a longer number, and not be a quantity
// ("450 seconds", "535 KB").
//
// Which code is the reply's: when lines of the text (real newlines or Exim's
// literal "\n" joins) start with a code, the last such line is the final
// reply and earlier ones are quoted history ("Earlier attempt: 421 ...\n550
// 5.1.1 ..."); a multi-line reply repeats one code on every line, so this
// changes nothing for it. Otherwise the first code followed by '-' or by an
// enhanced status code ("550-5.7.1", "550 5.1.1") wins, so a stray number in a
// log prefix does not; failing that, the first code at all.
func extractCode(s string) (code, pos int) {
	strong, strongPos := 0, -1
	weak, weakPos := 0, -1
	line, linePos := 0, -1
	for i := 0; i+3 <= len(s); i++ {
		c := s[i]
		if c != '4' && c != '5' {
			continue
		}
		if !isReplyCode(c, s[i+1], s[i+2]) || !codeStarts(s, i) {
			continue
		}
		end := i + 3
		if end < len(s) {
			switch n := s[end]; {
			case isAlnum(n) || n == ':' || n == ']' || n == '_' || n == '/' || n == '%' || n == '@':
				continue
			case n == '.' && end+1 < len(s) && isDigit(s[end+1]):
				continue
			}
		}
		v := int(c-'0')*100 + int(s[i+1]-'0')*10 + int(s[i+2]-'0')
		isStrong := end < len(s) && (s[end] == '-' || s[end] == ' ' && statusLenAt(s, end+1) > 0)
		if isStrong && strong == 0 {
			strong, strongPos = v, i
		}
		if !isStrong && weak == 0 && !quantityFollows(s, end) {
			weak, weakPos = v, i
		}
		if (isStrong || !quantityFollows(s, end)) && lineStart(s, i) {
			line, linePos = v, i
		}
	}
	switch {
	case line != 0 && linePos > 0:
		return line, linePos
	case strong != 0:
		return strong, strongPos
	}
	return weak, weakPos
}

// lineStart reports whether s[i] starts a line: after a newline or a literal
// "\n", ignoring spaces. The start of the text does not count; it is the
// default anyway.
func lineStart(s string, i int) bool {
	j := i
	for j > 0 && s[j-1] == ' ' {
		j--
	}
	switch {
	case j > 0 && (s[j-1] == '\n' || s[j-1] == '\r'):
		return true
	case j > 1 && s[j-2] == '\\' && s[j-1] == 'n':
		return true
	}
	return false
}

// codeStarts reports whether a reply code may start at s[i]: at the start of
// the text or after a separator, but not after a letter, digit, '.', '_' or
// '-', and after ':' only when a space or a letter precedes it (": 550",
// "code:550") rather than a digit or ']' (a port or an IPv6 group).
func codeStarts(s string, i int) bool {
	if i == 0 {
		return true
	}
	p := s[i-1]
	if p == 'n' && i > 1 && s[i-2] == '\\' {
		return true // after a literal "\n" join
	}
	switch {
	case isAlnum(p) || p == '.' || p == '_' || p == '-' || p == '/' || p == '=' || p == '+' || p == '$':
		return false
	case p == ':':
		if i < 2 {
			return true
		}
		q := s[i-2]
		return q == ' ' || ('a' <= q && q <= 'z') || ('A' <= q && q <= 'Z')
	}
	return true
}

// quantityFollows reports whether the number ending at s[end] is followed by
// a unit ("450 seconds", "552 bytes"), which makes it a quantity.
func quantityFollows(s string, end int) bool {
	if end >= len(s) || s[end] != ' ' {
		return false
	}
	w := s[end+1:]
	for _, u := range [...]string{"sec", "min", "hour", "day", "byte", "kb", "mb", "ms", "time", "attempt", "percent", "%"} {
		if hasPrefixFold(w, u) {
			return true
		}
	}
	return false
}

// extractStatus returns the RFC 3463 enhanced status code of the reply in
// s ("5.7.26"), as a substring of s, or "". The class must be 4 or 5 (a
// failure), the subject 0-7, and the code must stand alone: not preceded by a
// letter, digit or '.', and not continued by more digits or ".digit", which
// rules out IP addresses and version numbers. The status written right after
// the reply code at codePos ("550 5.1.1", "550-5.1.1") is preferred; else
// the first one whose class agrees with the code; else the first one.
func extractStatus(s string, code, codePos int) string {
	if codePos >= 0 && codePos+4 < len(s) && (s[codePos+3] == ' ' || s[codePos+3] == '-') {
		if n := statusLenAt(s, codePos+4); n > 0 {
			return s[codePos+4 : codePos+4+n]
		}
	}
	first := ""
	for i := 0; i+5 <= len(s); i++ {
		c := s[i]
		if c != '4' && c != '5' {
			continue
		}
		if i > 0 {
			p := s[i-1]
			if isAlnum(p) && !(p == 'n' && i > 1 && s[i-2] == '\\') || p == '.' || p == '_' || p == '/' || p == '=' || p == '+' {
				continue
			}
		}
		n := statusLenAt(s, i)
		if n == 0 {
			continue
		}
		if end := i + n; end < len(s) && (isAlnum(s[end]) || s[end] == '_' || s[end] == '@') {
			continue
		}
		st := s[i : i+n]
		if code == 0 || int(c-'0') == code/100 {
			return st
		}
		if first == "" {
			first = st
		}
	}
	return first
}

// parseStatus splits an enhanced status code into its three numbers.
func parseStatus(st string) (class, subject, detail int, ok bool) {
	if len(st) < 5 {
		return 0, 0, 0, false
	}
	class = int(st[0] - '0')
	subject = int(st[2] - '0')
	for i := 4; i < len(st); i++ {
		if !isDigit(st[i]) {
			return 0, 0, 0, false
		}
		detail = detail*10 + int(st[i]-'0')
	}
	return class, subject, detail, true
}

// zoneAfter reads a blocklist zone name (a DNS name such as
// "dnsbl.example.net") at b[i:], after a phrase like "blocked using ". It
// returns the byte range, or ok false when what follows is not a plausible
// zone (no dot, an IP address, a URL).
func zoneAfter(b []byte, i int) (start, end int, ok bool) {
	for i < len(b) && (b[i] == ' ' || b[i] == '"' || b[i] == '\'' || b[i] == '(') {
		i++
	}
	start = i
	dots, letters := 0, 0
	for i < len(b) {
		c := b[i]
		switch {
		case 'a' <= c && c <= 'z':
			letters++
		case isDigit(c) || c == '-':
		case c == '.':
			dots++
		default:
			goto done
		}
		i++
	}
done:
	end = i
	for end > start && b[end-1] == '.' {
		end--
		dots--
	}
	if dots == 0 || letters == 0 || end-start < 4 || b[start] == '.' || b[start] == '-' {
		return 0, 0, false
	}
	if i < len(b) && b[i] == ':' && i+1 < len(b) && b[i+1] == '/' {
		return 0, 0, false // a URL scheme, not a zone
	}
	return start, end, true
}

// retryAfter reads a retry delay at b[i:], after a phrase like "try again
// in ": "5 minutes", "300 seconds", "an hour", "a few hours", "00:05:00". It
// returns the byte range, or ok false.
func retryAfter(b []byte, i int) (start, end int, ok bool) {
	for i < len(b) && b[i] == ' ' {
		i++
	}
	for _, skip := range [...]string{"about ", "approximately ", "at least ", "another ", "around "} {
		if hasPrefixBytes(b[i:], skip) {
			i += len(skip)
			break
		}
	}
	start = i
	// The amount: digits (with ':' for hh:mm:ss) or a small word.
	j := i
	for j < len(b) && (isDigit(b[j]) || b[j] == ':' && j+1 < len(b) && isDigit(b[j+1])) {
		j++
	}
	if j == i {
		for _, w := range [...]string{"a few ", "a couple of ", "few ", "several ", "an ", "a ", "one ", "two ", "three ", "five ", "ten ", "fifteen ", "thirty "} {
			if hasPrefixBytes(b[i:], w) {
				j = i + len(w) - 1
				break
			}
		}
		if j == i {
			return 0, 0, false
		}
	}
	digitsOnly := j
	k := j
	if k < len(b) && b[k] == ' ' {
		k++
	}
	u := k
	for u < len(b) && 'a' <= b[u] && b[u] <= 'z' {
		u++
	}
	switch word := string(b[k:u]); word {
	case "s", "sec", "secs", "second", "seconds", "m", "min", "mins", "minute", "minutes",
		"h", "hr", "hrs", "hour", "hours", "d", "day", "days":
		return start, u, true
	}
	if containsByte(b[start:digitsOnly], ':') {
		return start, digitsOnly, true
	}
	return 0, 0, false
}

func hasPrefixBytes(b []byte, p string) bool {
	return len(b) >= len(p) && string(b[:len(p)]) == p
}

func containsByte(b []byte, c byte) bool {
	for _, x := range b {
		if x == c {
			return true
		}
	}
	return false
}

// hasPrefixFold reports whether s starts with the lower-case ASCII prefix p,
// ignoring case.
func hasPrefixFold(s, p string) bool {
	if len(s) < len(p) {
		return false
	}
	for i := 0; i < len(p); i++ {
		c := s[i]
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != p[i] {
			return false
		}
	}
	return true
}
