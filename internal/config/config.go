// Package config stores cpmail's connection profiles and reads API tokens
// from files, refusing files that other users can read.
//
// A profile is a host and a user in config.json; its token lives beside it
// in profiles/NAME.token with mode 0600. Nothing here ever prints a token.
package config

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/cpmail/cpmail/internal/fsread"
)

// Profile is a saved connection.
type Profile struct {
	Host      string `json:"host"`
	User      string `json:"user"`
	Insecure  bool   `json:"insecure,omitempty"`
	PinSHA256 string `json:"pin_sha256,omitempty"`
	CAFile    string `json:"ca_file,omitempty"`
	// WHM marks a WHM profile ('cpmail login --whm'): User is root or a
	// reseller and the token a WHM API token. It is never the default
	// profile of the cPanel commands.
	WHM bool `json:"whm,omitempty"`
}

// File is the content of config.json.
type File struct {
	Default  string             `json:"default,omitempty"`
	Profiles map[string]Profile `json:"profiles"`
}

// Store reads and writes profiles under Dir.
type Store struct {
	Dir string
}

// DefaultDir returns $XDG_CONFIG_HOME/cpmail or ~/.config/cpmail (the user
// config directory of the platform).
func DefaultDir(getenv func(string) string) (string, error) {
	if d := getenv("CPMAIL_CONFIG_DIR"); d != "" {
		return d, nil
	}
	if d := getenv("XDG_CONFIG_HOME"); d != "" {
		return filepath.Join(d, "cpmail"), nil
	}
	d, err := os.UserConfigDir()
	if err != nil {
		return "", fmt.Errorf("cannot find a config directory (%v): set CPMAIL_CONFIG_DIR", err)
	}
	return filepath.Join(d, "cpmail"), nil
}

// ValidName checks a profile name.
func ValidName(name string) error {
	ok := name != "" && len(name) <= 64 && name[0] != '.' && name[0] != '-' && name[0] != '_'
	for _, r := range name {
		ok = ok && (r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-')
	}
	if !ok {
		return fmt.Errorf("invalid profile name %q: use letters, digits, '.', '_' or '-' (at most 64)", name)
	}
	return nil
}

// Load reads config.json; a missing file is an empty configuration.
func (s Store) Load() (*File, error) {
	f := &File{Profiles: map[string]Profile{}}
	b, err := os.ReadFile(filepath.Join(s.Dir, "config.json"))
	if errors.Is(err, fs.ErrNotExist) {
		return f, nil
	}
	if err != nil {
		return nil, err
	}
	if err := json.Unmarshal(b, f); err != nil {
		return nil, fmt.Errorf("%s is not valid JSON (%v): fix or delete it", filepath.Join(s.Dir, "config.json"), err)
	}
	if f.Profiles == nil {
		f.Profiles = map[string]Profile{}
	}
	return f, nil
}

// Profile returns the named profile (the default one when name is "").
func (s Store) Profile(name string) (Profile, string, error) {
	f, err := s.Load()
	if err != nil {
		return Profile{}, "", err
	}
	if name == "" {
		name = f.Default
	}
	if name == "" {
		return Profile{}, "", nil
	}
	p, ok := f.Profiles[name]
	if !ok {
		return Profile{}, "", fmt.Errorf("no profile %q: run 'cpmail login --profile %s' first", name, name)
	}
	return p, name, nil
}

// TokenPath is where a profile's token is kept.
func (s Store) TokenPath(name string) string {
	return filepath.Join(s.Dir, "profiles", name+".token")
}

// Save writes a profile and its token (mode 0600, directories 0700) and
// makes it the default when there is none yet.
func (s Store) Save(name string, p Profile, token string) error {
	if err := ValidName(name); err != nil {
		return err
	}
	f, err := s.Load()
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Join(s.Dir, "profiles"), 0o700); err != nil {
		return err
	}
	if err := writeFile(s.TokenPath(name), []byte(strings.TrimSpace(token)+"\n")); err != nil {
		return err
	}
	f.Profiles[name] = p
	if f.Default == "" && !p.WHM {
		f.Default = name
	}
	b, err := json.MarshalIndent(f, "", "  ")
	if err != nil {
		return err
	}
	return writeFile(filepath.Join(s.Dir, "config.json"), append(b, '\n'))
}

// writeFile writes atomically with mode 0600.
func writeFile(path string, data []byte) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), ".tmp-*")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return err
	}
	if _, err := tmp.Write(data); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// MaxTokenFileBytes is the largest token file read: a cPanel API token is 32
// characters, so anything much larger is the wrong file.
const MaxTokenFileBytes = 4 << 10

// ReadTokenFile reads a token from path. It refuses a file that the group or
// others can read, and says which chmod fixes it; it refuses a file over
// MaxTokenFileBytes without reading it whole. A FIFO or pipe is read until
// ctx ends, so Ctrl-C or SIGTERM stops a wait for its writer.
func ReadTokenFile(ctx context.Context, path string) (string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return "", fmt.Errorf("cannot read the token file: %v", err)
	}
	if st.IsDir() {
		return "", fmt.Errorf("the token file %s is a directory", path)
	}
	if st.Mode().Perm()&0o077 != 0 {
		return "", fmt.Errorf("the token file %s can be read by other users (mode %04o): run 'chmod 600 %s'", path, st.Mode().Perm(), path)
	}
	b, err := fsread.ReadFile(ctx, path, MaxTokenFileBytes)
	var big *fsread.TooLargeError
	switch {
	case errors.As(err, &big):
		return "", fmt.Errorf("the token file %s is larger than %d KiB, so it cannot be a cPanel API token: put only the token in it", path, MaxTokenFileBytes>>10)
	case ctx.Err() != nil:
		return "", ctx.Err()
	case err != nil:
		return "", fmt.Errorf("cannot read the token file: %v", err)
	}
	tok := strings.TrimSpace(string(b))
	if tok == "" {
		return "", fmt.Errorf("the token file %s is empty", path)
	}
	if strings.ContainsAny(tok, " \t\r\n") {
		return "", fmt.Errorf("the token file %s holds more than one line or word: put only the token in it", path)
	}
	return tok, nil
}
