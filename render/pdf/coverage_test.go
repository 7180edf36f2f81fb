package pdf

import (
	"slices"

	"github.com/recaptool/recap/internal/shape"
	"testing"

	"golang.org/x/image/font/sfnt"
)

// TestCoveredMatchesSfnt: whatever the text face has (as
// x/image/font/sfnt reads it) is covered; so is what the embedded Noto
// fonts add, and not what none has.
func TestCoveredMatchesSfnt(t *testing.T) {
	f, _ := sfnt.Parse(faces[0].ttf)
	var b sfnt.Buffer
	for r := rune(0x20); r < 0x10000; r++ {
		if r == '\n' || r == '\t' {
			continue
		}
		g, err := f.GlyphIndex(&b, r)
		if err == nil && g != 0 && !Covered(r) {
			t.Fatalf("Covered(%U) = false, but the text face has it", r)
		}
		if (err != nil || g == 0) && fonts[0]().glyph(r) != 0 {
			t.Fatalf("the text face's glyph(%U) = %d, sfnt says none", r, fonts[0]().glyph(r))
		}
	}
	for _, r := range "ễư₹✓محمדवสุ।📦" {
		if !Covered(r) {
			t.Errorf("Covered(%q) = false: the embedded Noto fonts have it", r)
		}
	}
	for _, r := range "北😀\x01\u0085" {
		if Covered(r) {
			t.Errorf("Covered(%q) = true: no embedded font has it", r)
		}
	}
}

// TestNotoScripts: a Noto font is only tried for the scripts notoFonts
// lists for it; every letter it has must be of one of them, or a run of
// that letter would not find it.
func TestNotoScripts(t *testing.T) {
	for i, n := range notoFonts {
		f := notoFaces[i]()
		missed := map[string]int{}
		for r := rune(0x20); r < 0x30000; r++ {
			if _, ok := f.sf.Glyph(r); !ok {
				continue
			}
			if s := shape.Script(r); !slices.Contains(n.scripts, s) {
				missed[s]++
			}
		}
		// Fonts of one script carry a few letters of others (Noto Sans
		// Arabic has some Latin): the Go fonts and Noto Sans, which come
		// first, have those; characters of no script are tried on every
		// font, after those listed for them.
		for s, count := range missed {
			if s != "Latn" && s != "Grek" && s != "Cyrl" && s != "" && count > 0 {
				t.Errorf("%s has %d letters of %q, which notoFonts does not list", n.file, count, s)
			}
		}
	}
}
