package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/recaptool/recap/schema"
)

// readNotes reads a notes file, never more than one byte past the size
// limit: schema.Load reports an oversized file from that.
func readNotes(name string) ([]byte, error) {
	f, err := os.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a notes file", name)
	}
	return io.ReadAll(io.LimitReader(f, schema.MaxSize+1))
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
