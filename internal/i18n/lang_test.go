package i18n

import (
	"testing"
	"testing/fstest"
)

func TestParse(t *testing.T) {
	for in, want := range map[string]Tag{"en": English, "EN_us": English, "en_GB.UTF-8": English, "C": English, "zh-TW": TraditionalChinese,
		"zh_TW.UTF-8": TraditionalChinese, "zh_HK": TraditionalChinese, "zh-Hant": TraditionalChinese, "zh_MO": TraditionalChinese} {
		got, err := Parse(in)
		if err != nil || got != want {
			t.Errorf("Parse(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, in := range []string{"", "fr", "zh_CN", "zh-Hans", "xx-!!"} {
		if _, err := Parse(in); err == nil {
			t.Errorf("Parse(%q) succeeded, want error", in)
		}
	}
}

// TestParseFindsANewCatalog: a language is added by adding its file.
func TestParseFindsANewCatalog(t *testing.T) {
	c, err := LoadFS(fstest.MapFS{
		"l/en.toml": {Data: []byte(`"x" = "hello"`)},
		"l/ja.toml": {Data: []byte(`"x" = "こんにちは"`)},
	}, "l")
	if err != nil {
		t.Fatal(err)
	}
	got, err := c.Parse("ja_JP.UTF-8")
	if err != nil || got != "ja" || c.Localizer(string(got)).T("x") != "こんにちは" {
		t.Fatalf("Parse(ja_JP.UTF-8) = %q, %v", got, err)
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
	for _, tc := range cases {
		if got := FromEnv(env(tc.env)); got != tc.want {
			t.Errorf("FromEnv(%v) = %q, want %q", tc.env, got, tc.want)
		}
	}
}

func TestLanguages(t *testing.T) {
	got := Languages()
	if len(got) != 2 || got[0] != English || got[1] != TraditionalChinese {
		t.Errorf("Languages() = %v", got)
	}
}
