package schema

import (
	"encoding/json"
	"fmt"
	"math"
	"math/big"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
	"unicode/utf8"
)

// The embedded JSON Schema is applied by a small interpreter of the
// draft-07 keywords it uses, straight to the decoded TOML: no library
// compiles metaschemas at start-up (one did, in its package init: 8.6 ms
// of every recap process), and the schema stays the one source of the
// structural rules that `recap schema` prints for editors. Tests check
// that it agrees with santhosh-tekuri/jsonschema on every notes file they
// have and on fuzzed input (validate_test.go).

// violation is one keyword that a value fails.
type violation struct {
	loc     []string // where, as JSON pointer tokens
	keyword string   // "type", "required", "additionalProperties", …
	names   []string // unknown keys, missing keys, or the types wanted
	got     any      // the value (enum, format), or its type's name (type)
	want    []any    // enum: the values allowed
	limit   *big.Rat // minimum, maximum: the bound
	value   *big.Rat // minimum, maximum: the value, nil if not finite
	count   int      // minItems: how many there are
	min     int      // minItems: how many there must be
}

// keywords are those the interpreter knows; annotations only annotate.
var keywords = map[string]bool{
	"$schema": true, "$id": true, "title": true, "description": true, "default": true, "examples": true,
	"definitions": true, "$ref": true, "type": true, "properties": true,
	"additionalProperties": true, "required": true, "items": true, "minItems": true,
	"minLength": true, "pattern": true, "enum": true, "minimum": true, "maximum": true,
	"format": true,
}

// jsonSchema is the embedded schema, decoded and checked once.
type jsonSchema struct {
	root     map[string]any
	patterns map[string]*regexp.Regexp
}

var loadSchema = sync.OnceValues(func() (*jsonSchema, error) {
	var root map[string]any
	d := json.NewDecoder(strings.NewReader(string(JSONSchema)))
	d.UseNumber()
	if err := d.Decode(&root); err != nil {
		return nil, err
	}
	s := &jsonSchema{root: root, patterns: map[string]*regexp.Regexp{}}
	return s, s.check(root, "")
})

// check refuses what the interpreter does not know, so that a schema
// edited to use more of JSON Schema fails its tests instead of being
// half applied.
func (s *jsonSchema) check(node map[string]any, at string) error {
	for k, v := range node {
		if !keywords[k] {
			return fmt.Errorf("%s: keyword %q is not interpreted", at, k)
		}
		var err error
		switch k {
		case "properties", "definitions":
			for name, sub := range v.(map[string]any) {
				if err = s.check(sub.(map[string]any), at+"/"+k+"/"+name); err != nil {
					break
				}
			}
		case "items":
			err = s.check(v.(map[string]any), at+"/items")
		case "additionalProperties":
			if v != false {
				err = fmt.Errorf("%s: only additionalProperties false is interpreted", at)
			}
		case "pattern":
			s.patterns[v.(string)], err = regexp.Compile(v.(string))
		case "format":
			if v != "date" {
				err = fmt.Errorf("%s: format %q is not interpreted", at, v)
			}
		}
		if err != nil {
			return err
		}
	}
	return nil
}

func examplesOf(node map[string]any) []any {
	xs, _ := node["examples"].([]any)
	return xs
}

// validate returns what the decoded document fails.
func (s *jsonSchema) validate(doc map[string]any) []violation {
	var out []violation
	s.value(s.root, doc, nil, &out)
	return out
}

// resolve follows $ref, whose siblings draft-07 ignores.
func (s *jsonSchema) resolve(node map[string]any) map[string]any {
	for {
		ref, ok := node["$ref"].(string)
		if !ok {
			return node
		}
		defs := s.root["definitions"].(map[string]any)
		node = defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
	}
}

func (s *jsonSchema) value(node map[string]any, v any, loc []string, out *[]violation) {
	node = s.resolve(node)
	fail := func(x violation) {
		x.loc = slices.Clone(loc)
		*out = append(*out, x)
	}
	t := typeOf(v)
	if types := typeList(node["type"]); types != nil && !matches(types, t, v) {
		fail(violation{keyword: "type", names: types, got: t})
		return // the other keywords would only repeat it
	}
	if allowed, ok := node["enum"].([]any); ok && !slices.ContainsFunc(allowed, func(a any) bool { return equal(a, v) }) {
		fail(violation{keyword: "enum", want: allowed, got: jsonValue(v)})
	}
	switch t {
	case "object":
		s.object(node, v.(map[string]any), loc, out, fail)
	case "array":
		items := elements(v)
		if n, ok := intOf(node["minItems"]); ok && len(items) < n {
			fail(violation{keyword: "minItems", count: len(items), min: n})
		}
		if sub, ok := node["items"].(map[string]any); ok {
			for i, x := range items {
				s.value(sub, x, append(loc, strconv.Itoa(i)), out)
			}
		}
	case "string":
		str := jsonValue(v).(string)
		if n, ok := intOf(node["minLength"]); ok && utf8.RuneCountInString(str) < n {
			fail(violation{keyword: "minLength"})
		}
		if p, ok := node["pattern"].(string); ok && !s.patterns[p].MatchString(str) {
			fail(violation{keyword: "pattern", got: str, want: examplesOf(node)})
		}
		if node["format"] == "date" && !isDate(v) {
			fail(violation{keyword: "format", got: str})
		}
	case "number":
		n := number(v)
		for _, k := range []string{"minimum", "maximum"} {
			limit, ok := node[k].(json.Number)
			if !ok {
				continue
			}
			bound, _ := new(big.Rat).SetString(string(limit))
			if n == nil || k == "minimum" && n.Cmp(bound) < 0 || k == "maximum" && n.Cmp(bound) > 0 {
				fail(violation{keyword: k, limit: bound, value: n})
			}
		}
	}
}

