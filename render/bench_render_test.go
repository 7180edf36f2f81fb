package render

import (
	"fmt"
	"testing"

	"github.com/recaptool/recap/render/pdf"
)

// BenchmarkRender measures the PDF step alone, Markdown in and PDF out: the
// same work as BenchmarkNaive, with every feature of the real renderer.
func BenchmarkRender(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, n := range []int{10, 100, 1000, 5000} {
		src := benchNotes(n)
		bopt := Options{Template: tmpl, Formats: Formats{FormatPDF}}
		d, err := prepare(source(b, "bench.toml", src), bopt)
		if err != nil {
			b.Fatal(err)
		}
		md, err := Markdown(tmpl, d.recap)
		if err != nil {
			b.Fatal(err)
		}
		opt := d.pdfOptions(bopt)
		b.Run(fmt.Sprintf("actions=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, err := pdf.Render(md, opt); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
