// Package pdf draws Markdown as a PDF: goldmark parses it, and a renderer
// walks the syntax tree and draws each node, in subsets of the Go fonts it
// embeds. It knows nothing of recaps: page furniture (running header,
// footer, watermark, initials boxes) comes in through Options.
//
// The file is written by this package (write.go owns object numbering and
// syntax); fpdf draws the fixed artwork of every page, the rules and boxes
// of the frame and the watermark, through its Template API (artwork.go).
// DEVELOPERS.md says where the line runs and why.
package pdf

import (
	"fmt"
	"time"

	"github.com/recaptool/recap/internal/choice"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
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
	out, err := draw(md, opt).write()
	if err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	return out, nil
}

// draw lays out and draws md on pages, furniture included.
func draw(md []byte, opt Options) *doc {
	d := newDoc(md, opt)
	root := Markdown.Parser().Parse(text.NewReader(md))
	d.addPage()
	d.y = d.top
	d.blocks(root)
	d.closeMarked()
	d.furniture()
	return d
}

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

// doc is the state of one rendering.
type doc struct {
	src    []byte
	opt    Options
	pageW  float64
	pageH  float64
	top    float64
	bottom float64

	x0, x1 float64 // the current text box, narrowed by lists and quotes
	y      float64
	size   float64 // current font size, pt
	// font is the face and size text is drawn in; onPage is what the
	// current page's content last selected (zero: nothing yet).
	font, onPage fontChoice

	// dry is set while measuring: nothing is drawn, pages are not added.
	dry bool
	// decorations drawn beside every line: quote bars, code backgrounds.
	quotes []float64
	// onNewPage redraws context after a page break (a table's header row).
	onNewPage func()
	outline   int       // last bookmark level
	outlines  []outline // bookmarks, see outline.go
	color     [3]int

	pages []*page  // see content.go
	cur   int      // index of the page being drawn
	gs    graphics // state the current page's content has set

	// broken caches each paragraph's lines, and tables their layout, by
	// node and box width: blocks are measured, then drawn.
	broken      map[brokenKey]broken
	tables      map[brokenKey]laidTable
	env         *textEnv
	extras      []*extraFace       // faces other than the Go fonts, in order of first use
	extraAt     map[*face]int      // their numbers, from 1
	used        [numStyles]faceUse // what is drawn in each style: the font subsets
	fields      []sigField         // placed by <!-- pdf:signature -->
	pendingSig  []string           // signature fields waiting for their line
	pendingTags []string           // text tags waiting for their line
	measured    int                // keep groups measured, for tests
	broke       int                // paragraphs broken into lines, for tests
	listDepth   int
	itemMarker  string // marker for the next list item
	marker      string // marker to draw with the next line

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

func newDoc(src []byte, opt Options) *doc {
	paper, ok := papers[opt.Paper]
	if !ok {
		paper = papers[A4]
	}
	w, h := paper[0]/mmToPt, paper[1]/mmToPt
	return &doc{
		src: src, opt: opt, pageW: w, pageH: h, env: newEnv(opt),
		top: marginTop, bottom: h - marginBottom,
		x0: marginX, x1: w - marginX, size: bodySize, outline: -1,
		broken: map[brokenKey]broken{}, tables: map[brokenKey]laidTable{},
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
func (d *doc) room() float64 { return d.bottom - d.y }

// ensure starts a new page unless h mm fit on this one.
func (d *doc) ensure(h float64) {
	if d.y+h > d.bottom+1e-6 && d.y > d.top+1e-6 {
		d.newPage()
	}
}

// addPage starts a page, whose content has selected no font yet. Its
// content buffer starts as large as the last page's.
func (d *doc) addPage() {
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

func (d *doc) newPage() {
	if d.dry {
		d.y = d.top
		return
	}
	d.addPage()
	d.y = d.top
	if d.onNewPage != nil {
		d.onNewPage()
	}
}

// blocks renders the children of a block node.
func (d *doc) blocks(n ast.Node) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		if isDirective(c, d.src, "pdf:keep") {
			c = d.keepTogether(c)
			if c == nil {
				return
			}
			continue
		}
		if c.Kind() == ast.KindHeading && !d.dry {
			d.keepWithNext(c)
		}
		d.block(c)
	}
}
