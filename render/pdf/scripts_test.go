package pdf

import (
	"bytes"
	"flag"
	"image"
	imagedraw "image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
)

var update = flag.Bool("update", false, "rewrite the raster goldens under testdata/raster")

// scriptSamples are a name and a sentence in each script recap prints,
// and sentences of both directions; each must print, and read back, as
// written.
//
// Right-to-left text reads back, in Poppler, in the order it was written,
// word by word (read: each must stand in the text as written); where it
// goes among the punctuation and left-to-right text around it is
// Poppler's to decide, and it decides as it does for Chromium's PDFs.
var scriptSamples = []struct {
	name, text string
	read       []string // for right-to-left text: what must read back as written
}{
	{"chinese", "王小明: 双方同意在2027年3月前完成首批交付。", nil},
	{"japanese", "田中健一: 初回の納品は2027年3月までに完了します。", nil},
	{"korean", "김민준: 첫 납품은 2027년 3월까지 완료됩니다.", nil},
	{"arabic", "محمد العتيبي: يتم تسليم الدفعة الأولى قبل نهاية مارس 2027.", []string{"محمد العتيبي", "يتم تسليم الدفعة الأولى قبل نهاية مارس 2027"}},
	{"hebrew", "דוד כהן: המשלוח הראשון יושלם עד סוף מרץ 2027.", []string{"דוד כהן", "המשלוח הראשון יושלם עד סוף מרץ 2027"}},
	{"devanagari", "राजेश कुमार: पहली डिलीवरी मार्च 2027 तक पूरी होगी।", nil},
	{"thai", "สมชาย ใจดี: การส่งมอบครั้งแรกจะเสร็จสิ้นภายในเดือนมีนาคม 2027", nil},
	{"vietnamese", "Nguyễn Thị Hương: Việc giao lô hàng đầu tiên sẽ hoàn tất trước tháng 3 năm 2027.", nil},
	{"decomposed", "Nguye\u0302\u0303n, Jose\u0301, Zoe\u0308", nil},
	{"symbols", "✓ ₹ € 📦 𠮷", nil},
	{"mixed-rtl", "Payment to \u2068شركة الأمل (Al Amal Co.)\u2069 of EUR 12,400 by 1 March.", []string{"Payment to", "شركة الأمل", "Al Amal Co", "of EUR 12,400 by 1 March."}},
	{"mixed-ltr", "\u2068דוד כהן\u2069 signs for Cohen & Sons, and \u2068محمد 2024 Ltd\u2069 too.", []string{"דוד כהן", "signs for Cohen & Sons, and", "محمد", "2024", "Ltd", "too."}},
}

// TestScriptsPrint draws each sample and checks what a reader gets: the
// text, as Poppler extracts it in content order, exactly as written; no
// glyph drawn is the empty box (.notdef), read from the content streams;
// the same bytes again; and the picture, against a golden raster made with
// the embedded fonts and the CJK subsets under testdata/fonts.
func TestScriptsPrint(t *testing.T) {
	for _, s := range scriptSamples {
		t.Run(s.name, func(t *testing.T) {
			md := s.text + "\n"
			file := render(t, md, Options{Fonts: testFonts})
			pdftest.Check(t, file)
			if s.read == nil {
				if got, want := tool(t, file, "pdftotext", "-raw", "-enc", "UTF-8", "PDF", "-"), invisible.ReplaceAllString(s.text, ""); firstLine(got) != want {
					t.Errorf("pdftotext -raw gives\n%q\nwant\n%q", firstLine(got), want)
				}
			}
			// Poppler's own marks of direction (U+202A–U+202E) say how to
			// show what it read; they reorder nothing.
			got := directionMarks.ReplaceAllString(firstLine(tool(t, file, "pdftotext", "-enc", "UTF-8", "PDF", "-")), "")
			for _, want := range s.read {
				if !strings.Contains(got, want) {
					t.Errorf("pdftotext reads %q, without %q as written", got, want)
				}
			}
			if n := pdftest.Boxes(t, file); n != 0 {
				t.Errorf("%d empty boxes drawn", n)
			}
			if again := render(t, md, Options{Fonts: testFonts}); !bytes.Equal(again, file) {
				t.Error("a second build gives other bytes")
			}
			rasterGolden(t, filepath.Join("testdata", "raster", s.name+".png"), file)
		})
	}
}

var (
	invisible      = regexp.MustCompile("[\u2068\u2069]")
	directionMarks = regexp.MustCompile("[\u202A-\u202E]")
)

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// rasterGolden compares the top of the page, where the sample is, with a
// golden PNG; -update writes it.
func rasterGolden(t *testing.T, path string, file []byte) {
	t.Helper()
	page := pdftest.Raster(t, file, 1, 60)
	b := page.Bounds()
	crop := image.NewRGBA(image.Rect(0, 0, b.Dx(), b.Dy()/6))
	imagedraw.Draw(crop, crop.Bounds(), page, b.Min, imagedraw.Src)
	if *update {
		var buf bytes.Buffer
		if err := png.Encode(&buf, crop); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatalf("%v (go test -update writes it)", err)
	}
	defer f.Close()
	want, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	if !pdftest.SameImage(crop, want) {
		out := filepath.Join(t.TempDir(), filepath.Base(path))
		var buf bytes.Buffer
		png.Encode(&buf, crop)
		os.WriteFile(out, buf.Bytes(), 0o644)
		t.Errorf("the page differs from %s: see %s (go test -update accepts it)", path, out)
	}
}

