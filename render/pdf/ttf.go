package pdf

import (
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"sync/atomic"
)

// ttFont is just enough of a TrueType font to measure text and embed a
// subset of it: the tables, the Unicode character map, advance widths and
// where each glyph's outline lies.
type ttFont struct {
	tables    map[string][]byte
	upem      float64
	numGlyphs int
	longLoca  bool
	loca      []uint32 // numGlyphs+1 offsets into glyf
	widths    []uint16 // advance per glyph, in thousandths of an em
	cmap4     []byte   // the Unicode BMP character map, format 4
	segs      int      // its segment count
	// glyphs by rune up to U+FFFF, 256 runes at a time, read from cmap4 on
	// first use: a short recap needs two or three blocks of 256.
	blocks [256]atomic.Pointer[[256]uint16]

	// Font descriptor values, in thousandths of an em.
	ascent, descent, capHeight, stemV, flags int
	italicAngle                              float64
	bbox                                     [4]int
	missing                                  int // width of a rune the font lacks
}

var errFont = errors.New("pdf: malformed TrueType font")

func parseTTF(b []byte) (*ttFont, error) {
	if len(b) < 12 {
		return nil, errFont
	}
	tables := map[string][]byte{}
	n := int(u16(b, 4))
	for i := range n {
		rec := 12 + 16*i
		if rec+16 > len(b) {
			return nil, errFont
		}
		off, size := int(u32(b, rec+8)), int(u32(b, rec+12))
		if off+size > len(b) || off < 0 || size < 0 {
			return nil, errFont
		}
		tables[string(b[rec:rec+4])] = b[off : off+size]
	}
	return newTTFont(tables, true)
}

// ttTables are the tables a subset is made of.
var ttTables = []string{"head", "hhea", "maxp", "hmtx", "loca", "glyf", "cmap", "post", "OS/2", "cvt ", "fpgm", "prep"}

// ttFromTables reads a TrueType font from its tables: a fallback font,
// whose glyphs come from shaping, so that it needs no BMP character map.
func ttFromTables(table func(tag string) []byte) (*ttFont, error) {
	tables := map[string][]byte{}
	for _, t := range ttTables {
		if b := table(t); b != nil {
			tables[t] = b
		}
	}
	return newTTFont(tables, false)
}

func newTTFont(tables map[string][]byte, needCmap bool) (*ttFont, error) {
	f := &ttFont{tables: tables}
	for _, t := range ttTables[:8] {
		if f.tables[t] == nil {
			return nil, errFont
		}
	}
	if err := f.parseMetrics(); err != nil {
		return nil, err
	}
	if err := f.parseLoca(); err != nil {
		return nil, err
	}
	if err := f.parseCmap(); err != nil && needCmap {
		return nil, err
	}
	return f, nil
}

func (f *ttFont) parseMetrics() error {
	head, hhea, post := f.tables["head"], f.tables["hhea"], f.tables["post"]
	if len(head) < 54 || len(hhea) < 36 || len(f.tables["maxp"]) < 6 || len(post) < 32 {
		return errFont
	}
	f.upem = float64(u16(head, 18))
	if f.upem == 0 {
		return errFont
	}
	scale := func(v int16) int { return int(float64(v) * 1000 / f.upem) }
	f.bbox = [4]int{scale(i16(head, 36)), scale(i16(head, 38)), scale(i16(head, 40)), scale(i16(head, 42))}
	f.longLoca = i16(head, 50) == 1
	f.ascent, f.descent = scale(i16(hhea, 4)), scale(i16(hhea, 6))
	f.numGlyphs = int(u16(f.tables["maxp"], 4))
	metrics := int(u16(hhea, 34))
	hmtx := f.tables["hmtx"]
	if metrics == 0 || metrics > f.numGlyphs || len(hmtx) < 4*metrics {
		return errFont
	}
	// Widths in whole thousandths of an em, rounded as fpdf rounds them:
	// layout has stayed the same since recap embedded fonts through fpdf.
	f.widths = make([]uint16, f.numGlyphs)
	for g := range f.widths {
		a := u16(hmtx, 4*min(g, metrics-1))
		if a >= 1<<15 {
			a = 0
		}
		f.widths[g] = uint16(math.Round(1000 / f.upem * float64(a)))
	}
	weight := 500
	f.capHeight = f.ascent
	if os2 := f.tables["OS/2"]; len(os2) >= 90 {
		weight = int(u16(os2, 4))
		if u16(os2, 0) > 1 {
			f.capHeight = scale(i16(os2, 88))
		}
	}
	f.stemV = 50 + int(math.Pow(float64(weight)/65, 2))
	f.italicAngle = float64(int32(u32(post, 4))) / 65536
	f.flags = 4 // symbolic: the font's own encoding
	if f.italicAngle != 0 {
		f.flags |= 64
	}
	if u32(post, 12) != 0 {
		f.flags |= 1 // fixed pitch
	}
	f.missing = int(f.widths[0])
	if f.missing == 0 {
		f.missing = 500
	}
	return nil
}

