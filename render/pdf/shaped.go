package pdf

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/shape"
)

// Text the Go fonts cover, without marks to place or right-to-left
// runs, is measured and drawn rune by rune, as it always was: a Latin,
// Greek or Cyrillic recap keeps its bytes and its speed. Any other text
// is shaped: split into runs of one script and one direction, each in the
// first font that covers the whole run (fonts.go, fontset.go), shaped by
// HarfBuzz (package shape), broken into lines at the opportunities of
// UAX #14, cut inside a word only between grapheme clusters, and laid out
// in bidi order.

// textEnv is what a document lays text out with.
type textEnv struct {
	set    *FontSet
	chains [numStyles][]candidate
	shaper shape.Shaper
	lang   string               // the document's language, BCP 47
	langs  map[string]string    // values from the notes, by text: their language
	found  map[setQuery]*face   // the font set's answers to short texts (find)
	shaped map[shapeQuery]run   // short texts shaped (shapeRun)
	single map[shapeQuery][]run // pieces of one character, as runs gives them: most pieces of Chinese
}

// shapeQuery is a short text shaped in a face, at a level and size, in a
// language.
type shapeQuery struct {
	text  string
	f     *face
	st    style
	level uint8
	size  float64
	lang  string
}

// setQuery is a text the font set was asked to draw, in a style and a
// language.
type setQuery struct {
	text string
	st   style
	lang string
}

func newEnv(opt Options) *textEnv {
	return &textEnv{set: opt.Fonts, lang: opt.Lang, langs: opt.Langs}
}

// run is a piece of shaped text: one script, one direction, one face.
type run struct {
	text   string
	face   *face // nil: the Go font of the style, drawn rune by rune
	glyphs []shape.Glyph
	w      float64 // mm
	level  uint8
	lang   string
	// plain is set when each glyph stands for one cluster, left to right,
	// so that each glyph's ToUnicode says its text; else the run says its
	// text as marked content (/ActualText).
	plain bool
	// joined is set once other runs are joined to it (join): its glyphs
	// are its own, more holds the text of those joined to it until it is
	// whole, and runes counts the runes of all.
	joined bool
	more   []string
	runes  int
}

// simpleText reports whether s is drawn rune by rune in the Go font of st.
func simpleText(s string, st style) bool {
	f := fonts[st]()
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		i += n
		if f.glyph(r) == 0 || unicode.In(r, unicode.Mn, unicode.Me, unicode.Mc) || rtl(r) {
			return false
		}
	}
	return true
}

func simpleSpans(spans []span) bool {
	for _, sp := range spans {
		if !simpleText(sp.text, sp.st) {
			return false
		}
	}
	return true
}

// rtl reports a character that may start right-to-left text, or an
// isolate that changes how the bidi algorithm reads what follows.
func rtl(r rune) bool {
	return r >= 0x0590 && r <= 0x08FF || r >= 0xFB1D && r <= 0xFDFF || r >= 0xFE70 && r <= 0xFEFF ||
		r >= 0x10800 && r <= 0x10FFF || r >= 0x1E800 && r <= 0x1EFFF || r >= 0x2066 && r <= 0x2069
}

// maxPiece is the most runes a word is measured as one piece (see
// appendShaped).
const maxPiece = 512

