package bounce

import "testing"

// TestVocabularyIsNormalized checks that every phrase is written in the form
// normalize gives the text (Simplified characters, lower case): a phrase in
// Traditional characters could never match, since the text is folded first.
func TestVocabularyIsNormalized(t *testing.T) {
	for _, r := range vocab().rules {
		if got := string(normalize(nil, r.phrase)); got != r.phrase {
			t.Errorf("phrase %q normalizes to %q: write it in the normalized form", r.phrase, got)
		}
	}
}

// TestFoldHan checks the Traditional-to-Simplified fold: in place (same
// length), only for whole three-byte characters of the table, and nothing
// else changed.
func TestFoldHan(t *testing.T) {
	for in, want := range map[string]string{
		"使用者不存在":           "使用者不存在",
		"信箱已滿":             "信箱已满",
		"帳號已被凍結":           "帐号已被冻结",
		"郵件過大 (#5.3.4)":    "邮件过大 (#5.3.4)",
		"メールボックスが満杯です":     "メールボックスが满杯です",
		"550 User Unknown": "550 user unknown",
		"\xe9\x83":         "\xe9\x83", // half a character stays as it is
	} {
		if got := string(normalize(nil, in)); got != want {
			t.Errorf("normalize(%q) = %q, want %q", in, got, want)
		}
	}
}

// TestClassifyCJK covers Chinese (Simplified and Traditional), Korean and
// Japanese wordings, written from what providers say (QQ, NetEase, Sina,
// Aliyun, HiNet, Yahoo Taiwan, Naver, Daum, Japanese ISPs), not taken from
// the corpus. Each case fails when the CJK vocabulary, the fold or the
// matcher's CJK buckets are removed.
func TestClassifyCJK(t *testing.T) {
	for _, tc := range []struct {
		text string
		want Reason
		temp bool
	}{
		{"550 该用户不存在", RecipientUnknown, false},
		{"550 收件人地址不存在,请核对后重发", RecipientUnknown, false},
		{"550 使用者不存在 (user@example.com)", RecipientUnknown, false},
		{"550 此帳號無效", RecipientUnknown, false},
		{"查無此人", RecipientUnknown, false},
		{"550 user不存在", RecipientUnknown, false},
		{"550 수신자가 존재하지 않습니다", RecipientUnknown, false},
		{"550 指定された宛先は存在しません", RecipientUnknown, false},
		{"552 邮箱空间不足", MailboxFull, false},
		{"452 收件人信箱已滿,請稍後再試", MailboxFull, true},
		{"552 메일함 용량이 초과되었습니다", MailboxFull, false},
		{"552 メールボックスの容量がオーバーしています", MailboxFull, false},
		{"550 该帐户已被冻结", MailboxDisabled, false},
		{"550 此帳號已停用", MailboxDisabled, false},
		{"550 域名不存在", DomainUnknown, false},
		{"554 发件人地址被列入收件人的黑名单", SenderRejected, false},
		{"554 您的IP已被列入黑名单", Blocklisted, false},
		{"554 邮件被判定为垃圾邮件,拒绝投递", SpamContent, false},
		{"451 发信频率过高,请稍后再试", RateLimited, true},
		{"552 邮件大小超过限制", MessageTooLarge, false},
		{"553 拒绝中继", RelayDenied, false},
		{"451 连接超时", NetworkError, true},
		{"500 语法错误", PolicyRejected, false},
		{"550 发信服务器反向解析失败", PTRMissing, false},
		{"554 该邮件被收件人拒收", SenderRejected, false},
		{"451 发信IP信誉度低,请稍后再试", RateLimited, true},
		{"554 发信IP信誉度低", Blocklisted, false},
		{"550 受信拒否設定により配信できません", SenderRejected, false},
	} {
		c := Classify(tc.text)
		if c.Reason != tc.want || c.Temporary != tc.temp {
			t.Errorf("Classify(%q) = %s (temporary %v), want %s (temporary %v)", tc.text, c.Reason, c.Temporary, tc.want, tc.temp)
		}
	}
}

// TestClassifyCJKAllocates nothing: the fold is in place and the CJK
// buckets are part of the matcher's tables.
func TestClassifyCJKAllocates(t *testing.T) {
	text := "550 收件人信箱已滿,使用者不存在 / 수신자가 존재하지 않습니다 / 宛先は存在しません"
	if n := testing.AllocsPerRun(100, func() { Classify(text) }); n != 0 {
		t.Errorf("Classify allocates %.0f times per call on CJK text, want 0", n)
	}
}

// TestClassifyNamesWithoutAllocating: a blocklist zone or a retry time
// read from the text is the text's own span, not a copy, when the text
// gives it as it is normalized (lower case).
func TestClassifyNamesWithoutAllocating(t *testing.T) {
	for _, tc := range []struct{ text, list, hint string }{
		{"554 Service unavailable; Client host [192.0.2.25] blocked using dnsbl.example.net", "dnsbl.example.net", ""},
		{"451 4.7.1 Greylisted, please try again in 5 minutes", "", "5 minutes"},
	} {
		c := Classify(tc.text)
		if c.Blocklist != tc.list || c.RetryHint != tc.hint {
			t.Errorf("%q: blocklist %q, retry hint %q; want %q, %q", tc.text, c.Blocklist, c.RetryHint, tc.list, tc.hint)
		}
		if n := testing.AllocsPerRun(100, func() { Classify(tc.text) }); n != 0 {
			t.Errorf("%q: %.0f allocations per call, want 0", tc.text, n)
		}
	}
	// Given in capitals, the name is copied in lower case, as before.
	if c := Classify("554 Client host [192.0.2.25] blocked using DNSBL.EXAMPLE.NET"); c.Blocklist != "dnsbl.example.net" {
		t.Errorf("blocklist %q", c.Blocklist)
	}
}
