package pdf

import (
	"encoding/binary"
	"math"

	"github.com/recaptool/recap/internal/shape"
)

// A face whose glyphs are not TrueType outlines (CFF, as the CJK fonts of
// most systems are) is embedded as a TrueType subset all the same: each
// glyph drawn is read as an outline and written as a TrueType glyph, its
// cubic curves as quadratic ones within half a font unit. Every PDF
// reader handles such a font, its text extracts as any other, and the
// file holds only the glyphs drawn.

// outlineFont is a face embedded through its outlines.
type outlineFont struct {
	sf *shape.Font
}

// embedded is what writeType0 embeds: a TrueType font, or a face made one.
type embedded interface {
	// glyphWidth is a glyph's advance in thousandths of an em, as the
	// PDF's /W gives it.
	glyphWidth(g uint16) int
	// subset returns the font of the glyphs order names, and how many
	// glyphs it holds (more than order where composites bring parts).
	subset(order []uint16) (file []byte, glyphs int)
	descriptor() descriptor
}

// descriptor holds the font descriptor's values, in thousandths of an em.
type descriptor struct {
	flags, ascent, descent, capHeight, stemV, missing int
	bbox                                              [4]int
	italicAngle                                       float64
}

func (f *ttFont) glyphWidth(g uint16) int {
	if int(g) < len(f.widths) {
		return int(f.widths[g])
	}
	return f.missing
}

func (f *ttFont) descriptor() descriptor {
	return descriptor{f.flags, f.ascent, f.descent, f.capHeight, f.stemV, f.missing, f.bbox, f.italicAngle}
}

func (o *outlineFont) glyphWidth(g uint16) int {
	return int(math.Round(float64(o.sf.Advance(g)) * 1000 / float64(o.sf.Upem())))
}

func (o *outlineFont) descriptor() descriptor {
	upem := float64(o.sf.Upem())
	k := 1000 / upem
	asc, des := int(o.sf.Ascent()*k), int(o.sf.Descent()*k)
	d := descriptor{flags: 4, ascent: asc, descent: des, capHeight: asc, stemV: 80, missing: o.glyphWidth(0), bbox: [4]int{0, des, 1000, asc}}
	if head := o.sf.Table("head"); len(head) >= 54 {
		s := func(at int) int { return int(float64(int16(binary.BigEndian.Uint16(head[at:]))) * k) }
		d.bbox = [4]int{s(36), s(38), s(40), s(42)}
	}
	if o.sf.Italic {
		d.flags |= 64
		d.italicAngle = -12
	}
	return d
}

// subset writes the glyphs of order (order[0] the .notdef) as a TrueType
// font, numbered as order has them.
func (o *outlineFont) subset(order []uint16) ([]byte, int) {
	var glyf, loca, hmtx []byte
	maxPoints, maxContours := 0, 0
	xMin, yMin, xMax, yMax := math.MaxInt16, math.MaxInt16, math.MinInt16, math.MinInt16
	for _, g := range order {
		loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
		contours := quadContours(o.sf.Outline(g))
		data, box, points := encodeGlyph(contours)
		glyf = append(glyf, data...)
		for len(glyf)%4 != 0 {
			glyf = append(glyf, 0)
		}
		maxPoints, maxContours = max(maxPoints, points), max(maxContours, len(contours))
		if points > 0 {
			xMin, yMin, xMax, yMax = min(xMin, box[0]), min(yMin, box[1]), max(xMax, box[2]), max(yMax, box[3])
		}
		adv := int(math.Round(float64(o.sf.Advance(g))))
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(max(adv, 0)))
		hmtx = binary.BigEndian.AppendUint16(hmtx, uint16(int16(box[0])))
	}
	loca = binary.BigEndian.AppendUint32(loca, uint32(len(glyf)))
	if xMin > xMax {
		xMin, yMin, xMax, yMax = 0, 0, 0, 0
	}
	n := uint16(len(order))
	head := make([]byte, 54)
	if src := o.sf.Table("head"); len(src) >= 54 {
		copy(head, src)
	} else {
		binary.BigEndian.PutUint32(head, 0x00010000)
		binary.BigEndian.PutUint32(head[12:], 0x5F0F3CF5)
		binary.BigEndian.PutUint16(head[18:], uint16(o.sf.Upem()))
	}
	for i, v := range []int{xMin, yMin, xMax, yMax} {
		binary.BigEndian.PutUint16(head[36+2*i:], uint16(int16(v)))
	}
	binary.BigEndian.PutUint16(head[50:], 1) // long loca offsets
	binary.BigEndian.PutUint16(head[52:], 0) // glyphDataFormat
	hhea := make([]byte, 36)
	if src := o.sf.Table("hhea"); len(src) >= 36 {
		copy(hhea, src)
	} else {
		binary.BigEndian.PutUint32(hhea, 0x00010000)
	}
	binary.BigEndian.PutUint16(hhea[34:], n)
	maxp := make([]byte, 32) // version 1.0, as TrueType outlines need
	binary.BigEndian.PutUint32(maxp, 0x00010000)
	binary.BigEndian.PutUint16(maxp[4:], n)
	binary.BigEndian.PutUint16(maxp[6:], uint16(min(maxPoints, math.MaxUint16)))
	binary.BigEndian.PutUint16(maxp[8:], uint16(min(maxContours, math.MaxUint16)))
	binary.BigEndian.PutUint16(maxp[14:], 1) // maxZones
	post := make([]byte, 32)
	binary.BigEndian.PutUint32(post, 0x00030000)
	tables := map[string][]byte{"glyf": glyf, "loca": loca, "hmtx": hmtx, "head": head, "hhea": hhea, "maxp": maxp, "post": post, "cmap": emptyCmap}
	if os2 := o.sf.Table("OS/2"); os2 != nil {
		tables["OS/2"] = os2
	}
	return assembleTTF(tables), len(order)
}