// TestBidiOrder: right-to-left text stands on the page right to left, and
// a value isolated among left-to-right words stays whole, with what
// follows it after it.
func TestBidiOrder(t *testing.T) {
	file := render(t, "Ana (\u2068דוד כהן\u2069) signs, 12.\n", Options{})
	xs := glyphXs(t, file)
	if !(xs['ד'] > xs['ן'] && xs['('] < xs['ן'] && xs[')'] > xs['ד'] && xs['s'] > xs[')']) {
		t.Errorf("glyphs out of order: ( %.1f, ד %.1f, ן %.1f, ) %.1f, s %.1f", xs['('], xs['ד'], xs['ן'], xs[')'], xs['s'])
	}
}

var traceGlyph = regexp.MustCompile(`<g unicode="([^"]+)" glyph="[^"]*" x="([-0-9.]+)"`)

// glyphXs reads where each character's glyph is drawn, first on the page
// (the last drawn of each, by mutool trace).
func glyphXs(t *testing.T, file []byte) map[rune]float64 {
	out := map[rune]float64{}
	for _, m := range traceGlyph.FindAllStringSubmatch(tool(t, file, "mutool", "trace", "PDF"), -1) {
		x, _ := strconv.ParseFloat(m[2], 64)
		for _, r := range m[1] {
			if _, ok := out[r]; !ok {
				out[r] = x
			}
		}
	}
	return out
}

var traceFont = regexp.MustCompile(`(?s)<span [^>]*font="([^"]+)"[^>]*>(.*?)</span>`)

// TestLangForms: a value in Japanese draws its Chinese characters with
// the Japanese face, one in Chinese with the Chinese face, and the PDF
// says each one's language; the document says its own.
func TestLangForms(t *testing.T) {
	md := "\u2068直骨化\u2069 and \u2068骨化直\u2069\n"
	file := render(t, md, Options{Fonts: testFonts, Lang: "en", Langs: map[string]string{"直骨化": "ja", "骨化直": "zh-Hans"}})
	fonts := map[string]string{} // the font each value's first glyph is drawn in
	for _, m := range traceFont.FindAllStringSubmatch(tool(t, file, "mutool", "trace", "PDF"), -1) {
		for _, g := range traceGlyph.FindAllStringSubmatch(m[2], -1) {
			if _, ok := fonts[g[1]]; !ok {
				fonts[g[1]] = m[1]
			}
		}
	}
	if !strings.Contains(fonts["直"], "CJKjp") || !strings.Contains(fonts["骨"], "CJKjp") {
		t.Errorf("Japanese drawn in %q, %q, want the JP face", fonts["直"], fonts["骨"])
	}
	content := tool(t, file, "qpdf", "--qdf", "--object-streams=disable", "PDF", "-")
	for _, want := range []string{"/Lang (ja)", "/Lang (zh-Hans)", "/Lang (en)"} {
		if !strings.Contains(content, want) {
			t.Errorf("the PDF lacks %s", want)
		}
	}
	// The Chinese value comes second: its glyphs are drawn in the SC face.
	sc := 0
	for _, m := range traceFont.FindAllStringSubmatch(tool(t, file, "mutool", "trace", "PDF"), -1) {
		if strings.Contains(m[1], "CJKsc") {
			sc += len(traceGlyph.FindAllStringSubmatch(m[2], -1))
		}
	}
	if sc != 3 {
		t.Errorf("%d glyphs drawn in the SC face, want 3", sc)
	}
}

// TestEveryGlyphMapped: clusters whose glyphs stand in another order
// than their characters, or for fewer of them (a Devanagari vowel sign
// drawn before its consonant, a conjunct, a mark placed left of where the
// next letter starts, Thai ำ drawn as two glyphs, a flag, Arabic and
// Hebrew letters with their marks, a ligature of two letters), read back
// as written in every reader: Poppler; and MuPDF, pdfminer and pdf.js,
// which read text in the order it is drawn, with no "(cid:N)" (pdfminer)
// or U+FFFD (MuPDF) for a glyph without text, and no space that is not
// there, nor one missing.
func TestEveryGlyphMapped(t *testing.T) {
	for _, tc := range []struct{ name, text string }{
		{"left-to-right", "क्षत्रिय राजेश कुमार निदेशक शर्मा प्रिया, สมชาย น้ำ ทำ จำกัด ผู้จัดการ, 🇩🇪 🇫🇷"},
		{"arabic", "عَقْدٌ مُوَقَّع لا بأس محمد العتيبي"},
		{"hebrew", "עַמִּית שָׁלוֹם עֲלֵיכֶם לא"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			file := render(t, tc.text+"\n", Options{Fonts: testFonts})
			pdftest.Check(t, file)
			if faults := pdftest.FontFaults(t, file); len(faults) > 0 {
				t.Errorf("font faults:\n%s", strings.Join(faults, "\n"))
			}
			// Poppler: in the order drawn (-raw) left to right; by its
			// own reckoning, without its direction marks, right to left.
			poppler := firstLine(tool(t, file, "pdftotext", "-raw", "-enc", "UTF-8", "PDF", "-"))
			if tc.name != "left-to-right" {
				poppler = directionMarks.ReplaceAllString(firstLine(tool(t, file, "pdftotext", "-enc", "UTF-8", "PDF", "-")), "")
			}
			if poppler != tc.text {
				t.Errorf("pdftotext reads %q, want %q", poppler, tc.text)
			}
			for name, got := range pdftest.Readers(t, file) {
				if strings.Contains(got, "(cid:") || strings.ContainsRune(got, '\uFFFD') {
					t.Errorf("%s reads glyphs without text: %q", name, got)
				}
				if got = strings.TrimSpace(strings.Split(got, "\n")[0]); got != tc.text {
					t.Errorf("%s reads\n%q, want\n%q", name, got, tc.text)
				}
			}
		})
	}
}
