package schema

import (
	"bytes"
	"slices"
	"testing"

	gold "github.com/recaptool/recap/internal/golden"
)

// FuzzLoad checks that any input gives diagnostics, never a panic, and that
// they are deterministic, sorted and positioned inside the file.
func FuzzLoad(f *testing.F) {
	for _, src := range gold.NotesCorpus(f, "..") {
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		n, diags := Load("f.toml", src)
		_, again := Load("f.toml", src)
		if !slices.Equal(diags, again) {
			t.Fatalf("not deterministic:\n%v\n%v", diags, again)
		}
		lines := bytes.Count(src, []byte("\n")) + 1
		for i, d := range diags {
			if d.Line < 1 || d.Line > lines || d.Col < 1 {
				t.Errorf("diagnostic outside the file (%d lines): %v", lines, d)
			}
			if i > 0 && d.Pos.Less(diags[i-1].Pos) {
				t.Errorf("not sorted: %v before %v", diags[i-1], d)
			}
		}
		if diags.Errors() == 0 && n == nil {
			t.Errorf("no errors but no notes")
		}
		if diags.Errors() == 0 {
			checkShared(t, n)
		}
	})
}

// checkShared: the shared notes of valid notes are valid notes too, and
// their own shared notes are the same bytes.
func checkShared(t *testing.T, n *Notes) {
	t.Helper()
	shared := SharedNotes(n)
	again, diags := Load("shared.toml", shared)
	if diags.Errors() > 0 {
		t.Fatalf("the shared notes have errors:\n%v\n%s", diags, shared)
	}
	if twice := SharedNotes(again); !bytes.Equal(twice, shared) {
		t.Fatalf("the shared notes of the shared notes differ:\n%s\n---\n%s", shared, twice)
	}
}

func TestSharedCorpus(t *testing.T) {
	checked := 0
	for _, src := range gold.NotesCorpus(t, "..") {
		if n, diags := Load("c.toml", src); diags.Errors() == 0 {
			checkShared(t, n)
			checked++
		}
	}
	if checked < 8 {
		t.Errorf("only %d valid notes files in the corpus", checked)
	}
}

// FuzzPrintable: the quick pass finds something exactly when the pass that
// reports does.
func FuzzPrintable(f *testing.F) {
	for _, s := range []string{"plain", "tab\tnew\nline", "bell\x07", "a\u202Eb", "ship 📦", "中文", "del\x7f", "\u0085"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := &checker{file: "f.toml", pos: newPositions(nil), bad: map[string]bool{}, opt: Options{Printable: func(r rune) bool { return r < 0x3000 }}}
		c.checkString(s, "/summary")
		if c.printable(s) != (len(c.diags) == 0) {
			t.Fatalf("printable(%q) = %v, but checkString reports %v", s, c.printable(s), c.diags)
		}
	})
}
