package pdf

import (
	"bytes"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// blockFuncs holds one drawing function per block node kind, in the manner
// of goldmark's own renderers. Kinds without one render their children.
var blockFuncs map[ast.NodeKind]func(*layout, ast.Node)

func init() {
	blockFuncs = map[ast.NodeKind]func(*layout, ast.Node){
		ast.KindParagraph:       (*layout).paragraph,
		ast.KindTextBlock:       (*layout).paragraph,
		ast.KindHeading:         (*layout).heading,
		ast.KindList:            (*layout).list,
		ast.KindListItem:        (*layout).listItem,
		ast.KindBlockquote:      (*layout).blockquote,
		ast.KindFencedCodeBlock: (*layout).codeBlock,
		ast.KindCodeBlock:       (*layout).codeBlock,
		ast.KindThematicBreak:   (*layout).thematicBreak,
		ast.KindHTMLBlock:       (*layout).directiveBlock, // other raw HTML is not drawn
		east.KindTable:          (*layout).table,
	}
}

func (lo *layout) block(n ast.Node) {
	if role := blockRole(n); role != "" {
		defer lo.paint.leave(lo.paint.enter(role))
	}
	if f, ok := blockFuncs[n.Kind()]; ok {
		f(lo, n)
		return
	}
	lo.blocks(n)
}

// blockRole is the structure type of a block node, "" for none: its
// children then belong to the element around it, and what it draws
// itself (a thematic break) is an artifact.
func blockRole(n ast.Node) string {
	switch n.Kind() {
	case ast.KindParagraph, ast.KindTextBlock:
		return "P"
	case ast.KindHeading:
		return "H" + strconv.Itoa(min(n.(*ast.Heading).Level, 6))
	case ast.KindList:
		return "L"
	case ast.KindListItem:
		return "LI"
	case ast.KindBlockquote:
		return "BlockQuote"
	case ast.KindFencedCodeBlock, ast.KindCodeBlock:
		return "Code"
	case east.KindTable:
		return "Table"
	}
	return ""
}

// Spacing after blocks, mm.
const (
	paraGap  = 2.6
	tightGap = 0.6
	listGap  = 2.2
)

func (lo *layout) paragraph(n ast.Node) {
	after := paraGap
	if n.Kind() == ast.KindTextBlock || isTight(n) {
		after = tightGap
	}
	_, lines := lo.lines(n, 0, bodySize)
	lo.drawLines(lines, bodySize, east.AlignLeft)
	lo.gap(after)
}

// gap adds space between blocks. It never takes the cursor past the bottom
// margin: whatever comes next starts a new page either way, since every
// drawing first makes room with ensure.
func (lo *layout) gap(mm float64) { lo.y = min(lo.y+mm, lo.bottom) }

func isTight(n ast.Node) bool {
	if item, ok := n.Parent().(*ast.ListItem); ok {
		if list, ok := item.Parent().(*ast.List); ok {
			return list.IsTight
		}
	}
	return false
}

// drawLines draws lines in the current box, breaking pages as needed,
// never leaving one line of them alone on a page (breakAt).
func (lo *layout) drawLines(lines []line, size float64, align east.Alignment) {
	lh := lineHeight(size)
	lo.drawn += len(lines)
	at := lo.breakAt(len(lines), lh)
	for i, l := range lines {
		if i == at && i > 0 {
			lo.newPage()
		}
		lo.ensure(lh)
		lo.drawMarker(size)
		lo.paint.line(&lo.cursor, l, lo.x0, lo.x1-lo.x0, size, align)
		lo.y += lh
	}
}

// breakAt chooses where lines that do not all fit on the page break: at
// least two of them on each side (no orphan: a first line alone at the
// foot of a page; no widow: a last line alone at the top of the next);
// 0 if they must all start on the next page; -1 where ensure may break
// them as it does (they fit; a single line; while measuring).
func (lo *layout) breakAt(n int, lh float64) int {
	fit := int((lo.room() + 1e-6) / lh)
	if lo.measuring || n < 2 || fit >= n {
		return -1
	}
	if k := min(fit, n-2); k >= 2 {
		return k
	}
	if lo.y > lo.top+1e-6 && float64(n)*lh <= lo.bottom-lo.top {
		lo.newPage()
	}
	return -1
}

// line paints line l at the cursor, in a box from x of width w: the bars
// of the quotes around it, its text, links, and the signature fields and
// tags waiting for it.
func (d *doc) line(c *cursor, l line, x, w, size float64, align east.Alignment) {
	lh := lineHeight(size)
	for _, qx := range c.quotes {
		d.setStroke(190, 190, 190)
		d.setLineWidth(0.8)
		d.stroke(qx, c.y, qx, c.y+lh)
	}
	switch align {
	case east.AlignRight:
		x += w - l.w
	case east.AlignCenter:
		x += (w - l.w) / 2
	}
	d.placeMarks(l, x, c.y, size)
	base := c.y + lh*0.72
	if l.shaped() {
		d.drawRuns(l, x, base, size, c.color)
	}
	for _, f := range l.frags {
		if f.link != "" {
			d.linkFrag(l, f, x, c.y, base, size)
			continue
		}
		if l.shaped() {
			continue
		}
		d.setFont(f.st, size)
		d.setColor(c.color[0], c.color[1], c.color[2])
		d.text(x+f.x, base, f.text)
	}
}

// linkFrag draws the piece f of line l that is a link, as part of the
// link's element: its text (unless shaping drew the line already), the
// underline and the annotation.
func (d *doc) linkFrag(l line, f frag, x, y, base, size float64) {
	prev := d.elem
	d.elem = d.linkElem(f.link)
	if !l.shaped() {
		d.setFont(f.st, size)
		d.setColor(20, 70, 160)
		d.text(x+f.x, base, f.text)
	}
	d.underline(x+f.x, y, base, f.w, lineHeight(size), f.link)
	d.elem = prev
}

// underline marks a link from x on the baseline, w mm long, on the line
// at y of height h.
func (d *doc) underline(x, y, base, w, h float64, uri string) {
	d.setStroke(20, 70, 160)
	d.setLineWidth(0.15)
	d.stroke(x, base+0.6, x+w, base+0.6)
	d.addLink(x, y, w, h, uri)
}

// shaped reports whether the line holds shaped text.
func (l line) shaped() bool {
	for _, f := range l.frags {
		if f.runs != nil {
			return true
		}
	}
	return false
}

// drawMarker draws the list marker waiting for the first line of its item.
func (lo *layout) drawMarker(size float64) {
	if lo.marker == "" {
		return
	}
	m := lo.marker
	lo.marker = ""
	lo.paint.marker(&lo.cursor, m, size)
}

// marker paints a list marker before the line at the cursor, as the
// item's Lbl.
func (d *doc) marker(c *cursor, m string, size float64) {
	prev := d.elem
	d.elem = d.markerElem
	d.setFont(0, size)
	d.setColor(c.color[0], c.color[1], c.color[2])
	w := textWidth(m, 0, size)
	d.text(c.x0-w-1.8, c.y+lineHeight(size)*0.72, m)
	d.elem = prev
}

// Heading layout by level (index 0 unused): font size, space before, the
// width of the rule under it (0 for none), space after before the 1.2 mm
// every heading gets.
var (
	headingSizes  = [7]float64{0, 17, 13.5, 11.5, 10.5, 10, 10}
	headingBefore = [7]float64{0, 0, 5, 3, 2, 2, 2}
	headingRule   = [7]float64{0, 0.5, 0.2}
	headingAfter  = [7]float64{0, 4, 2.8}
)

func (lo *layout) heading(n ast.Node) {
	h := n.(*ast.Heading)
	level := min(h.Level, 6)
	size := headingSizes[level]
	if lo.y > lo.top+1e-6 {
		lo.gap(headingBefore[level])
	}
	spans, lines := lo.lines(n, bold, size)
	lo.paint.bookmark(plain(spans), h.Level, lo.y)
	lo.drawLines(lines, size, east.AlignLeft)
	if headingRule[level] > 0 {
		lo.paint.rule(lo.x0, lo.x1, lo.y+0.6, headingRule[level], 120)
	}
	lo.gap(headingAfter[level] + 1.2)
}

// bookmark adds an outline entry for a heading at y on the current page;
// levels never skip, as PDF outlines need.
func (d *doc) bookmark(title string, level int, y float64) {
	if level > 3 {
		return
	}
	lvl := min(level-1, d.outline+1)
	d.outline = lvl
	d.outlines = append(d.outlines, outline{clean(title), lvl, d.cur + 1, y})
}

// rule strokes a horizontal line from x0 to x1 at y, width mm wide.
func (d *doc) rule(x0, x1, y, width float64, gray int) {
	d.setStroke(gray, gray, gray)
	d.setLineWidth(width)
	d.stroke(x0, y, x1, y)
}

func plain(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (lo *layout) list(n ast.Node) {
	l := n.(*ast.List)
	lo.listDepth++
	for i, item := 0, n.FirstChild(); item != nil; i, item = i+1, item.NextSibling() {
		if l.IsOrdered() {
			lo.itemMarker = fmt.Sprintf("%d.", l.Start+i)
		} else {
			lo.itemMarker = []string{"•", "–", "◦"}[(lo.listDepth-1)%3]
		}
		lo.block(item)
	}
	lo.listDepth--
	if lo.listDepth == 0 {
		lo.gap(listGap - tightGap)
	}
}

// shortItem is how many lines a list item has at most that is kept on
// one page: six, counted in lines whatever the space between its
// paragraphs.
const shortItem = 6

// listItem draws an item: its marker is the item's Lbl, the rest its
// LBody.
func (lo *layout) listItem(n ast.Node) {
	if !lo.measuring { // a short item is not split across pages
		if h, lines := lo.measureLines(n, n.NextSibling()); h > lo.room() && lines <= shortItem && h <= lo.bottom-lo.top {
			lo.newPage()
		}
	}
	x0 := lo.x0
	lo.x0 = min(lo.x0+indentStep, marginX+maxIndent)
	lo.marker = lo.itemMarker
	lo.paint.label()
	defer lo.paint.leave(lo.paint.enter("LBody"))
	if first := n.FirstChild(); first == nil || (first.Kind() != ast.KindParagraph && first.Kind() != ast.KindTextBlock) {
		lo.ensure(lineHeight(bodySize))
		lo.drawMarker(bodySize)
		if first == nil {
			lo.y += lineHeight(bodySize)
		}
	}
	lo.blocks(n)
	lo.x0 = x0
}

func (lo *layout) blockquote(n ast.Node) {
	x0, color := lo.x0, lo.color
	lo.quotes = append(lo.quotes, min(lo.x0+1, marginX+maxIndent))
	lo.x0 = min(lo.x0+6, marginX+maxIndent+5)
	lo.color = [3]int{70, 70, 70}
	lo.blocks(n)
	lo.quotes = lo.quotes[:len(lo.quotes)-1]
	lo.x0, lo.color = x0, color
}

func (lo *layout) codeBlock(n ast.Node) {
	const size, pad = 8.8, 1.6
	var src bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		src.Write(seg.Value(lo.src))
	}
	text, _ := Scrub(strings.TrimSuffix(src.String(), "\n"))
	lh := lineHeight(size)
	lo.gap(0.5)
	for i, l := range breakCode(lo.env, []span{{text: text, st: mono}}, lo.x1-lo.x0-2*pad, size) {
		h := lh
		if i == 0 {
			lo.ensure(lh + pad)
			lo.paint.shade(lo.x0, lo.y, lo.x1-lo.x0, pad)
			lo.y += pad
		}
		lo.ensure(h)
		lo.paint.shade(lo.x0, lo.y, lo.x1-lo.x0, h)
		lo.paint.line(&lo.cursor, l, lo.x0+pad, lo.x1-lo.x0-2*pad, size, east.AlignLeft)
		lo.y += h
	}
	lo.paint.shade(lo.x0, lo.y, lo.x1-lo.x0, pad)
	lo.gap(pad + paraGap)
}

// shade fills the background of code.
func (d *doc) shade(x, y, w, h float64) {
	d.setFill(243, 243, 243)
	d.rect(x, y, w, h, "f")
}

func (lo *layout) thematicBreak(ast.Node) {
	lo.ensure(5)
	lo.paint.rule(lo.x0, lo.x1, lo.y+2, 0.3, 160)
	lo.y += 5
}

// directive returns the text of an HTML comment block, <!-- like this -->.
func directive(n ast.Node, src []byte) (string, bool) {
	h, ok := n.(*ast.HTMLBlock)
	if !ok || h.HTMLBlockType != ast.HTMLBlockType2 {
		return "", false
	}
	var b bytes.Buffer
	lines := h.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		b.Write(seg.Value(src))
	}
	s := strings.TrimSpace(b.String())
	if len(s) < len("<!---->") || !strings.HasPrefix(s, "<!--") || !strings.HasSuffix(s, "-->") {
		return "", false
	}
	return strings.TrimSpace(s[4 : len(s)-3]), true
}