// appendShaped appends spans split into pieces, for text that is not all
// simple: levels and line-break opportunities come from the paragraph.
func (e *textEnv) appendShaped(out []piece, spans []span, size float64) []piece {
	var text []rune
	for _, sp := range spans {
		for _, r := range sp.text {
			text = append(text, r)
		}
	}
	var levels []uint8
	for _, r := range text {
		if rtl(r) {
			levels = shape.Levels(text)
			break
		}
	}
	breaks := shape.LineBreaks(text)
	var clusters []bool // grapheme starts, where a long word is cut
	if len(text) > maxPiece {
		clusters = shape.Graphemes(text)
	}
	langs := e.isolateLangs(text)
	// A piece ends at each opportunity to break, space or change of span:
	// room for them all at once (a piece per character of 1 MB of
	// Chinese grew the slice through 300 MB).
	n := len(spans)
	for i, r := range text {
		if breaks[i] || r == ' ' || r == '\n' {
			n++
		}
	}
	out = slices.Grow(out, n)
	at := 0 // rune index of the paragraph
	for si, sp := range spans {
		start, kind, first := -1, 0, 0 // the piece being read: its byte offset, kind and first rune
		var level uint8
		flush := func(end int) {
			if start < 0 {
				return
			}
			p := piece{text: sp.text[start:end], span: si, end: end, st: sp.st, link: sp.link, level: level, space: kind == 1}
			e.measure(&p, size, langs[first])
			out = append(out, p)
			start = -1
		}
		for i, r := range sp.text {
			lv := uint8(0)
			if levels != nil {
				lv = levels[at]
			}
			switch {
			case r == '\n':
				flush(i)
				out = append(out, piece{brk: true, span: si, end: i + 1, st: sp.st, link: sp.link})
			case shape.Invisible(r):
				flush(i)
			case r == ' ':
				if start >= 0 && (kind != 1 || lv != level) {
					flush(i)
				}
				if start < 0 {
					start, kind, level, first = i, 1, lv, at
				}
			default:
				brk := at > 0 && breaks[at]
				// A word longer than maxPiece runes is cut into pieces of
				// about that length, at grapheme boundaries, that a line may
				// break between: no line holds that much, and cutting a
				// word to fit a line then costs a piece's length, not the
				// word's (100 KB of Thai without a space).
				long := clusters != nil && kind == 2 && at-first >= maxPiece && clusters[at]
				if start >= 0 && (kind != 2 || lv != level || brk || long) {
					flush(i)
					if (brk || long) && kind == 2 {
						out[len(out)-1].brkAfter = true
					}
				}
				if start < 0 {
					start, kind, level, first = i, 2, lv, at
				}
			}
			at++
		}
		flush(len(sp.text))
	}
	return out
}

// isolateLangs gives each rune inside a bidi isolate the language of the
// value the isolate holds, where the document says it (Options.Langs).
func (e *textEnv) isolateLangs(text []rune) []string {
	out := make([]string, len(text)+1)
	for i := range out {
		out[i] = e.lang
	}
	if len(e.langs) == 0 {
		return out[1:]
	}
	for i := 0; i < len(text); i++ {
		if text[i] != 0x2068 {
			continue
		}
		j := i + 1
		for j < len(text) && text[j] != 0x2069 {
			j++
		}
		if lang, ok := e.langs[string(text[i+1:j])]; ok {
			for k := i; k < j && k < len(text); k++ {
				out[k+1] = lang
			}
		}
		i = j
	}
	return out[1:]
}

// measure sets a piece's width, and its runs unless it is simple.
func (e *textEnv) measure(p *piece, size float64, lang string) {
	if p.level == 0 && simpleText(p.text, p.st) {
		p.w, p.runs = textWidth(p.text, p.st, size), nil
		return
	}
	p.runs = e.runs(p.text, p.st, p.level, size, lang)
	p.w = 0
	for _, r := range p.runs {
		p.w += r.w
	}
}

// runs splits text of one direction into runs of one script, each in the
// first face that covers all of it, and shapes them.
func (e *textEnv) runs(s string, st style, level uint8, size float64, lang string) []run {
	if _, n := utf8.DecodeRuneInString(s); n == len(s) && n > 0 {
		// Shared: runs are copied where they are laid out (addRuns).
		return remember(&e.single, shapeQuery{text: s, st: st, level: level, size: size, lang: lang}, func() []run {
			return e.splitRuns([]rune(s), st, level, size, lang)
		})
	}
	return e.splitRuns([]rune(s), st, level, size, lang)
}

// splitRuns is runs, for text as runes.
func (e *textEnv) splitRuns(text []rune, st style, level uint8, size float64, lang string) []run {
	var out []run
	for _, seg := range scriptRuns(text) {
		for _, part := range e.faceRuns(text[seg[0]:seg[1]], st, lang) {
			out = append(out, e.shapeRun(part.text, part.face, st, level, size, lang))
		}
	}
	return out
}

// scriptRuns cuts text where its script changes; digits, punctuation and
// marks stay with the script around them.
func scriptRuns(text []rune) [][2]int {
	var out [][2]int
	start, cur := 0, ""
	for i, r := range text {
		s := shape.Script(r)
		switch {
		case s == "" || s == cur:
		case cur == "":
			cur = s
		default:
			out = append(out, [2]int{start, i})
			start, cur = i, s
		}
	}
	return append(out, [2]int{start, len(text)})
}

type facePart struct {
	text []rune
	face *face
}

