package pdf

import (
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/shape"
)

// extraFace is a face other than the Go fonts that a document draws in.
type extraFace struct {
	f   *face
	use faceUse
}

// extraOf returns the document's use of face f, numbered in order of first
// use; a Go face is the style's own use.
func (d *doc) extraOf(f *face) int {
	if i, ok := d.extraAt[f]; ok {
		return i
	}
	if d.extraAt == nil {
		d.extraAt = map[*face]int{}
	}
	d.extras = append(d.extras, &extraFace{f: f})
	d.extraAt[f] = len(d.extras)
	return len(d.extras)
}

// visual is a run placed on its line.
type visual struct {
	r     *run
	st    style
	link  string
	group int // runs of a level above 0, in one stretch, share a group from 1
	at    int // its place in the order written
}

// drawRuns draws a line holding shaped text: its runs placed in bidi order
// (the reordering of UAX #9, rule L2) from x, and drawn in the order they
// were written, a right-to-left run's glyphs from its right end: what
// reads text in the order it is drawn (MuPDF, pdfminer) reads it as
// written, and what reads it by position (Poppler) reorders it as it does
// any right-to-left text. A stretch of another language than the
// document's says it (/Lang). (Drawn in visual order, marked
// /ReversedChars, right-to-left text read backwards in MuPDF and
// pdfminer; an /ActualText over each stretch made Poppler read it
// backwards.)
func (d *doc) drawRuns(l line, x, base, size float64, color [3]int) {
	d.markContent()
	n := 0
	for _, f := range l.frags {
		n += max(len(f.runs), 1)
	}
	runs := make([]visual, 0, n)
	group := 0
	for _, f := range l.frags {
		if f.runs == nil {
			runs = append(runs, visual{r: &run{text: f.text, w: f.w}, st: f.st, link: f.link})
			continue
		}
		for i := range f.runs {
			f.runs[i].whole()
			runs = append(runs, visual{r: &f.runs[i], st: f.st, link: f.link})
		}
	}
	for i := range runs {
		if runs[i].r.level > 0 {
			if i == 0 || runs[i-1].r.level == 0 {
				group++
			}
			runs[i].group = group
		}
	}
	// Placed in visual order, drawn in the order written: what reads text
	// in the order it is drawn reads it as written.
	for i := range runs {
		runs[i].at = i
	}
	shown := slices.Clone(runs)
	reorder(shown)
	xs := make([]float64, len(runs)) // by run in the order written: where it is placed
	for _, v := range shown {
		xs[v.at] = x
		x += v.r.w
	}
	open := 0
	var lead *leadSpaces // spaces drawn with the run after them
	var last [2]float64  // where the last character drawn stands (mm)
	lastBelow := 0       // the descent of its font
	drawn := false
	for i, v := range runs {
		if v.group != open { // open: the stretch whose language is said
			if open != 0 {
				d.endMarked()
				open = 0
			}
			if lang := d.langOf(v.r); v.group != 0 && lang != "" {
				d.beginMarked("", lang)
				open = v.group
			}
		}
		if v.link != "" {
			d.setColor(20, 70, 160)
		} else {
			d.setColor(color[0], color[1], color[2])
		}
		r := v.r
		if r.level > 0 {
			r = spacesLike(r, runs, i, size)
		}
		if spacesBefore(r, runs, i) {
			lead = &leadSpaces{r: r, x: xs[i], st: v.st}
			continue
		}
		next, below := r.firstBox(xs[i], size), r.descent(v.st)
		if lead != nil {
			next, below = lead.r.firstBox(lead.x, size), lead.r.descent(lead.st)
		}
		if drawn && (math.Max(next[0], last[0])-math.Min(next[1], last[1]) > size*ptToMM/4 || abs(below-lastBelow) > 300) {
			d.bridge(min(next[0], last[0]), max(next[1], last[1]), base, v.st, size, (below+lastBelow)/2)
		}
		d.drawRun(xs[i], base, r, v.st, size, r.level%2 == 1, lead)
		lead = nil
		last, lastBelow, drawn = r.lastBox(xs[i], size), r.descent(v.st), true
	}
	if open != 0 {
		d.endMarked()
	}
}

