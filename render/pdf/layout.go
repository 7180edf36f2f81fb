package pdf

import (
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/shape"
	"github.com/yuin/goldmark/ast"
)

// span is a run of text in one style.
type span struct {
	text string
	st   style
	link string
}

// frag is a piece of a laid-out line, positioned from the line's start.
type frag struct {
	text string
	span int
	end  int
	st   style
	link string
	x, w float64 // mm
	runs []run   // for shaped text; nil when it is drawn rune by rune
}

// line is one laid-out line of text.
type line struct {
	frags []frag
	w     float64 // mm
}

// piece is a word, a space or a line break, in one style: text is a slice
// of its span's text, so that neighbouring pieces join without copying.
type piece struct {
	text  string
	span  int // index of its span
	end   int // offset of the end of text in the span's text
	st    style
	link  string
	w     float64
	space bool
	brk   bool
	// For text that is not simple (shaped.go): its bidi level, whether a
	// line may break after it though no space follows (UAX #14), and its
	// shaped runs.
	level    uint8
	brkAfter bool
	runs     []run
}

// textWidth returns the width of s in style st at size pt, in mm.
func textWidth(s string, st style, size float64) float64 {
	f := fonts[st]()
	total := 0
	for _, r := range s {
		total += f.width(r)
	}
	return float64(total) / 1000 * size * ptToMM
}

const (
	ptToMM = 25.4 / 72
	mmToPt = 72 / 25.4
)

// piecePool keeps piece buffers: a long recap splits into hundreds of
// thousands of pieces, which only live while their paragraph is broken.
var piecePool = sync.Pool{New: func() any { return new([]piece) }}

// withPieces calls f with spans split into words, spaces and line breaks;
// the pieces are not valid after f returns.
func withPieces(e *textEnv, spans []span, size float64, f func([]piece)) {
	buf := piecePool.Get().(*[]piece)
	ps := appendPieces(e, (*buf)[:0], spans, size)
	f(ps)
	clear(ps) // let go of the text
	*buf = ps[:0]
	piecePool.Put(buf)
}

// appendPieces appends spans split into words, spaces and line breaks.
func appendPieces(e *textEnv, out []piece, spans []span, size float64) []piece {
	if !simpleSpans(spans) {
		return e.appendShaped(out, spans, size)
	}
	for si, sp := range spans {
		rest := sp.text
		for rest != "" {
			var p piece
			switch {
			case rest[0] == '\n':
				p = piece{brk: true}
				rest = rest[1:]
			case rest[0] == ' ':
				n := len(rest) - len(strings.TrimLeft(rest, " "))
				p = piece{text: rest[:n], space: true}
				rest = rest[n:]
			default:
				n := 1
				for n < len(rest) && rest[n] != ' ' && rest[n] != '\n' {
					n++
				}
				p = piece{text: rest[:n]}
				rest = rest[n:]
			}
			p.span, p.end = si, len(sp.text)-len(rest)
			p.st, p.link = sp.st, sp.link
			p.w = textWidth(p.text, p.st, size)
			out = append(out, p)
		}
	}
	return out
}

// breakLines lays spans out in lines no wider than width (mm): greedy,
// breaking at spaces, and inside a word only when the word alone is wider
// than a line. Spaces at the start and end of lines are dropped. It always
// makes progress, so it ends on any input.
func breakLines(e *textEnv, spans []span, width, size float64) []line {
	return breakSpans(e, spans, width, size, false)
}

// breakCode is breakLines for preformatted text: spaces that start a line
// after a line break are kept.
func breakCode(e *textEnv, spans []span, width, size float64) []line {
	return breakSpans(e, spans, width, size, true)
}

func breakSpans(e *textEnv, spans []span, width, size float64, pre bool) (lines []line) {
	withPieces(e, spans, size, func(ps []piece) { lines = layoutPieces(e, ps, spans, width, size, pre, false) })
	return lines
}

// breakJustified is breakLines for a paragraph of body text: every line
// but the last of the paragraph or before a line break is justified
// (justify).
func breakJustified(e *textEnv, spans []span, width, size float64) (lines []line) {
	withPieces(e, spans, size, func(ps []piece) { lines = layoutPieces(e, ps, spans, width, size, false, true) })
	return lines
}