// faceRuns gives text the first face of the chain (fonts.go) that covers
// all of it. Where none does, each stretch takes the first that covers
// it, punctuation and marks staying with their neighbours' face where it
// has them; only what no face of the chain has comes from the font set,
// whole if one of its faces covers the stretch; what no face has at all
// is drawn in the Go font, as an empty box.
func (e *textEnv) faceRuns(text []rune, st style, lang string) []facePart {
	chain := e.chain(st)
	if f := firstCovering(chain, text); f != nil {
		return []facePart{{text, f}}
	}
	faces := make([]*face, len(text)) // by rune: its chain face, or nil
	for i, r := range text {
		if shape.Invisible(r) || unicode.In(r, unicode.Mn, unicode.Me) && i > 0 && (faces[i-1] == nil || faces[i-1].covers(text[i:i+1])) {
			if i > 0 {
				faces[i] = faces[i-1]
			}
			continue
		}
		faces[i] = firstCovering(chain, text[i:i+1])
	}
	for i := 1; i < len(text); i++ { // common characters join the face before them, if it has them
		if shape.Script(text[i]) == "" && faces[i-1] != nil && faces[i] != faces[i-1] && faces[i-1].covers(text[i:i+1]) {
			faces[i] = faces[i-1]
		}
	}
	var out []facePart
	for i := 0; i < len(text); {
		j := i + 1
		for j < len(text) && faces[j] == faces[i] {
			j++
		}
		if faces[i] != nil {
			out = append(out, facePart{text[i:j], faces[i]})
		} else {
			out = append(out, e.fromSet(text[i:j], st, lang)...)
		}
		i = j
	}
	return out
}

// fromSet gives a stretch no face of the chain has a face of the font
// set: one for all of it if it can, else one per rune; the Go font where
// none has a rune.
func (e *textEnv) fromSet(text []rune, st style, lang string) []facePart {
	if e.set != nil {
		if f := e.find(text, st, lang); f != nil {
			return []facePart{{text, f}}
		}
	}
	var out []facePart
	for i := range text {
		var f *face
		if e.set != nil {
			f = e.find(text[i:i+1], st, lang)
		}
		if f == nil {
			f = goFaces[st]()
		}
		if n := len(out); n > 0 && out[n-1].face == f {
			out[n-1].text = text[i-len(out[n-1].text) : i+1]
			continue
		}
		out = append(out, facePart{text[i : i+1], f})
	}
	return out
}

// find asks the font set for a face that draws text, remembering its
// answers to short texts: text without spaces breaks into a piece per
// character (Chinese, Japanese), and the set reads every font's character
// map for each (1 MB of Chinese, built with the system's fonts: 2.3 s,
// then 1.4 s).
func (e *textEnv) find(text []rune, st style, lang string) *face {
	if len(text) > 4 {
		return e.set.find(text, st, lang)
	}
	return remember(&e.found, setQuery{string(text), st, lang}, func() *face { return e.set.find(text, st, lang) })
}

// remember returns m's value for k, made by mk the first time.
func remember[K comparable, V any](m *map[K]V, k K, mk func() V) V {
	if v, ok := (*m)[k]; ok {
		return v
	}
	v := mk()
	if *m == nil {
		*m = map[K]V{}
	}
	(*m)[k] = v
	return v
}

// shapeRun shapes one run; text in a Go font with nothing to place is
// drawn rune by rune.
func (e *textEnv) shapeRun(text []rune, f *face, st style, level uint8, size float64, lang string) run {
	if len(text) > 4 {
		return e.shape(text, f, st, level, size, lang)
	}
	// Text without spaces breaks into a piece per character (Chinese,
	// Japanese), each shaped on its own: the same few characters, shaped
	// once each (a run's glyphs are never changed once shaped).
	return remember(&e.shaped, shapeQuery{string(text), f, st, level, size, lang}, func() run { return e.shape(text, f, st, level, size, lang) })
}

func (e *textEnv) shape(text []rune, f *face, st style, level uint8, size float64, lang string) run {
	s := string(text)
	r := run{text: s, level: level, lang: lang}
	if f.goFace && level%2 == 0 && simpleText(s, st) {
		r.w = textWidth(s, st, size)
		return r
	}
	glyphs, err := e.shaper.Shape(f.sf, text, 0, len(text), level%2 == 1, lang)
	if err != nil && !f.goFace {
		// A font of the set that crashed the shaper is skipped from now
		// on, and said to be; the text falls back to the set's next font
		// that has it, or to the Go font, which draws a box for what it
		// lacks.
		if e.set != nil {
			e.set.broke(f.file, err)
			if g := e.set.find(text, st, lang); g != nil {
				return e.shape(text, g, st, level, size, lang)
			}
		}
		return e.shape(text, goFaces[st](), st, level, size, lang)
	}
	r.face = f
	r.glyphs = glyphs
	if f.goFace {
		boxMissing(f, r.glyphs)
	}
	var adv float32
	r.plain = level%2 == 0
	for i, g := range r.glyphs {
		adv += g.Advance
		if g.End-g.Start != 1 || i > 0 && r.glyphs[i-1].Start == g.Start || i > 0 && g.Start < r.glyphs[i-1].Start || g.XOffset != 0 || g.YOffset != 0 {
			r.plain = false
		}
	}
	if len(r.glyphs) != len(text) {
		r.plain = false
	}
	r.w = float64(adv) / float64(f.sf.Upem()) * size * ptToMM
	return r
}

