package render

import (
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/internal/pdftest"
)

// The pathological cases of issue 7: each must give a correct PDF, with
// text broken to fit and nothing drawn outside the page. Their time and
// memory are measured by BenchmarkLimits.
var limitCases = []struct {
	name  string
	notes func() []byte
	first string // text that must come back from the PDF, start and end
	last  string
}{
	{"1 MB text field", func() []byte {
		return withField("summary", "START "+strings.Repeat("negotiated terms ", 1<<20/17)+"END")
	}, "START", "END"},
	{"500,000-character word", func() []byte {
		return withField("summary", "WORD"+strings.Repeat("x", 500000)+"DROW")
	}, "WORD", "DROW"},
	{"table cell longer than a page", func() []byte {
		return withItem("CELL " + strings.Repeat("a long clause in one agreed term ", 3000) + "LLEC")
	}, "CELL", "LLEC"},
	{"20,000 chained actions", func() []byte { return benchNotes(20000) }, "Benchmark deal", "lot 19999"},
}

func withField(key, value string) []byte {
	src := benchNotes(2)
	return []byte(strings.Replace(string(src), "status = \"final\"\n", "status = \"final\"\n"+key+" = "+tomlString(value)+"\n", 1))
}

func withItem(text string) []byte {
	return []byte(string(benchNotes(2)) + "[[item]]\ntopic = \"Long\"\ntext = " + tomlString(text) + "\nowner = \"ana\"\n")
}

func TestLimits(t *testing.T) {
	needs.Long(t)
	for _, c := range limitCases {
		t.Run(c.name, func(t *testing.T) {
			src := c.notes()
			outs, err := Build(source(t, "limits.toml", src), Options{Template: defaultTemplate(t), Formats: Formats{"pdf"}})
			if err != nil {
				t.Fatal(err)
			}
			pdf := outs[0].Data
			pdftest.Check(t, pdf)
			// Text extraction of thousands of pages takes Poppler minutes:
			// read the first and last pages, where the markers are.
			pages := pageCount(t, pdf)
			head, tail := []string{"-l", strconv.Itoa(min(pages, 30))}, []string{"-f", strconv.Itoa(max(1, pages-30))}
			if !strings.Contains(pdftest.Text(t, pdf, head...), c.first) || !strings.Contains(pdftest.Text(t, pdf, tail...), c.last) {
				t.Errorf("the text does not come back whole (%q … %q)", c.first, c.last)
			}
			pdftest.Inside(t, pdf, head...)
			pdftest.Inside(t, pdf, tail...)
		})
	}
}

var pagesRe = regexp.MustCompile(`Pages:\s+(\d+)`)

func pageCount(t *testing.T, pdf []byte) int {
	m := pagesRe.FindStringSubmatch(pdftest.Tool(t, pdf, "pdfinfo"))
	n, _ := strconv.Atoi(m[1])
	return n
}

func BenchmarkLimits(b *testing.B) {
	tmpl := defaultTemplate(b)
	for _, c := range limitCases {
		src := c.notes()
		b.Run(strings.ReplaceAll(c.name, " ", "_"), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				checkAndBuild(b, src, Options{Template: tmpl, Formats: Formats{"md", "pdf"}})
			}
		})
	}
}
