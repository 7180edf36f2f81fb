package main

import (
	"fmt"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
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
