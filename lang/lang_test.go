package lang

import "testing"

func TestParse(t *testing.T) {
	for in, want := range map[string]Tag{"en": English, "EN_us": English, "zh-TW": TraditionalChinese, "zh_TW.UTF-8": TraditionalChinese, "zh_HK": TraditionalChinese, "zh-Hant": TraditionalChinese} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fr", "zh_CN"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", in)
		}
	}
}

func TestFromEnv(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		env  map[string]string
		want Tag
	}{
		{map[string]string{}, English},
		{map[string]string{"LANG": "zh_TW.UTF-8"}, TraditionalChinese},
		{map[string]string{"LANG": "zh_TW.UTF-8", "LC_ALL": "C"}, English},
		{map[string]string{"LC_MESSAGES": "zh_HK.UTF-8", "LANG": "en_US"}, TraditionalChinese},
		{map[string]string{"LANG": "zh_CN.UTF-8"}, English},
	}
	for _, c := range cases {
		if got := FromEnv(env(c.env)); got != c.want {
			t.Errorf("FromEnv(%v) = %q, want %q", c.env, got, c.want)
		}
	}
}

func TestPick(t *testing.T) {
	if English.Pick("a", "b") != "a" || TraditionalChinese.Pick("a", "b") != "b" {
		t.Fatal("Pick chose the wrong language")
	}
}
