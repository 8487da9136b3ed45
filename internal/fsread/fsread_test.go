package fsread

import (
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"
)

// fifo makes a named pipe in a temporary directory. When the test ends, a
// writer opens and closes it once, so that an open still waiting for a
// writer (left behind by a cancelled Open) returns.
func fifo(t *testing.T) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), "fifo")
	if err := syscall.Mkfifo(p, 0o600); err != nil {
		t.Skipf("mkfifo: %v", err)
	}
	t.Cleanup(func() {
		if w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0); err == nil {
			w.Close()
		}
	})
	return p
}

// writer opens the write end of a FIFO once its reader has opened it.
func writer(t *testing.T, p string) *os.File {
	t.Helper()
	for {
		w, err := os.OpenFile(p, os.O_WRONLY|syscall.O_NONBLOCK, 0)
		if err == nil {
			t.Cleanup(func() { w.Close() })
			return w
		}
		if !errors.Is(err, syscall.ENXIO) {
			t.Fatal(err)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// TestOpenFIFOWithoutWriterStops: opening a FIFO nobody writes to waits
// for a writer; a cancelled context ends the wait. Without the goroutine in
// Open, os.Open would block forever and the test would time out.
func TestOpenFIFOWithoutWriterStops(t *testing.T) {
	p := fifo(t)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	if _, err := ReadFile(ctx, p, 4096); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestReadFIFOWithSilentWriterStops: a writer that opens the FIFO and
// writes nothing leaves the read waiting; a cancelled context ends it.
func TestReadFIFOWithSilentWriterStops(t *testing.T) {
	p := fifo(t)
	ctx, cancel := context.WithCancel(t.Context())
	go func() {
		writer(t, p) // held open, never written
		time.Sleep(20 * time.Millisecond)
		cancel()
	}()
	if _, err := ReadFile(ctx, p, 4096); !errors.Is(err, context.Canceled) {
		t.Fatalf("err = %v, want context.Canceled", err)
	}
}

// TestReadFIFOOverCapStopsEarly: 10 MB written into a FIFO with a 4 KiB
// cap: refused, and the writer could put in little more than the cap and
// the pipe's buffer before the reader closed its end.
func TestReadFIFOOverCapStopsEarly(t *testing.T) {
	p := fifo(t)
	const total = 10 << 20
	written := make(chan int, 1)
	go func() {
		w := writer(t, p)
		chunk := make([]byte, 64<<10)
		n := 0
		for n < total {
			m, err := w.Write(chunk)
			n += m
			if err != nil {
				if errors.Is(err, syscall.EAGAIN) {
					time.Sleep(time.Millisecond)
					continue
				}
				break
			}
		}
		written <- n
	}()
	_, err := ReadFile(t.Context(), p, 4<<10)
	var big *TooLargeError
	if !errors.As(err, &big) || !strings.Contains(err.Error(), "larger than 4 KiB") {
		t.Fatalf("err = %v, want a TooLargeError", err)
	}
	if n := <-written; n >= total {
		t.Errorf("the reader took all %d bytes", n)
	} else {
		t.Logf("%d of %d bytes were written before the reader closed", n, total)
	}
}

// TestReadRegularFileOverCapFromItsSize: a 3 GiB (sparse) file is refused
// from its size; nothing is read.
func TestReadRegularFileOverCapFromItsSize(t *testing.T) {
	p := filepath.Join(t.TempDir(), "big")
	f, err := os.Create(p)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(3 << 30); err != nil {
		t.Skipf("sparse file: %v", err)
	}
	f.Close()
	var big *TooLargeError
	if _, err := ReadFile(t.Context(), p, 4<<10); !errors.As(err, &big) {
		t.Fatalf("err = %v, want a TooLargeError", err)
	}
	small := filepath.Join(t.TempDir(), "small")
	if err := os.WriteFile(small, []byte("TOKEN\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	if b, err := ReadFile(t.Context(), small, 4<<10); err != nil || string(b) != "TOKEN\n" {
		t.Errorf("small file: %q %v", b, err)
	}
}

// TestLimitReader reads up to the cap and fails past it.
func TestLimitReader(t *testing.T) {
	l := LimitReader(strings.NewReader("abcd"), "x", 4)
	if b, err := readAll(l); err != nil || b != "abcd" || l.Exceeded() {
		t.Fatalf("at the cap: %q %v %v", b, err, l.Exceeded())
	}
	l = LimitReader(strings.NewReader("abcde"), "x", 4)
	if _, err := readAll(l); err == nil || !l.Exceeded() {
		t.Fatalf("past the cap: %v %v", err, l.Exceeded())
	}
}

func readAll(l *Limited) (string, error) {
	b, err := io.ReadAll(l)
	return string(b), err
}