// emptyBox is the character drawn for one no font has.
const emptyBox = '□' // U+25A1 WHITE SQUARE

// boxMissing draws what the Go font lacks as an empty box, the font's
// own □, and not as the .notdef glyph, which PDF/A forbids text to show.
// The glyph's text stays the character's, for extraction.
func boxMissing(f *face, glyphs []shape.Glyph) {
	for i, g := range glyphs {
		if g.ID == 0 {
			if box, ok := f.sf.Glyph(emptyBox); ok {
				glyphs[i].ID, glyphs[i].Advance = box, f.sf.Advance(box)
			}
		}
	}
}

// stringWidth is the width of s in style st at size pt, in mm, shaped if
// need be: for text outside paragraphs, such as the running header.
func (e *textEnv) stringWidth(s string, st style, size float64) float64 {
	if simpleText(s, st) {
		return textWidth(s, st, size)
	}
	w := 0.0
	for _, p := range e.appendShaped(nil, []span{{text: s, st: st}}, size) {
		w += p.w
	}
	return w
}

// cutShaped cuts a shaped piece to fit in room mm: at the last grapheme
// boundary where its head fits, or after its first grapheme on an empty
// line, so that breaking always advances.
func (e *textEnv) cutShaped(p piece, room, size float64, emptyLine bool) (head, tail piece) {
	text := []rune(p.text)
	starts := shape.Graphemes(text)
	// Each rune's share of the width, from the glyphs of its cluster.
	share := make([]float64, len(text)+1)
	at := 0
	for _, r := range p.runs {
		n := utf8.RuneCountInString(r.text)
		if r.face == nil {
			for i, c := range []rune(r.text) {
				share[at+i] = runeWidth(p.st, c) / 1000 * size * ptToMM
			}
		} else {
			for _, g := range r.glyphs {
				if g.Start >= 0 && g.Start < n {
					share[at+g.Start] += float64(g.Advance) / float64(r.face.sf.Upem()) * size * ptToMM
				}
			}
		}
		at += n
	}
	cut, w := 0, 0.0
	for i := 0; i < len(text); {
		j := i + 1
		for j < len(text) && !starts[j] {
			j++
		}
		cw := 0.0
		for k := i; k < j; k++ {
			cw += share[k]
		}
		if w+cw > room && !(cut == 0 && emptyLine) {
			break
		}
		w += cw
		cut = j
		i = j
		if emptyLine && w > room {
			break
		}
	}
	lang := e.lang
	if len(p.runs) > 0 {
		lang = p.runs[0].lang
	}
	// A head shaped alone may be wider than its share in context (Arabic
	// letters take other forms at the end of a word): cut earlier until
	// it fits.
	for cut > 0 {
		headText := string(text[:cut])
		head, tail = p, p
		head.text, head.end = headText, p.end-len(p.text)+len(headText)
		tail.text = p.text[len(headText):]
		e.measure(&head, size, lang)
		first := 1
		for first < len(text) && !starts[first] {
			first++
		}
		if head.w <= room+1e-9 || emptyLine && cut <= first {
			e.measure(&tail, size, lang)
			return head, tail
		}
		for cut--; cut > 0 && !starts[cut]; cut-- {
		}
	}
	return piece{span: p.span, end: p.end - len(p.text), st: p.st, link: p.link, level: p.level}, p
}

// trimRuns drops spaces at the end of a fragment's runs.
func trimRuns(f *frag, size float64) {
	for len(f.runs) > 0 {
		last := &f.runs[len(f.runs)-1]
		t := strings.TrimRight(last.text, " ")
		if t == last.text {
			return
		}
		if t != "" && last.face != nil {
			return // a shaped run ends in a space only inside text: keep it
		}
		cut := len(last.text) - len(t)
		f.w -= last.w
		if t == "" {
			f.runs = f.runs[:len(f.runs)-1]
		} else {
			last.text = t
			last.w = textWidth(t, f.st, size)
			f.w += last.w
		}
		f.text = f.text[:len(f.text)-cut]
		f.end -= cut
	}
}
