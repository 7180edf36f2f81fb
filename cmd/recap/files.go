package main

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
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

// Outputs are written in two phases: each to a temporary file beside it
// (staged), synced, and only once every output of a build is whole, all
// renamed into place (committed). A failed or interrupted write leaves the
// old outputs as they were; what remains is the moment of the renames
// themselves, one after the other, which are not atomic as a group: a
// process killed between two of them leaves some outputs new and others
// old (each whole). Builds writing into one folder take turns (lockDir),
// so a temporary file of recap's found there was left by a killed build,
// and is removed.

// staged is an output written to a temporary file beside it.
type staged struct {
	path string
	f    *os.File // the temporary file, open
}

// stage writes data to a temporary file beside path, with the mode of the
// file it will replace, or a new file's (0666 less the umask), after
// removing the temporary files that killed builds of path left behind. The
// caller holds the folder's lock.
func stage(path string, data []byte) (*staged, error) {
	removeStale(path)
	mode := fs.FileMode(0o666)
	if fi, err := os.Stat(path); err == nil {
		if !fi.Mode().IsRegular() {
			// Refused now, not at the rename: the other outputs must
			// not be renamed into place either.
			return nil, fmt.Errorf("cannot write %s: it is %s", path, fileKind(fi.Mode()))
		}
		mode = fi.Mode().Perm()
	}
	f, err := createTemp(path, mode)
	if err != nil {
		return nil, writeError(path, err)
	}
	_, err = f.Write(data)
	if err == nil && mode != 0o666 {
		err = f.Chmod(mode) // as the old file: the umask may have taken more
	}
	if err = errors.Join(err, f.Sync()); err != nil {
		os.Remove(f.Name())
		f.Close()
		return nil, writeError(path, err)
	}
	return &staged{path: path, f: f}, nil
}

// writeError says that path could not be written, and why, without the
// name of the temporary file, which the user never asked for.
func writeError(path string, err error) error {
	return fmt.Errorf("cannot write %s: %w", path, cause(err))
}

// cause is why a file operation failed, without the operation and the
// file's name: for a message that names the file as the user gave it.
func cause(err error) error {
	var pe *fs.PathError
	var le *os.LinkError
	switch {
	case errors.As(err, &pe):
		return pe.Err
	case errors.As(err, &le):
		return le.Err
	}
	return err
}

// commit renames the temporary file into place.
func (s *staged) commit() error {
	err := os.Rename(s.f.Name(), s.path)
	if err != nil {
		os.Remove(s.f.Name())
		err = writeError(s.path, err)
	}
	return errors.Join(err, s.f.Close())
}

// discard removes the temporary file.
func (s *staged) discard() {
	os.Remove(s.f.Name())
	s.f.Close()
}

// tempPattern is how temporary files are named beside the output path.
func tempPattern(path string) string { return "." + filepath.Base(path) + ".*.tmp" }

// createTemp creates a new temporary file beside path, with perm (less
// the umask, as for any new file).
func createTemp(path string, perm fs.FileMode) (*os.File, error) {
	dir, prefix := filepath.Dir(path), "."+filepath.Base(path)+"."
	for range 100 {
		name := filepath.Join(dir, prefix+strconv.FormatUint(rand.Uint64(), 36)+".tmp")
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, perm)
		if errors.Is(err, fs.ErrExist) {
			continue
		}
		if err != nil {
			return nil, err
		}
		return f, nil
	}
	return nil, fmt.Errorf("no free temporary file name beside %s", path)
}

// removeStale removes the temporary files of path that killed builds
// left.
func removeStale(path string) {
	names, _ := filepath.Glob(filepath.Join(filepath.Dir(path), tempPattern(path)))
	for _, name := range names {
		if abandoned(name) {
			os.Remove(name)
		}
	}
}

// createNew writes data to name only if name does not exist yet, atomically:
// the file appears whole or not at all.
func createNew(name string, data []byte) error {
	unlock, err := lockDir(filepath.Dir(name))
	if err != nil {
		return writeError(name, err)
	}
	defer unlock()
	s, err := stage(name, data)
	if err != nil {
		return err
	}
	defer s.discard()
	err = os.Link(s.f.Name(), name)
	if errors.Is(err, os.ErrExist) {
		return err
	}
	if err != nil { // no hard links here (some network and FAT file systems)
		f, err := os.OpenFile(name, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o666)
		if err != nil {
			return writeError(name, err)
		}
		_, err = f.Write(data)
		if err = errors.Join(err, f.Close()); err != nil {
			return writeError(name, err)
		}
	}
	return nil
}
