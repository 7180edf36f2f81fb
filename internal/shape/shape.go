// Package shape holds what recap uses of go-text/typesetting: fonts
// parsed for coverage, metrics and outlines, text shaped into glyphs,
// bidi levels, line-break opportunities (UAX #14) and grapheme clusters
// (UAX #29). The library's API is at version 0 and may move; this package
// is the one place that would move with it.
package shape

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"reflect"
	"sync"
	"sync/atomic"
	"unicode/utf16"

	"github.com/go-text/typesetting/bidi"
	"github.com/go-text/typesetting/di"
	"github.com/go-text/typesetting/font"
	ot "github.com/go-text/typesetting/font/opentype"
	"github.com/go-text/typesetting/font/opentype/tables"
	"github.com/go-text/typesetting/language"
	"github.com/go-text/typesetting/segmenter"
	"github.com/go-text/typesetting/shaping"
	"golang.org/x/image/math/fixed"
)

// Font is one face of a font file; safe for concurrent use. Opening a
// collection only reads its directory, names and character maps: a face's
// other tables are parsed when it first shapes or draws (a face of a CJK
// collection takes a good part of a second).
type Font struct {
	Name   string // the PostScript name, or the family's with spaces dropped
	Family string
	Bold   bool
	Italic bool
	// Outlines says how glyphs are drawn: "glyf" (TrueType), "CFF " or
	// "CFF2", or "" for a font without outlines (bitmaps only).
	Outlines string

	ld   *ot.Loader
	cmap font.Cmap

	once sync.Once
	font *font.Font
	err  error
	// crash is why shaping in the font panicked, once it has: it is not
	// shaped in again.
	crash atomic.Pointer[string]
	upem  int

	mu   sync.Mutex // guards face: font.Face is not safe for concurrent use
	face *font.Face
}

var errNoFaces = errors.New("shape: not a font")

// Source is where a font is read from: a *bytes.Reader, an *os.File.
type Source interface {
	io.Reader
	io.Seeker
	io.ReaderAt
}

// Parse reads a TrueType or OpenType font, or a collection of them: only
// each face's directory, names and character map. The source must stay
// readable while the fonts are in use. A font is hostile input: its table
// directory must lie within the file (go-text allocates what a table's
// record claims), and a panic of go-text's is an error, not a crash.
func Parse(src Source) (fonts []*Font, err error) {
	defer func() {
		if r := recover(); r != nil {
			fonts, err = nil, fmt.Errorf("shape: the font crashed its parser: %v", r)
		}
	}()
	if err := checkDirectory(src); err != nil {
		return nil, err
	}
	return parse(src)
}

// checkDirectory checks that every table of the font, or of each font of
// a collection, lies within the file.
func checkDirectory(src Source) error {
	size, err := src.Seek(0, io.SeekEnd)
	if err != nil {
		return err
	}
	u32 := func(at int64) (uint32, error) {
		var b [4]byte
		if _, err := src.ReadAt(b[:], at); err != nil {
			return 0, errBadDirectory
		}
		return binary.BigEndian.Uint32(b[:]), nil
	}
	tag, err := u32(0)
	if err != nil {
		return err
	}
	offsets := []int64{0}
	if tag == 0x74746366 { // "ttcf": a collection
		n, err := u32(8)
		if err != nil || int64(n) > size/4 {
			return errBadDirectory
		}
		offsets = offsets[:0]
		for i := range int64(n) {
			off, err := u32(12 + 4*i)
			if err != nil {
				return err
			}
			offsets = append(offsets, int64(off))
		}
	}
	for _, off := range offsets {
		var b [2]byte
		if _, err := src.ReadAt(b[:], off+4); err != nil {
			return errBadDirectory
		}
		n := int64(binary.BigEndian.Uint16(b[:]))
		for i := range n {
			rec := off + 12 + 16*i
			at, err1 := u32(rec + 8)
			length, err2 := u32(rec + 12)
			if err1 != nil || err2 != nil || int64(at)+int64(length) > size {
				return errBadDirectory
			}
		}
	}
	_, err = src.Seek(0, io.SeekStart)
	return err
}

