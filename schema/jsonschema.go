package schema

import (
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// JSONSchema is the JSON Schema (draft-07, the newest that the Taplo TOML
// editor plugin understands) holding the structural rules of notes files.
//
//go:embed recap.schema.json
var JSONSchema []byte

const schemaURL = "https://github.com/recaptool/recap/schema/recap.schema.json"

var compiled = sync.OnceValues(func() (*compiledSchema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(JSONSchema))
	if err != nil {
		return nil, err
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	if err := c.AddResource(schemaURL, doc); err != nil {
		return nil, err
	}
	s, err := c.Compile(schemaURL)
	if err != nil {
		return nil, err
	}
	return &compiledSchema{schema: s, doc: doc.(map[string]any)}, nil
})

type compiledSchema struct {
	schema *jsonschema.Schema
	doc    map[string]any // the raw schema, to look up known keys
}

func (c *checker) validateSchema(raw map[string]any) {
	s, err := compiled()
	if err != nil {
		panic("schema: embedded JSON Schema does not compile: " + err.Error())
	}
	doc := toJSON(raw)
	err = s.schema.Validate(doc)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return
	}
	for _, leaf := range leaves(ve, nil) {
		c.schemaError(s, leaf, doc)
	}
}

func leaves(e *jsonschema.ValidationError, out []*jsonschema.ValidationError) []*jsonschema.ValidationError {
	if len(e.Causes) == 0 {
		return append(out, e)
	}
	for _, cause := range e.Causes {
		out = leaves(cause, out)
	}
	return out
}

// schemaError turns one schema violation into a diagnostic a person can act on.
func (c *checker) schemaError(s *compiledSchema, e *jsonschema.ValidationError, doc any) {
	path := joinPath(e.InstanceLocation)
	name := keyName(e.InstanceLocation)
	switch k := e.ErrorKind.(type) {
	case *kind.AdditionalProperties:
		known := s.knownKeys(e.InstanceLocation)
		for _, p := range k.Properties {
			if meant := closest(p, known); meant != "" {
				c.markBad(path + "/" + escapeToken(meant)) // misspelt: the meant key is unsound too
			}
			c.structural(path+"/"+escapeToken(p), "unknown-key", "unknown key `%s` %s%s", p, where(e.InstanceLocation), hint(p, known))
		}
	case *kind.Required:
		for _, m := range k.Missing {
			c.markBad(path + "/" + escapeToken(m))
			if misspelt(m, valueAt(doc, e.InstanceLocation), s.knownKeys(e.InstanceLocation)) {
				continue // the unknown-key error already suggests it
			}
			c.errorf(path, "required", "missing required key `%s` %s", m, where(e.InstanceLocation))
		}
	case *kind.Type:
		c.structural(path, "type", "%s must be %s, not %s", name, typeNames(k.Want), typeName(k.Got))
	case *kind.MinLength, *kind.Pattern:
		c.structural(path, "empty", "%s must not be empty", name)
	case *kind.Enum:
		c.structural(path, "enum", "%s must be %s, not %s%s", name, quoteAll(k.Want), display(k.Got), enumHint(k))
	case *kind.Minimum:
		c.structural(path, "range", "%s must be %s or more, not %s", name, k.Want.RatString(), k.Got.RatString())
	case *kind.Maximum:
		c.structural(path, "range", "%s must be %s at most, not %s", name, k.Want.RatString(), k.Got.RatString())
	case *kind.MinItems:
		c.structural(path, "too-few", "%s", tooFew(e.InstanceLocation, k.Got, k.Want))
	case *kind.Format:
		c.structural(path, "date", "%s must be a date like 2026-11-24 (no quotes, no time), not %v", name, k.Got)
	default:
		c.structural(path, "schema", "%s: %v", name, e)
	}
}

// misspelt reports whether the table has an unknown key whose suggestion
// is the missing key.
func misspelt(missing string, table any, known []string) bool {
	m, _ := table.(map[string]any)
	for k := range m {
		if !slices.Contains(known, k) && closest(k, known) == missing {
			return true
		}
	}
	return false
}

func valueAt(doc any, loc []string) any {
	for _, tok := range loc {
		switch v := doc.(type) {
		case map[string]any:
			doc = v[tok]
		case []any:
			i, _ := strconv.Atoi(tok)
			if i < 0 || i >= len(v) {
				return nil
			}
			doc = v[i]
		default:
			return nil
		}
	}
	return doc
}

