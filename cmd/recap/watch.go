package main

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/fsnotify/fsnotify"
	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
)

var watchCommand = command{
	name:    "watch",
	args:    "[build flags] [--settle DURATION] [--serve ADDR [--share]] NOTES.toml...",
	summary: "rebuild on every save, with an optional live preview",
	help: `
Watch builds the agreement like 'recap build' and the brief like 'recap
brief', then rebuilds both whenever a notes file is saved, and every file
when the agreement's --template file is saved. It prints one line
per rebuild (time, file, outputs, duration), or the diagnostics in the same
FILE:LINE:COL form as 'recap check'. A save with errors leaves the last good
outputs untouched. It follows every way editors save (in place, temp file and
rename, delete and recreate), ignores their swap and backup files, and waits
for a file that vanishes to come back (a file missing at the start is an
error). It runs until interrupted (Ctrl-C), then exits with status 0.

A save is built on its first event, and built again once the file has
been quiet for 50 ms if it is not what was built: an editor or sync tool
that pauses mid-save, on a file that is valid TOML half-way, shows that
half for a moment. --settle DURATION (say 1s) builds only once the file
has been quiet that long.

With --serve ADDR it also serves a live preview at ADDR (127.0.0.1:8080, say;
a bare port such as :8080 means loopback only, so give 0.0.0.0:8080 to serve
other machines): the agreement and the brief as HTML, with a switch between
them, which reload themselves after every rebuild, and each PDF for
download. The brief's page lists what check says of the notes; the
agreement's page, which may be on a screen the other side sees, only says
how many problems there are, since the diagnostics quote our limits,
values and concessions. With --share the preview serves the agreement
only: no brief, no diagnostics.

Exit status: 0 when interrupted, 2 for usage errors or if watching fails.`,
	new: func() runner { return &watchCmd{buildCmd: buildCmd{doc: render.Agreement}} },
}

// The first event after a quiet spell rebuilds at once; the rest of the
// burst one save makes (a truncation and a write, a temporary file
// renamed) waits until the file has been quiet for debounce, and rebuilds
// again only if the file is not what was built.
const debounce = 50 * time.Millisecond

type watchCmd struct {
	buildCmd
	serve  string
	share  bool
	settle time.Duration
}

func (w *watchCmd) flags(fs *flag.FlagSet) {
	w.buildCmd.flags(fs)
	fs.StringVar(&w.serve, "serve", "", "serve a live preview at `ADDR`, such as 127.0.0.1:8080")
	fs.DurationVar(&w.settle, "settle", 0, "build a save only once the file has been quiet for `DURATION` (say 1s), for editors and sync tools that pause while they save; 0 builds on a save's first event")
	fs.BoolVar(&w.share, "share", false, "serve the agreement only, with no brief and no diagnostics: for a screen the other side sees")
}

func (w *watchCmd) run(ctx context.Context, e *env, files []string) error {
	opt, err := w.prepare(e, "watch", files)
	if err != nil {
		return err
	}
	if w.settle < 0 || w.settle > time.Minute {
		return usageErrorf("watch: --settle %v: give a duration from 0 to 1m", w.settle)
	}
	if w.share && w.serve == "" {
		return usageErrorf("watch: --share is for the preview: give --serve ADDR too")
	}
	if w.diagnostics != "text" {
		return usageErrorf("watch: prints its diagnostics as text, among the lines of its rebuilds; --diagnostics is for build and brief")
	}
	// A file missing at the start is a mistake in the command line; one
	// that vanishes later is waited for.
	for _, f := range files {
		if _, err := os.Stat(f); err != nil {
			return &exitError{code: exitUsage, msg: fmt.Sprintf("watch: %s: %v", f, cause(err))}
		}
	}
	s, err := newSession(e, &w.buildCmd, opt, files)
	if err != nil {
		return err
	}
	s.share, s.settle = w.share, w.settle
	defer s.fsw.Close()
	if w.serve != "" {
		if err := s.startServer(ctx, w.serve); err != nil {
			return err
		}
	}
	return s.loop(ctx)
}

