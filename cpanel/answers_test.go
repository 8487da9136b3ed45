package cpanel

import (
	"encoding/json"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// TestAnswerFiles keeps testdata/uapi and testdata/api2 in step with the
// method cases: every file is some case's answer (none left behind when a
// case goes), and every file is one JSON document, as cPanel sends.
func TestAnswerFiles(t *testing.T) {
	t.Parallel()
	var used []string
	for _, mc := range methodCases() {
		if mc.answer == "" {
			t.Errorf("%s has no answer file", mc.name)
		}
		used = append(used, mc.answer)
	}
	root := filepath.Join("..", "testdata")
	seen := 0
	for _, api := range []string{"uapi", "api2"} {
		err := fs.WalkDir(os.DirFS(root), api, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() {
				return err
			}
			seen++
			if !slices.Contains(used, path) {
				t.Errorf("testdata/%s is no method case's answer: delete it or use it", path)
			}
			b, err := os.ReadFile(filepath.Join(root, path))
			if err != nil {
				return err
			}
			if !json.Valid(b) {
				t.Errorf("testdata/%s is not JSON", path)
			}
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
	}
	if seen != len(used) {
		t.Errorf("%d answer files for %d method cases", seen, len(used))
	}
}
