package lsp

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/creachadair/jrpc2"
	"github.com/creachadair/jrpc2/channel"
	"github.com/recaptool/recap/schema"
)

// pipeClient serves a client over pipes, in this process.
func pipeClient(t testing.TB, diags chan<- PublishDiagnosticsParams) (*jrpc2.Client, chan error) {
	cr, sw := io.Pipe()
	sr, cw := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- Serve(context.Background(), sr, sw, Options{Check: func(name string, src []byte) schema.List {
			_, d := schema.Load(name, src)
			return d
		}})
	}()
	c := jrpc2.NewClient(channel.LSP(cr, cw), &jrpc2.ClientOptions{OnNotify: func(req *jrpc2.Request) {
		var p PublishDiagnosticsParams
		if req.UnmarshalParams(&p) == nil {
			diags <- p
		}
	}})
	return c, done
}

func TestServeOpen(t *testing.T) {
	diags := make(chan PublishDiagnosticsParams, 10)
	c, _ := pipeClient(t, diags)
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	var init InitializeResult
	if err := c.CallResult(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}, &init); err != nil {
		t.Fatal(err)
	}
	if err := c.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///x.toml", "version": 1, "text": "title = 1\n[[party]]\n"}}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-diags:
		if len(p.Diagnostics) == 0 {
			t.Errorf("no diagnostics for title = 1: %+v", p)
		}
	case <-ctx.Done():
		t.Fatal("no diagnostics")
	}
}

// session opens a document in a server of this process and returns a
// caller of its methods.
func session(t *testing.T, text string) (call func(method string, params, result any), diags []Diagnostic) {
	call, _, diags = sessionTry(t, text)
	return call, diags
}

// sessionTry is session, with a caller that returns the method's error.
func sessionTry(t *testing.T, text string) (call func(method string, params, result any), try func(method string, params any) error, diags []Diagnostic) {
	ch := make(chan PublishDiagnosticsParams, 10)
	c, _ := pipeClient(t, ch)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	t.Cleanup(cancel)
	call = func(method string, params, result any) {
		t.Helper()
		if err := c.CallResult(ctx, method, params, result); err != nil {
			t.Fatalf("%s: %v", method, err)
		}
	}
	try = func(method string, params any) error {
		_, err := c.Call(ctx, method, params)
		return err
	}
	call("initialize", map[string]any{"capabilities": map[string]any{}}, new(InitializeResult))
	if err := c.Notify(ctx, "textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml", "version": 1, "text": text}}); err != nil {
		t.Fatal(err)
	}
	select {
	case p := <-ch:
		return call, try, p.Diagnostics
	case <-ctx.Done():
		t.Fatal("no diagnostics")
	}
	return nil, nil, nil
}

const small = `title = "Ünïcödé 𝄞 deal"
date = 2026-11-24

[[party]]
id = "us"
name = "Northwind"
us = true
  [[party.person]]
  id = "ana"
  name = "Ana 𝄞 Souza"
  signs = true

[[party]]
id = "them"
name = "Contoso"
  [[party.person]]
  id = "dmitri"
  name = "Дмитрий"
  signs = true
  authority = { confirmed_by = "eva", on = 2026-11-05 }
  [[party.person]]
  id = "eva"
  name = "Eva"

[[item]]
id = "price"
topic = "Price"
text = "12.40"
ownr = "ana"
`

