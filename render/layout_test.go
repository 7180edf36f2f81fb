package render

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// TestPageBreaks reads the pages as Poppler does (pdftotext -bbox): no
// heading is the last thing on its page (so the signatures' heading
// stands with the first row of blocks); every signature block, with its
// lines to sign, for the place and for the date, stands whole on one
// page; a paragraph split by a page break has two lines or more on each
// side (no orphan, no widow); a list item of six lines or fewer is never
// split. It builds the examples, three deals of our own (one on US Letter
// with the changes since its first revision), recaps of 1 to 40 actions with 2 to 5
// signatories, and recaps whose terms run from 1 to 13 lines, so that
// breaks fall everywhere on a page. (The rows of the schedule move to the
// next page whole, by construction: table.go.)
func TestPageBreaks(t *testing.T) {
	type doc struct {
		name  string
		src   []byte
		doc   Document
		paper pdf.Paper
		since []byte // an earlier revision, for "Changes since"
	}
	var docs []doc
	examples, _ := filepath.Glob("../examples/*.toml")
	ours, _ := filepath.Glob("testdata/deals/*.toml") // three deals written for issue 27
	examples = append(examples, ours...)
	for _, file := range examples {
		src, err := os.ReadFile(file)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, doc{name: filepath.Base(file), src: src, doc: Agreement}, doc{name: filepath.Base(file), src: src, doc: Brief})
	}
	rev1, err := os.ReadFile("testdata/deals/subcontract-rev1.toml")
	if err != nil {
		t.Fatal(err)
	}
	rev2, err := os.ReadFile("testdata/deals/subcontract.toml")
	if err != nil {
		t.Fatal(err)
	}
	docs = append(docs, doc{name: "subcontract-letter-since", src: rev2, doc: Agreement, paper: pdf.Letter, since: rev1})
	for n := 1; n <= 40; n++ {
		src := gen.Notes(gen.Options{Actions: n, Items: 1 + n%5, Method: n%2 == 0, Signatories: 2 + n%4})
		docs = append(docs, doc{name: fmt.Sprintf("actions=%d", n), src: src, doc: Agreement})
		if n%4 == 0 {
			docs = append(docs, doc{name: fmt.Sprintf("actions=%d", n), src: src, doc: Brief})
		}
	}
	for n := 1; n <= 40; n++ {
		src := gen.Notes(gen.Options{Actions: 4, Items: 4 + n%9, Signatories: 2})
		long := "Unit price EUR 12.40 for orders of 5,000 units or more" + strings.Repeat(", delivered to the Hamburg warehouse in sealed cartons", (n*7)%13)
		src = []byte(strings.ReplaceAll(string(src), "Unit price EUR 12.40 for orders of 5,000 units or more", long))
		docs = append(docs, doc{name: fmt.Sprintf("terms=%d", n), src: src, doc: Agreement})
	}
	var seen breaks
	for _, d := range docs {
		t.Run(d.name+"/"+string(d.doc), func(t *testing.T) {
			opt := Options{Record: Record{Document: d.doc, Paper: d.paper}, Template: docTemplate(t, d.doc), Formats: Formats{"md", "pdf"}}
			if d.since != nil {
				since := source(t, "old.toml", d.since)
				opt.Since = &since
			}
			outs := checkAndBuild(t, d.src, opt)
			lines := bodyLines(pdftest.Words(t, outs[1].Data))
			b := pageBreaks(lines, headingTexts(outs[0].Data), d.doc == Agreement)
			b.faults = append(b.faults, splits(lines, outs[0].Data, &b)...)
			for _, f := range b.faults {
				t.Error(f)
			}
			seen.paragraphs += b.paragraphs
			seen.headings += b.headings
			seen.signatures += b.signatures
			seen.breaks += lines[len(lines)-1].page - 1
		})
	}
	t.Logf("%d documents, %d page breaks: %d headings, %d signature blocks, %d paragraphs split", len(docs), seen.breaks, seen.headings, seen.signatures, seen.paragraphs)
	if seen.headings < 350 || seen.signatures < 150 || seen.breaks < 100 || seen.paragraphs < 10 {
		t.Errorf("checked too little: %+v", seen)
	}
}

// mm is a millimetre in points.
const mm = 72 / 25.4

// textLine is a line of text on a page: its words, and its bottom in
// points from the top.
type textLine struct {
	page   int
	bottom float64
	text   string
}

// bodyLines joins words into lines, in reading order, leaving out the page
// furniture: what stands outside the text area, whose margins are 24 mm
// at the top and 30 mm at the bottom (render/pdf's marginTop and
// marginBottom).
func bodyLines(words []pdftest.Word) []textLine {
	var lines []textLine
	for _, w := range words {
		if w.YMax < 24*mm || w.YMin > w.PageHeight-30*mm {
			continue
		}
		if n := len(lines); n > 0 && lines[n-1].page == w.Page && math.Abs(lines[n-1].bottom-w.YMax) < 1 {
			lines[n-1].text += " " + w.Text
			continue
		}
		lines = append(lines, textLine{w.Page, w.YMax, w.Text})
	}
	return lines
}

