package pdf

import (
	"math"
	"strconv"
)

// Page content is written here, operator by operator, into one buffer per
// page, with the graphics state tracked so that nothing is set twice.
// (fpdf formats every operator through fmt; on long recaps that was a
// third of the build.)

// graphics is the graphics state the content has set: text is drawn in
// the fill colour, so the text colour is only a wish until text is drawn.
type graphics struct {
	stroke, fill, text [3]int
	lineWidth          float64 // mm
}

// Every page starts with black strokes and fills and 0.2 mm lines, set
// explicitly, as fpdf starts its pages.
var pageStart = graphics{lineWidth: 0.2}

const pagePrefix = "0 J\n0 j\n0.57 w\n0.000 G\n0.000 g\n"

// content returns the current page's content, to append to.
func (d *doc) content() *[]byte { return &d.pages[d.cur].content }

// addLink makes the box at x, y of size w, h (mm, from the top left) on
// the current page a link to uri.
func (d *doc) addLink(x, y, w, h float64, uri string) {
	p := d.pages[d.cur]
	p.links = append(p.links, link{
		rect: [4]float64{x * mmToPt, (d.pageH - y - h) * mmToPt, (x + w) * mmToPt, (d.pageH - y) * mmToPt},
		uri:  uri,
	})
	d.addKid(kid{kind: kidLink, n: int32(len(p.links) - 1), page: int32(d.cur)})
}

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
func (d *doc) stroke(x1, y1, x2, y2 float64) {
	d.markArtifact()
	p := d.content()
	b := d.appendPoint(*p, x1, y1)
	b = append(b, " m "...)
	b = d.appendPoint(b, x2, y2)
	*p = append(b, " l S\n"...)
}

// rect draws a rectangle with op: "S" strokes, "f" fills, "B" does both.
func (d *doc) rect(x, y, w, h float64, op string) {
	d.markArtifact()
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
