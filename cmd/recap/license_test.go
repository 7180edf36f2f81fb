package main

import (
	"bytes"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/golden"
	"github.com/recaptool/recap/internal/needs"
)

// TestLicenses keeps licenses/ what a binary of recap must carry: the
// licence of every module compiled into it, as the module has it, and
// those of the fonts it embeds (the Go fonts', Liberation's, Noto's). A
// module added to the build without its licence here fails; -update
// copies them in.
func TestLicenses(t *testing.T) {
	goTool := needs.Tool(t, "go")
	out, err := exec.Command(goTool, "list", "-deps", "-f", "{{with .Module}}{{if not .Main}}{{.Path}}\t{{.Dir}}{{end}}{{end}}", ".").Output()
	if err != nil {
		t.Fatalf("go list: %v", err)
	}
	want := map[string][]byte{}
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		path, dir, ok := strings.Cut(line, "\t")
		if !ok || want[licenseFile(path)] != nil {
			continue
		}
		text := moduleLicense(t, dir)
		want[licenseFile(path)] = text
		switch path {
		case "golang.org/x/image":
			want["fonts-go.txt"] = read(t, filepath.Join(dir, "font/gofont/ttfs/README"))
		case "github.com/go-fonts/liberation":
			want["fonts-liberation.txt"] = read(t, filepath.Join(dir, "LICENSE-SIL"))
		}
	}
	want["fonts-noto.txt"] = read(t, "../../render/pdf/fonts/OFL.txt")
	want["fonts-liberation-sans.txt"] = read(t, "../../render/pdf/fonts/LIBERATION-OFL.txt")
	if len(want) < 12 {
		t.Fatalf("only %d licences found: %v", len(want), slices.Sorted(maps.Keys(want)))
	}
	dir := "../../licenses"
	if *update {
		os.RemoveAll(dir)
		if err := os.MkdirAll(dir, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	for name, text := range want {
		golden.Check(t, filepath.Join(dir, name), text, *update)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if want[e.Name()] == nil {
			t.Errorf("licenses/%s is of nothing recap is built from (go test -update removes it)", e.Name())
		}
	}
}

// licenseFile names a module's licence in licenses/: its path, slashes as
// underscores.
func licenseFile(module string) string {
	return strings.ReplaceAll(module, "/", "_") + ".txt"
}

// moduleLicense is a module's licence: its LICENSE, or COPYING, file.
func moduleLicense(t *testing.T, dir string) []byte {
	t.Helper()
	for _, name := range []string{"LICENSE", "LICENSE.txt", "LICENSE.md", "COPYING"} {
		if b, err := os.ReadFile(filepath.Join(dir, name)); err == nil {
			return b
		}
	}
	t.Fatalf("no licence in %s", dir)
	return nil
}

func read(t *testing.T, path string) []byte {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return bytes.ReplaceAll(b, []byte("\r\n"), []byte("\n"))
}
