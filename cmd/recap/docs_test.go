package main

import (
	"fmt"
	"os"
	"regexp"
	"runtime/debug"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// TestExitStatuses keeps the exit statuses in step: every command's help
// ends with what it exits with, naming only statuses of the table
// (exitStatuses), which DEVELOPERS.md lists as it is.
func TestExitStatuses(t *testing.T) {
	codes := map[int]bool{}
	for _, s := range exitStatuses {
		codes[s.code] = true
	}
	number := regexp.MustCompile(`\b\d+\b`)
	for _, c := range commands() {
		_, para, ok := strings.Cut(c.help, "Exit status:")
		if !ok {
			t.Errorf("recap %s: its help does not say its exit status", c.name)
			continue
		}
		if strings.Contains(strings.TrimSpace(para), "\n\n") {
			t.Errorf("recap %s: the exit status is not the help's last paragraph", c.name)
		}
		for _, n := range number.FindAllString(para, -1) {
			if code, _ := strconv.Atoi(n); !codes[code] && !strings.Contains(para, n+"d") {
				t.Errorf("recap %s: exit status %s is not one of recap's (exitStatuses)", c.name, n)
			}
		}
	}
	dev, err := os.ReadFile("../../DEVELOPERS.md")
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range exitStatuses {
		if row := fmt.Sprintf("| %d | %s |", s.code, s.meaning); !strings.Contains(string(dev), row) {
			t.Errorf("DEVELOPERS.md does not list %q", row)
		}
	}
}

// TestHelpWidth: every command's help is wrapped for an 80-column
// terminal, as the manual page made from it is.
func TestHelpWidth(t *testing.T) {
	for _, c := range commands() {
		for i, line := range strings.Split(c.help, "\n") {
			if n := utf8.RuneCountInString(line); n > 79 {
				t.Errorf("recap %s: help line %d is %d characters: %q", c.name, i, n, line)
			}
		}
	}
}

// TestFlagChoices: the values a completion offers for a flag are those
// its command's synopsis lists.
func TestFlagChoices(t *testing.T) {
	for _, tt := range []struct{ cmd, flag, want string }{
		{"build", "paper", "a4 letter"},
		{"build", "format", "md pdf html ics"},
		{"build", "esign", "docusign adobe dropbox"},
		{"check", "format", "text json sarif github"},
		{"status", "format", "text md json ics"},
		{"build", "template", ""},
	} {
		c, _ := lookup(tt.cmd)
		var got string
		for _, f := range flagDocs(c) {
			if f.name == tt.flag {
				got = strings.Join(f.choices, " ")
			}
		}
		if got != tt.want {
			t.Errorf("recap %s --%s: %q, want %q", tt.cmd, tt.flag, got, tt.want)
		}
	}
}

// TestIdentity: what recap calls itself, which PDFs record and verify
// compares: a release's version, else the module's, else the commit of a
// build from git, marked when its tree was modified.
func TestIdentity(t *testing.T) {
	vcs := func(modified string) *debug.BuildInfo {
		return &debug.BuildInfo{Main: debug.Module{Version: "(devel)"}, Settings: []debug.BuildSetting{
			{Key: "vcs.revision", Value: "564b757a1c2e9f0d1c2b3a4f5e6d7c8b9a0f1e2d"}, {Key: "vcs.time", Value: "2026-12-07T17:31:11Z"}, {Key: "vcs.modified", Value: modified}}}
	}
	for _, tt := range []struct {
		name, release string
		bi            *debug.BuildInfo
		want          string
	}{
		{"release", "v1.2.0", vcs("false"), "v1.2.0"},
		{"go install MODULE@VERSION", "", &debug.BuildInfo{Main: debug.Module{Version: "v1.1.0"}}, "v1.1.0"},
		{"from git", "", vcs("false"), "(devel) 564b757a1c2e"},
		{"from a modified tree", "", vcs("true"), "(devel) 564b757a1c2e+modified"},
		{"no build info", "", nil, "(devel)"},
	} {
		if got := identity(tt.release, tt.bi); got != tt.want {
			t.Errorf("%s: %q, want %q", tt.name, got, tt.want)
		}
	}
	if got := buildDetails(vcs("true")); !strings.HasPrefix(got, "commit 564b757a1c2e9f0d1c2b3a4f5e6d7c8b9a0f1e2d (2026-12-07T17:31:11Z), modified, ") {
		t.Errorf("details %q", got)
	}
}
