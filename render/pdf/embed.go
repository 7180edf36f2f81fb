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

// writeFonts writes the fonts of the styles used, and the other faces the
// document drew in, and returns the /Font resource entries naming them.
func writeFonts(w *writer, used *[numStyles]faceUse, extras []*extraFace) (resources []byte) {
	for s := range style(numStyles) {
		if used[s].glyphs != nil {
			resources = fmt.Appendf(appendFontName(resources, s), " %d 0 R\n", writeType0(w, faces[s].name, fonts[s](), &used[s]))
		}
	}
	for i, e := range extras {
		resources = fmt.Appendf(appendChoice(resources, fontChoice{extra: i + 1}), " %d 0 R\n", writeType0(w, e.f.name, e.f.emb, &e.use))
	}
	return resources
}

// writeType0 writes one embedded TrueType face as a Type0 font and returns
// its object: the font, its CID font, ToUnicode map, descriptor and font
// file.
func writeType0(w *writer, base string, f embedded, use *faceUse) int {
	widths := []byte("1 [")
	for c, g := range use.glyphs[1:] {
		if c > 0 {
			widths = append(widths, ' ')
		}
		w := f.glyphWidth(g)
		if use.zero[c+1] {
			w = 0
		}
		widths = strconv.AppendInt(widths, int64(w), 10)
	}
	widths = append(widths, ']')
	order, gidMap := subsetOrder(use.glyphs)
	name := subsetTag(use.text) + "+" + base
	file := f.subset(order)
	fd := f.descriptor()
	font, cid, toUni, desc, ff, set := w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()
	mapRef := "/Identity"
	if gidMap != nil {
		n := w.alloc()
		w.stream(n, "", gidMap)
		mapRef = fmt.Sprintf("%d 0 R", n)
	}
	w.objf(font, "<</Type /Font /Subtype /Type0 /BaseFont /%s /Encoding /Identity-H /DescendantFonts [%d 0 R] /ToUnicode %d 0 R>>",
		name, cid, toUni)
	w.objf(cid, "<</Type /Font /Subtype /CIDFontType2 /BaseFont /%s /CIDSystemInfo <</Registry (Adobe) /Ordering (Identity) /Supplement 0>> /FontDescriptor %d 0 R /DW %d /W [%s] /CIDToGIDMap %s>>",
		name, desc, fd.missing, widths, mapRef)
	w.stream(toUni, "", toUnicode(use.text))
	w.objf(desc, "<</Type /FontDescriptor /FontName /%s /Flags %d /FontBBox [%d %d %d %d] /ItalicAngle %s /Ascent %d /Descent %d /CapHeight %d /StemV %d /MissingWidth %d /FontFile2 %d 0 R /CIDSet %d 0 R>>",
		name, fd.flags, fd.bbox[0], fd.bbox[1], fd.bbox[2], fd.bbox[3], strconv.FormatFloat(fd.italicAngle, 'f', -1, 64),
		fd.ascent, fd.descent, fd.capHeight, fd.stemV, fd.missing, ff, set)
	w.rawStream(set, "", cidSet(len(use.glyphs))) // a few bytes: not worth compressing
	w.stream(ff, " /Length1 "+strconv.Itoa(len(file)), file)
	return font
}

// cidSet says which CIDs the subset holds, a bit each from CID 0: all of
// the first n. PDF/A-1 asks for it; later parts accept it where it is right.
func cidSet(n int) []byte {
	b := bytes.Repeat([]byte{0xFF}, (n+7)/8)
	if r := n % 8; r != 0 {
		b[len(b)-1] = 0xFF << (8 - r)
	}
	return b
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
func subsetTag(text []string) string {
	h := sha256.New()
	for _, t := range text {
		if t == "" {
			h.Write([]byte{0, 0})
		}
		for _, r := range t {
			h.Write([]byte{byte(r >> 8), byte(r)})
		}
	}
	sum := h.Sum(nil)
	tag := make([]byte, 6)
	for i := range tag {
		tag[i] = 'A' + sum[i]%26
	}
	return string(tag)
}

// toUnicode maps each CID, from 1, to the text it stands for; a CID that
// stands for none (a glyph inside marked content that says its text) has
// no entry.
func toUnicode(text []string) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	var cids []int
	for c := 1; c < len(text); c++ {
		if text[c] != "" {
			cids = append(cids, c)
		}
	}
	var line []byte
	for first := 0; first < len(cids); first += 100 { // at most 100 entries per section
		last := min(len(cids), first+100)
		fmt.Fprintf(&b, "%d beginbfchar\n", last-first)
		for _, c := range cids[first:last] {
			line = appendHex4(append(line[:0], '<'), c)
			line = appendUTF16Hex(append(line, "> <"...), text[c])
			b.Write(append(line, ">\n"...))
		}
		b.WriteString("endbfchar\n")
	}
	b.WriteString("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend")
	return b.Bytes()
}

// appendUTF16Hex writes s as UTF-16BE hex digits.
func appendUTF16Hex(b []byte, s string) []byte {
	for _, r := range s {
		if r >= 0x10000 { // a surrogate pair
			r1, r2 := utf16.EncodeRune(r)
			b = appendHex4(appendHex4(b, int(r1)), int(r2))
			continue
		}
		b = appendHex4(b, int(r))
	}
	return b
}

// appendHex4 appends the last four hex digits of n.
func appendHex4(b []byte, n int) []byte {
	return append(b, hexDigits[n>>12&15], hexDigits[n>>8&15], hexDigits[n>>4&15], hexDigits[n&15])
}