// TestOtherTOML: the server is set up for every TOML file an editor
// opens; one that is not notes (a Cargo.toml) gets no diagnostics and no
// features, and a notes file keeps its diagnostics while a header is being
// retyped. What marks notes is told apart from look-alikes.
func TestOtherTOML(t *testing.T) {
	const cargo = "[package]\nname = \"demo\"\nversion = \"0.1.0\"\n\n[dependencies]\nserde = \"1\"\n"
	call, try, diags := sessionTry(t, cargo)
	if len(diags) != 0 {
		t.Errorf("diagnostics on a Cargo.toml: %+v", diags)
	}
	at := map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "position": map[string]any{"line": 1, "character": 1}}
	var list CompletionList
	call("textDocument/completion", at, &list)
	var hover *Hover
	call("textDocument/hover", at, &hover)
	var defs []Location
	call("textDocument/definition", at, &defs)
	if len(list.Items) != 0 || hover != nil || len(defs) != 0 {
		t.Errorf("features on a Cargo.toml: %d completions, hover %v, %d definitions", len(list.Items), hover, len(defs))
	}
	if err := try("textDocument/rename", map[string]any{"textDocument": at["textDocument"], "position": at["position"], "newName": "x"}); err == nil || !strings.Contains(err.Error(), "not an open notes file") {
		t.Errorf("rename in a Cargo.toml: %v", err)
	}

	// Once notes, notes until closed.
	ch := make(chan PublishDiagnosticsParams, 10)
	c, _ := pipeClient(t, ch)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if _, err := c.Call(ctx, "initialize", map[string]any{"capabilities": map[string]any{}}); err != nil {
		t.Fatal(err)
	}
	send := func(method string, version int, text string) []Diagnostic {
		t.Helper()
		doc := map[string]any{"uri": "file:///d.toml", "version": version}
		params := map[string]any{"textDocument": doc, "contentChanges": []any{map[string]any{"text": text}}}
		if method == "textDocument/didOpen" {
			doc["text"] = text
			params = map[string]any{"textDocument": doc}
		}
		if err := c.Notify(ctx, method, params); err != nil {
			t.Fatal(err)
		}
		select {
		case p := <-ch:
			return p.Diagnostics
		case <-ctx.Done():
			t.Fatal("no diagnostics")
		}
		return nil
	}
	if d := send("textDocument/didOpen", 1, small); len(d) == 0 {
		t.Fatal("no diagnostics on notes")
	}
	if d := send("textDocument/didChange", 2, strings.ReplaceAll(small, "[[party]]", "[[part]]")); len(d) == 0 {
		t.Error("a notes file lost its diagnostics while a header was retyped")
	}

	for _, tt := range []struct {
		name  string
		src   string
		notes bool
	}{
		{"party header", "[[party]]\nid = \"a\"\n", true},
		{"action header, spaced", "  [[ action ]]\n", true},
		{"inline parties", "party = [{ id = \"a\" }]\n", true},
		{"schema line", "#:schema ./recap.schema.json\ntitle = \"x\"\n", true},
		{"schema line, another folder", "#:schema ../schemas/recap-v3.json\n", true},
		{"Cargo.toml", cargo, false},
		{"pyproject", "[project]\nname = \"x\"\n[[project.authors]]\nname = \"A\"\n", false},
		{"a party table of another tool", "[[parties]]\nname = \"x\"\n", false},
		{"party in a string", "note = \"\"\"\n[[party]] is how\"\"\"\n", true}, // a line of a multi-line string counts: the cost of not parsing text that may not parse
		{"another schema", "#:schema https://json.schemastore.org/cargo.json\n", false},
		{"empty", "", false},
	} {
		if got := looksLikeNotes([]byte(tt.src)); got != tt.notes {
			t.Errorf("%s: looksLikeNotes = %v, want %v", tt.name, got, tt.notes)
		}
	}
}

// TestQuickFixKey: a misspelt key's "did you mean" fixes the key, at
// positions counted in UTF-16 after text outside the Basic Multilingual
// Plane.
func TestQuickFixKey(t *testing.T) {
	call, diags := session(t, small)
	var fix []CodeAction
	for _, d := range diags {
		if d.Code == "unknown-key" {
			call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "range": d.Range, "context": map[string]any{"diagnostics": []Diagnostic{d}}}, &fix)
		}
	}
	if len(fix) != 1 {
		t.Fatalf("fixes %+v of %+v", fix, diags)
	}
	e := fix[0].Edit.Changes["file:///n.toml"][0]
	line := slices.Index(strings.Split(small, "\n"), `ownr = "ana"`)
	if e.NewText != "owner" || e.Range.Start != (Position{line, 0}) || e.Range.End != (Position{line, 4}) {
		t.Errorf("fix %+v", e)
	}
}