func isDirective(n ast.Node, src []byte, name string) bool {
	s, ok := directive(n, src)
	return ok && s == name
}

// directiveBlock obeys the PDF directives in HTML comments:
//
//	<!-- pdf:space MM -->        vertical space, at most 60 mm
//	<!-- pdf:page -->            a new page, unless at the top of one
//	<!-- pdf:signature NAME -->  an empty signature field over the run of
//	                             underscores in the next line drawn
//	<!-- pdf:tag TEXT -->        TEXT, an e-signature service's text tag,
//	                             invisibly over that run, as wide as it
//	                             (esign.go)
//
// Groups of blocks, in pdf.go's blocks: <!-- pdf:keep --> … <!-- /pdf:keep
// --> on one page (keepTogether); <!-- pdf:row --> … <!-- pdf:cell --> …
// <!-- /pdf:row --> side by side (row).
//
// NAME and TEXT are URL-query-escaped (text/template's urlquery), so that
// nothing in them can end the comment.
func (lo *layout) directiveBlock(n ast.Node) {
	s, _ := directive(n, lo.src)
	verb, arg, _ := strings.Cut(s, " ")
	arg, err := url.QueryUnescape(strings.TrimSpace(arg))
	if err != nil {
		return
	}
	switch verb {
	case "pdf:space":
		if mm, err := strconv.ParseFloat(arg, 64); err == nil && mm > 0 {
			lo.ensure(min(mm, 60))
			lo.y += min(mm, 60)
		}
	case "pdf:page":
		if lo.y > lo.top+1e-6 && !lo.measuring {
			lo.newPage()
		}
	case "pdf:signature":
		lo.paint.signature(arg)
	case "pdf:tag":
		lo.paint.tag(arg)
	}
}

