// Package golden compares test output with files under testdata, and
// rewrites them when tests run with -update.
package golden

import (
	"bytes"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/txtar"
)

// Check compares got with the file at path, or writes got there if update.
func Check(t testing.TB, path string, got []byte, update bool) {
	t.Helper()
	if update {
		if err := os.WriteFile(path, got, 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Errorf("%s differs (go test -update to accept):\n%s", path, FirstDiff(want, got))
	}
}

// FirstDiff shows the first line where want and got differ.
func FirstDiff(want, got []byte) string {
	w, g := strings.Split(string(want), "\n"), strings.Split(string(got), "\n")
	for i := range max(len(w), len(g)) {
		var wl, gl string
		if i < len(w) {
			wl = w[i]
		}
		if i < len(g) {
			gl = g[i]
		}
		if wl != gl {
			return "line " + strconv.Itoa(i+1) + ":\n-want " + wl + "\n+got  " + gl
		}
	}
	return "(same lines)"
}

// Section returns the data of the named file in a txtar archive, or nil.
func Section(ar *txtar.Archive, name string) []byte {
	for _, f := range ar.Files {
		if f.Name == name {
			return f.Data
		}
	}
	return nil
}

// SetSection sets the named file of a txtar archive, adding it if needed.
func SetSection(ar *txtar.Archive, name, data string) {
	for i := range ar.Files {
		if ar.Files[i].Name == name {
			ar.Files[i].Data = []byte(data)
			return
		}
	}
	ar.Files = append(ar.Files, txtar.File{Name: name, Data: []byte(data)})
}

// NotesCorpus returns the notes files the tests keep: the notes of every
// rule's test case under schema/testdata/check, then the examples. root is
// the repository's root, relative to the calling test's package.
func NotesCorpus(tb testing.TB, root string) [][]byte {
	tb.Helper()
	var files [][]byte
	cases, _ := filepath.Glob(filepath.Join(root, "schema/testdata/check/*.txtar"))
	for _, c := range cases {
		ar, err := txtar.ParseFile(c)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, Section(ar, "notes.toml"))
	}
	examples, _ := filepath.Glob(filepath.Join(root, "examples/*.toml"))
	for _, e := range examples {
		b, err := os.ReadFile(e)
		if err != nil {
			tb.Fatal(err)
		}
		files = append(files, b)
	}
	if len(cases) == 0 || len(examples) == 0 {
		tb.Fatalf("no notes files under %s", root)
	}
	return files
}