// session is one running watch.
type session struct {
	e        *env
	b        *buildCmd
	opt      render.Options // the agreement's
	brief    render.Options
	files    []string          // as given
	paths    map[string]string // absolute path -> as given
	template string            // absolute path of --template, or ""
	fsw      *fsnotify.Watcher
	pending  map[string]time.Time // absolute path -> time of its last event
	builtAt  map[string]time.Time // absolute path -> when it was last read whole and built
	good     map[string]bool      // absolute path -> built whole at least once since watch started
	// first holds what a build on the first event of a burst read, until
	// the burst is over: if the file is the same then, the burst was one
	// save, built already.
	first    map[string][]byte
	missing  map[string]bool
	failures map[string]int  // file as given -> failed reads or writes in a row
	dirs     map[string]bool // the folders of the files, watched while they exist
	preview  *previews       // nil unless serving
	out      outputs
	// trace says when the watch is idle, with nothing pending and no
	// timer set, and which events it acts on: tests wait for those,
	// rather than for a time to pass.
	trace bool
	share bool // the preview shows the agreements only (watch --share)
	// ctx ends the watch; builds under way end with it.
	ctx context.Context
	// fatal, once set, ends the watch with it.
	fatal error
	// settle is --settle: no build on a save's first event, but once the
	// file has been quiet this long.
	settle time.Duration
}

// The lines a watch with RECAP_WATCH_TRACE=1 prints besides its own: each
// time it falls idle, each event it acts on ("watch: event WRITE PATH"),
// and each build it starts ("watch: build FILE").
const (
	traceIdle  = "watch: idle"
	traceEvent = "watch: event "
	traceBuild = "watch: build "
)

func newSession(e *env, b *buildCmd, opt render.Options, files []string) (*session, error) {
	brief, err := b.options(e, render.Brief, "")
	if err != nil {
		return nil, err
	}
	brief.Formats = slices.DeleteFunc(slices.Clone(opt.Formats), func(f render.Format) bool { return f == render.FormatICS })
	s := &session{
		e: e, b: b, opt: opt, brief: brief, files: files,
		paths: map[string]string{}, pending: map[string]time.Time{}, missing: map[string]bool{},
		builtAt: map[string]time.Time{}, first: map[string][]byte{}, good: map[string]bool{},
		failures: map[string]int{}, dirs: map[string]bool{},
		trace: os.Getenv("RECAP_WATCH_TRACE") == "1",
	}
	fsw, err := fsnotify.NewWatcher()
	if err != nil {
		return nil, err
	}
	s.fsw = fsw
	watch := func(file string) (string, error) {
		abs, err := filepath.Abs(file)
		if err != nil {
			return "", err
		}
		// Watch the folder, not the file: saving by rename would end a
		// watch on the file itself.
		dir := filepath.Dir(abs)
		s.dirs[dir] = true
		if !slices.Contains(fsw.WatchList(), dir) {
			if err := fsw.Add(dir); err != nil {
				return "", fmt.Errorf("watching %s: %w", dir, err)
			}
		}
		return abs, nil
	}
	for _, f := range files {
		abs, err := watch(f)
		if err != nil {
			fsw.Close()
			return nil, err
		}
		s.paths[abs] = f
	}
	if b.template != "" {
		if s.template, err = watch(b.template); err != nil {
			fsw.Close()
			return nil, err
		}
	}
	return s, nil
}

