package render

import (
	"bytes"
	"html"
	"strings"

	"github.com/recaptool/recap/render/pdf"
)

// HTML renders recap Markdown as a standalone page with embedded CSS and
// no external resources, in the document's language.
func HTML(md []byte, title string, langs Langs) ([]byte, error) {
	body, err := HTMLBody(md, langs)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	pageStart(&b, title, langs.doc())
	b.WriteString("<main>\n")
	b.Write(body)
	b.WriteString("</main>\n</body>\n</html>\n")
	return b.Bytes(), nil
}

// HTMLBody renders recap Markdown as an HTML fragment. Each value the
// Markdown isolates (mdtext.Isolate) becomes a <bdi>, with its language
// where it has its own.
func HTMLBody(md []byte, langs Langs) ([]byte, error) {
	var body bytes.Buffer
	if err := pdf.Markdown.Convert(md, &body); err != nil {
		return nil, err
	}
	return bdi(body.Bytes(), langs), nil
}

// bdi turns each isolate of the page, U+2068 to the matching U+2069, into
// a <bdi> element; an isolate left open or a stray end stays as it is.
func bdi(page []byte, langs Langs) []byte {
	const open, end = "\u2068", "\u2069"
	if !bytes.Contains(page, []byte(open)) {
		return page
	}
	s := string(page)
	var b strings.Builder
	var stack []int // where each open isolate's text starts in s
	var out []int   // their indexes in the pieces written
	pieces := []string{}
	last := 0
	for i := 0; i < len(s); {
		switch {
		case strings.HasPrefix(s[i:], open):
			pieces = append(pieces, s[last:i])
			stack, out = append(stack, i+len(open)), append(out, len(pieces))
			pieces = append(pieces, open)
			i += len(open)
			last = i
		case strings.HasPrefix(s[i:], end) && len(stack) > 0:
			pieces = append(pieces, s[last:i])
			start, at := stack[len(stack)-1], out[len(out)-1]
			stack, out = stack[:len(stack)-1], out[:len(out)-1]
			tag := "<bdi>"
			if lang, ok := langs.Values[html.UnescapeString(s[start:i])]; ok && lang != langs.doc() {
				tag = `<bdi lang="` + html.EscapeString(lang) + `">`
			}
			pieces[at] = tag
			pieces = append(pieces, "</bdi>")
			i += len(end)
			last = i
		default:
			i++
		}
	}
	pieces = append(pieces, s[last:])
	for _, p := range pieces {
		b.WriteString(p)
	}
	return []byte(b.String())
}

// pageStart writes the page up to and including <body>.
func pageStart(b *bytes.Buffer, title, lang string) {
	b.WriteString("<!doctype html>\n<html lang=\"" + html.EscapeString(lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n")
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
