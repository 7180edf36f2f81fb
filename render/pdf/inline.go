package pdf

import (
	"bufio"
	"bytes"
	"html"
	"regexp"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	ghtml "github.com/yuin/goldmark/renderer/html"
)

// spans flattens the inline children of n into styled text.
func (lo *layout) spans(n ast.Node, st style, link string) []span {
	var out []span
	add := func(s string, st style, link string) {
		s, _ = Scrub(s)
		if s != "" {
			out = append(out, span{text: s, st: st, link: link})
		}
	}
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		switch c := c.(type) {
		case *ast.Text:
			if c.IsRaw() {
				add(string(c.Segment.Value(lo.src)), st, link)
			} else {
				add(Unescape(c.Segment.Value(lo.src)), st, link)
			}
			if c.HardLineBreak() {
				add("\n", st, link)
			} else if c.SoftLineBreak() {
				add(" ", st, link)
			}
		case *ast.String:
			if c.IsCode() || c.IsRaw() {
				add(string(c.Value), st, link)
			} else {
				add(Unescape(c.Value), st, link)
			}
		case *ast.CodeSpan:
			out = append(out, lo.spans(c, st|mono, link)...)
		case *ast.Emphasis:
			next := italic
			if c.Level >= 2 {
				next = bold
			}
			out = append(out, lo.spans(c, st|next, link)...)
		case *ast.Link:
			out = append(out, lo.spans(c, st, string(c.Destination))...)
		case *ast.AutoLink:
			add(string(c.Label(lo.src)), st, string(c.URL(lo.src)))
		case *ast.Image:
			out = append(out, lo.spans(c, st|italic, link)...)
		case *ast.RawHTML:
			if IsBreak(c, lo.src) {
				add("\n", st, link)
			}
		case *east.TaskCheckBox:
			if c.IsChecked {
				add("[x] ", st, link)
			} else {
				add("[ ] ", st, link)
			}
		default:
			out = append(out, lo.spans(c, st, link)...)
		}
	}
	return out
}

var breakTag = regexp.MustCompile(`(?i)^<br\s*/?>$`)

// IsBreak reports whether raw HTML is a line break, <br>: what
// mdtext.Escape makes of a newline in user text.
func IsBreak(n *ast.RawHTML, src []byte) bool {
	var b bytes.Buffer
	for i := range n.Segments.Len() {
		seg := n.Segments.At(i)
		b.Write(seg.Value(src))
	}
	return breakTag.Match(b.Bytes())
}

// Unescape resolves the backslash escapes and entity references of
// Markdown text exactly as goldmark's HTML renderer does, by letting it
// write HTML and decoding that.
func Unescape(v []byte) string {
	if !bytes.ContainsAny(v, `\&`) {
		return string(v)
	}
	var b bytes.Buffer
	w := bufio.NewWriter(&b)
	ghtml.DefaultWriter.Write(w, v)
	w.Flush()
	return html.UnescapeString(b.String())
}
