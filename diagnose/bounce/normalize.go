package bounce

// normalize appends to dst a matching form of s: ASCII lower-cased, every
// run of white space (including Exim's literal two-character "\n", "\r" and
// "\t" joins) folded into one space, and SMTP reply-code prefixes removed
// ("550-5.7.26 ", "550 5.1.1 ", "452-"), together with the ">>>" and "<<<"
// markers of Sendmail transcripts. Removing the prefixes joins the lines of a
// multi-line reply back into one sentence, so phrases that a server wrapped
// across lines still match. Bytes outside ASCII are kept as they are.
//
// The codes themselves are read from the original text by extractCode and
// extractStatus, not from this form. Traditional Chinese characters of mail
// wording are folded to their Simplified forms (foldHan), in place.
func normalize(dst []byte, s string) []byte {
	space := true // at the start, as if after a space: no leading space
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\\' && i+1 < len(s) && (s[i+1] == 'n' || s[i+1] == 'r' || s[i+1] == 't'):
			i++
			c = ' '
		case c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			c = ' '
		case 'A' <= c && c <= 'Z':
			c += 'a' - 'A'
		case c == 0xe2 && i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0x98 || s[i+2] == 0x99):
			// Typographic apostrophes (U+2018, U+2019) as in "doesn’t".
			i += 2
			c = '\''
		}
		if c == ' ' {
			if !space {
				dst = append(dst, ' ')
				space = true
			}
			continue
		}
		if space {
			if n := replyPrefixLen(s, i); n > 0 {
				// Skip the prefix and the space after it.
				i += n - 1
				if i+1 < len(s) && s[i+1] == ' ' {
					i++
				}
				continue
			}
		}
		space = false
		if c >= 0xe0 && i+2 < len(s) {
			if r, ok := foldHan(c, s[i+1], s[i+2]); ok {
				dst = append(dst, 0xe0|byte(r>>12), 0x80|byte(r>>6)&0x3f, 0x80|byte(r)&0x3f)
				i += 2
				continue
			}
		}
		dst = append(dst, c)
	}
	if n := len(dst); n > 0 && dst[n-1] == ' ' {
		dst = dst[:n-1]
	}
	return dst
}

// replyPrefixLen returns the length of a reply-code prefix at s[i:] (which
// starts a word), or 0. Recognised forms: "ddd-" optionally followed by an
// enhanced status code, "ddd d.d.d", and the transcript markers ">>>" and
// "<<<". A bare "ddd " is left alone: it may be a number in a sentence.
func replyPrefixLen(s string, i int) int {
	if i+3 <= len(s) && (s[i:i+3] == "<<<" || s[i:i+3] == ">>>") {
		return 3
	}
	// The caller has seen a word start (normalize treats the "n" of a
	// literal "\n" join as white space), so s[i-1] is not checked here.
	if i+4 > len(s) || !isReplyCode(s[i], s[i+1], s[i+2]) {
		return 0
	}
	switch s[i+3] {
	case '-':
		n := 4
		if m := statusLenAt(s, i+4); m > 0 {
			n += m
		}
		return n
	case ' ':
		if m := statusLenAt(s, i+4); m > 0 {
			end := i + 4 + m
			if end == len(s) || s[end] == ' ' || s[end] == '\\' || s[end] == '\n' || s[end] == '\r' || s[end] == '\t' {
				return 4 + m
			}
		}
	}
	return 0
}

// isReplyCode reports whether the three bytes form a plausible SMTP reply
// code: first digit 2-5, second digit 0-5, third any digit.
func isReplyCode(a, b, c byte) bool {
	return '2' <= a && a <= '5' && '0' <= b && b <= '5' && isDigit(c)
}

// statusLenAt returns the length of an enhanced status code ("5.7.26") that
// starts exactly at s[i:], or 0. The class must be 2, 4 or 5, the subject a
// single digit 0-7 and the detail one to three digits, and the code must not
// continue with more digits or ".digit" (which would make it an IP address
// or a version number).
func statusLenAt(s string, i int) int {
	if i+5 > len(s) {
		return 0
	}
	if c := s[i]; c != '2' && c != '4' && c != '5' {
		return 0
	}
	if s[i+1] != '.' || s[i+2] < '0' || s[i+2] > '7' || s[i+3] != '.' || !isDigit(s[i+4]) {
		return 0
	}
	j := i + 5
	for j < len(s) && j < i+7 && isDigit(s[j]) {
		j++
	}
	if j < len(s) && isDigit(s[j]) {
		return 0
	}
	if j+1 < len(s) && s[j] == '.' && isDigit(s[j+1]) {
		return 0
	}
	return j - i
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
