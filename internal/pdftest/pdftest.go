// Package pdftest reads PDFs back with independent tools (Poppler, qpdf,
// MuPDF) in tests. Where a tool is missing the test is skipped, except
// under CI (CI=true), where it fails: CI installs them (see .ci/run).
package pdftest

import (
	"fmt"
	"html"
	"image"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/recaptool/recap/internal/needs"
	"golang.org/x/image/font/gofont/gobold"
	"golang.org/x/image/font/gofont/gobolditalic"
	"golang.org/x/image/font/gofont/goitalic"
	"golang.org/x/image/font/gofont/gomono"
	"golang.org/x/image/font/gofont/gomonobold"
	"golang.org/x/image/font/gofont/gomonobolditalic"
	"golang.org/x/image/font/gofont/gomonoitalic"
	"golang.org/x/image/font/gofont/goregular"

	"github.com/go-fonts/liberation/liberationserifbold"
	"github.com/go-fonts/liberation/liberationserifbolditalic"
	"github.com/go-fonts/liberation/liberationserifitalic"
	"github.com/go-fonts/liberation/liberationserifregular"
	"golang.org/x/image/font/sfnt"
)

// Tool runs name on pdf and returns its output; the file's path replaces
// the argument "PDF", or comes last.
func Tool(t testing.TB, pdf []byte, name string, args ...string) string {
	t.Helper()
	return run(t, pdf, true, name, args...)
}

// Stdout runs name as Tool does, and returns what it writes to its
// standard output alone (not MuPDF's warnings, say).
func Stdout(t testing.TB, pdf []byte, name string, args ...string) string {
	t.Helper()
	return run(t, pdf, false, name, args...)
}

func run(t testing.TB, pdf []byte, combined bool, name string, args ...string) string {
	t.Helper()
	prog := needs.Tool(t, name)
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	args = append([]string(nil), args...)
	placed := false
	for i, a := range args {
		if a == "PDF" {
			args[i], placed = path, true
		}
	}
	if !placed {
		args = append(args, path)
	}
	cmd := exec.Command(prog, args...)
	var out []byte
	var err error
	if combined {
		out, err = cmd.CombinedOutput()
	} else {
		out, err = cmd.Output()
	}
	if err != nil {
		t.Fatalf("%s %v: %v\n%s", name, args, err, out)
	}
	return string(out)
}

// Text extracts the text of the document in reading order; args such as
// "-f", "3", "-l", "5" limit the pages.
func Text(t testing.TB, pdf []byte, args ...string) string {
	t.Helper()
	return Tool(t, pdf, "pdftotext", append(append([]string{"-enc", "UTF-8"}, args...), "PDF", "-")...)
}

// Pages extracts the text of each page, laid out as on the page.
func Pages(t testing.TB, pdf []byte) []string {
	t.Helper()
	pages := strings.Split(Tool(t, pdf, "pdftotext", "-layout", "-enc", "UTF-8", "PDF", "-"), "\f")
	return pages[:len(pages)-1] // the text ends with a form feed
}

// Boxes counts the empty boxes the document draws, as mutool trace reads
// the content streams: characters drawn in a text face (Liberation Serif,
// or a Go font) that lacks them (it
// is where recap draws what no font has: the font's □, or its .notdef
// glyph, glyph 0), and any glyph 0.
func Boxes(t testing.TB, pdf []byte) int {
	t.Helper()
	n := 0
	var goFont *sfnt.Font
	var buf sfnt.Buffer
	for _, l := range strings.Split(Tool(t, pdf, "mutool", "trace", "PDF"), "\n") {
		l = strings.TrimSpace(l)
		if m := spanFont.FindStringSubmatch(l); m != nil {
			goFont = goFonts[m[1]]
			continue
		}
		m := glyphRe.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		r, _ := utf8.DecodeRuneInString(html.UnescapeString(m[1]))
		if m[2] == "0" {
			n++
		} else if goFont != nil {
			// U+FFFD is how mutool shows a glyph that stands for no
			// text (a carrier of ActualText), not a character drawn.
			if g, err := goFont.GlyphIndex(&buf, r); err == nil && g == 0 && r != ' ' && r != utf8.RuneError {
				n++
			}
		}
	}
	return n
}

