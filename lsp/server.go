// Package lsp serves the Language Server Protocol for notes files: the
// diagnostics of the checker `recap check` runs, as the notes are typed,
// and going to, finding, completing, describing and renaming what ids
// name. It is a thin protocol layer over package schema; cmd/recap gives
// it standard input and output.
package lsp

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"runtime"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/creachadair/jrpc2"
	"github.com/creachadair/jrpc2/channel"
	"github.com/creachadair/jrpc2/handler"
	"github.com/recaptool/recap/schema"
)

// Options are what the server checks notes with.
type Options struct {
	// Check checks a notes file as `recap check` does: name is the file's
	// path, for the diagnostics' file names and for what the notes name
	// beside them (the #:schema line).
	Check   func(name string, src []byte) schema.List
	Version string // recap's, for serverInfo
	// Today is the date completion offers for a date; nil: the clock's.
	Today func() time.Time
}

// Serve answers a client on r and w until it exits, or ctx is done. It
// returns nil after an orderly shutdown and exit, and ErrNoShutdown for an
// exit without a shutdown first (the protocol's exit status 1).
func Serve(ctx context.Context, r io.Reader, w io.WriteCloser, opt Options) error {
	s := &server{opt: opt, docs: map[string]*document{}, keys: newKeys()}
	srv := jrpc2.NewServer(handler.Map{
		"initialize":                  handler.New(s.initialize),
		"initialized":                 handler.New(func(context.Context) error { return nil }),
		"shutdown":                    handler.New(s.shutdown),
		"exit":                        handler.New(s.exit),
		"textDocument/didOpen":        params(s.didOpen),
		"textDocument/didChange":      params(s.didChange),
		"textDocument/didClose":       handler.New(s.didClose),
		"textDocument/didSave":        handler.New(func(context.Context, json.RawMessage) error { return nil }),
		"textDocument/definition":     handler.New(s.definition),
		"textDocument/references":     handler.New(s.references),
		"textDocument/hover":          handler.New(s.hover),
		"textDocument/completion":     handler.New(s.completion),
		"textDocument/rename":         handler.New(s.rename),
		"textDocument/codeAction":     handler.New(s.codeAction),
		"textDocument/documentSymbol": handler.New(s.documentSymbol),
		"$/cancelRequest":             handler.New(func(context.Context, json.RawMessage) error { return nil }),
		"$/setTrace":                  handler.New(func(context.Context, json.RawMessage) error { return nil }),
	}, &jrpc2.ServerOptions{AllowPush: true, Concurrency: 1})
	s.srv = srv
	s.exitCh = make(chan struct{})
	srv.Start(channel.LSP(r, w))
	waited := make(chan error, 1)
	go func() { waited <- srv.Wait() }()
	// The server ends at the client's exit, without waiting for its input
	// to close (a reader of standard input cannot be stopped), at the end
	// of its input, or when ctx is done.
	var err error
	select {
	case <-s.exitCh:
	case err = <-waited:
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	switch {
	case s.exited && !s.shutDown:
		return ErrNoShutdown
	case s.exited, errors.Is(err, io.EOF), err == nil, errors.Is(err, context.Canceled):
		return nil
	}
	return err
}

// params wraps a handler of a notification with a whole document in it
// so that its parameters are decoded once: handler.New decodes them a
// second time, to see whether they are an array, and a notes file of 1,000
// actions is 150 kB of JSON.
func params[P any](fn func(context.Context, P) error) jrpc2.Handler {
	return func(ctx context.Context, req *jrpc2.Request) (any, error) {
		var p P
		if err := req.UnmarshalParams(&p); err != nil {
			return nil, err
		}
		return nil, fn(ctx, p)
	}
}

// ErrNoShutdown is the error of a client that exits without asking the
// server to shut down first.
var ErrNoShutdown = errors.New("the client exited without a shutdown request")

type server struct {
	opt  Options
	srv  *jrpc2.Server
	keys *keys

	mu               sync.Mutex
	docs             map[string]*document
	utf8             bool // positions count bytes, as the client agreed
	shutDown, exited bool
	exitCh           chan struct{} // closed at the client's exit
}

// A document is an open notes file: its text, version, syntax index and
// last diagnostics.
type document struct {
	uri     string
	name    string
	version int
	text    *text
	notes   bool // a notes file, not some other TOML (see looksLikeNotes)
	diags   schema.List

	ixOnce sync.Once
	ixv    *index
}

// ix is the document's syntax index, made when first asked for: a valid
// document being typed needs none.
func (d *document) ix() *index {
	d.ixOnce.Do(func() {
		if len(d.text.src) > schema.MaxSize {
			d.ixv = newIndex(nil) // what recap check refuses, the editor features leave alone
			return
		}
		d.ixv = newIndex(d.text.src)
	})
	return d.ixv
}

func (s *server) initialize(ctx context.Context, p InitializeParams) (InitializeResult, error) {
	s.mu.Lock()
	s.utf8 = slices.Contains(p.Capabilities.General.PositionEncodings, "utf-8")
	s.mu.Unlock()
	var r InitializeResult
	r.Capabilities.PositionEncoding = "utf-16"
	if s.utf8 {
		r.Capabilities.PositionEncoding = "utf-8"
	}
	r.Capabilities.TextDocumentSync = json.RawMessage(`{"openClose":true,"change":1,"save":{"includeText":false}}`)
	r.Capabilities.DefinitionProvider = true
	r.Capabilities.ReferencesProvider = true
	r.Capabilities.HoverProvider = true
	r.Capabilities.RenameProvider = true
	r.Capabilities.CodeActionProvider = true
	r.Capabilities.DocumentSymbol = true
	r.Capabilities.CompletionProvider.TriggerCharacters = []string{`"`, "=", " ", "["}
	r.ServerInfo.Name, r.ServerInfo.Version = "recap", s.opt.Version
	return r, nil
}

func (s *server) shutdown(ctx context.Context) error {
	s.mu.Lock()
	s.shutDown = true
	s.mu.Unlock()
	return nil
}

func (s *server) exit(ctx context.Context) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.exited {
		s.exited = true
		close(s.exitCh)
	}
	return nil
}