// spacesLike gives a run of spaces in right-to-left text the face of the
// run after it in the order written, or, at the end, of the one before,
// where that face has a space; before text in the Go font it stays in the
// Go font. Spaces are drawn with the run after them (leadSpaces), and
// pdfminer starts a new line between fonts whose heights differ much
// (see bridge). It keeps its width. Any other run is returned as it is.
func spacesLike(r *run, runs []visual, i int, size float64) *run {
	if r.text == "" || strings.Trim(r.text, " ") != "" {
		return r
	}
	for _, j := range []int{i + 1, i - 1} {
		if j < 0 || j >= len(runs) {
			continue
		}
		f := runs[j].r.face
		if f == nil || f.goFace || runs[j].r.level == 0 {
			if j == i+1 {
				return r // in the Go font, like the text after it
			}
			continue
		}
		id, ok := f.sf.Glyph(' ')
		if !ok {
			continue
		}
		n := len(r.text)
		adv := float32(r.w / float64(n) / (size / float64(f.sf.Upem()) * ptToMM))
		gs := make([]shape.Glyph, n)
		for k := range gs {
			gs[k] = shape.Glyph{ID: id, Advance: adv, Start: k, End: k + 1}
		}
		return &run{text: r.text, face: f, glyphs: gs, w: r.w, level: r.level, lang: runs[j].r.lang, plain: true}
	}
	return r
}

// Spaces between right-to-left words are drawn with the word after them,
// in its text object: pdf.js, which reads a space only where the next
// letter it reads is drawn just after the last one (else it takes the
// space for a jump to another column), reads them. Its text extraction
// (not its rendering) adds word spacing (Tw) to a space glyph whatever
// the length of its code, where the PDF says a two-byte code never takes
// it (PDF 32000-1, 9.3.3), and every other reader follows: spacing set
// on the space moves pdf.js alone, by as much as the next letter is drawn
// to the left of the last. (A glyph of no text, to the same end, reads as
// its code, U+0005, in pdf.js.)
type leadSpaces struct {
	r  *run
	x  float64 // mm
	st style
}

// spacesBefore reports whether r is spaces in a right-to-left stretch,
// in its face, followed in the order written by text.
func spacesBefore(r *run, runs []visual, i int) bool {
	if r.level%2 == 0 || r.face != nil && len(r.glyphs) != len(r.text) || r.text == "" || strings.Trim(r.text, " ") != "" || i+1 >= len(runs) {
		return false
	}
	next := runs[i+1].r
	if next.face == nil {
		return next.text != ""
	}
	return len(next.glyphs) > 0
}

// selectFace selects face f for the text that follows, and returns the
// document's use of it.
func (d *doc) selectFace(b []byte, f *face, st style, size float64) ([]byte, *faceUse) {
	use, extra := d.useOf(f, st)
	return d.selectFont(b, fontChoice{st: st, size: size, extra: extra}), use
}

// selectFont selects a font for the text that follows, unless the page's
// content has it selected already.
func (d *doc) selectFont(b []byte, c fontChoice) []byte {
	if d.onPage == c {
		return b
	}
	d.onPage = c
	return append(appendNum(append(appendChoice(b, c), ' '), c.size), " Tf "...)
}

