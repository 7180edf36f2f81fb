package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"sync"
)

// InlinedSchema is JSONSchema with every "$ref" replaced by the
// definition it names (the reference's own keywords, its description,
// kept over the definition's) and no "definitions": the same rules, in a
// form Taplo reads whole. Taplo loses a property's description and
// completion behind a $ref (tamasfe/taplo#729, #278, #788), so `recap
// schema` and `recap init` write this one.
var InlinedSchema = sync.OnceValue(func() []byte {
	var root map[string]any
	d := json.NewDecoder(bytes.NewReader(JSONSchema))
	d.UseNumber()
	if err := d.Decode(&root); err != nil {
		panic("the embedded schema is not JSON: " + err.Error())
	}
	defs, _ := root["definitions"].(map[string]any)
	delete(root, "definitions")
	out, err := json.MarshalIndent(inline(root, defs, 0), "", "  ")
	if err != nil {
		panic(err)
	}
	return append(out, '\n')
})

// inline replaces the references in v by their definitions.
func inline(v any, defs map[string]any, depth int) any {
	if depth > 32 {
		panic("the schema's references nest more than 32 deep")
	}
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		if ref, ok := v["$ref"].(string); ok {
			def, ok := defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
			if !ok {
				panic(fmt.Sprintf("the schema's %s names no definition", ref))
			}
			for k, x := range inline(def, defs, depth+1).(map[string]any) {
				out[k] = x
			}
		}
		for k, x := range v {
			if k != "$ref" {
				out[k] = inline(x, defs, depth+1)
			}
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, x := range v {
			out[i] = inline(x, defs, depth+1)
		}
		return out
	}
	return v
}

// schemaLine finds a notes file's #:schema line: its first line, as Taplo
// reads it.
var schemaLine = regexp.MustCompile(`\A#:schema\s+(\S+)`)

// checkSchemaFile warns when the schema file that the notes' #:schema
// line names is not a schema this recap would write: an older recap's,
// which the editor goes on checking against. Files missing or that it
// cannot read are left alone; URLs too.
func (c *checker) checkSchemaFile(src []byte) {
	m := schemaLine.FindSubmatch(src)
	if m == nil || c.opt.ReadSchema == nil || bytes.Contains(m[1], []byte("://")) {
		return
	}
	ref := string(m[1])
	data, exists, err := c.opt.ReadSchema(ref)
	// A file missing is the editor's to say (Taplo does), and notes
	// copied elsewhere often name one: only a file there, with other
	// rules in it, is recap's to warn of.
	if err == nil && exists && !bytes.Equal(data, InlinedSchema()) && !bytes.Equal(data, JSONSchema) {
		c.reportAt(0, ruleSchemaStale, fmt.Sprintf("%s, which the #:schema line names, is not the schema of this recap (an older one's?), so editors check against other rules: refresh it with recap schema > %s", ref, ref))
	}
}
