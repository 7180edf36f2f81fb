package pdf

import "sync"

// Text tags are text an e-signature service finds in the PDF's text and
// turns into a field where it stands (Acrobat Sign's {{…}}, Dropbox Sign's
// […]): the tag's font size gives the field's height, and its width the
// field's width. recap draws them invisibly (white), as artifacts, in
// Liberation Sans, which has Arial's metrics: the services read Arial,
// Helvetica and Times reliably, and PDF/A wants every font embedded.

// tagSize is the font size of a tag's first character, pt: the height of
// the field a service makes of it.
const tagSize = 11.0

// tagFace is Liberation Sans Regular (fonts/LIBERATION-OFL.txt), inflated
// and parsed on first use: only e-signature tags are drawn in it.
var tagFace = sync.OnceValue(func() *face { return loadEmbedded("LiberationSans-Regular.ttf", true) })

// tagWidth is the width of s in the tag face at size pt, mm.
func tagWidth(s string, size float64) float64 {
	tt := tagFace().tt
	total := 0
	for _, r := range s {
		total += tt.width(r)
	}
	return float64(total) / 1000 * size * ptToMM
}

// layoutTag fits a tag to a place w mm wide and h mm high: it is drawn at
// tagSize (less if the place is lower), scaled horizontally (Tz) to the
// place's width. So the field a service makes of it has the height of the
// font and the width of the place, and the tag stays one word to any
// reader of the text, as spaces or a smaller font for part of it would
// not keep it.
func layoutTag(tag string, w, h float64) (size, scale float64) {
	size = min(tagSize, h*mmToPt)
	return size, 100 * w / max(tagWidth(tag, size), 1e-9)
}

// drawTag draws a tag invisibly, as an artifact, its baseline starting at
// x, base (mm), laid out to fit w by h mm above the baseline.
func (d *doc) drawTag(x, base, w, h float64, tag string) {
	tag, _ = Scrub(tag)
	f := tagFace()
	extra := d.extraOf(f)
	size, scale := layoutTag(tag, w, h)
	d.asArtifact(func() {
		d.markArtifact()
		d.setColor(255, 255, 255)
		p := d.content()
		*p = append(appendNum(*p, scale), " Tz\n"...)
		d.font = fontChoice{size: size, extra: extra}
		d.textIn(f.tt, &d.extras[extra-1].use, x, base, tag)
		p = d.content()
		*p = append(*p, "100 Tz\n"...)
	})
}
