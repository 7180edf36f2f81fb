//go:build unix

package main

import (
	"os"
	"syscall"
)

// lockDir takes an exclusive lock on a folder while outputs are written
// into it, waiting for any other recap writing there (in this process or
// another) to finish. The kernel lets the lock go when the process ends,
// however it ends. Under the lock, a temporary file of recap's is one a
// killed build left.
func lockDir(dir string) (unlock func(), err error) {
	f, err := os.Open(dir)
	if err != nil {
		return nil, err
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, err
	}
	return func() { f.Close() }, nil
}

// abandoned reports whether a temporary file found under the folder's
// lock was left by a killed build: always, as every live one holds the lock.
func abandoned(string) bool { return true }