// leadSpaces draws spaces before the run after them, with word spacing
// that pdf.js alone applies, and, where the run's first character (first,
// mm, its font's descent below) stands far from them, a bridge to it.
// It returns where the pen ends (mm) and how far to the right of where
// that character is pdf.js will read it (pt).
func (d *doc) leadSpaces(b []byte, lead *leadSpaces, size, base float64, first [2]float64, below int) ([]byte, float64, float64) {
	f := lead.r.face
	widths := make([]float64, 0, len(lead.r.text)) // mm
	if f == nil {
		tt := fonts[lead.st]()
		for range lead.r.text {
			widths = append(widths, float64(tt.width(' '))/1000*size*ptToMM)
		}
	} else {
		for _, g := range lead.r.glyphs {
			widths = append(widths, f.pdfAdvance(g.ID)*size/float64(f.sf.Upem())*ptToMM)
		}
	}
	end := lead.x
	for _, w := range widths {
		end += w
	}
	space := [2]float64{end - widths[len(widths)-1], end}
	bridged := math.Max(space[0], first[0])-math.Min(space[1], first[1]) > size*ptToMM/4 || abs(below-lead.r.descent(lead.st)) > 300
	x0, x1 := min(space[0], first[0]), max(space[1], first[1])
	drift := (d.jsEnd-first[0])*mmToPt + size/20
	if bridged { // pdf.js drops the bridge without moving past it
		drift += (x1 - x0) * mmToPt
	}
	var use *faceUse
	if f == nil { // in the Go font of the style
		use = &d.used[lead.st]
		b = d.selectFont(b, fontChoice{st: lead.st, size: size})
	} else {
		b, use = d.selectFace(b, f, lead.st, size)
	}
	b = append(appendNum(b, lead.x*mmToPt), ' ')
	b = append(appendNum(b, (d.pageH-base)*mmToPt), " Td "...)
	b = append(appendNum(b, drift/float64(len(widths))), " Tw ["...)
	if f == nil {
		tt := fonts[lead.st]()
		for range lead.r.text {
			b = appendGlyph(append(b, '('), use.cid(' ', tt.glyph(' ')))
			b = append(b, ')')
		}
	} else {
		for _, g := range lead.r.glyphs {
			b = appendGlyph(append(b, '('), use.glyphCID(g.ID, " ", false))
			b = append(b, ')')
		}
	}
	b = append(b, "] TJ 0 Tw "...)
	if bridged {
		b = d.bridgeFrom(b, end, x0, x1, lead.st, size, (below+lead.r.descent(lead.st))/2)
		end = x1
	}
	return b, end, drift
}

// Where the next run starts far from where the last ended (in mixed
// directions, the run written next may stand at the other end of the
// line), or its font reaches half an em further below the baseline or
// less (Arabic's does), a bridge is drawn first: an invisible glyph of no
// text that spans both, raised or lowered halfway between their fonts.
// pdfminer starts a new line wherever the next character stands more
// than twice its width away from the last, or shares less than half its
// height with it (its height: from its font's descent, an em high), and
// then orders the pieces of a line by position; bridged, it keeps the
// line whole, in the order written. pdf.js drops the bridge (bridgeCID);
// MuPDF does not read invisible text; Poppler reads nothing for it.

// descent is how far the font of run r, in style st, says it reaches
// below the baseline, in thousandths of an em (negative).
func (r *run) descent(st style) int {
	if r.face == nil {
		return fonts[st]().descent
	}
	return r.face.emb.descriptor().descent
}

func abs(n int) int { return max(n, -n) }

// bridge draws a bridge from x0 to x1 (mm) on the baseline, as if its
// font's descent were below.
func (d *doc) bridge(x0, x1, base float64, st style, size float64, below int) {
	if x1 <= x0 {
		return
	}
	d.markContent()
	p := d.content()
	b := append(*p, "BT "...)
	b = append(appendNum(b, x0*mmToPt), ' ')
	b = append(appendNum(b, (d.pageH-base)*mmToPt), " Td "...)
	*p = append(d.bridgeFrom(b, x0, x0, x1, st, size, below), "ET\n"...)
}

// bridgeFrom writes, in a text object whose pen stands at pen (mm), a
// bridge from x0 to x1, moving there from the pen: the pen ends at x1.
func (d *doc) bridgeFrom(b []byte, pen, x0, x1 float64, st style, size float64, below int) []byte {
	f := fonts[st]()
	w := float64(f.width(' ')) / 1000 * size * ptToMM
	if w <= 0 || x1 <= x0 {
		return b
	}
	b = d.selectFont(b, fontChoice{st: st, size: size})
	tz := 100 * (x1 - x0) / w
	b = append(appendNum(append(b, "3 Tr "...), tz), " Tz "...)
	b = append(appendNum(b, float64(below-f.descent)/1000*size), " Ts ["...)
	if move := math.Round(-(x0 - pen) * mmToPt / size * 1000 / (tz / 100)); move != 0 {
		b = strconv.AppendInt(b, int64(move), 10)
	}
	b = appendGlyph(append(b, '('), d.used[st].bridge(f.glyph(' ')))
	return append(b, ")] TJ 0 Ts 100 Tz 0 Tr "...)
}

