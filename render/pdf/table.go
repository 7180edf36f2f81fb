package pdf

import (
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"strings"
)

const (
	cellPad   = 1.6 // mm inside each cell
	tableSize = 9.4 // pt
)

// cell is a laid-out table cell.
type cell struct {
	spans []span
	lines []line
	elem  int // its TH or TD
}

type tableRow struct {
	cells  []*cell
	header bool
}

// tagRows makes the rows' elements: a TR per row, a TH (heading its
// column) or TD per cell.
func (d *doc) tagRows(rows []*tableRow) {
	for _, r := range rows {
		tr := d.tags.add("TR", d.elem)
		for _, c := range r.cells {
			if r.header {
				c.elem = d.tags.add("TH", tr)
				d.tags.elems[c.elem].header = true
			} else {
				c.elem = d.tags.add("TD", tr)
			}
		}
	}
}

// table draws a GFM table. Columns get their natural widths when they fit,
// else room in proportion to their content; cells wrap, rows that do not
// fit move to the next page, rows taller than a page continue across pages,
// and the header row is repeated on every page.
func (lo *layout) table(n ast.Node) {
	t := n.(*east.Table)
	if len(t.Alignments) == 0 {
		return
	}
	rows, widths := lo.laidOut(t)
	lo.paint.tagRows(rows)
	lo.drawTable(rows, widths, t.Alignments)
}

// laidTable is a table laid out: its rows and the widths of its columns.
type laidTable struct {
	rows   []*tableRow
	widths []float64
}

// laidOut returns a table laid out in the current box: as tableStart left
// it when it measured the table ahead (after a heading), or anew. Drawing
// takes what was left, as lines does a paragraph's lines.
func (lo *layout) laidOut(t *east.Table) ([]*tableRow, []float64) {
	k := brokenKey{t, lo.x1 - lo.x0}
	if l, ok := lo.tables[k]; ok {
		if !lo.measuring {
			delete(lo.tables, k)
		}
		return l.rows, l.widths
	}
	return lo.tableRows(t)
}

// tableRows lays a table out in the current box: its rows, their cells
// broken into lines, and the widths of its columns.
func (lo *layout) tableRows(t *east.Table) ([]*tableRow, []float64) {
	ncol := len(t.Alignments)
	var rows []*tableRow
	for r := t.FirstChild(); r != nil; r = r.NextSibling() {
		row := &tableRow{header: r.Kind() == east.KindTableHeader}
		for c := r.FirstChild(); c != nil && len(row.cells) < ncol; c = c.NextSibling() {
			st := style(0)
			if row.header {
				st = bold
			}
			row.cells = append(row.cells, &cell{spans: lo.spans(c, st, "")})
		}
		for len(row.cells) < ncol {
			row.cells = append(row.cells, &cell{})
		}
		if row.header && isEmptyRow(row) {
			continue
		}
		rows = append(rows, row)
	}
	// Each cell's text is split and shaped once, for its column's width
	// and for its lines.
	pieces := make([][][]piece, len(rows))
	for r, row := range rows {
		pieces[r] = make([][]piece, len(row.cells))
		for i, c := range row.cells {
			pieces[r][i] = appendPieces(lo.env, make([]piece, 0, piecesIn(c.spans)), c.spans, tableSize)
		}
	}
	widths := columnWidths(pieces, ncol, lo.x1-lo.x0)
	for r, row := range rows {
		for i, c := range row.cells {
			c.lines = layoutPieces(lo.env, pieces[r][i], c.spans, widths[i]-2*cellPad, tableSize, false, false)
		}
	}
	return rows, widths
}

// tableStart is the height of the start of a table that is kept on one
// page (see startHeight). The layout is kept for drawing the table.
func (lo *layout) tableStart(t *east.Table) float64 {
	if len(t.Alignments) == 0 {
		return 0
	}
	k := brokenKey{t, lo.x1 - lo.x0}
	l, ok := lo.tables[k]
	if !ok {
		l.rows, l.widths = lo.tableRows(t)
		lo.tables[k] = l
	}
	return startHeight(l.rows, lo.bottom-lo.top)
}

// startHeight is the height of the start of a table kept on one page: its
// header and first row, or the header and two lines of that row if they
// do not fit on a page together.
func startHeight(rows []*tableRow, page float64) float64 {
	h := 0.0
	if len(rows) > 0 && rows[0].header {
		h, rows = rowHeight(maxLines(rows[0])), rows[1:]
	}
	switch {
	case len(rows) == 0:
		return h
	case h+rowHeight(maxLines(rows[0])) <= page:
		return h + rowHeight(maxLines(rows[0]))
	}
	return h + rowHeight(2)
}

func isEmptyRow(r *tableRow) bool {
	for _, c := range r.cells {
		if plain(c.spans) != "" {
			return false
		}
	}
	return true
}

