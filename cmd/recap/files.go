package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"syscall"

	"github.com/recaptool/recap/schema"
)

// readNotes reads a notes file, never more than one byte past the size
// limit: schema.Load reports an oversized file from that.
func readNotes(name string) ([]byte, error) { return readRegular(name, schema.MaxSize) }

// readRegular reads a regular file, at most limit+1 bytes of it. What is
// not a regular file is refused at once: a FIFO or a device would make the
// read wait for ever, or never end. The file is opened without blocking
// (opening a FIFO waits for a writer otherwise) and what was opened is
// looked at, so a file swapped for a FIFO after a look is refused too.
func readRegular(name string, limit int64) ([]byte, error) {
	f, _, err := openRegular(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(io.LimitReader(f, limit+1))
}

// openRegular opens a regular file for reading, as readRegular reads it.
func openRegular(name string) (*os.File, fs.FileInfo, error) {
	f, err := os.OpenFile(name, os.O_RDONLY|syscall.O_NONBLOCK, 0)
	if err != nil {
		return nil, nil, err
	}
	fi, err := f.Stat()
	if err == nil && !fi.Mode().IsRegular() {
		err = fmt.Errorf("%s is %s, not a regular file", name, fileKind(fi.Mode()))
	}
	if err != nil {
		f.Close()
		return nil, nil, err
	}
	return f, fi, nil
}

// fileKind names what a file that is not a regular file is.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeDevice != 0:
		return "a device"
	}
	return "not a plain file"
}

// writeFileAtomic writes data to a temporary file next to name and renames
// it over name, so that readers see the old file or the new one, never a
// partial one, and a failed write leaves the old file in place.
func writeFileAtomic(name string, data []byte) error {
	tmp, err := createTemp(name, data)
	if err != nil {
		return err
	}
	if err := os.Rename(tmp, name); err != nil {
		os.Remove(tmp)
		return err
	}
	return nil
}

// createNew writes data to name only if name does not exist yet, atomically:
// the file appears whole or not at all.
func createNew(name string, data []byte) error {
	tmp, err := createTemp(name, data)
	if err != nil {
		return err
	}
	defer os.Remove(tmp)
	err = os.Link(tmp, name)
	if errors.Is(err, os.ErrExist) {
		return err
	}
	if err != nil { // no hard links here (some network and FAT file systems)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
		if err != nil {
			return err
		}
		_, err = f.Write(data)
		return errors.Join(err, f.Close())
	}
	return nil
}

// createTemp writes data to a new temporary file in name's directory, synced
// to disk, and returns its path.
func createTemp(name string, data []byte) (string, error) {
	f, err := os.CreateTemp(filepath.Dir(name), "."+filepath.Base(name)+".*.tmp")
	if err != nil {
		return "", err
	}
	_, err = f.Write(data)
	err = errors.Join(err, f.Chmod(0o644), f.Sync(), f.Close())
	if err != nil {
		os.Remove(f.Name())
		return "", err
	}
	return f.Name(), nil
}
