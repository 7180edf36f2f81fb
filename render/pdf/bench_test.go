package pdf

import (
	"bytes"
	"os"
	"testing"

	"github.com/recaptool/recap/internal/shape"
)

// cjkCollection is where Debian's fonts-noto-cjk puts its collection.
const cjkCollection = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

// BenchmarkOpenCJK is the one-off cost of a CJK face, as a FontSet pays
// it the first time a document needs one: reading the collection (20 MB)
// and its directories, names and character maps, then opening one face
// whole (its CFF outlines and layout tables).
func BenchmarkOpenCJK(b *testing.B) {
	if _, err := os.Stat(cjkCollection); err != nil {
		b.Skip("no " + cjkCollection)
	}
	for b.Loop() {
		data, err := os.ReadFile(cjkCollection)
		if err != nil {
			b.Fatal(err)
		}
		fs, err := shape.Parse(bytes.NewReader(data))
		if err != nil || fs[0].Open() != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkNoto is the one-off cost of the Noto fonts recap embeds, paid
// by the first document whose text the Go fonts do not cover: inflating
// the eleven and reading their directories and character maps.
func BenchmarkNoto(b *testing.B) {
	for b.Loop() {
		for _, n := range notoFonts {
			loadEmbedded(n.file, false)
		}
	}
}

// BenchmarkShape measures shaping and drawing a paragraph in each script
// recap shapes, once its faces are open.
func BenchmarkShape(b *testing.B) {
	md := []byte(mixedScripts)
	render(b, string(md), Options{Fonts: testFonts})
	for b.Loop() {
		if _, err := Render(md, Options{Fonts: testFonts}); err != nil {
			b.Fatal(err)
		}
	}
}
