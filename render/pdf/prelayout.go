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

// prelayout starts breaking the text blocks under root into lines.
func (d *doc) prelayout(root ast.Node) {
	type job struct {
		n     ast.Node
		st    style
		size  float64
		width float64
		l     *laid
	}
	var jobs []job
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case east.KindTable:
			return ast.WalkSkipChildren, nil // cells are laid out with the table
		case ast.KindParagraph, ast.KindTextBlock, ast.KindHeading:
			st, size := style(0), bodySize
			if h, ok := n.(*ast.Heading); ok {
				st, size = bold, headingSizes[min(h.Level, 6)]
			}
			l := &laid{ready: make(chan struct{})}
			jobs = append(jobs, job{n, st, size, predictWidth(n, d.pageW), l})
			d.laid[n] = l
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	go func() {
		for _, j := range jobs {
			j.l.width = j.width
			j.l.spans = d.spans(j.n, j.st, "")
			j.l.lines = breakLines(j.l.spans, j.width, j.size)
			close(j.l.ready)
		}
	}()
}

// predictWidth is the width of the text box n will be drawn in, as
// listItem and blockquote narrow it.
func predictWidth(n ast.Node, pageW float64) float64 {
	var path []ast.Node
	for p := n.Parent(); p != nil; p = p.Parent() {
		path = append(path, p)
	}
	x0 := marginX
	for i := len(path) - 1; i >= 0; i-- {
		switch path[i].Kind() {
		case ast.KindListItem:
			x0 = min(x0+indentStep, marginX+maxIndent)
		case ast.KindBlockquote:
			x0 = min(x0+6, marginX+maxIndent+5)
		}
	}
	return pageW - marginX - x0
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
