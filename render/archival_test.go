package render

import (
	"fmt"
	"github.com/recaptool/recap/schema"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// archivalCases are every example, as agreement and brief, and the final
// agreement with each service's e-signature tags.
func archivalCases(t *testing.T) map[string][]byte {
	t.Helper()
	examples, err := filepath.Glob("../examples/*.toml")
	if err != nil || len(examples) == 0 {
		t.Fatalf("no examples: %v", err)
	}
	out := map[string][]byte{}
	for _, path := range examples {
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(path), ".toml")
		for _, doc := range []Document{Agreement, Brief} {
			files := buildDoc(t, doc, src, FormatMD, FormatPDF)
			out[name+"."+string(doc)+".md"], out[name+"."+string(doc)+".pdf"] = files[FormatMD], files[FormatPDF]
		}
	}
	for _, service := range ESigns {
		outs, err := Build(source(t, "supply.toml", supplySource(t)), Options{Record: Record{ESign: service}, Template: defaultTemplate(t), Formats: Formats{FormatMD, FormatPDF}})
		if err != nil {
			t.Fatal(err)
		}
		out["supply.esign-"+string(service)+".md"], out["supply.esign-"+string(service)+".pdf"] = outs[0].Data, outs[1].Data
	}
	return out
}

// preflightOnlyA1 are the errors PDFBox Preflight, which judges PDF/A-1b,
// finds in a file that PDF/A-3 allows: embedded files, cross-reference
// streams (PDF 1.5), and its part.
var preflightOnlyA1 = []string{
	"1.4 : Trailer Syntax error, /XRef cross reference streams are not allowed",
	"1.2.9 : Body Syntax error, EmbeddedFile entry is present in a FileSpecification dictionary",
	"1.4.7 : Trailer Syntax error, EmbeddedFile entry is present in the Names dictionary",
	"7.11.2 : Error on MetaData, part must be 1",
}

// TestArchival reads every PDF recap makes back with independent tools:
// qpdf and pdfcpu find it sound, Ghostscript renders it without a word,
// PDFBox Preflight finds nothing that PDF/A-3 forbids, Poppler reads the
// PDF/A identification from the XMP metadata, which agrees with the
// document information, and the structure tree (read by qpdf) and the
// marked content (read by MuPDF) make it a tagged PDF.
func TestArchival(t *testing.T) {
	files := archivalCases(t)
	for name, file := range files {
		if !strings.HasSuffix(name, ".pdf") {
			continue
		}
		md := files[strings.TrimSuffix(name, ".pdf")+".md"]
		t.Run(strings.TrimSuffix(name, ".pdf"), func(t *testing.T) {
			t.Parallel()
			pdftest.Check(t, file)
			pdftest.PDFCPU(t, file)
			if out := pdftest.Ghostscript(t, file); out != "" {
				t.Errorf("Ghostscript:\n%s", out)
			}
			for _, e := range pdftest.Preflight(t, file) {
				if !slices.Contains(preflightOnlyA1, e) {
					t.Errorf("PDFBox Preflight: %s", e)
				}
			}
			checkMetadata(t, file)
			checkStructure(t, file, md)
			if faults := pdftest.Unmarked(t, file); len(faults) > 0 {
				t.Errorf("content neither tagged nor an artifact (%d), first: %s", len(faults), faults[0])
			}
			// recap draws no pictures: every path is a rule, a box or a
			// background, and white text is an e-signature tag.
			for _, p := range pdftest.Paintings(t, file) {
				if (strings.HasSuffix(p.Op, "_path") || p.White) && (len(p.Marked) == 0 || p.Marked[0] != "Artifact") {
					t.Errorf("page %d: %s (white %v) in %v, not an artifact", p.Page, p.Op, p.White, p.Marked)
					break
				}
			}
		})
	}
}

