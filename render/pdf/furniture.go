package pdf

import (
	"fmt"
	"strings"

	"github.com/recaptool/recap/internal/shape"
)

// furniture draws the running header, footer and watermark on every page,
// once the page count is known: the shared artwork (see artwork.go) and
// the text of each page.
func (d *doc) furniture() {
	n := len(d.pages)
	for i := range d.pages {
		d.cur = i
		d.resetState()
		d.pagination("Layout", func() {
			p := d.content()
			*p = append(appendName(*p, frameName), " Do\n"...)
			if i == n-1 {
				d.initialsTags()
			}
		})
		d.pagination("Header", d.header)
		d.pagination("Footer", func() { d.footer(i+1, n) })
	}
}

// resetState re-emits font and colours: appending to an earlier page, its
// content stream may end in any state.
func (d *doc) resetState() {
	d.onPage = fontChoice{}
	d.gs = graphics{stroke: [3]int{-1}, fill: [3]int{-1}, lineWidth: -1} // unknown
	d.setColor(0, 0, 0)
}

const furnitureSize = 8.0

func (d *doc) small(st style, x, y float64, s string, align rune) {
	s = oneLine(clean(s))
	w := d.env.stringWidth(s, st, furnitureSize)
	switch align {
	case 'R':
		x -= w
	case 'C':
		x -= w / 2
	}
	d.drawString(x, y, s, st, furnitureSize)
}

func (d *doc) header() {
	y := marginTop - 10
	right := d.opt.HeaderRight
	if d.opt.Mark != "" {
		d.setColor(190, 30, 30)
		right = d.opt.Mark
		d.small(bold, d.pageW-marginX, y, right, 'R')
	} else {
		d.setColor(110, 110, 110)
		d.small(0, d.pageW-marginX, y, right, 'R')
	}
	d.setColor(110, 110, 110)
	room := d.pageW - 2*marginX - d.env.stringWidth(right, bold, furnitureSize) - 8
	d.small(0, marginX, y, d.fitText(d.opt.HeaderLeft, 0, furnitureSize, room), 'L')
}

// footerTop is where the footer's rule runs, mm from the top.
func (d *doc) footerTop() float64 { return d.pageH - marginBottom + 5 }

// footer: the initials boxes' labels, then the fingerprint and page number.
func (d *doc) footer(page, pages int) {
	base := d.pageH - 9
	if len(d.opt.Initials) > 0 {
		d.initialsLabels()
	} else {
		base = d.footerTop() + 6
	}
	d.setColor(110, 110, 110)
	right := fmt.Sprintf("Page %d of %d", page, pages)
	d.small(0, d.pageW-marginX, base, right, 'R')
	room := d.pageW - 2*marginX - d.env.stringWidth(right, 0, furnitureSize) - 8
	d.small(0, marginX, base, d.fitText(d.opt.FooterLeft, 0, furnitureSize, room), 'L')
}

// Initials boxes, mm.
const (
	initialsBoxW, initialsBoxH = 18.0, 7.0
	initialsGap, initialsLabel = 3.0, 6.5 // between boxes; label size, pt
)

// initialsBox is one labelled box for initials: its label's column starts
// at lx, lw wide; the box at x, y, w wide: initialsBoxW, or its column's
// width where many signatories leave less, so that boxes (and the
// e-signature tags inside them) never touch.
type initialsBox struct {
	label  string
	lx, lw float64
	x, y   float64
	w      float64
}

// initialsBoxes lays out a box per label, centred on the page under the
// footer's rule.
func (d *doc) initialsBoxes() []initialsBox {
	n := float64(len(d.opt.Initials))
	if n == 0 {
		return nil
	}
	labelW := min((d.pageW-2*marginX-(n-1)*initialsGap)/n, 42)
	total := n*labelW + (n-1)*initialsGap
	x := (d.pageW - total) / 2
	y := d.footerTop() + 2
	var out []initialsBox
	for _, label := range d.opt.Initials {
		w := min(initialsBoxW, labelW)
		out = append(out, initialsBox{label: label, lx: x, lw: labelW, x: x + (labelW-w)/2, y: y, w: w})
		x += labelW + initialsGap
	}
	return out
}

// initialsTags puts each initials tag in its box.
func (d *doc) initialsTags() {
	for i, b := range d.initialsBoxes() {
		if i < len(d.opt.InitialsTags) && d.opt.InitialsTags[i] != "" {
			d.drawTag(b.x+1, b.y+initialsBoxH-1.8, b.w-2, initialsBoxH-2.6, d.opt.InitialsTags[i])
		}
	}
}

func (d *doc) initialsLabels() {
	for _, b := range d.initialsBoxes() {
		d.setColor(110, 110, 110)
		// Where "Initials, " leaves too little of the name (many
		// signatories), the name alone.
		label := "Initials, " + oneLine(clean(b.label))
		if d.env.stringWidth(label, 0, initialsLabel) > b.lw {
			label = b.label
		}
		label = d.fitText(label, 0, initialsLabel, b.lw)
		d.drawString(b.lx+(b.lw-d.env.stringWidth(label, 0, initialsLabel))/2, b.y+initialsBoxH+2.8, label, 0, initialsLabel)
	}
}

// fitText shortens s, made one line, with an ellipsis until it fits in w
// mm; shaped text is cut between grapheme clusters.
func (d *doc) fitText(s string, st style, size, w float64) string {
	s = oneLine(clean(s))
	if d.env.stringWidth(s, st, size) <= w {
		return s
	}
	room := w - textWidth("…", st, size)
	if !simpleText(s, st) {
		text := []rune(s)
		starts := shape.Graphemes(text)
		for end := len(text) - 1; end > 0; end-- {
			if starts[end] && d.env.stringWidth(string(text[:end]), st, size) <= room {
				return strings.TrimSpace(string(text[:end])) + "…"
			}
		}
		return "…"
	}
	used := 0.0
	for i, r := range s {
		used += runeWidth(st, r) / 1000 * size * ptToMM
		if used > room {
			return strings.TrimSpace(s[:i]) + "…"
		}
	}
	return s
}

// oneLine joins the lines of s with spaces, for the furniture's one line.
func oneLine(s string) string {
	if !strings.ContainsAny(s, "\r\n") {
		return s
	}
	return strings.Join(strings.Fields(strings.NewReplacer("\r\n", " ", "\r", " ", "\n", " ").Replace(s)), " ")
}