func layoutPieces(e *textEnv, ps []piece, spans []span, width, size float64, pre, justified bool) []line {
	var lines []line
	var cur line
	afterBreak := true
	flushAs := func(full bool) {
		cur.frags = trimSpaces(cur.frags, size)
		cur.w = 0
		if n := len(cur.frags); n > 0 {
			cur.w = cur.frags[n-1].x + cur.frags[n-1].w
		}
		if full && justified {
			cur = justify(cur, width, size)
		}
		lines = append(lines, cur)
		cur = line{}
	}
	flush := func() { flushAs(true) } // a line full: the next word does not fit
	for i := 0; i < len(ps); i++ {
		p := ps[i]
		switch {
		case p.brk:
			flushAs(false)
			afterBreak = true
			continue
		case p.space:
			if len(cur.frags) > 0 || pre && afterBreak && p.w < width {
				cur.add(p, spans)
			}
			continue
		}
		afterBreak = false
		// A word may continue in the next span ("**bold**text"): measure it whole.
		j, ww := i, 0.0
		for ; j < len(ps) && !ps[j].space && !ps[j].brk && (j == i || !ps[j-1].brkAfter); j++ {
			ww += ps[j].w
		}
		if cur.w+ww > width && hasWord(cur.frags) {
			flush()
		}
		for ; i < j; i++ {
			p := ps[i]
			for cur.w+p.w > width+1e-9 && p.text != "" {
				var head, tail piece
				if p.runs != nil {
					head, tail = e.cutShaped(p, width-cur.w, size, !hasWord(cur.frags))
				} else {
					head, tail = splitToFit(p, width-cur.w, size, !hasWord(cur.frags))
				}
				if head.text != "" {
					cur.add(head, spans)
				}
				flush()
				p = tail
			}
			if p.text != "" {
				cur.add(p, spans)
			}
		}
		i--
	}
	if len(cur.frags) > 0 || len(lines) == 0 {
		flushAs(false) // the last line stays ragged
	}
	return lines
}

// maxStretch bounds justification: a space grows by at most its own
// width. A line that would need more stays ragged.
const maxStretch = 1.0

// justify widens the spaces of a line so that it fills width, each in
// proportion to its width. Only a line drawn rune by rune (no shaped
// text: Latin, Greek, Cyrillic in the text face) is justified; a line with
// shaped or right-to-left text, or whose spaces would grow by more than
// maxStretch, is returned as it is. The spaces become fragments of their
// own, placed where they now end.
func justify(l line, width, size float64) line {
	for _, f := range l.frags {
		if f.runs != nil {
			return l
		}
	}
	var fs []frag
	spaceW, total := 0.0, 0.0
	for _, f := range l.frags {
		start := f.end - len(f.text)
		for rest := f.text; rest != ""; {
			n := strings.IndexByte(rest, ' ')
			switch {
			case n == 0:
				n = len(rest) - len(strings.TrimLeft(rest, " "))
			case n < 0:
				n = len(rest)
			}
			part := f
			part.text, part.w = rest[:n], textWidth(rest[:n], f.st, size)
			if f.span >= 0 {
				part.end = start + n
			}
			start += n
			if rest[0] == ' ' {
				spaceW += part.w
			}
			total += part.w
			fs = append(fs, part)
			rest = rest[n:]
		}
	}
	extra := width - total
	if spaceW == 0 || extra <= 1e-9 || extra > spaceW*maxStretch {
		return l
	}
	x := 0.0
	for i := range fs {
		if fs[i].text[0] == ' ' {
			fs[i].w *= 1 + extra/spaceW
		}
		fs[i].x = x
		x += fs[i].w
	}
	return line{frags: fs, w: x}
}

// add appends p to the line, extending the last fragment when p continues
// it in the same span; the text then grows in place, as one substring.
func (l *line) add(p piece, spans []span) {
	n := len(l.frags)
	switch {
	case n > 0 && l.frags[n-1].span == p.span && l.frags[n-1].end == p.end-len(p.text) && p.span >= 0:
		f := &l.frags[n-1]
		f.addRuns(p)
		f.end = p.end
		f.text = spans[p.span].text[p.end-len(f.text)-len(p.text) : p.end]
		f.w += p.w
	case n > 0 && l.frags[n-1].st == p.st && l.frags[n-1].link == p.link:
		f := &l.frags[n-1]
		f.addRuns(p)
		f.text += p.text
		f.span, f.end = -1, 0
		f.w += p.w
	default:
		f := frag{span: p.span, end: p.end, st: p.st, link: p.link, x: l.w}
		f.addRuns(p)
		f.text, f.w = p.text, p.w
		l.frags = append(l.frags, f)
	}
	l.w += p.w
}