// checkMetadata: the XMP metadata says PDF/A-3b and what the document
// information says; the file's header and identifier are there.
func checkMetadata(t *testing.T, file []byte) {
	t.Helper()
	if !strings.HasPrefix(string(file), "%PDF-1.7\n%\xE2\xE3\xCF\xD3\n") {
		t.Errorf("header %q, want PDF 1.7 and a binary comment", file[:16])
	}
	meta := pdftest.Tool(t, file, "pdfinfo", "-meta", "PDF")
	for _, want := range []string{"<pdfaid:part>3</pdfaid:part>", "<pdfaid:conformance>B</pdfaid:conformance>"} {
		if !strings.Contains(meta, want) {
			t.Errorf("metadata lacks %s", want)
		}
	}
	info := pdftest.Tool(t, file, "pdfinfo", "-isodates", "PDF")
	field := func(key string) string {
		m := regexp.MustCompile(`(?m)^` + key + `:\s+(.*)$`).FindStringSubmatch(info)
		if m == nil {
			return ""
		}
		return m[1]
	}
	xmp := func(tag string) string {
		m := regexp.MustCompile(`<` + tag + `>(?:<rdf:(?:Alt|Seq)><rdf:li[^>]*>)?([^<]*)<`).FindStringSubmatch(meta)
		if m == nil {
			return ""
		}
		return strings.NewReplacer("&amp;", "&", "&lt;", "<", "&gt;", ">", "&#34;", `"`, "&#39;", "'").Replace(m[1])
	}
	for key, tag := range map[string]string{"Title": "dc:title", "Author": "dc:creator", "Subject": "dc:description", "Keywords": "pdf:Keywords", "Creator": "xmp:CreatorTool", "Producer": "pdf:Producer", "CreationDate": "xmp:CreateDate", "ModDate": "xmp:ModifyDate"} {
		if got, want := xmp(tag), field(key); got != want || got == "" {
			t.Errorf("metadata %s = %q, document information %s = %q", tag, got, key, want)
		}
	}
	if field("Tagged") != "yes" || field("PDF version") != "1.7" {
		t.Errorf("pdfinfo: tagged %q, PDF version %q", field("Tagged"), field("PDF version"))
	}
	o := pdftest.Read(t, file)
	if id := pdftest.Array(o.Trailer["/ID"]); len(id) != 2 || id[0] != id[1] {
		t.Errorf("trailer /ID = %v", o.Trailer["/ID"])
	}
	intents := pdftest.Array(o.Catalog()["/OutputIntents"])
	if len(intents) != 1 || o.Dict(intents[0])["/S"] != "/GTS_PDFA1" || o.Dict(o.Dict(intents[0])["/DestOutputProfile"])["/N"] != 3.0 {
		t.Errorf("output intents: %v", intents)
	}
}

// expectedRoles derives the structure a Markdown document should have from
// its syntax tree: the block elements, in reading order.
func expectedRoles(md []byte) []string {
	root := pdf.Markdown.Parser().Parse(text.NewReader(md))
	out := []string{"Document"}
	var walk func(n ast.Node)
	walk = func(n ast.Node) {
		for c := n.FirstChild(); c != nil; c = c.NextSibling() {
			role := ""
			switch c := c.(type) {
			case *ast.Paragraph, *ast.TextBlock:
				role = "P"
			case *ast.Heading:
				role = "H" + strconv.Itoa(c.Level)
			case *ast.List:
				role = "L"
			case *ast.ListItem:
				role = "LI"
			case *ast.Blockquote:
				role = "BlockQuote"
			case *ast.FencedCodeBlock, *ast.CodeBlock:
				role = "Code"
			case *east.Table:
				out = append(out, "Table")
				continue
			}
			if role != "" {
				out = append(out, role)
			}
			walk(c)
		}
	}
	walk(root)
	return out
}