// firstBox and lastBox say where the first and last characters a run
// draws stand, from and to (mm), the run placed at x.
func (r *run) firstBox(x, size float64) [2]float64 {
	if r.face == nil || len(r.glyphs) == 0 {
		c, _ := utf8.DecodeRuneInString(r.text)
		return [2]float64{x, x + textWidth(string(c), 0, size)}
	}
	return r.glyphBox(x, size, r.level%2 == 1)
}

func (r *run) lastBox(x, size float64) [2]float64 {
	if r.face == nil || len(r.glyphs) == 0 {
		c, n := utf8.DecodeLastRuneInString(r.text)
		end := x + r.w
		if n == 0 {
			return [2]float64{end, end}
		}
		return [2]float64{end - textWidth(string(c), 0, size), end}
	}
	return r.glyphBox(x, size, r.level%2 == 0)
}

// glyphBox is where the run's last glyph stands, or its first.
func (r *run) glyphBox(x, size float64, lastGlyph bool) [2]float64 {
	scale := size / float64(r.face.sf.Upem()) * ptToMM
	i, pen := 0, 0.0
	if lastGlyph {
		i = len(r.glyphs) - 1
		for _, g := range r.glyphs[:i] {
			pen += float64(g.Advance)
		}
	}
	g := r.glyphs[i]
	at := x + (pen+float64(g.XOffset))*scale
	return [2]float64{at, at + float64(g.Advance)*scale}
}

// reorder puts runs in visual order: from the highest level down to 1,
// every stretch at that level or above is reversed.
func reorder(runs []visual) {
	top := uint8(0)
	for _, v := range runs {
		top = max(top, v.r.level)
	}
	for lv := top; lv >= 1; lv-- {
		for i := 0; i < len(runs); {
			if runs[i].r.level < lv {
				i++
				continue
			}
			j := i
			for j < len(runs) && runs[j].r.level >= lv {
				j++
			}
			for a, b := i, j-1; a < b; a, b = a+1, b-1 {
				runs[a], runs[b] = runs[b], runs[a]
			}
			i = j
		}
	}
}

func (d *doc) langOf(r *run) string {
	if r.lang != "" && r.lang != d.env.lang {
		return r.lang
	}
	return ""
}

// beginMarked starts marked content that gives the text drawn inside it,
// and its language if it differs from the document's.
func (d *doc) beginMarked(text, lang string) {
	p := d.content()
	props := beginProps(*p, "Span")
	if lang != "" {
		props.ASCII("Lang", lang)
	}
	if text != "" {
		props.Text("ActualText", text)
	} else if lang != "" {
		props.b = append(props.b, ' ') // as recap has always written it
	}
	*p = endProps(&props)
}

func (d *doc) endMarked() {
	p := d.content()
	*p = append(*p, "EMC\n"...)
}

// drawRun draws one run at x on the baseline: simple text rune by rune,
// shaped text glyph by glyph. A run that cannot say its text glyph by
// glyph says it as marked content, unless it is inside marked content
// that says it already.
func (d *doc) drawRun(x, base float64, r *run, st style, size float64, marked bool, lead *leadSpaces) {
	if r.face == nil {
		d.setFont(st, size)
		d.textAfter(lead, fonts[st](), &d.used[st], x, base, r.text)
		return
	}
	lang := d.langOf(r)
	wrap := !marked && (!r.plain || lang != "")
	if wrap {
		actual := ""
		if !r.plain {
			actual = r.text
		}
		d.beginMarked(actual, lang)
	}
	d.glyphs(x, base, r, st, size, lead)
	if wrap {
		d.endMarked()
	}
}

// useOf returns the document's use of face f in style st, and the number
// of its font resource among the other faces (0 for a Go face).
func (d *doc) useOf(f *face, st style) (*faceUse, int) {
	if f.goFace {
		return &d.used[st], 0
	}
	extra := d.extraOf(f)
	return &d.extras[extra-1].use, extra
}

// skew slants a face that has no italic of its own, for italic text.
const skew = 0.2126 // tan 12°

