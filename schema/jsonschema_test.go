package schema

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"
)

// draft07 lists the JSON Schema keywords of draft-07 and older, the ones
// Taplo understands.
var draft07 = map[string]bool{
	"$schema": true, "$id": true, "$ref": true, "$comment": true, "title": true, "description": true,
	"default": true, "examples": true, "type": true, "enum": true, "const": true, "format": true,
	"properties": true, "additionalProperties": true, "required": true, "patternProperties": true,
	"items": true, "additionalItems": true, "minItems": true, "maxItems": true, "uniqueItems": true,
	"minLength": true, "maxLength": true, "pattern": true, "minimum": true, "maximum": true,
	"definitions": true, "allOf": true, "anyOf": true, "oneOf": true, "not": true,
}

func TestSchemaUsesDraft07Only(t *testing.T) {
	var doc map[string]any
	if err := json.Unmarshal(JSONSchema, &doc); err != nil {
		t.Fatal(err)
	}
	if doc["$schema"] != "http://json-schema.org/draft-07/schema#" {
		t.Errorf("$schema = %v, want draft-07", doc["$schema"])
	}
	var walk func(path string, s map[string]any)
	walk = func(path string, s map[string]any) {
		for k, v := range s {
			if !draft07[k] {
				t.Errorf("%s: keyword %q is not draft-07", path, k)
			}
			switch k {
			case "properties", "definitions":
				for name, sub := range v.(map[string]any) {
					walk(path+"/"+k+"/"+name, sub.(map[string]any))
				}
			case "items", "additionalProperties", "not":
				if sub, ok := v.(map[string]any); ok {
					walk(path+"/"+k, sub)
				}
			}
		}
	}
	walk("#", doc)
}

func TestSchemaLoads(t *testing.T) {
	if _, err := loadSchema(); err != nil {
		t.Fatal(err)
	}
}

// TestSchemaKeywordsChecked: a keyword the interpreter does not know is
// refused, not ignored.
func TestSchemaKeywordsChecked(t *testing.T) {
	for _, node := range []string{`{"maxLength": 3}`, `{"additionalProperties": {"type": "string"}}`, `{"format": "email"}`, `{"properties": {"x": {"oneOf": []}}}`} {
		var m map[string]any
		d := json.NewDecoder(strings.NewReader(node))
		d.UseNumber()
		if err := d.Decode(&m); err != nil {
			t.Fatal(err)
		}
		s := &jsonSchema{root: m, patterns: map[string]*regexp.Regexp{}}
		if err := s.check(m, ""); err == nil {
			t.Errorf("%s: accepted", node)
		}
	}
}

// TestSchemaDescribesEveryKey: every key has hover help in the editor, on
// the key or on the definition it refers to.
func TestSchemaDescribesEveryKey(t *testing.T) {
	s, err := loadSchema()
	if err != nil {
		t.Fatal(err)
	}
	var walk func(path string, node map[string]any)
	walk = func(path string, node map[string]any) {
		props, _ := s.resolve(node)["properties"].(map[string]any)
		for name, sub := range props {
			sub := sub.(map[string]any)
			if !described(s, sub) {
				t.Errorf("%s/%s has no description", path, name)
			}
			walk(path+"/"+name, sub)
			if items, ok := s.resolve(sub)["items"].(map[string]any); ok {
				walk(path+"/"+name+"/[]", items)
			}
		}
	}
	walk("", s.root)
}

// described reports whether a node, or a definition it refers to, on the
// way along the chain of $ref, has a description.
func described(s *jsonSchema, node map[string]any) bool {
	for node != nil {
		if node["description"] != nil {
			return true
		}
		ref, ok := node["$ref"].(string)
		if !ok {
			return false
		}
		node, _ = s.root["definitions"].(map[string]any)[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
	}
	return false
}

// TestEveryKeyDescribed: every key of the schema has a description of its
// own, which editors show when the pointer rests on it (Taplo's hover).
func TestEveryKeyDescribed(t *testing.T) {
	var root map[string]any
	if err := json.Unmarshal(JSONSchema, &root); err != nil {
		t.Fatal(err)
	}
	keys := 0
	var walk func(node map[string]any, path string)
	walk = func(node map[string]any, path string) {
		props, _ := node["properties"].(map[string]any)
		for k, v := range props {
			keys++
			p, _ := v.(map[string]any)
			if d, _ := p["description"].(string); d == "" {
				t.Errorf("%s.%s has no description", path, k)
			}
			walk(p, path+"."+k)
		}
		for _, k := range []string{"items", "additionalProperties"} {
			if sub, ok := node[k].(map[string]any); ok {
				walk(sub, path+"."+k)
			}
		}
		if defs, ok := node["definitions"].(map[string]any); ok {
			for name, d := range defs {
				if sub, ok := d.(map[string]any); ok {
					walk(sub, "#"+name)
				}
			}
		}
	}
	walk(root, "")
	if keys < 60 {
		t.Errorf("only %d keys found: is the schema read?", keys)
	}
}