// signature places an empty signature field over the next line painted.
func (d *doc) signature(name string) { d.pendingSig = append(d.pendingSig, name) }

// tag places an e-signature text tag over the next line painted.
func (d *doc) tag(text string) { d.pendingTags = append(d.pendingTags, text) }

// label opens the Lbl of a list item, which its marker is painted in.
func (d *doc) label() { d.markerElem = d.tags.add("Lbl", d.elem) }

// placeMarks puts pending signature fields and tags on line l, drawn at x,
// y on the current page, over its run of underscores (or the whole line).
func (d *doc) placeMarks(l line, x, y, size float64) {
	if len(d.pendingSig) == 0 && len(d.pendingTags) == 0 {
		return
	}
	start, width := x, l.w
	for _, f := range l.frags {
		if i := strings.Index(f.text, "__"); i >= 0 {
			run := len(f.text[i:]) - len(strings.TrimLeft(f.text[i:], "_"))
			start = x + f.x + textWidth(f.text[:i], f.st, size)
			width = textWidth(f.text[i:i+run], f.st, size)
			break
		}
	}
	base := y + lineHeight(size)*0.72
	for _, name := range d.pendingSig {
		d.fields = append(d.fields, sigField{name: name, page: d.cur + 1, rect: [4]float64{
			start * mmToPt, (d.pageH - base - 0.8) * mmToPt, (start + width) * mmToPt, (d.pageH - base + 11) * mmToPt,
		}})
		prev := d.enter("Form")
		d.addKid(kid{kind: kidField, n: int32(len(d.fields) - 1)})
		d.leave(prev)
	}
	each := width / float64(max(len(d.pendingTags), 1))
	for i, tag := range d.pendingTags {
		d.drawTag(start+float64(i)*each, base-1, each, tagSize*ptToMM, tag)
	}
	d.pendingSig, d.pendingTags = nil, nil
}