func (f *ttFont) parseLoca() error {
	loca, glyf := f.tables["loca"], f.tables["glyf"]
	f.loca = make([]uint32, f.numGlyphs+1)
	for g := range f.loca {
		var off uint32
		if f.longLoca {
			if 4*g+4 > len(loca) {
				return errFont
			}
			off = u32(loca, 4*g)
		} else {
			if 2*g+2 > len(loca) {
				return errFont
			}
			off = 2 * uint32(u16(loca, 2*g))
		}
		if int(off) > len(glyf) || g > 0 && off < f.loca[g-1] {
			return errFont
		}
		f.loca[g] = off
	}
	return nil
}

// parseCmap finds the Unicode BMP map (format 4); glyph reads it.
func (f *ttFont) parseCmap() error {
	cmap := f.tables["cmap"]
	if len(cmap) < 4 {
		return errFont
	}
	for i := range int(u16(cmap, 2)) {
		rec := 4 + 8*i
		if rec+8 > len(cmap) {
			return errFont
		}
		platform, encoding, off := u16(cmap, rec), u16(cmap, rec+2), int(u32(cmap, rec+4))
		if (platform == 3 && encoding == 1 || platform == 0) && off+14 <= len(cmap) && u16(cmap, off) == 4 {
			f.cmap4 = cmap[off:]
			break
		}
	}
	if f.cmap4 == nil {
		return errFont
	}
	f.segs = int(u16(f.cmap4, 6)) / 2
	if 16+8*f.segs > len(f.cmap4) {
		f.cmap4 = nil
		return errFont
	}
	return nil
}

// glyph returns the glyph of r, or 0 if the font has none.
func (f *ttFont) glyph(r rune) uint16 {
	if r < 0 || r > 0xFFFF || f.cmap4 == nil {
		return 0
	}
	b := f.blocks[r>>8].Load()
	if b == nil {
		b = f.block(int(r >> 8))
	}
	return b[r&0xFF]
}

// block reads the glyphs of runes hi<<8 to hi<<8+255 from the map.
func (f *ttFont) block(hi int) *[256]uint16 {
	var b [256]uint16
	sub, segs := f.cmap4, f.segs
	ends, starts, deltas, ranges := 14, 16+2*segs, 16+4*segs, 16+6*segs
	lo, top := hi<<8, hi<<8+255
	for s := range segs {
		start, end := int(u16(sub, starts+2*s)), int(u16(sub, ends+2*s))
		delta, ro := u16(sub, deltas+2*s), int(u16(sub, ranges+2*s))
		for c := max(start, lo); c <= min(end, top, 0xFFFE); c++ {
			g := uint16(c) + delta
			if ro != 0 {
				g = 0
				if at := ranges + 2*s + ro + 2*(c-start); at+2 <= len(sub) {
					if g = u16(sub, at); g != 0 {
						g += delta
					}
				}
			}
			if int(g) < f.numGlyphs {
				b[c-lo] = g
			}
		}
	}
	f.blocks[hi].CompareAndSwap(nil, &b)
	return f.blocks[hi].Load()
}

