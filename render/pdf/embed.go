package pdf

import (
	"bytes"
	"compress/zlib"
	"crypto/sha256"
	"fmt"
	"math/bits"
	"strconv"
)

// This package embeds its fonts itself instead of through fpdf. fpdf
// parses a whole font and hashes its 65,536-entry width table as JSON for
// every face of every document, then compresses with a fresh zlib writer
// per stream: most of the time of a short recap went there. Here each face
// is parsed once per process (fonts.go), and a document embeds, per face it
// used, a subset holding only the glyphs its text needs.
//
// Text is encoded as fpdf encoded it: Identity-H, two bytes per rune, the
// code being the rune itself (CID = Unicode); CIDToGIDMap turns codes into
// the font's glyphs and ToUnicode turns them back into text for extraction.

// appendFontName writes the name of style s's font in page resources.
func appendFontName(b []byte, s style) []byte {
	return strconv.AppendInt(append(b, "/F"...), int64(s), 10)
}

// fontObjects returns PDF objects for the fonts of the styles used,
// numbered from first, and the /Font resource entries naming them.
func fontObjects(used *[numStyles]runeSet, first int, zw *zlib.Writer) (objs [][]byte, resources []byte) {
	n := first
	for s := range style(numStyles) {
		if used[s].empty() {
			continue
		}
		resources = fmt.Appendf(appendFontName(resources, s), " %d 0 R\n", n)
		face := faceObjects(s, &used[s], n, zw)
		objs = append(objs, face...)
		n += len(face)
	}
	return objs, resources
}

// faceObjects writes the six objects of one embedded face, numbered from n:
// font, CID font, ToUnicode map, descriptor, CIDToGIDMap, font file.
func faceObjects(s style, used *runeSet, n int, zw *zlib.Writer) [][]byte {
	f := fonts[s]()
	runes := used.runes()
	name := subsetTag(runes) + "+" + faces[s].name
	cidToGID := make([]byte, 2*(int(runes[len(runes)-1])+1))
	var glyphs []uint16
	var w []byte
	prev := rune(-2)
	for _, r := range runes {
		g := f.glyph(r)
		if g == 0 {
			continue // drawn as glyph 0, at the default width /DW
		}
		cidToGID[2*r], cidToGID[2*r+1] = byte(g>>8), byte(g)
		glyphs = append(glyphs, g)
		if r != prev+1 {
			if len(w) > 0 {
				w = append(w, "] "...)
			}
			w = fmt.Appendf(w, "%d [", r)
		} else {
			w = append(w, ' ')
		}
		w = strconv.AppendInt(w, int64(f.widths[g]), 10)
		prev = r
	}
	if len(w) > 0 {
		w = append(w, ']')
	}
	file := f.subset(glyphs)
	return [][]byte{
		fmt.Appendf(nil, "%d 0 obj\n<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>\nendobj\n",
			n, name, n+1, n+2),
		fmt.Appendf(nil, "%d 0 obj\n<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap %d 0 R>>\nendobj\n",
			n+1, name, n+3, f.missing, w, n+4),
		streamObject(zw, n+2, "", toUnicode(runes)),
		fmt.Appendf(nil, "%d 0 obj\n<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R>>\nendobj\n",
			n+3, name, f.flags, f.bbox[0], f.bbox[1], f.bbox[2], f.bbox[3], strconv.FormatFloat(f.italicAngle, 'f', -1, 64),
			f.ascent, f.descent, f.capHeight, f.stemV, f.missing, n+5),
		streamObject(zw, n+4, "", cidToGID),
		streamObject(zw, n+5, " /Length1 "+strconv.Itoa(len(file)), file),
	}
}

// subsetTag names a subset by its runes, as PDF asks: six capital letters.
func subsetTag(runes []rune) string {
	h := sha256.New()
	for _, r := range runes {
		h.Write([]byte{byte(r >> 8), byte(r)})
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// toUnicode maps each code back to its rune, by 256-code ranges.
func toUnicode(runes []rune) []byte {
	var blocks []rune
	for _, r := range runes {
		if b := r >> 8; len(blocks) == 0 || blocks[len(blocks)-1] != b {
			blocks = append(blocks, b)
		}
	}
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	for len(blocks) > 0 {
		chunk := blocks[:min(len(blocks), 100)] // at most 100 ranges per section
		blocks = blocks[len(chunk):]
		fmt.Fprintf(&b, "%d beginbfrange\n", len(chunk))
		for _, hi := range chunk {
			fmt.Fprintf(&b, "<%02X00> <%02XFF> <%02X00>\n", hi, hi, hi)
		}
		b.WriteString("endbfrange\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

func (s *runeSet) empty() bool {
	for _, w := range s {
		if w != 0 {
			return false
		}
	}
	return true
}

// runes lists the set's runes in ascending order.
func (s *runeSet) runes() []rune {
	var out []rune
	for i, w := range s {
		for w != 0 {
			b := bits.TrailingZeros64(w)
			out = append(out, rune(i*64+b))
			w &^= 1 << b
		}
	}
	return out
}
