package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
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

// TestStatusRevisions: a folder that keeps a deal's older revision beside
// the newer (as examples/ does) reports the newest only, in every format,
// whatever the order of the files; the older is listed as skipped and
// counts nowhere, neither in the lines nor in the track record, and does
// not change the exit status. Two files of the same revision are both
// reported: nothing tells which is current.
func TestStatusRevisions(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/follow-through.toml")
	if err != nil {
		t.Fatal(err)
	}
	older := bytes.Replace(src, []byte("revision = 3"), []byte("revision = 2"), 1)
	older = bytes.Replace(older, []byte("done  = 2026-12-03"), []byte(""), 1) // what revision 3 records came later
	for name, data := range map[string][]byte{"a-rev2.toml": older, "b-rev3.toml": src, "z-rev2.toml": older} {
		if err := os.WriteFile(filepath.Join(dir, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	one, _, code := runIn(t, dir, "status", "--as-of", "2026-12-19", "b-rev3.toml", "./b-rev3.toml") // the report of many deals, of one
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	stdout, stderr, code := runIn(t, dir, "status", "--as-of", "2026-12-19", ".")
	if code != 0 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	for _, want := range []string{
		"Status of 1 deal as of 19 Dec 2026\n",
		"a-rev2.toml: revision 2 of the same deal as b-rev3.toml (revision 3)\n",
		"z-rev2.toml: revision 2 of the same deal as b-rev3.toml (revision 3)\n",
	} {
		if !strings.Contains(stdout, want) {
			t.Errorf("no %q in\n%s", want, stdout)
		}
	}
	_, track, _ := strings.Cut(stdout, "Track record")
	_, oneTrack, _ := strings.Cut(one, "Track record")
	track, _, _ = strings.Cut(track, "Skipped")
	if strings.TrimSpace(track) != strings.TrimSpace(oneTrack) {
		t.Errorf("track record\n%s\nwant revision 3's alone\n%s", track, oneTrack)
	}
	var report struct {
		Deals   []struct{ File string }
		Skipped []struct{ File, Reason string }
	}
	js, _, _ := runIn(t, dir, "status", "--as-of", "2026-12-19", "--format", "json", ".")
	if err := json.Unmarshal([]byte(js), &report); err != nil {
		t.Fatal(err)
	}
	if len(report.Deals) != 1 || report.Deals[0].File != "b-rev3.toml" || len(report.Skipped) != 2 {
		t.Errorf("json: deals %+v, skipped %+v", report.Deals, report.Skipped)
	}
	ics, _, _ := runIn(t, dir, "status", "--as-of", "2026-12-19", "--format", "ics", "z-rev2.toml", "b-rev3.toml", "a-rev2.toml")
	icsOne, _, _ := runIn(t, dir, "status", "--as-of", "2026-12-19", "--format", "ics", "b-rev3.toml")
	if n, want := strings.Count(ics, "BEGIN:VEVENT"), strings.Count(icsOne, "BEGIN:VEVENT"); n != want || want == 0 {
		t.Errorf("calendar: %d events, want revision 3's %d", n, want)
	}
	if err := os.WriteFile(filepath.Join(dir, "c-rev3.toml"), src, 0o644); err != nil {
		t.Fatal(err)
	}
	if stdout, _, _ := runIn(t, dir, "status", "--as-of", "2026-12-19", "."); !strings.HasPrefix(stdout, "Status of 2 deals") {
		t.Errorf("the same revision twice: %.60q", stdout)
	}
}
