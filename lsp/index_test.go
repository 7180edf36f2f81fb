package lsp

import (
	"os"
	"testing"
)

// FuzzIndex: whatever the text, as typed and half typed, the index is
// made, every span lies in the text, and asking what stands at a key or a
// value neither panics nor names an entity that is not given in it.
func FuzzIndex(f *testing.F) {
	for _, name := range []string{"supply.toml", "three-party.toml", "follow-through.toml"} {
		src, err := os.ReadFile("../examples/" + name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte(small))
	f.Add([]byte("[[party]]\nid = \"a\"\n  [[party.person]]\n  id = \"b\"\n  authority = { confirmed_by = \"b\" }\n[[action]]\nif = [\"x\", 'y', \"\"\"z\"\"\"]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		if len(src) > 1<<16 {
			return
		}
		ix := newIndex(src)
		in := func(s span) bool { return 0 <= s.Start && s.Start <= s.End && s.End <= len(src) }
		for _, n := range ix.nodes {
			if !in(n.key) || !in(n.value) {
				t.Fatalf("node %q spans %v %v of %d bytes", n.path, n.key, n.value, len(src))
			}
			if n.isStr && n.value.End > n.value.Start && !in(n.inside(src)) {
				t.Fatalf("node %q: inside %v", n.path, n.inside(src))
			}
		}
		// At every key and value, its edges and its middle: where an
		// editor asks.
		var offs []int
		for _, n := range ix.nodes {
			offs = append(offs, n.key.Start, n.key.End, n.value.Start, (n.value.Start+n.value.End)/2, n.value.End)
		}
		for _, off := range offs {
			if e, ok := ix.entityAt(off); ok {
				if e.def == nil || !in(e.def.value) {
					t.Fatalf("entity %+v at %d has no definition in the text", e, off)
				}
				_ = ix.uses(e)
				_ = ix.describe(e)
			}
		}
		// The outline: each entry within the text, its selection in
		// its range, its people in it.
		t8 := newText(src, true)
		var check func([]DocumentSymbol, *Range)
		check = func(syms []DocumentSymbol, outer *Range) {
			before := func(a, b Position) bool { return a.Line < b.Line || a.Line == b.Line && a.Character <= b.Character }
			for _, s := range syms {
				if !before(s.Range.Start, s.Range.End) || !before(s.Range.Start, s.SelectionRange.Start) || !before(s.SelectionRange.End, s.Range.End) {
					t.Fatalf("symbol %q: range %v, selection %v", s.Name, s.Range, s.SelectionRange)
				}
				if outer != nil && (!before(outer.Start, s.Range.Start) || !before(s.Range.End, outer.End)) {
					t.Fatalf("symbol %q %v outside its parent's %v", s.Name, s.Range, *outer)
				}
				check(s.Children, &s.Range)
			}
		}
		check(ix.outline(t8), nil)
	})
}
