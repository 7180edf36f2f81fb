package lsp

import (
	"sort"
	"unicode/utf16"

	"github.com/recaptool/recap/schema"
)

// text is a document's bytes and where its lines start, to turn byte
// offsets into the protocol's positions and back. A position's character
// counts UTF-16 code units, the protocol's default, or bytes when the
// client agreed to UTF-8.
type text struct {
	src   []byte
	lines []int // byte offset at which each line starts
	utf8  bool
}

func newText(src []byte, utf8Positions bool) *text {
	t := &text{src: src, lines: []int{0}, utf8: utf8Positions}
	for i, c := range src {
		if c == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// position is where byte offset off stands.
func (t *text) position(off int) Position {
	off = min(max(off, 0), len(t.src))
	line := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	start := t.lines[line]
	if t.utf8 {
		return Position{Line: line, Character: off - start}
	}
	n := 0
	for _, r := range string(t.src[start:off]) {
		n += max(utf16.RuneLen(r), 1)
	}
	return Position{Line: line, Character: n}
}

// offset is the byte offset of a position; one past a line's end is its
// end, and one past the last line the document's.
func (t *text) offset(p Position) int {
	if p.Line < 0 {
		return 0
	}
	if p.Line >= len(t.lines) {
		return len(t.src)
	}
	start, end := t.lines[p.Line], len(t.src)
	if p.Line+1 < len(t.lines) {
		end = t.lines[p.Line+1] - 1
	}
	if t.utf8 {
		return min(start+max(p.Character, 0), end)
	}
	n := 0
	for i, r := range string(t.src[start:end]) {
		if n >= p.Character {
			return start + i
		}
		n += max(utf16.RuneLen(r), 1)
	}
	return end
}

func (t *text) span(s span) Range { return Range{t.position(s.Start), t.position(s.End)} }

// span is a range of bytes: schema.Span, in this package's words.
type span schema.Span

func (s span) contains(off int) bool { return s.Start <= off && off <= s.End && s.End > s.Start }
