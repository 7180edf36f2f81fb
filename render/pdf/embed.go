package pdf

import (
	"bytes"
	"crypto/sha256"
	"fmt"
	"strconv"
	"unicode/utf16"
)

// This package embeds its fonts itself. (fpdf parses a whole font and
// hashes its 65,536-entry width table as JSON for every face of every
// document: most of the time of a short recap went there.) Each face is
// parsed once per process (fonts.go), and a document embeds, per face it
// used, a subset holding only the glyphs its text needs, numbered as its
// CIDs (see text_ops.go).

// appendFontName writes the name of style s's font in page resources.
func appendFontName(b []byte, s style) []byte {
	return strconv.AppendInt(append(b, "/F"...), int64(s), 10)
}

// writeFonts writes the fonts of the styles used and returns the /Font
// resource entries naming them.
func writeFonts(w *writer, used *[numStyles]faceUse) (resources []byte) {
	for s := range style(numStyles) {
		if used[s].glyphs != nil {
			resources = fmt.Appendf(appendFontName(resources, s), " %d 0 R\n", writeFace(w, s, &used[s]))
		}
	}
	return resources
}

// writeFace writes one embedded face as a Type0 font and returns its
// object: the font, its CID font, ToUnicode map, descriptor and font file.
func writeFace(w *writer, s style, use *faceUse) int {
	f := fonts[s]()
	widths := []byte("1 [")
	for c, g := range use.glyphs[1:] {
		if c > 0 {
			widths = append(widths, ' ')
		}
		widths = strconv.AppendInt(widths, int64(f.widths[g]), 10)
	}
	widths = append(widths, ']')
	order, gidMap := subsetOrder(use.glyphs)
	name := subsetTag(use.text) + "+" + faces[s].name
	file := f.subset(order)
	font, cid, toUni, desc, ff := w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()
	mapRef := "/Identity"
	if gidMap != nil {
		n := w.alloc()
		w.stream(n, "", gidMap)
		mapRef = fmt.Sprintf("%d 0 R", n)
	}
	w.objf(font, "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		name, cid, toUni)
	w.objf(cid, "<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap %s>>",
		name, desc, f.missing, widths, mapRef)
	w.stream(toUni, "", toUnicode(use.text))
	w.objf(desc, "<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>",
		name, f.flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], strconv.FormatFloat(f.italicAngle, 'f', -1, 64),
		f.ascent, f.descent, f.capHeight, f.stemV, f.missing, ff)
	w.stream(ff, " /Length1 "+strconv.Itoa(len(file)), file)
	return font
}

// subsetOrder returns the font's glyphs a subset holds, .notdef first and
// then in the order the CIDs first draw them, and, unless CID k draws
// glyph k of the subset for every k, the CIDToGIDMap saying which it does.
func subsetOrder(glyphs []uint16) (order []uint16, gidMap []byte) {
	at := make(map[uint16]uint16, len(glyphs))
	identity := true
	m := make([]byte, 0, 2*len(glyphs))
	for c, g := range glyphs {
		k, ok := at[g]
		if !ok {
			k = uint16(len(order))
			at[g] = k
			order = append(order, g)
		}
		identity = identity && int(k) == c
		m = append(m, byte(k>>8), byte(k))
	}
	if identity {
		return order, nil
	}
	return order, m
}

// subsetTag names a subset by the characters of its CIDs, as PDF asks:
// six capital letters.
func subsetTag(text []rune) string {
	h := sha256.New()
	for _, r := range text {
		h.Write([]byte{byte(r >> 8), byte(r)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// toUnicode maps each CID, from 1, to the character it stands for.
func toUnicode(text []rune) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var line []byte
	for first := 1; first < len(text); first += 100 { // at most 100 entries per section
		last := min(len(text), first+100)
		fmt.Fprintf(&b, "%d beginbfchar\n", last-first)
		for c := first; c < last; c++ {
			line := appendHex4(append(appendHex4(append(line[:0], '<'), c), "> <"...), int(text[c]))
			if text[c] >= 0x10000 { // a surrogate pair
				r1, r2 := utf16.EncodeRune(text[c])
				line = appendHex4(appendHex4(line[:len(line)-4], int(r1)), int(r2))
			}
			b.Write(append(line, ">\n"...))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// appendHex4 appends the last four hex digits of n.
func appendHex4(b []byte, n int) []byte {
	return append(b, hexDigits[n>>12&15], hexDigits[n>>8&15], hexDigits[n>>4&15], hexDigits[n&15])
}