// TestQuickFixConfirmedBy: the first edition's free-text confirmed_by
// gets a quick fix that writes the id the message names.
func TestQuickFixConfirmedBy(t *testing.T) {
	src := strings.Replace(small, `confirmed_by = "eva"`, `confirmed_by = "Eva, CFO"`, 1)
	call, diags := session(t, src)
	var fixes []CodeAction
	for _, d := range diags {
		if strings.Contains(d.Message, `write confirmed_by = "eva"`) {
			call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "range": d.Range, "context": map[string]any{"diagnostics": []Diagnostic{d}}}, &fixes)
		}
	}
	if len(fixes) != 1 || len(fixes[0].Edit.Changes["file:///n.toml"]) != 1 {
		t.Fatalf("fixes %+v of %+v", fixes, diags)
	}
	e := fixes[0].Edit.Changes["file:///n.toml"][0]
	tx := newText([]byte(src), false)
	if got := src[:tx.offset(e.Range.Start)] + e.NewText + src[tx.offset(e.Range.End):]; !strings.Contains(got, `confirmed_by = "eva"`) {
		t.Errorf("fixed: %s", got)
	}
}

// TestQuickFixMoveKey: a key of an outer table written after a header is
// moved, by its quick fix, where it belongs (above the file's first header,
// or among its party's keys, above its first person), and the notes then
// check without the error.
func TestQuickFixMoveKey(t *testing.T) {
	src := strings.Replace(small, "  signs = true\n\n[[party]]\nid = \"them\"", "  signs = true\n  short = \"North\"\n\n[[party]]\nid = \"them\"", 1)
	src = strings.Replace(src, `ownr = "ana"`, `owner = "ana"`, 1) + "\n[next]\ndate = 2026-12-01\nstatus = \"draft\"   # set at the end\n"
	call, diags := session(t, src)
	apply := func(src string, edits []TextEdit) string {
		tx := newText([]byte(src), false)
		slices.SortFunc(edits, func(a, b TextEdit) int { return tx.offset(b.Range.Start) - tx.offset(a.Range.Start) })
		for _, e := range edits {
			src = src[:tx.offset(e.Range.Start)] + e.NewText + src[tx.offset(e.Range.End):]
		}
		return src
	}
	want := map[string]string{"status": "Move `status` above the file's first header", "short": "Move `short` into its [[party]]"}
	for _, d := range diags {
		if d.Code != "unknown-key" {
			continue
		}
		var fix []CodeAction
		call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "range": d.Range, "context": map[string]any{"diagnostics": []Diagnostic{d}}}, &fix)
		if len(fix) != 1 {
			t.Fatalf("fixes %+v of %s", fix, d.Message)
		}
		key := strings.Split(d.Message, "`")[1]
		if fix[0].Title != want[key] {
			t.Errorf("title %q, want %q", fix[0].Title, want[key])
		}
		delete(want, key)
		fixed := apply(src, fix[0].Edit.Changes["file:///n.toml"])
		_, after := schema.Load("n.toml", []byte(fixed))
		for _, g := range after {
			if g.Rule == "unknown-key" && strings.Contains(g.Message, "`"+key+"`") {
				t.Errorf("after moving %s: %v\n%s", key, g, fixed)
			}
		}
		moved := map[string]string{
			"status": "date = 2026-11-24\n\nstatus = \"draft\"   # set at the end\n[[party]]\n",
			"short":  "us = true\nshort = \"North\"\n  [[party.person]]\n",
		}[key]
		if !strings.Contains(fixed, moved) || strings.Count(fixed, key+" = ") != 1 {
			t.Errorf("after moving %s, no %q once in:\n%s", key, moved, fixed)
		}
	}
	if len(want) != 0 {
		t.Errorf("no diagnostic for %v", want)
	}
}

