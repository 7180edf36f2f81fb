package render

import (
	"bytes"
	"html"

	"github.com/recaptool/recap/render/pdf"
)

// HTML renders recap Markdown as a standalone page with embedded CSS and
// no external resources.
func HTML(md []byte, title string) ([]byte, error) {
	body, err := HTMLBody(md)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	pageStart(&b, title)
	b.WriteString("<main>\n")
	b.Write(body)
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// HTMLBody renders recap Markdown as an HTML fragment.
func HTMLBody(md []byte) ([]byte, error) {
	var body bytes.Buffer
	if err := pdf.Markdown.Convert(md, &body); err != nil {
		return nil, err
	}
	return body.Bytes(), nil
}

// pageStart writes the page up to and including <body>.
func pageStart(b *bytes.Buffer, title string) {
	b.WriteString("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
	b.WriteString("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
	b.WriteString("<title>" + html.EscapeString(title) + "</title>\n<style>\n" + Stylesheet + "</style>\n</head>\n<body>\n")
}

// Stylesheet is the CSS of recap's HTML pages.
const Stylesheet = `body { margin: 0; background: #f4f4f2; color: #1d1d1d; font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
main { max-width: 52rem; margin: 2rem auto; padding: 2.5rem 3rem; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
h1 { font-size: 1.7rem; border-bottom: 2px solid #777; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; padding-bottom: .2rem; margin-top: 2rem; }
h3 { font-size: 1.05rem; margin-bottom: .4rem; }
table { border-collapse: collapse; width: 100%; margin: .6rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: .35rem .55rem; text-align: left; vertical-align: top; }
th { background: #ececec; }
thead:has(th:empty) { display: none; }
blockquote { border-left: 4px solid #ccc; margin-left: 0; padding-left: 1rem; color: #444; }
code, pre { font-family: ui-monospace, "Go Mono", monospace; background: #f3f3f3; }
pre { padding: .6rem; overflow-x: auto; }
li + li { margin-top: .25rem; }
@media print { body { background: none; } main { box-shadow: none; margin: 0; max-width: none; } }
`
