package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
	"unicode/utf16"

	"github.com/creachadair/jrpc2"
	"github.com/creachadair/jrpc2/channel"
	"github.com/recaptool/recap/internal/needs"
	"github.com/recaptool/recap/lsp"
)

// lspClient is an editor of our own: it starts the real binary as `recap
// lsp` and speaks the protocol with it over its standard input and output.
type lspClient struct {
	t     *testing.T
	cmd   *exec.Cmd
	c     *jrpc2.Client
	diags chan lsp.PublishDiagnosticsParams
}

func startLSP(t *testing.T, dir string) *lspClient {
	t.Helper()
	cmd := exec.Command(os.Args[0], "lsp", "--no-system-fonts")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), "RECAP_RUN_MAIN=1")
	in, err := cmd.StdinPipe()
	if err != nil {
		t.Fatal(err)
	}
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	l := &lspClient{t: t, cmd: cmd, diags: make(chan lsp.PublishDiagnosticsParams, 100)}
	l.c = jrpc2.NewClient(channel.LSP(out, in), &jrpc2.ClientOptions{
		OnNotify: func(req *jrpc2.Request) {
			if req.Method() == "textDocument/publishDiagnostics" {
				var p lsp.PublishDiagnosticsParams
				if err := req.UnmarshalParams(&p); err != nil {
					t.Errorf("publishDiagnostics: %v", err)
				}
				l.diags <- p
			}
		},
	})
	t.Cleanup(func() {
		l.c.Close()
		if cmd.ProcessState == nil {
			cmd.Process.Kill()
			cmd.Wait()
		}
	})
	var init lsp.InitializeResult
	l.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, &init)
	if init.Capabilities.PositionEncoding != "utf-16" || !init.Capabilities.RenameProvider.(bool) {
		t.Fatalf("capabilities: %+v", init.Capabilities)
	}
	l.notify("initialized", map[string]any{})
	return l
}

func (l *lspClient) call(method string, params, result any) {
	l.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := l.c.CallResult(ctx, method, params, result); err != nil {
		l.t.Fatalf("%s: %v", method, err)
	}
}

func (l *lspClient) notify(method string, params any) {
	l.t.Helper()
	if err := l.c.Notify(context.Background(), method, params); err != nil {
		l.t.Fatalf("%s: %v", method, err)
	}
}

// published waits for the diagnostics of a document's version: an event,
// not a clock (the timeout only ends a test that would hang).
func (l *lspClient) published(uri string, version int) []lsp.Diagnostic {
	l.t.Helper()
	for {
		select {
		case p := <-l.diags:
			if p.URI == uri && p.Version == version {
				return p.Diagnostics
			}
		case <-time.After(30 * time.Second):
			l.t.Fatalf("no diagnostics for %s version %d", uri, version)
		}
	}
}

func (l *lspClient) open(uri, text string) []lsp.Diagnostic {
	l.t.Helper()
	l.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "toml", "version": 1, "text": text}})
	return l.published(uri, 1)
}

func (l *lspClient) change(uri string, version int, text string) []lsp.Diagnostic {
	l.t.Helper()
	l.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": version}, "contentChanges": []map[string]any{{"text": text}}})
	return l.published(uri, version)
}

// at is the position of the n-th occurrence (from 0) of what in text,
// plus a number of UTF-16 units into it.
func at(t *testing.T, text, what string, n, into int) lsp.Position {
	t.Helper()
	off := -1
	for i := 0; i <= n; i++ {
		j := strings.Index(text[off+1:], what)
		if j < 0 {
			t.Fatalf("%q occurs fewer than %d times", what, n+1)
		}
		off += 1 + j
	}
	line := strings.Count(text[:off], "\n")
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return lsp.Position{Line: line, Character: utf16Len(text[start:off]) + into}
}

// posOf is the position of a byte offset.
func posOf(text string, off int) lsp.Position {
	start := strings.LastIndexByte(text[:off], '\n') + 1
	return lsp.Position{Line: strings.Count(text[:off], "\n"), Character: utf16Len(text[start:off])}
}

// utf16Len counts s in UTF-16 units, as the protocol counts columns.
func utf16Len(s string) int { return len(utf16.Encode([]rune(s))) }

func pos(uri string, p lsp.Position) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": p}
}

