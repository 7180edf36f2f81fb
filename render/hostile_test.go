package render

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	gold "github.com/recaptool/recap/internal/golden"
	"github.com/recaptool/recap/internal/pdftest"
	"github.com/recaptool/recap/schema"
	"github.com/rogpeppe/go-internal/txtar"
)

// TestHostileCorpus runs testdata/hostile: one case per threat. A case with
// a "text" puts it in the summary (a paragraph) and in an agreed term (a
// table cell) and pins exactly what the Markdown, the HTML and the PDF show
// (its lines as Poppler extracts them, and how many characters are drawn
// as empty boxes, as MuPDF reads them), and what check says of it; a case with a
// "notes.toml" pins the diagnostics that refuse it.
func TestHostileCorpus(t *testing.T) {
	files, _ := filepath.Glob("testdata/hostile/*.txtar")
	if len(files) < 9 {
		t.Fatalf("hostile corpus has %d cases", len(files))
	}
	for _, file := range files {
		t.Run(strings.TrimSuffix(filepath.Base(file), ".txtar"), func(t *testing.T) {
			ar, err := txtar.ParseFile(file)
			if err != nil {
				t.Fatal(err)
			}
			got := map[string]string{}
			if notes := gold.Section(ar, "notes.toml"); notes != nil {
				_, diags := schema.Load("notes.toml", notes)
				got["diagnostics"] = diags.Error() + "\n"
			} else {
				got = hostileOutputs(t, strings.TrimSpace(string(gold.Section(ar, "text"))))
			}
			for _, name := range []string{"md", "html", "pdf", "boxes", "diagnostics"} {
				g, ok := got[name]
				if !ok {
					continue
				}
				if *update {
					gold.SetSection(ar, name, g)
					continue
				}
				if want := string(gold.Section(ar, name)); g != want {
					t.Errorf("%s differs:\n--- want\n%s\n--- got\n%s", name, want, g)
				}
			}
			if *update {
				if err := os.WriteFile(file, txtar.Format(ar), 0o644); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

// hostileOutputs builds notes whose summary and first term are the TOML
// string literal quoted, and returns the parts of each output that show it.
func hostileOutputs(t *testing.T, quoted string) map[string]string {
	src := []byte(strings.Replace(string(benchNotes(2)), "status = \"final\"\n", "status = \"final\"\nsummary = "+quoted+"\n", 1) +
		"[[item]]\ntopic = \"T\"\ntext = " + quoted + "\nowner = \"ana\"\n")
	in := source(t, "notes.toml", src)
	diags := in.Diags
	outs, err := Build(in, Options{Template: defaultTemplate(t), Formats: Formats{"md", "html", "pdf"}})
	if err != nil {
		t.Fatal(err)
	}
	md, page, pdf := string(outs[0].Data), string(outs[1].Data), outs[2].Data
	// The summary ends the recital; the term is clause 1.2.
	const contacts = "Other contacts: Eva Klein, Chief Financial Officer (Contoso GmbH)."
	summaryMD := between(md, contacts+"\n\n", "\n\n## 1. Agreed terms")
	rowMD := regexp.MustCompile(`(?m)^\*\*1\.2\*\* \*\*T\.\*\* .*$`).FindString(md)
	summaryHTML := between(page, contacts+"</p>\n", "\n<h2>1. Agreed terms</h2>")
	cellHTML := regexp.MustCompile(`<strong>T\.</strong> (?s:.*?)</p>`).FindString(page)
	// In reading order, as Poppler gives text to those who copy it (its
	// -raw mode breaks right-to-left text, drawn in the order written,
	// letter by letter), without the blank lines between blocks.
	text := blankLines.ReplaceAllString(pdftest.Text(t, pdf), "\n")
	var summaryPDF []string
	for _, l := range strings.Split(between(text, contacts+"\n", "\n1. Agreed terms\n"), "\n") {
		summaryPDF = append(summaryPDF, strings.TrimSpace(l))
	}
	var warnings strings.Builder
	for _, d := range diags {
		warnings.WriteString(d.String() + "\n")
	}
	return map[string]string{
		"md":          summaryMD + "\n" + rowMD + "\n",
		"html":        summaryHTML + "\n" + cellHTML + "\n",
		"pdf":         strings.Join(summaryPDF, "\n") + "\n",
		"boxes":       fmt.Sprintf("%d empty boxes\n", pdftest.Boxes(t, pdf)),
		"diagnostics": warnings.String(),
	}
}

var blankLines = regexp.MustCompile(`\n\s*\n`)

func between(s, from, to string) string {
	i := strings.Index(s, from)
	if i < 0 {
		return "(missing " + from + ")"
	}
	s = s[i+len(from):]
	if j := strings.Index(s, to); j >= 0 {
		return s[:j]
	}
	return "(missing " + to + ")"
}