// withHeading is how much of what follows a heading must fit on the
// heading's page, mm: all of it if it is shorter; four lines of text,
// a table's header and first rows.
const withHeading = 4 * bodySize * lineFactor * ptToMM

// keepWithNext starts a new page before heading h unless it fits on this
// one with the start of what follows (withHeading of it, a group kept
// together whole, a heading that follows with its own start): a heading
// is never the last thing on a page.
func (lo *layout) keepWithNext(h ast.Node) {
	need := lo.measure(h, h.NextSibling()) + lo.startOf(h.NextSibling(), true)
	if lo.y > lo.top+1e-6 {
		need += headingBefore[min(h.(*ast.Heading).Level, 6)]
	}
	if need > lo.room() && need <= lo.bottom-lo.top {
		lo.newPage()
	}
}

// startOf measures the start of the blocks from n on that must stand on
// the page of the heading before them: a short paragraph after a heading
// is its introduction (intro), which stands there with the start of the
// block after it.
func (lo *layout) startOf(n ast.Node, intro bool) float64 {
	for n != nil && n.Kind() == ast.KindHTMLBlock && !isDirective(n, lo.src, "pdf:keep") && !isDirective(n, lo.src, "pdf:row") {
		n = n.NextSibling() // other directives: spaces, fields, tags
	}
	switch {
	case n == nil:
		return 0
	case isDirective(n, lo.src, "pdf:row"):
		cells, _ := lo.rowCells(n)
		h, _ := lo.rowHeight(cells)
		return h
	case isDirective(n, lo.src, "pdf:keep"):
		return lo.measure(n.NextSibling(), lo.keepEnd(n))
	case n.Kind() == ast.KindHeading:
		// Below the heading before it, not at the top of a page: with
		// the space above it, which measuring from the top leaves out.
		return headingBefore[min(n.(*ast.Heading).Level, 6)] + lo.measure(n, n.NextSibling()) + lo.startOf(n.NextSibling(), true)
	case n.Kind() == east.KindTable:
		return lo.tableStart(n.(*east.Table))
	case n.Kind() == ast.KindList && n.FirstChild() != nil:
		// Its first item, whole if it is short: listItem keeps it so.
		lo.listDepth++
		h, lines := lo.measureLines(n.FirstChild(), n.FirstChild().NextSibling())
		lo.listDepth--
		if lines <= shortItem {
			return h
		}
	case intro && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock):
		// An introduction, with the start of what it introduces.
		if h := lo.measure(n, n.NextSibling()); h <= withHeading {
			return h + lo.startOfNext(n.NextSibling())
		}
	}
	return min(lo.measure(n, n.NextSibling()), withHeading)
}

