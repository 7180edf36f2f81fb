package schema

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/BurntSushi/toml"
	gold "github.com/recaptool/recap/internal/golden"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/santhosh-tekuri/jsonschema/v6/kind"
)

// The interpreter of the JSON Schema (validate.go) must agree with a full
// implementation, santhosh-tekuri/jsonschema, on every document: these
// tests compare what each finds, keyword by keyword.

func library(t testing.TB) *jsonschema.Schema { return compileSchema(t, JSONSchema) }

// compileSchema compiles a schema with the library.
func compileSchema(t testing.TB, text []byte) *jsonschema.Schema {
	t.Helper()
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(text))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft7)
	c.AssertFormat()
	const url = "https://github.com/recaptool/recap/schema/recap.schema.json"
	if err := c.AddResource(url, doc); err != nil {
		t.Fatal(err)
	}
	s, err := c.Compile(url)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// libraryFinds returns what the library finds in a decoded document, one
// line per failing keyword.
func libraryFinds(s *jsonschema.Schema, raw map[string]any) []string {
	var ve *jsonschema.ValidationError
	if err := s.Validate(toJSON(raw)); !errors.As(err, &ve) {
		return nil
	}
	var out []string
	var leaves func(e *jsonschema.ValidationError)
	leaves = func(e *jsonschema.ValidationError) {
		if len(e.Causes) > 0 {
			for _, c := range e.Causes {
				leaves(c)
			}
			return
		}
		loc := joinPath(e.InstanceLocation)
		switch k := e.ErrorKind.(type) {
		case *kind.AdditionalProperties:
			out = append(out, finding(loc, "additionalProperties", sorted(k.Properties)))
		case *kind.Required:
			out = append(out, finding(loc, "required", k.Missing))
		case *kind.Type:
			out = append(out, finding(loc, "type", k.Want, k.Got))
		case *kind.MinLength:
			out = append(out, finding(loc, "minLength"))
		case *kind.Pattern:
			out = append(out, finding(loc, "pattern"))
		case *kind.Enum:
			out = append(out, finding(loc, "enum", k.Got))
		case *kind.Minimum:
			out = append(out, finding(loc, "minimum", k.Want.RatString(), k.Got.RatString()))
		case *kind.Maximum:
			out = append(out, finding(loc, "maximum", k.Want.RatString(), k.Got.RatString()))
		case *kind.MinItems:
			out = append(out, finding(loc, "minItems", k.Got, k.Want))
		case *kind.Format:
			out = append(out, finding(loc, "format", k.Got))
		default:
			out = append(out, finding(loc, fmt.Sprintf("%T", k)))
		}
	}
	leaves(ve)
	slices.Sort(out)
	return out
}

// ourFinds returns what the interpreter finds, in the same form.
func ourFinds(t testing.TB, raw map[string]any) []string {
	s, err := loadSchema()
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, v := range s.validate(raw) {
		loc := joinPath(v.loc)
		switch v.keyword {
		case "additionalProperties", "required":
			out = append(out, finding(loc, v.keyword, v.names))
		case "type":
			out = append(out, finding(loc, v.keyword, v.names, v.got))
		case "enum", "format":
			out = append(out, finding(loc, v.keyword, v.got))
		case "minimum", "maximum":
			out = append(out, finding(loc, v.keyword, v.limit.RatString(), v.value.RatString()))
		case "minItems":
			out = append(out, finding(loc, v.keyword, v.count, v.min))
		default:
			out = append(out, finding(loc, v.keyword))
		}
	}
	slices.Sort(out)
	return out
}

func finding(loc, keyword string, details ...any) string {
	return strings.TrimSpace(fmt.Sprintf("%s %s %v", loc, keyword, details))
}

func sorted(s []string) []string { return slices.Sorted(slices.Values(s)) }

// agree decodes src and fails the test where the two disagree. Documents
// with numbers JSON cannot hold (NaN, infinities) are not compared: the
// library never sees such values.
func agree(t testing.TB, s *jsonschema.Schema, src []byte) bool {
	t.Helper()
	var raw map[string]any
	if _, err := toml.Decode(string(src), &raw); err != nil || !finite(raw) {
		return false
	}
	lib, ours := libraryFinds(s, raw), ourFinds(t, raw)
	if !slices.Equal(lib, ours) {
		t.Fatalf("the library finds\n%s\nthe interpreter\n%s\nin\n%s", strings.Join(lib, "\n"), strings.Join(ours, "\n"), src)
	}
	return true
}

func TestSchemaAgreesWithLibrary(t *testing.T) {
	s := library(t)
	files := gold.NotesCorpus(t, "..")
	compared := 0
	for _, src := range files {
		if agree(t, s, src) {
			compared++
		}
	}
	if compared < len(files)/2 {
		t.Errorf("compared %d of %d files", compared, len(files))
	}
}

// FuzzSchemaAgrees compares the interpreter with the library on any notes.
func FuzzSchemaAgrees(f *testing.F) {
	for _, src := range gold.NotesCorpus(f, "..") {
		f.Add(src)
	}
	for _, s := range []string{"revision = 2.0\n", "revision = 1e308\n", "status = 3\n", "party = [1, 'x']\n", "date = 2026-13-01T00:00:00\n", "title = ''\nplace = ' '\n", "[next]\ndate = 10:00:00\n"} {
		f.Add([]byte(s))
	}
	s := library(f)
	f.Fuzz(func(t *testing.T, src []byte) {
		if tooDeep(src) < 0 {
			agree(t, s, src)
		}
	})
}

// toJSON converts a decoded TOML value to the JSON data model the library
// expects, dates as text.
func toJSON(v any) any {
	switch v := v.(type) {
	case map[string]any:
		m := make(map[string]any, len(v))
		for k, x := range v {
			m[k] = toJSON(x)
		}
		return m
	case []map[string]any, []any:
		items := elements(v)
		a := make([]any, len(items))
		for i, x := range items {
			a[i] = toJSON(x)
		}
		return a
	case int64:
		return json.Number(strconv.FormatInt(v, 10))
	case float64:
		return json.Number(strconv.FormatFloat(v, 'g', -1, 64))
	case time.Time:
		return tomlTime(v)
	}
	return v
}

func finite(v any) bool {
	switch v := v.(type) {
	case float64:
		return !math.IsNaN(v) && !math.IsInf(v, 0)
	case map[string]any:
		for _, x := range v {
			if !finite(x) {
				return false
			}
		}
	case []map[string]any, []any:
		for _, x := range elements(v) {
			if !finite(x) {
				return false
			}
		}
	}
	return true
}
