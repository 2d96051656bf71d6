// Package artifacts holds what a failing flow's evidence needs beside its HAR and reports: the
// browser console log and atomic file writes. Its sub-packages do one job each: redact (the
// secret policy), har (the HAR builder), report (the result model, reporters and merge).
package artifacts

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
)

// WriteFileAtomic writes data to path so that readers see either the old file or the whole new
// one, never a part: it writes a temporary file in the same directory, syncs it and renames it
// over path. The parent directory is created when missing; the temporary file is removed on any
// error.
func WriteFileAtomic(path string, data []byte) error {
	return WriteFileAtomicFunc(path, func(w io.Writer) error {
		_, err := io.Copy(w, bytes.NewReader(data))
		return err
	})
}

// WriteFileAtomicFunc is WriteFileAtomic for content produced by write, which gets a buffered
// writer onto the temporary file. An error from write (or a panic in it) leaves path untouched.
func WriteFileAtomicFunc(path string, write func(io.Writer) error) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	tmp := f.Name()
	committed := false
	defer func() {
		if !committed {
			_ = f.Close()
			_ = os.Remove(tmp)
		}
	}()

	bw := bufio.NewWriterSize(f, 64<<10)
	if err := write(bw); err != nil {
		return fmt.Errorf("write %s: %w", path, onTemp(err, tmp))
	}
	if err := bw.Flush(); err != nil {
		return fmt.Errorf("write %s: %w", path, onTemp(err, tmp))
	}
	if err := f.Chmod(0o644); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := f.Sync(); err != nil {
		return fmt.Errorf("write %s: sync: %w", path, onTemp(err, tmp))
	}
	if err := f.Close(); err != nil {
		return fmt.Errorf("write %s: close: %w", path, onTemp(err, tmp))
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	committed = true
	syncDir(dir)
	return nil
}

// onTemp returns the bare cause ("no space left on device") of an error about the temporary file
// tmp, which the user never sees and which would name the path a second time; other errors (a
// reader's, in write) are returned as they are.
func onTemp(err error, tmp string) error {
	var pe *os.PathError
	if errors.As(err, &pe) && pe.Path == tmp {
		return pe.Err
	}
	return err
}

// syncDir makes a rename in dir durable where the platform allows it; failures are ignored
// because the rename itself already succeeded.
func syncDir(dir string) {
	d, err := os.Open(dir)
	if err != nil {
		return
	}
	_ = d.Sync()
	_ = d.Close()
}
