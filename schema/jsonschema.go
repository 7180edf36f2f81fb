package schema

import (
	_ "embed"
	"fmt"
	"slices"
	"strconv"
	"strings"
)

// JSONSchema is the JSON Schema (draft-07, the newest that the Taplo TOML
// editor plugin understands) holding the structural rules of notes files.
//
//go:embed recap.schema.json
var JSONSchema []byte

func (c *checker) validateSchema(raw map[string]any) {
	s, err := loadSchema()
	if err != nil {
		panic("schema: embedded JSON Schema: " + err.Error())
	}
	for _, v := range s.validate(raw) {
		c.schemaError(s, v, raw)
	}
}

// schemaError turns one schema violation into a diagnostic a person can act on.
func (c *checker) schemaError(s *jsonSchema, v violation, doc map[string]any) {
	path := joinPath(v.loc)
	name := keyName(v.loc)
	switch v.keyword {
	case "additionalProperties":
		known := s.knownKeys(v.loc)
		for _, p := range v.names {
			if meant := Closest(p, known); meant != "" {
				c.markBad(path + "/" + escapeToken(meant)) // misspelt: the meant key is unsound too
			}
			c.structural(path+"/"+escapeToken(p), ruleUnknownKey, "unknown key `%s` %s%s", p, where(v.loc), s.keyHint(p, v.loc, known, c.pos.header(path)))
		}
	case "required":
		for _, m := range v.names {
			c.markBad(path + "/" + escapeToken(m))
			if misspelt(m, valueAt(doc, v.loc), s.knownKeys(v.loc)) {
				continue // the unknown-key error already suggests it
			}
			c.report(path, ruleRequired, "missing required key `%s` %s", m, where(v.loc))
		}
	case "type":
		c.structural(path, ruleType, "%s must be %s, not %s", name, typeNames(v.names), typeName(v.got.(string)))
	case "pattern":
		if len(v.want) > 0 { // a pattern with examples is a form to follow; without, it forbids blank text
			c.structural(path, rulePattern, "%s must be written like %s, not %q", name, quoteAll(v.want), v.got)
			break
		}
		c.structural(path, ruleEmpty, "%s must not be empty", name)
	case "minLength":
		c.structural(path, ruleEmpty, "%s must not be empty", name)
	case "enum":
		c.structural(path, ruleEnum, "%s must be %s, not %s%s", name, quoteAll(v.want), display(v.got), enumHint(v))
	case "minimum":
		c.structural(path, ruleRange, "%s must be %s or more, not %s", name, v.limit.RatString(), ratText(v))
	case "maximum":
		c.structural(path, ruleRange, "%s must be %s at most, not %s", name, v.limit.RatString(), ratText(v))
	case "minItems":
		c.structural(path, ruleTooFew, "%s", tooFew(v.loc, v.count, v.min))
	case "format":
		c.structural(path, ruleDate, "%s must be a date like 2026-11-24 (no quotes, no time), not %v", name, v.got)
	}
}

// ratText writes the value of a range violation.
func ratText(v violation) string {
	if v.value == nil {
		return "a number that is not finite"
	}
	return v.value.RatString()
}

// keyHint suggests what an unknown key p at loc was meant to be: a known
// key it is close to or, when the table was opened by a header and p is a
// key of a table around it, where it goes. The second is TOML's trap: every
// key after a [table] header is in that table, so a top-level key written
// at the end of the file lands in the last one.
func (s *jsonSchema) keyHint(p string, loc []string, known []string, header bool) string {
	if header && Closest(p, known) == "" {
		for up := len(loc) - 1; up >= 0; up-- {
			if _, err := strconv.Atoi(loc[up]); err == nil || !slices.Contains(s.knownKeys(loc[:up]), p) {
				continue
			}
			owner := strings.TrimPrefix(strings.TrimPrefix(where(loc[:up]), "in "), "at ")
			place := "above the file's first [table] header"
			if up > 0 {
				place = "among the keys of its " + owner + ", above the first header inside it"
			}
			return fmt.Sprintf("; `%s` is a key of %s: in TOML every key after the header %s belongs to it, so write `%s` %s", p, owner, strings.TrimPrefix(where(loc), "in "), p, place)
		}
	}
	return hint(p, known)
}

// misspelt reports whether the table has an unknown key whose suggestion
// is the missing key.
func misspelt(missing string, table any, known []string) bool {
	m, _ := table.(map[string]any)
	for k := range m {
		if !slices.Contains(known, k) && Closest(k, known) == missing {
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
		case []any, []map[string]any:
			items := elements(v)
			i, _ := strconv.Atoi(tok)
			if i < 0 || i >= len(items) {
				return nil
			}
			doc = items[i]
		default:
			return nil
		}
	}
	return doc
}

// knownKeys lists the keys the schema allows at a location.
func (s *jsonSchema) knownKeys(loc []string) []string {
	node := s.resolve(s.root)
	for _, tok := range loc {
		if _, err := strconv.Atoi(tok); err == nil {
			node, _ = node["items"].(map[string]any)
		} else {
			props, _ := node["properties"].(map[string]any)
			node, _ = props[tok].(map[string]any)
		}
		if node == nil {
			return nil
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

// TableName names the table at a path ("/party/0") as its header is
// written ("[[party]]"), for a message or an editor's action.
func TableName(path string) string {
	return strings.TrimPrefix(where(strings.Split(strings.Trim(path, "/"), "/")), "in ")
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

func enumHint(v violation) string {
	got, ok := v.got.(string)
	if !ok {
		return ""
	}
	var want []string
	for _, w := range v.want {
		want = append(want, fmt.Sprint(w))
	}
	if c := Closest(got, want); c != "" {
		return "; did you mean \"" + c + "\"?"
	}
	return ""
}
