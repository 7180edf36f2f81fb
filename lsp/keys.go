package lsp

import (
	"encoding/json"
	"slices"
	"strings"

	"github.com/recaptool/recap/schema"
)

// keys answers what the JSON Schema says of a key: its description, its
// values, the keys of a table.
type keys struct {
	root map[string]any
}

// newKeys reads the schema with its references inlined, as `recap
// schema` writes it: each key's own description and values where it
// stands.
func newKeys() *keys {
	var root map[string]any
	if err := json.Unmarshal(schema.InlinedSchema(), &root); err != nil {
		panic("the embedded schema is not JSON: " + err.Error())
	}
	return &keys{root: root}
}

// node is the schema of a path ("/party/1/person/0/name"), or nil.
func (k *keys) node(path string) map[string]any {
	n := k.root
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part == "" {
			continue
		}
		if isIndex(part) {
			items, _ := n["items"].(map[string]any)
			if items == nil {
				return nil
			}
			n = items
			continue
		}
		props, _ := n["properties"].(map[string]any)
		next, _ := props[part].(map[string]any)
		if next == nil {
			return nil
		}
		n = next
	}
	return n
}

func isIndex(s string) bool {
	return s != "" && strings.Trim(s, "0123456789") == ""
}

// description is what the schema says of a path's key.
func (k *keys) description(path string) string {
	if n := k.node(path); n != nil {
		d, _ := n["description"].(string)
		return d
	}
	return ""
}

// tableKeys are the keys a table may hold, with their descriptions, in
// order of name.
func (k *keys) tableKeys(table string) (names []string, descs map[string]string) {
	n := k.node(table)
	if n == nil {
		return nil, nil
	}
	if items, ok := n["items"].(map[string]any); ok && n["properties"] == nil {
		n = items
	}
	props, _ := n["properties"].(map[string]any)
	descs = map[string]string{}
	for name := range props {
		names = append(names, name)
		descs[name] = k.description(table + "/" + name)
	}
	slices.Sort(names)
	return names, descs
}

// enum lists the values a path's key may take, if they are few.
func (k *keys) enum(path string) []string {
	n := k.node(path)
	var out []string
	if n != nil {
		for _, v := range asList(n["enum"]) {
			if s, ok := v.(string); ok {
				out = append(out, s)
			}
		}
		if t, _ := n["type"].(string); t == "boolean" {
			out = []string{"true", "false"}
		}
	}
	return out
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

// isDate reports whether a path's key holds a date, which TOML writes bare:
// due = 2026-12-01, never "2026-12-01".
func (k *keys) isDate(path string) bool {
	n := k.node(path)
	if n == nil {
		return false
	}
	f, _ := n["format"].(string)
	return f == "date"
}
