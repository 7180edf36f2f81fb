package pdf

import (
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// Glyph outlines and coverage come from the same Go fonts, parsed once.
var (
	regularFont = parsedFont(goregular.TTF)
	boldFont    = parsedFont(gobold.TTF)
)

func parsedFont(ttf []byte) func() *sfnt.Font {
	return sync.OnceValue(func() *sfnt.Font {
		f, err := sfnt.Parse(ttf)
		if err != nil {
			panic("pdf: parsing an embedded Go font: " + err.Error())
		}
		return f
	})
}

var sfntBuffers = sync.Pool{New: func() any { return new(sfnt.Buffer) }}

// Covered reports whether the PDF's fonts can draw r; a rune they lack
// prints as an empty box. (The faces share their coverage.) Line breaks and
// tabs count as covered.
func Covered(r rune) bool {
	if r == '\n' || r == '\t' {
		return true
	}
	b := sfntBuffers.Get().(*sfnt.Buffer)
	defer sfntBuffers.Put(b)
	g, err := regularFont().GlyphIndex(b, r)
	return err == nil && g != 0
}
