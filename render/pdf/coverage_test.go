package pdf

import (
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

func TestCoveredMatchesSfnt(t *testing.T) {
	f, _ := sfnt.Parse(goregular.TTF)
	var b sfnt.Buffer
	for r := rune(0); r < 0x10000; r++ {
		if r == '\n' || r == '\t' {
			continue
		}
		g, err := f.GlyphIndex(&b, r)
		if want := err == nil && g != 0; Covered(r) != want {
			t.Fatalf("Covered(%U) = %v, sfnt says %v", r, Covered(r), want)
		}
	}
	if Covered(0x1F600) {
		t.Error("a rune above U+FFFF is covered")
	}
}
