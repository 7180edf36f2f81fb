package schema

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/BurntSushi/toml"
	gold "github.com/recaptool/recap/internal/golden"
)

// wholeDecode is what decode must always equal.
func wholeDecode(src []byte) (string, error) {
	var raw map[string]any
	_, err := toml.Decode(string(src), &raw)
	return fmt.Sprintf("%#v", raw), err // %#v: NaN equals NaN, types show
}

// checkHalves cuts src at every top-level [[table]] line: a join that
// decodeHalves accepts must equal decoding the whole file.
func checkHalves(t *testing.T, src []byte) (cuts, joined int) {
	t.Helper()
	_, tableArrays := outline(src)
	for _, at := range tableArrays {
		if at > 0 {
			cuts++
			if checkCut(t, src, at) {
				joined++
			}
		}
	}
	return cuts, joined
}

// checkCut reports whether decodeHalves joins src cut at at, and fails
// the test if the join differs from decoding the whole file.
func checkCut(t *testing.T, src []byte, at int) bool {
	t.Helper()
	raw, ok := decodeHalves(src, at)
	if !ok {
		return false
	}
	want, err := wholeDecode(src)
	if err != nil {
		t.Fatalf("halves cut at %d decode, the whole file does not: %v", at, err)
	}
	if got := fmt.Sprintf("%#v", raw); got != want {
		t.Fatalf("halves cut at %d decode to\n%s\nthe whole file to\n%s", at, got, want)
	}
	return true
}

func TestDecodeHalves(t *testing.T) {
	tests := []struct {
		name   string
		src    string
		joined bool // whether the cut at the second [[ may be joined
	}{
		{"arrays continue", "title = 'x'\n[[a]]\nk = 1\n[[a]]\nk = 2\n[[b]]\nk = 3\n", true},
		{"sub-table of the cut element", "[[a]]\nk = 1\n[[a]]\n[a.sub]\nk = 2\n", true},
		{"table defined twice", "[t]\nk = 1\n[[a]]\nk = 1\n[[a]]\n[t]\nk = 2\n", false},
		{"sub-table of an earlier table", "[t]\nk = 1\n[[a]]\nk = 1\n[[a]]\n[t.u]\nk = 2\n", false},
		{"sub-array of an earlier array", "[[x]]\nk = 1\n[[a]]\nk = 1\n[[a]]\n[[x.y]]\nk = 2\n", false},
		{"static array then array of tables", "a = [{k = 1}]\n[[b]]\n[[a]]\nk = 2\n", false},
		{"header inside a multi-line string", "s = '''\n[[a]]\n'''\n[[a]]\nk = 1\n[[a]]\nk = 2\n", true},
		{"header inside a multi-line array", "x = [\n[[1]],\n]\n[[a]]\nk = 1\n[[a]]\nk = 2\n", true},
		{"indented header", "[[a]]\nk = 1\n  [[a]]\n  k = 2\n", true},
		{"error in the second half", "[[a]]\nk = 1\n[[a]]\nk = \n", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, tableArrays := outline([]byte(tt.src))
			var cuts []int
			for _, at := range tableArrays {
				if at > 0 {
					cuts = append(cuts, at)
				}
			}
			if len(cuts) == 0 {
				t.Fatalf("no [[table]] line found to cut at in %q", tt.src)
			}
			last := cuts[len(cuts)-1]
			if _, ok := decodeHalves([]byte(tt.src), last); ok != tt.joined {
				t.Errorf("cut at %d (%q): joined %v, want %v", last, tt.src[last:], ok, tt.joined)
			}
			checkHalves(t, []byte(tt.src))
		})
	}
}

// TestDecodeHalvesCorpus cuts every notes file the tests have, and a long
// generated one, at every place.
func TestDecodeHalvesCorpus(t *testing.T) {
	files := append(gold.NotesCorpus(t, ".."), genNotes(60, false))
	cuts, joined := 0, 0
	for _, f := range files {
		c, j := checkHalves(t, f)
		cuts, joined = cuts+c, joined+j
	}
	if joined < cuts/2 {
		t.Errorf("only %d of %d cuts joined: the split would rarely help", joined, cuts)
	}
	t.Logf("%d files, %d cuts, %d joined", len(files), cuts, joined)
}

// FuzzDecodeHalves cuts src at its k-th top-level [[table]] line.
func FuzzDecodeHalves(f *testing.F) {
	for _, s := range []string{"[[a]]\nk = 1\n[[a]]\nk = 2\n", "[t]\n[[a]]\n[[a]]\n[t.u]\n", "x = [\n[[1]],\n]\n[[a]]\n[[a]]\n"} {
		f.Add([]byte(s), uint(1))
	}
	examples, _ := filepath.Glob("../examples/*.toml")
	for i, e := range examples {
		b, _ := os.ReadFile(e)
		f.Add(b, uint(i))
	}
	f.Fuzz(func(t *testing.T, src []byte, k uint) {
		deep, tableArrays := outline(src)
		if deep >= 0 || len(tableArrays) == 0 {
			return
		}
		if at := tableArrays[k%uint(len(tableArrays))]; at > 0 {
			checkCut(t, src, at)
		}
	})
}
