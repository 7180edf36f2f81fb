package pdf

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// Line breaking does not depend on where on the page a paragraph lands,
// only on its width, which follows from how it is nested. So a second
// goroutine breaks the document's paragraphs and headings into lines
// ahead of the one that draws them, and the two cores share the work.
// Drawing checks each prediction and breaks the lines itself if the width
// turns out different, so the output never depends on the prediction.

// laid is one paragraph or heading, broken into lines ahead of drawing.
type laid struct {
	ready chan struct{}
	width float64 // the box width the lines were broken for
	spans []span
	lines []line
}

// prelayout starts breaking the text blocks under root into lines; it
// returns how many.
func (d *doc) prelayout(root ast.Node) int {
	type job struct {
		n    ast.Node
		st   style
		size float64
		l    *laid
	}
	var jobs []job
	x0s := []float64{marginX} // the text box's left edge, per nesting level
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		x0 := x0s[len(x0s)-1]
		switch n.Kind() {
		case east.KindTable:
			return ast.WalkSkipChildren, nil // cells are laid out with the table
		case ast.KindListItem, ast.KindBlockquote: // narrowed as listItem and blockquote do
			switch {
			case !entering:
				x0s = x0s[:len(x0s)-1]
			case n.Kind() == ast.KindListItem:
				x0s = append(x0s, min(x0+indentStep, marginX+maxIndent))
			default:
				x0s = append(x0s, min(x0+6, marginX+maxIndent+5))
			}
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			if !entering {
				break
			}
			st, size := style(0), bodySize
			if h, ok := n.(*ast.Heading); ok {
				st, size = bold, headingSizes[min(h.Level, 6)]
			}
			jobs = append(jobs, job{n: n, st: st, size: size, l: &laid{width: d.pageW - marginX - x0, ready: make(chan struct{})}})
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	// The goroutine reads the source through a doc of its own: measure
	// overwrites the drawing's doc, field by field, while it runs. It
	// starts before the drawing's index of the jobs is built.
	w := &doc{src: d.src}
	go func() {
		for _, j := range jobs {
			j.l.spans = w.spans(j.n, j.st, "")
			j.l.lines = breakLines(j.l.spans, j.l.width, j.size)
			close(j.l.ready)
		}
	}()
	d.laid = make(map[ast.Node]*laid, len(jobs))
	for _, j := range jobs {
		d.laid[j.n] = j.l
	}
	return len(jobs)
}

// lines returns n's spans and lines for the current box: predicted if
// the prediction holds, else broken now.
func (d *doc) lines(n ast.Node, st style, size float64) ([]span, []line) {
	width := d.x1 - d.x0
	if l, ok := d.laid[n]; ok {
		<-l.ready
		if l.width == width {
			return l.spans, l.lines
		}
	}
	spans := d.spans(n, st, "")
	return spans, breakLines(spans, width, size)
}