// headingTexts returns the text of every heading of the Markdown, in
// order.
func headingTexts(md []byte) []string {
	var out []string
	_ = ast.Walk(pdf.Markdown.Parser().Parse(text.NewReader(md)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Kind() == ast.KindHeading {
			var b strings.Builder
			_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
				if t, ok := n.(*ast.Text); ok && entering {
					b.Write(t.Value(md))
				}
				return ast.WalkContinue, nil
			})
			out = append(out, strings.Join(strings.Fields(b.String()), " "))
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	return out
}

// breaks is what pageBreaks found: faults, and how many of each thing it
// checked.
type breaks struct {
	faults                                   []string
	headings, signatures, breaks, paragraphs int
}

func pageBreaks(lines []textLine, headings []string, signed bool) breaks {
	var b breaks
	k := 0 // the next heading to find
	for i := 0; i < len(lines) && k < len(headings); i++ {
		h := headings[k]
		j, text := i, lines[i].text
		for text != h && j+1 < len(lines) && strings.HasPrefix(h, text+" "+lines[j+1].text) {
			j++ // a heading that wraps
			text += " " + lines[j].text
		}
		if text != h {
			continue
		}
		b.headings++
		if j+1 == len(lines) || lines[j+1].page != lines[j].page {
			b.faults = append(b.faults, fmt.Sprintf("heading %q is the last thing on page %d, %.0f mm from its top", h, lines[j].page, lines[j].bottom/mm))
		}
		k, i = k+1, j
	}
	if k < len(headings) {
		b.faults = append(b.faults, fmt.Sprintf("heading %q not found on any page", headings[k]))
	}
	// The schedule's heading, its introduction and the table's head on
	// one page.
	heading := -1
	for _, l := range lines {
		switch {
		case strings.HasSuffix(l.text, "Sequence of performance") && heading < 0:
			heading = l.page
		case strings.HasPrefix(l.text, "Step Obligation") && heading >= 0:
			if l.page != heading {
				b.faults = append(b.faults, fmt.Sprintf("the schedule's heading on page %d, its table on page %d", heading, l.page))
			}
			heading = -2
		}
	}
	// The parts of each signature block, counted by page: two blocks of
	// a row stand on one line.
	parts := []string{"For and on behalf of", "Signature: _", "Place: _", "Date: _"}
	count := map[int][]int{}
	for _, l := range lines {
		if count[l.page] == nil {
			count[l.page] = make([]int, len(parts))
		}
		for i, p := range parts {
			count[l.page][i] += strings.Count(l.text, p)
		}
	}
	if !signed {
		return b
	}
	for page, c := range count {
		b.signatures += c[0]
		for i := range parts[1:] {
			if c[i+1] != c[0] {
				b.faults = append(b.faults, fmt.Sprintf("page %d has %d signature blocks and %d %q: a block split across pages", page, c[0], c[i+1], parts[i+1]))
			}
		}
	}
	return b
}

// splits finds, at each page break, a paragraph or a list item that runs
// across it (the Markdown's text has the last line of the page and the
// first of the next, one after the other), and counts its lines on each
// side: a paragraph needs two on each, a list item of six lines or fewer
// must not be split at all.
func splits(lines []textLine, md []byte, b *breaks) []string {
	paras, items := blockTexts(md)
	var faults []string
	// run counts the lines around i, going by step, that with it are one
	// run of the text t.
	run := func(t string, i, step int) int {
		n, joined := 1, norm(lines[i].text)
		for j := i + step; j >= 0 && j < len(lines) && lines[j].page == lines[i].page; j += step {
			next := joined + " " + norm(lines[j].text)
			if step < 0 {
				next = norm(lines[j].text) + " " + joined
			}
			if !strings.Contains(t, next) {
				break
			}
			n, joined = n+1, next
		}
		return n
	}
	for i := 0; i+1 < len(lines); i++ {
		if lines[i].page == lines[i+1].page {
			continue
		}
		across := norm(lines[i].text) + " " + norm(lines[i+1].text)
		// Of the blocks with these lines (texts repeat), the one that
		// has the most lines around them.
		best := func(texts []string) (before, after int, found bool) {
			for _, t := range texts {
				if !strings.Contains(t, across) {
					continue
				}
				if bf, af := run(t, i, -1), run(t, i+1, 1); !found || bf+af > before+after {
					before, after, found = bf, af, true
				}
			}
			return before, after, found
		}
		if before, after, ok := best(paras); ok {
			b.paragraphs++
			if before < 2 || after < 2 {
				faults = append(faults, fmt.Sprintf("a paragraph split %d/%d lines across pages %d and %d: %q", before, after, lines[i].page, lines[i+1].page, across))
			}
		}
		if before, after, ok := best(items); ok && before+after <= 6 {
			faults = append(faults, fmt.Sprintf("a list item of %d lines split across pages %d and %d: %q", before+after, lines[i].page, lines[i+1].page, across))
		}
	}
	return faults
}

// listMarker is a list item's marker at the start of a line.
var listMarker = regexp.MustCompile(`^(•|\d+\.)\s+`)

// norm is a line's text as it stands in the Markdown's: without a list
// marker, spaces collapsed.
func norm(s string) string {
	return strings.Join(strings.Fields(listMarker.ReplaceAllString(s, "")), " ")
}

// blockTexts returns the text of every paragraph of the Markdown and of
// every list item, spaces collapsed.
func blockTexts(md []byte) (paras, items []string) {
	plain := func(n ast.Node) string {
		var b strings.Builder
		_ = ast.Walk(n, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
			if t, ok := n.(*ast.Text); ok && entering {
				b.Write(t.Value(md))
				if t.SoftLineBreak() || t.HardLineBreak() {
					b.WriteByte(' ')
				}
			}
			if entering && (n.Kind() == ast.KindParagraph || n.Kind() == ast.KindTextBlock) && b.Len() > 0 {
				b.WriteByte(' ')
			}
			return ast.WalkContinue, nil
		})
		return strings.Join(strings.Fields(b.String()), " ")
	}
	_ = ast.Walk(pdf.Markdown.Parser().Parse(text.NewReader(md)), func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch n.Kind() {
		case ast.KindParagraph, ast.KindTextBlock:
			paras = append(paras, plain(n))
		case ast.KindListItem:
			items = append(items, plain(n))
		}
		return ast.WalkContinue, nil
	})
	return paras, items
}
