package pdf

// text draws s at x, y (mm, baseline) in the font chosen with setFont,
// writing the operators itself: fpdf's Text formats and escapes through
// several allocations per call, and knows nothing of the fonts, which this
// package embeds (see embed.go). It records the runes each face must hold.
func (d *doc) text(x, y float64, s string) {
	if s == "" {
		return
	}
	used := &d.used[d.font.st]
	for _, r := range s {
		used.add(r)
	}
	p := d.content()
	b := *p
	if d.onPage != d.font {
		b = append(appendFontName(b, d.font.st), ' ')
		b = appendNum(b, d.font.size)
		b = append(b, " Tf "...)
		d.onPage = d.font
	}
	if d.gs.text != d.gs.fill { // text is drawn in the fill colour
		d.gs.fill = d.gs.text
		b = append(appendColor(b, d.gs.fill, "g", "rg"), ' ')
	}
	b = append(b, "BT "...)
	b = appendNum(b, x*mmToPt)
	b = append(b, ' ')
	b = appendNum(b, (d.pageH-y)*mmToPt)
	b = append(b, " Td ("...)
	for _, r := range s { // Scrub left only runes up to U+FFFF: one UTF-16 unit each
		b = appendStringByte(appendStringByte(b, byte(r>>8)), byte(r))
	}
	b = append(b, ") Tj ET"...)
	*p = append(b, '\n')
}

// appendStringByte writes c into a literal string, escaped where PDF
// syntax or line-end conversion would change it. Text is written as
// bytes, two per rune, not in hex: half the bytes to write and compress.
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

// runeSet is a set of runes up to U+FFFF.
type runeSet [0x10000 / 64]uint64

func (s *runeSet) has(r rune) bool { return r <= 0xFFFF && s[r>>6]&(1<<(r&63)) != 0 }

func (s *runeSet) add(r rune) {
	if r <= 0xFFFF {
		s[r>>6] |= 1 << (r & 63)
	}
}