// TestLSP drives `recap lsp` as an editor does, through the real binary:
// diagnostics as one types (the same as `recap check`'s), definitions,
// references, completion, hover, rename and quick fixes, then an orderly
// shutdown.
func TestLSP(t *testing.T) {
	dir := t.TempDir()
	src := string(readExample(t, "supply.toml"))
	path := filepath.Join(dir, "supply.toml")
	uri := "file://" + path
	l := startLSP(t, dir)

	// An owner misspelt: the error recap check gives, on the value.
	bad := strings.Replace(src, `owner = "ana"`, `owner = "anna"`, 1)
	diags := l.open(uri, bad)
	if len(diags) != 1 || diags[0].Code != "owner" || diags[0].Severity != lsp.SeverityError || !strings.Contains(diags[0].Message, "did you mean `ana`?") {
		t.Fatalf("diagnostics of a misspelt owner: %+v", diags)
	}
	want := at(t, bad, `owner = "anna"`, 0, 0)
	if r := diags[0].Range; r.Start != want || r.End.Line != want.Line || r.End.Character != want.Character+len(`owner = "anna"`) {
		t.Errorf("range %+v, want the key and value at %+v", r, want)
	}
	if err := os.WriteFile(path, []byte(bad), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, _, _ := runIn(t, dir, "check", "supply.toml")
	if !strings.Contains(stdout, fmt.Sprintf("supply.toml:%d:%d: error: %s", want.Line+1, want.Character+1, diags[0].Message)) {
		t.Errorf("recap check says otherwise:\n%s", stdout)
	}

	// The quick fix writes what was meant.
	var actions []lsp.CodeAction
	l.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri}, "range": diags[0].Range, "context": map[string]any{"diagnostics": diags}}, &actions)
	if len(actions) != 1 || actions[0].Edit.Changes[uri][0].NewText != "ana" {
		t.Fatalf("code actions: %+v", actions)
	}
	if e := actions[0].Edit.Changes[uri][0].Range; e.Start != at(t, bad, `anna"`, 0, 0) || e.End != at(t, bad, `anna"`, 0, 4) {
		t.Errorf("the fix replaces %+v, not the id", e)
	}

	// Fixed, as typed: no error left.
	if diags := l.change(uri, 2, src); slices.ContainsFunc(diags, func(d lsp.Diagnostic) bool { return d.Severity == lsp.SeverityError }) {
		t.Fatalf("errors after the fix: %+v", diags)
	}

	// Go to definition, from an owner and from an if.
	for _, tt := range []struct{ from, to string }{
		{`owner = "ana"`, `id    = "ana"`},
		{`if     = "po"`, `id    = "po"`},
		{`confirmed_by = "eva"`, `id   = "eva"`},
	} {
		var locs []lsp.Location
		l.call("textDocument/definition", pos(uri, at(t, src, tt.from, 0, len(tt.from)-2)), &locs)
		wantAt := at(t, src, tt.to, 0, strings.IndexByte(tt.to, '"'))
		if len(locs) != 1 || locs[0].Range.Start != wantAt {
			t.Errorf("definition of %s: %+v, want %+v", tt.from, locs, wantAt)
		}
	}

	// References of a person: every owner and confirmation naming them.
	var refs []lsp.Location
	l.call("textDocument/references", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at(t, src, `id    = "ana"`, 0, 10), "context": map[string]any{"includeDeclaration": true}}, &refs)
	if n := strings.Count(src, `"ana"`); len(refs) != n { // ids are unique: each is given once, the rest uses
		t.Errorf("%d references of ana, want %d: %+v", len(refs), n, refs)
	}

	// Hover: a key's description; an id's person.
	var h lsp.Hover
	l.call("textDocument/hover", pos(uri, at(t, src, "within =", 0, 2)), &h)
	if !strings.Contains(h.Contents.Value, "Due N days") {
		t.Errorf("hover on within: %q", h.Contents.Value)
	}
	l.call("textDocument/hover", pos(uri, at(t, src, `owner = "dmitri"`, 0, 10)), &h)
	if !strings.Contains(h.Contents.Value, "Дмитрий Иванов") || !strings.Contains(h.Contents.Value, "Procurement Director, Contoso GmbH") {
		t.Errorf("hover on dmitri: %q", h.Contents.Value)
	}

	// The outline: the parties with their people, then the terms and
	// steps in the file's order, each named as a reader knows it.
	var outline []lsp.DocumentSymbol
	l.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &outline)
	var names []string
	for _, s := range outline {
		names = append(names, s.Name)
	}
	if len(outline) < 8 || outline[0].Name != "Northwind" || len(outline[0].Children) != 2 || outline[0].Children[0].Name != "Ana Souza" ||
		!slices.Contains(names, "Price") || !slices.Contains(names, "Ship the first 5,000 units to the Hamburg warehouse") {
		t.Errorf("outline: %q", names)
	}

	// Completion, as one types new entries.
	typed := src + "\n[[action]]\nid = \"new\"\nowner = \"\nif = [\"po\", \"\nfor = \"\ndue = \nkind = \"\nwi"
	l.change(uri, 3, typed)
	for _, tt := range []struct {
		name, after string
		want        []string // labels that must be offered
		not         []string
		insert      map[string]string
	}{
		{"owner ids", "owner = \"", []string{"ana", "li", "dmitri", "eva"}, []string{"po", "contoso"}, nil},
		{"if ids", "if = [\"po\", \"", []string{"signing", "po", "ship2"}, []string{"ana"}, nil},
		{"for parties", "for = \"", []string{"northwind", "contoso"}, []string{"ana"}, nil},
		{"bare date", "due = ", []string{"2026-12-07", "2026-11-24"}, nil, map[string]string{"2026-12-07": "2026-12-07"}},
		{"enum", "kind = \"", []string{"deliver", "claim"}, nil, nil},
		{"keys", "\nwi", []string{"within"}, []string{"id", "owner"}, map[string]string{"within": "within = "}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			var list lsp.CompletionList
			p := posOf(typed, strings.LastIndex(typed, tt.after)+len(tt.after))
			l.call("textDocument/completion", pos(uri, p), &list)
			labels := map[string]lsp.CompletionItem{}
			for _, it := range list.Items {
				labels[it.Label] = it
			}
			for _, w := range tt.want {
				if _, ok := labels[w]; !ok {
					t.Errorf("%s not offered: %v", w, keysOf(labels))
				}
			}
			for _, w := range tt.not {
				if _, ok := labels[w]; ok {
					t.Errorf("%s offered", w)
				}
			}
			for label, ins := range tt.insert {
				if labels[label].InsertText != ins {
					t.Errorf("%s inserts %q, want %q", label, labels[label].InsertText, ins)
				}
			}
		})
	}

	// Rename an action's id: where it is given and everywhere it is used.
	l.change(uri, 4, src)
	var edit lsp.WorkspaceEdit
	l.call("textDocument/rename", map[string]any{"textDocument": map[string]any{"uri": uri}, "position": at(t, src, `id    = "po"`, 0, 10), "newName": "order"}, &edit)
	renamed := applyEdits(t, src, edit.Changes[uri])
	if strings.Contains(renamed, `"po"`) || strings.Count(renamed, `"order"`) != strings.Count(src, `"po"`) {
		t.Errorf("rename left %d of %d:\n%s", strings.Count(renamed, `"po"`), strings.Count(src, `"po"`), renamed)
	}
	if diags := l.change(uri, 5, renamed); slices.ContainsFunc(diags, func(d lsp.Diagnostic) bool { return d.Severity == lsp.SeverityError }) {
		t.Errorf("the renamed notes have errors: %+v", diags)
	}

	// An orderly end: shutdown, exit, status 0.
	var none any
	l.call("shutdown", nil, &none)
	l.notify("exit", nil)
	if err := l.cmd.Wait(); err != nil {
		t.Errorf("recap lsp ended with %v after shutdown and exit", err)
	}
}

