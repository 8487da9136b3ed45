package cmdutil

import "testing"

func TestASCIIOnly(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	cases := []struct {
		name       string
		asked, tty bool
		env        map[string]string
		want       bool
	}{
		{"asked", true, false, nil, true},
		{"piped", false, false, nil, false},
		{"terminal, no locale", false, true, nil, true},
		{"terminal, UTF-8", false, true, map[string]string{"LANG": "zh_TW.UTF-8"}, false},
		{"terminal, utf8", false, true, map[string]string{"LC_CTYPE": "en_US.utf8"}, false},
		{"terminal, LC_ALL wins", false, true, map[string]string{"LC_ALL": "C", "LANG": "en_US.UTF-8"}, true},
		{"terminal, Latin-1", false, true, map[string]string{"LANG": "de_DE.ISO-8859-1"}, true},
	}
	for _, c := range cases {
		if got := ASCIIOnly(c.asked, c.tty, env(c.env)); got != c.want {
			t.Errorf("%s: ASCIIOnly = %v, want %v", c.name, got, c.want)
		}
	}
}
