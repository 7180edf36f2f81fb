package main

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"net"
	"net/http"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
)

// previews holds what the preview server shows, per notes file, and tells
// the browsers when it changes.
type previews struct {
	mu    sync.Mutex
	share bool // the agreements only, without diagnostics (watch --share)
	files []string
	pages map[string]*preview
	subs  map[chan []byte]struct{}
}

func newPreviews(files []string) *previews {
	p := &previews{files: files, pages: map[string]*preview{}, subs: map[chan []byte]struct{}{}}
	for _, f := range files {
		p.pages[f] = &preview{File: f}
	}
	return p
}

// built records a good build of the agreement and the brief; its
// diagnostics are warnings at most.
func (p *previews) built(file string, diags schema.List, langs render.Langs, agreement, brief []render.Output) {
	if p == nil {
		return
	}
	var docs [2]docPreview
	for i, outs := range [][]render.Output{agreement, brief} {
		for _, o := range outs {
			switch o.Format {
			case render.FormatMD:
				docs[i].Body, _ = render.HTMLBody(o.Data, langs)
			case render.FormatPDF:
				docs[i].PDF = o.Data
			}
		}
	}
	p.mu.Lock()
	page := p.pages[file]
	page.Docs, page.Failed = docs, false
	page.Problems, page.Count = lines(diags), count(diags)
	page.Lang = langs.Doc
	if page.Lang == "" {
		page.Lang = "en"
	}
	p.mu.Unlock()
	p.publish(file)
}

// failed records a build with errors; the last good recap stays.
func (p *previews) failed(file string, diags schema.List) {
	if p == nil {
		return
	}
	p.mu.Lock()
	page := p.pages[file]
	page.Failed = true
	page.Problems, page.Count = lines(diags), count(diags)
	p.mu.Unlock()
	p.publish(file)
}

func lines(diags schema.List) []string {
	out := make([]string, len(diags))
	for i, d := range diags {
		out[i] = d.String()
	}
	return out
}

// count says how many errors and warnings there are: "2 errors, 1
// warning", "" for none.
func count(diags schema.List) string {
	var parts []string
	if n := diags.Errors(); n > 0 {
		parts = append(parts, schema.Count(n, "error", "errors"))
	}
	if n := diags.Warnings(); n > 0 {
		parts = append(parts, schema.Count(n, "warning", "warnings"))
	}
	return strings.Join(parts, ", ")
}

// publish counts a build and sends {"file": …, "build": N} to every browser.
func (p *previews) publish(file string) {
	p.mu.Lock()
	defer p.mu.Unlock()
	page := p.pages[file]
	page.Build++
	msg := buildEvent(file, page.Build)
	for ch := range p.subs {
		select {
		case ch <- msg:
		default: // a browser that does not keep up reloads on the next event
		}
	}
}

func buildEvent(file string, build int) []byte {
	msg, _ := json.Marshal(struct {
		File  string `json:"file"`
		Build int    `json:"build"`
	}{file, build})
	return msg
}

// subscribe returns a channel of build events that starts with the current
// build of every file, so a page that connects after a rebuild it has not
// seen still learns of it and reloads.
func (p *previews) subscribe() (<-chan []byte, func()) {
	ch := make(chan []byte, 16+len(p.files))
	p.mu.Lock()
	for _, f := range p.files {
		ch <- buildEvent(f, p.pages[f].Build)
	}
	p.subs[ch] = struct{}{}
	p.mu.Unlock()
	return ch, func() {
		p.mu.Lock()
		delete(p.subs, ch)
		p.mu.Unlock()
	}
}

// startServer listens on addr and serves the preview until ctx ends.
func (s *session) startServer(ctx context.Context, addr string) error {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return usageErrorf("watch: --serve %q: %v", addr, err)
	}
	if host == "" {
		host = "127.0.0.1" // a bare port means loopback, not every interface
	}
	ln, err := net.Listen("tcp", net.JoinHostPort(host, port))
	if err != nil {
		return err
	}
	s.preview = newPreviews(s.files)
	s.preview.share = s.share
	srv := &http.Server{
		Handler:     allowedHosts(host, s.preview.handler()),
		BaseContext: func(net.Listener) context.Context { return ctx },
		// Slow or idle connections end: each holds a file descriptor,
		// which the watch needs to read the notes. The event stream's
		// writes have no deadline; its pings keep it alive.
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		IdleTimeout:       30 * time.Second,
	}
	go srv.Serve(limitListener(ln, maxConns))
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
	}()
	s.logf("serving a live preview at http://%s/", ln.Addr())
	return nil
}

// maxConns bounds the connections the preview holds at once; more wait
// to be accepted. A browser tab needs two or three.
const maxConns = 32

// limitListener accepts at most n connections at once.
func limitListener(l net.Listener, n int) net.Listener {
	return &limited{Listener: l, slots: make(chan struct{}, n)}
}

type limited struct {
	net.Listener
	slots chan struct{}
}

func (l *limited) Accept() (net.Conn, error) {
	l.slots <- struct{}{}
	c, err := l.Listener.Accept()
	if err != nil {
		<-l.slots
		return nil, err
	}
	return &limitedConn{Conn: c, release: sync.OnceFunc(func() { <-l.slots })}, nil
}

