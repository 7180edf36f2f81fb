package lsp

import (
	"cmp"
	"context"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Symbol kinds of the protocol, for the outline's icons.
const (
	symbolModule   = 2
	symbolClass    = 5
	symbolProperty = 7
	symbolField    = 8
	symbolKey      = 20
	symbolEvent    = 24
	symbolNumber   = 16
)

// outlined are the entries of a notes file an outline lists, by the shape
// of their path: their symbol kind and the keys that name them, first
// found first.
var outlined = []struct {
	shape string
	kind  int
	names []string
}{
	{"/party/#", symbolClass, []string{"short", "name", "id"}},
	{"/party/#/person/#", symbolField, []string{"name", "id"}},
	{"/third_party/#", symbolModule, []string{"name", "id"}},
	{"/item/#", symbolProperty, []string{"topic", "text", "id"}},
	{"/action/#", symbolEvent, []string{"do", "id"}},
	{"/open/#", symbolKey, []string{"text"}},
	{"/round/#", symbolNumber, []string{"date"}},
	{"/next", symbolEvent, []string{"date"}},
}

// entryPath is the entry a path belongs to: "/party/1/person/0/name" is in
// "/party/1/person/0" (and in "/party/1").
var entryPath = regexp.MustCompile(`^/(?:party/\d+(?:/person/\d+)?|third_party/\d+|item/\d+|action/\d+|open/\d+|round/\d+|next)`)

// documentSymbol gives the notes' outline: the parties with their people,
// third parties, terms, steps, open points, rounds and the next meeting,
// each from its header (or first key) to its last value.
func (s *server) documentSymbol(ctx context.Context, p DocumentSymbolParams) ([]DocumentSymbol, error) {
	d, _, err := s.doc(TextDocumentPositionParams{TextDocument: p.TextDocument})
	if err != nil || d == nil {
		return []DocumentSymbol{}, err
	}
	return d.ix().outline(d.text), nil
}

func (ix *index) outline(t *text) []DocumentSymbol {
	type entry struct {
		path       string
		kind       int
		start, end int
		sel        span
		name, id   string
		nameRank   int
	}
	var order []string
	entries := map[string]*entry{}
	touch := func(path string, sp span) *entry {
		e := entries[path]
		if e == nil {
			kind, ok := -1, false
			for _, o := range outlined {
				if o.shape == shape(path) {
					kind, ok = o.kind, true
				}
			}
			if !ok {
				return nil
			}
			e = &entry{path: path, kind: kind, start: sp.Start, end: sp.End, sel: sp, nameRank: 99}
			entries[path] = e
			order = append(order, path)
		}
		e.start, e.end = min(e.start, sp.Start), max(e.end, sp.End)
		return e
	}
	for _, h := range ix.headers {
		if e := touch(h.path, h.at); e != nil {
			e.sel = h.at
			touch(parentEntry(h.path), h.at) // a person's header is in its party
		}
	}
	for _, n := range ix.nodes {
		whole := span{min(n.key.Start, n.value.Start), max(n.key.End, n.value.End)}
		if n.key.End == n.key.Start {
			whole = n.value
		}
		for _, path := range []string{entryPath.FindString(n.path), parentEntry(entryPath.FindString(n.path))} {
			e := touch(path, whole)
			if e == nil || path != entryPath.FindString(n.path) {
				continue
			}
			key := strings.TrimPrefix(n.path, path+"/")
			for _, o := range outlined {
				for rank, k := range o.names {
					if o.shape == shape(path) && k == key && rank < e.nameRank {
						e.name, e.nameRank = valueText(t, n), rank
					}
				}
			}
			if key == "id" && n.isStr {
				e.id = n.str
			}
		}
	}
	symbol := func(e *entry) DocumentSymbol {
		name := e.name
		switch {
		case e.path == "/next":
			name = strings.TrimSpace("Next meeting " + name)
		case strings.HasPrefix(e.path, "/round/"):
			n, _ := strconv.Atoi(strings.TrimPrefix(e.path, "/round/"))
			name = strings.TrimSpace(fmt.Sprintf("Round %d %s", n+1, name))
		case name == "":
			name = strings.TrimPrefix(e.path, "/")
		}
		if len([]rune(name)) > 60 {
			name = string([]rune(name)[:59]) + "…"
		}
		sel := e.sel
		if sel.End <= sel.Start || sel.Start < e.start {
			sel = span{e.start, e.start}
		}
		return DocumentSymbol{Name: name, Detail: e.id, Kind: e.kind, Range: t.span(span{e.start, e.end}), SelectionRange: t.span(sel)}
	}
	for _, e := range entries {
		if e.start < len(t.src) && t.src[e.start] == '{' { // inline: to its closing brace
			e.end = max(e.end, closingBrace(t.src, e.start))
			continue
		}
		e.end = lineEnd(t.src, e.end) // its last line, a closing brace or comment and all
	}
	slices.SortStableFunc(order, func(a, b string) int { return cmp.Compare(entries[a].start, entries[b].start) })
	out := []DocumentSymbol{}
	for _, path := range order {
		e := entries[path]
		if strings.Contains(path, "/person/") {
			continue
		}
		sym := symbol(e)
		for _, child := range order {
			if parentEntry(child) == path {
				sym.Children = append(sym.Children, symbol(entries[child]))
			}
		}
		out = append(out, sym)
	}
	return out
}

// parentEntry is the entry around a person's: its party; "" for others.
func parentEntry(path string) string {
	if i := strings.Index(path, "/person/"); i > 0 {
		return path[:i]
	}
	return ""
}

// valueText is a node's value as a reader names it: a string's text, or
// anything else as written (a date).
func valueText(t *text, n node) string {
	if n.isStr {
		return n.str
	}
	return string(t.src[n.value.Start:n.value.End])
}

// closingBrace is the offset after the brace that closes the inline table
// opening at src[open], on its line; open if it finds none there. Strings
// on one line are skipped, so a brace in a name does not count.
func closingBrace(src []byte, open int) int {
	depth := 0
	for i := open; i < len(src) && src[i] != '\n'; i++ {
		switch c := src[i]; c {
		case '"', '\'':
			for i++; i < len(src) && src[i] != c && src[i] != '\n'; i++ {
				if c == '"' && src[i] == '\\' {
					i++
				}
			}
		case '{', '[':
			depth++
		case '}', ']':
			if depth--; depth == 0 {
				return i + 1
			}
		}
	}
	return open
}

// lineEnd is the end of the line at off, before its trailing spaces.
func lineEnd(src []byte, off int) int {
	end := off
	for end < len(src) && src[end] != '\n' {
		end++
	}
	for end > off && (src[end-1] == ' ' || src[end-1] == '\t' || src[end-1] == '\r') {
		end--
	}
	return end
}
