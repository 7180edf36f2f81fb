package schema

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/BurntSushi/toml"
	gold "github.com/recaptool/recap/internal/golden"
)

// TestInlinedSchema: the schema recap schema writes has no $ref left, a
// description for every property, and judges every notes file of the
// tests as the embedded schema does, finding for finding.
func TestInlinedSchema(t *testing.T) {
	in := InlinedSchema()
	if bytes.Contains(in, []byte(`"$ref"`)) || bytes.Contains(in, []byte(`"definitions"`)) {
		t.Fatal("references left in the inlined schema")
	}
	var root map[string]any
	if err := json.Unmarshal(in, &root); err != nil {
		t.Fatal(err)
	}
	var missing []string
	var walk func(path string, n map[string]any)
	walk = func(path string, n map[string]any) {
		props, _ := n["properties"].(map[string]any)
		for k, v := range props {
			p, _ := v.(map[string]any)
			if d, _ := p["description"].(string); d == "" {
				missing = append(missing, path+"/"+k)
			}
			walk(path+"/"+k, p)
		}
		if items, ok := n["items"].(map[string]any); ok {
			walk(path+"/#", items)
		}
	}
	walk("", root)
	if len(missing) > 0 {
		slices.Sort(missing)
		t.Errorf("properties without a description, which Taplo's hover would show empty: %s", strings.Join(missing, ", "))
	}
	embedded, inlined := library(t), compileSchema(t, in)
	n := 0
	for _, src := range gold.NotesCorpus(t, "..") {
		var raw map[string]any
		if _, err := toml.Decode(string(src), &raw); err != nil {
			continue
		}
		n++
		a, b := libraryFinds(embedded, raw), libraryFinds(inlined, raw)
		if !slices.Equal(a, b) {
			t.Errorf("the schemas disagree:\nembedded %v\ninlined  %v\non\n%s", a, b, src)
		}
	}
	if n < 20 {
		t.Fatalf("only %d notes files compared", n)
	}
}

// loadSchemaStale loads valid notes whose #:schema line names a file that
// holds schema, or none ("").
func loadSchemaStale(schema string) List {
	src, err := os.ReadFile("../examples/supply.toml")
	if err != nil {
		panic(err)
	}
	src = bytes.Replace(src, []byte("#:schema ../schema/recap.schema.json"), []byte("#:schema ./recap.schema.json"), 1)
	_, diags := LoadWith("notes.toml", src, Options{ReadSchema: func(ref string) ([]byte, bool, error) {
		if ref != "./recap.schema.json" {
			return nil, false, fmt.Errorf("asked for %q", ref)
		}
		return []byte(schema), schema != "", nil
	}})
	return diags
}

// TestSchemaStale: a schema file that is not this recap's is a warning at
// the #:schema line; this recap's, inlined or not, or none, is not.
func TestSchemaStale(t *testing.T) {
	for _, tt := range []struct {
		name, schema, want string
	}{
		{"missing: the editor's to say", "", ""},
		{"an older recap's", `{"type": "object"}`, "is not the schema of this recap"},
		{"recap schema's", string(InlinedSchema()), ""},
		{"the embedded one", string(JSONSchema), ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			diags := loadSchemaStale(tt.schema)
			var got []string
			for _, d := range diags {
				if d.Rule == "schema-stale" {
					got = append(got, d.String())
				}
			}
			switch {
			case tt.want == "" && len(got) > 0:
				t.Errorf("warned: %v", got)
			case tt.want != "" && (len(got) != 1 || !strings.Contains(got[0], tt.want) || !strings.HasPrefix(got[0], "notes.toml:1:1: warning:")):
				t.Errorf("got %v, want one warning at 1:1 saying %q", got, tt.want)
			}
		})
	}
}
