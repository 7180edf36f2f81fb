package pdftest

import (
	"encoding/base64"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// Objects is a PDF's objects as qpdf reads them (qpdf --json, version 2):
// dictionaries as maps with keys such as "/Type", references as "N 0 R",
// names as "/Name", text strings as "u:text", streams' data decoded.
type Objects struct {
	objs    map[string]json.RawMessage
	Trailer map[string]any
}

// Read reads every object of the document with qpdf.
func Read(t testing.TB, pdf []byte) *Objects {
	t.Helper()
	out := Tool(t, pdf, "qpdf", "--json", "--json-key=qpdf", "--json-stream-data=inline", "--decode-level=generalized", "PDF")
	var doc struct {
		QPDF [2]map[string]json.RawMessage `json:"qpdf"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("qpdf --json: %v", err)
	}
	o := &Objects{objs: doc.QPDF[1]}
	var tr struct{ Value map[string]any }
	if err := json.Unmarshal(o.objs["trailer"], &tr); err != nil {
		t.Fatalf("qpdf --json: trailer: %v", err)
	}
	o.Trailer = tr.Value
	return o
}

type object struct {
	Value  any
	Stream *struct {
		Dict map[string]any
		Data string
	}
}

func (o *Objects) object(ref any) object {
	var v object
	s, _ := ref.(string)
	json.Unmarshal(o.objs["obj:"+s], &v)
	return v
}

// Dict returns the dictionary ref names (a stream's dictionary for a
// stream); a dictionary given directly comes back as it is.
func (o *Objects) Dict(ref any) map[string]any {
	if d, ok := ref.(map[string]any); ok {
		return d
	}
	v := o.object(ref)
	if v.Stream != nil {
		return v.Stream.Dict
	}
	d, _ := v.Value.(map[string]any)
	return d
}

// Value returns the object ref names, whatever it is.
func (o *Objects) Value(ref any) any {
	if s, ok := ref.(string); ok && strings.HasSuffix(s, " R") {
		return o.object(ref).Value
	}
	return ref
}

// Data returns a stream's data, decoded.
func (o *Objects) Data(ref any) []byte {
	v := o.object(ref)
	if v.Stream == nil {
		return nil
	}
	b, _ := base64.StdEncoding.DecodeString(v.Stream.Data)
	return b
}

// Catalog returns the document catalog.
func (o *Objects) Catalog() map[string]any { return o.Dict(o.Trailer["/Root"]) }

// Pages returns the page objects' references in order.
func (o *Objects) Pages() []string {
	var out []string
	var walk func(ref any)
	walk = func(ref any) {
		d := o.Dict(ref)
		if d["/Type"] == "/Page" {
			out = append(out, ref.(string))
			return
		}
		for _, k := range Array(d["/Kids"]) {
			walk(k)
		}
	}
	walk(o.Catalog()["/Pages"])
	return out
}

// Array returns v as an array, or a one-element array of it.
func Array(v any) []any {
	if a, ok := v.([]any); ok {
		return a
	}
	if v == nil {
		return nil
	}
	return []any{v}
}

// Elem is an element of the structure tree.
type Elem struct {
	Role  string
	Attrs map[string]any
	Kids  []*Elem
	// Content is the marked content the element holds: its MCIDs, by
	// the page's index from 0.
	Content map[int][]int
	// Annots are the annotations it holds (OBJR), by reference.
	Annots []string
	Ref    string
}

// StructTree reads the structure tree: the root's kids.
func (o *Objects) StructTree() []*Elem {
	pageIndex := map[string]int{}
	for i, p := range o.Pages() {
		pageIndex[p] = i
	}
	root := o.Dict(o.Catalog()["/StructTreeRoot"])
	var read func(ref any, page string) *Elem
	read = func(ref any, page string) *Elem {
		d := o.Dict(ref)
		s, _ := ref.(string)
		e := &Elem{Role: strings.TrimPrefix(d["/S"].(string), "/"), Content: map[int][]int{}, Ref: s}
		e.Attrs, _ = d["/A"].(map[string]any)
		if pg, ok := d["/Pg"].(string); ok {
			page = pg
		}
		for _, k := range Array(d["/K"]) {
			switch k := k.(type) {
			case float64:
				e.Content[pageIndex[page]] = append(e.Content[pageIndex[page]], int(k))
			case map[string]any:
				pg, _ := k["/Pg"].(string)
				if pg == "" {
					pg = page
				}
				switch k["/Type"] {
				case "/MCR":
					e.Content[pageIndex[pg]] = append(e.Content[pageIndex[pg]], int(k["/MCID"].(float64)))
				case "/OBJR":
					e.Annots = append(e.Annots, k["/Obj"].(string))
				}
			case string:
				e.Kids = append(e.Kids, read(k, page))
			}
		}
		return e
	}
	var out []*Elem
	for _, k := range Array(root["/K"]) {
		out = append(out, read(k, ""))
	}
	return out
}

// Walk calls f for e and every element under it, in order.
func (e *Elem) Walk(f func(*Elem)) {
	f(e)
	for _, k := range e.Kids {
		k.Walk(f)
	}
}

// ParentTree reads the structure tree's parent tree: by key, the
// elements (by reference) of each MCID of a page, or the one element of
// an annotation.
func (o *Objects) ParentTree() map[int][]string {
	out := map[int][]string{}
	var walk func(ref any)
	walk = func(ref any) {
		d := o.Dict(ref)
		nums := Array(d["/Nums"])
		for i := 0; i+1 < len(nums); i += 2 {
			key := int(nums[i].(float64))
			for _, v := range Array(nums[i+1]) { // an array of elements, or one
				s, _ := v.(string)
				out[key] = append(out[key], s)
			}
		}
		for _, k := range Array(d["/Kids"]) {
			walk(k)
		}
	}
	walk(o.Dict(o.Catalog()["/StructTreeRoot"])["/ParentTree"])
	return out
}

// Roles lists the roles of the elements under es, in order, with those
// of roles skip left out (but not their kids).
func Roles(es []*Elem, skip ...string) []string {
	var out []string
	for _, e := range es {
		e.Walk(func(e *Elem) {
			if !slices.Contains(skip, e.Role) {
				out = append(out, e.Role)
			}
		})
	}
	return out
}

// Object returns object n as qpdf writes it: its dictionary or value in
// PDF syntax, wherever it is stored (an object stream included).
func Object(t testing.TB, pdf []byte, n int) string {
	t.Helper()
	return strings.TrimSpace(Tool(t, pdf, "qpdf", "--show-object="+strconv.Itoa(n), "PDF"))
}
