package render

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/schema"
)

// A formatKey is a key of the notes format, as the JSON Schema declares
// it.
type formatKey struct {
	private bool // its description, or an enclosing table's, says "Private"
	text    bool // free text (#/definitions/text), which the agreement prints as written
}

// formatKeys walks the JSON Schema for every key that holds a value (not a
// table), by path: "/party[]/person[]/email".
func formatKeys(t *testing.T) map[string]formatKey {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(schema.JSONSchema, &root); err != nil {
		t.Fatal(err)
	}
	defs, _ := root["definitions"].(map[string]any)
	resolve := func(node map[string]any) map[string]any {
		for {
			ref, ok := node["$ref"].(string)
			if !ok {
				return node
			}
			def, _ := defs[strings.TrimPrefix(ref, "#/definitions/")].(map[string]any)
			merged := map[string]any{}
			for k, v := range def {
				merged[k] = v
			}
			for k, v := range node {
				if k != "$ref" {
					merged[k] = v
				}
			}
			node = merged
		}
	}
	keys := map[string]formatKey{}
	var walk func(node map[string]any, path string, private bool)
	walk = func(node map[string]any, path string, private bool) {
		props, _ := node["properties"].(map[string]any)
		for name, p := range props {
			raw, _ := p.(map[string]any)
			r := resolve(raw)
			desc, _ := r["description"].(string)
			priv := private || strings.HasPrefix(desc, "Private")
			at := path + "/" + name
			if _, ok := r["properties"]; ok {
				walk(r, at, priv)
				continue
			}
			if items, ok := r["items"].(map[string]any); ok {
				if ri := resolve(items); ri["properties"] != nil {
					walk(ri, at+"[]", priv)
					continue
				}
			}
			keys[at] = formatKey{private: priv, text: raw["$ref"] == "#/definitions/text"}
		}
	}
	walk(root, "", false)
	return keys
}

// valuePaths lists the paths of the values a decoded notes file sets, in
// the form of formatKeys.
func valuePaths(m map[string]any, path string, out map[string]bool) {
	for k, v := range m {
		at := path + "/" + k
		switch v := v.(type) {
		case map[string]any:
			valuePaths(v, at, out)
		case []map[string]any:
			for _, e := range v {
				valuePaths(e, at+"[]", out)
			}
		case []any:
			tables := false
			for _, e := range v {
				if e, ok := e.(map[string]any); ok {
					tables = true
					valuePaths(e, at+"[]", out)
				}
			}
			if !tables {
				out[at] = true
			}
		default:
			out[at] = true
		}
	}
}

// firstHolder returns the first table, in file order, that holds the
// value at path.
func firstHolder(m map[string]any, path string) map[string]any {
	seg, rest, more := strings.Cut(strings.TrimPrefix(path, "/"), "/")
	if !more {
		if _, ok := m[seg]; ok {
			return m
		}
		return nil
	}
	var elems []map[string]any
	switch v := m[strings.TrimSuffix(seg, "[]")].(type) {
	case map[string]any:
		elems = []map[string]any{v}
	case []map[string]any:
		elems = v
	case []any:
		for _, e := range v {
			if e, ok := e.(map[string]any); ok {
				elems = append(elems, e)
			}
		}
	}
	for _, e := range elems {
		if h := firstHolder(e, "/"+rest); h != nil {
			return h
		}
	}
	return nil
}

// changeOf changes the value named key of a table in a way the notes stay
// valid: the defaults by type, and for the keys whose values refer to
// others or come from a list, a valid change by hand. A key added to the
// format whose default change makes the notes invalid fails
// TestEveryKey until it has one here.
var changeOf = map[string]func(table map[string]any){
	"/status": func(m map[string]any) { m["status"] = "draft"; delete(m, "signed") }, // a draft is not signed
	"/binding": func(m map[string]any) { // binding, with nothing open
		m["binding"] = schema.Binding
		for _, o := range m["open"].([]map[string]any) {
			o["private"] = true
		}
	},
	"/action[]/kind":               func(m map[string]any) { m["kind"] = schema.Claim },
	"/third_party[]/acts_for":      func(m map[string]any) { m["acts_for"] = "northwind" },
	"/round[]/with":                func(m map[string]any) { m["with"] = []any{} },
	"/limits/authority_max_age":    func(m map[string]any) { m["authority_max_age"] = "400d" },
	"/party[]/person[]/reports_to": func(m map[string]any) { delete(m, "reports_to") },
	"/currency":                    func(m map[string]any) { m["currency"] = "USD" },
	"/lang":                        func(m map[string]any) { m["lang"] = "de" },
	"/limits/max_step":             func(m map[string]any) { m["max_step"] = 0.3 },
	"/item[]/owner":                func(m map[string]any) { m["owner"] = "li" },
	"/open[]/owner":                func(m map[string]any) { m["owner"] = "li" },
	"/action[]/owner":              func(m map[string]any) { m["owner"] = "eva" },
	"/action[]/if":                 func(m map[string]any) { m["if"] = "po" },
	"/action[]/within":             func(m map[string]any) { m["within"] = "15d" },
	"/action[]/for":                func(m map[string]any) { delete(m, "for") }, // with two parties, `for` may go
	"/party[]/person[]/authority/confirmed_by": func(m map[string]any) { m["confirmed_by"] = "registry" },
	"/round[]/gave[]/item":                     func(m map[string]any) { m["item"] = "scope" },
	"/round[]/got[]/item":                      func(m map[string]any) { m["item"] = "scope" },
}

