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
var blockFuncs map[ast.NodeKind]func(*doc, ast.Node)

func init() {
	blockFuncs = map[ast.NodeKind]func(*doc, ast.Node){
		ast.KindParagraph:       (*doc).paragraph,
		ast.KindTextBlock:       (*doc).paragraph,
		ast.KindHeading:         (*doc).heading,
		ast.KindList:            (*doc).list,
		ast.KindListItem:        (*doc).listItem,
		ast.KindBlockquote:      (*doc).blockquote,
		ast.KindFencedCodeBlock: (*doc).codeBlock,
		ast.KindCodeBlock:       (*doc).codeBlock,
		ast.KindThematicBreak:   (*doc).thematicBreak,
		ast.KindHTMLBlock:       (*doc).directiveBlock, // other raw HTML is not drawn
		east.KindTable:          (*doc).table,
	}
}

func (d *doc) block(n ast.Node) {
	if role := blockRole(n); role != "" {
		defer d.leave(d.enter(role))
	}
	if f, ok := blockFuncs[n.Kind()]; ok {
		f(d, n)
		return
	}
	d.blocks(n)
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

func (d *doc) paragraph(n ast.Node) {
	after := paraGap
	if n.Kind() == ast.KindTextBlock || isTight(n) {
		after = tightGap
	}
	_, lines := d.lines(n, 0, bodySize)
	d.drawLines(lines, bodySize, east.AlignLeft)
	d.gap(after)
}

// gap adds space between blocks. It never takes the cursor past the bottom
// margin: whatever comes next starts a new page either way, since every
// drawing first makes room with ensure.
func (d *doc) gap(mm float64) { d.y = min(d.y+mm, d.bottom) }

func isTight(n ast.Node) bool {
	if item, ok := n.Parent().(*ast.ListItem); ok {
		if list, ok := item.Parent().(*ast.List); ok {
			return list.IsTight
		}
	}
	return false
}

// drawLines draws lines in the current box, breaking pages as needed.
func (d *doc) drawLines(lines []line, size float64, align east.Alignment) {
	lh := lineHeight(size)
	for _, l := range lines {
		d.ensure(lh)
		d.drawMarker(size)
		d.drawLine(l, d.x0, d.x1-d.x0, size, align)
		d.y += lh
	}
}

// drawLine draws one line at d.y, in a box from x of width w.
func (d *doc) drawLine(l line, x, w, size float64, align east.Alignment) {
	lh := lineHeight(size)
	if d.dry {
		return
	}
	for _, qx := range d.quotes {
		d.setStroke(190, 190, 190)
		d.setLineWidth(0.8)
		d.line(qx, d.y, qx, d.y+lh)
	}
	switch align {
	case east.AlignRight:
		x += w - l.w
	case east.AlignCenter:
		x += (w - l.w) / 2
	}
	d.placeMarks(l, x, size)
	base := d.y + lh*0.72
	if l.shaped() {
		d.drawRuns(l, x, base, size)
	}
	for _, f := range l.frags {
		if f.link != "" {
			d.linkFrag(l, f, x, base, size)
			continue
		}
		if l.shaped() {
			continue
		}
		d.setFont(f.st, size)
		d.setColor(d.color[0], d.color[1], d.color[2])
		d.text(x+f.x, base, f.text)
	}
}

// linkFrag draws the piece f of line l that is a link, as part of the
// link's element: its text (unless shaping drew the line already), the
// underline and the annotation.
func (d *doc) linkFrag(l line, f frag, x, base, size float64) {
	prev := d.elem
	d.elem = d.linkElem(f.link)
	if !l.shaped() {
		d.setFont(f.st, size)
		d.setColor(20, 70, 160)
		d.text(x+f.x, base, f.text)
	}
	d.underline(x+f.x, base, f.w, lineHeight(size), f.link)
	d.elem = prev
}

// underline marks a link from x on the baseline, w mm long.
func (d *doc) underline(x, base, w, h float64, uri string) {
	d.setStroke(20, 70, 160)
	d.setLineWidth(0.15)
	d.line(x, base+0.6, x+w, base+0.6)
	d.addLink(x, d.y, w, h, uri)
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

// marker is a list marker waiting for the first line of its item.
func (d *doc) drawMarker(size float64) {
	if d.marker == "" {
		return
	}
	m := d.marker
	d.marker = ""
	if d.dry {
		return
	}
	prev := d.elem
	d.elem = d.markerElem
	d.setFont(0, size)
	d.setColor(d.color[0], d.color[1], d.color[2])
	w := textWidth(m, 0, size)
	d.text(d.x0-w-1.8, d.y+lineHeight(size)*0.72, m)
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

func (d *doc) heading(n ast.Node) {
	h := n.(*ast.Heading)
	level := min(h.Level, 6)
	size := headingSizes[level]
	if d.y > d.top+1e-6 {
		d.gap(headingBefore[level])
	}
	spans, lines := d.lines(n, bold, size)
	d.bookmark(plain(spans), h.Level)
	d.drawLines(lines, size, east.AlignLeft)
	if headingRule[level] > 0 && !d.dry {
		d.setStroke(120, 120, 120)
		d.setLineWidth(headingRule[level])
		d.line(d.x0, d.y+0.6, d.x1, d.y+0.6)
	}
	d.gap(headingAfter[level] + 1.2)
}

// bookmark adds an outline entry; levels never skip, as PDF outlines need.
func (d *doc) bookmark(title string, level int) {
	if d.dry || level > 3 {
		return
	}
	lvl := min(level-1, d.outline+1)
	d.outline = lvl
	d.outlines = append(d.outlines, outline{clean(title), lvl, d.cur + 1, d.y})
}

func plain(spans []span) string {
	var b strings.Builder
	for _, s := range spans {
		b.WriteString(s.text)
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

func (d *doc) list(n ast.Node) {
	l := n.(*ast.List)
	d.listDepth++
	for i, item := 0, n.FirstChild(); item != nil; i, item = i+1, item.NextSibling() {
		if l.IsOrdered() {
			d.itemMarker = fmt.Sprintf("%d.", l.Start+i)
		} else {
			d.itemMarker = []string{"•", "–", "◦"}[(d.listDepth-1)%3]
		}
		d.block(item)
	}
	d.listDepth--
	if d.listDepth == 0 {
		d.gap(listGap - tightGap)
	}
}

// shortItem is the height of a list item kept on one page, mm: six lines
// of text, such as a step of a sequence and the line that says what it
// waits for.
const shortItem = 6 * bodySize * lineFactor * ptToMM

// listItem draws an item: its marker is the item's Lbl, the rest its
// LBody.
func (d *doc) listItem(n ast.Node) {
	if !d.dry { // a short item is not split across pages
		if h := d.measure(n, n.NextSibling()); h > d.room() && h <= shortItem {
			d.newPage()
		}
	}
	x0 := d.x0
	d.x0 = min(d.x0+indentStep, marginX+maxIndent)
	d.marker = d.itemMarker
	if !d.dry {
		d.markerElem = d.tags.add("Lbl", d.elem)
	}
	defer d.leave(d.enter("LBody"))
	if first := n.FirstChild(); first == nil || (first.Kind() != ast.KindParagraph && first.Kind() != ast.KindTextBlock) {
		d.ensure(lineHeight(bodySize))
		d.drawMarker(bodySize)
		if first == nil {
			d.y += lineHeight(bodySize)
		}
	}
	d.blocks(n)
	d.x0 = x0
}

func (d *doc) blockquote(n ast.Node) {
	x0, color := d.x0, d.color
	d.quotes = append(d.quotes, min(d.x0+1, marginX+maxIndent))
	d.x0 = min(d.x0+6, marginX+maxIndent+5)
	d.color = [3]int{70, 70, 70}
	d.blocks(n)
	d.quotes = d.quotes[:len(d.quotes)-1]
	d.x0, d.color = x0, color
}

func (d *doc) codeBlock(n ast.Node) {
	const size, pad = 8.8, 1.6
	var src bytes.Buffer
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		src.Write(seg.Value(d.src))
	}
	text, _ := Scrub(strings.TrimSuffix(src.String(), "\n"))
	lh := lineHeight(size)
	d.gap(0.5)
	for i, l := range breakCode(d.env, []span{{text: text, st: mono}}, d.x1-d.x0-2*pad, size) {
		h := lh
		if i == 0 {
			d.ensure(lh + pad)
			d.codeBackground(d.y, pad)
			d.y += pad
		}
		d.ensure(h)
		d.codeBackground(d.y, h)
		d.drawLine(l, d.x0+pad, d.x1-d.x0-2*pad, size, east.AlignLeft)
		d.y += h
	}
	d.codeBackground(d.y, pad)
	d.gap(pad + paraGap)
}

func (d *doc) codeBackground(y, h float64) {
	if d.dry {
		return
	}
	d.setFill(243, 243, 243)
	d.rect(d.x0, y, d.x1-d.x0, h, "f")
}

func (d *doc) thematicBreak(ast.Node) {
	d.ensure(5)
	if !d.dry {
		d.setStroke(160, 160, 160)
		d.setLineWidth(0.3)
		d.line(d.x0, d.y+2, d.x1, d.y+2)
	}
	d.y += 5
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
//	<!-- pdf:signature NAME -->  an empty signature field over the run of
//	                             underscores in the next line drawn
//	<!-- pdf:tag TEXT -->        TEXT, an e-signature service's text tag,
//	                             invisibly over that run, as wide as it
//	                             (esign.go)
//
// NAME and TEXT are URL-query-escaped (text/template's urlquery), so that
// nothing in them can end the comment.
func (d *doc) directiveBlock(n ast.Node) {
	s, _ := directive(n, d.src)
	verb, arg, _ := strings.Cut(s, " ")
	arg, err := url.QueryUnescape(strings.TrimSpace(arg))
	if err != nil {
		return
	}
	switch verb {
	case "pdf:space":
		if mm, err := strconv.ParseFloat(arg, 64); err == nil && mm > 0 {
			d.ensure(min(mm, 60))
			d.y += min(mm, 60)
		}
	case "pdf:signature":
		d.pendingSig = append(d.pendingSig, arg)
	case "pdf:tag":
		d.pendingTags = append(d.pendingTags, arg)
	}
}

// placeMarks puts pending signature fields and tags on line l, drawn at x
// on the current page, over its run of underscores (or the whole line).
func (d *doc) placeMarks(l line, x, size float64) {
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
	base := d.y + lineHeight(size)*0.72
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
func (d *doc) keepWithNext(h ast.Node) {
	need := d.measure(h, h.NextSibling()) + d.startOf(h.NextSibling())
	if d.y > d.top+1e-6 {
		need += headingBefore[min(h.(*ast.Heading).Level, 6)]
	}
	if need > d.room() && need <= d.bottom-d.top {
		d.newPage()
	}
}

// startOf measures the start of the blocks from n on that must stand on
// the page of the heading before them.
func (d *doc) startOf(n ast.Node) float64 {
	for n != nil && n.Kind() == ast.KindHTMLBlock && !isDirective(n, d.src, "pdf:keep") {
		n = n.NextSibling() // other directives: spaces, fields, tags
	}
	switch {
	case n == nil:
		return 0
	case isDirective(n, d.src, "pdf:keep"):
		return d.measure(n.NextSibling(), d.keepEnd(n))
	case n.Kind() == ast.KindHeading:
		return d.measure(n, n.NextSibling()) + d.startOf(n.NextSibling())
	case n.Kind() == east.KindTable:
		return d.tableStart(n.(*east.Table))
	case n.Kind() == ast.KindList && n.FirstChild() != nil:
		// Its first item, whole if it is short: listItem keeps it so.
		d.listDepth++
		h := d.measure(n.FirstChild(), n.FirstChild().NextSibling())
		d.listDepth--
		if h <= shortItem {
			return h
		}
	}
	return min(d.measure(n, n.NextSibling()), withHeading)
}

// keepTogether draws the blocks from the <!-- pdf:keep --> at start to the
// matching <!-- /pdf:keep --> on one page if they fit on a page at all, and
// returns the closing comment (nil if there is none).
func (d *doc) keepTogether(start ast.Node) ast.Node {
	end := d.keepEnd(start)
	// While measuring, nested groups are just drawn (dry): measuring them
	// too would cost twice per level of nesting.
	if !d.dry {
		d.measured++
		if h := d.measure(start.NextSibling(), end); h > d.room() && h <= d.bottom-d.top {
			d.newPage()
		}
	}
	for n := start.NextSibling(); n != end; n = n.NextSibling() {
		d.block(n)
	}
	return end
}

// keepEnd returns the <!-- /pdf:keep --> that closes the group opened at
// start, or nil if none does.
func (d *doc) keepEnd(start ast.Node) ast.Node {
	end := start.NextSibling()
	for end != nil && !isDirective(end, d.src, "/pdf:keep") {
		end = end.NextSibling()
	}
	return end
}

// measure returns the height the blocks from first up to end would take.
func (d *doc) measure(first, end ast.Node) float64 {
	saved := *d
	d.dry = true
	d.y, d.bottom = 0, 1e12
	for n := first; n != end; n = n.NextSibling() {
		d.block(n)
	}
	h := d.y
	broke := d.broke
	*d = saved
	d.broke = broke
	return h
}
