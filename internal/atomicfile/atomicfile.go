// Package atomicfile writes a file so that a reader sees either the old
// content or the new, never part of it: into a temporary file of the same
// directory, synced, then renamed over the path. A crash, a full disk or
// an error mid-write leaves the earlier file whole.
package atomicfile

import (
	"io"
	"os"
	"path/filepath"
)

// Write writes path with the content write produces, with mode perm
// whatever the mode of a file already there. The temporary file is named
// ".NAME.*.tmp", so that a reader globbing for NAME's extension (the
// node_exporter textfile collector reads *.prom) never sees it.
func Write(path string, perm os.FileMode, write func(io.Writer) error) error {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return err
	}
	err = tmp.Chmod(perm)
	if err == nil {
		err = write(tmp)
	}
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		os.Remove(tmp.Name())
		return err
	}
	return nil
}