// width is r's advance in thousandths of an em; runes the font lacks take
// the missing width, as they do in the PDF.
func (f *ttFont) width(r rune) int {
	g := f.glyph(r)
	if g == 0 {
		return f.missing
	}
	return int(f.widths[g])
}

// subset returns a font of the glyphs order names, numbered anew: glyph k
// of the subset is glyph order[k] of the font (order[0] should be 0, the
// .notdef glyph viewers draw for missing characters). The glyphs composite
// glyphs are built from follow, renumbered too. Its character map is empty:
// PDF maps codes to glyphs itself.
func (f *ttFont) subset(order []uint16) ([]byte, int) {
	order = slices.Clone(order)
	newID := make(map[uint16]uint16, len(order))
	for k, g := range order {
		if _, ok := newID[g]; !ok {
			newID[g] = uint16(k)
		}
	}
	for k := 0; k < len(order); k++ { // order grows as components are found
		for _, c := range f.components(order[k]) {
			if _, ok := newID[c]; !ok && int(c) < f.numGlyphs && len(order) < 0xFFFF {
				newID[c] = uint16(len(order))
				order = append(order, c)
			}
		}
	}
	glyf := f.tables["glyf"]
	var newGlyf, hmtx []byte
	loca := make([]byte, 0, 4*(len(order)+1))
	for _, g := range order {
		loca = f.appendLoca(loca, len(newGlyf))
		at := len(newGlyf)
		if int(g) < f.numGlyphs {
			newGlyf = append(newGlyf, glyf[f.loca[g]:f.loca[g+1]]...)
			f.renumber(newGlyf[at:], newID)
		}
		for len(newGlyf)%4 != 0 {
			newGlyf = append(newGlyf, 0)
		}
		hmtx = f.appendHmetric(hmtx, g)
	}
	loca = f.appendLoca(loca, len(newGlyf))
	n := uint16(len(order))
	maxp, hhea := slices.Clone(f.tables["maxp"]), slices.Clone(f.tables["hhea"])
	binary.BigEndian.PutUint16(maxp[4:], n)
	binary.BigEndian.PutUint16(hhea[34:], n)
	// post format 3: no glyph names, which PDF viewers never use.
	post := slices.Clone(f.tables["post"][:32])
	binary.BigEndian.PutUint32(post, 0x00030000)
	tables := map[string][]byte{"glyf": newGlyf, "loca": loca, "hmtx": hmtx, "maxp": maxp, "hhea": hhea, "post": post, "cmap": emptyCmap}
	for _, t := range []string{"head", "OS/2", "cvt ", "fpgm", "prep"} {
		if b, ok := f.tables[t]; ok {
			tables[t] = b
		}
	}
	return assembleTTF(tables), len(order)
}

// emptyCmap is a Unicode character map (3, 1, format 4) that maps nothing:
// a table TrueType requires, whose mapping PDF does not use.
var emptyCmap = []byte{
	0, 0, 0, 1, // version, one subtable
	0, 3, 0, 1, 0, 0, 0, 12, // Windows Unicode BMP, at offset 12
	0, 4, 0, 24, 0, 0, // format 4, length, language
	0, 2, 0, 2, 0, 0, 0, 0, // one segment
	0xFF, 0xFF, 0, 0, 0xFF, 0xFF, 0, 1, 0, 0, // end, pad, start, delta, range offset
}

// appendHmetric appends glyph g's advance and left side bearing as hmtx
// holds them for a font whose every glyph has a long metric.
func (f *ttFont) appendHmetric(b []byte, g uint16) []byte {
	hmtx, metrics := f.tables["hmtx"], int(u16(f.tables["hhea"], 34))
	if int(g) < metrics {
		return append(b, hmtx[4*int(g):4*int(g)+4]...)
	}
	if at := 4*metrics + 2*(int(g)-metrics); at+2 <= len(hmtx) && int(g) < f.numGlyphs {
		b = append(b, hmtx[4*(metrics-1):4*metrics-2]...) // the last advance, then its own bearing
		return append(b, hmtx[at:at+2]...)
	}
	return append(b, 0, 0, 0, 0)
}

