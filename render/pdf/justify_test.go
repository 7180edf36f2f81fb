package pdf

import (
	"math"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
)

// TestJustified reads a paragraph back with Poppler (pdftotext -bbox): its
// lines but the last end at the right margin, the last does not, the
// words come back with single spaces, as typed, in every reader; a line
// whose spaces would have to more than double stays ragged; a heading is
// not justified.
func TestJustified(t *testing.T) {
	para := strings.Repeat("The seller ships the goods to the buyer's warehouse in sealed cartons, and the buyer pays within thirty days. ", 4)
	long := "x " + strings.Repeat("b", 40) + " " + strings.Repeat("c", 80) + " end." // one space for half a line
	pdf := render(t, "# A heading\n\n"+para+"\n\n"+long+"\n", Options{})
	words := pdftest.Words(t, pdf)
	right := (210 - marginX) * mmToPt // A4
	type line struct {
		text       string
		xmax, ymax float64
	}
	var lines []line
	for _, w := range words {
		if w.YMax < 24*mmToPt || w.YMin > w.PageHeight-30*mmToPt {
			continue // header and footer
		}
		if n := len(lines); n > 0 && math.Abs(lines[n-1].ymax-w.YMax) < 1 {
			lines[n-1].text += " " + w.Text
			lines[n-1].xmax = w.XMax
			continue
		}
		lines = append(lines, line{w.Text, w.XMax, w.YMax})
	}
	var body []line
	for _, l := range lines {
		if l.text != "A heading" {
			body = append(body, l)
		}
	}
	var text []string
	for _, l := range body {
		text = append(text, l.text)
	}
	joined := strings.Join(text, " ")
	if !strings.Contains(joined, strings.TrimSpace(para)) {
		t.Fatalf("the paragraph does not come back as typed:\n%s", joined)
	}
	paraLines := 0
	for _, l := range body {
		if strings.Contains(strings.TrimSpace(para), l.text) {
			paraLines++
		}
	}
	if paraLines < 4 {
		t.Fatalf("%d lines of the paragraph found, want 4 or more", paraLines)
	}
	for i, l := range body[:paraLines] {
		last := i == paraLines-1
		if at := math.Abs(l.xmax - right); (at > 0.6) != last {
			t.Errorf("line %d ends %.1f pt from the right margin (last: %v): %q", i+1, at, last, l.text)
		}
	}
	if l := body[len(body)-2]; math.Abs(l.xmax-right) < 5 {
		t.Errorf("a line that would need its spaces more than doubled is justified: %q", l.text)
	}
	if got := pdftest.Text(t, pdf); !strings.Contains(strings.ReplaceAll(got, "\n", " "), strings.TrimSpace(para[:200])) || strings.Contains(got, "  ") {
		t.Errorf("pdftotext does not read the justified text with single spaces:\n%.300s", got)
	}
	if got := pdftest.PDFJS(t, pdf); !strings.Contains(strings.Join(strings.Fields(got), " "), strings.TrimSpace(para[:200])) || strings.Contains(got, "seller  ships") {
		t.Errorf("pdf.js reads the justified text otherwise:\n%.300s", got)
	}
}
