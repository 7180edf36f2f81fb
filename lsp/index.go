package lsp

import (
	"strconv"
	"strings"

	"github.com/pelletier/go-toml/v2/unstable"
)

// An index is what the editor features need of a notes file's syntax:
// every key and value with its path and place, and every table header.
// It is made from the text as typed, valid or not: a syntax error ends it
// there, and what came before still serves.
type index struct {
	nodes   []node
	headers []header
	byID    map[string]entity // kind and id -> the first entity given them
	srcText string
}

// A node is one key = value, or one element of an array.
type node struct {
	path  string // "/party/1/person/0/name", "/action/3/if/1"
	key   span   // the key's last part; empty for an array's element
	value span   // the value as written, quotes and all
	str   string // the value, for a string
	isStr bool
}

// A header is a [table] or [[array of tables]] header.
type header struct {
	path string // "/party/1/person/0"
	at   span   // the whole header
}

func newIndex(src []byte) *index {
	ix := &index{srcText: string(src)}
	var p unstable.Parser
	p.Reset(src)
	arrays := map[string]int{}
	table := ""
	for p.NextExpression() {
		e := p.Expression()
		switch e.Kind {
		case unstable.Table, unstable.ArrayTable:
			var parts []string
			var first, last span
			it := e.Key()
			for it.Next() {
				k := it.Node()
				s := span{int(k.Raw.Offset), int(k.Raw.Offset + k.Raw.Length)}
				if len(parts) == 0 {
					first = s
				}
				last = s
				parts = append(parts, string(k.Data))
			}
			table = resolve(parts, arrays, e.Kind == unstable.ArrayTable)
			start, end := first.start, last.end
			for start > 0 && strings.ContainsRune(" \t[", rune(src[start-1])) {
				start--
			}
			for end < len(src) && strings.ContainsRune(" \t]", rune(src[end])) {
				end++
			}
			ix.headers = append(ix.headers, header{path: table, at: span{start, end}})
		case unstable.KeyValue:
			ix.keyValue(table, e)
		}
	}
	ix.byID = map[string]entity{}
	for _, e := range ix.entities() {
		if _, dup := ix.byID[e.kind+"\x00"+e.id]; !dup {
			ix.byID[e.kind+"\x00"+e.id] = e
		}
	}
	return ix
}