// TestLSPExitWithoutShutdown: the protocol's exit status 1.
func TestLSPExitWithoutShutdown(t *testing.T) {
	l := startLSP(t, t.TempDir())
	l.notify("exit", nil)
	err := l.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 {
		t.Errorf("exit without shutdown: %v, want status 1", err)
	}
}

func keysOf[V any](m map[string]V) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// applyEdits applies text edits of one line each, last first.
func applyEdits(t *testing.T, text string, edits []lsp.TextEdit) string {
	t.Helper()
	lines := strings.Split(text, "\n")
	slices.SortFunc(edits, func(a, b lsp.TextEdit) int {
		if a.Range.Start.Line != b.Range.Start.Line {
			return b.Range.Start.Line - a.Range.Start.Line
		}
		return b.Range.Start.Character - a.Range.Start.Character
	})
	for _, e := range edits {
		if e.Range.Start.Line != e.Range.End.Line {
			t.Fatalf("an edit over lines: %+v", e)
		}
		l := []rune(lines[e.Range.Start.Line]) // ASCII in these tests
		lines[e.Range.Start.Line] = string(l[:e.Range.Start.Character]) + e.NewText + string(l[e.Range.End.Character:])
	}
	return strings.Join(lines, "\n")
}

func readExample(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../../examples", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestNeovim: Neovim's built-in client, headless, against the real binary
// (testdata/nvim/lsp.lua): diagnostics on open, a definition, a
// completion, and the error gone once the fix is typed.
func TestNeovim(t *testing.T) {
	nvim := needs.Tool(t, "nvim")
	dir := t.TempDir()
	src := strings.Replace(string(readExample(t, "supply.toml")), `owner = "ana"`, `owner = "anna"`, 1)
	notes := filepath.Join(dir, "supply.toml")
	if err := os.WriteFile(notes, []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	line := strings.Count(src[:strings.Index(src, `owner = "anna"`)], "\n")
	script, err := filepath.Abs("testdata/nvim/lsp.lua")
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(dir, "out.json")
	// The timeout ends a test that would hang; the script waits on
	// events (vim.wait on the diagnostics), not on the clock.
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, nvim, "--headless", "-n", "-i", "NONE", "-u", "NONE", "-c", "luafile "+script)
	cmd.Env = append(os.Environ(), "RECAP_RUN_MAIN=1", "RECAP="+os.Args[0], "NOTES="+notes, "OUT="+out, fmt.Sprintf("LINE=%d", line), "XDG_STATE_HOME="+dir, "XDG_DATA_HOME="+dir)
	cmd.Dir = dir
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("nvim: %v\n%s", err, b)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatalf("nvim wrote nothing: %v", err)
	}
	var got struct {
		OK          bool
		Err         string
		Waited      bool
		Diagnostics []struct {
			Lnum, Col int
			Message   string
			Code      string
			Source    string
		}
		Definition []struct{ Line, From int }
		Completion []string
		Outline    []struct {
			Text string
			Lnum int
		}
		Fixed bool
	}
	if err := json.Unmarshal(b, &got); err != nil {
		t.Fatalf("%s: %v", b, err)
	}
	if !got.OK || !got.Waited {
		t.Fatalf("the script failed: %s", b)
	}
	if len(got.Diagnostics) != 1 || got.Diagnostics[0].Lnum != line || got.Diagnostics[0].Code != "owner" || !strings.Contains(got.Diagnostics[0].Message, "anna") {
		t.Errorf("diagnostics as Neovim has them: %s", b)
	}
	lines := strings.Split(src, "\n")
	if len(got.Definition) != 1 || lines[got.Definition[0].Line] != `id    = "po"` || !strings.Contains(lines[got.Definition[0].From], `"po"`) {
		t.Errorf("definition: %s", b)
	}
	if !slices.Contains(got.Completion, "ana") || !slices.Contains(got.Completion, "dmitri") {
		t.Errorf("completion of an owner: %v", got.Completion)
	}
	if !got.Fixed {
		t.Errorf("the error did not go once the fix was typed: %s", b)
	}
	// The outline: Neovim lists each entry at its line (1-based), the
	// people under their party.
	outline := map[string]int{}
	for _, o := range got.Outline {
		outline[o.Text] = o.Lnum
	}
	for text, at := range map[string]string{"[Class] Northwind": "[[party]]", "[Field] Ana Souza": "[[party.person]]", "[Property] Price": "[[item]]", "[Event] Issue a purchase order for the first 5,000 units": "[[action]]"} {
		lnum, ok := outline[text]
		if !ok || lnum < 1 || lnum > len(lines) || strings.TrimSpace(lines[lnum-1]) != at {
			t.Errorf("outline: %q at line %d (%v); want it at a %s line: %v", text, lnum, ok, at, got.Outline)
		}
	}
}
