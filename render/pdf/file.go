package pdf

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// An Attachment is a file embedded in the PDF as an associated file of the
// document, listed in readers' attachments panel and extracted byte for
// byte by tools like pdfdetach.
type Attachment struct {
	Name         string // file name, such as "notes.toml"
	Description  string
	MIME         string // such as "application/toml"
	Data         []byte
	Relationship Relationship
}

// Relationship says how an associated file relates to the document.
type Relationship string

// The relationships recap uses.
const (
	Source     Relationship = "Source"     // what the document was made from
	Supplement Relationship = "Supplement" // what else it was made with
)

// sigField is an empty signature field, placed by <!-- pdf:signature -->.
type sigField struct {
	name string
	page int        // from 1
	rect [4]float64 // x1, y1, x2, y2 in points, from the bottom left
}

// write writes the drawn document as a PDF file.
func (d *doc) write() ([]byte, error) {
	w := newWriter(size(d.contents())/3 + 64<<10)
	catalog, pageTree, info, resources := w.alloc(), w.alloc(), w.alloc(), w.alloc()

	pageObjs := make([]int, len(d.pages))
	for i := range d.pages {
		pageObjs[i] = w.alloc()
	}
	widgets := d.writeWidgets(w, pageObjs)
	for i, p := range d.pages {
		content := w.alloc()
		w.stream(content, "", p.content)
		annots := append(writeLinks(w, p.links, pageObjs[i]), widgets[i+1]...)
		w.objf(pageObjs[i], "<</Type /Page /Parent %d 0 R /Resources %d 0 R /Contents %d 0 R%s>>",
			pageTree, resources, content, refArray(" /Annots", annots))
	}
	w.objf(pageTree, "<</Type /Pages /Kids %s /Count %d /MediaBox [0 0 %.2f %.2f]>>",
		refArray("", pageObjs), len(pageObjs), d.pageW*mmToPt, d.pageH*mmToPt)

	d.writeResources(w, resources)

	var entries strings.Builder // the catalog's
	if len(d.outlines) > 0 {
		fmt.Fprintf(&entries, " /Outlines %d 0 R /PageMode /UseOutlines", writeOutline(w, d.outlines, pageObjs, d.pageH))
	}
	if len(d.opt.Attachments) > 0 {
		tree, specs := writeAttachments(w, d.opt.Attachments)
		fmt.Fprintf(&entries, " /Names <</EmbeddedFiles %d 0 R>> /AF %s", tree, refArray("", specs))
	}
	var fields []int
	for _, p := range slices.Sorted(maps.Keys(widgets)) {
		fields = append(fields, widgets[p]...)
	}
	if len(fields) > 0 {
		form := w.alloc()
		w.objf(form, "<</Fields %s /SigFlags 1>>", refArray("", fields))
		fmt.Fprintf(&entries, " /AcroForm %d 0 R", form)
	}
	lang := d.opt.Lang
	if lang == "" {
		lang = "en"
	}
	w.objf(catalog, "<</Type /Catalog /Pages %d 0 R /Lang %s%s>>", pageTree, asciiString(lang), entries.String())
	d.writeInfo(w, info)
	return w.finish(fmt.Sprintf(" /Root %d 0 R /Info %d 0 R", catalog, info))
}

func (d *doc) contents() [][]byte {
	out := make([][]byte, len(d.pages))
	for i, p := range d.pages {
		out[i] = p.content
	}
	return out
}

// writeResources writes the resources every page shares: the fonts, the
// artwork and, for a watermark, the translucent graphics state.
func (d *doc) writeResources(w *writer, n int) {
	fonts := writeFonts(w, &d.used, d.extras)
	frame := w.alloc()
	writeForm(w, frame, d.pageW, d.pageH, d.frameArt())
	xobjects := fmt.Sprintf("%s %d 0 R", frameName, frame)
	gs := ""
	if d.opt.Watermark != "" {
		mark := w.alloc()
		writeForm(w, mark, d.pageW, d.pageH, d.watermarkArt())
		xobjects += fmt.Sprintf(" %s %d 0 R", watermarkName, mark)
		gs = fmt.Sprintf(" /ExtGState <<%s <</ca %.3f /CA %.3f>>>>", translucentGS, watermarkOpacity, watermarkOpacity)
	}
	w.objf(n, "<</ProcSet [/PDF /Text] /Font <<\n%s>> /XObject <<%s>>%s>>", fonts, xobjects, gs)
}