// startOfNext measures the start of the block after a heading's
// introduction: itself no introduction.
func (lo *layout) startOfNext(n ast.Node) float64 {
	if n == nil || n.Kind() == ast.KindHeading {
		return 0 // a heading keeps with what follows it itself
	}
	return lo.startOf(n, false)
}

// keepTogether draws the blocks from the <!-- pdf:keep --> at start to the
// matching <!-- /pdf:keep --> on one page if they fit on a page at all, and
// returns the closing comment (nil if there is none).
func (lo *layout) keepTogether(start ast.Node) ast.Node {
	end := lo.keepEnd(start)
	// While measuring, nested groups are just placed: measuring them too
	// would cost twice per level of nesting.
	if !lo.measuring {
		lo.measured++
		if h := lo.measure(start.NextSibling(), end); h > lo.room() && h <= lo.bottom-lo.top {
			lo.newPage()
		}
	}
	for n := start.NextSibling(); n != end; n = n.NextSibling() {
		lo.block(n)
	}
	return end
}

// columnGap is the space between the columns of a row, mm.
const columnGap = 10

// row draws the blocks from the <!-- pdf:row --> at start to the next
// <!-- /pdf:row --> side by side, in as many columns as parts separated
// by <!-- pdf:cell -->, all on one page (signature blocks, two to a
// row), and returns the closing comment (nil if there is none). A row
// taller than a page is drawn a column under the other. The structure
// tree and the text follow the columns in order.
func (lo *layout) row(start ast.Node) ast.Node {
	cells, end := lo.rowCells(start)
	x0, x1 := lo.x0, lo.x1
	h, w := lo.rowHeight(cells)
	if h > lo.bottom-lo.top || w < minColumn {
		for _, c := range cells { // too tall or too narrow for columns
			for b := c.first; b != c.end; b = b.NextSibling() {
				lo.block(b)
			}
		}
		return end
	}
	if h > lo.room() && !lo.measuring {
		lo.newPage()
	}
	y0, bottom := lo.y, lo.y
	for i, c := range cells {
		lo.x0 = x0 + float64(i)*(w+columnGap)
		lo.x1, lo.y = lo.x0+w, y0
		for b := c.first; b != c.end; b = b.NextSibling() {
			lo.block(b)
		}
		bottom = max(bottom, lo.y)
	}
	lo.x0, lo.x1, lo.y = x0, x1, bottom+rowGap
	return end
}

