// Package pdf draws Markdown as a PDF: goldmark parses it, and a renderer
// walks the syntax tree and draws each node, in subsets of the Go fonts it
// embeds. It knows nothing of recaps: page furniture (running header,
// footer, watermark, initials boxes) comes in through Options.
//
// A layout places the blocks, a painter paints what it places (draw), and
// the file is written by this package (write.go and syntax.go own object
// numbering and syntax); fpdf draws the fixed artwork of every page, the
// rules and boxes of the frame and the watermark, through its Template
// API (artwork.go). It writes PDFs and reads none: package pdfread reads
// them back. DEVELOPERS.md says where the line runs and why.
package pdf

import (
	"fmt"
	"time"

	"github.com/recaptool/recap/internal/choice"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/renderer/html"
	"github.com/yuin/goldmark/text"
)

// Options set up the page and its furniture. The zero value gives plain A4
// pages with page numbers.
type Options struct {
	Paper Paper // A4 unless set

	// Document metadata.
	Title, Author, Subject, Keywords, Creator string
	// Date is the creation and modification date written into the file;
	// the zero value writes 1 Jan 2000, so output never depends on the clock.
	Date time.Time

	HeaderLeft, HeaderRight string // running header, on every page
	FooterLeft              string // e.g. a fingerprint, on every page
	// Mark, if set, stands at the right of the running header instead of
	// HeaderRight, in red: "DRAFT - not for signature".
	Mark string
	// Watermark is printed across every page, e.g. "DRAFT - not for
	// signature".
	Watermark string
	// Initials puts a labelled box for initials on every page, per label.
	Initials []string
	// InitialsTags are e-signature text tags, one per initials box,
	// drawn invisibly inside the boxes of the last page (esign.go).
	InitialsTags []string
	// Attachments are embedded in the file.
	Attachments []Attachment

	// Lang is the document's language (BCP 47), "en" if unset: the PDF
	// says it, and it picks glyph forms (Japanese or Chinese, say).
	Lang string
	// Langs gives the language of values in the text: where a value
	// stands between U+2068 and U+2069 (a bidi isolate) and its text is a
	// key, it is tagged and shaped in that language.
	Langs map[string]string
	// Fonts is where to find a font for characters that neither the Go
	// fonts nor the Noto fonts recap embeds have; nil: nowhere.
	Fonts *FontSet
}

// Markdown is the Markdown dialect the PDF is drawn from, and that HTML
// output is converted with: CommonMark plus GFM tables, strikethrough and
// task lists; no linkify and no typographer, so text stays exactly as
// written. Raw HTML passes into HTML output: recap's templates escape all
// user text, so only the template's own HTML (such as <br>) gets there.
var Markdown = goldmark.New(
	goldmark.WithExtensions(extension.Table, extension.Strikethrough, extension.TaskList),
	goldmark.WithRendererOptions(html.WithUnsafe()),
)

// Render draws the Markdown document md as a PDF.
func Render(md []byte, opt Options) ([]byte, error) {
	out, err := draw(md, opt).doc.write()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}

// draw lays out md on the pages of a document, which it paints, furniture
// included; it returns the layout, which holds the document.
func draw(md []byte, opt Options) *layout {
	d := newDoc(opt)
	lo := newLayout(md, d)
	root := Markdown.Parser().Parse(text.NewReader(md))
	d.newPage()
	lo.y = lo.top
	lo.blocks(root)
	d.closeMarked()
	d.furniture()
	return lo
}

// The work is cut in three. The layout (layout, with its cursor) walks
// the Markdown's blocks, breaks their text into lines and places them,
// page by page; it hands what it places to a painter. The document (doc)
// is that painter while drawing: it paints the pages' content, builds the
// structure tree, outline, fields and fonts used, and writes the file
// (file.go, with write.go and syntax.go). To measure blocks ahead (a group
// kept together, a heading with what follows), the layout copies its
// cursor, places them with a painter that paints nothing, and puts the
// cursor back: nothing of the document is touched, so nothing needs
// restoring.