func (s *session) loop(ctx context.Context) error {
	s.ctx = ctx
	for _, f := range s.files {
		s.rebuild(f, false)
	}
	timer := time.NewTimer(time.Hour)
	timer.Stop()
	armed, idle := false, false // the timer is set; idle was said
	for {
		if s.trace && !armed && len(s.pending) == 0 && !idle {
			fmt.Fprintln(s.e.stdout, traceIdle)
			idle = true
		}
		if s.fatal != nil {
			return &exitError{code: exitUsage, msg: s.fatal.Error()}
		}
		select {
		case <-ctx.Done():
			return nil
		case ev, ok := <-s.fsw.Events:
			if !ok {
				return errors.New("watch: file notifications stopped")
			}
			folder, relevant := s.folderEvent(ev), s.relevant(ev)
			if relevant && !s.atOnce(filepath.Clean(ev.Name)) {
				s.pending[filepath.Clean(ev.Name)] = time.Now()
			}
			if s.trace && (folder || relevant) { // once it has acted on it
				fmt.Fprintln(s.e.stdout, traceEvent+ev.Op.String()+" "+ev.Name)
			}
			if folder || relevant {
				timer.Reset(s.quiet())
				armed, idle = true, false
			}
		case err, ok := <-s.fsw.Errors:
			if !ok {
				return errors.New("watch: file notifications stopped")
			}
			s.logf("watch: %v", err)
		case <-timer.C:
			armed = false
			if wait := s.flush(); wait > 0 {
				timer.Reset(wait)
				armed = true
			}
		}
	}
}

// folderEvent follows the folders of the files: when one is removed (a
// git checkout or stash can do it), or a folder above it, the nearest
// folder above that still exists is watched; when the folder is back, it
// is watched again and its files are built. It reports whether the event
// was one of those.
func (s *session) folderEvent(ev fsnotify.Event) bool {
	name := filepath.Clean(ev.Name)
	above := false // name is one of the folders, or a folder above one
	for dir := range s.dirs {
		above = above || dir == name || strings.HasPrefix(dir, name+string(filepath.Separator))
	}
	switch {
	case !above:
		return false
	case ev.Has(fsnotify.Remove | fsnotify.Rename):
		s.fsw.Remove(name) // gone with the folder, if it was not already
		s.watchAbove(name)
		return true
	case ev.Has(fsnotify.Create):
		for dir := range s.dirs {
			if s.fsw.Add(dir) != nil {
				s.watchAbove(dir) // made again only part of the way down
				continue
			}
			for path := range s.paths {
				if filepath.Dir(path) == dir {
					s.again(path, time.Now())
				}
			}
		}
		return true
	}
	return false
}

// watchAbove watches the nearest existing folder above dir, to learn when
// dir comes back.
func (s *session) watchAbove(dir string) {
	for parent := filepath.Dir(dir); ; parent = filepath.Dir(parent) {
		if s.fsw.Add(parent) == nil || filepath.Dir(parent) == parent {
			return
		}
	}
}

// relevant reports whether an event concerns a watched file. Editors' swap,
// backup and temporary files have other names and are ignored; so are
// changes of permissions alone.
func (s *session) relevant(ev fsnotify.Event) bool {
	if ev.Op == fsnotify.Chmod {
		return false
	}
	name := filepath.Clean(ev.Name)
	_, ok := s.paths[name]
	return ok || name == s.template
}

// atOnce builds the notes file at path on the first event after a quiet
// spell, when it has not been built for debounce. It reports whether it
// read the file whole and built it; if not (the file is still being
// written), the event waits with the rest, and the next one tries again.
func (s *session) atOnce(path string) bool {
	file, ok := s.paths[path]
	if !ok || s.settle > 0 || time.Since(s.builtAt[path]) < debounce {
		return false
	}
	return s.rebuild(file, true)
}

// quiet is how long a file must be quiet to be built: debounce, or
// --settle where given.
func (s *session) quiet() time.Duration { return max(debounce, s.settle) }

// flush rebuilds what has been quiet for the debounce time and returns how
// long to wait for the rest, or for a failed build to be tried again (0
// if nothing is left).
func (s *session) flush() time.Duration {
	now := time.Now()
	var ready []string
	for path, at := range s.pending {
		if now.Sub(at) >= s.quiet() {
			ready = append(ready, path)
			delete(s.pending, path)
		}
	}
	if slices.Contains(ready, s.template) && s.template != "" {
		if s.reloadTemplate() {
			ready = slices.Collect(maps.Keys(s.paths))
			clear(s.first) // the same notes make new documents
		}
	}
	slices.SortFunc(ready, func(a, b string) int { return slices.Index(s.files, s.paths[a]) - slices.Index(s.files, s.paths[b]) })
	for _, path := range ready {
		if f, ok := s.paths[path]; ok {
			s.rebuild(f, false)
		}
	}
	var wait time.Duration // what was not ready, and what rebuilding left
	for _, at := range s.pending {
		left := max(s.quiet()-time.Since(at), time.Millisecond)
		if wait == 0 || left < wait {
			wait = left
		}
	}
	return wait
}