// addRuns adds a piece's runs to the fragment, once either is shaped:
// simple text then becomes a run drawn rune by rune.
func (f *frag) addRuns(p piece) {
	if f.runs == nil && p.runs == nil {
		return
	}
	if f.runs == nil && f.text != "" {
		f.runs = []run{{text: f.text, w: f.w}}
	}
	if p.runs == nil {
		if p.text != "" {
			f.runs = append(f.runs, run{text: p.text, w: p.w, level: p.level})
		}
		return
	}
	if f.runs == nil {
		f.runs = []run{}
	}
	for _, r := range p.runs {
		if n := len(f.runs); n > 0 && f.runs[n-1].joins(r) {
			f.runs[n-1].join(r)
			continue
		}
		f.runs = append(f.runs, r)
	}
}

// joins reports whether run s, which follows r, can be drawn as part of
// it: left to right, in one face, level and language. Chinese breaks
// between any two characters, so each is a piece of its own; joined, a
// line of them is one run, not forty.
func (r *run) joins(s run) bool {
	return r.face != nil && r.face == s.face && r.level == s.level && r.level%2 == 0 && r.lang == s.lang
}

// join appends run s to r. The glyphs are copied the first time (r's may
// be those of a memo, shapeRun), and the text is put together once, when
// the run is drawn (whole): appended piece by piece, a line of Chinese
// was copied forty times.
func (r *run) join(s run) {
	if !r.joined { // room for a line of Chinese
		r.glyphs = append(make([]shape.Glyph, 0, len(r.glyphs)+len(s.glyphs)+48), r.glyphs...)
		r.more = make([]string, 0, 48)
		r.runes = utf8.RuneCountInString(r.text)
		r.joined = true
	}
	for _, g := range s.glyphs {
		g.Start += r.runes
		g.End += r.runes
		r.glyphs = append(r.glyphs, g)
	}
	r.more = append(r.more, s.text)
	r.runes += utf8.RuneCountInString(s.text)
	r.w += s.w
	r.plain = r.plain && s.plain
}

// whole puts a joined run's text together.
func (r *run) whole() {
	if len(r.more) > 0 {
		r.text += strings.Join(r.more, "")
		r.more = nil
	}
}

// splitToFit cuts the longest head of p that fits in room; on an empty line
// at least one rune, so that breaking always advances.
func splitToFit(p piece, room, size float64, emptyLine bool) (head, tail piece) {
	w, cut := 0.0, 0
	for i, r := range p.text {
		rw := runeWidth(p.st, r) / 1000 * size * ptToMM
		if w+rw > room {
			break
		}
		w += rw
		cut = i + utf8.RuneLen(r)
	}
	if cut == 0 && emptyLine {
		_, n := utf8.DecodeRuneInString(p.text)
		cut = n
		w = textWidth(p.text[:n], p.st, size)
	}
	head, tail = p, p
	head.text, head.w, head.end = p.text[:cut], w, p.end-len(p.text)+cut
	tail.text, tail.w = p.text[cut:], p.w-w
	return head, tail
}

// trimSpaces drops spaces at the end of a line.
func trimSpaces(fs []frag, size float64) []frag {
	for len(fs) > 0 {
		last := &fs[len(fs)-1]
		if last.runs != nil {
			trimRuns(last, size)
			if strings.Trim(last.text, " ") != "" {
				return fs
			}
			fs = fs[:len(fs)-1]
			continue
		}
		t := strings.TrimRight(last.text, " ")
		if t != "" {
			if t != last.text {
				last.end -= len(last.text) - len(t)
				last.text, last.w = t, textWidth(t, last.st, size)
			}
			return fs
		}
		fs = fs[:len(fs)-1]
	}
	return fs
}

func hasWord(fs []frag) bool {
	for _, f := range fs {
		if strings.Trim(f.text, " ") != "" {
			return true
		}
	}
	return false
}

// brokenKey names a paragraph broken, or a table laid out, for a box
// width.
type brokenKey struct {
	n     ast.Node
	width float64
}

type broken struct {
	spans []span
	lines []line
}

// lines returns n's spans broken into lines for the current box. Blocks
// are measured before they are drawn (groups kept together, headings with
// what follows, short list items), some more than once: the lines broken
// while measuring are kept until drawing takes them.
func (lo *layout) lines(n ast.Node, st style, size float64) ([]span, []line) {
	k := brokenKey{n, lo.x1 - lo.x0}
	if b, ok := lo.broken[k]; ok {
		if !lo.measuring {
			delete(lo.broken, k)
		}
		return b.spans, b.lines
	}
	spans := lo.spans(n, st, "")
	var lines []line
	if n.Kind() == ast.KindHeading {
		lines = breakLines(lo.env, spans, k.width, size)
	} else {
		lines = breakJustified(lo.env, spans, k.width, size)
	}
	lo.broke++
	if lo.measuring {
		lo.broken[k] = broken{spans, lines}
	}
	return spans, lines
}
