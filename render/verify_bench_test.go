package render

import (
	"fmt"
	"regexp"
	"strconv"
	"testing"

	"github.com/recaptool/recap/internal/gen"
	"github.com/recaptool/recap/internal/pdftest"
)

// widgetRe finds an agreement's empty signature fields as recap writes
// them: their object numbers and bodies.
var widgetRe = regexp.MustCompile(`(?m)^(\d+) 0 obj\n(<</Type /Annot /Subtype /Widget /FT /Sig [^\n]*>>)\nendobj`)

// signedAgreement is an agreement of three signatories, each field signed
// in a revision of its own, and then revisions more updates that add an
// object nothing uses: the most a file may have is 1,000.
func signedAgreement(tb testing.TB, revisions int) []byte {
	tb.Helper()
	src := gen.Notes(gen.Options{Actions: 10, Items: 3, Signatories: 3})
	outs, err := Build(source(tb, "bench.toml", src), Options{Template: docTemplate(tb, Agreement), Formats: Formats{FormatPDF}, Version: "test"})
	if err != nil {
		tb.Fatal(err)
	}
	file := outs[0].Data
	widgets := widgetRe.FindAllSubmatch(file, -1)
	if len(widgets) < 3 {
		tb.Fatalf("%d signature fields", len(widgets))
	}
	for i, w := range widgets[:3] {
		n, _ := strconv.Atoi(string(w[1]))
		file = pdftest.Sign(file, n, string(w[2]), fmt.Sprintf("Signer %d", i+1))
	}
	size := 100000
	for k := range revisions {
		file = pdftest.AppendUpdate(file, map[int]string{size + k: "(nothing)"})
	}
	return file
}

// BenchmarkVerifySigned: verify of a signed agreement (a rebuild, and
// every revision after it read strictly, its signatures checked), with
// its three signatures, and with 990 revisions, about the most it reads.
func BenchmarkVerifySigned(b *testing.B) {
	for _, extra := range []int{0, 987} {
		file := signedAgreement(b, extra)
		b.Run(fmt.Sprintf("revisions=%d", 3+extra), func(b *testing.B) {
			opt := verifyOpt(b)
			for b.Loop() {
				v, err := Verify(file, opt)
				if err != nil || len(v.Signatures) != 3 {
					b.Fatalf("%d signatures, %v", len(v.Signatures), err)
				}
			}
		})
	}
}
