package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestSaveAndLoad(t *testing.T) {
	s := Store{Dir: t.TempDir()}
	if err := s.Save("work", Profile{Host: "h.example.com", User: "bob"}, "SECRET123\n"); err != nil {
		t.Fatal(err)
	}
	p, name, err := s.Profile("")
	if err != nil || name != "work" || p.User != "bob" {
		t.Fatalf("Profile = %+v %q %v", p, name, err)
	}
	st, _ := os.Stat(s.TokenPath("work"))
	if st.Mode().Perm() != 0o600 {
		t.Errorf("token mode %o", st.Mode().Perm())
	}
	tok, err := ReadTokenFile(t.Context(), s.TokenPath("work"))
	if err != nil || tok != "SECRET123" {
		t.Fatalf("token = %q, %v", tok, err)
	}
	cfg, _ := os.ReadFile(filepath.Join(s.Dir, "config.json"))
	if strings.Contains(string(cfg), "SECRET123") {
		t.Error("config.json holds the token")
	}
	if _, _, err := s.Profile("other"); err == nil {
		t.Error("missing profile accepted")
	}
}

func TestReadTokenFileRefusesOpenModes(t *testing.T) {
	p := filepath.Join(t.TempDir(), "tok")
	if err := os.WriteFile(p, []byte("ABC\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadTokenFile(t.Context(), p)
	if err == nil || !strings.Contains(err.Error(), "chmod 600") {
		t.Fatalf("err = %v, want a chmod hint", err)
	}
	_ = os.Chmod(p, 0o600)
	if tok, err := ReadTokenFile(t.Context(), p); err != nil || tok != "ABC" {
		t.Fatalf("token = %q, %v", tok, err)
	}
	_ = os.WriteFile(p, []byte("A B"), 0o600)
	if _, err := ReadTokenFile(t.Context(), p); err == nil {
		t.Error("two words accepted")
	}
}

func TestValidName(t *testing.T) {
	for _, n := range []string{"", "../x", "a b", strings.Repeat("a", 70)} {
		if ValidName(n) == nil {
			t.Errorf("ValidName(%q) accepted", n)
		}
	}
	if ValidName("prod-1") != nil {
		t.Error("prod-1 refused")
	}
}

// TestReadTokenFileRefusesLargeFiles: a 10 MB file cannot be a token; it is
// refused in one line, from its size, without being read.
func TestReadTokenFileRefusesLargeFiles(t *testing.T) {
	p := filepath.Join(t.TempDir(), "tok")
	f, err := os.OpenFile(p, os.O_CREATE|os.O_WRONLY, 0o600)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(10 << 20); err != nil {
		t.Fatal(err)
	}
	f.Close()
	_, err = ReadTokenFile(t.Context(), p)
	if err == nil || !strings.Contains(err.Error(), "larger than 4 KiB") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("err = %v, want one line saying it is larger than 4 KiB", err)
	}
	// Just under the cap is read (and refused for what it holds, not its size).
	_ = os.WriteFile(p, []byte(strings.Repeat("A", MaxTokenFileBytes)), 0o600)
	if tok, err := ReadTokenFile(t.Context(), p); err != nil || len(tok) != MaxTokenFileBytes {
		t.Fatalf("a file at the cap: %d bytes, %v", len(tok), err)
	}
}
