//go:build !unix

package main

import (
	"os"
	"time"
)

// lockDir does nothing where flock is missing: abandoned goes by age.
func lockDir(string) (func(), error) { return func() {}, nil }

// abandoned reports whether the temporary file name is old enough that
// no build can still be writing it.
func abandoned(name string) bool {
	fi, err := os.Stat(name)
	return err == nil && time.Since(fi.ModTime()) > time.Hour
}
