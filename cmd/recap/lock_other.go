//go:build !unix

package main

import (
	"os"
	"time"
)

// lockFile does nothing where flock is missing: abandoned goes by age.
func lockFile(*os.File) error { return nil }

// abandoned reports whether the temporary file name is old enough that
// no build can still be writing it.
func abandoned(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && time.Since(fi.ModTime()) > time.Hour
}