type limitedConn struct {
	net.Conn
	release func()
}

func (c *limitedConn) Close() error {
	c.release()
	return c.Conn.Close()
}

// allowedHosts answers only requests addressed to the preview by an IP
// address, localhost, or the host name given with --serve, and 421 to any
// other: a page of another site whose name an attacker points at
// 127.0.0.1 (DNS rebinding) must not read the recap.
func allowedHosts(serve string, h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		host := r.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		host = strings.TrimSuffix(strings.Trim(host, "[]"), ".")
		if net.ParseIP(host) == nil && !strings.EqualFold(host, "localhost") && !strings.EqualFold(host, serve) {
			http.Error(w, "recap's preview answers to localhost, an IP address, or the host name given with --serve; not to "+strconv.Quote(r.Host), http.StatusMisdirectedRequest)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// handler serves, for the notes file numbered i, its agreement at /f/i/,
// its brief at /f/i/brief/, and their PDFs beside them; / is the only
// file's agreement, or a list of the files.
func (p *previews) handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /{$}", func(w http.ResponseWriter, r *http.Request) {
		if len(p.files) == 1 {
			p.servePage(w, 0, 0)
			return
		}
		p.serveIndex(w)
	})
	for doc, d := range previewDocs {
		if p.share && d.doc != render.Agreement {
			continue
		}
		mux.HandleFunc("GET /f/{file}"+d.path+"/{$}", func(w http.ResponseWriter, r *http.Request) {
			if i, ok := p.file(w, r); ok {
				p.servePage(w, i, doc)
			}
		})
		mux.HandleFunc("GET /f/{file}"+d.path+"/"+string(d.doc)+".pdf", func(w http.ResponseWriter, r *http.Request) {
			if i, ok := p.file(w, r); ok {
				p.servePDF(w, i, doc)
			}
		})
	}
	mux.HandleFunc("GET /live.js", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/javascript; charset=utf-8")
		w.Write(liveJS)
	})
	mux.HandleFunc("GET /events", p.serveEvents)
	return securityHeaders(mux)
}

// file reads the file number of a URL, or answers 404.
func (p *previews) file(w http.ResponseWriter, r *http.Request) (int, bool) {
	i, err := strconv.Atoi(r.PathValue("file"))
	if err != nil || i < 0 || i >= len(p.files) || strconv.Itoa(i) != r.PathValue("file") {
		http.NotFound(w, r)
		return 0, false
	}
	return i, true
}

// securityHeaders forbid everything the preview does not need: no script
// but /live.js, no inline script, no framing, no other origins.
func securityHeaders(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
		w.Header().Set("X-Content-Type-Options", "nosniff")
		w.Header().Set("Referrer-Policy", "no-referrer")
		w.Header().Set("Cache-Control", "no-store")
		h.ServeHTTP(w, r)
	})
}

func (p *previews) servePage(w http.ResponseWriter, file, doc int) {
	p.mu.Lock()
	page := p.pages[p.files[file]].page(doc, fmt.Sprintf("/f/%d", file), p.share)
	p.mu.Unlock()
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Write(page)
}

func (p *previews) serveIndex(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	fmt.Fprint(w, "<!doctype html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>recap preview</title><script src=\"/live.js\" defer></script></head>\n<body>\n<h1>recap preview</h1>\n<ul>\n")
	for i, f := range p.files {
		fmt.Fprintf(w, "<li><a href=\"/f/%d/\">%s</a>", i, html.EscapeString(f))
		if !p.share {
			fmt.Fprintf(w, " (<a href=\"/f/%d/brief/\">brief</a>)", i)
		}
		fmt.Fprint(w, "</li>\n")
	}
	fmt.Fprint(w, "</ul>\n</body>\n</html>\n")
}

func (p *previews) servePDF(w http.ResponseWriter, file, doc int) {
	p.mu.Lock()
	pdf := p.pages[p.files[file]].Docs[doc].PDF
	p.mu.Unlock()
	if pdf == nil {
		http.Error(w, "no PDF yet: the notes have not been built", http.StatusNotFound)
		return
	}
	name := strings.TrimSuffix(filepath.Base(p.files[file]), ".toml")
	if previewDocs[doc].doc == render.Brief {
		name += ".brief"
	}
	name += ".pdf"
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", "inline; filename*=UTF-8''"+url.PathEscape(name))
	w.Write(pdf)
}

// serveEvents streams server-sent events: one "build" event per rebuild.
func (p *previews) serveEvents(w http.ResponseWriter, r *http.Request) {
	flusher, ok := w.(http.Flusher)
	if !ok {
		http.Error(w, "streaming unsupported", http.StatusInternalServerError)
		return
	}
	events, cancel := p.subscribe()
	defer cancel()
	w.Header().Set("Content-Type", "text/event-stream")
	fmt.Fprint(w, "retry: 1000\n\n")
	flusher.Flush()
	ping := time.NewTicker(15 * time.Second)
	defer ping.Stop()
	for {
		select {
		case <-r.Context().Done():
			return
		case msg := <-events:
			fmt.Fprintf(w, "event: build\ndata: %s\n\n", msg)
		case <-ping.C:
			fmt.Fprint(w, ": ping\n\n")
		}
		flusher.Flush()
	}
}