// reloadTemplate parses the agreement's template again; on error the
// previous one stays.
func (s *session) reloadTemplate() bool {
	t, id, err := loadTemplate(render.Agreement, s.b.template)
	if err != nil {
		s.logf("%s: %v; still using the previous template", s.b.template, err.Error())
		return false
	}
	s.opt.Template, s.opt.TemplateID = t, id
	return true
}

// rebuild builds one notes file and reports it in one line, or with its
// diagnostics; invalid notes leave the last good outputs in place. What
// is read while the file is being written is never written out or
// reported: a file that changes while it is read, or by the time it is
// built, is built again once it is quiet. On the first event of a burst
// (first), a missing or empty file, or notes with errors, wait for the
// file to be quiet too: a save renames the file away, or truncates it,
// then writes it, perhaps in more than one write. It reports whether it
// built the file and reported the build.
func (s *session) rebuild(file string, first bool) bool {
	abs, _ := filepath.Abs(file)
	src, read, err := readStable(file)
	if first && errors.Is(err, fs.ErrNotExist) {
		s.pending[abs] = time.Now() // renamed away to be written anew, as vim saves
		return false
	}
	if errors.Is(err, fs.ErrNotExist) {
		if !s.missing[file] {
			s.missing[file] = true
			s.logf("%s: not found; waiting for it to come back", file)
		}
		return false
	}
	if errors.Is(err, errChanging) || err == nil && first && len(src) == 0 {
		s.pending[abs] = time.Now() // still being written: try again after it settles
		return false
	}
	s.missing[file] = false
	if err != nil {
		s.failed(file, fmt.Sprintf("%v", err))
		return false
	}
	last, ok := s.first[abs]
	delete(s.first, abs)
	if ok && !first && bytes.Equal(src, last) {
		return true // the rest of the burst of a save built on its first event
	}
	start := time.Now()
	if s.trace {
		fmt.Fprintln(s.e.stdout, traceBuild+file)
	}
	in := s.e.checkNotes(file, src)
	var docs [2][]render.Output
	var written []string
	diags := in.Diags
	if diags.Errors() == 0 {
		// The agreement and the brief build side by side.
		var errs [2]error
		var wg sync.WaitGroup
		for i, opt := range []render.Options{s.buildOptions(s.opt), s.buildOptions(s.brief)} {
			wg.Go(func() { docs[i], errs[i] = render.Build(in, opt) }) // build-time rules give a schema.List
		}
		wg.Wait()
		err = cmp.Or(errs[0], errs[1])
		var more schema.List
		if errors.As(err, &more) {
			diags, err = sorted(append(diags, more...)), nil
		}
		if errors.Is(err, render.ErrTemplateTime) {
			// The template cannot be stopped: only ending the process
			// frees the core it runs on.
			s.fatal = fmt.Errorf("watch: %s: %w: fix the template, then start watch again", file, err)
			return true
		}
		if s.ctx.Err() != nil {
			return true // interrupted: the loop ends
		}
	}
	if !unchanged(file, read) || first && diags.Errors() > 0 {
		// Written to while it was built, or perhaps half written: said
		// once the file is quiet.
		s.pending[abs] = time.Now()
		return false
	}
	s.builtAt[abs] = time.Now()
	if first {
		s.first[abs] = src
	}
	printDiagnostics(s.e.stdout, "text", diags)
	// The preview is updated before the line is printed: whoever reads
	// the line can count on the page being current.
	if diags.Errors() > 0 {
		s.preview.failed(file, diags)
		s.logf("%s: %s; %s", file, schema.Count(diags.Errors(), "error", "errors"), s.lastGood(abs))
		return true
	}
	for i, opt := range []render.Options{s.opt, s.brief} {
		if err == nil {
			var w []string
			w, err = s.out.write(context.Background(), file, s.b.outDir, opt.Document, docs[i], opt.Formats)
			written = append(written, w...)
		}
	}
	if err != nil {
		s.preview.failed(file, schema.List{{File: file, Pos: schema.Pos{Line: 1, Col: 1}, Message: err.Error()}})
		state := s.lastGood(abs)
		if len(written) > 0 {
			state = "wrote " + strings.Join(written, ", ") + ", the other documents are as they were"
		}
		s.failed(file, fmt.Sprintf("%v; %s", err, state))
		return true
	}
	s.failures[file] = 0
	s.good[abs] = true
	took := time.Since(start)
	s.preview.built(file, diags, render.LangsOf(in.Notes), docs[0], docs[1])
	s.logf("%s: built %s in %s", file, strings.Join(written, ", "), took.Round(time.Millisecond))
	return true
}

