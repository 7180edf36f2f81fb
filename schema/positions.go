package schema

import (
	"sort"
	"strconv"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/pelletier/go-toml/v2/unstable"
)

// positions maps a value's path to where its key stands in the file.
// Paths are JSON-pointer-like, with array indices: "/party/1/person/0/id".
// A table's path maps to its header. BurntSushi/toml exposes no positions,
// so a second, position-keeping parse of the (already valid) document
// records them.
// Both tables are built on first use: a valid file, the common case, needs
// neither.
type positions struct {
	src       []byte
	linesOnce sync.Once
	lines     []int // byte offset at which each line starts
	atOnce    sync.Once
	at        map[string]int // path -> byte offset of its key
}

func newPositions(src []byte) *positions {
	return &positions{src: src}
}

// pos converts a byte offset to a line and character column.
func (p *positions) pos(offset int) Pos {
	p.linesOnce.Do(func() {
		p.lines = []int{0}
		for i, c := range p.src {
			if c == '\n' {
				p.lines = append(p.lines, i+1)
			}
		}
	})
	offset = min(max(offset, 0), len(p.src))
	line := sort.Search(len(p.lines), func(i int) bool { return p.lines[i] > offset }) - 1
	col := utf8.RuneCount(p.src[p.lines[line]:offset]) + 1
	return Pos{Line: line + 1, Col: col}
}

// lookup returns the position of path, or of its nearest ancestor that has
// one; the document root is 1:1.
func (p *positions) lookup(path string) Pos {
	p.atOnce.Do(p.record)
	for {
		if off, ok := p.at[path]; ok {
			return p.pos(off)
		}
		i := strings.LastIndexByte(path, '/')
		if i < 0 {
			return Pos{1, 1}
		}
		path = path[:i]
	}
}

func (p *positions) set(path string, offset int) {
	if _, ok := p.at[path]; !ok {
		p.at[path] = offset
	}
}

// record walks the document and records every key and header. It stops
// quietly at a syntax error: the decoder reports those.
func (p *positions) record() {
	p.at = map[string]int{}
	var parser unstable.Parser
	parser.Reset(p.src)
	arrays := map[string]int{} // array-of-tables path -> elements so far
	table := ""
	for parser.NextExpression() {
		e := parser.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			start := p.headerStart(it)
			table = p.resolve(keyParts(e.Key()), arrays, e.Kind == unstable.ArrayTable)
			p.set(table, start)
			if e.Kind == unstable.ArrayTable { // the array starts at its first header
				p.set(table[:strings.LastIndexByte(table, '/')], start)
			}
		case unstable.KeyValue:
			p.keyValue(table, e)
		}
	}
}

// resolve turns a header's key into a concrete path: a part naming an array
// of tables means its last element; for [[header]] a new element is added.
func (p *positions) resolve(parts []string, arrays map[string]int, appendElem bool) string {
	path := ""
	for i, part := range parts {
		path += "/" + escapeToken(part)
		n, isArray := arrays[path]
		if i == len(parts)-1 && appendElem {
			arrays[path] = n + 1
			return path + "/" + strconv.Itoa(n)
		}
		if isArray {
			path += "/" + strconv.Itoa(n-1)
		}
	}
	return path
}

func (p *positions) keyValue(table string, kv *unstable.Node) {
	path := table
	it := kv.Key()
	for it.Next() {
		k := it.Node()
		path += "/" + escapeToken(string(k.Data))
		p.set(path, int(k.Raw.Offset))
	}
	p.value(path, kv.Value())
}

func (p *positions) value(path string, v *unstable.Node) {
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				p.keyValue(path, c)
			}
		}
	case unstable.Array:
		i := 0
		it := v.Children()
		for it.Next() {
			c := it.Node()
			if c.Kind == unstable.Comment {
				continue
			}
			elem := path + "/" + strconv.Itoa(i)
			if c.Raw.Length > 0 {
				p.set(elem, int(c.Raw.Offset))
			}
			p.value(elem, c)
			i++
		}
	}
}

// headerStart finds the '[' that opens a table header, from its first key.
func (p *positions) headerStart(it unstable.Iterator) int {
	if !it.Next() {
		return 0
	}
	off := int(it.Node().Raw.Offset)
	for off > 0 && strings.ContainsRune(" \t[", rune(p.src[off-1])) {
		off--
		if p.src[off] == '[' && (off == 0 || p.src[off-1] != '[') {
			break
		}
	}
	return off
}

func keyParts(it unstable.Iterator) []string {
	var parts []string
	for it.Next() {
		parts = append(parts, string(it.Node().Data))
	}
	return parts
}

// escapeToken escapes a key for use in a path, as JSON pointers do.
func escapeToken(s string) string {
	if !strings.ContainsAny(s, "~/") {
		return s
	}
	return tokenEscaper.Replace(s)
}

var tokenEscaper = strings.NewReplacer("~", "~0", "/", "~1")

// joinPath builds a path from JSON pointer tokens, which arrive unescaped.
func joinPath(tokens []string) string {
	var b strings.Builder
	for _, t := range tokens {
		b.WriteByte('/')
		b.WriteString(escapeToken(t))
	}
	return b.String()
}