var errBadDirectory = errors.New("shape: the font's table directory points outside the file")

func parse(src Source) ([]*Font, error) {
	lds, err := ot.NewLoaders(src)
	if err != nil {
		return nil, err
	}
	var out []*Font
	for _, ld := range lds {
		raw, err := ld.RawTable(ot.MustNewTag("cmap"))
		if err != nil {
			return nil, err
		}
		tb, _, err := tables.ParseCmap(raw)
		if err != nil {
			return nil, err
		}
		cmap, _, err := font.ProcessCmap(tb, 0)
		if err != nil {
			return nil, err
		}
		f := &Font{ld: ld, cmap: cmap}
		for _, tag := range ld.Tables() { // sorted: CFF before CFF2 before glyf
			if t := tag.String(); (t == "glyf" || t == "CFF " || t == "CFF2") && f.Outlines == "" {
				f.Outlines = t
			}
		}
		d, _ := font.Describe(ld, nil)
		f.Family = d.Family
		f.Bold = d.Aspect.Weight >= font.WeightSemibold
		f.Italic = d.Aspect.Style != font.StyleNormal
		f.Name = postScriptName(f.Table("name"))
		if f.Name == "" {
			f.Name = sanitizeName(d.Family)
		}
		out = append(out, f)
	}
	if len(out) == 0 {
		return nil, errNoFaces
	}
	return out, nil
}

// Table returns one of the face's raw tables, or nil.
func (f *Font) Table(tag string) []byte {
	if len(tag) != 4 {
		return nil
	}
	b, err := f.ld.RawTable(ot.NewTag(tag[0], tag[1], tag[2], tag[3]))
	if err != nil {
		return nil
	}
	return b
}

// Open parses the whole face, once; the methods below need it. A panic of
// go-text's while parsing is an error.
func (f *Font) Open() error {
	f.once.Do(func() {
		defer func() {
			if r := recover(); r != nil {
				f.font, f.face, f.err = nil, nil, fmt.Errorf("shape: the font crashed its parser: %v", r)
			}
		}()
		f.font, f.err = font.NewFont(f.ld)
		if f.err == nil {
			f.upem = int(f.font.Upem())
			f.face = font.NewFace(f.font)
		}
	})
	return f.err
}

// Ascent and Descent are the font's, in font units (descent negative).
func (f *Font) Ascent() float64 { a, _ := f.extents(); return a }

func (f *Font) Descent() float64 { _, d := f.extents(); return d }