// lastGood says what stands of a file's documents after a build that
// wrote none: the last good ones, or none, for a file never built since
// watch started (its documents on disk, if any, are older).
func (s *session) lastGood(abs string) string {
	if s.good[abs] {
		return "the last good documents are unchanged"
	}
	return "no documents built from it yet"
}

// failed says that reading or writing a file failed, the first time, and
// builds it again later, sooner at first: what fails may pass (a full
// disk, too many open files).
func (s *session) failed(file, msg string) {
	n := s.failures[file]
	s.failures[file] = n + 1
	if n == 0 {
		s.logf("%s: %s; trying again", file, msg)
	}
	wait := min(retryFirst<<min(n, 8), retryMax)
	abs, _ := filepath.Abs(file)
	s.again(abs, time.Now().Add(wait-s.quiet()))
}

// again builds the file at path once it has been quiet since at, whatever
// it holds: not for a save of it (its folder is back, a build failed), so
// the build of a save's first event does not stand for it.
func (s *session) again(path string, at time.Time) {
	s.pending[path] = at
	delete(s.first, path)
}

// A failed read or write is tried again after retryFirst, then twice as
// long each time, up to retryMax.
const (
	retryFirst = 100 * time.Millisecond
	retryMax   = 5 * time.Second
)

// buildOptions are a document's options. For the preview they also make
// the Markdown and PDF when those are not requested.
func (s *session) buildOptions(opt render.Options) render.Options {
	opt.Context = s.ctx
	if s.preview != nil {
		for _, f := range []render.Format{render.FormatMD, render.FormatPDF} {
			if !slices.Contains(opt.Formats, f) {
				opt.Formats = append(slices.Clip(opt.Formats), f)
			}
		}
	}
	return opt
}

var errChanging = errors.New("file is changing")

// readStable reads a notes file and reports errChanging if it changed while
// being read, so that a half-written file is never built. It returns what
// it read and the file's state after.
func readStable(name string) ([]byte, fs.FileInfo, error) {
	before, err := os.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	src, err := readNotes(name)
	if err != nil {
		return nil, nil, err
	}
	after, err := os.Stat(name)
	if err != nil {
		return nil, nil, err
	}
	if !same(before, after) || int64(len(src)) != after.Size() && after.Size() <= schema.MaxSize {
		return nil, nil, errChanging
	}
	return src, after, nil
}

// unchanged reports whether the file is still as it was read.
func unchanged(name string, read fs.FileInfo) bool {
	now, err := os.Stat(name)
	return err == nil && same(read, now)
}

// same reports whether two looks at a file saw the same file, unchanged.
func same(a, b fs.FileInfo) bool {
	return os.SameFile(a, b) && a.ModTime().Equal(b.ModTime()) && a.Size() == b.Size()
}

// logf prints one line, starting with the time.
func (s *session) logf(format string, args ...any) {
	fmt.Fprintf(s.e.stdout, "%s %s\n", time.Now().Format(time.TimeOnly), term.Safe(fmt.Sprintf(format, args...)))
}
