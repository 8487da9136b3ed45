package render

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestWriteTable(t *testing.T) {
	var b bytes.Buffer
	err := WriteTable(&b, []string{"ADDRESS", "USED"}, [][]string{{"info@example.com", "1.0 GiB"}, {"a@b.c", "0 B"}}, TableOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := "ADDRESS           USED\ninfo@example.com  1.0 GiB\na@b.c             0 B\n"
	if b.String() != want {
		t.Errorf("table =\n%q\nwant\n%q", b.String(), want)
	}
}

func TestWriteTableFitsWidth(t *testing.T) {
	var b bytes.Buffer
	long := strings.Repeat("x", 200)
	if err := WriteTable(&b, []string{"A", "MESSAGE"}, [][]string{{"1", long}}, TableOptions{Width: 40}); err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(strings.TrimRight(b.String(), "\n"), "\n") {
		if n := len([]rune(line)); n > 40 {
			t.Errorf("line of %d runes: %q", n, line)
		}
	}
	if !strings.Contains(b.String(), "…") {
		t.Error("no ellipsis")
	}
	b.Reset()
	_ = WriteTable(&b, []string{"A", "MESSAGE"}, [][]string{{"1", long}}, TableOptions{})
	if !strings.Contains(b.String(), long) {
		t.Error("cut without a width")
	}
}

func TestTruncateWide(t *testing.T) {
	if got := Truncate("信箱已滿請清理", 7); got != "信箱已…" {
		t.Errorf("Truncate = %q", got)
	}
}

func TestCSVAndFormats(t *testing.T) {
	var b bytes.Buffer
	if err := WriteCSV(&b, []string{"a", "b"}, [][]string{{"x,y", `q"`}}); err != nil {
		t.Fatal(err)
	}
	if b.String() != "a,b\n\"x,y\",\"q\"\"\"\n" {
		t.Errorf("csv = %q", b.String())
	}
	if _, err := ParseFormat("yaml"); err == nil {
		t.Error("yaml accepted")
	}
	if f, err := ParseFormat("JSON"); err != nil || f != JSON {
		t.Error("JSON refused")
	}
	if _, err := ParseFormat("csv", Table, JSON); err == nil {
		t.Error("csv accepted where not allowed")
	}
}

func TestJSONArrayWriter(t *testing.T) {
	for _, n := range []int{0, 1, 3} {
		var b bytes.Buffer
		a := NewJSONArrayWriter(&b)
		for i := range n {
			if err := a.Write(map[string]any{"i": i, "s": "<a&b>"}); err != nil {
				t.Fatal(err)
			}
		}
		if err := a.Close(); err != nil {
			t.Fatal(err)
		}
		var got []map[string]any
		if err := json.Unmarshal(b.Bytes(), &got); err != nil || len(got) != n {
			t.Fatalf("n=%d: %q is not an array of %d: %v", n, b.String(), n, err)
		}
		if n > 0 && !strings.Contains(b.String(), "<a&b>") {
			t.Errorf("HTML escaped: %s", b.String())
		}
	}
}

func TestAppendStringMatchesEncodingJSON(t *testing.T) {
	for _, s := range []string{"", "plain", "q\"b\\s", "tab\tnl\nctl\x01", "<a&b>", "信箱已滿", "bad\xffutf8", "\u2028x"} {
		got := string(AppendString(nil, s))
		var back string
		if err := json.Unmarshal([]byte(got), &back); err != nil {
			t.Fatalf("%q -> %s: %v", s, got, err)
		}
		want, _ := json.Marshal(s)
		var wantBack string
		_ = json.Unmarshal(want, &wantBack)
		if back != wantBack {
			t.Errorf("%q: round trip %q, want %q", s, back, wantBack)
		}
	}
}
