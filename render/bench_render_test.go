package render

import (
	"fmt"
	"testing"

	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// BenchmarkRender measures the PDF step alone, Markdown in and PDF out: the
// same work as BenchmarkNaive, with every feature of the real renderer.
func BenchmarkRender(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		notes, _ := schema.Load("bench.toml", src)
		r := NewRecap(notes, src, "bench")
		md, err := Markdown(tmpl, r)
		if err != nil {
			b.Fatal(err)
		}
		opt := PDFOptions(notes, src, r, Options{})
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := pdf.Render(md, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
