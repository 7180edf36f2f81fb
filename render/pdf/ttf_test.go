package pdf

import (
	"bytes"
	"reflect"
	"testing"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// glyphOutline loads glyph g of font f as segments.
func glyphOutline(t *testing.T, f *sfnt.Font, g sfnt.GlyphIndex) sfnt.Segments {
	t.Helper()
	var buf sfnt.Buffer
	segs, err := f.LoadGlyph(&buf, g, fixed.I(int(f.UnitsPerEm())), nil)
	if err != nil {
		t.Fatalf("glyph %d: %v", g, err)
	}
	return append(sfnt.Segments(nil), segs...)
}

func TestSubsetKeepsUsedGlyphs(t *testing.T) {
	for s := range style(numStyles) {
		t.Run(faces[s].name, func(t *testing.T) {
			f := fonts[s]()
			orig, err := sfnt.Parse(faces[s].ttf)
			if err != nil {
				t.Fatal(err)
			}
			const used = "Aé"
			var glyphs []uint16
			for _, r := range used {
				glyphs = append(glyphs, f.glyph(r))
			}
			sub, err := sfnt.Parse(f.subset(glyphs))
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			if sub.NumGlyphs() != orig.NumGlyphs() {
				t.Errorf("subset has %d glyphs, want the original's %d (ids are kept)", sub.NumGlyphs(), orig.NumGlyphs())
			}
			for _, r := range used + "\x00" {
				g := sfnt.GlyphIndex(f.glyph(r))
				if got, want := glyphOutline(t, sub, g), glyphOutline(t, orig, g); !reflect.DeepEqual(got, want) {
					t.Errorf("%q: outline differs from the original's", r)
				}
			}
			if got := glyphOutline(t, sub, sfnt.GlyphIndex(f.glyph('Z'))); len(got) != 0 {
				t.Errorf("Z is not used but its outline was kept: %d segments", len(got))
			}
			if len(f.subset(glyphs)) >= len(faces[s].ttf)/2 {
				t.Errorf("subset is %d bytes of the font's %d", len(f.subset(glyphs)), len(faces[s].ttf))
			}
		})
	}
}

// TestWidthsMatchFont checks the width table against the font read by
// another parser, for every rune the font maps.
func TestWidthsMatchFont(t *testing.T) {
	f := fonts[bold]()
	orig, err := sfnt.Parse(faces[bold].ttf)
	if err != nil {
		t.Fatal(err)
	}
	var buf sfnt.Buffer
	mapped := 0
	for r := rune(0); r < 0xFFFF; r++ {
		g, err := orig.GlyphIndex(&buf, r)
		if err != nil {
			t.Fatal(err)
		}
		if uint16(g) != f.glyph(r) {
			t.Fatalf("%U: glyph %d, sfnt says %d", r, f.glyph(r), g)
		}
		if g == 0 {
			if f.width(r) != f.missing {
				t.Errorf("%U: unmapped rune has width %d, want the missing width %d", r, f.width(r), f.missing)
			}
			continue
		}
		mapped++
		adv, err := orig.GlyphAdvance(&buf, g, fixed.I(int(orig.UnitsPerEm())), 0)
		if err != nil {
			t.Fatal(err)
		}
		if want := int(float64(adv)/64*1000/float64(orig.UnitsPerEm()) + 0.5); f.width(r) != want {
			t.Errorf("%U: width %d, want %d", r, f.width(r), want)
		}
	}
	if mapped < 500 {
		t.Errorf("only %d runes mapped", mapped)
	}
}

// TestSubsetFollowsComposites uses a made-up glyf table, as the Go fonts
// have no composite glyphs: glyph 1 is built from glyphs 2 (word
// arguments, one scale) and 3 (byte arguments, a 2x2 matrix); glyph 4 is
// unused.
func TestSubsetFollowsComposites(t *testing.T) {
	simple := func(tag byte) []byte { return []byte{0, 1, 0, 0, 0, 0, 0, 9, 0, 9, tag, tag} }
	composite := []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 9, 0, 9,
		0x00, 0x29, 0, 2, 0, 1, 0, 1, 0x40, 0x00, // words, a scale, more
		0x00, 0x80, 0, 3, 1, 1, 0x40, 0, 0, 0, 0, 0, 0x40, 0, // bytes, 2x2
	}
	glyphs := [][]byte{simple(0xA0), composite, simple(0xA2), simple(0xA3), simple(0xA4)}
	f := &ttFont{numGlyphs: len(glyphs), longLoca: true, tables: map[string][]byte{"post": make([]byte, 32)}}
	for _, g := range glyphs {
		f.loca = append(f.loca, uint32(len(f.tables["glyf"])))
		f.tables["glyf"] = append(f.tables["glyf"], g...)
	}
	f.loca = append(f.loca, uint32(len(f.tables["glyf"])))
	if got := f.components(1); !reflect.DeepEqual(got, []uint16{2, 3}) {
		t.Fatalf("components of glyph 1: %v, want [2 3]", got)
	}
	sub := f.subset([]uint16{1})
	for g, want := range []bool{true, true, true, true, false} {
		kept := bytes.Contains(sub, glyphs[g])
		if kept != want {
			t.Errorf("glyph %d kept: %v, want %v", g, kept, want)
		}
	}
}

func FuzzParseTTF(f *testing.F) {
	f.Add(faces[0].ttf)
	f.Add(faces[0].ttf[:2000])
	f.Add(bytes.Repeat([]byte{0xFF}, 64))
	f.Fuzz(func(t *testing.T, b []byte) {
		font, err := parseTTF(b)
		if err != nil {
			return
		}
		font.width('A')
		font.subset([]uint16{font.glyph('A'), font.glyph('é')})
	})
}
