package pdf

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/text"
)

// dump writes what drawing reads of a syntax tree: kinds, nesting, the
// source each node covers and the attributes that change its layout.
func dump(root ast.Node, src []byte) string {
	var b strings.Builder
	_ = ast.Walk(root, func(n ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			b.WriteString(")")
			return ast.WalkContinue, nil
		}
		fmt.Fprintf(&b, "\n(%s", n.Kind())
		if n.Type() == ast.TypeBlock {
			fmt.Fprintf(&b, " blank=%v", n.HasBlankPreviousLines())
			for i := range n.Lines().Len() {
				s := n.Lines().At(i)
				fmt.Fprintf(&b, " [%d:%d]", s.Start, s.Stop)
			}
		}
		switch n := n.(type) {
		case *ast.Text:
			fmt.Fprintf(&b, " %q soft=%v hard=%v raw=%v", n.Segment.Value(src), n.SoftLineBreak(), n.HardLineBreak(), n.IsRaw())
		case *ast.String:
			fmt.Fprintf(&b, " %q", n.Value)
		case *ast.Heading:
			fmt.Fprintf(&b, " level=%d", n.Level)
		case *ast.List:
			fmt.Fprintf(&b, " marker=%c tight=%v start=%d", n.Marker, n.IsTight, n.Start)
		case *ast.ListItem:
			fmt.Fprintf(&b, " offset=%d", n.Offset)
		case *ast.Emphasis:
			fmt.Fprintf(&b, " level=%d", n.Level)
		case *ast.Link:
			fmt.Fprintf(&b, " dest=%q", n.Destination)
		case *east.Table:
			fmt.Fprintf(&b, " %v", n.Alignments)
		}
		return ast.WalkContinue, nil
	})
	return b.String()
}

// checkCuts parses md cut at every place cuts allows and compares the
// trees with the whole document's.
func checkCuts(t *testing.T, md []byte) int {
	t.Helper()
	want := dump(Markdown.Parser().Parse(text.NewReader(md)), md)
	at := cuts(md)
	for _, c := range at {
		if got := dump(parseCut(md, c), md); got != want {
			t.Fatalf("cut at %d (%q) parses differently:\n%s\nwhole:\n%s", c, firstLine(md[c:]), got, want)
		}
	}
	return len(at)
}

func firstLine(b []byte) string { s, _, _ := strings.Cut(string(b), "\n"); return s }

func TestParseCuts(t *testing.T) {
	files, _ := filepath.Glob("../testdata/golden/*.md")
	if len(files) == 0 {
		t.Fatal("no golden Markdown to cut")
	}
	total := 0
	for _, f := range files {
		md, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		total += checkCuts(t, md)
	}
	total += checkCuts(t, []byte(sample))
	if total < 20 {
		t.Errorf("only %d cuts found in the golden recaps", total)
	}
}

func TestParseCutsRefused(t *testing.T) {
	for _, md := range []string{
		"a\n\n# h\n\n[x]: /u\n",                // a reference definition
		"```\n\n# not a heading\n```\n",        // fenced code
		"<!--\n\n# inside a comment\n-->\n",    // a comment over lines
		"<pre>\n\n# inside pre\n</pre>\n",      // an HTML block over blank lines
		"<!-- one line -->\n\n# h\n\n<!--\n\n", // an open comment after
		"- item\n\n  # in the item\n\nx\n",     // not at the line start
	} {
		for _, c := range cuts([]byte(md)) {
			if line := firstLine([]byte(md[c:])); strings.Contains(line, "inside") || strings.Contains(line, "in the item") || strings.Contains(line, "not a heading") {
				t.Errorf("%q: cut at %q", md, line)
			}
		}
		checkCuts(t, []byte(md))
	}
	if got := cuts([]byte("p\n\n# a\n\n<!-- c -->\n\n## b\n")); len(got) != 2 {
		t.Errorf("cuts around a one-line comment: %v, want two", got)
	}
}

func FuzzParseCuts(f *testing.F) {
	f.Add(sample)
	f.Add("a\n\n# h\n<!--\n\n# x\n-->\n\n# y\n- l\n\n# z\n> q\n\n# w\n| a |\n|---|\n\n# v\n")
	f.Fuzz(func(t *testing.T, md string) {
		checkCuts(t, []byte(md))
	})
}
