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
