package render

import (
	"bytes"
	"fmt"
	"os"
	"testing"

	"codeberg.org/go-pdf/fpdf"
	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/schema"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// benchNotes makes valid notes with n chained actions and n/10 terms.
func benchNotes(n int) []byte { return gen.Notes(gen.Options{Actions: n, Items: max(n/10, 1)}) }

// BenchmarkBuild measures a whole build of the agreement as recap build
// does it: decode, validate, the shared notes, Markdown, PDF.
func BenchmarkBuild(b *testing.B) { benchmarkDocument(b, Agreement) }

// BenchmarkBrief measures a whole build of the brief, as recap brief does
// it.
func BenchmarkBrief(b *testing.B) { benchmarkDocument(b, Brief) }

func benchmarkDocument(b *testing.B, doc Document) {
	tmpl := docTemplate(b, doc)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			for b.Loop() {
				if outs := checkAndBuild(b, src, Options{Record: Record{Document: doc}, Template: tmpl, Formats: Formats{"md", "pdf"}}); len(outs) != 2 {
					b.Fatalf("%d outputs", len(outs))
				}
			}
		})
	}
}

// checkAndBuild does what recap build does with valid notes: check them
// as the commands do, then build them.
func checkAndBuild(tb testing.TB, src []byte, opt Options) []Output {
	outs, err := Build(source(tb, "bench.toml", src), opt)
	if err != nil {
		tb.Fatal(err)
	}
	return outs
}

// BenchmarkNaive is the baseline of issue 3: a program that parses the same
// Markdown with goldmark and prints each block's plain text with fpdf.
func BenchmarkNaive(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		notes, _ := schema.Load("bench.toml", src)
		md, err := Markdown(tmpl, NewRecap(notes, Fingerprint(src), "bench"))
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			for b.Loop() {
				naive(b, md)
			}
		})
	}
}

func naive(b *testing.B, md []byte) {
	root := goldmark.New().Parser().Parse(text.NewReader(md))
	p := fpdf.New("P", "mm", "A4", "")
	p.AddUTF8FontFromBytes("go", "", bytes.Clone(goregular.TTF))
	p.AddUTF8FontFromBytes("go", "B", bytes.Clone(gobold.TTF))
	p.AddPage()
	p.SetFont("go", "", 10)
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if entering && n.Type() == ast.TypeBlock && n.FirstChild() != nil && n.FirstChild().Type() == ast.TypeInline {
			p.MultiCell(0, 5, string(n.Lines().Value(md)), "", "L", false) // the block's source lines: plain text is the point
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		b.Fatal(err)
	}
}

// BenchmarkScripts builds the agreement of eleven parties whose people
// write in many scripts (testdata/scripts.toml), with the CJK fonts of
// testdata: shaping, bidi, fallback fonts and their subsets.
func BenchmarkScripts(b *testing.B) {
	src, err := os.ReadFile("testdata/scripts.toml")
	if err != nil {
		b.Fatal(err)
	}
	tmpl := docTemplate(b, Agreement)
	for b.Loop() {
		if outs := checkAndBuild(b, src, Options{Template: tmpl, Formats: Formats{"md", "pdf"}, Fonts: testFonts}); len(outs) != 2 {
			b.Fatalf("%d outputs", len(outs))
		}
	}
}
