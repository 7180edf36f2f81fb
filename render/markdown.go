package render

import (
	"bytes"
	"errors"
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

// MaxMarkdown bounds the Markdown a template may write: 64 MiB, eight
// times the largest notes file, which the default templates never come
// near (they quote what one action waits for, not all of it), so that a
// template that repeats text cannot make a document without end.
const MaxMarkdown = 64 << 20

// ErrTooLarge is returned when a template writes more than MaxMarkdown.
var ErrTooLarge = errors.New("too large")

// Markdown executes the template on the recap. Runs of blank lines that
// conditional sections leave behind are collapsed, so the template can stay
// readable and the output tidy.
func Markdown(t *template.Template, r *Recap) ([]byte, error) {
	b := &boundedBuffer{limit: MaxMarkdown}
	if err := t.Execute(b, r); err != nil {
		if b.full {
			return nil, ErrTooLarge
		}
		return nil, err
	}
	return tidy(b.Bytes()), nil
}

// boundedBuffer is a buffer that refuses to grow past its limit: the
// template's execution stops at the write that would.
type boundedBuffer struct {
	bytes.Buffer
	limit int
	full  bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	if b.Len()+len(p) > b.limit {
		b.full = true
		return 0, ErrTooLarge
	}
	return b.Buffer.Write(p)
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
