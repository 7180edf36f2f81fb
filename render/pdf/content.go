package pdf

import (
	"math"
	"strconv"
)

// Page content is written here, not through fpdf. fpdf keeps what is not
// content (pages, links, outlines, metadata); finish joins each page's
// content below fpdf's own few operators. fpdf formats every operator
// through fmt and grows one buffer per page, then copies every page into
// its output: on long recaps that was a third of the build.

// graphics is the graphics state the content has set, in fpdf's terms:
// text is drawn in the fill colour, so the text colour is only a wish
// until text is drawn.
type graphics struct {
	stroke, fill, text [3]int
	lineWidth          float64 // mm
}

// fpdf starts every page with black strokes and fills and 0.2 mm lines.
var pageStart = graphics{lineWidth: 0.2}

// content returns the current page's content, to append to.
func (d *doc) content() *[]byte { return &d.pages[d.pdf.PageNo()-1] }

// setColor sets the colour of text drawn next.
func (d *doc) setColor(r, g, b int) { d.gs.text = [3]int{r, g, b} }

func (d *doc) setStroke(r, g, b int) {
	if c := [3]int{r, g, b}; d.gs.stroke != c {
		d.gs.stroke = c
		p := d.content()
		*p = append(appendColor(*p, c, "G", "RG"), '\n')
	}
}

func (d *doc) setFill(r, g, b int) {
	if c := [3]int{r, g, b}; d.gs.fill != c {
		d.gs.fill = c
		p := d.content()
		*p = append(appendColor(*p, c, "g", "rg"), '\n')
	}
}

func (d *doc) setLineWidth(w float64) {
	if d.gs.lineWidth != w {
		d.gs.lineWidth = w
		p := d.content()
		*p = append(appendNum(*p, w*mmToPt), " w\n"...)
	}
}

// line strokes a line from x1, y1 to x2, y2 (mm, from the top left).
func (d *doc) line(x1, y1, x2, y2 float64) {
	p := d.content()
	b := d.appendPoint(*p, x1, y1)
	b = append(b, " m "...)
	b = d.appendPoint(b, x2, y2)
	*p = append(b, " l S\n"...)
}

// rect draws a rectangle with op: "S" strokes, "f" fills, "B" does both.
func (d *doc) rect(x, y, w, h float64, op string) {
	p := d.content()
	b := d.appendPoint(*p, x, y)
	b = append(b, ' ')
	b = appendNum(b, w*mmToPt)
	b = append(b, ' ')
	b = appendNum(b, -h*mmToPt)
	b = append(b, " re "...)
	*p = append(append(b, op...), '\n')
}

// appendPoint writes x, y in PDF space: points, from the bottom left.
func (d *doc) appendPoint(b []byte, x, y float64) []byte {
	b = appendNum(b, x*mmToPt)
	b = append(b, ' ')
	return appendNum(b, (d.pageH-y)*mmToPt)
}

// appendNum writes v with two decimals, rounded half away from zero. It
// runs once or twice per word drawn, where strconv's general float
// formatting was a visible cost.
func appendNum(b []byte, v float64) []byte {
	n := int64(math.Round(v * 100))
	if n < 0 {
		b = append(b, '-')
		n = -n
	}
	b = strconv.AppendInt(b, n/100, 10)
	return append(b, '.', byte('0'+n/10%10), byte('0'+n%10))
}

// appendColor writes a colour operator, gray when the components agree.
func appendColor(b []byte, c [3]int, gray, rgb string) []byte {
	if c[0] == c[1] && c[1] == c[2] {
		b = strconv.AppendFloat(b, float64(c[0])/255, 'f', 3, 64)
		return append(append(b, ' '), gray...)
	}
	for _, v := range c {
		b = strconv.AppendFloat(b, float64(v)/255, 'f', 3, 64)
		b = append(b, ' ')
	}
	return append(b, rgb...)
}

// rotated runs draw with the page rotated by deg degrees about x, y (mm)
// and the fill made translucent, then restores the graphics state.
func (d *doc) rotated(deg, x, y, alpha float64, draw func()) {
	saved := d.gs
	rad := deg * math.Pi / 180
	cos, sin := math.Cos(rad), math.Sin(rad)
	px, py := x*mmToPt, (d.pageH-y)*mmToPt
	p := d.content()
	b := append(*p, "q "...)
	for _, v := range []float64{cos, sin, -sin, cos, px + sin*py - cos*px, py - cos*py - sin*px} {
		b = strconv.AppendFloat(b, v, 'f', 5, 64)
		b = append(b, ' ')
	}
	b = append(b, "cm "...)
	if alpha < 1 {
		d.translucent = alpha
		b = append(b, translucentGS+" gs"...)
	}
	*p = append(b, '\n')
	draw()
	p = d.content()
	*p = append(*p, "Q\n"...)
	d.gs = saved
}

// translucentGS names the graphics state that rotated uses for alpha.
const translucentGS = "/GSa"
