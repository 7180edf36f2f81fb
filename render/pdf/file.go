package pdf

import (
	"bytes"
	"crypto/md5"
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
		w.stream(content, nil, p.content)
		refs.links[i] = writeLinks(w, p.links, refs.pages[i], refs.linkKeys[i])
		annots := append(slices.Clone(refs.links[i]), widgets[i+1]...)
		parents := i < len(d.tags.mcids) && len(d.tags.mcids[i]) > 0
		w.dict(refs.pages[i], func(pg *pdfDict) {
			pg.Name("Type", "Page")
			pg.Ref("Parent", pageTree)
			pg.Ref("Resources", resources)
			pg.Ref("Contents", content)
			if len(annots) > 0 {
				pg.Refs("Annots", annots)
			}
			if parents {
				pg.Int("StructParents", i)
			}
			pg.Name("Tabs", "S")
		})
	}
	w.dict(pageTree, func(tree *pdfDict) {
		tree.Name("Type", "Pages")
		tree.Refs("Kids", refs.pages)
		tree.Int("Count", len(refs.pages))
		tree.Box("MediaBox", d.pageW*mmToPt, d.pageH*mmToPt)
	})

	d.writeResources(w, resources)

	outlines := 0
	if len(d.outlines) > 0 {
		outlines = writeOutline(w, d.outlines, refs.pages, d.pageH)
	}
	var tree int
	var specs []int
	if len(d.opt.Attachments) > 0 {
		tree, specs = writeAttachments(w, d.opt.Attachments, d.date())
	}
	form := 0
	if len(refs.fields) > 0 {
		form = w.alloc()
		w.dict(form, func(d *pdfDict) {
			d.Refs("Fields", refs.fields)
			d.Int("SigFlags", 1)
		})
	}
	in := d.info()
	structRoot := d.tags.write(w, refs)
	metadata, intent := writeMetadata(w, in), writeOutputIntent(w)
	w.dict(catalog, func(d *pdfDict) {
		d.Name("Type", "Catalog")
		d.Ref("Pages", pageTree)
		d.ASCII("Lang", in.lang)
		if outlines != 0 {
			d.Ref("Outlines", outlines)
			d.Name("PageMode", "UseOutlines")
		}
		if tree != 0 {
			names := d.Dict("Names")
			names.Ref("EmbeddedFiles", tree)
			d.Set(names.end())
			d.Refs("AF", specs)
		}
		if form != 0 {
			d.Ref("AcroForm", form)
		}
		d.Ref("StructTreeRoot", structRoot)
		mark := d.Dict("MarkInfo")
		mark.Bool("Marked", true)
		d.Set(mark.end())
		prefs := d.Dict("ViewerPreferences")
		prefs.Bool("DisplayDocTitle", true)
		d.Set(prefs.end())
		d.Ref("Metadata", metadata)
		d.Refs("OutputIntents", []int{intent})
	})
	d.writeInfo(w, infoObj, in)
	return w.finish(catalog, infoObj)
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
	fonts := beginDictLines(nil)
	writeFonts(w, &fonts, &d.used, d.extras)
	frame := w.alloc()
	writeForm(w, frame, d.pageW, d.pageH, d.frameArt())
	mark := 0
	if d.opt.Watermark != "" {
		mark = w.alloc()
		writeForm(w, mark, d.pageW, d.pageH, d.watermarkArt())
	}
	forms := make([]int, len(d.glyphForms))
	for i, k := range d.glyphForms {
		forms[i] = w.alloc()
		writeGlyphForm(w, forms[i], k)
	}
	w.dict(n, func(res *pdfDict) {
		procs := res.Array("ProcSet")
		procs.Name("PDF")
		procs.Name("Text")
		res.Set(procs.end())
		res.key("Font")
		res.Set(append(res.b, fonts.end()...))
		xobjects := res.Dict("XObject")
		xobjects.Ref(frameName, frame)
		if mark != 0 {
			xobjects.Ref(watermarkName, mark)
		}
		for i, f := range forms {
			xobjects.Ref(string(appendGlyphForm(nil, i+1)), f)
		}
		res.Set(xobjects.end())
	})
}