// TestPositions: a position after a character outside the BMP counts two
// UTF-16 units for it, as the protocol does, or its bytes in UTF-8 mode.
func TestPositions(t *testing.T) {
	src := []byte("a = \"𝄞x\"\n")
	for _, tt := range []struct {
		utf8 bool
		want int
	}{{false, 7}, {true, 9}} {
		tx := newText(src, tt.utf8)
		off := strings.Index(string(src), "x")
		if p := tx.position(off); p.Character != tt.want {
			t.Errorf("utf8 %v: character %d, want %d", tt.utf8, p.Character, tt.want)
		}
		if got := tx.offset(tx.position(off)); got != off {
			t.Errorf("utf8 %v: offset %d back, want %d", tt.utf8, got, off)
		}
	}
}

// TestRenameAndComplete: a rename to an id taken is refused; a
// confirmation in an inline table completes people.
func TestRenameAndComplete(t *testing.T) {
	call, try, _ := sessionTry(t, small)
	at := Position{8, 8} // id = "ana"
	for _, name := range []string{"eva", `an"a`, " ana", ""} {
		if err := try("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "position": at, "newName": name}); err == nil {
			t.Errorf("renamed ana to %q", name)
		}
	}
	var edit WorkspaceEdit
	call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "position": at, "newName": "ana-souza"}, &edit)
	if n := len(edit.Changes["file:///n.toml"]); n != 1 { // where it is given: the misspelt ownr names no one
		t.Errorf("%d edits: %+v", n, edit)
	}
	var list CompletionList
	line := strings.Split(small, "\n")[19]
	col := utf16Len(line[:strings.Index(line, `"eva"`)+1])
	call("textDocument/completion", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "position": Position{19, col}}, &list)
	var labels []string
	for _, it := range list.Items {
		labels = append(labels, it.Label)
	}
	if !slices.Contains(labels, "eva") || !slices.Contains(labels, "ana") || slices.Contains(labels, "them") {
		t.Errorf("completion in confirmed_by: %v", labels)
	}
}

// utf16Len counts s in UTF-16 units, as the protocol counts columns.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

// every names each kind of id where each key that takes one uses it.
const every = `title = "t"
date = 2026-11-24

[[party]]
id = "us"
name = "Us"
us = true
  [[party.person]]
  id = "ana"
  name = "Ana"
  signs = true
  [[party.person]]
  id = "li"
  name = "Li"
  reports_to = "ana"

[[party]]
id = "them"
name = "Them"
  [[party.person]]
  id = "dmitri"
  name = "Dmitri"
  negotiates = true
  authority = { confirmed_by = "registry", on = 2026-11-05 }

[[third_party]]
id = "registry"
name = "Registry"
acts_for = "them"

[[item]]
id = "price"
topic = "Price"
text = "12.40"
owner = "ana"

[[action]]
id = "po"
owner = "dmitri"
do = "Order"
if = "signing"

[[action]]
id = "ship"
owner = "ana"
do = "Ship"
if = ["po"]
for = "them"

[[open]]
text = "Warranty"
owner = "li"

[[round]]
date = 2026-11-20
with = ["dmitri"]
gave = [{ text = "Price down", item = "price", from = 13, to = 12.4 }]
got = ["Volume"]
`

