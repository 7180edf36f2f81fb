package render

import (
	"bytes"
	"text/template"

	"github.com/recaptool/recap/templates"
)

// ParseTemplate parses a template of a document. Templates are strict: a
// missing key is an error, not an empty string. Every template has the
// sections of templates.Sections, which its own definitions replace.
func ParseTemplate(name string, text []byte) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Parse(string(templates.Sections))
	if err != nil {
		return nil, err
	}
	return t.Parse(string(text))
}

// Markdown executes the template on the recap. Runs of blank lines that
// conditional sections leave behind are collapsed, so the template can stay
// readable and the output tidy.
func Markdown(t *template.Template, r *Recap) ([]byte, error) {
	var b bytes.Buffer
	if err := t.Execute(&b, r); err != nil {
		return nil, err
	}
	return tidy(b.Bytes()), nil
}

// tidy collapses blank lines to one, drops trailing spaces and ends the
// text with exactly one newline. It works in place: the text only
// shrinks, so what it writes never overtakes what it has yet to read.
func tidy(md []byte) []byte {
	out := md[:0]
	blank := true // drop leading blank lines
	for rest := md; rest != nil; {
		l, after, found := bytes.Cut(rest, []byte("\n"))
		rest = nil
		if found {
			rest = after
		}
		l = bytes.TrimRight(l, " \t")
		if len(l) == 0 {
			if !blank {
				out = append(out, '\n')
			}
			blank = true
			continue
		}
		blank = false
		out = append(out, l...)
		out = append(out, '\n')
	}
	return append(bytes.TrimRight(out, "\n"), '\n')
}
