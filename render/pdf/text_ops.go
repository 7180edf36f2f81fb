package pdf

import (
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Text is written as CIDs of two bytes, one per character, numbered in
// the order a document first draws them in a face, and ToUnicode names
// each CID's character, so extraction always gives the text as written.
// The face embedded is a subset of the glyphs drawn, numbered in the same
// order, so that CID k draws glyph k (CIDToGIDMap /Identity), except where
// a character is missing from the font (it draws glyph 0, the empty box)
// or shares its glyph with another: then a CIDToGIDMap says which glyph.

// faceUse records what a document draws in one face.
type faceUse struct {
	cids   [256]*[256]uint16 // by character, in blocks of 256: its CID, or 0
	glyphs []uint16          // by CID: the font's glyph it draws; CID 0 is .notdef
	text   []string          // by CID: the text it stands for; "" for none
	zero   []bool            // by CID: drawn with no advance (marks, invisible characters)
	// shaped gives the CIDs of glyphs that come from shaping: a glyph with
	// the text it stands for, which is not always one character.
	shaped map[glyphText]uint16
}

type glyphText struct {
	glyph uint16
	text  string
	zero  bool
}

// cid returns the CID that draws r, which is glyph g of the font.
func (u *faceUse) cid(r rune, g uint16) uint16 {
	block := u.cids[r>>8&0xFF]
	if block != nil && block[r&0xFF] != 0 && r <= 0xFFFF {
		return block[r&0xFF]
	}
	if r > 0xFFFF {
		return u.glyphCID(g, string(r), false)
	}
	if block == nil {
		block = new([256]uint16)
		u.cids[r>>8&0xFF] = block
	}
	c := u.add(g, string(r), false)
	block[r&0xFF] = c
	return c
}

// glyphCID returns the CID that draws glyph g standing for text, with no
// advance if zero.
func (u *faceUse) glyphCID(g uint16, text string, zero bool) uint16 {
	if r, n := utf8.DecodeRuneInString(text); n == len(text) && r <= 0xFFFF && n > 0 && !zero {
		if block := u.cids[r>>8&0xFF]; block != nil && block[r&0xFF] != 0 && u.glyphs[block[r&0xFF]] == g {
			return block[r&0xFF]
		}
	}
	k := glyphText{g, text, zero}
	if c, ok := u.shaped[k]; ok {
		return c
	}
	if u.shaped == nil {
		u.shaped = map[glyphText]uint16{}
	}
	c := u.add(g, text, zero)
	u.shaped[k] = c
	return c
}

func (u *faceUse) add(g uint16, text string, zero bool) uint16 {
	if u.glyphs == nil {
		u.glyphs, u.text, u.zero = []uint16{0}, []string{""}, []bool{false}
	}
	if len(u.glyphs) == ' ' || len(u.glyphs) == bridgeCID {
		// CID 32 is never drawn: pdfminer adds word spacing to it, as
		// if it were a one-byte space (see leadSpaces). CID 173 is kept
		// for bridges.
		u.glyphs, u.text, u.zero = append(u.glyphs, 0), append(u.text, ""), append(u.zero, false)
	}
	c := uint16(len(u.glyphs))
	u.glyphs = append(u.glyphs, g)
	u.text = append(u.text, text)
	u.zero = append(u.zero, zero)
	return c
}

// bridgeCID draws a bridge (see bridge): a glyph that stands for no text,
// which pdf.js reads as its code, U+00AD, a character it drops.
const bridgeCID = 0xAD

// bridge returns the CID of the bridge, which draws glyph g.
func (u *faceUse) bridge(g uint16) uint16 {
	for len(u.glyphs) <= bridgeCID {
		if u.glyphs == nil {
			u.glyphs, u.text, u.zero = []uint16{0}, []string{""}, []bool{false}
		}
		u.glyphs, u.text, u.zero = append(u.glyphs, 0), append(u.text, ""), append(u.zero, false)
	}
	u.glyphs[bridgeCID] = g
	return bridgeCID
}

// text draws s at x, y (mm, baseline) in the font chosen with setFont,
// and records the glyphs each face must hold (see embed.go).
func (d *doc) text(x, y float64, s string) {
	d.textIn(fonts[d.font.st](), &d.used[d.font.st], x, y, s)
}

// textIn draws s at x, y in font f, whose use by the document is use, at
// the size and under the resource name of d.font.
func (d *doc) textIn(f *ttFont, use *faceUse, x, y float64, s string) {
	d.textAfter(nil, f, use, x, y, s)
}

// textAfter draws s as textIn does, after spaces drawn in its text object
// if lead is not nil (see leadSpaces).
func (d *doc) textAfter(lead *leadSpaces, f *ttFont, use *faceUse, x, y float64, s string) {
	if s == "" {
		return
	}
	d.markContent()
	p := d.content()
	b := *p
	if d.gs.text != d.gs.fill { // text is drawn in the fill colour
		d.gs.fill = d.gs.text
		b = append(appendColor(b, d.gs.fill, "g", "rg"), ' ')
	}
	b = append(b, "BT "...)
	drift, from := 0.0, 0.0 // from: where the spaces end
	if lead != nil {
		r0, _ := utf8.DecodeRuneInString(s)
		first := [2]float64{x, x + float64(f.width(r0))/1000*d.font.size*ptToMM}
		b, from, drift = d.leadSpaces(b, lead, d.font.size, y, first, f.descent)
	}
	b = d.selectFont(b, d.font)
	rest := s
	if lead != nil {
		// The first character from the spaces' end: pdf.js reads it from
		// where the spaces moved it; the rest from where they are.
		r0, n := utf8.DecodeRuneInString(s)
		b = append(b, '[')
		b = strconv.AppendInt(b, int64(math.Round(-(x-from)*mmToPt/d.font.size*1000)), 10)
		b = appendGlyph(append(b, '('), use.cid(r0, f.glyph(r0)))
		b = append(b, ")] TJ "...)
		x += float64(f.width(r0)) / 1000 * d.font.size * ptToMM
		if rest = s[n:]; rest != "" {
			drift = 0
		}
	}
	if rest != "" {
		if lead != nil {
			b = append(b, "1 0 0 1 "...)
		}
		b = appendNum(b, x*mmToPt)
		b = append(b, ' ')
		b = appendNum(b, (d.pageH-y)*mmToPt)
		if lead != nil {
			b = append(b, " Tm ("...)
		} else {
			b = append(b, " Td ("...)
		}
		for _, r := range rest {
			b = appendGlyph(b, use.cid(r, f.glyph(r)))
		}
		b = append(b, ") Tj "...)
	}
	b = append(b, "ET"...)
	*p = append(b, '\n')
	if t := strings.TrimRight(rest, " "); t != "" || lead != nil {
		w := 0
		for _, r := range t {
			w += f.width(r)
		}
		d.jsEnd = x + float64(w)/1000*d.font.size*ptToMM + drift*ptToMM
	}
}

// appendGlyph writes a CID into a literal string: two bytes, each escaped
// where PDF syntax or line-end conversion would change it (half the bytes
// of hex, to write and to compress).
func appendGlyph(b []byte, g uint16) []byte {
	return appendStringByte(appendStringByte(b, byte(g>>8)), byte(g))
}

func appendStringByte(b []byte, c byte) []byte {
	switch c {
	case '(', ')', '\\':
		return append(b, '\\', c)
	case '\r':
		return append(b, '\\', 'r')
	case '\n':
		return append(b, '\\', 'n')
	}
	return append(b, c)
}
