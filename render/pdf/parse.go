package pdf

import (
	"bytes"
	"github.com/recaptool/recap/internal/middle"
	"sync"

	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/text"
)

// parseMin is the size from which parse cuts a document in two.
const parseMin = 64 << 10

// parse parses md. A long document is cut at a heading near its middle
// and the halves are parsed on two cores: goldmark was the slowest step
// left before drawing. The cut is only made where it cannot change the
// result (see cuts), and the second half is parsed from a copy of md with
// the first half blanked, so its nodes hold md's offsets.
func parse(md []byte) ast.Node {
	at := middle.Nearest(cuts(md), len(md))
	if len(md) < parseMin || at <= 0 {
		return Markdown.Parser().Parse(text.NewReader(md))
	}
	return parseCut(md, at)
}

func parseCut(md []byte, at int) ast.Node {
	blanked := make([]byte, len(md))
	for i := range at - 1 {
		blanked[i] = ' '
	}
	blanked[at-1] = '\n'
	copy(blanked[at:], md[at:])
	var rest ast.Node
	var wg sync.WaitGroup
	wg.Go(func() { rest = Markdown.Parser().Parse(text.NewReader(blanked)) })
	root := Markdown.Parser().Parse(text.NewReader(md[:at]))
	wg.Wait()
	for c := rest.FirstChild(); c != nil; {
		next := c.NextSibling()
		root.AppendChild(root, c)
		c = next
	}
	return root
}

// cuts returns the offsets of lines where md can be cut and the halves
// parsed alone: ATX headings at the start of a line after a blank line,
// which close every open block, outside HTML comments. Documents that
// could hold what spans a blank line (fenced code, HTML blocks other than
// comments) or what a later part refers to (link reference definitions)
// are not cut at all: recaps from the default template have none.
func cuts(md []byte) []int {
	if bytes.Contains(md, []byte("]:")) || bytes.Contains(md, []byte("```")) || bytes.Contains(md, []byte("~~~")) {
		return nil
	}
	var out []int
	blank, comment := true, false
	for at := 0; at < len(md); {
		end := bytes.IndexByte(md[at:], '\n')
		if end < 0 {
			end = len(md) - at
		}
		line := md[at : at+end]
		body := bytes.TrimLeft(line, " ")
		indented := len(line)-len(body) <= 3
		switch {
		case comment:
			comment = !bytes.Contains(line, []byte("-->"))
		case indented && bytes.HasPrefix(body, []byte("<!--")):
			comment = !bytes.Contains(body[4:], []byte("-->"))
		case indented && spansBlankLines(body):
			return nil
		case blank && len(line) > 0 && line[0] == '#' && at > 0:
			out = append(out, at)
		}
		blank = len(bytes.Trim(line, " \t")) == 0 // as goldmark sees blank lines, or fewer
		at += end + 1
	}
	return out
}

// spansBlankLines reports whether line starts an HTML block that a blank
// line does not end, other than a comment.
func spansBlankLines(line []byte) bool {
	if len(line) < 2 || line[0] != '<' {
		return false
	}
	lower := bytes.ToLower(line[1:min(len(line), 10)])
	for _, p := range []string{"?", "![cdata[", "script", "pre", "style", "textarea"} {
		if bytes.HasPrefix(lower, []byte(p)) {
			return true
		}
	}
	return line[1] == '!' && len(line) > 2 && (line[2]|0x20) >= 'a' && (line[2]|0x20) <= 'z'
}