var (
	spanFont = regexp.MustCompile(`^<span font="[A-Z]{6}\+([^"]+)"`)
	glyphRe  = regexp.MustCompile(`^<g unicode="([^"]*)" glyph="(\d+)"`)
	goFonts  = func() map[string]*sfnt.Font {
		out := map[string]*sfnt.Font{}
		for name, ttf := range map[string][]byte{
			"Go-Regular": goregular.TTF, "Go-Bold": gobold.TTF, "Go-Italic": goitalic.TTF, "Go-BoldItalic": gobolditalic.TTF,
			"LiberationSerif": liberationserifregular.TTF, "LiberationSerif-Bold": liberationserifbold.TTF,
			"LiberationSerif-Italic": liberationserifitalic.TTF, "LiberationSerif-BoldItalic": liberationserifbolditalic.TTF,
			"GoMono": gomono.TTF, "GoMono-Bold": gomonobold.TTF, "GoMono-Italic": gomonoitalic.TTF, "GoMono-BoldItalic": gomonobolditalic.TTF,
		} {
			f, err := sfnt.Parse(ttf)
			if err != nil {
				panic(err)
			}
			out[name] = f
		}
		return out
	}()
)

// Check fails the test unless qpdf finds the file sound.
func Check(t testing.TB, pdf []byte) {
	t.Helper()
	if out := Tool(t, pdf, "qpdf", "--check"); !strings.Contains(out, "No syntax or stream encoding errors") || strings.Contains(out, "WARNING") {
		t.Errorf("qpdf --check:\n%s", out)
	}
}

// UnembeddedFonts lists the fonts pdffonts reports as not embedded.
func UnembeddedFonts(t testing.TB, pdf []byte) []string {
	t.Helper()
	var out []string
	lines := strings.Split(Tool(t, pdf, "pdffonts"), "\n")
	for _, l := range lines[min(2, len(lines)):] {
		// name type... encoding emb sub uni object-number generation
		if f := strings.Fields(l); len(f) >= 7 && f[len(f)-5] != "yes" {
			out = append(out, f[0])
		}
	}
	return out
}

// Raster renders one page with pdftoppm at dpi and returns it.
func Raster(t testing.TB, pdf []byte, page, dpi int) image.Image {
	t.Helper()
	out := filepath.Join(t.TempDir(), "page")
	p := strconv.Itoa(page)
	Tool(t, pdf, "pdftoppm", "-png", "-r", strconv.Itoa(dpi), "-f", p, "-l", p, "-singlefile", "PDF", out)
	f, err := os.Open(out + ".png")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		t.Fatal(err)
	}
	return img
}

// CountPixels counts the pixels in r of img for which match is true.
func CountPixels(img image.Image, r image.Rectangle, match func(r, g, b uint8) bool) int {
	n := 0
	r = r.Intersect(img.Bounds())
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			cr, cg, cb, _ := img.At(x, y).RGBA()
			if match(uint8(cr>>8), uint8(cg>>8), uint8(cb>>8)) {
				n++
			}
		}
	}
	return n
}

var (
	pageRe = regexp.MustCompile(`<page width="([\d.]+)" height="([\d.]+)">`)
	wordRe = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">`)
)

// Inside fails the test if any word of the document lies outside its page
// or in the side margins (marginMM, 22 mm, as render/pdf draws them); args
// as for Text.
func Inside(t testing.TB, pdf []byte, args ...string) {
	t.Helper()
	const marginMM = 22.0
	const mm = 72 / 25.4
	bbox := Tool(t, pdf, "pdftotext", append(append([]string{"-bbox"}, args...), "PDF", "-")...)
	pages := strings.Split(bbox, "<page ")[1:]
	if len(pages) == 0 {
		t.Fatal("no pages in pdftotext -bbox output")
	}
	for i, page := range pages {
		pm := pageRe.FindStringSubmatch("<page " + page)
		w, _ := strconv.ParseFloat(pm[1], 64)
		h, _ := strconv.ParseFloat(pm[2], 64)
		for _, m := range wordRe.FindAllStringSubmatch(page, -1) {
			var v [4]float64
			for j := range v {
				v[j], _ = strconv.ParseFloat(m[j+1], 64)
			}
			if v[0] < marginMM*mm-1 || v[2] > w-marginMM*mm+1 || v[1] < 0 || v[3] > h {
				t.Fatalf("page %d: word outside the text area of a %.0fx%.0f page: %v", i+1, w, h, v)
			}
		}
	}
}