// TestDefinitionOfEveryReference: from each key that names an id, the
// definition is where that id is given.
func TestDefinitionOfEveryReference(t *testing.T) {
	call, _ := session(t, every)
	lines := strings.Split(every, "\n")
	find := func(text string, from int) int {
		for i := from; i < len(lines); i++ {
			if strings.Contains(lines[i], text) {
				return i
			}
		}
		t.Fatalf("%q not found", text)
		return 0
	}
	for _, tt := range []struct{ ref, id string }{
		{`reports_to = "ana"`, "ana"},
		{`confirmed_by = "registry"`, "registry"},
		{`acts_for = "them"`, "them"},
		{`owner = "ana"`, "ana"},
		{`owner = "dmitri"`, "dmitri"},
		{`if = ["po"]`, "po"},
		{`for = "them"`, "them"},
		{`owner = "li"`, "li"},
		{`with = ["dmitri"]`, "dmitri"},
		{`item = "price"`, "price"},
	} {
		line := find(tt.ref, 0)
		col := strings.Index(lines[line], `"`+tt.id+`"`) + 1
		var locs []Location
		call("textDocument/definition", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}, "position": Position{line, col}}, &locs)
		want := find(`id = "`+tt.id+`"`, 0)
		if len(locs) != 1 || locs[0].Range.Start.Line != want {
			t.Errorf("%s: %+v, want line %d", tt.ref, locs, want)
		}
	}
}

// TestFilePath: a file: URI names the file as its system writes paths,
// for the diagnostics' file names and what the notes name beside them.
func TestFilePath(t *testing.T) {
	tests := []struct{ uri, goos, want string }{
		{"file:///home/ana/deals/x.toml", "linux", "/home/ana/deals/x.toml"},
		{"file:///home/ana/My%20Deals/%C3%A9t%C3%A9.toml", "darwin", "/home/ana/My Deals/été.toml"},
		{"file:///C:/Users/ana/deals/x.toml", "windows", `C:\Users\ana\deals\x.toml`},
		{"file:///c%3A/Users/ana/x.toml", "windows", `c:\Users\ana\x.toml`},
		{"file://server/share/deals/x.toml", "windows", `\\server\share\deals\x.toml`},
		{"FILE:///tmp/x.toml", "linux", "/tmp/x.toml"},
		{"untitled:Untitled-1", "linux", "untitled:Untitled-1"},
	}
	for _, tt := range tests {
		if got := filePath(tt.uri, tt.goos); got != tt.want {
			t.Errorf("filePath(%q, %s) = %q, want %q", tt.uri, tt.goos, got, tt.want)
		}
	}
}

// TestOutline: the outline lists the parties with their people, the terms
// and the steps, named as a reader knows them, each spanning its entry,
// whether written with headers or inline.
func TestOutline(t *testing.T) {
	flat := func(syms []DocumentSymbol) string {
		var b strings.Builder
		var walk func([]DocumentSymbol, string)
		walk = func(ss []DocumentSymbol, indent string) {
			for _, s := range ss {
				fmt.Fprintf(&b, "%s%s [%s] %d:%d-%d:%d\n", indent, s.Name, s.Detail, s.Range.Start.Line, s.Range.Start.Character, s.Range.End.Line, s.Range.End.Character)
				walk(s.Children, indent+"  ")
			}
		}
		walk(syms, "")
		return b.String()
	}
	tests := []struct{ name, text, want string }{
		{"headers", small, `Northwind [us] 3:0-10:14
  Ana 𝄞 Souza [ana] 7:2-10:14
Contoso [them] 12:0-22:14
  Дмитрий [dmitri] 15:2-19:55
  Eva [eva] 20:2-22:14
Price [price] 24:0-28:12
`},
		{"inline", "title = \"x\"\nparty = [{ id = \"a\", name = \"Alpha\", person = [{ id = \"p\", name = \"Pat\" }] }]\naction = [{ id = \"go\", do = \"Go first\", owner = \"p\", if = \"signing\" }]\n[next]\ndate = 2027-01-05\n", `Alpha [a] 1:9-1:76
  Pat [p] 1:47-1:73
Go first [go] 2:10-2:69
Next meeting 2027-01-05 [] 3:0-4:17
`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			call, _ := session(t, tt.text)
			var syms []DocumentSymbol
			call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": "file:///n.toml"}}, &syms)
			if got := flat(syms); got != tt.want {
				t.Errorf("outline:\n%s\nwant\n%s", got, tt.want)
			}
		})
	}
}