func (f *Font) extents() (ascent, descent float64) {
	if f.Open() != nil {
		return 0, 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	e, _ := f.face.FontHExtents()
	return float64(e.Ascender), float64(e.Descender)
}

// Upem is the font's units per em.
func (f *Font) Upem() int {
	if f.Open() != nil {
		return 1000
	}
	return f.upem
}

// postScriptName reads name 6 from a name table: Windows Unicode first,
// then Macintosh Roman.
func postScriptName(name []byte) string {
	if len(name) < 6 {
		return ""
	}
	count, strings := int(binary.BigEndian.Uint16(name[2:])), int(binary.BigEndian.Uint16(name[4:]))
	mac := ""
	for i := range count {
		rec := 6 + 12*i
		if rec+12 > len(name) {
			break
		}
		platform, id := binary.BigEndian.Uint16(name[rec:]), binary.BigEndian.Uint16(name[rec+6:])
		length, off := int(binary.BigEndian.Uint16(name[rec+8:])), int(binary.BigEndian.Uint16(name[rec+10:]))
		if id != 6 || strings+off+length > len(name) {
			continue
		}
		raw := name[strings+off : strings+off+length]
		switch platform {
		case 3, 0:
			u := make([]uint16, len(raw)/2)
			for j := range u {
				u[j] = binary.BigEndian.Uint16(raw[2*j:])
			}
			return sanitizeName(string(utf16.Decode(u)))
		case 1:
			mac = sanitizeName(string(raw))
		}
	}
	return mac
}

// sanitizeName keeps what a PDF name may hold unescaped.
func sanitizeName(s string) string {
	var b []byte
	for _, c := range []byte(s) {
		if c > ' ' && c < 0x7F && !bytes.ContainsRune([]byte("()<>[]{}/%#"), rune(c)) {
			b = append(b, c)
		}
	}
	return string(b)
}

// Glyph returns the font's glyph for r, if it has one.
func (f *Font) Glyph(r rune) (uint16, bool) {
	g, ok := f.cmap.Lookup(r)
	return uint16(g), ok && g != 0 && g <= 0xFFFF
}

// Covers reports whether the font has a glyph for every rune of text.
func (f *Font) Covers(text []rune) bool {
	for _, r := range text {
		if _, ok := f.Glyph(r); !ok && !Invisible(r) {
			return false
		}
	}
	return true
}

// Advance returns a glyph's advance, in font units.
func (f *Font) Advance(g uint16) float32 {
	if f.Open() != nil {
		return 0
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.face.HorizontalAdvance(font.GID(g))
}

// Segment is one step of a glyph's outline, in font units, y up: a move,
// a line, a quadratic or a cubic curve to the last point.
type Segment struct {
	Op  byte // 'M', 'L', 'Q' or 'C'
	Pts [3][2]float32
}

// Outline returns a glyph's outline, or nil for a glyph without one.
func (f *Font) Outline(g uint16) []Segment {
	if f.Open() != nil {
		return nil
	}
	f.mu.Lock()
	o, ok := f.face.GlyphDataOutline(font.GID(g))
	f.mu.Unlock()
	if !ok {
		return nil
	}
	out := make([]Segment, len(o.Segments))
	for i := range o.Segments {
		s := &o.Segments[i]
		out[i].Op = "MLQC"[s.Op]
		for j, p := range s.ArgsSlice() {
			out[i].Pts[j] = [2]float32{p.X, p.Y}
		}
	}
	return out
}

// Extents returns a glyph's bounding box in font units, y up.
func (f *Font) Extents(g uint16) (x0, y0, x1, y1 float32) {
	if f.Open() != nil {
		return 0, 0, 0, 0
	}
	f.mu.Lock()
	e, ok := f.face.GlyphExtents(font.GID(g))
	f.mu.Unlock()
	if !ok {
		return 0, 0, 0, 0
	}
	return e.XBearing, e.YBearing + e.Height, e.XBearing + e.Width, e.YBearing
}

// Glyph is one glyph of shaped text, in font units.
type Glyph struct {
	ID               uint16
	Advance          float32
	XOffset, YOffset float32
	// Start and End are the runes of its cluster, as indexes into the
	// text shaped; every glyph of a cluster has the same ones.
	Start, End int
}

// Shaper shapes text; one is not safe for concurrent use.
type Shaper struct {
	hb    shaping.HarfbuzzShaper
	faces map[*Font]*font.Face
}

// Shape shapes text[start:end] in f, right to left if rtl, with the rest
// of text as context. Glyphs come in visual order, left to right. A font
// that cannot be opened, or whose tables made go-text's shaper panic (a
// hostile font can), is an error, and the font is not shaped in again.
func (s *Shaper) Shape(f *Font, text []rune, start, end int, rtl bool, lang string) (glyphs []Glyph, err error) {
	if err := f.Open(); err != nil {
		return nil, err
	}
	if c := f.crash.Load(); c != nil {
		return nil, errors.New(*c)
	}
	defer func() {
		if r := recover(); r != nil {
			msg := fmt.Sprintf("shape: the font crashed its shaper: %v", r)
			f.crash.CompareAndSwap(nil, &msg)
			glyphs, err = nil, errors.New(msg)
			delete(s.faces, f)
			s.hb = shaping.HarfbuzzShaper{} // its buffers as the panic left them
		}
	}()
	if s.faces == nil {
		s.faces = map[*Font]*font.Face{}
	}
	face := s.faces[f]
	if face == nil {
		face = font.NewFace(f.font)
		s.faces[f] = face
	}
	dir := di.DirectionLTR
	if rtl {
		dir = di.DirectionRTL
	}
	in := shaping.Input{
		Text: text, RunStart: start, RunEnd: end, Direction: dir, Face: face,
		Size: fixed.Int26_6(f.upem << 6), Script: scriptOf(text[start:end]), Language: language.NewLanguage(lang),
	}
	out := s.hb.Shape(in)
	glyphs = make([]Glyph, len(out.Glyphs))
	for i, g := range out.Glyphs {
		glyphs[i] = Glyph{
			ID: uint16(g.GlyphID), Advance: float32(g.Advance) / 64,
			XOffset: float32(g.XOffset) / 64, YOffset: float32(g.YOffset) / 64,
			Start: g.TextIndex(), End: g.TextIndex() + g.RunesCount(),
		}
	}
	return glyphs, nil
}

func scriptOf(text []rune) language.Script {
	for _, r := range text {
		if s := language.LookupScript(r); s != language.Common && s != language.Inherited && s != language.Unknown {
			return s
		}
	}
	return language.Latin
}

// Script names a rune's script, "" for characters every script uses
// (digits, punctuation, spaces) and marks that take their base's.
func Script(r rune) string {
	switch s := language.LookupScript(r); s {
	case language.Common, language.Inherited, language.Unknown:
		return ""
	default:
		return s.String()
	}
}

// Levels returns the bidi embedding level of each rune of a paragraph
// whose direction is left to right (UAX #9): odd levels read right to
// left.
func Levels(text []rune) []uint8 {
	var p bidi.Paragraph
	runs := p.Segment(text, bidi.LeftToRight)
	return resolvedLevels(runs, len(text))
}

// resolvedLevels reads the level of each rune from what the bidi package
// returns. Its runs are cut where the direction changes, not where the
// level does, so a run's level is only its first rune's (text at level 2
// inside an isolate and level 0 after it share a run); the levels it keeps
// per rune are not exported, and are read here by reflection.
// TestLevelsOfIsolates fails if that field goes.
func resolvedLevels(runs bidi.Runs, n int) []uint8 {
	out := make([]uint8, n)
	v := reflect.ValueOf(runs).FieldByName("levels")
	if v.IsValid() && v.Kind() == reflect.Slice && v.Len() == n && v.Type().Elem().Kind() == reflect.Int8 {
		for i := range n {
			out[i] = uint8(v.Index(i).Int())
		}
		return out
	}
	for i := range runs.NumRuns() { // the runs, if the field is gone
		r := runs.Run(i)
		for j := r.Start; j < r.End && j < n; j++ {
			out[j] = uint8(r.Level)
		}
	}
	return out
}

// LineBreaks reports, for each rune, whether a line may break before it
// (UAX #14). The first rune never breaks.
func LineBreaks(text []rune) []bool {
	out := make([]bool, len(text))
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.LineIterator()
	for it.Next() {
		if at := it.Line().Offset; at > 0 && at < len(out) {
			out[at] = true
		}
	}
	return out
}

// Graphemes reports, for each rune, whether it starts a grapheme cluster
// (UAX #29): a line may be cut there, and nowhere else inside a word.
func Graphemes(text []rune) []bool {
	out := make([]bool, len(text))
	var seg segmenter.Segmenter
	seg.Init(text)
	it := seg.GraphemeIterator()
	for it.Next() {
		if at := it.Grapheme().Offset; at < len(out) {
			out[at] = true
		}
	}
	return out
}

// Invisible reports a rune that draws nothing and needs no glyph: the
// bidi isolates recap puts around values, and joiners.
func Invisible(r rune) bool {
	switch r {
	case 0x2068, 0x2069, 0x200D, 0x200C:
		return true
	}
	return false
}
