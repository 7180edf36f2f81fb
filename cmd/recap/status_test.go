package main

import (
	"flag"
	"path/filepath"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/golden"
)

var update = flag.Bool("update", false, "rewrite golden files in testdata")

// TestGoldenDeals pins the status of a folder of deals (testdata/deals):
// a subfolder walked, a hidden folder skipped, a file that is not notes
// ignored and an invalid one reported (exit 1 after the report); Contoso
// the same party in two deals by its registration, written differently
// under another name, and Fabrikam by its name in another case; an
// unsigned final with performance recorded; dollars and euros overdue.
// At two dates, in each format, and filtered.
func TestGoldenDeals(t *testing.T) {
	dir, err := filepath.Abs("testdata")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name string
		args []string
	}{
		{"2026-12-21.txt", []string{"--as-of", "2026-12-21"}},
		{"2027-01-13.txt", []string{"--as-of", "2027-01-13"}},
		{"2027-01-13.md", []string{"--as-of", "2027-01-13", "--format", "md"}},
		{"2027-01-13.json", []string{"--as-of", "2027-01-13", "--format", "json"}},
		{"2027-01-13-contoso.txt", []string{"--as-of", "2027-01-13", "--party", "contoso"}},
		{"2027-01-13-ana-7d.txt", []string{"--as-of", "2027-01-13", "--person", "ana", "--due-within", "7d"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runIn(t, dir, append(append([]string{"status"}, tt.args...), "deals")...)
			if code != exitInvalid || stderr != "recap: status: 1 file is not valid notes, left out (recap check says why)\n" {
				t.Errorf("exit %d, stderr %q; want 1 and the file left out", code, stderr)
			}
			golden.Check(t, filepath.Join(dir, "golden", "deals-"+tt.name), []byte(stdout), *update)
			for _, not := range []string{"An old deal", "readme"} {
				if strings.Contains(stdout, not) {
					t.Errorf("the report has %q, which is hidden or not notes", not)
				}
			}
		})
	}
}

// TestStatusExit: one file keeps its report; several give the merged one;
// --fail-overdue exits 3 for what is shown, and an invalid file wins over
// it.
func TestStatusExit(t *testing.T) {
	dir, err := filepath.Abs("testdata/deals")
	if err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string
	}{
		{"one file", []string{"--as-of", "2027-01-13", "lots.toml"}, 0, "Two lots of sensors\n"},
		{"two files", []string{"--as-of", "2027-01-13", "lots.toml", "fabrikam.toml"}, 0, "Status of 2 deals as of 13 Jan 2027\n"},
		{"the same file twice", []string{"--as-of", "2027-01-13", "lots.toml", "./lots.toml"}, 0, "Status of 1 deal as of 13 Jan 2027\n"},
		{"fail overdue", []string{"--as-of", "2027-01-13", "--fail-overdue", "lots.toml", "sub"}, exitCondition, "Status of 3 deals"},
		{"nothing overdue yet", []string{"--as-of", "2026-12-10", "--fail-overdue", "lots.toml", "sub"}, 0, "Status of 3 deals"},
		{"filtered out", []string{"--as-of", "2027-01-13", "--fail-overdue", "--party", "nobody", "lots.toml", "sub"}, 0, "Status of 0 deals"},
		{"invalid wins", []string{"--as-of", "2027-01-13", "--fail-overdue", "."}, exitInvalid, "Status of 4 deals"},
		{"missing file", []string{"--as-of", "2027-01-13", "lots.toml", "gone.toml"}, exitUsage, "Status of 1 deal"},
		{"ics of one", []string{"--as-of", "2027-01-13", "--format", "ics", "lots.toml"}, 0, "BEGIN:VCALENDAR\r\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runIn(t, dir, append([]string{"status"}, tt.args...)...)
			if code != tt.code || !strings.HasPrefix(stdout, tt.stdout) {
				t.Errorf("exit %d, stdout %.60q, stderr %q; want %d, %q", code, stdout, stderr, tt.code, tt.stdout)
			}
		})
	}
}