// resolve turns a header's key into a path: a part naming an array of
// tables means its last element; [[header]] adds one.
func resolve(parts []string, arrays map[string]int, appendElem bool) string {
	path := ""
	for i, part := range parts {
		path += "/" + part
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

func (ix *index) keyValue(table string, kv *unstable.Node) {
	path := table
	var key span
	it := kv.Key()
	for it.Next() {
		k := it.Node()
		path += "/" + string(k.Data)
		key = span{int(k.Raw.Offset), int(k.Raw.Offset + k.Raw.Length)}
	}
	ix.value(path, key, kv.Value())
}

func (ix *index) value(path string, key span, v *unstable.Node) {
	n := node{path: path, key: key, value: span{int(v.Raw.Offset), int(v.Raw.Offset + v.Raw.Length)}}
	if v.Kind == unstable.String {
		n.str, n.isStr = string(v.Data), true
	}
	ix.nodes = append(ix.nodes, n)
	switch v.Kind {
	case unstable.InlineTable:
		it := v.Children()
		for it.Next() {
			if c := it.Node(); c.Kind == unstable.KeyValue {
				ix.keyValue(path, c)
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
			ix.value(path+"/"+strconv.Itoa(i), span{}, c)
			i++
		}
	}
}

// find returns the node at path, or nil.
func (ix *index) find(path string) *node {
	for i := range ix.nodes {
		if ix.nodes[i].path == path {
			return &ix.nodes[i]
		}
	}
	return nil
}

// at returns the node whose key or string value holds the byte offset,
// and whether it is the key.
func (ix *index) at(off int) (n *node, onKey bool) {
	for i := range ix.nodes {
		n := &ix.nodes[i]
		if n.key.contains(off) {
			return n, true
		}
		if n.isStr && n.value.contains(off) {
			return n, false
		}
	}
	return nil, false
}

// tableAt is the path of the table a line at byte offset off belongs to:
// the last header before it, "" for the top level.
func (ix *index) tableAt(off int) string {
	table := ""
	for _, h := range ix.headers {
		if h.at.start <= off {
			table = h.path
		}
	}
	return table
}

// The kinds of things ids name.
const (
	kindParty  = "party"
	kindPerson = "person"
	kindThird  = "third party"
	kindItem   = "item"
	kindAction = "action"
)

// shape is a path with its array indices as "#": "/party/#/person/#/id".
func shape(path string) string {
	if !strings.ContainsAny(path, "0123456789") {
		return path
	}
	parts := strings.Split(path, "/")
	for i, p := range parts {
		if isIndex(p) {
			parts[i] = "#"
		}
	}
	return strings.Join(parts, "/")
}

// definitions are the keys that give an id, by the shape of their path.
var definitions = map[string]string{
	"/party/#/id":          kindParty,
	"/party/#/person/#/id": kindPerson,
	"/third_party/#/id":    kindThird,
	"/item/#/id":           kindItem,
	"/action/#/id":         kindAction,
}

// references are the values that name an id, by the shape of their path,
// and what they name (a confirmation, a person or a third party).
var references = map[string][]string{
	"/item/#/owner":                            {kindPerson},
	"/action/#/owner":                          {kindPerson},
	"/open/#/owner":                            {kindPerson},
	"/party/#/person/#/reports_to":             {kindPerson},
	"/party/#/person/#/authority/confirmed_by": {kindPerson, kindThird},
	"/action/#/if":                             {kindAction},
	"/action/#/if/#":                           {kindAction},
	"/action/#/for":                            {kindParty},
	"/third_party/#/acts_for":                  {kindParty},
	"/round/#/gave/#/item":                     {kindItem},
	"/round/#/got/#/item":                      {kindItem},
	"/round/#/with/#":                          {kindPerson},
}

// An entity is a thing an id names: where its id is given, and the path of
// the table that holds it ("/party/1/person/0").
type entity struct {
	kind, id string
	def      *node
	table    string
}

// entities lists what the notes give ids to.
func (ix *index) entities() []entity {
	var out []entity
	for i := range ix.nodes {
		n := &ix.nodes[i]
		if kind, ok := definitions[shape(n.path)]; ok && n.isStr {
			out = append(out, entity{kind: kind, id: n.str, def: n, table: strings.TrimSuffix(n.path, "/id")})
		}
	}
	return out
}

// resolveRef finds what a reference names: the first entity of one of its
// kinds with its id.
func (ix *index) resolveRef(n *node) (entity, bool) {
	for _, k := range references[shape(n.path)] {
		if e, ok := ix.byID[k+"\x00"+n.str]; ok {
			return e, true
		}
	}
	return entity{}, false
}

// entityAt is the entity whose id, or a reference to which, stands at a
// byte offset.
func (ix *index) entityAt(off int) (entity, bool) {
	n, onKey := ix.at(off)
	if n == nil || onKey || !n.isStr {
		return entity{}, false
	}
	if kind, ok := definitions[shape(n.path)]; ok {
		return entity{kind: kind, id: n.str, def: n, table: strings.TrimSuffix(n.path, "/id")}, true
	}
	if _, ok := references[shape(n.path)]; ok {
		return ix.resolveRef(n)
	}
	return entity{}, false
}

// uses lists the references to an entity, in file order.
func (ix *index) uses(e entity) []*node {
	var out []*node
	for i := range ix.nodes {
		n := &ix.nodes[i]
		if !n.isStr || n.str != e.id {
			continue
		}
		if _, ok := references[shape(n.path)]; !ok {
			continue
		}
		if r, ok := ix.resolveRef(n); ok && r.def == e.def {
			out = append(out, n)
		}
	}
	return out
}

// field is the string value of a key of a table, or "".
func (ix *index) field(table, key string) string {
	if n := ix.find(table + "/" + key); n != nil && n.isStr {
		return n.str
	}
	return ""
}

// inside is a string value's span without its quotes.
func (n *node) inside(src []byte) span {
	s := n.value
	q := 1
	if s.end-s.start >= 6 && (strings.HasPrefix(string(src[s.start:]), `"""`) || strings.HasPrefix(string(src[s.start:]), `'''`)) {
		q = 3
	}
	return span{s.start + q, s.end - q}
}
