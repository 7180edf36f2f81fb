package pdf

import (
	"bytes"
	"encoding/binary"
	"golang.org/x/image/font/gofont/goregular"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

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
			order := []uint16{0}
			for _, r := range "Aé€" {
				order = append(order, f.glyph(r))
			}
			file, _ := f.subset(order)
			sub, err := sfnt.Parse(file)
			if err != nil {
				t.Fatalf("subset does not parse: %v", err)
			}
			if sub.NumGlyphs() < len(order) || sub.NumGlyphs() > len(order)+4 {
				t.Errorf("subset has %d glyphs for %d asked (and their components)", sub.NumGlyphs(), len(order))
			}
			var buf sfnt.Buffer
			for k, g := range order {
				if got, want := glyphOutline(t, sub, sfnt.GlyphIndex(k)), glyphOutline(t, orig, sfnt.GlyphIndex(g)); !reflect.DeepEqual(got, want) {
					t.Errorf("glyph %d: outline differs from the font's glyph %d", k, g)
				}
				got, err1 := sub.GlyphAdvance(&buf, sfnt.GlyphIndex(k), 1000, 0)
				want, err2 := orig.GlyphAdvance(&buf, sfnt.GlyphIndex(g), 1000, 0)
				if err1 != nil || err2 != nil || got != want {
					t.Errorf("glyph %d: advance %v, the font's glyph %d %v (%v %v)", k, got, g, want, err1, err2)
				}
			}
			if len(file) >= len(faces[s].ttf)/4 {
				t.Errorf("subset is %d bytes of the font's %d", len(file), len(faces[s].ttf))
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

// TestSubsetFollowsComposites: a composite glyph brings the glyphs it is
// built from into the subset, renumbered, and its references follow; the
// glyphs not asked for stay out.
func TestSubsetFollowsComposites(t *testing.T) {
	simple := func(tag byte) []byte { return []byte{0, 1, 0, 0, 0, 0, 0, 9, 0, 9, tag, tag} }
	composite := func(a, b byte) []byte {
		return []byte{0xFF, 0xFF, 0, 0, 0, 0, 0, 9, 0, 9,
			0x00, 0x29, 0, a, 0, 1, 0, 1, 0x40, 0x00, // words, a scale, more
			0x00, 0x80, 0, b, 1, 1, 0x40, 0, 0, 0, 0, 0, 0x40, 0, // bytes, 2x2
		}
	}
	glyphs := [][]byte{simple(0xA0), simple(0xA1), simple(0xA2), simple(0xA3), composite(3, 1)}
	hhea := make([]byte, 36)
	hhea[35] = byte(len(glyphs)) // numberOfHMetrics
	f := &ttFont{numGlyphs: len(glyphs), longLoca: true, tables: map[string][]byte{
		"post": make([]byte, 32), "maxp": make([]byte, 6), "hhea": hhea, "head": make([]byte, 54),
	}}
	f.tables["head"][19], f.tables["head"][51] = 100, 1 // units per em; long offsets
	for g, data := range glyphs {
		f.loca = append(f.loca, uint32(len(f.tables["glyf"])))
		f.tables["glyf"] = append(f.tables["glyf"], data...)
		f.tables["hmtx"] = append(f.tables["hmtx"], 0, byte(10*g), 0, 0)
	}
	f.loca = append(f.loca, uint32(len(f.tables["glyf"])))
	if got := f.components(4); !reflect.DeepEqual(got, []uint16{3, 1}) {
		t.Fatalf("components of glyph 4: %v, want [3 1]", got)
	}
	file, _ := f.subset([]uint16{0, 4})
	sub, err := parseTTF(file)
	if err != nil {
		t.Fatal(err)
	}
	// New glyphs: 0, 4 as 1, then its components 3 as 2 and 1 as 3.
	if sub.numGlyphs != 4 {
		t.Fatalf("subset has %d glyphs, want 4", sub.numGlyphs)
	}
	if got := sub.components(1); !reflect.DeepEqual(got, []uint16{2, 3}) {
		t.Errorf("the composite's components in the subset: %v, want [2 3]", got)
	}
	for k, g := range []int{0, 4, 3, 1} {
		if want := uint16(100 * g); sub.widths[k] != want { // advance 10g of 100 units per em
			t.Errorf("glyph %d: width %d, want glyph %d's %d", k, sub.widths[k], g, want)
		}
	}
	for _, g := range []int{2} {
		if bytes.Contains(sub.tables["glyf"], glyphs[g]) {
			t.Errorf("glyph %d is not used but was kept", g)
		}
	}
}

// FuzzParseTTF feeds any bytes to the font parser: it never panics, and a
// font it accepts subsets into a font it accepts again, whose glyph k has
// the width and the outline of the glyph asked for in place k.
func FuzzParseTTF(f *testing.F) {
	f.Add(faces[0].ttf)
	f.Add(faces[mono].ttf[:3000])
	f.Add(bytes.Repeat([]byte{0xFF}, 64))
	f.Add([]byte("\x00\x01\x00\x00\x00\x08\x00\x80\x00\x03\x00\x00cmap\x00\x00\x00\x00"))
	f.Add([]byte("OTTO not a TrueType font"))
	f.Fuzz(func(t *testing.T, b []byte) {
		font, err := parseTTF(b)
		if err != nil {
			return
		}
		order := []uint16{0}
		for _, r := range "Aé Ж✓\uFFFF" {
			g := font.glyph(r)
			if int(g) >= font.numGlyphs {
				t.Fatalf("glyph %d of %U is out of range (%d glyphs)", g, r, font.numGlyphs)
			}
			order = append(order, g)
		}
		file, _ := font.subset(order)
		sub, err := parseTTF(file)
		if err != nil {
			t.Fatalf("the subset does not parse: %v", err)
		}
		if sub.numGlyphs < len(order) {
			t.Fatalf("subset has %d glyphs for %d asked", sub.numGlyphs, len(order))
		}
		for k, g := range order {
			if sub.widths[k] != font.widths[g] {
				t.Fatalf("glyph %d: width %d, the font's glyph %d %d", k, sub.widths[k], g, font.widths[g])
			}
			got := sub.tables["glyf"][sub.loca[k]:sub.loca[k+1]]
			want := font.tables["glyf"][font.loca[g]:font.loca[g+1]]
			if len(font.components(g)) == 0 && !bytes.Equal(bytes.TrimRight(got, "\x00"), bytes.TrimRight(want, "\x00")) {
				t.Fatalf("glyph %d: outline differs from the font's glyph %d", k, g)
			}
		}
	})
}

// TestHostileFonts: a font whose table directory claims more than the file
// holds (4 GiB for a table of a small file: go-text would allocate it),
// and one that is not a font, are skipped and named; the set still works.
func TestHostileFonts(t *testing.T) {
	bomb := slices.Clone(goregular.TTF)
	binary.BigEndian.PutUint32(bomb[12+12:], 0xFFFFFFF0) // the first table's length
	set := NewFontSet(FontDir{Name: "fonts", FS: fstest.MapFS{
		"bomb.ttf":    {Data: bomb},
		"garbage.ttf": {Data: []byte("not a font at all, though named as one")},
	}})
	if set.Covered('北') {
		t.Error("a hostile font covers 北")
	}
	got := strings.Join(set.Skipped(), "\n")
	for _, want := range []string{"fonts/bomb.ttf: shape: the font's table directory points outside the file", "fonts/garbage.ttf: "} {
		if !strings.Contains(got, want) {
			t.Errorf("skipped %q, want %q", got, want)
		}
	}
}

// TestCIDSetCoversComponents: a subset of a TrueType face holds the
// glyphs composite glyphs are built from, after the glyphs drawn; with
// the identity CIDToGIDMap their CIDs are in the font program, so the
// CIDSet must list them too (PDF/A-3, 6.2.11.4.2).
func TestCIDSetCoversComponents(t *testing.T) {
	f := tagFace().tt // Liberation Sans builds accented letters of parts
	var composite rune
	for r := rune(0xC0); r < 0x250 && composite == 0; r++ {
		if g := f.glyph(r); g != 0 && len(f.components(g)) > 0 {
			composite = r
		}
	}
	if composite == 0 {
		t.Fatal("no composite glyph in Liberation Sans's Latin")
	}
	order := []uint16{0, f.glyph(composite)}
	file, _ := f.subset(order)
	sub, err := parseTTF(file)
	if err != nil {
		t.Fatal(err)
	}
	n := sub.numGlyphs
	if n <= len(order) {
		t.Fatalf("the subset of %q has %d glyphs, no more than the %d drawn", composite, n, len(order))
	}
	// As a document embeds it: the CIDSet it writes lists every glyph.
	use := &faceUse{}
	use.cid(composite, f.glyph(composite))
	w := newWriter(0)
	writeType0(w, "Test", f, use)
	out := w.buf.Bytes()
	m := regexp.MustCompile(`/CIDSet (\d+) 0 R`).FindSubmatch(out)
	if m == nil {
		t.Fatal("no CIDSet")
	}
	i := bytes.Index(out, []byte("\n"+string(m[1])+" 0 obj\n"))
	j := i + bytes.Index(out[i:], []byte("stream\n")) + len("stream\n")
	set := out[j : j+(n+7)/8]
	for cid := range n {
		if set[cid/8]&(0x80>>(cid%8)) == 0 {
			t.Errorf("CID %d of the %d glyphs of the subset is not in the CIDSet", cid, n)
		}
	}
}
