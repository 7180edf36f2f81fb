package pdf

import (
	"fmt"
	"strings"

	"golang.org/x/image/font/sfnt"
	"golang.org/x/image/math/fixed"
)

// furniture draws the running header, footer and watermark on every page,
// once the page count is known.
func (d *doc) furniture() {
	n := d.pdf.PageCount()
	for page := 1; page <= n; page++ {
		d.pdf.SetPage(page)
		d.resetState()
		d.watermark()
		d.header()
		d.footer(page, n)
	}
}

// resetState re-emits font and colours: appending to an earlier page, its
// content stream may end in another state than fpdf last set.
func (d *doc) resetState() {
	d.onPage = fontChoice{}
	d.gs = graphics{stroke: [3]int{-1}, fill: [3]int{-1}, lineWidth: -1} // unknown
	d.setColor(0, 0, 0)
	d.setStroke(0, 0, 0)
	d.setFill(255, 255, 255)
	d.setLineWidth(0.2)
}

const furnitureSize = 8.0

func (d *doc) small(st style, x, y float64, s string, align rune) {
	s = clean(s)
	d.setFont(st, furnitureSize)
	w := textWidth(s, st, furnitureSize)
	switch align {
	case 'R':
		x -= w
	case 'C':
		x -= w / 2
	}
	d.text(x, y, s)
}

func (d *doc) header() {
	y := marginTop - 10
	right := d.opt.HeaderRight
	d.setColor(110, 110, 110)
	if d.opt.Watermark != "" {
		d.setColor(190, 30, 30)
		right = d.opt.Watermark
		d.small(bold, d.pageW-marginX, y, right, 'R')
	} else {
		d.small(0, d.pageW-marginX, y, right, 'R')
	}
	d.setColor(110, 110, 110)
	room := d.pageW - 2*marginX - textWidth(right, bold, furnitureSize) - 8
	d.small(0, marginX, y, fitText(d.opt.HeaderLeft, 0, furnitureSize, room), 'L')
	d.setStroke(200, 200, 200)
	d.line(marginX, y+2, d.pageW-marginX, y+2)
}

// footer: a rule, the initials boxes, then the fingerprint and page number.
func (d *doc) footer(page, pages int) {
	top := d.pageH - marginBottom + 5
	d.setStroke(200, 200, 200)
	d.line(marginX, top, d.pageW-marginX, top)
	base := d.pageH - 9
	if len(d.opt.Initials) > 0 {
		d.initials(top + 2)
	} else {
		base = top + 6
	}
	d.setColor(110, 110, 110)
	right := fmt.Sprintf("Page %d of %d", page, pages)
	d.small(0, d.pageW-marginX, base, right, 'R')
	room := d.pageW - 2*marginX - textWidth(right, 0, furnitureSize) - 8
	d.small(0, marginX, base, fitText(d.opt.FooterLeft, 0, furnitureSize, room), 'L')
}

// initials draws a labelled box per signing party, centred on the page.
func (d *doc) initials(y float64) {
	const boxW, boxH, gap, labelSize = 18.0, 7.0, 3.0, 6.5
	n := float64(len(d.opt.Initials))
	labelW := min((d.pageW-2*marginX-(n-1)*gap)/n, 42)
	total := n*labelW + (n-1)*gap
	x := (d.pageW - total) / 2
	for _, label := range d.opt.Initials {
		d.setStroke(120, 120, 120)
		d.setLineWidth(0.25)
		d.rect(x+(labelW-boxW)/2, y, boxW, boxH, "S")
		d.setColor(110, 110, 110)
		d.setFont(0, labelSize)
		label = fitText("Initials, "+label, 0, labelSize, labelW)
		d.text(x+(labelW-textWidth(label, 0, labelSize))/2, y+boxH+2.8, label)
		x += labelW + gap
	}
}

// watermark draws Options.Watermark across the page as glyph outlines, not
// as text: text extraction and copying then give the page's own text
// without stray watermark letters (the header carries the words as text).
func (d *doc) watermark() {
	if d.opt.Watermark == "" {
		return
	}
	const size = 44.0
	text := clean(d.opt.Watermark)
	w := textWidth(text, bold, size)
	cx, cy := d.pageW/2, d.pageH/2
	d.rotated(45, cx, cy, 0.13, func() {
		d.setFill(190, 30, 30)
		d.outlineText(text, cx-w/2, cy+size*ptToMM/3, size)
	})
}

// outlineText fills the outlines of s in Go Bold at size pt, with its
// baseline starting at x, y (mm).
func (d *doc) outlineText(s string, x, y, size float64) {
	f := boldFont()
	var buf sfnt.Buffer
	upem := fixed.Int26_6(f.UnitsPerEm()) << 6
	scale := size * ptToMM / float64(f.UnitsPerEm()) / 64 // 26.6 font units to mm
	p := d.content()
	b := *p
	for _, r := range s {
		g, err := f.GlyphIndex(&buf, r)
		if err != nil {
			continue
		}
		segs, err := f.LoadGlyph(&buf, g, upem, nil)
		if err == nil && len(segs) > 0 {
			b = d.appendPath(b, segs, x, y, scale)
			b = append(b, "f\n"...)
		}
		adv, err := f.GlyphAdvance(&buf, g, upem, 0)
		if err == nil {
			x += float64(adv) * scale
		}
	}
	*p = b
}

// appendPath writes a glyph's outline as path operators, its origin at
// x, y (mm); quadratic curves become the cubic curves PDF draws.
func (d *doc) appendPath(b []byte, segs sfnt.Segments, x, y, scale float64) []byte {
	type pt struct{ x, y float64 }
	at := func(p fixed.Point26_6) pt { // sfnt's y already points down, as here
		return pt{x + float64(p.X)*scale, y + float64(p.Y)*scale}
	}
	op := func(b []byte, name string, pts ...pt) []byte {
		for _, p := range pts {
			b = append(d.appendPoint(b, p.x, p.y), ' ')
		}
		return append(append(b, name...), '\n')
	}
	var cur pt
	for _, seg := range segs {
		switch seg.Op {
		case sfnt.SegmentOpMoveTo:
			cur = at(seg.Args[0])
			b = op(b, "m", cur)
		case sfnt.SegmentOpLineTo:
			cur = at(seg.Args[0])
			b = op(b, "l", cur)
		case sfnt.SegmentOpQuadTo:
			c, end := at(seg.Args[0]), at(seg.Args[1])
			c1 := pt{cur.x + 2.0/3*(c.x-cur.x), cur.y + 2.0/3*(c.y-cur.y)}
			c2 := pt{end.x + 2.0/3*(c.x-end.x), end.y + 2.0/3*(c.y-end.y)}
			cur = end
			b = op(b, "c", c1, c2, end)
		case sfnt.SegmentOpCubeTo:
			cur = at(seg.Args[2])
			b = op(b, "c", at(seg.Args[0]), at(seg.Args[1]), cur)
		}
	}
	return b
}

// fitText shortens s with an ellipsis until it fits in w mm.
func fitText(s string, st style, size, w float64) string {
	s = clean(s)
	if textWidth(s, st, size) <= w {
		return s
	}
	room := w - textWidth("…", st, size)
	used := 0.0
	for i, r := range s {
		used += runeWidth(st, r) / 1000 * size * ptToMM
		if used > room {
			return strings.TrimSpace(s[:i]) + "…"
		}
	}
	return s
}
