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

func newKeys() *keys {
	var root map[string]any
	if err := json.Unmarshal(schema.JSONSchema, &root); err != nil {
		panic("the embedded schema is not JSON: " + err.Error())
	}
	return &keys{root: root}
}

// deref follows a "$ref" to the definition it names.
func (k *keys) deref(n map[string]any) map[string]any {
	for range 8 {
		ref, ok := n["$ref"].(string)
		if !ok {
			return n
		}
		def, _ := k.root["definitions"].(map[string]any)[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
		if def == nil {
			return n
		}
		// The reference's own keywords (its description) win.
		merged := map[string]any{}
		for key, v := range def {
			merged[key] = v
		}
		for key, v := range n {
			if key != "$ref" {
				merged[key] = v
			}
		}
		n = merged
	}
	return n
}

// node is the schema of a path ("/party/1/person/0/name"), or nil.
func (k *keys) node(path string) map[string]any {
	n := k.root
	for _, part := range strings.Split(strings.Trim(path, "/"), "/") {
		if part == "" {
			continue
		}
		n = k.deref(n)
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
	return k.deref(n)
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
		n = k.deref(items)
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
