package render

import (
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/render/pdf/pdfread"
	"github.com/recaptool/recap/schema"
)

// scriptTexts are the names, roles and texts of the eleven-party notes,
// which every output must give back as written.
func scriptTexts(t *testing.T, n *schema.Notes) []string {
	var out []string
	for _, p := range n.Parties {
		out = append(out, p.Name)
		for _, q := range p.Persons {
			out = append(out, q.Name, q.Role)
		}
	}
	for _, it := range n.Items {
		out = append(out, it.Text)
	}
	if len(out) < 40 {
		t.Fatalf("only %d texts", len(out))
	}
	return out
}

// TestWorldScripts builds the agreement of notes among eleven parties in
// many scripts: every name, role and sentence prints (no empty box is
// drawn), reads back as written in Poppler, MuPDF and pdfminer (right to
// left included: drawn in the order written), stands whole in the
// HTML in a <bdi> in its language, and the Markdown is as pinned.
func TestWorldScripts(t *testing.T) {
	src, err := os.ReadFile("testdata/scripts.toml")
	if err != nil {
		t.Fatal(err)
	}
	out := build(t, src, FormatMD, FormatPDF, FormatHTML)
	golden(t, "scripts.md", out[FormatMD])
	file := out[FormatPDF]
	pdftest.Check(t, file)
	if n := pdftest.Boxes(t, file); n != 0 {
		t.Errorf("%d empty boxes drawn", n)
	}
	// Left-to-right text reads back whole, in content order (pdftotext
	// -raw); right-to-left text as Poppler reads it (its direction marks,
	// which reorder nothing, taken out): each name whole, and every word
	// of a sentence, as written; Poppler orders the words of a line that
	// mixes directions by its own reckoning.
	raw := oneSpace(pdftest.Tool(t, file, "pdftotext", "-raw", "-enc", "UTF-8", "PDF", "-"))
	read := oneSpace(directionMarks.ReplaceAllString(pdftest.Tool(t, file, "pdftotext", "-enc", "UTF-8", "PDF", "-"), ""))
	for _, s := range scriptTexts(t, load(t, "scripts.toml", src)) {
		switch {
		case !rightToLeft.MatchString(s):
			if !strings.Contains(raw, oneSpace(s)) {
				t.Errorf("the PDF's text lacks %q", s)
			}
		case onlyRightToLeft.MatchString(s):
			if !strings.Contains(read, s) {
				t.Errorf("the PDF's text lacks %q as written", s)
			}
		default:
			for _, w := range strings.Fields(s) {
				if w = strings.Trim(w, ".,:;()"); w != "" && !strings.Contains(read, w) {
					t.Errorf("the PDF's text lacks %q (of %q) as written", w, s)
				}
			}
		}
	}
	// MuPDF, pdfminer and pdf.js, which read text in the order it is
	// drawn, give back every text as written, whole, right to left,
	// Devanagari and Thai included.
	texts := scriptTexts(t, load(t, "scripts.toml", src))
	for name, got := range pdftest.Readers(t, file) {
		if strings.ContainsRune(got, '\uFFFD') || strings.Contains(got, "(cid:") {
			t.Errorf("%s reads a glyph that stands for no text: %q", name, got)
		}
		got = oneSpace(got)
		for _, s := range texts {
			if !strings.Contains(got, oneSpace(s)) {
				t.Errorf("%s does not read %q as written", name, s)
			}
		}
	}
	// Each party's values say their language, in every script: Greek,
	// Russian and Vietnamese ones too, which need no shaping.
	content := pdftest.Tool(t, file, "qpdf", "--qdf", "--object-streams=disable", "PDF", "-")
	for _, lang := range []string{"zh-Hans", "ja", "ko", "ar", "he", "hi", "th", "vi", "el", "ru"} {
		if !strings.Contains(content, "/Lang ("+lang+")") {
			t.Errorf("the PDF says nothing is in %s", lang)
		}
	}
	page := string(out[FormatHTML])
	for _, want := range []string{`<html lang="en">`, `<bdi lang="ja">田中健一</bdi>`, `<bdi lang="zh-Hans">王小明</bdi>`, `<bdi lang="ar">محمد العتيبي</bdi>`, `<bdi lang="he">דוד כהן</bdi>`, `<bdi lang="ru">Дмитрий Иванов</bdi>`, `<bdi lang="el">Ελένη Παπαδοπούλου</bdi>`} {
		if !strings.Contains(page, want) {
			t.Errorf("the HTML lacks %s", want)
		}
	}
	if strings.ContainsAny(page, "\u2068\u2069") {
		t.Error("the HTML keeps an isolate that should be a <bdi>")
	}
}

var (
	spaces          = regexp.MustCompile(`\s+`)
	directionMarks  = regexp.MustCompile("[\u202A-\u202E]")
	rightToLeft     = regexp.MustCompile(`[\p{Hebrew}\p{Arabic}]`)
	onlyRightToLeft = regexp.MustCompile(`^[\p{Hebrew}\p{Arabic} ]+$`)
)

func oneSpace(s string) string { return spaces.ReplaceAllString(s, " ") }

// TestSystemCJK builds the eleven-party notes with the system's fonts
// (those of /usr/share/fonts), as recap does on a machine with
// fonts-noto-cjk (CI installs it):
// the CJK fonts come from the system, and nothing prints as a box.
func TestSystemCJK(t *testing.T) {
	set := pdf.NewFontSet(pdf.FontDir{Name: "/usr/share/fonts", FS: os.DirFS("/usr/share/fonts")})
	if !set.Covered('王') || !set.Covered('김') {
		needs.Missing(t, "no CJK font on this system (Debian: fonts-noto-cjk)")
	}
	src, err := os.ReadFile("testdata/scripts.toml")
	if err != nil {
		t.Fatal(err)
	}
	n, diags := schema.LoadWith("scripts.toml", src, LoadOptions(set))
	if len(diags) != 0 {
		t.Fatalf("check with the system's fonts: %v", diags)
	}
	outs, err := Build(Source{Name: "scripts.toml", Src: src, Notes: n}, Options{Record: Record{Document: Agreement}, Template: docTemplate(t, Agreement), Formats: Formats{FormatPDF}, Version: "test", Fonts: set})
	if err != nil {
		t.Fatal(err)
	}
	if n := pdftest.Boxes(t, outs[0].Data); n != 0 {
		t.Errorf("%d empty boxes drawn", n)
	}
	fonts := pdftest.Tool(t, outs[0].Data, "pdffonts", "PDF")
	if !strings.Contains(fonts, "NotoSansCJK") {
		t.Errorf("no system CJK font embedded:\n%s", fonts)
	}
	if info, _ := pdfread.ReadInfo(outs[0].Data, pdf.FontsKey); !strings.Contains(info, "NotoSansCJK") || !strings.Contains(info, "sha256:") {
		t.Errorf("the metadata lists the fonts as %q", info)
	}
}