// renumber rewrites the component glyph ids of a composite glyph.
func (f *ttFont) renumber(data []byte, newID map[uint16]uint16) {
	f.eachComponent(data, func(at int) {
		binary.BigEndian.PutUint16(data[at:], newID[u16(data, at)])
	})
}

func (f *ttFont) appendLoca(b []byte, off int) []byte {
	if f.longLoca {
		return binary.BigEndian.AppendUint32(b, uint32(off))
	}
	return binary.BigEndian.AppendUint16(b, uint16(off/2))
}

// components lists the glyphs a composite glyph is built from.
func (f *ttFont) components(g uint16) []uint16 {
	if int(g) >= f.numGlyphs {
		return nil
	}
	data := f.tables["glyf"][f.loca[g]:f.loca[g+1]]
	var out []uint16
	f.eachComponent(data, func(at int) { out = append(out, u16(data, at)) })
	return out
}

// eachComponent calls fn with the offset of each component's glyph id in
// the data of a composite glyph; a simple glyph has none.
func (f *ttFont) eachComponent(data []byte, fn func(at int)) {
	if len(data) < 10 || i16(data, 0) >= 0 {
		return
	}
	for at := 10; at+4 <= len(data); {
		flags := u16(data, at)
		fn(at + 2)
		at += 4
		switch {
		case flags&0x0001 != 0: // arguments are words
			at += 4
		default:
			at += 2
		}
		switch {
		case flags&0x0008 != 0: // a scale
			at += 2
		case flags&0x0040 != 0: // x and y scales
			at += 4
		case flags&0x0080 != 0: // a 2x2 matrix
			at += 8
		}
		if flags&0x0020 == 0 { // no more components
			return
		}
	}
}

// assembleTTF writes tables as a TrueType file, with table checksums and
// the head table's whole-file adjustment.
func assembleTTF(tables map[string][]byte) []byte {
	tags := make([]string, 0, len(tables))
	size := 12 + 16*len(tables)
	for t, b := range tables {
		tags = append(tags, t)
		size += (len(b) + 3) &^ 3
	}
	slices.Sort(tags)
	out := make([]byte, 12+16*len(tags), size)
	binary.BigEndian.PutUint32(out, 0x00010000)
	n := len(tags)
	entrySelector := int(math.Floor(math.Log2(float64(n))))
	searchRange := 16 << entrySelector
	binary.BigEndian.PutUint16(out[4:], uint16(n))
	binary.BigEndian.PutUint16(out[6:], uint16(searchRange))
	binary.BigEndian.PutUint16(out[8:], uint16(entrySelector))
	binary.BigEndian.PutUint16(out[10:], uint16(16*n-searchRange))
	headAt := 0
	var sum uint32 // of the tables: they start and end on whole words
	for i, t := range tags {
		b := tables[t]
		if t == "head" {
			headAt = len(out)
			b = slices.Clone(b)
			binary.BigEndian.PutUint32(b[8:], 0) // checkSumAdjustment, set below
		}
		rec := out[12+16*i:]
		copy(rec, t)
		tableSum := ttfChecksum(b)
		sum += tableSum
		binary.BigEndian.PutUint32(rec[4:], tableSum)
		binary.BigEndian.PutUint32(rec[8:], uint32(len(out)))
		binary.BigEndian.PutUint32(rec[12:], uint32(len(b)))
		out = append(out, b...)
		for len(out)%4 != 0 {
			out = append(out, 0)
		}
	}
	sum += ttfChecksum(out[:12+16*n]) // and of the directory: the whole file's
	binary.BigEndian.PutUint32(out[headAt+8:], 0xB1B0AFBA-sum)
	return out
}

func ttfChecksum(b []byte) uint32 {
	var sum uint32
	for i := 0; i < len(b); i += 4 {
		var w [4]byte
		copy(w[:], b[i:])
		sum += binary.BigEndian.Uint32(w[:])
	}
	return sum
}

func u16(b []byte, at int) uint16 { return binary.BigEndian.Uint16(b[at:]) }
func i16(b []byte, at int) int16  { return int16(binary.BigEndian.Uint16(b[at:])) }
func u32(b []byte, at int) uint32 { return binary.BigEndian.Uint32(b[at:]) }
