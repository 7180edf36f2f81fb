package pdftest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/recaptool/recap/internal/needs"
)

// Readers gives the text of a document as each reader that takes text in
// the order it is drawn extracts it, by name, raw: MuPDF (mutool draw -F
// txt), pdfminer (pdf2txt) and pdf.js (PDFJS). Poppler, which orders text
// by position, is Text.
func Readers(t testing.TB, pdf []byte) map[string]string {
	t.Helper()
	return map[string]string{
		"MuPDF":    Stdout(t, pdf, "mutool", "draw", "-q", "-F", "txt", "PDF"),
		"pdfminer": Stdout(t, pdf, "pdf2txt", "PDF"),
		"pdf.js":   PDFJS(t, pdf),
	}
}

// pdfjsText is what a program built on pdf.js (Firefox's viewer, Node
// tools) reads: getTextContent's items in order, a line break where
// pdf.js says a line ends, a form feed after each page.
const pdfjsText = `
const {pathToFileURL} = require('url'), fs = require('fs');
(async () => {
  const pdfjs = await import(pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.mjs')).href);
  const doc = await pdfjs.getDocument({data: new Uint8Array(fs.readFileSync(process.argv[1])), verbosity: 0}).promise;
  let out = '';
  for (let p = 1; p <= doc.numPages; p++) {
    for (const it of (await (await doc.getPage(p)).getTextContent()).items) {
      out += it.str + (it.hasEOL ? '\n' : '');
    }
    out += '\n\f';
  }
  process.stdout.write(out);
})().catch(e => { console.error(e); process.exit(1); });
`

// PDFJS returns the text pdf.js (pdfjs-dist, in Node.js) extracts.
func PDFJS(t testing.TB, pdf []byte) string {
	t.Helper()
	node := needs.Tool(t, "node")
	if err := exec.Command(node, "-e", "require.resolve('pdfjs-dist/legacy/build/pdf.mjs')").Run(); err != nil {
		needs.Missing(t, "pdf.js is not installed (npm install pdfjs-dist; NODE_PATH)")
	}
	path := filepath.Join(t.TempDir(), "doc.pdf")
	if err := os.WriteFile(path, pdf, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(node, "-e", pdfjsText, path).Output()
	if err != nil {
		t.Fatalf("pdf.js: %v", err)
	}
	return string(out)
}
