package schema

import (
	"bytes"
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
	if line == 0 && offset >= len(bom) && bytes.HasPrefix(p.src, bom) {
		col-- // no editor counts the mark as a column
	}
	return Pos{Line: line + 1, Col: col}
}

// bom is the UTF-8 byte order mark.
var bom = []byte("\ufeff")

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

// header reports whether the table at path was opened by a [header], not
// written inline.
func (p *positions) header(path string) bool {
	p.atOnce.Do(p.record)
	off, ok := p.at[path]
	return ok && off < len(p.src) && p.src[off] == '['
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
	WalkTOML(p.src, func(e TOMLEntry) {
		switch {
		case e.Header:
			p.set(e.Path, e.At)
			if e.ArrayElem { // the array starts at its first header
				p.set(e.Path[:strings.LastIndexByte(e.Path, '/')], e.At)
			}
		case e.Key.End > e.Key.Start:
			p.set(e.Path, e.Key.Start)
		case e.Value.End > e.Value.Start: // an element of an array
			p.set(e.Path, e.Value.Start)
		}
	})
}

// A TOMLEntry is what WalkTOML meets in a TOML document, in file order: a
// table header, a key (each part of a dotted key, the last with its
// value), or an element of an array, with its path as diagnostics name
// it (Diagnostic.Path) and where it stands.
type TOMLEntry struct {
	Path string // "/party/1/person/0/name", "/action/3/if/1"
	// Header is set for a [table] or [[array of tables]] header, which
	// starts at At; ArrayElem for the latter, whose Path ends with the
	// element's index.
	Header, ArrayElem bool
	At                int
	Key               Span // the key's part, empty for an array's element
	Value             Span // the value as written, quotes and all; empty for a part of a dotted key but the last
	Str               string
	IsStr             bool // the value is a string, Str
}

// A Span is a range of byte offsets.
type Span struct{ Start, End int }

// WalkTOML walks a TOML document as written, valid or not, and calls
// visit for each header, key and array element: the notes' places, for
// diagnostics and editors. It stops quietly at a syntax error.
// A byte order mark at the start (Windows Notepad writes one) is read as
// the spaces of its length, so that offsets stay the file's own.
func WalkTOML(src []byte, visit func(TOMLEntry)) {
	if bytes.HasPrefix(src, bom) {
		src = append([]byte("   "), src[len(bom):]...)
	}
	var parser unstable.Parser
	parser.Reset(src)
	arrays := map[string]int{} // array-of-tables path -> elements so far
	table := ""
	for parser.NextExpression() {
		e := parser.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			it := e.Key()
			start := headerStart(src, it)
			table = resolveHeader(keyParts(e.Key()), arrays, e.Kind == unstable.ArrayTable)
			visit(TOMLEntry{Path: table, Header: true, ArrayElem: e.Kind == unstable.ArrayTable, At: start})
		case unstable.KeyValue:
			walkKeyValue(table, e, visit)
		}
	}
}

// resolveHeader turns a header's key into a concrete path: a part naming
// an array of tables means its last element; for [[header]] a new
// element is added.
func resolveHeader(parts []string, arrays map[string]int, appendElem bool) string {
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

func walkKeyValue(table string, kv *unstable.Node, visit func(TOMLEntry)) {
	path := table
	it := kv.Key()
	var parts []TOMLEntry
	for it.Next() {
		k := it.Node()
		path += "/" + escapeToken(string(k.Data))
		parts = append(parts, TOMLEntry{Path: path, Key: spanOf(k)})
	}
	for _, p := range parts[:len(parts)-1] {
		visit(p)
	}
	walkValue(parts[len(parts)-1], kv.Value(), visit)
}

func spanOf(n *unstable.Node) Span {
	return Span{int(n.Raw.Offset), int(n.Raw.Offset + n.Raw.Length)}
}

// walkValue visits an entry with its value, then what the value holds.
func walkValue(e TOMLEntry, v *unstable.Node, visit func(TOMLEntry)) {
	e.Value = spanOf(v)
	if v.Kind == unstable.String {
		e.Str, e.IsStr = string(v.Data), true
	}
	visit(e)
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				walkKeyValue(e.Path, c, visit)
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
			walkValue(TOMLEntry{Path: e.Path + "/" + strconv.Itoa(i)}, c, visit)
			i++
		}
	}
}

// headerStart finds the '[' that opens a table header, from its first key.
func headerStart(src []byte, it unstable.Iterator) int {
	if !it.Next() {
		return 0
	}
	off := int(it.Node().Raw.Offset)
	for off > 0 && strings.ContainsRune(" \t[", rune(src[off-1])) {
		off--
		if src[off] == '[' && (off == 0 || src[off-1] != '[') {
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
