package render

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sync"
	"text/template"
	"time"

	"github.com/recaptool/recap/templates"
)

// ParseTemplate parses a template of a document. Templates are strict: a
// missing key is an error, not an empty string. Every template has the
// sections of templates.Sections, which its own definitions replace, and
// the function inc (inc 0 is 1), to number from 1 what range numbers
// from 0.
func ParseTemplate(name string, text []byte) (*template.Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(template.FuncMap{"inc": inc}).Parse(string(templates.Sections))
	if err != nil {
		return nil, err
	}
	return t.Parse(string(text))
}

func inc(i int) int { return i + 1 }

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
	return markdown(context.Background(), t, r)
}

// MaxTemplateTime bounds how long a template runs: the default runs in
// milliseconds, and 20,000 actions in under a second.
const MaxTemplateTime = 30 * time.Second

// maxTemplateTime is MaxTemplateTime, but in tests.
var maxTemplateTime = MaxTemplateTime

// ErrTemplateTime is the error of a template that ran longer than
// MaxTemplateTime: a loop that does not end, or nearly.
var ErrTemplateTime = fmt.Errorf("the template ran for more than %v (a loop that does not end?)", MaxTemplateTime)

// markdown runs the template until it ends, writes more than MaxMarkdown,
// runs for MaxTemplateTime, or ctx is done. text/template cannot be
// stopped: one still running is left behind (its writes fail from then
// on), and a caller that lives on (recap watch) must end the process.
func markdown(ctx context.Context, t *template.Template, r any) ([]byte, error) {
	b := &boundedBuffer{limit: MaxMarkdown}
	done := make(chan error, 1)
	go func() { done <- t.Execute(b, r) }()
	timer := time.NewTimer(maxTemplateTime)
	defer timer.Stop()
	var err error
	select {
	case err = <-done:
	case <-timer.C:
		b.stop()
		return nil, ErrTemplateTime
	case <-ctx.Done():
		b.stop()
		return nil, ctx.Err()
	}
	if err != nil {
		if b.full {
			return nil, ErrTooLarge
		}
		return nil, err
	}
	return tidy(b.Bytes()), nil
}

// boundedBuffer is a buffer that refuses to grow past its limit, or once
// stopped: the template's execution stops at the write that would.
type boundedBuffer struct {
	mu      sync.Mutex
	buf     bytes.Buffer
	limit   int
	full    bool
	stopped bool
}

func (b *boundedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	switch {
	case b.stopped:
		return 0, ErrTemplateTime
	case b.buf.Len()+len(p) > b.limit:
		b.full = true
		return 0, ErrTooLarge
	}
	return b.buf.Write(p)
}

func (b *boundedBuffer) stop() {
	b.mu.Lock()
	b.stopped = true
	b.mu.Unlock()
}

// Bytes returns what was written; only once the template has ended.
func (b *boundedBuffer) Bytes() []byte { return b.buf.Bytes() }

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
