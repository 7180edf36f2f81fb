package pdf

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

func tool(t *testing.T, pdf []byte, name string, args ...string) string {
	t.Helper()
	return pdftest.Tool(t, pdf, name, args...)
}

func render(t testing.TB, md string, opt Options) []byte {
	t.Helper()
	b, err := Render([]byte(md), opt)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func pageTexts(t *testing.T, pdf []byte) []string { return pdftest.Pages(t, pdf) }

const sample = `# Heading one

A paragraph with **bold**, *italic*, ` + "`code`" + ` and a [link](https://example.com/x).
A soft break joins lines.

## Lists

- first
- second
  - nested one
    1. deep ordered
- third

3. three
4. four

> A quote
> > nested quote

` + "```\nfunc main() {\n\tprintln(\"hi\")\n}\n```" + `

---

| Name | Role | Notes |
|:-----|:----:|------:|
| Ana Souza | Head of Sales | right |
| Дмитрий Иванов | Procurement | Ελένη |
`

func TestRenderChecks(t *testing.T) {
	pdf := render(t, sample, Options{Title: "T"})
	pdftest.Check(t, pdf)
	if bad := pdftest.UnembeddedFonts(t, pdf); len(bad) > 0 {
		t.Errorf("fonts not embedded: %v", bad)
	}
	fonts := tool(t, pdf, "pdffonts")
	for _, face := range []string{"+" + faces[0].name + " ", "+" + faces[bold].name + " ", "+" + faces[italic].name + " ", "+GoMono "} {
		// name, type, encoding, then embedded, subset, ToUnicode: all yes.
		if !regexp.MustCompile(`(?m)^[A-Z]{6}\Q` + face + `\E\s+CID TrueType\s+Identity-H\s+yes yes yes `).MatchString(fonts) {
			t.Errorf("pdffonts lists no embedded subset %s with a ToUnicode map:\n%s", face, fonts)
		}
	}
	if n := strings.Count(fonts, "CID TrueType"); n != 4 {
		t.Errorf("pdffonts lists %d fonts, want the 4 faces used:\n%s", n, fonts)
	}
	text := tool(t, pdf, "pdftotext", "-layout", "PDF", "-")
	var last int
	for _, want := range []string{"Heading one", "A paragraph with bold, italic, code and a link.", "A soft break joins lines.",
		"• first", "– nested one", "1. deep ordered", "3. three", "4. four", "A quote", "nested quote",
		"func main() {", `println("hi")`, "Name", "Ana Souza", "Дмитрий Иванов", "Ελένη"} {
		i := strings.Index(text[last:], want)
		if i < 0 {
			t.Errorf("text lacks %q after offset %d:\n%s", want, last, text)
			continue
		}
		last += i
	}
}

func TestUnicodeRoundTrip(t *testing.T) {
	names := []string{"Inês Carvalho", "Sofía Martín", "Ελένη Παπαδοπούλου", "Дмитрий Иванов", "Łukasz Żółć", "Ærøskøbing ß"}
	pdf := render(t, strings.Join(names, "\n\n"), Options{})
	text := tool(t, pdf, "pdftotext", "-enc", "UTF-8", "PDF", "-")
	for _, n := range names {
		if !strings.Contains(text, n) {
			t.Errorf("%q does not come back from text extraction:\n%s", n, text)
		}
	}
}

func TestScrub(t *testing.T) {
	tests := []struct{ in, want string }{
		{"ship 📦 now", "ship 📦 now"},
		{"isolated \u2068دوд\u2069", "isolated \u2068دوд\u2069"},
		{"rli \u2067x\u2069", "rli \uFFFDx\u2069"},
		{"a\u202Eb", "a\uFFFDb"},
		{"bell\x07", "bell\uFFFD"},
		{"tab\tx", "tab    x"},
		{"clean", "clean"},
		{"del\x7f", "del\uFFFD"},
		{"bad \xff byte", "bad \uFFFD byte"},
		{"c1 \u0085 control", "c1 \uFFFD control"},
		{"line\nbreak", "line\nbreak"},
		{"ünïcödé ✓", "ünïcödé ✓"},
	}
	for _, tt := range tests {
		if got, _ := Scrub(tt.in); got != tt.want {
			t.Errorf("Scrub(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	pdf := render(t, "ship 📦 now \u202Eevil", Options{Title: "emoji 🚢"})
	if text := tool(t, pdf, "pdftotext", "-enc", "UTF-8", "PDF", "-"); !strings.Contains(text, "ship 📦 now \uFFFDevil") {
		t.Errorf("replacement not visible: %q", text)
	}
}

// FuzzScrub: Scrub changes exactly the strings that hold invalid UTF-8,
// tabs or runes drawable rejects, and its result needs no scrubbing.
func FuzzScrub(f *testing.F) {
	for _, s := range []string{"clean", "tab\tx", "a\u202Eb", "\xff", "ship 📦", "del\x7f", "ünï\n"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		dirty := !utf8.ValidString(s) || strings.IndexFunc(s, func(r rune) bool { return r == '\t' || !drawable(r) }) >= 0
		got, replaced := Scrub(s)
		if (got != s) != dirty {
			t.Errorf("Scrub(%q) = %q: changed %v, want %v", s, got, got != s, dirty)
		}
		if replaced && !dirty {
			t.Errorf("Scrub(%q) reports a replacement in clean text", s)
		}
		if again, _ := Scrub(got); again != got {
			t.Errorf("Scrub(%q) = %q is not stable: %q", s, got, again)
		}
	})
}

func TestFurniture(t *testing.T) {
	long := strings.Repeat("A paragraph of filler text to fill the pages. ", 400)
	opt := Options{Watermark: "DRAFT - not for signature", Mark: "DRAFT - not for signature", FooterLeft: "Notes SHA-256 0123456789abcdef", HeaderLeft: "The title", Initials: []string{"Northwind", "Contoso GmbH"}}
	pages := pageTexts(t, render(t, long, opt))
	if len(pages) < 3 {
		t.Fatalf("want 3+ pages, got %d", len(pages))
	}
	for i, p := range pages {
		for _, want := range []string{"DRAFT - not for signature", fmt.Sprintf("Page %d of %d", i+1, len(pages)), "Notes SHA-256 0123456789abcdef", "The title", "Initials, Northwind", "Initials, Contoso GmbH"} {
			if !strings.Contains(p, want) {
				t.Errorf("page %d lacks %q", i+1, want)
			}
		}
	}
	opt.Watermark, opt.Mark = "", ""
	for i, p := range pageTexts(t, render(t, long, opt)) {
		if strings.Contains(p, "DRAFT") {
			t.Errorf("page %d says DRAFT without a watermark", i+1)
		}
	}
}

func TestTableAcrossPages(t *testing.T) {
	var b strings.Builder
	b.WriteString("| Step | Who | What |\n|---|---|---|\n")
	for i := range 120 {
		fmt.Fprintf(&b, "| %d | Person %d | %s row-%03d |\n", i, i, strings.Repeat("wrapping text ", i%9), i)
	}
	pages := pageTexts(t, render(t, b.String(), Options{}))
	if len(pages) < 3 {
		t.Fatalf("want the table on 3+ pages, got %d", len(pages))
	}
	all := strings.Join(pages, "")
	last := -1
	for i := range 120 {
		at := strings.Index(all, fmt.Sprintf("row-%03d", i))
		if at < last {
			t.Fatalf("row %d missing or out of order", i)
		}
		last = at
	}
	for i, p := range pages {
		if !regexp.MustCompile(`Step\s+Who\s+What`).MatchString(p) {
			t.Errorf("page %d does not repeat the header row", i+1)
		}
	}
}

// TestNoOverflow checks with pdftotext -bbox that every word lies inside
// the text area, for content that is hard to fit.
func TestNoOverflow(t *testing.T) {
	word := strings.Repeat("x", 3000)
	nested := ""
	for i := range 40 {
		nested += strings.Repeat("  ", i) + "- level " + strconv.Itoa(i) + " " + word[:200] + "\n"
	}
	tests := map[string]string{
		"long word":   "before " + word + " after",
		"long url":    "[" + word + "](https://example.com/" + word + ")",
		"table cells": "| a | b |\n|---|---|\n| " + word + " | " + strings.Repeat("y ", 3000) + " |\n",
		"tall cell":   "| a |\n|---|\n| " + strings.Repeat("many words in one cell ", 2000) + " |\n",
		"code line":   "```\n" + word + "\n```",
		"deep lists":  nested,
		"deep quotes": strings.Repeat("> ", 40) + word,
		"heading":     "# " + word,
	}
	for name, md := range tests {
		t.Run(name, func(t *testing.T) {
			for _, paper := range Papers {
				pdf := render(t, md, Options{Paper: paper})
				checkInside(t, tool(t, pdf, "pdftotext", "-bbox", "PDF", "-"))
			}
		})
	}
}

var (
	pageRe = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
)

func checkInside(t *testing.T, bbox string) {
	t.Helper()
	pm := pageRe.FindStringSubmatch(bbox)
	if pm == nil {
		t.Fatal("no page in bbox output")
	}
	w, _ := strconv.ParseFloat(pm[1], 64)
	h, _ := strconv.ParseFloat(pm[2], 64)
	const mm = 72 / 25.4
	words := wordRe.FindAllStringSubmatch(bbox, -1)
	if len(words) == 0 {
		t.Fatal("no words")
	}
	for _, m := range words {
		var v [4]float64
		for i := range v {
			v[i], _ = strconv.ParseFloat(m[i+1], 64)
		}
		if v[0] < marginX*mm-1 || v[2] > w-marginX*mm+1 || v[1] < 0 || v[3] > h {
			t.Fatalf("word outside the text area of a %.0fx%.0f page: %v", w, h, v)
		}
	}
}

func TestKeepTogether(t *testing.T) {
	filler := strings.Repeat("Filler paragraph.\n\n", 48)
	md := filler + "<!-- pdf:keep -->\n**Signatory Name**\n\nSignature: ____\n\nDate: ____\n<!-- /pdf:keep -->\n"
	pages := pageTexts(t, render(t, md, Options{}))
	for _, p := range pages {
		if strings.Contains(p, "Signatory Name") != strings.Contains(p, "Date: ____") {
			t.Fatalf("signature block split across pages:\n%s", strings.Join(pages, "\n=====\n"))
		}
	}
	if len(pages) != 2 || !strings.Contains(pages[1], "Signatory Name") {
		t.Errorf("block should have moved whole to page 2 of 2; got %d pages", len(pages))
	}
}

func TestMetadataAndOutline(t *testing.T) {
	date := time.Date(2026, 11, 24, 0, 0, 0, 0, time.UTC)
	pdf := render(t, "# One\n\n## Two\n\ntext\n\n### Three\n\n# Four\n", Options{
		Title: "Τίτλος", Author: "Northwind", Subject: "Recap", Keywords: "a, b", Creator: "recap test", Date: date,
	})
	info := tool(t, pdf, "pdfinfo")
	for _, want := range []string{"Title:           Τίτλος", "Author:          Northwind", "Subject:         Recap", "Keywords:        a, b", "Creator:         recap test", "Page size:       595.28 x 841.89 pts (A4)"} {
		if !strings.Contains(info, want) {
			t.Errorf("pdfinfo lacks %q:\n%s", want, info)
		}
	}
	if !regexp.MustCompile(`CreationDate:\s+Tue Nov 24 00:00:00 2026`).MatchString(info) {
		t.Errorf("creation date is not the given date:\n%s", info)
	}
	var doc struct {
		Outlines []struct {
			Title string `json:"title"`
			Kids  []struct {
				Title string `json:"title"`
			} `json:"kids"`
		} `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(tool(t, pdf, "qpdf", "--json", "--json-key=outlines")), &doc); err != nil {
		t.Fatal(err)
	}
	if len(doc.Outlines) != 2 || doc.Outlines[0].Title != "One" || doc.Outlines[1].Title != "Four" || len(doc.Outlines[0].Kids) != 1 || doc.Outlines[0].Kids[0].Title != "Two" {
		t.Errorf("outline = %+v", doc.Outlines)
	}
}

func TestDeterministic(t *testing.T) {
	opt := Options{Title: "T", Watermark: "W", Initials: []string{"A"}}
	a, b := render(t, sample, opt), render(t, sample, opt)
	if !bytes.Equal(a, b) {
		t.Error("two renders differ")
	}
	opt.Date = time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	if bytes.Equal(a, render(t, sample, opt)) {
		t.Error("date is not written")
	}
}

func FuzzRender(f *testing.F) {
	for _, s := range []string{sample, "| a |\n|---|\n| b |", "- a\n  - b\n    - c", "> > x", "<!-- pdf:keep -->\nx\n<!-- /pdf:keep -->", "<!-- pdf:space 999 -->", "x<br>y", mixedScripts} {
		f.Add(s)
	}
	golden, _ := filepath.Glob("../testdata/golden/*.md")
	for _, g := range golden {
		b, _ := os.ReadFile(g)
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, md string) {
		opt := Options{Watermark: "W", Initials: []string{"x", "דוד"}, HeaderLeft: "محمد"}
		a, err := Render([]byte(md), opt)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := Render([]byte(md), opt)
		if !bytes.Equal(a, b) {
			t.Fatal("not deterministic")
		}
	})
}

// TestFurnitureVisible looks at the rendered page: the header's draft
// notice is red, the watermark tints the middle of the page, and a page
// without a watermark has no red at all.
func TestFurnitureVisible(t *testing.T) {
	red := func(r, g, b uint8) bool { return r > 150 && g < 110 && b < 110 }
	tint := func(r, g, b uint8) bool { return r > 200 && g < 235 && g > 150 && b < 235 && r > g+15 }
	img := pdftest.Raster(t, render(t, "Some text.", Options{Watermark: "DRAFT - not for signature", Mark: "DRAFT - not for signature", HeaderRight: "x"}), 1, 50)
	w, h := img.Bounds().Dx(), img.Bounds().Dy()
	if n := pdftest.CountPixels(img, image.Rect(w/2, 0, w, h/12), red); n < 20 {
		t.Errorf("header draft notice: %d red pixels, want it drawn in red", n)
	}
	if n := pdftest.CountPixels(img, image.Rect(w/4, h/4, 3*w/4, 3*h/4), tint); n < 200 {
		t.Errorf("watermark: %d tinted pixels in the middle of the page", n)
	}
	plain := pdftest.Raster(t, render(t, "Some text.", Options{HeaderRight: "x"}), 1, 50)
	if n := pdftest.CountPixels(plain, plain.Bounds(), red); n > 0 {
		t.Errorf("page without watermark has %d red pixels", n)
	}
}

// TestNestedKeepMeasuredOnce: keep groups nested in quotes are measured
// once each, not once per enclosing group (which grew as 2^depth).
func TestNestedKeepMeasuredOnce(t *testing.T) {
	var b strings.Builder
	const depth = 20
	for i := range depth {
		q := strings.Repeat("> ", i)
		b.WriteString(q + "<!-- pdf:keep -->\n" + q + "text " + strconv.Itoa(i) + "\n\n")
	}
	if d := draw([]byte(b.String()), Options{}); d.measured > depth {
		t.Errorf("measured %d keep groups for %d", d.measured, depth)
	}
}

// FuzzLayout lays out arbitrary Markdown without drawing it: every block
// and line-breaking path, fast enough to fuzz widely. FuzzRender covers the
// drawing, more slowly (fpdf parses its fonts for every document).
// testFonts are a FontSet of small CJK fonts under testdata, so that no
// test depends on the machine's fonts.
var testFonts = NewFontSet(FontDir{Name: "testdata/fonts", FS: os.DirFS("testdata/fonts")})

// mixedScripts is Markdown in many scripts and both directions.
const mixedScripts = "# 王小明 \u2068محمد العتيبي\u2069\n\n- **\u2068דוד כהן\u2069**, signs (2024)\n- राजेश कुमार, สมชาย ใจดี, Nguyễn Thị Hương ✓ ₹\n\n" +
	"| Name | Role |\n|---|---|\n| \u2068שרה לוי\u2069 | מנהל |\n\n长长的中文句子长长的中文句子长长的中文句子长长的中文句子长长的中文句子长长的中文句子长长的中文句子。\n"

func FuzzLayout(f *testing.F) {
	for _, s := range []string{sample, "| a |\n|---|\n| b |", "- a\n  - b", "> > x", "<!-- pdf:keep -->\nx\n<!-- /pdf:keep -->", mixedScripts} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		lo := newLayout([]byte(md), newDoc(Options{}))
		lo.measuring, lo.paint = true, noPaint{}
		lo.blocks(Markdown.Parser().Parse(text.NewReader([]byte(md))))
		if lo.y < 0 || lo.y > lo.bottom+1e-6 {
			t.Fatalf("y = %.1f outside the page", lo.y)
		}
	})
}

// TestTextBytesEscaped draws characters whose glyph ids hold bytes that
// are PDF string syntax or line ends, ( ) \ \r \n, and reads them back.
func TestTextBytesEscaped(t *testing.T) {
	f := fonts[0]()
	var s strings.Builder
	for _, c := range []byte("()\\\r\n") {
		found := false
		for r := rune(0x20); r < 0x3000 && !found; r++ {
			if g := f.glyph(r); g != 0 && (byte(g) == c || byte(g>>8) == c) {
				s.WriteRune(r)
				found = true
			}
		}
		if !found {
			t.Fatalf("no character's glyph id holds byte %#x", c)
		}
	}
	want := s.String() + " a(b)c\\d"
	pdf := render(t, strings.ReplaceAll(want, `\`, `\\`)+"\n", Options{})
	pdftest.Check(t, pdf)
	if got := strings.TrimSpace(tool(t, pdf, "pdftotext", "PDF", "-")); !strings.HasPrefix(got, want) {
		t.Errorf("text read back as %q, want %q", got, want)
	}
}

// TestBrokenOnce: every paragraph, text block and heading outside tables
// is broken into lines once, though blocks are measured before they are
// drawn: groups kept together, headings with what follows, short list
// items. Groups nested in a group being measured are not measured again.
func TestBrokenOnce(t *testing.T) {
	for name, tc := range map[string]struct {
		src    string
		groups int
	}{
		"plain":  {sample, 0},
		"kept":   {"<!-- pdf:keep -->\n\n" + sample + "\n<!-- /pdf:keep -->\n", 1},
		"nested": {"<!-- pdf:keep -->\n\n<!-- pdf:keep -->\n\n" + sample + "\n<!-- /pdf:keep -->\n\n<!-- /pdf:keep -->\n", 1},
		"pages":  {strings.Repeat(sample, 8), 0},
	} {
		t.Run(name, func(t *testing.T) {
			src := []byte(tc.src)
			want := 0
			_ = ast.Walk(Markdown.Parser().Parse(text.NewReader(src)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				switch {
				case !entering:
				case n.Kind() == east.KindTable:
					return ast.WalkSkipChildren, nil
				case n.Kind() == ast.KindParagraph, n.Kind() == ast.KindTextBlock, n.Kind() == ast.KindHeading:
					want++
				}
				return ast.WalkContinue, nil
			})
			d := draw(src, Options{})
			if d.measured != tc.groups || d.broke != want || want < 10 || len(d.broken) != 0 || len(d.tables) != 0 {
				t.Fatalf("measured %d groups, broke %d paragraphs (%d left cached, %d tables), want %d and %d, none left", d.measured, d.broke, len(d.broken), len(d.tables), tc.groups, want)
			}
		})
	}
}

// TestOutline: headings up to level 3 become nested bookmarks that open
// their pages, titles in any script.
func TestOutline(t *testing.T) {
	md := "# Top (1)\n\n## Ελένη\n\n### Дмитрий\n\n" + strings.Repeat("text\n\n", 120) + "## Back\\\\slash\n\n#### Deep, not bookmarked\n\n# Second\n"
	pdf := render(t, md, Options{})
	pdftest.Check(t, pdf)
	var doc struct {
		Outlines []json.RawMessage `json:"outlines"`
	}
	if err := json.Unmarshal([]byte(tool(t, pdf, "qpdf", "--json", "--json-key=outlines", "PDF")), &doc); err != nil {
		t.Fatal(err)
	}
	type item struct {
		Title string `json:"title"`
		Page  int    `json:"destpageposfrom1"`
		Kids  []item `json:"kids"`
	}
	var got []item
	for _, raw := range doc.Outlines {
		var it item
		if err := json.Unmarshal(raw, &it); err != nil {
			t.Fatal(err)
		}
		got = append(got, it)
	}
	want := []item{
		{"Top (1)", 1, []item{
			{"Ελένη", 1, []item{{"Дмитрий", 1, nil}}},
			{`Back\slash`, 5, nil},
		}},
		{"Second", 5, nil},
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("outline\n%v\nwant\n%v", got, want)
	}
	// Counts: an item with kids is open and counts its descendants, the
	// root counts all items, a leaf has none.
	o := pdftest.Read(t, pdf)
	root := o.Dict(o.Catalog()["/Outlines"])
	top := o.Dict(root["/First"])
	greek := o.Dict(top["/First"])
	leaf := o.Dict(greek["/First"])
	if root["/Count"] != 5.0 || top["/Count"] != 3.0 || greek["/Count"] != 1.0 || leaf["/Count"] != nil {
		t.Errorf("counts: root %v, Top %v, Ελένη %v, Дмитрий %v", root["/Count"], top["/Count"], greek["/Count"], leaf["/Count"])
	}
}

// TestFieldNames: fields take their signatory's name, without periods,
// which separate a field name's levels; two signatories of one name get
// two fields, told apart by a number.
func TestFieldNames(t *testing.T) {
	for _, tt := range []struct{ names, want []string }{
		{[]string{"Ana Souza", "Bo"}, []string{"Ana Souza", "Bo"}},
		{[]string{"J. Smith", "J. Smith", "J. Smith"}, []string{"J_ Smith", "J_ Smith (2)", "J_ Smith (3)"}},
		{[]string{"Ana", "Ana (2)", "Ana"}, []string{"Ana", "Ana (2)", "Ana (3)"}},
	} {
		var fields []sigField
		for _, n := range tt.names {
			fields = append(fields, sigField{name: n})
		}
		if got := fieldNames(fields); !slices.Equal(got, tt.want) {
			t.Errorf("fieldNames(%q) = %q, want %q", tt.names, got, tt.want)
		}
	}
	md := "<!-- pdf:signature Ana -->\nSignature: ____\n\n<!-- pdf:signature Ana -->\nSignature: ____\n"
	o := pdftest.Read(t, render(t, md, Options{}))
	var names []string
	for _, f := range pdftest.Array(o.Dict(o.Catalog()["/AcroForm"])["/Fields"]) {
		names = append(names, fmt.Sprint(o.Dict(f)["/T"]))
	}
	if !slices.Equal(names, []string{"u:Ana", "u:Ana (2)"}) {
		t.Errorf("fields %q", names)
	}
}

// TestActualText: where no font has a character, it draws an empty box,
// the Go font's □ (never the .notdef glyph, which PDF/A forbids text to
// show), and text extraction still gives the character.
func TestActualText(t *testing.T) {
	const want = "x ✓ 📦 北 😀 y"
	pdf := render(t, want+"\n", Options{})
	if got, _, _ := strings.Cut(tool(t, pdf, "pdftotext", "-raw", "PDF", "-"), "\n"); got != want {
		t.Errorf("text read back as %q, want %q", got, want)
	}
	if n := pdftest.Boxes(t, pdf); n != 2 {
		t.Errorf("%d empty boxes drawn, want 2, for 北 and 😀 (✓ and 📦 are in Noto Sans Symbols 2)", n)
	}
	if n := strings.Count(tool(t, pdf, "mutool", "trace", "PDF"), `glyph="0"`); n != 0 {
		t.Errorf("%d .notdef glyphs drawn", n)
	}
}

// TestShapedFurnitureColour: text of the running header that is shaped
// (Arabic here) is drawn in the header's grey, as Latin text is; it was
// drawn in the body's black.
func TestShapedFurnitureColour(t *testing.T) {
	for _, left := range []string{"Supply deal", "صفقة التوريد"} {
		d := draw([]byte("Body text.\n"), Options{HeaderLeft: left}).doc
		content := string(d.pages[0].content)
		_, header, ok := strings.Cut(content, "/Subtype /Header>> BDC\n")
		header, _, _ = strings.Cut(header, "EMC\n")
		if !ok || !strings.Contains(header, "0.431 g") || strings.Contains(header, "0.000 g") {
			t.Errorf("%s: the header is not all grey:\n%s", left, header)
		}
	}
}
