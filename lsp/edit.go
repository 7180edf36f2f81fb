package lsp

import (
	"context"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// hover describes a key (what the schema says of it) or an id (who or
// what it names).
func (s *server) hover(ctx context.Context, p TextDocumentPositionParams) (*Hover, error) {
	d, off, err := s.doc(p)
	if err != nil || d == nil {
		return nil, err
	}
	n, onKey := d.ix().at(off)
	if n == nil {
		return nil, nil
	}
	if onKey {
		desc := s.keys.description(n.path)
		if desc == "" {
			return nil, nil
		}
		r := d.text.span(n.key)
		return &Hover{Contents: MarkupContent{Kind: "markdown", Value: "`" + lastPart(n.path) + "`: " + desc}, Range: &r}, nil
	}
	e, ok := d.ix().entityAt(off)
	if !ok {
		return nil, nil
	}
	r := d.text.span(n.value)
	return &Hover{Contents: MarkupContent{Kind: "markdown", Value: d.ix().describe(e)}, Range: &r}, nil
}

func lastPart(path string) string { return path[strings.LastIndexByte(path, '/')+1:] }

// describe says who or what an entity is, from the notes as typed.
func (ix *index) describe(e entity) string {
	f := func(key string) string { return ix.field(e.table, key) }
	var lines []string
	add := func(format string, args ...any) { lines = append(lines, fmt.Sprintf(format, args...)) }
	switch e.kind {
	case kindPerson:
		add("**%s** (person `%s`)", f("name"), e.id)
		party := e.table[:max(strings.LastIndex(e.table, "/person/"), 0)]
		role := f("role")
		if role != "" {
			role += ", "
		}
		add("%s%s", role, ix.field(party, "name"))
		var does []string
		if n := ix.find(e.table + "/signs"); n != nil && ix.boolValue(n) {
			does = append(does, "signs")
		}
		if n := ix.find(e.table + "/negotiates"); n != nil && ix.boolValue(n) {
			does = append(does, "negotiates")
		}
		if len(does) > 0 {
			add("%s", strings.Join(does, " and "))
		}
	case kindParty:
		add("**%s** (party `%s`)", f("name"), e.id)
		if s := f("short"); s != "" {
			add("called %s in the agreement", s)
		}
	case kindThird:
		add("**%s** (third party `%s`)", f("name"), e.id)
		if r := f("role"); r != "" {
			add("%s", r)
		}
	case kindItem:
		add("**%s** (term `%s`)", f("topic"), e.id)
		add("%s", f("text"))
	case kindAction:
		add("**%s** (action `%s`)", f("do"), e.id)
		if o := f("owner"); o != "" {
			if p, ok := ix.byID[kindPerson+"\x00"+o]; ok {
				add("by %s", ix.field(p.table, "name"))
			} else {
				add("by `%s`", o)
			}
		}
		if n := ix.find(e.table + "/due"); n != nil {
			add("due %s", ix.raw(n))
		}
		if w := f("within"); w != "" {
			add("due within %s of what it waits for", w)
		}
		if waits := ix.strings(e.table + "/if"); len(waits) > 0 {
			add("waits for: %s", strings.Join(waits, ", "))
		}
	}
	return strings.Join(lines, "  \n")
}

// raw is a value as written.
func (ix *index) raw(n *node) string { return ix.srcText[n.value.Start:n.value.End] }

func (ix *index) boolValue(n *node) bool { return ix.raw(n) == "true" }

// strings lists a key's string value, or the strings of its array.
func (ix *index) strings(path string) []string {
	var out []string
	if n := ix.find(path); n != nil && n.isStr {
		return []string{n.str}
	}
	for i := 0; ; i++ {
		n := ix.find(fmt.Sprintf("%s/%d", path, i))
		if n == nil {
			return out
		}
		if n.isStr {
			out = append(out, n.str)
		}
	}
}

// keyBefore finds, on the text of a line before the cursor, the key whose
// value is being written: `owner = "`, `if = ["po", "`, and the inline
// table it stands in (`authority = { confirmed_by = "`).
var keyBefore = regexp.MustCompile(`([A-Za-z0-9_-]+)\s*=\s*([^=]*)$`)

// inlineTable finds the key of an inline table left open before the
// cursor.
var inlineTable = regexp.MustCompile(`([A-Za-z0-9_-]+)\s*=\s*\{[^}]*$`)

// completion offers keys at the start of a line, and values after one:
// ids where an id goes, enum values, bare dates.
func (s *server) completion(ctx context.Context, p TextDocumentPositionParams) (CompletionList, error) {
	d, off, err := s.doc(p)
	if err != nil || d == nil {
		return CompletionList{Items: []CompletionItem{}}, err
	}
	src := d.text.src
	lineStart := strings.LastIndexByte(string(src[:off]), '\n') + 1
	before := string(src[lineStart:off])
	table := d.ix().tableAt(off)
	list := CompletionList{Items: []CompletionItem{}}
	if strings.TrimLeft(before, " \t") != "" && strings.Trim(strings.TrimLeft(before, " \t"), "abcdefghijklmnopqrstuvwxyz_") == "" || strings.TrimSpace(before) == "" {
		// A key.
		word := strings.TrimLeft(before, " \t")
		names, descs := s.keys.tableKeys(table)
		for _, name := range names {
			if d.ix().find(table+"/"+name) != nil || !strings.HasPrefix(name, word) {
				continue
			}
			item := CompletionItem{Label: name, Kind: KindProperty, InsertText: name + " = "}
			if descs[name] != "" {
				item.Documentation = &MarkupContent{Kind: "markdown", Value: descs[name]}
			}
			list.Items = append(list.Items, item)
		}
		return list, nil
	}
	m := keyBefore.FindStringSubmatch(before)
	if m == nil {
		return list, nil
	}
	key, rest := m[1], m[2]
	path := table + "/" + key
	if outer := inlineTable.FindStringSubmatch(before); outer != nil && outer[1] != key {
		path = table + "/" + outer[1] + "/" + key
	}
	inString := strings.Count(rest, `"`)%2 == 1
	if strings.HasPrefix(strings.TrimSpace(rest), "[") {
		path += "/0"
	}
	prefix := ""
	if inString {
		prefix = rest[strings.LastIndexByte(rest, '"')+1:]
	}
	quote := func(s string) string {
		if inString {
			return s
		}
		return `"` + s + `"`
	}
	// Ids, where an id goes.
	if kinds, ok := references[shape(path)]; ok {
		if shape(path) == "/action/#/if" || shape(path) == "/action/#/if/#" {
			list.Items = append(list.Items, CompletionItem{Label: "signing", Kind: KindValue, Detail: "the signing of the recap", InsertText: quote("signing")})
		}
		for _, e := range d.ix().entities() {
			if !slices.Contains(kinds, e.kind) || !strings.HasPrefix(e.id, prefix) {
				continue
			}
			list.Items = append(list.Items, CompletionItem{Label: e.id, Kind: KindRef, Detail: e.kind + ": " + d.ix().label(e),
				Documentation: &MarkupContent{Kind: "markdown", Value: d.ix().describe(e)}, InsertText: quote(e.id)})
		}
		return list, nil
	}
	if inString {
		for _, v := range s.keys.enum(path) {
			if strings.HasPrefix(v, prefix) {
				list.Items = append(list.Items, CompletionItem{Label: v, Kind: KindEnum, InsertText: v})
			}
		}
		return list, nil
	}
	if strings.TrimSpace(rest) != "" {
		return list, nil
	}
	if s.keys.isDate(path) {
		today := s.today().Format(time.DateOnly)
		list.Items = append(list.Items, CompletionItem{Label: today, Kind: KindValue, Detail: "today, a TOML date (no quotes)", InsertText: today})
		if v := d.ix().find("/date"); v != nil && !v.isStr && path != "/date" {
			list.Items = append(list.Items, CompletionItem{Label: d.ix().raw(v), Kind: KindValue, Detail: "the meeting's date", InsertText: d.ix().raw(v)})
		}
		return list, nil
	}
	for _, v := range s.keys.enum(path) {
		ins := quote(v)
		if v == "true" || v == "false" {
			ins = v
		}
		list.Items = append(list.Items, CompletionItem{Label: v, Kind: KindEnum, InsertText: ins})
	}
	return list, nil
}

// label is an entity's name in a line: a person's or party's name, an
// action's text.
func (ix *index) label(e entity) string {
	for _, k := range []string{"name", "do", "topic"} {
		if v := ix.field(e.table, k); v != "" {
			return v
		}
	}
	return e.id
}

func (s *server) today() time.Time {
	if s.opt.Today != nil {
		return s.opt.Today()
	}
	return time.Now()
}