// fileName is the path of a file: URI, or the URI itself.
func fileName(uri string) string { return filePath(uri, runtime.GOOS) }

// filePath is the path of a file: URI on the system goos, or the URI
// itself: file:///C:/deals/x.toml is C:\deals\x.toml on Windows, and
// file://server/share/x.toml the share \\server\share\x.toml.
func filePath(uri, goos string) string {
	u, err := url.Parse(uri)
	if err != nil || !strings.EqualFold(u.Scheme, "file") {
		return uri
	}
	p := u.Path
	if goos != "windows" {
		return p
	}
	if len(p) >= 3 && p[0] == '/' && p[2] == ':' { // a drive letter
		p = p[1:]
	}
	if u.Host != "" && u.Host != "localhost" {
		p = "//" + u.Host + p
	}
	return strings.ReplaceAll(p, "/", `\`)
}

func (s *server) didOpen(ctx context.Context, p DidOpenTextDocumentParams) error {
	return s.update(ctx, p.TextDocument.URI, p.TextDocument.Version, p.TextDocument.Text)
}

func (s *server) didChange(ctx context.Context, p DidChangeTextDocumentParams) error {
	if len(p.ContentChanges) == 0 {
		return nil
	}
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	text := ""
	if d != nil {
		text = string(d.text.src)
	}
	for _, c := range p.ContentChanges {
		if c.Range == nil || d == nil {
			text = c.Text
			continue
		}
		// Full sync is what the server asks for; a client that sends a
		// range anyway is served.
		t := newText([]byte(text), d.text.utf8)
		text = text[:t.offset(c.Range.Start)] + c.Text + text[t.offset(c.Range.End):]
	}
	return s.update(ctx, p.TextDocument.URI, p.TextDocument.Version, text)
}

func (s *server) didClose(ctx context.Context, p DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	return s.srv.Notify(ctx, "textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []Diagnostic{}})
}

// update checks a document's new text and publishes its diagnostics.
func (s *server) update(ctx context.Context, uri string, version int, src string) error {
	s.mu.Lock()
	utf8 := s.utf8
	s.mu.Unlock()
	s.mu.Lock()
	was := s.docs[uri]
	s.mu.Unlock()
	d := &document{uri: uri, name: fileName(uri), version: version, text: newText([]byte(src), utf8)}
	d.notes = was != nil && was.notes || looksLikeNotes(d.text.src) // once notes, notes until closed: no flicker as a header is retyped
	if d.notes {
		d.diags = s.opt.Check(d.name, d.text.src)
	}
	s.mu.Lock()
	s.docs[uri] = d
	s.mu.Unlock()
	return s.srv.Notify(ctx, "textDocument/publishDiagnostics", PublishDiagnosticsParams{URI: uri, Version: version, Diagnostics: d.lspDiagnostics()})
}

// notesMark is what only a notes file has: a header of one of its arrays
// of tables, written as a header or inline, or a #:schema line naming
// recap's schema.
var notesMark = regexp.MustCompile(`(?m)^[ \t]*(?:\[\[[ \t]*(?:party|action|third_party|round)[ \t]*\]\]|(?:party|action)[ \t]*=[ \t]*\[|#:schema[ \t]+\S*recap)`)

// looksLikeNotes tells a notes file from the other TOML files an editor
// opens (Cargo.toml, pyproject.toml, a site's config): the server is set
// up for every TOML file, and checks, completes and explains only notes.
func looksLikeNotes(src []byte) bool { return notesMark.Match(src) }

// lspDiagnostics are the document's diagnostics as the protocol has them:
// errors, warnings, and accepted warnings as hints, each with its rule
// as its code and a range over the key or value concerned.
func (d *document) lspDiagnostics() []Diagnostic {
	out := []Diagnostic{}
	for _, g := range d.diags {
		sev := SeverityError
		switch g.Severity {
		case schema.Warning:
			sev = SeverityWarning
		case schema.Accepted:
			sev = SeverityHint
		}
		msg := g.Message
		if g.Severity == schema.Accepted && g.Why != "" {
			msg += " (accepted: " + g.Why + ")"
		}
		out = append(out, Diagnostic{Range: d.text.span(d.diagSpan(g)), Severity: sev, Code: g.Rule, Source: "recap", Message: msg})
	}
	return out
}

// diagSpan is the part of the text a diagnostic is about: from where it
// stands, the key's value, the whole header, or the rest of the word.
func (d *document) diagSpan(g schema.Diagnostic) span {
	off := d.offsetOf(g.Pos)
	if i, ok := d.ix().starts[off]; ok {
		switch n := &d.ix().nodes[i]; {
		case n.key.End > off:
			return span{off, max(n.value.End, n.key.End)}
		case n.key.End == n.key.Start && n.value.End > off:
			return n.value
		}
	}
	for _, h := range d.ix().headers {
		if h.at.Start == off {
			return h.at
		}
	}
	src := d.text.src
	end := off
	for end < len(src) && !strings.ContainsRune(" \t\r\n=,]}", rune(src[end])) {
		end++
	}
	if end == off {
		end = min(off+1, len(src))
	}
	return span{off, end}
}

// offsetOf turns a diagnostic's line and column (in characters, from 1)
// into a byte offset.
func (d *document) offsetOf(p schema.Pos) int {
	t := d.text
	if p.Line < 1 || p.Line > len(t.lines) {
		return 0
	}
	off := t.lines[p.Line-1]
	for col := 1; col < p.Col && off < len(t.src) && t.src[off] != '\n'; col++ {
		_, size := utf8.DecodeRune(t.src[off:])
		off += size
	}
	return off
}

// doc returns an open notes file and the byte offset of a position in
// it; a document that is not open, or not a notes file, is nil and has no
// features (an empty answer, not an error an editor would show).
func (s *server) doc(p TextDocumentPositionParams) (*document, int, error) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if d == nil || !d.notes {
		return nil, 0, nil
	}
	return d, d.text.offset(p.Position), nil
}

func (s *server) definition(ctx context.Context, p TextDocumentPositionParams) ([]Location, error) {
	d, off, err := s.doc(p)
	if err != nil || d == nil {
		return []Location{}, err
	}
	e, ok := d.ix().entityAt(off)
	if !ok {
		return []Location{}, nil
	}
	return []Location{{URI: d.uri, Range: d.text.span(e.def.value)}}, nil
}

func (s *server) references(ctx context.Context, p ReferenceParams) ([]Location, error) {
	d, off, err := s.doc(p.TextDocumentPositionParams)
	if err != nil || d == nil {
		return []Location{}, err
	}
	e, ok := d.ix().entityAt(off)
	if !ok {
		return []Location{}, nil
	}
	out := []Location{}
	if p.Context.IncludeDeclaration {
		out = append(out, Location{URI: d.uri, Range: d.text.span(e.def.value)})
	}
	for _, n := range d.ix().uses(e) {
		out = append(out, Location{URI: d.uri, Range: d.text.span(n.value)})
	}
	return out, nil
}

// validID is what a rename may give: an id that needs no escape in a
// TOML string.
var validID = regexp.MustCompile(`^[^"'\\\x00-\x1f\x7f]+$`)

func (s *server) rename(ctx context.Context, p RenameParams) (*WorkspaceEdit, error) {
	d, off, err := s.doc(p.TextDocumentPositionParams)
	if err != nil {
		return nil, err
	}
	if d == nil {
		return nil, &jrpc2.Error{Code: -32602, Message: "not an open notes file: recap renames ids in the notes files an editor has open"}
	}
	e, ok := d.ix().entityAt(off)
	if !ok {
		return nil, &jrpc2.Error{Code: -32602, Message: "no id here: rename an id where it is given or used"}
	}
	if !validID.MatchString(p.NewName) || strings.TrimSpace(p.NewName) != p.NewName {
		return nil, &jrpc2.Error{Code: -32602, Message: fmt.Sprintf("%q cannot be an id: no quotes, backslashes, control characters or spaces at either end", p.NewName)}
	}
	if other, taken := d.ix().byID[e.kind+"\x00"+p.NewName]; taken && other.def != e.def {
		return nil, &jrpc2.Error{Code: -32602, Message: fmt.Sprintf("the %s id %q is taken", e.kind, p.NewName)}
	}
	edits := []TextEdit{{Range: d.text.span(e.def.inside(d.text.src)), NewText: p.NewName}}
	for _, n := range d.ix().uses(e) {
		edits = append(edits, TextEdit{Range: d.text.span(n.inside(d.text.src)), NewText: p.NewName})
	}
	return &WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: edits}}, nil
}

// meant finds the suggestion of a "did you mean" in a message, or of a
// "write KEY = "VALUE"" (a free-text confirmed_by of the first edition).
var meant = regexp.MustCompile("did you mean [`\"]([^`\"]+)[`\"]\\?|; write ([a-z_]+) = \"([^\"]+)\"")

// codeAction offers, for each diagnostic with a "did you mean", to write
// what was meant.
func (s *server) codeAction(ctx context.Context, p CodeActionParams) ([]CodeAction, error) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	out := []CodeAction{}
	if d == nil {
		return out, nil
	}
	for _, g := range d.diags {
		if a, ok := s.moveKey(d, g, p.Range); ok {
			out = append(out, a)
			continue
		}
		m := meant.FindStringSubmatch(g.Message)
		if m == nil || m[2] != "" && m[2] != lastPart(g.Path) {
			continue
		}
		if m[2] != "" {
			m[1] = m[3] // write KEY = "VALUE": the value, for this key
		}
		r := d.text.span(d.diagSpan(g))
		if !overlaps(r, p.Range) {
			continue
		}
		n := d.ix().find(g.Path)
		if n == nil {
			continue
		}
		target := n.key
		if g.Rule != "unknown-key" {
			if !n.isStr {
				continue
			}
			target = n.inside(d.text.src)
		}
		if target.End <= target.Start && g.Rule == "unknown-key" {
			continue
		}
		out = append(out, CodeAction{
			Title: fmt.Sprintf("Change to %q", m[1]), Kind: "quickfix", IsPreferred: true,
			Diagnostics: []Diagnostic{{Range: r, Severity: SeverityError, Code: g.Rule, Source: "recap", Message: g.Message}},
			Edit:        WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {{Range: d.text.span(target), NewText: m[1]}}}},
		})
	}
	return out, nil
}

