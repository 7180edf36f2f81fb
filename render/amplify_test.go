package render

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/recaptool/recap/schema"
)

func TestQuote(t *testing.T) {
	long := strings.Repeat("word ", 40)
	for _, tt := range []struct{ name, in, want string }{
		{"short", "Issue a purchase order", "Issue a purchase order"},
		{"at the limit", strings.Repeat("x", 80), strings.Repeat("x", 80)},
		{"cut at a space", long, strings.TrimSpace(long[:79]) + "…"},
		{"no space", strings.Repeat("x", 200), strings.Repeat("x", 80) + "…"},
		{"between clusters", strings.Repeat("x", 79) + "e\u0301\u0301tc", strings.Repeat("x", 79) + "…"},
		{"Chinese", strings.Repeat("北京", 60), strings.Repeat("北京", 40) + "…"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			if got := quote(tt.in); got != tt.want {
				t.Errorf("quote = %q, want %q", got, tt.want)
			}
		})
	}
}

// amplifier is notes in which one action with a long text is waited for
// by n others.
func amplifier(text string, n int) []byte {
	var b strings.Builder
	b.WriteString(strings.Replace(string(benchNotes(1)), `do = "`, `do = "`+text+` `, 1))
	for i := range n {
		fmt.Fprintf(&b, "\n[[action]]\nid = \"wait%d\"\nowner = \"dmitri\"\ndo = \"Wait %d\"\nif = \"a0\"\nwithin = \"7d\"\n", i, i)
	}
	return []byte(b.String())
}

// TestNoAmplification: each action that waits for another quotes at most
// 80 characters of it, so the documents grow with the notes, not with how
// often a long text is waited for: one action of 1 MB waited for by 200
// made 201 MB of Markdown.
func TestNoAmplification(t *testing.T) {
	src := amplifier(strings.Repeat("clause ", 1<<20/7), 200)
	in := source(t, "amp.toml", src)
	if in.Diags.Errors() > 0 {
		t.Fatalf("the notes are not valid: %v", in.Diags)
	}
	for _, doc := range []Document{Agreement, Brief} {
		formats := Formats{FormatMD, FormatHTML}
		if doc == Agreement {
			formats = append(formats, FormatICS)
		}
		outs, err := Build(in, Options{Record: Record{Document: doc}, Template: docTemplate(t, doc), Formats: formats})
		if err != nil {
			t.Fatal(err)
		}
		for _, o := range outs {
			if len(o.Data) > 3*len(src) {
				t.Errorf("%s %s: %d bytes from %d bytes of notes", doc, o.Format, len(o.Data), len(src))
			}
		}
	}
}

// TestOutputBounded: a template that repeats text without end stops at
// MaxMarkdown, with a diagnostic.
func TestOutputBounded(t *testing.T) {
	tmpl, err := ParseTemplate("repeat.tmpl", []byte(`{{range .Steps}}{{range .Actions}}{{range $.Steps}}{{range .Actions}}{{.Do}}{{.Do}}{{.Do}}{{.Do}}{{end}}{{end}}{{end}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	src := amplifier(strings.Repeat("clause ", 8000), 2000)
	_, err = Build(source(t, "amp.toml", src), Options{Template: tmpl, Formats: Formats{FormatMD}})
	var diags schema.List
	if !errors.As(err, &diags) || len(diags) != 1 || diags[0].Rule != "output-size" || diags[0].Pos != (schema.Pos{Line: 1, Col: 1}) ||
		!strings.Contains(diags[0].Message, "the agreement would be more than 64 MiB of Markdown") {
		t.Errorf("err = %v, want one output-size diagnostic", err)
	}
}

// TestTemplateBounded: a template whose loop does not end (writing
// nothing, so the output bound cannot stop it) ends the build after
// MaxTemplateTime, and a build whose context is done ends at once.
func TestTemplateBounded(t *testing.T) {
	tmpl, err := ParseTemplate("loop.tmpl", []byte(`{{range 100000000000}}{{end}}`))
	if err != nil {
		t.Fatal(err)
	}
	maxTemplateTime = 50 * time.Millisecond
	defer func() { maxTemplateTime = MaxTemplateTime }()
	in := source(t, "loop.toml", benchNotes(2))
	if _, err := Build(in, Options{Template: tmpl, Formats: Formats{FormatMD}}); !errors.Is(err, ErrTemplateTime) {
		t.Errorf("a template that loops: %v", err)
	}
	maxTemplateTime = time.Hour
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	if _, err := Build(in, Options{Template: tmpl, Formats: Formats{FormatMD}, Context: ctx}); !errors.Is(err, context.Canceled) {
		t.Errorf("a build whose context is done: %v", err)
	}
}
