package main

import (
	"bytes"
	"context"
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
	err := run(context.Background(), args, &out, &errb)
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