// SameImage reports whether two images look the same: every channel of
// every pixel within 3 of 255 (rasterizers shade glyph edges a little
// differently when a font subset changes).
func SameImage(a, b image.Image) bool {
	if a.Bounds() != b.Bounds() {
		return false
	}
	for y := a.Bounds().Min.Y; y < a.Bounds().Max.Y; y++ {
		for x := a.Bounds().Min.X; x < a.Bounds().Max.X; x++ {
			r1, g1, b1, _ := a.At(x, y).RGBA()
			r2, g2, b2, _ := b.At(x, y).RGBA()
			if far(r1, r2) || far(g1, g2) || far(b1, b2) {
				return false
			}
		}
	}
	return true
}

func far(a, b uint32) bool { return max(a, b)-min(a, b) > 3<<8 }

// PDFCPU fails the test unless pdfcpu validates the file, in strict mode
// and in its default (relaxed) one, with nothing to repair. pdfcpu 0.15
// refuses /AFRelationship in a file spec before PDF 2.0 and a catalog's
// /AF at 2.0 ("PDF 2.0 associated files not supported"), so no PDF/A-3
// file with an attachment passes its strict mode; strict mode reads a
// copy in which that one key is blanked out, spaces for bytes, offsets
// kept.
func PDFCPU(t testing.TB, pdf []byte) {
	t.Helper()
	if out := Tool(t, pdf, "pdfcpu", "validate", "PDF"); !strings.Contains(out, "validation ok") || strings.Contains(out, "repaired") {
		t.Errorf("pdfcpu validate:\n%s", out)
	}
	blanked := afRelationship.ReplaceAllFunc(pdf, func(b []byte) []byte { return []byte(strings.Repeat(" ", len(b))) })
	if out := Tool(t, blanked, "pdfcpu", "validate", "-m", "strict", "PDF"); !strings.Contains(out, "validation ok") {
		t.Errorf("pdfcpu validate -m strict:\n%s", out)
	}
}

var afRelationship = regexp.MustCompile(`/AFRelationship /[A-Za-z]+`)

// Ghostscript renders every page and returns what Ghostscript said while
// doing so: its warnings and errors.
func Ghostscript(t testing.TB, pdf []byte) string {
	t.Helper()
	return Tool(t, pdf, "gs", "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER", "-sDEVICE=nullpage", "PDF")
}

// preflightJars are PDFBox Preflight and what it needs, as Debian
// installs them (libpdfbox2-java, libactivation-java, libjaxb-api-java).
var preflightJars = []string{"preflight.jar", "pdfbox2.jar", "fontbox2.jar", "xmpbox.jar", "commons-logging.jar", "javax.activation.jar", "jaxb-api.jar"}

// Preflight returns the errors PDFBox Preflight finds in the file, as
// "CODE : message", judging it as PDF/A-1b: the only PDF/A validator
// Debian packages, which knows no later part.
func Preflight(t testing.TB, pdf []byte) []string {
	t.Helper()
	var cp []string
	for _, j := range preflightJars {
		path := filepath.Join("/usr/share/java", j)
		if _, err := os.Stat(path); err != nil {
			needs.Missing(t, "PDFBox Preflight needs %s", path)
		}
		cp = append(cp, path)
	}
	java := needs.Tool(t, "java")
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, _ := exec.Command(java, "-cp", strings.Join(cp, ":"), "org.apache.pdfbox.preflight.Validator_A1b", path).Output()
	var errs []string
	for _, l := range strings.Split(string(out), "\n") {
		if l = strings.TrimSpace(l); l != "" && !strings.HasPrefix(l, "The file ") {
			errs = append(errs, l)
		}
	}
	if !strings.Contains(string(out), "The file ") {
		t.Fatalf("PDFBox Preflight said nothing of the file:\n%s", out)
	}
	return errs
}

// paints are what mutool trace calls the operations that put marks on a
// page.
var paints = []string{"<fill_text", "<stroke_text", "<fill_path", "<stroke_path", "<fill_image", "<fill_image_mask", "<fill_shade"}

// Painting is something a page's content paints, as mutool trace reads
// it: the operation (fill_text, stroke_path, ...) and the marked content
// it lies in, outermost first, by what mutool names it: "Artifact", an
// element's role, "Span" for text that says its text (/ActualText).
type Painting struct {
	Page   int // from 1
	Op     string
	Marked []string
	White  bool // painted in white
}

