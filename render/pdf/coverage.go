package pdf

import (
	"sync"

	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/sfnt"
)

// boldFont has the outlines the watermark is drawn with, parsed once.
var boldFont = sync.OnceValue(func() *sfnt.Font {
	f, err := sfnt.Parse(gobold.TTF)
	if err != nil {
		panic("pdf: parsing an embedded Go font: " + err.Error())
	}
	return f
})

// Covered reports whether the PDF's fonts can draw r; a rune they lack
// prints as an empty box. (The faces share their coverage.) Line breaks and
// tabs count as covered.
func Covered(r rune) bool {
	if r == '\n' || r == '\t' {
		return true
	}
	return fonts[0]().glyph(r) != 0
}
