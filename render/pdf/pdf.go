// Package pdf draws Markdown as a PDF: goldmark parses it, and a renderer
// walks the syntax tree and draws each node, in subsets of the Go fonts it
// embeds. fpdf writes the document around the drawing (pages, links,
// metadata); the page content, fonts and outline are written here, which
// is most of why a recap builds several times faster than through fpdf
// alone. It knows nothing of recaps: page furniture (running header,
// footer, watermark, initials boxes) comes in through Options.
package pdf

import (
	"bytes"
	"fmt"
	"sync"
	"time"

	"github.com/go-pdf/fpdf"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	"github.com/yuin/goldmark/renderer/html"
)

// Options set up the page and its furniture. The zero value gives plain A4
// pages with page numbers.
type Options struct {
	Paper string // "a4" (default) or "letter"

	// Document metadata.
	Title, Author, Subject, Keywords, Creator string
	// Date is the creation and modification date written into the file;
	// the zero value writes 1 Jan 2000, so output never depends on the clock.
	Date time.Time

	HeaderLeft, HeaderRight string // running header, on every page
	FooterLeft              string // e.g. a fingerprint, on every page
	// Watermark is printed across every page and in the header, e.g.
	// "DRAFT - not for signature".
	Watermark string
	// Initials puts a labelled box for initials on every page, per label.
	Initials []string
	// Attachments are embedded in the file.
	Attachments []Attachment
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
func Render(md []byte, opt Options) ([]byte, error) { return NewRenderer(opt).Render(md) }

// A Renderer draws Markdown as PDF with one set of options. NewRenderer
// starts at once the work that needs no Markdown, compressing the
// attachments, so that it overlaps with whatever makes the Markdown.
type Renderer struct {
	opt    Options
	wg     sync.WaitGroup
	packed []packed
}

// NewRenderer returns a Renderer for opt and starts compressing its
// attachments.
func NewRenderer(opt Options) *Renderer {
	r := &Renderer{opt: opt}
	r.wg.Go(func() { r.packed = pack(opt.Attachments) })
	return r
}

// Render draws md as a PDF. It may be called more than once.
func (r *Renderer) Render(md []byte) ([]byte, error) {
	d := draw(md, r.opt)
	if err := d.pdf.Error(); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	var b bytes.Buffer
	if err := d.pdf.Output(&b); err != nil {
		return nil, fmt.Errorf("pdf: %w", err)
	}
	out, err := finish(b.Bytes(), additions{pages: d.pages, used: &d.used, translucent: d.translucent, outlines: d.outlines, pageH: d.pageH})
	if err != nil {
		return nil, err
	}
	r.wg.Wait()
	return appendUpdate(out, r.packed, d.fields)
}

// draw lays out and draws md on pages, furniture included.
func draw(md []byte, opt Options) *doc {
	root := parse(md)
	d := newDoc(md, opt)
	d.prelayout(root)
	d.addPage()
	d.y = d.top
	d.blocks(root)
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
	pdf    *fpdf.Fpdf
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

	pages       [][]byte // content per page, see content.go
	gs          graphics // state the current page's content has set
	translucent float64  // alpha the content uses, if any

	laid        map[ast.Node]*laid // see prelayout
	used        [numStyles]runeSet // runes drawn, per style: the font subsets
	fields      []sigField         // placed by <!-- pdf:signature -->
	pendingSig  []string           // signature fields waiting for their line
	pendingTags []string           // text tags waiting for their line
	measured    int                // keep groups measured, for tests
	listDepth   int
	itemMarker  string // marker for the next list item
	marker      string // marker to draw with the next line

}

func newDoc(src []byte, opt Options) *doc {
	size := "A4"
	if opt.Paper == "letter" {
		size = "Letter"
	}
	p := fpdf.NewCustom(&fpdf.InitType{UnitStr: "mm", SizeStr: size})
	p.SetAutoPageBreak(false, 0)
	p.SetCompression(false) // compressStreams does it, faster
	p.SetMargins(marginX, marginTop, marginX)
	p.SetCatalogSort(true)
	date := opt.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	p.SetCreationDate(date.UTC())
	p.SetModificationDate(date.UTC())
	p.SetTitle(clean(opt.Title), true)
	p.SetAuthor(clean(opt.Author), true)
	p.SetSubject(clean(opt.Subject), true)
	p.SetKeywords(clean(opt.Keywords), true)
	p.SetCreator(clean(opt.Creator), true)
	p.SetLang("en")
	w, h := p.GetPageSize()
	d := &doc{
		pdf: p, src: src, opt: opt, pageW: w, pageH: h,
		top: marginTop, bottom: h - marginBottom,
		x0: marginX, x1: w - marginX, size: bodySize, outline: -1,
		laid: map[ast.Node]*laid{},
	}
	return d
}

func clean(s string) string {
	s, _ = Scrub(s)
	return s
}

type fontChoice struct {
	st   style
	size float64
}

// setFont selects the style and size of the text drawn next. The page
// gets the selection with that text, so selecting costs nothing.
func (d *doc) setFont(st style, size float64) { d.font = fontChoice{st, size} }

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
	d.pdf.AddPage()
	hint := 4096
	if n := len(d.pages); n > 0 {
		hint = max(hint, len(d.pages[n-1])+len(d.pages[n-1])/8)
	}
	d.pages = append(d.pages, make([]byte, 0, hint))
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
		d.block(c)
	}
}
