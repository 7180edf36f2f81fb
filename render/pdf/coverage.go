package pdf

import "sync"

// Covered reports whether the Go fonts or the Noto fonts recap embeds can
// draw r; a rune no font has prints as an empty box. Line breaks, tabs
// and the invisible isolates count as covered.
func Covered(r rune) bool {
	switch {
	case r == '\n' || r == '\t' || r == 0x2068 || r == 0x2069:
		return true
	case r < 0x20 || r >= 0x7F && r < 0xA0:
		return false
	}
	if fonts[0]().glyph(r) != 0 {
		return true
	}
	one := [1]rune{r}
	return firstCovering(notoChain(), one[:]) != nil
}

// notoChain is the embedded Noto fonts, in order, made once: Covered,
// which check asks of every character of the notes, allocated it per
// character (216 MB for 1 MB of Chinese).
var notoChain = sync.OnceValue(func() []candidate {
	var chain []candidate
	for i, n := range notoFonts {
		chain = append(chain, candidate{n.scripts, notoFaces[i]})
	}
	return chain
})

// Covered reports whether a font of the document's chain can draw r: the
// Go fonts, the embedded Noto fonts, or one of the set's.
func (s *FontSet) Covered(r rune) bool {
	return Covered(r) || s != nil && s.covered(r)
}