// moveKey offers, for a key of an outer table written after a header
// (TOML put it in that header's table), to move its line where it
// belongs: above the file's first header for a top-level key, else above
// the first header inside the table it is a key of.
func (s *server) moveKey(d *document, g schema.Diagnostic, in Range) (CodeAction, bool) {
	if g.Rule != "unknown-key" || !strings.Contains(g.Message, "belongs to it, so write") {
		return CodeAction{}, false
	}
	n := d.ix().find(g.Path)
	r := d.text.span(d.diagSpan(g))
	if n == nil || n.key.End <= n.key.Start || !overlaps(r, in) {
		return CodeAction{}, false
	}
	key := lastPart(g.Path)
	owner := g.Path[:strings.LastIndexByte(g.Path, '/')]
	for {
		if owner == "" {
			break
		}
		owner = owner[:strings.LastIndexByte(owner, '/')]
		if names, _ := s.keys.tableKeys(owner); slices.Contains(names, key) {
			break
		}
	}
	var target *header
	for i := range d.ix().headers {
		if h := &d.ix().headers[i]; strings.HasPrefix(h.path, owner+"/") {
			target = h
			break
		}
	}
	src := d.text.src
	lineStart := func(off int) int { return bytes.LastIndexByte(src[:off], '\n') + 1 }
	from, to := lineStart(n.key.Start), n.value.End
	for to < len(src) && src[to] != '\n' {
		to++
	}
	if to < len(src) {
		to++ // and its line break
	}
	if target == nil || target.at.Start >= from {
		return CodeAction{}, false
	}
	at := lineStart(target.at.Start)
	indent := "" // as the table's own keys are indented, if it has any
	for _, k := range d.ix().nodes {
		if strings.HasPrefix(k.path, owner+"/") && !strings.Contains(k.path[len(owner)+1:], "/") && k.key.End > k.key.Start {
			indent = string(src[lineStart(k.key.Start):k.key.Start])
			break
		}
	}
	line := indent + strings.TrimRight(strings.TrimLeft(string(src[from:to]), " \t"), "\r\n") + "\n"
	title := fmt.Sprintf("Move `%s` above the file's first header", key)
	if owner != "" {
		title = fmt.Sprintf("Move `%s` into its %s", key, schema.TableName(owner))
	}
	return CodeAction{
		Title: title, Kind: "quickfix", IsPreferred: true,
		Diagnostics: []Diagnostic{{Range: r, Severity: SeverityError, Code: g.Rule, Source: "recap", Message: g.Message}},
		Edit: WorkspaceEdit{Changes: map[string][]TextEdit{d.uri: {
			{Range: d.text.span(span{at, at}), NewText: line},
			{Range: d.text.span(span{from, to}), NewText: ""},
		}}},
	}, true
}

func overlaps(a, b Range) bool {
	before := func(p, q Position) bool { return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character }
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}