// cursor is where the layout stands: the box text is set in, how far down
// the page it has come, and what the next line carries. Measuring copies
// it, and only it.
type cursor struct {
	x0, x1      float64 // the current text box, narrowed by lists and quotes
	y           float64
	top, bottom float64
	color       [3]int    // of body text: grey in quotes
	quotes      []float64 // the bars of the quotes around, beside every line
	listDepth   int
	itemMarker  string // marker for the next list item
	marker      string // marker to draw with the next line
	// onNewPage redraws context after a page break (a table's header row).
	onNewPage func()
	// measuring is set while blocks are measured ahead: their page breaks
	// only start the count again, and nested groups are not measured.
	measuring bool
}

// layout is the state of laying out one document.
type layout struct {
	cursor
	src   []byte
	env   *textEnv
	doc   *doc    // the document drawn
	paint painter // doc, or noPaint while measuring
	// broken caches each paragraph's lines, and tables their layout, by
	// node and box width: blocks are measured, then drawn.
	broken   map[brokenKey]broken
	tables   map[brokenKey]laidTable
	measured int // keep groups measured, for tests
	drawn    int // lines of text drawn, for measureLines
	broke    int // paragraphs broken into lines, for tests
}

func newLayout(src []byte, d *doc) *layout {
	return &layout{
		cursor: cursor{top: marginTop, bottom: d.pageH - marginBottom, x0: marginX, x1: d.pageW - marginX},
		src:    src, env: d.env, doc: d, paint: d,
		broken: map[brokenKey]broken{}, tables: map[brokenKey]laidTable{},
	}
}

// painter is what the layout places its blocks with.
type painter interface {
	// line paints a line of text at the cursor, in a box from x of width
	// w; marker the list marker before it.
	line(c *cursor, l line, x, w, size float64, align east.Alignment)
	marker(c *cursor, m string, size float64)
	// rule strokes a horizontal line, grey at level gray.
	rule(x0, x1, y, width float64, gray int)
	// shade fills the background of code.
	shade(x, y, w, h float64)
	// cellBoxes draws the boxes of a table row's cells.
	cellBoxes(x, y, h float64, widths []float64, header bool)
	bookmark(title string, level int, y float64)
	// enter opens a structure element, or makes elem the current one,
	// and returns the one to go back to with leave.
	enter(role string) int
	enterElem(elem int) int
	leave(prev int)
	label()
	tagRows(rows []*tableRow)
	// asArtifact paints what draw paints as an artifact.
	asArtifact(draw func())
	newPage()
	// signature and tag place a signature field, or an e-signature tag,
	// over the next line painted.
	signature(name string)
	tag(text string)
}

// noPaint is the painter of blocks being measured: it paints nothing.
type noPaint struct{}

func (noPaint) line(*cursor, line, float64, float64, float64, east.Alignment) {}
func (noPaint) marker(*cursor, string, float64)                               {}
func (noPaint) rule(float64, float64, float64, float64, int)                  {}
func (noPaint) shade(float64, float64, float64, float64)                      {}
func (noPaint) cellBoxes(float64, float64, float64, []float64, bool)          {}
func (noPaint) bookmark(string, int, float64)                                 {}
func (noPaint) enter(string) int                                              { return 0 }
func (noPaint) enterElem(int) int                                             { return 0 }
func (noPaint) leave(int)                                                     {}
func (noPaint) label()                                                        {}
func (noPaint) tagRows([]*tableRow)                                           {}
func (noPaint) asArtifact(func())                                             {}
func (noPaint) newPage()                                                      {}
func (noPaint) signature(string)                                              {}
func (noPaint) tag(string)                                                    {}

// Layout, in mm and pt.
const (
	marginX      = 22.0
	marginTop    = 24.0
	marginBottom = 30.0
	bodySize     = 10.0
	lineFactor   = 1.45 // line height / font size
	indentStep   = 7.0
	maxIndent    = 60.0 // deeper nesting stops indenting, so text keeps room
)