func (s *jsonSchema) object(node, m map[string]any, loc []string, out *[]violation, fail func(violation)) {
	props, _ := node["properties"].(map[string]any)
	if node["additionalProperties"] == false {
		var unknown []string
		for k := range m {
			if _, ok := props[k]; !ok {
				unknown = append(unknown, k)
			}
		}
		if len(unknown) > 0 {
			slices.Sort(unknown)
			fail(violation{keyword: "additionalProperties", names: unknown})
		}
	}
	var missing []string
	for _, r := range asList(node["required"]) {
		if _, ok := m[r.(string)]; !ok {
			missing = append(missing, r.(string))
		}
	}
	if len(missing) > 0 {
		fail(violation{keyword: "required", names: missing})
	}
	for _, k := range sortedKeys(m) {
		if sub, ok := props[k].(map[string]any); ok {
			s.value(sub, m[k], append(loc, k), out)
		}
	}
}

// typeOf names the JSON type of a decoded TOML value: dates and times are
// strings, as editors see them, and every number is a "number".
func typeOf(v any) string {
	switch v.(type) {
	case string, time.Time:
		return "string"
	case int64, float64:
		return "number"
	case bool:
		return "boolean"
	case map[string]any:
		return "object"
	case []any, []map[string]any:
		return "array"
	}
	return "null"
}

// matches reports whether a value of type t is of one of the types, where
// a number whose value is whole is also an integer.
func matches(types []string, t string, v any) bool {
	if slices.Contains(types, t) {
		return true
	}
	if t != "number" || !slices.Contains(types, "integer") {
		return false
	}
	n := number(v)
	return n != nil && n.IsInt()
}

// typeList reads "type", in JSON Schema's order of types, as messages give it.
func typeList(v any) []string {
	var given []string
	switch v := v.(type) {
	case string:
		given = []string{v}
	case []any:
		for _, t := range v {
			given = append(given, t.(string))
		}
	}
	var out []string
	for _, t := range []string{"null", "boolean", "number", "integer", "string", "array", "object"} {
		if slices.Contains(given, t) {
			out = append(out, t)
		}
	}
	return out
}

// number returns a number's value, a float's as the shortest decimal that
// reads back as it (the one the notes wrote, give or take the spelling),
// or nil if it is not finite.
func number(v any) *big.Rat {
	switch v := v.(type) {
	case int64:
		return new(big.Rat).SetInt64(v)
	case float64:
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil
		}
		r, _ := new(big.Rat).SetString(strconv.FormatFloat(v, 'g', -1, 64))
		return r
	}
	return nil
}

// jsonValue is a value as a JSON document has it: dates as text.
func jsonValue(v any) any {
	if t, ok := v.(time.Time); ok {
		return tomlTime(t)
	}
	return v
}

// equal compares a value from the schema with a decoded one.
func equal(schemaValue, v any) bool {
	switch a := schemaValue.(type) {
	case string:
		return a == jsonValue(v)
	case bool:
		return a == v
	case json.Number:
		x, ok := new(big.Rat).SetString(string(a))
		n := number(v)
		return ok && n != nil && x.Cmp(n) == 0
	}
	return false
}

// isDate reports whether a string is a date, as JSON Schema's "date"
// format has it; TOML's own dates are, its times and date-times are not.
func isDate(v any) bool {
	if t, ok := v.(time.Time); ok {
		return t.Location().String() == "date-local"
	}
	_, err := time.Parse(time.DateOnly, v.(string))
	return err == nil
}

func elements(v any) []any {
	switch v := v.(type) {
	case []any:
		return v
	case []map[string]any:
		out := make([]any, len(v))
		for i, m := range v {
			out[i] = m
		}
		return out
	}
	return nil
}

func intOf(v any) (int, bool) {
	n, ok := v.(json.Number)
	if !ok {
		return 0, false
	}
	i, err := strconv.Atoi(string(n))
	return i, err == nil
}

func asList(v any) []any {
	l, _ := v.([]any)
	return l
}

func sortedKeys(m map[string]any) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
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
