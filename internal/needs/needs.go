// Package needs lets a test require something outside Go, such as a
// program that reads our outputs back: where it is missing the test is
// skipped, except under CI (CI set), which installs everything
// (.ci/run) and where a missing tool fails the test.
package needs

import (
	"fmt"
	"os"
	"os/exec"
	"testing"
)

// Tool returns the path of the program name, or ends the test.
func Tool(t testing.TB, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err != nil {
		Missing(t, "%s is not installed", name)
	}
	return path
}

// Missing ends the test for the reason given: a skip, or under CI a
// failure.
func Missing(t testing.TB, format string, args ...any) {
	t.Helper()
	msg := fmt.Sprintf(format, args...)
	if os.Getenv("CI") != "" {
		t.Fatalf("%s (CI installs it: see .ci/run)", msg)
	}
	t.Skip(msg)
}

// Long skips a test that takes longer than the rest together (the
// limits: documents of thousands of pages), unless RECAP_LONG=1: `go test
// ./...` stays quick, and CI runs these in a step of their own.
func Long(t testing.TB) {
	t.Helper()
	if os.Getenv("RECAP_LONG") != "1" {
		t.Skip("a long test: RECAP_LONG=1 runs it (CI does)")
	}
}
