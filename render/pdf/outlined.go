package pdf

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"

	"github.com/recaptool/recap/internal/shape"
)

// Some clusters cannot be read back glyph by glyph. Readers that take
// text in the order it is drawn (MuPDF, pdfminer, pdf.js) read a
// Devanagari vowel sign drawn before its consonant (नि is drawn ि न)
// first; read a space after a mark drawn left of where the next letter
// starts (कु मार); read U+FFFD for a glyph that stands for no character
// (MuPDF: the second glyph of Thai ำ); and pdf.js does not advance past
// a glyph whose text holds a combining mark (a conjunct such as प्र), so
// that it later reads a space that is not there.
//
// Such a cluster is drawn as the outlines of its glyphs, exactly where
// shaping put them, and its text is written in the order it was written,
// on glyphs that draw nothing, over the cluster's width: each letter on
// an equal part of it (the font's space glyph, scaled horizontally to
// that part), each combining mark on a glyph of no width (the font's
// zero width space, or a joiner, where it draws nothing). (Invisible
// text, render mode 3, MuPDF does not read.) Selecting the cluster
// selects that text; every reader reads it as written.

// maxOutlined is the most glyphs of a cluster drawn as outlines: more
// than a written syllable has (a Devanagari one has up to 6).
const maxOutlined = 16

// carrier is one piece of a cluster's text, drawn invisible.
type carrier struct {
	glyph uint16
	text  string
	w     float64 // the width it covers, in font units; 0 for a mark
	face  *face   // where not the cluster's: a glyph of no width from another face
}

// outlined returns the carriers of the cluster glyphs[i:j] of r, if it is
// drawn as outlines, or nil if its glyphs read back as they are (or it
// holds more glyphs than a cluster of real text does): each names text
// (texts, as glyphTexts gives them), together the cluster's in the order
// they are drawn (from the right in right-to-left text), a glyph with
// width holds no combining mark, and a glyph without width stands within
// a tenth of an em of where it is drawn from and does not follow another.
// A right-to-left cluster with a mark is always outlined: pdf.js reads a
// letter and its mark as one piece of right-to-left text, and reverses
// it, and pdfminer reads a mark set high or low on a line of its own. A
// cluster holding the empty box (glyph 0) is never outlined: what counts
// the boxes drawn must see it.
func (r *run) outlined(i, j int, texts []string, runes []rune, pens []float64, rtl bool) []carrier {
	f := r.face
	g0 := r.glyphs[i]
	if g0.Start < 0 || g0.End > len(runes) || g0.Start >= g0.End {
		return nil
	}
	text := runes[g0.Start:g0.End]
	if j-i > maxOutlined {
		return nil
	}
	legible := !rtl || !slices.ContainsFunc(text, isMn)
	joined := make([]rune, 0, len(text))
	for n := i; n < j && legible; n++ {
		k, prev := n, n-1 // in the order drawn
		if rtl {
			k, prev = i+j-1-n, i+j-n
		}
		g := r.glyphs[k]
		if g.ID == 0 {
			return nil
		}
		t := texts[k]
		if t == "" {
			legible = false
			break
		}
		joined = append(joined, []rune(t)...)
		zero := g.Advance == 0 || f.emb.glyphWidth(g.ID) == 0
		if zero && n > i && (r.glyphs[prev].Advance == 0 || f.emb.glyphWidth(r.glyphs[prev].ID) == 0) {
			legible = false // pdfminer breaks the line between two glyphs of no width
		}
		if !zero {
			legible = legible && !strings.ContainsFunc(t, isMn)
		} else if math.Abs(float64(g.XOffset)) > float64(f.sf.Upem())/10 {
			legible = false
		}
	}
	if legible && string(joined) == string(text) {
		return nil
	}
	for _, g := range r.glyphs[i:j] {
		if g.ID == 0 {
			return nil
		}
	}
	return r.carriers(text, pens[j]-pens[i], rtl)
}

func isMn(r rune) bool { return unicode.Is(unicode.Mn, r) }

// carriers splits a cluster's text, of width w (font units), into the
// pieces drawn invisible: nil if the face lacks what they need, or the
// cluster is too narrow to carry them. In right-to-left text each mark is
// a piece of its own, on a space (which has width, so that pdfminer
// keeps two in a row on one line): pdf.js reverses two Hebrew marks it
// reads as one piece.
func (r *run) carriers(text []rune, w float64, rtl bool) []carrier {
	f := r.face
	space, ok := f.sf.Glyph(' ')
	if !ok || f.emb.glyphWidth(space) == 0 {
		return nil
	}
	letters := 0
	for _, c := range text {
		if !isMn(c) {
			letters++
		}
	}
	if letters == 0 {
		return []carrier{{glyph: space, text: string(text), w: w}}
	}
	part := w / float64(letters)
	if scale := part / f.pdfAdvance(space); scale < 0.1 || scale > 10 {
		return nil // scaled so far that a reader no longer sees text of this size
	}
	var out []carrier
	lead := "" // marks before the first letter
	var blankFace *face
	blank, looked, found := uint16(0), false, false
	for _, c := range text {
		if !isMn(c) {
			out = append(out, carrier{glyph: space, text: lead + string(c), w: part})
			lead = ""
			continue
		}
		if rtl {
			out = append(out, carrier{glyph: space, text: string(c)})
			continue
		}
		if !looked {
			blankFace, blank, found = blankOf(f)
			if blankFace == f {
				blankFace = nil
			}
			looked = true
		}
		if found {
			if n := len(out); n > 0 && out[n-1].w == 0 {
				out[n-1].text += string(c) // one glyph of no width after another: pdfminer breaks the line there
			} else {
				out = append(out, carrier{glyph: blank, text: string(c), face: blankFace})
			}
			continue
		}
		if len(out) == 0 {
			lead += string(c)
			continue
		}
		out[len(out)-1].text += string(c)
	}
	return out
}

