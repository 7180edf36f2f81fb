package pdf

// Covered reports whether the PDF's fonts can draw r; a rune they lack
// prints as an empty box. (The faces share their coverage.) Line breaks and
// tabs count as covered.
func Covered(r rune) bool {
	if r == '\n' || r == '\t' {
		return true
	}
	return fonts[0]().glyph(r) != 0
}
