package msg

import (
	"encoding/json"
	"reflect"
	"testing"
)

// TestTextRoundTrip: a Text written to JSON reads back the same, nested
// Texts, Lists and []Text included, numbers with their digits.
func TestTextRoundTrip(t *testing.T) {
	in := New("a.title", "Domain", "example.com", "Count", 3, "Big", int64(12345678901),
		"Part", New(".part", "Name", "x"), "Parts", []Text{New("b"), New("c", "N", 1)},
		"List", List{Sep: "list.semicolon", Items: []Text{New("d")}}, "Names", []string{"p", "q"})
	b, err := json.Marshal(in)
	if err != nil {
		t.Fatal(err)
	}
	var out Text
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	if out.ID != "a.title" || out.Args["Domain"] != "example.com" {
		t.Fatalf("got %+v", out)
	}
	if n, ok := out.Args["Big"].(json.Number); !ok || n.String() != "12345678901" {
		t.Errorf("Big = %#v", out.Args["Big"])
	}
	if p, ok := out.Args["Part"].(Text); !ok || p.ID != ".part" || p.Args["Name"] != "x" {
		t.Errorf("Part = %#v", out.Args["Part"])
	}
	if ps, ok := out.Args["Parts"].([]Text); !ok || len(ps) != 2 || ps[1].ID != "c" {
		t.Errorf("Parts = %#v", out.Args["Parts"])
	}
	if l, ok := out.Args["List"].(List); !ok || l.Sep != "list.semicolon" || l.Items[0].ID != "d" {
		t.Errorf("List = %#v", out.Args["List"])
	}
	if !reflect.DeepEqual(out.Args["Names"], []any{"p", "q"}) {
		t.Errorf("Names = %#v", out.Args["Names"])
	}
	if err := json.Unmarshal([]byte(`{"id":"x","args":{"A":{"id":1}}}`), &out); err == nil {
		t.Error("a nested id that is not a string was accepted")
	}
}

func TestResolve(t *testing.T) {
	got := New(".title", "Part", New(".part"), "Abs", New("common.x")).Resolve("rule")
	if got.ID != "rule.title" || got.Args["Part"].(Text).ID != "rule.part" || got.Args["Abs"].(Text).ID != "common.x" {
		t.Errorf("Resolve = %+v", got)
	}
}

func TestBytesAndPercent(t *testing.T) {
	for v, want := range map[Bytes]string{0: "0 B", 512: "512 B", 1536: "1.5 KiB", 1 << 30: "1.0 GiB", -5: "-5 B"} {
		if got := v.String(); got != want {
			t.Errorf("Bytes(%v) = %q, want %q", float64(v), got, want)
		}
	}
	if got := Percent(93.46).String(); got != "93.5%" {
		t.Errorf("Percent = %q", got)
	}
}
