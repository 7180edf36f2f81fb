package render

import (
	"strings"
	"testing"
)

// longTexts are texts that were quadratic to lay out, each as the text of
// an agreed term: a letter with 100,000 combining marks (61 s), 100,000
// unmatched isolates and a Hebrew letter (36 s), 100 KB of Thai without a
// space (2.5 s), 1 MB of Chinese (10.6 s).
var longTexts = []struct{ name, text string }{
	{"marks", "a" + strings.Repeat("\u0301", 100000)},
	{"isolates", strings.Repeat("\u2066", 100000) + "א"},
	{"thai-100KB", runes(strings.Repeat("การส่งมอบครั้งแรกจะเสร็จสิ้นภายในเดือนมีนาคม", 800), 100000/3)},
	{"chinese-1MB", runes(strings.Repeat("双方同意在年月前完成首批交付", 25000), 1000000/3)},
}

// runes is the first n runes of s.
func runes(s string, n int) string { return string([]rune(s)[:n]) }

// BenchmarkLongText builds the agreement of notes whose one term is each
// long text (with the CJK test fonts): each was quadratic somewhere
// (a cluster's glyphs matched to its characters, a word cut to fit a line
// reshaped whole each time, a table cell shaped twice). Targets: each
// under 1 s and 200 MB allocated. Chinese breaks between any two
// characters, so each is a piece of its own: the runs of one character
// are remembered, and those of a line joined into one (frag.addRuns).
func BenchmarkLongText(b *testing.B) {
	tmpl := docTemplate(b, Agreement)
	for _, lt := range longTexts {
		src := []byte(strings.Replace(string(benchNotes(2)), "[[item]]", "[[item]]\ntopic = \"Long\"\ntext = "+tomlString(lt.text)+"\nowner = \"ana\"\n\n[[item]]", 1))
		in := source(b, "long.toml", src)
		b.Run(lt.name, func(b *testing.B) {
			for b.Loop() {
				if _, err := Build(in, Options{Template: tmpl, Formats: Formats{FormatPDF}, Fonts: testFonts}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
