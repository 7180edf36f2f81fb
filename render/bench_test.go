package render

import (
	"bytes"
	"fmt"
	"strings"
	"testing"

	"github.com/go-pdf/fpdf"
	"github.com/recaptool/recap/schema"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/goregular"
)

// benchNotes makes a valid notes file with n actions in a chain that
// alternates between the parties, plus items, open points and rounds.
func benchNotes(n int) []byte {
	var b strings.Builder
	b.WriteString(`title = "Benchmark deal"
date = 2026-11-24
status = "final"
[[party]]
id = "us"
name = "Northwind Traders Ltd"
us = true
person = [{ id = "ana", name = "Ana Souza", role = "Head of Sales", signs = true }]
[[party]]
id = "them"
name = "Contoso GmbH"
person = [{ id = "dmitri", name = "Дмитрий Иванов", role = "Procurement Director", signs = true, authority = { confirmed_by = "Eva Klein, CFO", on = 2026-11-20 } }]
`)
	for i := range max(n/10, 1) {
		fmt.Fprintf(&b, "[[item]]\ntopic = \"Term %d\"\ntext = \"Unit price EUR 12.40 for orders of 5,000 units or more, fixed until 2027-06-30, clause %d.\"\nowner = \"ana\"\n", i, i)
	}
	for i := range n {
		owner, dep := "dmitri", "signing"
		if i%2 == 1 {
			owner = "ana"
		}
		if i > 0 {
			dep = fmt.Sprintf("a%d", i-1)
		}
		fmt.Fprintf(&b, "[[action]]\nid = \"a%d\"\nowner = %q\ndo = \"Deliver lot %d of the sensor modules to the Hamburg warehouse\"\nif = %q\ndue = 2026-12-01\n", i, owner, i, dep)
	}
	return []byte(b.String())
}

// BenchmarkBuild measures a whole build: decode, validate, Markdown, PDF.
func BenchmarkBuild(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			for b.Loop() {
				notes, diags := schema.Load("bench.toml", src)
				if diags.Errors() > 0 {
					b.Fatal(diags)
				}
				if _, err := Build(notes, src, Options{Template: tmpl, Formats: []string{"md", "pdf"}}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkNaive is the baseline of issue 3: a program that parses the same
// Markdown with goldmark and prints each block's plain text with fpdf.
func BenchmarkNaive(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		notes, _ := schema.Load("bench.toml", src)
		md, err := Markdown(tmpl, NewRecap(notes, src, "bench"))
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
			p.MultiCell(0, 5, string(n.Text(md)), "", "L", false) //nolint:staticcheck // plain text is the point
			return ast.WalkSkipChildren, nil
		}
		return ast.WalkContinue, nil
	})
	var out bytes.Buffer
	if err := p.Output(&out); err != nil {
		b.Fatal(err)
	}
}