// Paintings reads what the pages' content paints with mutool trace. It
// traces each annotation's appearance after the page's content, each
// starting with its own set_default_colorspaces: those are not page
// content, and are left out.
func Paintings(t testing.TB, pdf []byte) []Painting {
	t.Helper()
	var out []Painting
	var stack []string
	page, colorspaces := 0, 0
	for _, l := range strings.Split(Tool(t, pdf, "mutool", "trace", "PDF"), "\n") {
		l = strings.TrimSpace(l)
		if strings.HasPrefix(l, "<set_default_colorspaces") {
			colorspaces++
		}
		if colorspaces > 1 && !strings.HasPrefix(l, "<page ") {
			continue // an annotation's appearance
		}
		switch {
		case strings.HasPrefix(l, "<page "):
			page++
			colorspaces = 0
			if len(stack) > 0 {
				out = append(out, Painting{Page: page, Op: "page", Marked: stack})
			}
			stack = nil
		case strings.HasPrefix(l, `<layer name="`):
			stack = append(stack, strings.TrimSuffix(strings.TrimPrefix(l, `<layer name="`), `"/>`))
		case l == "<end_layer/>":
			if len(stack) == 0 {
				out = append(out, Painting{Page: page, Op: "end_layer"})
				continue
			}
			stack = stack[:len(stack)-1]
		case slices.ContainsFunc(paints, func(p string) bool { return strings.HasPrefix(l, p+" ") }):
			op, _, _ := strings.Cut(l, " ")
			white := strings.Contains(l, `color="1"`) || strings.Contains(l, `color="1 1 1"`)
			out = append(out, Painting{page, op[1:], slices.Clone(stack), white})
		}
	}
	return out
}

// Unmarked returns what the pages paint outside marked content, or in
// both an artifact and a structure element's content, which tagged PDF
// allows neither of (and marked content not closed on its page).
func Unmarked(t testing.TB, pdf []byte) (faults []string) {
	t.Helper()
	for _, p := range Paintings(t, pdf) {
		if fault := markedFault(p.Marked); fault != "" || p.Op == "page" || p.Op == "end_layer" {
			faults = append(faults, fmt.Sprintf("page %d: %s %s", p.Page, p.Op, fault))
		}
	}
	return faults
}

func markedFault(stack []string) string {
	var outer []string
	for _, s := range stack {
		if s != "Span" {
			outer = append(outer, s)
		}
	}
	switch {
	case len(outer) == 0:
		return "outside marked content"
	case slices.Contains(outer, "Artifact") && slices.ContainsFunc(outer, func(s string) bool { return s != "Artifact" }):
		return fmt.Sprintf("in both an artifact and content: %v", stack)
	case len(outer) > 1 && outer[0] != "Artifact":
		return fmt.Sprintf("in the content of two elements: %v", stack)
	}
	return ""
}

// Word is a word as pdftotext -bbox reads it: its page (from 1) and box,
// in points from the page's top left, and the height of its page.
type Word struct {
	Page                   int
	Text                   string
	XMin, YMin, XMax, YMax float64
	PageHeight             float64
}

var pageHeight = regexp.MustCompile(`^width="[\d.]+" height="([\d.]+)"`)

var wordText = regexp.MustCompile(`<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>`)

// Words reads every word of the document with its box.
func Words(t testing.TB, pdf []byte) []Word {
	t.Helper()
	var out []Word
	for i, page := range strings.Split(Tool(t, pdf, "pdftotext", "-bbox", "PDF", "-"), "<page ")[1:] {
		h := pageHeight.FindStringSubmatch(page)
		if h == nil {
			t.Fatalf("pdftotext -bbox: no page height in %.40q", page)
		}
		height, _ := strconv.ParseFloat(h[1], 64)
		for _, m := range wordText.FindAllStringSubmatch(page, -1) {
			w := Word{Page: i + 1, Text: html.UnescapeString(m[5]), PageHeight: height}
			for j, v := range []*float64{&w.XMin, &w.YMin, &w.XMax, &w.YMax} {
				*v, _ = strconv.ParseFloat(m[j+1], 64)
			}
			out = append(out, w)
		}
	}
	return out
}
