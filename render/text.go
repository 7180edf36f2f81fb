package render

import (
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/recaptool/recap/render/pdf"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// textWidth is the width plain text is wrapped to, in characters.
const textWidth = 72

// PlainText renders recap Markdown as plain text, as a mail's text part
// has it: headings underlined, paragraphs wrapped, lists with their marks,
// links with their address, no Markdown syntax or escapes, and nothing of
// raw HTML (the directives of the PDF).
func PlainText(md []byte) string {
	root := pdf.Markdown.Parser().Parse(text.NewReader(md))
	w := &textWriter{src: md}
	w.blocks(root, "", "")
	return strings.TrimRight(w.b.String(), "\n") + "\n"
}

type textWriter struct {
	src []byte
	b   strings.Builder
}

// blocks writes the block children of n, a blank line apart (a tight
// list's items, none), each line after the first starting with indent;
// first starts the first line.
func (w *textWriter) blocks(n ast.Node, first, indent string) {
	written := 0
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if c.Kind() == ast.KindHTMLBlock {
			continue
		}
		lead := first
		if written > 0 {
			lead = indent
			if !tight(n) {
				w.b.WriteString("\n")
			}
		}
		w.block(c, lead, indent)
		written++
	}
}

// tight reports whether n is an item of a tight list, or such a list.
func tight(n ast.Node) bool {
	switch n := n.(type) {
	case *ast.List:
		return n.IsTight
	case *ast.ListItem:
		if l, ok := n.Parent().(*ast.List); ok {
			return l.IsTight
		}
	}
	return false
}

func (w *textWriter) block(n ast.Node, first, indent string) {
	switch n := n.(type) {
	case *ast.Heading:
		t := w.inline(n)
		w.b.WriteString(first + t + "\n")
		rule := "="
		if n.Level > 1 {
			rule = "-"
		}
		w.b.WriteString(indent + strings.Repeat(rule, max(utf8.RuneCountInString(t), 3)) + "\n")
	case *ast.Paragraph, *ast.TextBlock:
		w.wrap(w.inline(n), first, indent)
	case *ast.ThematicBreak:
		w.b.WriteString(first + strings.Repeat("-", 24) + "\n")
	case *ast.Blockquote:
		w.blocks(n, first+"> ", indent+"> ")
	case *ast.FencedCodeBlock, *ast.CodeBlock:
		lines := n.Lines()
		for i := 0; i < lines.Len(); i++ {
			seg := lines.At(i)
			lead := indent
			if i == 0 {
				lead = first
			}
			w.b.WriteString(lead + "    " + strings.TrimRight(string(seg.Value(w.src)), "\n") + "\n")
		}
	case *ast.List:
		num := n.Start
		for it := n.FirstChild(); it != nil; it = it.NextSibling() {
			mark := "- "
			if n.IsOrdered() {
				mark = strconv.Itoa(num) + ". "
				num++
			}
			if it != n.FirstChild() && !n.IsTight {
				w.b.WriteString("\n")
			}
			lead := first
			if it != n.FirstChild() {
				lead = indent
			}
			w.blocks(it, lead+mark, indent+strings.Repeat(" ", len(mark)))
		}
	case *east.Table:
		for r := n.FirstChild(); r != nil; r = r.NextSibling() {
			var cells []string
			for c := r.FirstChild(); c != nil; c = c.NextSibling() {
				cells = append(cells, w.inline(c))
			}
			row := strings.TrimSpace(strings.Join(cells, " | "))
			if row == "" {
				continue
			}
			w.b.WriteString(first + row + "\n")
			first = indent
		}
	default:
		w.blocks(n, first, indent)
	}
}

// inline writes the text of n's inline children.
func (w *textWriter) inline(n ast.Node) string {
	var b strings.Builder
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			switch c := c.(type) {
			case *ast.Text:
				if c.IsRaw() {
					b.Write(c.Segment.Value(w.src))
				} else {
					b.WriteString(pdf.Unescape(c.Segment.Value(w.src)))
				}
				switch {
				case c.HardLineBreak():
					b.WriteString("\n")
				case c.SoftLineBreak():
					b.WriteString(" ")
				}
			case *ast.String:
				if c.IsCode() || c.IsRaw() {
					b.Write(c.Value)
				} else {
					b.WriteString(pdf.Unescape(c.Value))
				}
			case *ast.RawHTML:
				if pdf.IsBreak(c, w.src) {
					b.WriteString("\n") // a newline in user text (mdtext.Escape)
				}
			case *ast.AutoLink:
				b.Write(c.URL(w.src))
			case *ast.Link:
				start := b.Len()
				walk(c)
				if dest := string(c.Destination); dest != "" && b.String()[start:] != dest {
					b.WriteString(" <" + dest + ">")
				}
			default:
				walk(c)
			}
		}
	}
	walk(n)
	return b.String()
}

// wrap writes text in lines of at most textWidth characters where its
// words allow, at spaces (never at a no-break space); line breaks in it
// stay.
func (w *textWriter) wrap(s, first, indent string) {
	lead := first
	for _, para := range strings.Split(s, "\n") {
		line, width := lead, utf8.RuneCountInString(lead)
		empty := true
		for _, word := range strings.FieldsFunc(para, func(r rune) bool { return r == ' ' || r == '\t' }) {
			n := utf8.RuneCountInString(word)
			if !empty && width+1+n > textWidth {
				w.b.WriteString(line + "\n")
				line, width, empty = indent, utf8.RuneCountInString(indent), true
			}
			if !empty {
				line += " "
				width++
			}
			line += word
			width += n
			empty = false
		}
		w.b.WriteString(strings.TrimRight(line, " ") + "\n")
		lead = indent
	}
}
