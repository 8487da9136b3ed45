// Package fsread opens and reads the files named on cpmail's command line
// (a token file, a snapshot) so that a cancelled context ends the wait and a
// size cap bounds what is read.
//
// Opening a FIFO blocks until a writer comes, and reading one blocks until
// the writer writes: with os.ReadFile neither Ctrl-C nor SIGTERM would end
// the command. Here the open waits in a goroutine that the caller stops
// waiting for, and reads stop at the context's end. A regular file larger
// than the cap is refused from its size, before anything is read; any other
// file is read up to the cap and refused past it.
package fsread

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"time"
)

// TooLargeError is a file over the size cap.
type TooLargeError struct {
	Path  string
	Limit int64
}

// Error names the file and the cap.
func (e *TooLargeError) Error() string {
	return fmt.Sprintf("%s is larger than %s", e.Path, byteSize(e.Limit))
}

// Open opens path for reading. When ctx ends before the open returns (a
// FIFO with no writer), Open returns ctx's error at once; the file, if it
// opens later, is closed.
func Open(ctx context.Context, path string) (*os.File, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	type opened struct {
		f   *os.File
		err error
	}
	ch := make(chan opened, 1)
	go func() {
		f, err := os.Open(path)
		ch <- opened{f, err}
	}()
	select {
	case o := <-ch:
		return o.f, o.err
	case <-ctx.Done():
		go func() {
			if o := <-ch; o.f != nil {
				o.f.Close()
			}
		}()
		return nil, ctx.Err()
	}
}

// Reader reads f until ctx ends: a read blocked on a pipe or FIFO returns
// ctx's error as soon as ctx is done.
type Reader struct {
	ctx  context.Context
	f    *os.File
	stop func() bool
}

// NewReader returns a Reader of f bound to ctx. Call Close to release it
// (it closes f).
func NewReader(ctx context.Context, f *os.File) *Reader {
	r := &Reader{ctx: ctx, f: f}
	// A deadline in the past wakes a blocked read of a pollable file
	// (pipe, FIFO, socket); a regular file's reads never block for long.
	r.stop = context.AfterFunc(ctx, func() { _ = f.SetReadDeadline(time.Unix(1, 0)) })
	return r
}

// Read reads from the file, or returns ctx's error once ctx is done.
func (r *Reader) Read(p []byte) (int, error) {
	if err := r.ctx.Err(); err != nil {
		return 0, err
	}
	n, err := r.f.Read(p)
	if err != nil && errors.Is(err, os.ErrDeadlineExceeded) && r.ctx.Err() != nil {
		return n, r.ctx.Err()
	}
	return n, err
}

// Close stops watching ctx and closes the file.
func (r *Reader) Close() error {
	r.stop()
	return r.f.Close()
}

// CheckSize refuses a regular file larger than limit from its size alone.
func CheckSize(f *os.File, limit int64) error {
	st, err := f.Stat()
	if err != nil {
		return err
	}
	if st.Mode().IsRegular() && st.Size() > limit {
		return &TooLargeError{Path: f.Name(), Limit: limit}
	}
	return nil
}

// ReadFile reads at most limit bytes of path, stopping when ctx ends. A
// file larger than limit is a *TooLargeError, found from a regular file's
// size before reading, or from any other file once limit+1 bytes arrive.
func ReadFile(ctx context.Context, path string, limit int64) ([]byte, error) {
	f, err := Open(ctx, path)
	if err != nil {
		return nil, err
	}
	r := NewReader(ctx, f)
	defer r.Close()
	if err := CheckSize(f, limit); err != nil {
		return nil, err
	}
	b, err := io.ReadAll(LimitReader(r, path, limit))
	if err != nil {
		return nil, err
	}
	return b, nil
}

// LimitReader reads at most limit bytes from r; past them it fails with a
// *TooLargeError naming path, and Exceeded reports it.
func LimitReader(r io.Reader, path string, limit int64) *Limited {
	return &Limited{r: io.LimitReader(r, limit+1), path: path, limit: limit}
}

// Limited is a reader with a size cap (see LimitReader).
type Limited struct {
	r     io.Reader
	n     int64
	path  string
	limit int64
}

// Read reads from the underlying reader until the cap.
func (l *Limited) Read(p []byte) (int, error) {
	n, err := l.r.Read(p)
	l.n += int64(n)
	if l.n > l.limit {
		return 0, &TooLargeError{Path: l.path, Limit: l.limit}
	}
	return n, err
}

// Exceeded reports whether more than the cap arrived.
func (l *Limited) Exceeded() bool { return l.n > l.limit }

// byteSize writes n as KiB, MiB or bytes, for messages.
func byteSize(n int64) string {
	switch {
	case n >= 1<<20 && n%(1<<20) == 0:
		return fmt.Sprintf("%d MiB", n>>20)
	case n >= 1<<10 && n%(1<<10) == 0:
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
