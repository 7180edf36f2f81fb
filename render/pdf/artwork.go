package pdf

import (
	"codeberg.org/go-pdf/fpdf"
)

// The artwork that every page shares, the frame of rules and initials
// boxes and the draft watermark, is drawn by fpdf, into templates (form
// XObjects): its drawing API is what fpdf is for, and a template's
// content (Template.Bytes) is the documented way to take what it drew.
// Each is written once per document and placed on every page by name.

// Names of the artwork in the pages' resources.
const (
	frameName     = "Fr"
	watermarkName = "Wm"
)

// watermarkColor is red (190, 30, 30) at 13% over white. The watermark is
// painted opaque, first, beneath everything: the colour is the same where
// nothing overlaps it, and the page has no transparency, which archival
// PDF (and PDF/A-1 readers) would rather not see.
var watermarkColor = [3]int{247, 226, 226}

// watermarkContent places the watermark, the first thing on every page.
var watermarkContent = func() string {
	d := beginProps(nil, "Artifact")
	d.Name("Type", "Pagination")
	d.Name("Subtype", "Watermark")
	b := d.end() // on one line with what it marks
	return string(b) + " BDC q /" + watermarkName + " Do Q EMC\n"
}()

// drawing returns what draw drew with fpdf on a page of the document's size.
func (d *doc) drawing(draw func(t *fpdf.Tpl)) []byte {
	t := fpdf.CreateTpl(fpdf.PointType{}, fpdf.SizeType{Wd: d.pageW, Ht: d.pageH}, "P", "mm", "", draw)
	return t.Bytes()
}

// frameArt draws the running header's rule and the footer's, with the
// initials boxes between them.
func (d *doc) frameArt() []byte {
	return d.drawing(func(t *fpdf.Tpl) {
		t.SetDrawColor(200, 200, 200)
		t.SetLineWidth(0.2)
		headerY := marginTop - 10 + 2
		t.Line(marginX, headerY, d.pageW-marginX, headerY)
		top := d.footerTop()
		t.Line(marginX, top, d.pageW-marginX, top)
		t.SetDrawColor(120, 120, 120)
		t.SetLineWidth(0.25)
		for _, box := range d.initialsBoxes() {
			t.Rect(box.x, box.y, box.w, initialsBoxH, "D")
		}
	})
}

// watermarkArt draws Options.Watermark across the page as glyph outlines,
// not as text: text extraction and copying then give the page's own text
// without stray watermark letters (the header carries the words as text).
func (d *doc) watermarkArt() []byte {
	const size = 44.0
	text := clean(d.opt.Watermark)
	w := textWidth(text, bold, size)
	cx, cy := d.pageW/2, d.pageH/2
	return d.drawing(func(t *fpdf.Tpl) {
		t.TransformBegin()
		t.TransformRotate(45, cx, cy)
		t.SetFillColor(watermarkColor[0], watermarkColor[1], watermarkColor[2])
		outlineText(t, text, cx-w/2, cy+size*ptToMM/3, size)
		t.TransformEnd()
	})
}

// outlineText fills the outlines of s in Go Bold at size pt, its baseline
// starting at x, y (mm). The outlines come from the face the text is set in,
// through the shaping facade: no second font parser.
func outlineText(t *fpdf.Tpl, s string, x, y, size float64) {
	f := goFaces[bold]().sf
	scale := size * ptToMM / float64(f.Upem()) // font units to mm
	for _, r := range s {
		g, ok := f.Glyph(r)
		if !ok {
			continue
		}
		if segs := f.Outline(g); len(segs) > 0 {
			at := func(p [2]float64) (float64, float64) { // font units have y up; fpdf's y points down
				return x + p[0]*scale, y - p[1]*scale
			}
			walkOutline(segs, func(op byte, pts ...[2]float64) {
				switch op {
				case 'M':
					t.MoveTo(at(pts[0]))
				case 'L':
					t.LineTo(at(pts[0]))
				case 'C':
					x1, y1 := at(pts[0])
					x2, y2 := at(pts[1])
					x3, y3 := at(pts[2])
					t.CurveBezierCubicTo(x1, y1, x2, y2, x3, y3)
				}
			})
			t.DrawPath("F")
		}
		x += float64(f.Advance(g)) * scale
	}
}