// unchangeable are keys no change of which leaves the notes valid, with
// why; each is checked some other way.
var unchangeable = map[string]string{
	"/party[]/us": "which party is ours decides whose actions wait for whose, so moving it breaks the method's rules; schema.Shared copies it, and the agreement's parties are checked by the render goldens",
}

func defaultChange(m map[string]any, key string, k formatKey) {
	switch v := m[key].(type) {
	case string:
		if key == "rule" { // of an accept entry
			m[key] = "growing-step"
			break
		}
		if k.text {
			m[key] = v + " (changed)"
		} else {
			m[key] = v + "x"
		}
	case time.Time:
		m[key] = v.AddDate(0, 0, 1)
	case int64:
		m[key] = v + 1
	case float64:
		m[key] = v + 1
	case bool:
		m[key] = !v
	case []any:
		if key == "accept" || key == "rule" {
			m[key] = []any{"growing-step"}
		} else {
			m[key] = append(slices.Clone(v), "another")
		}
	}
}

// TestEveryKey makes sure no key of the format can be added without being
// wired through: for each key testdata/every-key.toml sets (which must be
// every key of the JSON Schema), it changes the value and checks that
//   - a private key changes nothing of the shared notes, the agreement's
//     only source, while any other key changes them;
//   - the change of a shared key shows in `recap diff` and in the
//     agreement's "Changes since";
//   - a shared free text is searched for e-signature tags.
func TestEveryKey(t *testing.T) {
	src, err := os.ReadFile("testdata/every-key.toml")
	if err != nil {
		t.Fatal(err)
	}
	decode := func() map[string]any {
		var m map[string]any
		if _, err := toml.Decode(string(src), &m); err != nil {
			t.Fatal(err)
		}
		return m
	}
	encode := func(m map[string]any) []byte {
		var b bytes.Buffer
		if err := toml.NewEncoder(&b).Encode(m); err != nil {
			t.Fatal(err)
		}
		return b.Bytes()
	}
	load := func(src []byte) (*schema.Notes, schema.List) {
		return schema.LoadWith("every-key.toml", src, LoadOptions(testFonts))
	}
	keys := formatKeys(t)
	set := map[string]bool{}
	valuePaths(decode(), "", set)
	for _, path := range slices.Sorted(func(yield func(string) bool) {
		for p := range keys {
			if !yield(p) {
				return
			}
		}
	}) {
		if !set[path] {
			t.Errorf("%s: a key of the format that testdata/every-key.toml does not set: set it in the first entry of its table", path)
		}
	}
	old, diags := load(encode(decode()))
	if diags.Errors() > 0 {
		t.Fatalf("testdata/every-key.toml has errors: %v", diags)
	}
	for path, k := range keys {
		if why, ok := unchangeable[path]; ok {
			t.Logf("%s: not changed: %s", path, why)
			continue
		}
		t.Run(path, func(t *testing.T) {
			doc := decode()
			table := firstHolder(doc, path)
			if table == nil {
				t.Fatalf("no table of testdata/every-key.toml sets %s", path)
			}
			name := path[strings.LastIndexByte(path, '/')+1:]
			if change, ok := changeOf[path]; ok {
				change(table)
			} else {
				defaultChange(table, name, k)
			}
			changed, diags := load(encode(doc))
			if diags.Errors() > 0 {
				t.Fatalf("changed as %v, the notes have errors: %v; give %s a valid change in changeOf", table[name], errorsOf(diags), path)
			}
			sameShared := bytes.Equal(schema.SharedNotes(old), schema.SharedNotes(changed))
			switch {
			case k.private && name != "private":
				if !sameShared {
					t.Errorf("private, but changing it changes the shared notes: leave it out of schema.Shared")
				}
				return
			case sameShared:
				t.Errorf("not private, but changing it does not change the shared notes: copy it in schema.Shared and schema.Encode, or mark it \"Private:\" in the schema")
			}
			if len(changes.Between(old, changed)) == 0 {
				t.Errorf("changing it shows nothing in recap diff: add it to package changes")
			}
			if len(changes.Between(schema.Shared(old), schema.Shared(changed))) == 0 {
				t.Errorf("changing it shows nothing in the agreement's \"Changes since\": add it to package changes")
			}
			if !k.text {
				return
			}
			doc = decode()
			firstHolder(doc, path)[name] = "see [sig|req|signer1] here"
			tagged, diags := load(encode(doc))
			if diags.Errors() > 0 {
				t.Fatalf("with an e-signature tag, the notes have errors: %v", errorsOf(diags))
			}
			err := esignChecks(tagged, Dropbox)
			if err == nil || !strings.Contains(err.Error(), fmt.Sprintf("`%s` contains", name)) {
				t.Errorf("an e-signature tag in it is not found (%v): add it to schema.Notes.Texts", err)
			}
		})
	}
}

func errorsOf(l schema.List) schema.List {
	return slices.DeleteFunc(slices.Clone(l), func(d schema.Diagnostic) bool { return d.Severity != schema.Error })
}