// glyphs draws a shaped run's glyphs where shaping put them: runs of
// glyphs in one TJ, with the adjustments that make the font's advances
// the shaped ones, and a new text matrix where a glyph is offset (marks).
func (d *doc) glyphs(x, base float64, r *run, st style, size float64, lead *leadSpaces) {
	f := r.face
	upem := float64(f.sf.Upem())
	scale := size / upem * ptToMM // mm per font unit
	use, extra := d.useOf(f, st)
	slant := 0.0
	if st&italic != 0 && !f.italic {
		slant = skew
	}
	p := d.content()
	b := *p
	if d.gs.text != d.gs.fill {
		d.gs.fill = d.gs.text
		b = append(appendColor(b, d.gs.fill, "g", "rg"), ' ')
	}
	b = append(b, "BT "...)
	open, cursor, yoff := false, 0.0, 0.0
	pen := 0.0
	closeTJ := func() {
		if open {
			b = append(b, "] TJ "...)
			open = false
		}
	}
	texts := r.glyphTexts()
	pens := make([]float64, len(r.glyphs)+1)
	for i, g := range r.glyphs {
		pens[i+1] = pens[i] + float64(g.Advance)
	}
	rtl := r.level%2 == 1
	var runes []rune
	var outlines []byte // the outlines of the clusters drawn as such, drawn after the text
	choice := fontChoice{st: st, size: size, extra: extra}
	setFont := func() { b = d.selectFont(b, choice) }
	// at writes a text matrix placing the next glyph at pos (font units
	// along the run) and yoff above the baseline.
	at := func(pos, yoff float64) {
		b = append(b, "1 0 "...)
		b = appendNum(b, slant)
		b = append(b, " 1 "...)
		b = appendNum(b, (x+pos*scale+slant*yoff*scale)*mmToPt)
		b = append(b, ' ')
		b = appendNum(b, (d.pageH-base+yoff*scale)*mmToPt)
		b = append(b, " Tm "...)
	}
	relative := false // the next glyph is placed from the last, however far
	drift := 0.0      // how far pdf.js reads the next glyph to the right of where it is (pt)
	if lead != nil {
		first := 0 // the first glyph in the order written
		if rtl {
			first = len(r.glyphs) - 1
		}
		_ = first
		var end float64
		b, end, drift = d.leadSpaces(b, lead, size, base, r.glyphBox(x, size, rtl), r.descent(st))
		setFont()
		b = append(b, '[')
		open, cursor, relative = true, (end-x)/scale, true
	}
	for k := 0; k < len(r.glyphs); k++ {
		i := k
		if rtl {
			i = len(r.glyphs) - 1 - k
		}
		g := r.glyphs[i]
		if first := i == 0 || r.glyphs[i-1].Start != g.Start; rtl && (i == len(r.glyphs)-1 || r.glyphs[i+1].Start != g.Start) || !rtl && first {
			lo, hi := i, i+1 // the cluster: glyphs[lo:hi]
			for lo > 0 && r.glyphs[lo-1].Start == g.Start {
				lo--
			}
			for hi < len(r.glyphs) && r.glyphs[hi].Start == g.Start {
				hi++
			}
			if runes == nil {
				runes = []rune(r.text)
			}
			if cs := r.outlined(lo, hi, texts, runes, pens, rtl); cs != nil {
				closeTJ()
				setFont()
				pos := pens[lo] // where the next carrier starts, or right to left ends
				if rtl {
					pos = pens[hi]
				}
				for n, c := range cs {
					if rtl {
						// Poppler reads the cluster's text, reversed as
						// it reverses the line, over the first letter, and
						// nothing else of it; a mark is a piece of its own
						// for pdf.js, which reverses what it reads as one
						// piece of right-to-left text.
						pos -= c.w
						var rs []rune
						if n == 0 {
							rs = slices.Clone(runes[r.glyphs[lo].Start:r.glyphs[lo].End])
							slices.Reverse(rs)
						}
						props := beginProps(b, "Span")
						props.Text("ActualText", string(rs))
						b = endProps(&props)
					}
					tz := 100.0 // a mark's glyph has no width to scale
					if c.w != 0 {
						tz = 100 * c.w / f.pdfAdvance(c.glyph)
					}
					b = append(appendNum(b, tz), " Tz "...)
					jump := n == 0 && relative // from the spaces before it (leadSpaces)
					if jump {
						b = append(b, '[')
						b = strconv.AppendInt(b, int64(math.Round(-(pos-cursor)*1000/upem*100/tz)), 10)
					} else {
						at(pos, 0)
					}
					cid := uint16(0)
					if c.face != nil {
						var cu *faceUse
						b, cu = d.selectFace(b, c.face, st, size)
						cid = cu.glyphCID(c.glyph, c.text, c.face.emb.glyphWidth(c.glyph) == 0)
					} else {
						setFont()
						cid = use.glyphCID(c.glyph, c.text, f.emb.glyphWidth(c.glyph) == 0)
					}
					b = appendGlyph(append(b, '('), cid)
					if jump {
						b = append(b, ")] TJ "...)
					} else {
						b = append(b, ") Tj "...)
					}
					if rtl {
						b = append(b, "EMC "...)
					}
					if c.w != 0 {
						d.jsEnd = x + (pos+c.w)*scale
						if jump {
							d.jsEnd += drift * ptToMM
						}
					}
					if !rtl {
						pos += c.w
					}
				}
				b = append(b, "100 Tz "...)
				for m := lo; m < hi; m++ {
					h := r.glyphs[m]
					target, yoff := pens[m]+float64(h.XOffset), float64(h.YOffset)
					outlines = append(outlines, "q "...)
					for _, v := range []float64{size / upem, 0, slant * size / upem, size / upem} {
						outlines = append(strconv.AppendFloat(outlines, v, 'f', -1, 64), ' ')
					}
					outlines = appendNum(outlines, (x+target*scale+slant*yoff*scale)*mmToPt)
					outlines = append(outlines, ' ')
					outlines = appendNum(outlines, (d.pageH-base+yoff*scale)*mmToPt)
					outlines = append(appendGlyphForm(append(outlines, " cm /"...), d.glyphForm(f, h.ID)), " Do Q\n"...)
				}
				if rtl {
					k = len(r.glyphs) - 1 - lo
				} else {
					k = hi - 1
				}
				drift, relative = 0, false
				continue
			}
		}
		pen = pens[i]
		zero := g.Advance == 0
		text, rest := texts[i], ""
		target := pen + float64(g.XOffset)
		lig := rtl && utf8.RuneCountInString(texts[i]) > 1
		if lig {
			// Poppler reads a right-to-left line in visual order and
			// reverses it, a ligature's letters with it: it reads the
			// ligature's text, reversed, from here. The others read its
			// first letter from the ligature and the rest from a glyph
			// of no width at its left, where the next letter stands:
			// pdf.js reverses the text of one glyph of right-to-left
			// letters (لا read ال). (Closing the TJ sets the text
			// matrix below.)
			reopen := open
			closeTJ()
			rs := []rune(texts[i])
			if _, _, ok := blankOf(f); ok {
				text, rest = string(rs[0]), string(rs[1:])
			}
			slices.Reverse(rs)
			props := beginProps(b, "Span")
			props.Text("ActualText", string(rs))
			b = endProps(&props)
			if reopen { // the text matrix goes on from the last glyph
				b = append(b, '[')
				open = true
			}
		}
		cid := use.glyphCID(g.ID, text, zero)
		if d.onPage != choice || float64(g.YOffset) != yoff || !open || math.Abs(target-cursor) > upem && !relative {
			closeTJ()
			setFont()
			yoff = float64(g.YOffset)
			at(target, yoff)
			b = append(b, '[')
			open, cursor = true, target
		} else if math.Abs(target-cursor) > 0.5 {
			b = strconv.AppendInt(b, int64(math.Round(-(target-cursor)*1000/upem)), 10)
			cursor = target
		}
		relative = false
		b = appendGlyph(append(b, '('), cid)
		b = append(b, ')')
		if !zero {
			cursor += f.pdfAdvance(g.ID)
			if text != "" && !strings.ContainsFunc(text, isMn) && !unicode.IsSpace([]rune(text)[0]) {
				d.jsEnd = x + cursor*scale + drift*ptToMM
				if drift != 0 { // a new text matrix puts pdf.js back where the glyphs are
					closeTJ()
					drift = 0
				}
			}
		}
		if lig {
			closeTJ()
			b = append(b, "EMC "...)
			if rest != "" {
				// The rest of the ligature's text, for all but Poppler
				// (which read its text above), as marked content that
				// says it stands for nothing.
				props := beginProps(b, "Span")
				props.Text("ActualText", "")
				b = endProps(&props)
				bf, blank, _ := blankOf(f)
				bu := use
				if bf != f {
					b, bu = d.selectFace(b, bf, st, size)
				}
				b = append(b, '[')
				b = strconv.AppendInt(b, int64(math.Round(-(target-cursor)*1000/upem)), 10)
				b = appendGlyph(append(b, '('), bu.glyphCID(blank, rest, true))
				b = append(b, ")] TJ EMC "...)
				setFont()
				cursor = target
			}
			b = append(b, '[')
			open = true
		}
	}
	pen = pens[len(r.glyphs)]
	if rtl {
		pen = 0
	}
	if open && math.Abs(pen-cursor) > 0.5 { // end where shaping ends, for what reads the text's extent
		b = strconv.AppendInt(b, int64(math.Round(-(pen-cursor)*1000/upem)), 10)
	}
	closeTJ()
	b = append(b, "ET\n"...)
	*p = append(b, outlines...)
}