// minColumn is the narrowest column a row is drawn in, mm; rowGap the
// space after a row.
const (
	minColumn = 20
	rowGap    = 6
)

// cellSpan is the blocks of one column of a row: from first up to end.
type cellSpan struct{ first, end ast.Node }

// rowCells splits the row opened at start into its columns, and returns
// them with the <!-- /pdf:row --> that closes it (nil if none does).
func (lo *layout) rowCells(start ast.Node) ([]cellSpan, ast.Node) {
	var cells []cellSpan
	first, n := start.NextSibling(), start.NextSibling()
	for ; n != nil && !isDirective(n, lo.src, "/pdf:row"); n = n.NextSibling() {
		if isDirective(n, lo.src, "pdf:cell") {
			cells = append(cells, cellSpan{first, n})
			first = n.NextSibling()
		}
	}
	return append(cells, cellSpan{first, n}), n
}

// rowHeight measures a row: the height of its tallest column, and the
// width of each.
func (lo *layout) rowHeight(cells []cellSpan) (h, w float64) {
	x0, x1 := lo.x0, lo.x1
	w = (x1 - x0 - columnGap*float64(len(cells)-1)) / float64(len(cells))
	for i, c := range cells {
		lo.x0 = x0 + float64(i)*(w+columnGap)
		lo.x1 = lo.x0 + w
		h = max(h, lo.measure(c.first, c.end))
	}
	lo.x0, lo.x1 = x0, x1
	return h, w
}

// keepEnd returns the <!-- /pdf:keep --> that closes the group opened at
// start, or nil if none does.
func (lo *layout) keepEnd(start ast.Node) ast.Node {
	end := start.NextSibling()
	for end != nil && !isDirective(end, lo.src, "/pdf:keep") {
		end = end.NextSibling()
	}
	return end
}

// measure returns the height the blocks from first up to end would take:
// it places them from the top of an endless page, painting nothing, and
// puts the cursor back.
func (lo *layout) measure(first, end ast.Node) float64 {
	h, _ := lo.measureLines(first, end)
	return h
}

// measureLines measures as measure does, and counts the lines of text
// the blocks would draw.
func (lo *layout) measureLines(first, end ast.Node) (float64, int) {
	drawn := lo.drawn
	defer func() { lo.drawn = drawn }()
	saved, paint := lo.cursor, lo.paint
	lo.measuring, lo.paint = true, noPaint{}
	lo.y, lo.bottom = 0, 1e12
	lo.drawn = 0
	for n := first; n != end; n = n.NextSibling() {
		lo.block(n)
	}
	h, lines := lo.y, lo.drawn
	lo.cursor, lo.paint = saved, paint
	return h, lines
}