// columnWidths shares the width w among the columns of cells split into
// pieces, by row and column.
func columnWidths(rows [][][]piece, ncol int, w float64) []float64 {
	natural := make([]float64, ncol)
	least := make([]float64, ncol)
	for _, row := range rows {
		for i, ps := range row {
			longest, lineW, widest := 0.0, 0.0, 0.0
			for _, p := range ps {
				if p.brk {
					lineW = 0
					continue
				}
				lineW += p.w
				widest = max(widest, lineW)
				if !p.space {
					longest = max(longest, p.w)
				}
			}
			natural[i] = max(natural[i], widest+2*cellPad+0.5)
			least[i] = max(least[i], min(longest, w*0.3)+2*cellPad+0.5)
		}
	}
	sum := func(xs []float64) (s float64) {
		for _, x := range xs {
			s += x
		}
		return s
	}
	out := make([]float64, ncol)
	switch {
	case sum(natural) <= w:
		// Everything fits on one line: the widest column takes the rest.
		copy(out, natural)
		widest := 0
		for i := range out {
			if out[i] > out[widest] {
				widest = i
			}
		}
		out[widest] += w - sum(natural)
	case sum(least) >= w:
		for i := range out {
			out[i] = least[i] * w / sum(least)
		}
	default:
		extra, want := w-sum(least), sum(natural)-sum(least)
		for i := range out {
			out[i] = least[i] + (natural[i]-least[i])*extra/want
		}
	}
	return out
}

func (lo *layout) drawTable(rows []*tableRow, widths []float64, aligns []east.Alignment) {
	lh := lineHeight(tableSize)
	var header *tableRow
	if len(rows) > 0 && rows[0].header {
		header = rows[0]
	}
	saved := lo.onNewPage
	defer func() { lo.onNewPage = saved }()
	lo.onNewPage = nil
	lo.ensure(startHeight(rows, lo.bottom-lo.top))
	if header != nil {
		// The header repeated on later pages is an artifact: its cells
		// are tagged once, where the table starts.
		lo.onNewPage = func() { lo.paint.asArtifact(func() { lo.drawRow(header, widths, aligns, 0, maxLines(header)) }) }
	}
	for _, row := range rows {
		n := maxLines(row)
		headerH := 0.0
		if header != nil && row != header {
			headerH = rowHeight(maxLines(header))
		}
		if h := rowHeight(n); h > lo.room() && h <= lo.bottom-lo.top-headerH {
			lo.newPage()
		}
		for from := 0; from < n; {
			fit := int((lo.room() - 2*cellPad) / lh)
			if fit < 1 {
				lo.newPage()
				continue
			}
			to := min(n, from+fit)
			lo.drawRow(row, widths, aligns, from, to)
			from = to
			if from < n {
				lo.newPage()
			}
		}
	}
	lo.gap(paraGap + 0.6)
}

func maxLines(r *tableRow) int {
	n := 1
	for _, c := range r.cells {
		n = max(n, len(c.lines))
	}
	return n
}

// rowHeight is the height of a row, or part of one, with lines lines.
func rowHeight(lines int) float64 {
	return float64(lines)*lineHeight(tableSize) + 2*cellPad
}

// drawRow draws lines [from, to) of a row's cells at the cursor.
func (lo *layout) drawRow(r *tableRow, widths []float64, aligns []east.Alignment, from, to int) {
	h := rowHeight(to - from)
	lo.paint.cellBoxes(lo.x0, lo.y, h, widths, r.header)
	y0 := lo.y
	x := lo.x0
	for i, c := range r.cells {
		lo.y = y0 + cellPad
		prev := lo.paint.enterElem(c.elem)
		for j := from; j < to && j < len(c.lines); j++ {
			lo.paint.line(&lo.cursor, c.lines[j], x+cellPad, widths[i]-2*cellPad, tableSize, aligns[i])
			lo.y += lineHeight(tableSize)
		}
		lo.paint.leave(prev)
		x += widths[i]
	}
	lo.y = y0 + h
}

// cellBoxes draws the boxes of a row's cells, from x, y, h high.
func (d *doc) cellBoxes(x, y, h float64, widths []float64, header bool) {
	for _, w := range widths {
		op := "S"
		if header {
			d.setFill(236, 236, 236)
			op = "B"
		}
		d.setStroke(175, 175, 175)
		d.setLineWidth(0.2)
		d.rect(x, y, w, h, op)
		x += w
	}
}

// piecesIn is how many pieces spans of simple text make: a word and a
// space for each space, and one more word; for a cell's slice to be made
// once, at its size.
func piecesIn(spans []span) int {
	n := 0
	for _, sp := range spans {
		n += 2*strings.Count(sp.text, " ") + 2*strings.Count(sp.text, "\n") + 1
	}
	return n
}
