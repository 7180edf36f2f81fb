package lsp

import (
	"bytes"
	"strings"

	"github.com/recaptool/recap/schema"
)

// An index is what the editor features need of a notes file's syntax:
// every key and value with its path and place, and every table header.
// It is made from the text as typed, valid or not: a syntax error ends it
// there, and what came before still serves.
type index struct {
	nodes   []node
	headers []header
	byID    map[string]entity // kind and id -> the first entity given them
	starts  map[int]int       // where a key (an array's element: its value) starts -> its node
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
	schema.WalkTOML(src, func(e schema.TOMLEntry) {
		switch {
		case e.Header:
			end := e.At
			for end < len(src) && src[end] != '\n' && src[end] != '#' {
				end++
			}
			for end > e.At && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\r') {
				end--
			}
			ix.headers = append(ix.headers, header{path: e.Path, at: span{e.At, end}})
		case e.Value.End > e.Value.Start || e.Key.End == e.Key.Start:
			ix.nodes = append(ix.nodes, node{path: e.Path, key: span(e.Key), value: span(e.Value), str: e.Str, isStr: e.IsStr})
		}
	})
	ix.starts = map[int]int{}
	for i, n := range ix.nodes {
		start := n.key.Start
		if n.key.End == n.key.Start {
			start = n.value.Start
		}
		if _, seen := ix.starts[start]; !seen {
			ix.starts[start] = i
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
		if h.at.Start <= off {
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
	if s.End-s.Start >= 6 && (bytes.HasPrefix(src[s.Start:], []byte(`"""`)) || bytes.HasPrefix(src[s.Start:], []byte(`'''`))) {
		q = 3
	}
	return span{s.Start + q, s.End - q}
}
