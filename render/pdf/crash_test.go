package pdf

import (
	"crypto/sha256"
	"encoding/hex"
	"strings"
	"testing"
	"testing/fstest"
)

// crashingFont is Noto Sans Devanagari (the embedded file, SHA-256
// 79a47036…5070ca9f) with one byte of its GPOS table changed: a feature
// names lookup 46 of 35, and go-text v0.3.5 panics shaping any Devanagari
// text in it ("index out of range [46] with length 35",
// harfbuzz/ot_layout.go:137, otMap.apply): upstream-ready as it is. One
// of 377 such panics in 82,615 random changes to that font's GSUB, GPOS,
// GDEF and cmap tables.
func crashingFont(t *testing.T) []byte {
	t.Helper()
	b, err := gunzip(fontFiles, "fonts/NotoSansDevanagari-Regular.ttf.gz")
	if err != nil {
		t.Fatal(err)
	}
	if sum := sha256.Sum256(b); !strings.HasPrefix(hex.EncodeToString(sum[:]), "79a47036") {
		t.Fatalf("the embedded Devanagari font changed: %x", sum)
	}
	b[184757] = 0x2E // GPOS + 85
	return b
}

// TestShaperCrash: a font of the set that makes go-text's shaper panic is
// skipped, said to be (Skipped names its file and why), and its text
// falls back to the set's next font that has it, else to the Go font; the
// set never offers it again.
func TestShaperCrash(t *testing.T) {
	good, err := gunzip(fontFiles, "fonts/NotoSansDevanagari-Regular.ttf.gz")
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name   string
		files  fstest.MapFS
		within string // the face the text falls back to: "" for the Go font
	}{
		{"alone", fstest.MapFS{"bad.ttf": {Data: crashingFont(t)}}, ""},
		{"with another", fstest.MapFS{"bad.ttf": {Data: crashingFont(t)}, "good.ttf": {Data: good}}, "fonts/good.ttf"},
	} {
		t.Run(c.name, func(t *testing.T) {
			set := NewFontSet(FontDir{Name: "fonts", FS: c.files})
			text := []rune("राजेश कुमार")
			e := newEnv(Options{Fonts: set})
			f := e.find(text, style(0), "hi")
			if f == nil || f.file != "fonts/bad.ttf" {
				t.Fatalf("the set offers %v first, want bad.ttf", f)
			}
			r := e.shape(text, f, style(0), 0, 10, "hi")
			switch {
			case r.face == nil:
				t.Fatal("no face")
			case c.within == "" && !r.face.goFace, c.within != "" && r.face.file != c.within:
				t.Errorf("shaped in %s, want %q", r.face.file, c.within)
			}
			if r.w <= 0 || len(r.glyphs) == 0 {
				t.Error("the fallback draws nothing")
			}
			skipped := set.Skipped()
			if len(skipped) != 1 || !strings.HasPrefix(skipped[0], "fonts/bad.ttf: ") || !strings.Contains(skipped[0], "crashed its shaper") {
				t.Errorf("Skipped() = %q", skipped)
			}
			if g := set.find(text, style(0), "hi"); g != nil && g.file == "fonts/bad.ttf" {
				t.Error("the set still offers the font that crashed")
			}
		})
	}
}
