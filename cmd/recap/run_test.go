package main

import (
	"bytes"
	"context"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// runIn runs recap with args in dir and returns its output and exit status.
func runIn(t *testing.T, dir string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	err := run(context.Background(), args, nil, &out, &errb)
	code = exitCode(err, &errb)
	return out.String(), errb.String(), code
}

func TestCheckHostileFiles(t *testing.T) {
	tests := []struct {
		name   string
		data   []byte
		code   int
		stdout string
	}{
		{"binary", []byte{0x89, 'P', 'N', 'G', 0, 0xff, 0xfe, 1, 2}, 1, "f.toml:1:1: error: file is not valid UTF-8 text (is it a notes file?)\n"},
		{"invalid utf8 late", []byte("title = \"a\"\n# caf\xe9\n"), 1, "f.toml:2:6: error: file is not valid UTF-8 text (is it a notes file?)\n"},
		{"nul bytes", []byte("title = \"a\x00\"\n"), 1, "f.toml:1:10: error: TOML files cannot contain control characters"},
		{"too large", bytes.Repeat([]byte("#\n"), 4<<20+1), 1, "f.toml:1:1: error: file is larger than 8 MiB, the limit for notes files (is it a notes file?)\n"},
		{"deep nesting", []byte("x = " + strings.Repeat("[", 1000000) + strings.Repeat("]", 1000000) + "\n"), 1, "f.toml:1:69: error: tables and arrays nest more than 64 levels deep here (each part of a dotted key is a level)\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			if err := os.WriteFile(filepath.Join(dir, "f.toml"), tt.data, 0o644); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code := runIn(t, dir, "check", "f.toml")
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.HasPrefix(stdout, tt.stdout) {
				t.Errorf("stdout = %q, want prefix %q", stdout, tt.stdout)
			}
		})
	}
}

// TestTerminalEscapes: what a notes file or a PDF says prints as escapes
// where it would steer the terminal: an escape sequence that hides text,
// a carriage return that overwrites a line, a bidi override.
func TestTerminalEscapes(t *testing.T) {
	dir := t.TempDir()
	src, err := os.ReadFile("../../examples/supply.toml")
	if err != nil {
		t.Fatal(err)
	}
	evil := `x\u001b[8my\rverified\u202e` // in TOML: ESC, CR, RLO
	notes := strings.Replace(string(src), `owner = "ana"`, `owner = "`+evil+`"`, 1)
	name := "deal\x1b[8m.toml"
	if err := os.WriteFile(filepath.Join(dir, name), []byte(notes), 0o644); err != nil {
		t.Fatal(err)
	}
	// check: the file name and the message quoting the text.
	stdout, _, code := runIn(t, dir, "check", name)
	if code != 1 || strings.ContainsAny(stdout, "\x1b\r\u202e") || !strings.Contains(stdout, `deal\x1b[8m.toml:`) {
		t.Errorf("check printed %q (exit %d)", stdout, code)
	}
	// status: names and texts of a valid file.
	valid := strings.Replace(string(src), `"Ship the first`, `"Ship `+evil+` the first`, 1)
	if err := os.WriteFile(filepath.Join(dir, name), []byte(valid), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, format := range []string{"text", "md"} {
		stdout, _, code = runIn(t, dir, "status", "--as-of", "2027-06-01", "--format", format, name)
		if code != 0 || strings.ContainsAny(stdout, "\x1b\r\u202e") || !strings.Contains(stdout, `x1b`) { // in Markdown, \x1b\[8m
			t.Errorf("status --format %s printed %q (exit %d)", format, stdout, code)
		}
	}
	// verify: the name of the file a brief embeds, from the PDF.
	if _, stderr, code := runIn(t, dir, "brief", name); code != 0 {
		t.Fatalf("brief: %s", stderr)
	}
	stdout, _, code = runIn(t, dir, "verify", "deal\x1b[8m.brief.pdf")
	if code != 0 || strings.ContainsAny(stdout, "\x1b\r") || !strings.Contains(stdout, `from the embedded deal\x1b[8m.toml`) {
		t.Errorf("verify printed %q (exit %d)", stdout, code)
	}
}

// TestUsageNamesEveryFlag: each command's usage line names every flag it
// takes ("[build flags]" standing for build's).
func TestUsageNamesEveryFlag(t *testing.T) {
	build, _ := lookup("build")
	for _, cmd := range commands() {
		usage := strings.ReplaceAll(cmd.args, "[build flags]", build.args)
		newFlagSet(cmd, cmd.new()).VisitAll(func(f *flag.Flag) {
			if !strings.Contains(usage, "-"+f.Name+" ") && !strings.Contains(usage, "-"+f.Name+"]") {
				t.Errorf("recap %s %s: no -%s", cmd.name, cmd.args, f.Name)
			}
		})
	}
}

// TestExitConditions: a condition the user asked to fail on exits 3, and
// says what it is on standard error: anything overdue (status
// --fail-overdue), a change that weakens our position (diff
// --fail-on-weakened); without it, 0.
func TestExitConditions(t *testing.T) {
	examples, err := filepath.Abs("../../examples")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	supply, err := os.ReadFile(filepath.Join(examples, "supply.toml"))
	if err != nil {
		t.Fatal(err)
	}
	weaker := strings.Replace(string(supply), `if     = "po"                 # if Contoso issues the purchase order, then we ship`, "if     = \"signing\"\ngo_first = \"a trial\"", 1)
	if err := os.WriteFile(filepath.Join(dir, "weaker.toml"), []byte(weaker), 0o644); err != nil {
		t.Fatal(err)
	}
	ft := filepath.Join(examples, "follow-through.toml")
	sup := filepath.Join(examples, "supply.toml")
	tests := []struct {
		name   string
		args   []string
		code   int
		stdout string // a line it holds
		stderr string
	}{
		{"overdue", []string{"status", "--as-of", "2026-12-02", "--fail-overdue", ft}, 3, "", "recap: 1 action overdue\n"},
		{"nothing overdue", []string{"status", "--as-of", "2026-12-01", "--fail-overdue", ft}, 0, "", ""},
		{"weakened", []string{"diff", "--fail-on-weakened", sup, "weaker.toml"}, 3, "the step “Ship the first 5,000 units to the Hamburg warehouse”: no longer waits for the step “Issue a purchase order for the first 5,000 units”\n",
			"recap: 2 changes weaken our position:\n  the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): no longer waits for the step “Issue a purchase order for the first 5,000 units” (po)\n  the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): why we move first added: \"a trial\"\n"},
		{"weakened, marked in the brief", []string{"diff", "--brief", sup, "weaker.toml"}, 0, "weakened: the step “Ship the first 5,000 units to the Hamburg warehouse” (ship): no longer waits for the step “Issue a purchase order for the first 5,000 units” (po)\n", ""},
		{"not weakened", []string{"diff", "--fail-on-weakened", sup, sup}, 0, "", ""},
		{"weakened, said on stderr", []string{"diff", sup, "weaker.toml"}, 0, "no longer waits for", "recap: 2 changes weaken our position; recap diff --brief marks them\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdout, stderr, code := runIn(t, dir, tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, stderr)
			}
			if !strings.Contains(stdout, tt.stdout) {
				t.Errorf("stdout %q lacks %q", stdout, tt.stdout)
			}
			if stderr != tt.stderr {
				t.Errorf("stderr %q, want %q", stderr, tt.stderr)
			}
		})
	}
}