// writeForm writes artwork as a form XObject the size of the page.
func writeForm(w *writer, n int, wmm, hmm float64, content []byte) {
	w.stream(n, fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <<>>", wmm*mmToPt, hmm*mmToPt), content)
}

// writeLinks writes a page's link annotations and returns them.
func writeLinks(w *writer, links []link, page int) []int {
	var out []int
	for _, l := range links {
		n := w.alloc()
		w.objf(n, "<</Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /Border [0 0 0] /P %d 0 R /A <</S /URI /URI %s>>>>",
			l.rect[0], l.rect[1], l.rect[2], l.rect[3], page, asciiString(l.uri))
		out = append(out, n)
	}
	return out
}

// writeWidgets writes a widget per signature field, an empty signature
// field, and returns them by page.
func (d *doc) writeWidgets(w *writer, pageObjs []int) map[int][]int {
	byPage := map[int][]int{}
	for _, f := range d.fields {
		n := w.alloc()
		// Field names may not hold periods: they separate levels.
		w.objf(n, "<</Type /Annot /Subtype /Widget /FT /Sig /T %s /TU %s /F 132 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R>>",
			pdfString(strings.ReplaceAll(f.name, ".", "_")), pdfString("Signature of "+f.name), f.rect[0], f.rect[1], f.rect[2], f.rect[3], pageObjs[f.page-1])
		byPage[f.page] = append(byPage[f.page], n)
	}
	return byPage
}

// writeAttachments writes the files and their name tree, sorted by name
// as name trees are; it returns the tree and the file specifications.
func writeAttachments(w *writer, atts []Attachment) (tree int, specs []int) {
	atts = slices.Clone(atts)
	slices.SortFunc(atts, func(a, b Attachment) int { return bytes.Compare(pdfString(a.Name), pdfString(b.Name)) })
	var names bytes.Buffer
	names.WriteString("<</Names [")
	for _, a := range atts {
		ef, fs := w.alloc(), w.alloc()
		sum := md5.Sum(a.Data)
		w.stream(ef, fmt.Sprintf(" /Type /EmbeddedFile /Subtype %s /Params <</Size %d /CheckSum <%s>>>", pdfName(a.MIME), len(a.Data), hex.EncodeToString(sum[:])), a.Data)
		rel := a.Relationship
		if rel == "" {
			rel = Source
		}
		w.objf(fs, "<</Type /Filespec /F %s /UF %s /Desc %s /EF <</F %d 0 R /UF %d 0 R>> /AFRelationship %s>>",
			asciiString(a.Name), pdfString(a.Name), pdfString(a.Description), ef, ef, pdfName(string(rel)))
		specs = append(specs, fs)
		fmt.Fprintf(&names, " %s %d 0 R", pdfString(a.Name), fs)
	}
	names.WriteString(" ]>>")
	tree = w.alloc()
	w.obj(tree, names.Bytes())
	return tree, specs
}

// writeInfo writes the document information dictionary.
func (d *doc) writeInfo(w *writer, n int) {
	date := d.opt.Date
	if date.IsZero() {
		date = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	var b bytes.Buffer
	b.WriteString("<<")
	for _, e := range []struct{ key, value string }{
		{"Title", d.opt.Title}, {"Author", d.opt.Author}, {"Subject", d.opt.Subject},
		{"Keywords", d.opt.Keywords}, {"Creator", d.opt.Creator}, {"Producer", d.opt.Creator},
		{FontsKey, d.fontsUsed()},
	} {
		if e.value != "" {
			fmt.Fprintf(&b, "/%s %s ", e.key, pdfString(clean(e.value)))
		}
	}
	fmt.Fprintf(&b, "/CreationDate %s /ModDate %s>>", pdfDate(date), pdfDate(date))
	w.obj(n, b.Bytes())
}

// FontsKey names the entry of the document information that lists the
// fonts drawn with besides the Go fonts, each with the SHA-256 of its
// file: where a rebuild differs, it says whether the fonts did.
const FontsKey = "RecapFonts"

// fontsUsed lists the faces other than the Go fonts, in order of first use.
func (d *doc) fontsUsed() string {
	var names []string
	for _, e := range d.extras {
		names = append(names, e.f.name+" (sha256:"+e.f.hash[:16]+")")
	}
	return strings.Join(names, ", ")
}

// refArray writes refs as an array of references after key, or nothing
// if there are none and key is given.
func refArray(key string, refs []int) string {
	if len(refs) == 0 && key != "" {
		return ""
	}
	var b strings.Builder
	b.WriteString(key)
	if key != "" {
		b.WriteByte(' ')
	}
	b.WriteByte('[')
	for i, r := range refs {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%d 0 R", r)
	}
	b.WriteByte(']')
	return b.String()
}