// doc is a document being drawn: its pages and what the file says of
// them besides (structure, outline, fields, the fonts drawn in).
type doc struct {
	opt   Options
	pageW float64
	pageH float64

	// font is the face and size text is drawn in; onPage is what the
	// current page's content last selected (zero: nothing yet).
	font, onPage fontChoice

	outline  int       // last bookmark level
	outlines []outline // bookmarks, see outline.go

	// jsEnd is where the last letter drawn ends (mm), as pdf.js reads
	// it: see leadSpaces.
	jsEnd float64
	// glyphForms are the glyphs drawn as outlines (outlined.go), numbered
	// from 1 in glyphFormAt.
	glyphForms  []glyphKey
	glyphFormAt map[glyphKey]int

	pages []*page  // see content.go
	cur   int      // index of the page being drawn
	gs    graphics // state the current page's content has set

	env         *textEnv
	extras      []*extraFace       // faces other than the Go fonts, in order of first use
	extraAt     map[*face]int      // their numbers, from 1
	used        [numStyles]faceUse // what is drawn in each style: the font subsets
	fields      []sigField         // placed by <!-- pdf:signature -->
	pendingSig  []string           // signature fields waiting for their line
	pendingTags []string           // text tags waiting for their line

	// The structure tree (tags.go): the element being drawn, the marked
	// content open on the current page, and whether artifacts are drawn.
	tags       *tagTree
	elem       int // the current element
	markerElem int // the Lbl of the marker waiting to be drawn
	marked     int // noMarked, artifactMarked or taggedMarked
	tagged     int // the element whose marked content is open
	artifact   int // > 0 while drawing artifacts
}

// page is one page: its content stream and its links.
type page struct {
	content []byte
	links   []link
}

// link is a rectangle on a page (points, from the bottom left) that opens
// a URI.
type link struct {
	rect [4]float64
	uri  string
}

// Paper is a paper size, by name; it is a flag.Value.
type Paper string

// The paper sizes.
const (
	A4     Paper = "a4"
	Letter Paper = "letter"
)

// Papers lists the paper sizes.
var Papers = []Paper{A4, Letter}

func (p Paper) String() string { return string(p) }

// Set parses a paper size's name.
func (p *Paper) Set(s string) error { return choice.Set(p, s, Papers) }

// papers are the sizes in points, as fpdf and every PDF tool have them.
var papers = map[Paper][2]float64{A4: {595.28, 841.89}, Letter: {612, 792}}

func newDoc(opt Options) *doc {
	paper, ok := papers[opt.Paper]
	if !ok {
		paper = papers[A4]
	}
	w, h := paper[0]/mmToPt, paper[1]/mmToPt
	return &doc{
		opt: opt, pageW: w, pageH: h, env: newEnv(opt), outline: -1,
		tags: &tagTree{elems: []elem{{role: "Document", parent: -1}}},
	}
}

func clean(s string) string {
	s, _ = Scrub(s)
	return s
}

type fontChoice struct {
	st    style
	size  float64
	extra int // a face other than the Go fonts, numbered from 1 (extraOf); 0 for none
}

// setFont selects the style and size of the text drawn next. The page
// gets the selection with that text, so selecting costs nothing.
func (d *doc) setFont(st style, size float64) { d.font = fontChoice{st: st, size: size} }

func lineHeight(size float64) float64 { return size * lineFactor * ptToMM }

// room is the space left on the page.
func (lo *layout) room() float64 { return lo.bottom - lo.y }

// ensure starts a new page unless h mm fit on this one.
func (lo *layout) ensure(h float64) {
	if lo.y+h > lo.bottom+1e-6 && lo.y > lo.top+1e-6 {
		lo.newPage()
	}
}

// newPage starts a page, whose content has selected no font yet. Its
// content buffer starts as large as the last page's.
func (d *doc) newPage() {
	hint := 4096
	if n := len(d.pages); n > 0 {
		d.closeMarked()
		hint = max(hint, len(d.pages[n-1].content)+len(d.pages[n-1].content)/8)
	}
	content := append(make([]byte, 0, hint), pagePrefix...)
	if d.opt.Watermark != "" {
		content = append(content, watermarkContent...)
	}
	d.pages = append(d.pages, &page{content: content})
	d.marked = noMarked
	d.cur = len(d.pages) - 1
	d.onPage = fontChoice{}
	d.gs = pageStart
}

func (lo *layout) newPage() {
	lo.paint.newPage()
	lo.y = lo.top
	if lo.onNewPage != nil && !lo.measuring {
		lo.onNewPage()
	}
}

// blocks renders the children of a block node.
func (lo *layout) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if isDirective(c, lo.src, "pdf:keep") {
			c = lo.keepTogether(c)
			if c == nil {
				return
			}
			continue
		}
		if isDirective(c, lo.src, "pdf:row") {
			c = lo.row(c)
			if c == nil {
				return
			}
			continue
		}
		if c.Kind() == ast.KindHeading && !lo.measuring {
			lo.keepWithNext(c)
		}
		lo.block(c)
	}
}