// toJSON converts a decoded TOML value to the JSON data model the schema
// validator expects. Dates become strings, as Taplo sees them.
func toJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = toJSON(x)
		}
		return m
	case []map[string]any:
		a := make([]any, len(v))
		for i, x := range v {
			a[i] = toJSON(x)
		}
		return a
	case []any:
		a := make([]any, len(v))
		for i, x := range v {
			a[i] = toJSON(x)
		}
		return a
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return json.Number("0.5") // still a number, never an integer
		}
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	case time.Time:
		return tomlTime(v)
	}
	return v
}

// tomlTime formats a decoded TOML date or time as it was written.
func tomlTime(t time.Time) string {
	switch t.Location().String() {
	case "date-local":
		return t.Format(time.DateOnly)
	case "datetime-local":
		return t.Format("2006-01-02T15:04:05.999999999")
	case "time-local":
		return t.Format("15:04:05.999999999")
	}
	return t.Format(time.RFC3339Nano)
}

// knownKeys lists the keys the schema allows at a location.
func (s *compiledSchema) knownKeys(loc []string) []string {
	node := s.resolve(s.doc)
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil {
			node, _ = node["items"].(map[string]any)
		} else {
			props, _ := node["properties"].(map[string]any)
			node, _ = props[tok].(map[string]any)
		}
		node = s.resolve(node)
	}
	props, _ := node["properties"].(map[string]any)
	keys := make([]string, 0, len(props))
	for k := range props {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}

func (s *compiledSchema) resolve(node map[string]any) map[string]any {
	for node != nil {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		defs, _ := s.doc["definitions"].(map[string]any)
		node, _ = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
	}
	return nil
}

// where names the table at loc as the user wrote it: "in [[party.person]]".
func where(loc []string) string {
	var keys []string
	array := false
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil {
			array = true
			continue
		}
		keys = append(keys, tok)
		array = false
	}
	switch {
	case len(keys) == 0:
		return "at the top level"
	case array:
		return "in [[" + strings.Join(keys, ".") + "]]"
	}
	return "in [" + strings.Join(keys, ".") + "]"
}

// keyName names the value at loc: "`due`", or "each entry of `gave`".
func keyName(loc []string) string {
	if len(loc) == 0 {
		return "the file"
	}
	last := loc[len(loc)-1]
	if _, err := strconv.Atoi(last); err == nil && len(loc) > 1 {
		return "each entry of `" + loc[len(loc)-2] + "`"
	}
	return "`" + last + "`"
}

func tooFew(loc []string, got, want int) string {
	switch joinPath(stripIndices(loc)) {
	case "/party":
		return fmt.Sprintf("a recap needs at least %d parties, found %d", want, got)
	case "/party/person":
		return "this party has no person: add a [[party.person]] with id and name"
	case "/action/if":
		return "`if` must name at least one action, or \"signing\""
	}
	return fmt.Sprintf("%s needs at least %d entries, found %d", keyName(loc), want, got)
}

func stripIndices(loc []string) []string {
	var out []string
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err != nil {
			out = append(out, tok)
		}
	}
	return out
}

func typeName(t string) string {
	switch t {
	case "object":
		return "a table"
	case "array":
		return "an array"
	case "integer":
		return "an integer"
	case "null":
		return "nothing"
	}
	return "a " + t
}

func typeNames(ts []string) string {
	names := make([]string, len(ts))
	for i, t := range ts {
		names[i] = typeName(t)
		if t == "string" {
			names[i] = "a string"
		}
	}
	return strings.Join(names, " or ")
}

func quoteAll(vs []any) string {
	q := make([]string, len(vs))
	for i, v := range vs {
		q[i] = display(v)
	}
	return strings.Join(q, " or ")
}

func display(v any) string {
	if s, ok := v.(string); ok {
		return strconv.Quote(s)
	}
	return fmt.Sprint(v)
}

func enumHint(k *kind.Enum) string {
	got, ok := k.Got.(string)
	if !ok {
		return ""
	}
	var want []string
	for _, w := range k.Want {
		want = append(want, fmt.Sprint(w))
	}
	if c := closest(got, want); c != "" {
		return "; did you mean \"" + c + "\"?"
	}
	return ""
}
