package pdf

import (
	"bytes"
	"crypto/md5"
	"encoding/hex"
	"fmt"
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

// write writes the drawn document as a PDF file: PDF/A-3b, tagged.
func (d *doc) write() ([]byte, error) {
	w := newWriter(size(d.contents())/3 + 64<<10)
	catalog, pageTree, infoObj, resources := w.alloc(), w.alloc(), w.alloc(), w.alloc()

	refs := &structRefs{pages: make([]int, len(d.pages))}
	for i := range d.pages {
		refs.pages[i] = w.alloc()
	}
	d.annotKeys(refs)
	widgets := d.writeWidgets(w, refs)
	refs.links = make([][]int, len(d.pages))
	for i, p := range d.pages {
		content := w.alloc()
		w.stream(content, "", p.content)
		refs.links[i] = writeLinks(w, p.links, refs.pages[i], refs.linkKeys[i])
		annots := append(slices.Clone(refs.links[i]), widgets[i+1]...)
		parents := ""
		if i < len(d.tags.mcids) && len(d.tags.mcids[i]) > 0 {
			parents = fmt.Sprintf(" /StructParents %d", i)
		}
		w.objf(refs.pages[i], "<</Type /Page /Parent %d 0 R /Resources %d 0 R /Contents %d 0 R%s%s /Tabs /S>>",
			pageTree, resources, content, refArray(" /Annots", annots), parents)
	}
	w.objf(pageTree, "<</Type /Pages /Kids %s /Count %d /MediaBox [0 0 %.2f %.2f]>>",
		refArray("", refs.pages), len(refs.pages), d.pageW*mmToPt, d.pageH*mmToPt)

	d.writeResources(w, resources)

	var entries strings.Builder // the catalog's
	if len(d.outlines) > 0 {
		fmt.Fprintf(&entries, " /Outlines %d 0 R /PageMode /UseOutlines", writeOutline(w, d.outlines, refs.pages, d.pageH))
	}
	if len(d.opt.Attachments) > 0 {
		tree, specs := writeAttachments(w, d.opt.Attachments, d.date())
		fmt.Fprintf(&entries, " /Names <</EmbeddedFiles %d 0 R>> /AF %s", tree, refArray("", specs))
	}
	if len(refs.fields) > 0 {
		form := w.alloc()
		w.objf(form, "<</Fields %s /SigFlags 1>>", refArray("", refs.fields))
		fmt.Fprintf(&entries, " /AcroForm %d 0 R", form)
	}
	in := d.info()
	fmt.Fprintf(&entries, " /StructTreeRoot %d 0 R /MarkInfo <</Marked true>> /ViewerPreferences <</DisplayDocTitle true>>", d.tags.write(w, refs))
	fmt.Fprintf(&entries, " /Metadata %d 0 R /OutputIntents [%d 0 R]", writeMetadata(w, in), writeOutputIntent(w))
	w.objf(catalog, "<</Type /Catalog /Pages %d 0 R /Lang %s%s>>", pageTree, asciiString(in.lang), entries.String())
	d.writeInfo(w, infoObj, in)
	return w.finish(fmt.Sprintf(" /Root %d 0 R /Info %d 0 R", catalog, infoObj))
}

// date is the document's creation date: Options.Date, or 1 Jan 2000.
func (d *doc) date() time.Time {
	if d.opt.Date.IsZero() {
		return time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	return d.opt.Date
}

// info is what the document information and the metadata say.
func (d *doc) info() info {
	lang := d.opt.Lang
	if lang == "" {
		lang = "en"
	}
	return info{
		title: clean(d.opt.Title), author: clean(d.opt.Author), subject: clean(d.opt.Subject),
		keywords: clean(d.opt.Keywords), creator: clean(d.opt.Creator), lang: lang, date: d.date(),
	}
}

func (d *doc) contents() [][]byte {
	out := make([][]byte, len(d.pages))
	for i, p := range d.pages {
		out[i] = p.content
	}
	return out
}

// writeResources writes the resources every page shares: the fonts and
// the artwork.
func (d *doc) writeResources(w *writer, n int) {
	fonts := writeFonts(w, &d.used, d.extras)
	frame := w.alloc()
	writeForm(w, frame, d.pageW, d.pageH, d.frameArt())
	xobjects := fmt.Sprintf("%s %d 0 R", frameName, frame)
	if d.opt.Watermark != "" {
		mark := w.alloc()
		writeForm(w, mark, d.pageW, d.pageH, d.watermarkArt())
		xobjects += fmt.Sprintf(" %s %d 0 R", watermarkName, mark)
	}
	w.objf(n, "<</ProcSet [/PDF /Text] /Font <<\n%s>> /XObject <<%s>>>>", fonts, xobjects)
}

// writeForm writes artwork as a form XObject the size of the page.
func writeForm(w *writer, n int, wmm, hmm float64, content []byte) {
	w.stream(n, fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <<>>", wmm*mmToPt, hmm*mmToPt), content)
}

// writeLinks writes a page's link annotations, printed with the page (as
// PDF/A asks) and described by their target (as PDF/UA asks), and returns
// them.
func writeLinks(w *writer, links []link, page int, keys []int) []int {
	var out []int
	for i, l := range links {
		n := w.alloc()
		w.objf(n, "<</Type /Annot /Subtype /Link /Rect [%.2f %.2f %.2f %.2f] /F 4 /Border [0 0 0] /P %d 0 R /Contents %s /StructParent %d /A <</S /URI /URI %s>>>>",
			l.rect[0], l.rect[1], l.rect[2], l.rect[3], page, pdfString(clean(l.uri)), keys[i], asciiString(l.uri))
		out = append(out, n)
	}
	return out
}

// writeWidgets writes a widget per signature field, an empty signature
// field with an empty appearance (as PDF/A asks of every widget), and
// returns them by page. Fields are named by fieldNames.
func (d *doc) writeWidgets(w *writer, refs *structRefs) map[int][]int {
	byPage := map[int][]int{}
	for i, name := range fieldNames(d.fields) {
		f := d.fields[i]
		n, ap := w.alloc(), w.alloc()
		w.rawStream(ap, fmt.Sprintf(" /Type /XObject /Subtype /Form /BBox [0 0 %.2f %.2f] /Resources <<>>", f.rect[2]-f.rect[0], f.rect[3]-f.rect[1]), nil)
		w.objf(n, "<</Type /Annot /Subtype /Widget /FT /Sig /T %s /TU %s /F 132 /Rect [%.2f %.2f %.2f %.2f] /P %d 0 R /AP <</N %d 0 R>> /StructParent %d>>",
			pdfString(name), pdfString("Signature of "+f.name), f.rect[0], f.rect[1], f.rect[2], f.rect[3], refs.pages[f.page-1], ap, refs.fieldKeys[i])
		byPage[f.page] = append(byPage[f.page], n)
		refs.fields = append(refs.fields, n)
		refs.fieldPages = append(refs.fieldPages, refs.pages[f.page-1])
	}
	return byPage
}

// fieldNames names the signature fields after their signatories: without
// periods, which separate the levels of a field's name, and told apart by
// a number where two signatories have the same name: "Ana Souza",
// "Ana Souza (2)".
func fieldNames(fields []sigField) []string {
	seen := map[string]int{}
	out := make([]string, len(fields))
	for i, f := range fields {
		name := strings.ReplaceAll(f.name, ".", "_")
		base := name
		for n := 2; seen[name] > 0; n++ {
			name = fmt.Sprintf("%s (%d)", base, n)
		}
		seen[name]++
		out[i] = name
	}
	return out
}

// writeAttachments writes the files and their name tree, sorted by name
// as name trees are; it returns the tree and the file specifications.
func writeAttachments(w *writer, atts []Attachment, date time.Time) (tree int, specs []int) {
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
func (d *doc) writeInfo(w *writer, n int, in info) {
	var b bytes.Buffer
	b.WriteString("<<")
	for _, e := range []struct{ key, value string }{
		{"Title", in.title}, {"Author", in.author}, {"Subject", in.subject},
		{"Keywords", in.keywords}, {"Creator", in.creator}, {"Producer", in.creator},
		{FontsKey, d.fontsUsed()},
	} {
		if e.value != "" {
			fmt.Fprintf(&b, "/%s %s ", e.key, pdfString(e.value))
		}
	}
	fmt.Fprintf(&b, "/CreationDate %s /ModDate %s>>", pdfDate(in.date), pdfDate(in.date))
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
