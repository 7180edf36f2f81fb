package render

import (
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/schema"
)

// TestHostileTextPDF: hostile text prints as typed in the PDF too.
func TestHostileTextPDF(t *testing.T) {
	pdf := build(t, hostileNotes(), "pdf")["pdf"]
	pdftest.Check(t, pdf)
	text := pdftest.Text(t, pdf)
	for _, want := range []string{"<script>alert(1)</script>", "*bold* _it_ `code`", "{{.Title}}", "| a | b |", "# heading", "[link](javascript:alert(3))", "~~s~~"} {
		if n := strings.Count(text, want); n < 10 {
			t.Errorf("%q appears %d times in the PDF text, want it in every field", want, n)
		}
	}
}

// TestExamplePDFs reads each example's PDF back: every signatory's name
// and block on one page, the furniture on every page, names exact.
func TestExamplePDFs(t *testing.T) {
	for _, name := range []string{"supply", "three-party", "draft"} {
		t.Run(name, func(t *testing.T) {
			src, err := os.ReadFile("../examples/" + name + ".toml")
			if err != nil {
				t.Fatal(err)
			}
			n := load(t, name, src)
			pdf := build(t, src, "pdf")["pdf"]
			pdftest.Check(t, pdf)
			if bad := pdftest.UnembeddedFonts(t, pdf); len(bad) > 0 {
				t.Errorf("fonts not embedded: %v", bad)
			}
			pages := pdftest.Pages(t, pdf)
			fp := "Notes SHA-256 " + Fingerprint(schema.SharedNotes(n))[:16] // the shared notes the agreement embeds
			for i, p := range pages {
				for _, want := range []string{fmt.Sprintf("Page %d of %d", i+1, len(pages)), fp} {
					if !strings.Contains(p, want) {
						t.Errorf("page %d lacks %q", i+1, want)
					}
				}
				if got := strings.Contains(p, "DRAFT - not for signature"); got != (n.Status == "draft") {
					t.Errorf("page %d: DRAFT shown = %v, status %s", i+1, got, n.Status)
				}
			}
			all := strings.Join(pages, "")
			// One initials box per signatory, labelled with their name.
			for _, q := range n.Signatories() {
				if !strings.Contains(pages[0], "Initials, "+q.Name) {
					t.Errorf("no initials box for %s", q.Name)
				}
			}
			// Each signature block whole on one page: its page has as many
			// lines to sign, give the place and the date on as blocks.
			for _, q := range n.Signatories() {
				found := false
				for _, p := range pages {
					blocks := strings.Count(p, "For and on behalf of")
					found = found || strings.Contains(p, "Name and role: "+q.Name) && blocks > 0 &&
						len(signLine.FindAllString(p, -1)) == blocks && len(placeLine.FindAllString(p, -1)) == blocks && len(dateLine.FindAllString(p, -1)) == blocks
				}
				if !found {
					t.Errorf("no whole signature block for %s on one page", q.Name)
				}
				if !strings.Contains(all, q.Name) {
					t.Errorf("%s does not come back from the PDF", q.Name)
				}
			}
		})
	}
}

var (
	signLine  = regexp.MustCompile(`Signature: _{10,}`)
	placeLine = regexp.MustCompile(`Place: _{10,}`)
	dateLine  = regexp.MustCompile(`Date: _{10,}`)
)

// TestLongRecap: a recap of many pages stays sound, with tables across pages.
func TestLongRecap(t *testing.T) {
	pdf := build(t, benchNotes(300), "pdf")["pdf"]
	pdftest.Check(t, pdf)
	pages := pdftest.Pages(t, pdf)
	if len(pages) < 20 {
		t.Fatalf("want a long recap, got %d pages", len(pages))
	}
	last := pages[len(pages)-1]
	if !strings.Contains(last, fmt.Sprintf("Page %d of %d", len(pages), len(pages))) || !strings.Contains(last, "Date: ___") {
		t.Errorf("last page lacks its number or the signatures:\n%s", last)
	}
	terms := 0
	for _, p := range pages {
		if strings.Contains(p, "Term 2") {
			terms++
		}
	}
	if terms == 0 {
		t.Error("terms table missing")
	}
}