// glyphTexts gives each glyph the text its ToUnicode entry says. In a
// plain run, its cluster's. Else, the character whose own glyph it is,
// where it is one of its cluster's, and the rest of the cluster to the
// first other glyph: extraction that reads marked content gets the run's
// text from there, and the rest still reads every character once.
func (r *run) glyphTexts() []string {
	out := make([]string, len(r.glyphs))
	text := []rune(r.text)
	for i := 0; i < len(r.glyphs); {
		j := i
		for j < len(r.glyphs) && r.glyphs[j].Start == r.glyphs[i].Start {
			j++
		}
		g := r.glyphs[i]
		if r.plain || j == i+1 {
			if g.Start >= 0 && g.End <= len(text) && g.Start < g.End {
				out[i] = string(text[g.Start:g.End])
			}
			i = j
			continue
		}
		// Each glyph takes the first character of the cluster, not taken
		// yet, whose own glyph it is: each character is looked up once, so
		// that a cluster of any length (a letter with 100,000 marks) costs
		// what its length does.
		used := make([]bool, g.End-g.Start)
		own := map[uint16][]int{} // glyph -> the cluster's characters it is the glyph of, in order
		for c := g.Start; c < g.End && c < len(text); c++ {
			if id, ok := r.face.sf.Glyph(text[c]); ok {
				own[id] = append(own[id], c)
			}
		}
		for k := i; k < j; k++ {
			if cs := own[r.glyphs[k].ID]; len(cs) > 0 {
				c := cs[0]
				own[r.glyphs[k].ID] = cs[1:]
				out[k], used[c-g.Start] = string(text[c]), true
			}
		}
		var rest []rune
		for c := g.Start; c < g.End && c < len(text); c++ {
			if !used[c-g.Start] {
				rest = append(rest, text[c])
			}
		}
		for k := i; k < j && len(rest) > 0; k++ {
			if out[k] == "" {
				out[k], rest = string(rest), nil
			}
		}
		i = j
	}
	return out
}

// pdfAdvance is how far the PDF moves after a glyph, in font units: the
// width its font's /W gives.
func (f *face) pdfAdvance(g uint16) float64 {
	return float64(f.emb.glyphWidth(g)) * float64(f.sf.Upem()) / 1000
}

// appendChoice writes the resource name of a font choice.
func appendChoice(b []byte, c fontChoice) []byte {
	if c.extra == 0 {
		return appendFontName(b, c.st)
	}
	return strconv.AppendInt(append(b, "/X"...), int64(c.extra), 10)
}

// drawString draws s on one line at x, y (mm, baseline), in the colour
// set, shaped if need be: text outside paragraphs, such as the running
// header.
func (d *doc) drawString(x, y float64, s string, st style, size float64) {
	if simpleText(s, st) {
		d.setFont(st, size)
		d.text(x, y, s)
		return
	}
	l := line{}
	withPieces(d.env, []span{{text: s, st: st}}, size, func(ps []piece) {
		for _, p := range ps {
			l.add(p, []span{{text: s, st: st}})
		}
	})
	d.drawRuns(l, x, y, size, d.gs.text) // in the colour set for it
}