// checkStructure reads the structure tree back with qpdf: the roles the
// Markdown asks for in reading order; lists, tables, links and signature
// fields built as tagged PDF builds them; every MCID a page's content
// marks held by the element the parent tree names, and only those; every
// annotation in the tree; the catalog and pages as tagged PDF wants them.
func checkStructure(t *testing.T, file, md []byte) {
	t.Helper()
	o := pdftest.Read(t, file)
	cat := o.Catalog()
	if mark, _ := cat["/MarkInfo"].(map[string]any); mark["/Marked"] != true {
		t.Errorf("catalog /MarkInfo = %v", cat["/MarkInfo"])
	}
	if vp, _ := cat["/ViewerPreferences"].(map[string]any); vp["/DisplayDocTitle"] != true {
		t.Errorf("catalog /ViewerPreferences = %v", cat["/ViewerPreferences"])
	}
	if lang, _ := cat["/Lang"].(string); !strings.HasPrefix(lang, "u:") || len(lang) < 4 {
		t.Errorf("catalog /Lang = %v", cat["/Lang"])
	}
	tree := o.StructTree()
	if got, want := pdftest.Roles(tree, "Lbl", "LBody", "TR", "TH", "TD", "Link", "Form"), expectedRoles(md); !slices.Equal(got, want) {
		t.Errorf("roles in reading order:\n got %v\nwant %v", got, want)
	}
	content := map[int]map[int]string{} // page, MCID: element
	annots := map[string]string{}       // annotation: element
	forms := 0
	for _, root := range tree {
		root.Walk(func(e *pdftest.Elem) {
			checkElem(t, e)
			for page, ids := range e.Content {
				for _, id := range ids {
					if content[page] == nil {
						content[page] = map[int]string{}
					}
					if was, ok := content[page][id]; ok {
						t.Errorf("page %d: MCID %d in %s and %s", page+1, id, was, e.Ref)
					}
					content[page][id] = e.Ref
				}
			}
			for _, a := range e.Annots {
				annots[a] = e.Ref
			}
			if e.Role == "Form" {
				forms++
			}
		})
	}
	parents := o.ParentTree()
	mcid := regexp.MustCompile(`/MCID (\d+)>> BDC`)
	fields := 0
	for i, p := range o.Pages() {
		page := o.Dict(p)
		if page["/Tabs"] != "/S" {
			t.Errorf("page %d: /Tabs = %v", i+1, page["/Tabs"])
		}
		key, _ := page["/StructParents"].(float64)
		marked := mcid.FindAllSubmatch(o.Data(page["/Contents"]), -1)
		if len(marked) != len(content[i]) || len(parents[int(key)]) != len(marked) {
			t.Errorf("page %d marks %d MCIDs, the tree holds %d, the parent tree %d", i+1, len(marked), len(content[i]), len(parents[int(key)]))
		}
		for k, m := range marked {
			id, _ := strconv.Atoi(string(m[1]))
			if id != k || content[i][id] == "" || k < len(parents[int(key)]) && parents[int(key)][k] != content[i][id] {
				t.Errorf("page %d: MCID %d (the %d-th) is held by %q, the parent tree says %v", i+1, id, k, content[i][id], parents[int(key)])
			}
		}
		for _, a := range pdftest.Array(page["/Annots"]) {
			annot := o.Dict(a)
			key, ok := annot["/StructParent"].(float64)
			if elem := annots[a.(string)]; !ok || elem == "" || len(parents[int(key)]) != 1 || parents[int(key)][0] != elem {
				t.Errorf("page %d: annotation %v is not in the tree (in %q, parent tree %v)", i+1, a, elem, parents[int(key)])
			}
			switch annot["/Subtype"] {
			case "/Link":
				if annot["/F"] != 4.0 || annot["/Contents"] == nil {
					t.Errorf("link %v: /F %v, /Contents %v", a, annot["/F"], annot["/Contents"])
				}
			case "/Widget":
				fields++
				if ap, _ := annot["/AP"].(map[string]any); len(ap) != 1 || ap["/N"] == nil {
					t.Errorf("widget %v: /AP = %v, want a normal appearance only", a, annot["/AP"])
				}
			}
		}
	}
	if forms != fields {
		t.Errorf("%d Form elements for %d signature fields", forms, fields)
	}
}

// checkElem checks the kids of a list item, a table and its rows.
func checkElem(t *testing.T, e *pdftest.Elem) {
	t.Helper()
	var kids []string
	for _, k := range e.Kids {
		kids = append(kids, k.Role)
	}
	bad := false
	switch e.Role {
	case "LI":
		bad = !slices.Equal(kids, []string{"Lbl", "LBody"})
	case "Table":
		bad = len(kids) == 0 || slices.ContainsFunc(kids, func(r string) bool { return r != "TR" })
	case "TR":
		bad = len(kids) == 0 || slices.ContainsFunc(kids, func(r string) bool { return r != "TH" && r != "TD" })
	case "TH":
		bad = fmt.Sprint(e.Attrs["/Scope"]) != "/Column"
	case "Link", "Form":
		bad = len(e.Annots) == 0
	}
	if bad {
		t.Errorf("%s %s: kids %v, attributes %v, annotations %v", e.Role, e.Ref, kids, e.Attrs, e.Annots)
	}
}

// TestFontRules checks what PDF/A-3 asks of fonts (programs embedded,
// widths those of the programs, CIDSet, ToUnicode: pdftest.FontFaults) on
// every example, the agreement and the brief, with every e-signature
// service (the tags' Liberation Sans) and on letter paper, and on text in
// many scripts with the CJK fonts.
func TestFontRules(t *testing.T) {
	files, _ := filepath.Glob("../examples/*.toml")
	scripts, err := os.ReadFile("testdata/scripts.toml")
	if err != nil {
		t.Fatal(err)
	}
	type build struct {
		name string
		src  []byte
		opt  Options
	}
	var builds []build
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		name := strings.TrimSuffix(filepath.Base(f), ".toml")
		builds = append(builds, build{name + "/brief", src, Options{Record: Record{Document: Brief}}},
			build{name + "/letter", src, Options{Record: Record{Paper: pdf.Letter}}})
		if n := load(t, name, src); n.Status == schema.Final {
			for _, e := range ESigns {
				builds = append(builds, build{name + "/" + string(e), src, Options{Record: Record{ESign: e}}})
			}
		}
	}
	builds = append(builds, build{"scripts", scripts, Options{}})
	for _, b := range builds {
		t.Run(b.name, func(t *testing.T) {
			opt := b.opt
			opt.Template, opt.Formats, opt.Version, opt.Fonts = docTemplate(t, opt.Document), Formats{FormatPDF}, "test", testFonts
			outs, err := Build(source(t, "notes.toml", b.src), opt)
			if err != nil {
				t.Fatal(err)
			}
			for _, f := range pdftest.FontFaults(t, outs[0].Data) {
				t.Error(f)
			}
		})
	}
}