// blankOf returns a glyph that has no width and draws nothing: face f's,
// or else Noto Sans's (Noto Sans Hebrew has none).
func blankOf(f *face) (*face, uint16, bool) {
	if g, ok := f.blank(); ok {
		return f, g, true
	}
	n := notoFaces[0]()
	g, ok := n.blank()
	return n, g, ok
}

// blank returns a glyph of the face that has no width and draws nothing.
func (f *face) blank() (uint16, bool) {
	for _, r := range []rune{0x200B, 0x200C, 0x200D, 0xFEFF, 0x2060} {
		if g, ok := f.sf.Glyph(r); ok && f.emb.glyphWidth(g) == 0 && len(f.sf.Outline(g)) == 0 {
			return g, true
		}
	}
	return 0, false
}

// walkOutline gives a glyph's outline as moves, lines and cubic curves:
// quadratic curves become the cubic curves PDF draws, exactly.
func walkOutline(segs []shape.Segment, f func(op byte, pts ...[2]float64)) {
	var cur [2]float64
	pt := func(p [2]float32) [2]float64 { return [2]float64{float64(p[0]), float64(p[1])} }
	for _, s := range segs {
		switch s.Op {
		case 'M', 'L':
			cur = pt(s.Pts[0])
			f(s.Op, cur)
		case 'Q':
			c, end := pt(s.Pts[0]), pt(s.Pts[1])
			c1 := [2]float64{cur[0] + 2.0/3*(c[0]-cur[0]), cur[1] + 2.0/3*(c[1]-cur[1])}
			c2 := [2]float64{end[0] + 2.0/3*(c[0]-end[0]), end[1] + 2.0/3*(c[1]-end[1])}
			cur = end
			f('C', c1, c2, end)
		case 'C':
			cur = pt(s.Pts[2])
			f('C', pt(s.Pts[0]), pt(s.Pts[1]), cur)
		}
	}
}

// glyphKey is a glyph of a face, drawn as its outline.
type glyphKey struct {
	f *face
	g uint16
}

// glyphForm returns the number of the form XObject that fills glyph g of
// face f, in font units, drawn once for the document however often its
// clusters use it.
func (d *doc) glyphForm(f *face, g uint16) int {
	k := glyphKey{f, g}
	if i, ok := d.glyphFormAt[k]; ok {
		return i
	}
	if d.glyphFormAt == nil {
		d.glyphFormAt = map[glyphKey]int{}
	}
	d.glyphForms = append(d.glyphForms, k)
	d.glyphFormAt[k] = len(d.glyphForms)
	return len(d.glyphForms)
}

// appendGlyphForm writes the resource name of glyph form i.
func appendGlyphForm(b []byte, i int) []byte { return strconv.AppendInt(append(b, 'G'), int64(i), 10) }

// writeGlyphForm writes a glyph's outline as a form XObject, in font
// units, its box the font's.
func writeGlyphForm(w *writer, n int, k glyphKey) {
	upem := float64(k.f.sf.Upem())
	w.stream(n, func(d *pdfDict) {
		d.Name("Type", "XObject")
		d.Name("Subtype", "Form")
		box := d.Array("BBox")
		for _, v := range []float64{-2 * upem, -2 * upem, 3 * upem, 3 * upem} {
			box.Fixed(v)
		}
		d.Set(box.end())
		res := d.Dict("Resources")
		d.Set(res.end())
	}, appendOutline(nil, k.f.sf.Outline(k.g)))
}

// appendOutline writes a glyph's outline as a filled path, in font units.
func appendOutline(b []byte, segs []shape.Segment) []byte {
	walkOutline(segs, func(op byte, pts ...[2]float64) {
		for _, p := range pts {
			b = append(appendNum(append(appendNum(b, p[0]), ' '), p[1]), ' ')
		}
		switch op {
		case 'M':
			b = append(b, "m "...)
		case 'L':
			b = append(b, "l "...)
		case 'C':
			b = append(b, "c "...)
		}
	})
	return append(b, "f"...)
}
