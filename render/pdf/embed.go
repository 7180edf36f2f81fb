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
// document drew in, as the entries of the /Font resources naming them.
func writeFonts(w *writer, res *pdfDict, used *[numStyles]faceUse, extras []*extraFace) {
	for s := range style(numStyles) {
		if used[s].glyphs != nil {
			res.Ref(string(appendFontName(nil, s)[1:]), writeType0(w, faces[s].name, fonts[s](), &used[s]))
		}
	}
	for i, e := range extras {
		res.Ref(string(appendChoice(nil, fontChoice{extra: i + 1})[1:]), writeType0(w, e.f.name, e.f.emb, &e.use))
	}
}

// writeType0 writes one embedded TrueType face as a Type0 font and returns
// its object: the font, its CID font, ToUnicode map, descriptor and font
// file.
func writeType0(w *writer, base string, f embedded, use *faceUse) int {
	order, gidMap := subsetOrder(use.glyphs)
	name := subsetTag(use.text) + "+" + base
	file, held := f.subset(order)
	fd := f.descriptor()
	font, cid, toUni, desc, ff, set := w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc(), w.alloc()
	gidMapObj := 0
	if gidMap != nil {
		gidMapObj = w.alloc()
		w.stream(gidMapObj, nil, gidMap)
	}
	w.dict(font, func(d *pdfDict) {
		d.Name("Type", "Font")
		d.Name("Subtype", "Type0")
		d.Name("BaseFont", name)
		d.Name("Encoding", "Identity-H")
		d.Refs("DescendantFonts", []int{cid})
		d.Ref("ToUnicode", toUni)
	})
	w.dict(cid, func(d *pdfDict) {
		d.Name("Type", "Font")
		d.Name("Subtype", "CIDFontType2")
		d.Name("BaseFont", name)
		info := d.Dict("CIDSystemInfo")
		info.ASCII("Registry", "Adobe")
		info.ASCII("Ordering", "Identity")
		info.Int("Supplement", 0)
		d.Set(info.end())
		d.Ref("FontDescriptor", desc)
		d.Int("DW", fd.missing)
		// The widths from CID 1 on: 1 [w1 w2 …].
		ws := d.Array("W")
		ws.Int(1)
		run := ws.Array()
		for c, g := range use.glyphs[1:] {
			w := f.glyphWidth(g)
			if use.zero[c+1] {
				w = 0
			}
			run.Int(w)
		}
		ws.Set(run.end())
		d.Set(ws.end())
		if gidMapObj != 0 {
			d.Ref("CIDToGIDMap", gidMapObj)
		} else {
			d.Name("CIDToGIDMap", "Identity")
		}
	})
	w.stream(toUni, nil, toUnicode(use.text))
	w.dict(desc, func(d *pdfDict) {
		d.Name("Type", "FontDescriptor")
		d.Name("FontName", name)
		d.Int("Flags", fd.flags)
		d.Ints("FontBBox", fd.bbox[:]...)
		d.Num("ItalicAngle", fd.italicAngle)
		d.Int("Ascent", fd.ascent)
		d.Int("Descent", fd.descent)
		d.Int("CapHeight", fd.capHeight)
		d.Int("StemV", fd.stemV)
		d.Int("MissingWidth", fd.missing)
		d.Ref("FontFile2", ff)
		d.Ref("CIDSet", set)
	})
	// The CIDs the font program holds: those drawn, and with the identity
	// map every glyph of the subset, the components of composite glyphs
	// too (PDF/A-3, 6.2.11.4.2).
	present := len(use.glyphs)
	if gidMap == nil {
		present = max(present, held)
	}
	w.rawStream(set, nil, cidSet(present)) // a few bytes: not worth compressing
	w.stream(ff, func(d *pdfDict) { d.Int("Length1", len(file)) }, file)
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
// stands for none (a glyph of a cluster whose characters its other glyphs
// name, inside marked content that says the cluster's text) maps to
// nothing.
func toUnicode(text []string) []byte {
	var b bytes.Buffer
	b.WriteString("/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n" +
		"/CIDSystemInfo <</Registry (Adobe) /Ordering (UCS) /Supplement 0>> def\n" +
		"/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n" +
		"1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n")
	// Every CID is named, a glyph that stands for no character of its own
	// (the second glyph of a conjunct, of Thai ำ) as nothing: a reader
	// then reads nothing for it (pdfminer wrote "(cid:3)" where the entry
	// was missing).
	var cids []int
	for c := 1; c < len(text); c++ {
		cids = append(cids, c)
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
	return append(b, upperHex[n>>12&15], upperHex[n>>8&15], upperHex[n>>4&15], upperHex[n&15])
}