// point is a point of a TrueType contour: on the curve, or its control.
type point struct {
	x, y float64
	on   bool
}

// quadContours turns an outline into closed contours of lines and
// quadratic curves.
func quadContours(segs []shape.Segment) [][]point {
	var out [][]point
	var cur []point
	var last [2]float64
	flush := func() {
		if len(cur) > 1 && cur[0].on && cur[len(cur)-1].on && cur[0].x == cur[len(cur)-1].x && cur[0].y == cur[len(cur)-1].y {
			cur = cur[:len(cur)-1] // the contour closes by itself
		}
		if len(cur) > 0 {
			out = append(out, cur)
		}
		cur = nil
	}
	pt := func(p [2]float32) [2]float64 { return [2]float64{float64(p[0]), float64(p[1])} }
	for _, s := range segs {
		switch s.Op {
		case 'M':
			flush()
			last = pt(s.Pts[0])
			cur = append(cur, point{last[0], last[1], true})
		case 'L':
			last = pt(s.Pts[0])
			cur = append(cur, point{last[0], last[1], true})
		case 'Q':
			c, p := pt(s.Pts[0]), pt(s.Pts[1])
			cur = append(cur, point{c[0], c[1], false}, point{p[0], p[1], true})
			last = p
		case 'C':
			cur = appendCubic(cur, last, pt(s.Pts[0]), pt(s.Pts[1]), pt(s.Pts[2]))
			last = pt(s.Pts[2])
		}
	}
	flush()
	return out
}

// appendCubic approximates a cubic curve from p0 with quadratic ones: the
// cubic is cut in n pieces, each close enough to the quadratic through
// its ends whose control point is the mean of its two control points'
// extensions; the error of one piece is √3/36 of the cubic's third
// difference, divided by n³.
func appendCubic(out []point, p0, c1, c2, p3 [2]float64) []point {
	d := math.Hypot(p3[0]-3*c2[0]+3*c1[0]-p0[0], p3[1]-3*c2[1]+3*c1[1]-p0[1])
	n := max(1, int(math.Ceil(math.Cbrt(d*math.Sqrt(3)/36/0.5))))
	at := func(t float64) [2]float64 {
		u := 1 - t
		var p [2]float64
		for i := range 2 {
			p[i] = u*u*u*p0[i] + 3*u*u*t*c1[i] + 3*u*t*t*c2[i] + t*t*t*p3[i]
		}
		return p
	}
	deriv := func(t float64) [2]float64 {
		u := 1 - t
		var p [2]float64
		for i := range 2 {
			p[i] = 3*u*u*(c1[i]-p0[i]) + 6*u*t*(c2[i]-c1[i]) + 3*t*t*(p3[i]-c2[i])
		}
		return p
	}
	for k := range n {
		t0, t1 := float64(k)/float64(n), float64(k+1)/float64(n)
		a, b := at(t0), at(t1)
		da, db := deriv(t0), deriv(t1)
		h := (t1 - t0) / 3
		// the piece's own control points, then the quadratic's
		q1 := [2]float64{a[0] + h*da[0], a[1] + h*da[1]}
		q2 := [2]float64{b[0] - h*db[0], b[1] - h*db[1]}
		c := [2]float64{(3*(q1[0]+q2[0]) - a[0] - b[0]) / 4, (3*(q1[1]+q2[1]) - a[1] - b[1]) / 4}
		out = append(out, point{c[0], c[1], false}, point{b[0], b[1], true})
	}
	return out
}

// encodeGlyph writes contours as a simple TrueType glyph, and returns its
// box and number of points.
func encodeGlyph(contours [][]point) ([]byte, [4]int, int) {
	var pts []point
	var ends []int
	for _, c := range contours {
		pts = append(pts, c...)
		ends = append(ends, len(pts)-1)
	}
	if len(pts) == 0 {
		return nil, [4]int{}, 0
	}
	xs, ys := make([]int, len(pts)), make([]int, len(pts))
	box := [4]int{math.MaxInt32, math.MaxInt32, math.MinInt32, math.MinInt32}
	for i, p := range pts {
		xs[i], ys[i] = int(math.Round(p.x)), int(math.Round(p.y))
		box = [4]int{min(box[0], xs[i]), min(box[1], ys[i]), max(box[2], xs[i]), max(box[3], ys[i])}
	}
	b := binary.BigEndian.AppendUint16(nil, uint16(len(contours)))
	for _, v := range box {
		b = binary.BigEndian.AppendUint16(b, uint16(int16(v)))
	}
	for _, e := range ends {
		b = binary.BigEndian.AppendUint16(b, uint16(e))
	}
	b = append(b, 0, 0) // no instructions
	var flags, xb, yb []byte
	px, py := 0, 0
	for i, p := range pts {
		var f byte
		if p.on {
			f = 1
		}
		dx, dy := xs[i]-px, ys[i]-py
		px, py = xs[i], ys[i]
		f, xb = coord(f, dx, xb, 0x02, 0x10)
		f, yb = coord(f, dy, yb, 0x04, 0x20)
		flags = append(flags, f)
	}
	b = append(append(append(b, flags...), xb...), yb...)
	return b, box, len(pts)
}

// coord writes one relative coordinate: a byte with its sign in the
// flags where it fits, nothing when it is 0, else two bytes.
func coord(f byte, d int, out []byte, short, same byte) (byte, []byte) {
	switch {
	case d == 0:
		return f | same, out
	case d > -256 && d < 256:
		f |= short
		if d > 0 {
			f |= same
		} else {
			d = -d
		}
		return f, append(out, byte(d))
	}
	return f, binary.BigEndian.AppendUint16(out, uint16(int16(d)))
}