// writeForm writes artwork as a form XObject the size of the page.
func writeForm(w *writer, n int, wmm, hmm float64, content []byte) {
	w.stream(n, formEntries(wmm*mmToPt, hmm*mmToPt), content)
}

// formEntries are the entries of a form XObject of w by h points that
// needs no resources.
func formEntries(w, h float64) func(d *pdfDict) {
	return func(d *pdfDict) {
		d.Name("Type", "XObject")
		d.Name("Subtype", "Form")
		d.Box("BBox", w, h)
		res := d.Dict("Resources")
		d.Set(res.end())
	}
}

// rect writes a rectangle, in points, as the value of key.
func rect(d *pdfDict, key string, r [4]float64) {
	a := d.Array(key)
	for _, v := range r {
		a.Fixed(v)
	}
	d.Set(a.end())
}

// writeLinks writes a page's link annotations, printed with the page (as
// PDF/A asks) and described by their target (as PDF/UA asks), and returns
// them.
func writeLinks(w *writer, links []link, page int, keys []int) []int {
	var out []int
	for i, l := range links {
		n := w.alloc()
		w.dict(n, func(d *pdfDict) {
			d.Name("Type", "Annot")
			d.Name("Subtype", "Link")
			rect(d, "Rect", l.rect)
			d.Int("F", 4)
			d.Ints("Border", 0, 0, 0)
			d.Ref("P", page)
			d.Text("Contents", clean(l.uri))
			d.Int("StructParent", keys[i])
			action := d.Dict("A")
			action.Name("S", "URI")
			action.ASCII("URI", l.uri)
			d.Set(action.end())
		})
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
		w.rawStream(ap, formEntries(f.rect[2]-f.rect[0], f.rect[3]-f.rect[1]), nil)
		w.dict(n, func(d *pdfDict) {
			d.Name("Type", "Annot")
			d.Name("Subtype", "Widget")
			d.Name("FT", "Sig")
			d.Text("T", name)
			d.Text("TU", "Signature of "+f.name)
			d.Int("F", 132)
			rect(d, "Rect", f.rect)
			d.Ref("P", refs.pages[f.page-1])
			appearance := d.Dict("AP")
			appearance.Ref("N", ap)
			d.Set(appearance.end())
			d.Int("StructParent", refs.fieldKeys[i])
		})
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
	for _, a := range atts {
		ef, fs := w.alloc(), w.alloc()
		sum := md5.Sum(a.Data)
		w.stream(ef, func(d *pdfDict) {
			d.Name("Type", "EmbeddedFile")
			d.Name("Subtype", a.MIME)
			params := d.Dict("Params")
			params.Int("Size", len(a.Data))
			params.Hex("CheckSum", sum[:], lowerHex)
			d.Set(params.end())
		}, a.Data)
		rel := a.Relationship
		if rel == "" {
			rel = Source
		}
		w.dict(fs, func(d *pdfDict) {
			d.Name("Type", "Filespec")
			d.ASCII("F", a.Name)
			d.Text("UF", a.Name)
			d.Text("Desc", a.Description)
			files := d.Dict("EF")
			files.Ref("F", ef)
			files.Ref("UF", ef)
			d.Set(files.end())
			d.Name("AFRelationship", string(rel))
		})
		specs = append(specs, fs)
	}
	tree = w.alloc()
	w.dict(tree, func(d *pdfDict) {
		names := beginArrayPadded(nil)
		d.key("Names")
		for i, a := range atts {
			names.Text(a.Name)
			names.Ref(specs[i])
		}
		d.Set(append(d.b, names.end()...))
	})
	return tree, specs
}

// writeInfo writes the document information dictionary.
func (d *doc) writeInfo(w *writer, n int, in info) {
	w.dict(n, func(info *pdfDict) {
		for _, e := range []struct{ key, value string }{
			{"Title", in.title}, {"Author", in.author}, {"Subject", in.subject},
			{"Keywords", in.keywords}, {"Creator", in.creator}, {"Producer", in.creator},
			{FontsKey, d.fontsUsed()},
		} {
			if e.value != "" {
				info.Text(e.key, e.value)
			}
		}
		info.Date("CreationDate", in.date)
		info.Date("ModDate", in.date)
	})
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
