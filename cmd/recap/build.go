package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/template"
	"time"

	"github.com/recaptool/recap/internal/choice"
	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

var buildCommand = command{
	name:    "build",
	args:    "[-o DIR] [--format md,pdf,html,ics] [--template FILE] [--paper a4|letter] [--since OLD.toml] [--esign docusign|adobe|dropbox] [--remind 2d] [--diagnostics text|json|sarif|github] [--font-path DIR]... [--no-system-fonts] NOTES.toml...",
	summary: "build the agreement both sides sign: Markdown and PDF",
	help: `
Build checks each notes file like 'recap check' and, if it has no errors,
writes its agreement: DIR/NAME.md and DIR/NAME.pdf, where NAME is the notes
file name without .toml and DIR is the notes file's folder unless -o is
given. The agreement holds the shared content only: it is drawn from the
shared notes ('recap shared' prints them), which its PDF embeds; nothing
private reaches it. --format picks the outputs (md, pdf, html, ics; default
md,pdf). --since OLD.toml adds "Changes since revision N" (and cancels,
in the calendar, the actions removed since). --esign places the text tags
of an e-signature service (a final agreement only). --remind 2d (or 1w)
adds to the calendar a reminder that many days before each due date not
done: ours to do, theirs to chase ("Chase:"). Files are built in
parallel; diagnostics go to standard error in command-line order
(--diagnostics json or sarif for machines), and the paths written to
standard output.

Each file's outputs are written to temporary files and renamed into place
together once all are whole, so a failed build never leaves a broken file,
or a new Markdown beside an old PDF, and never removes the last good one.
Ctrl-C ends the build at once and writes nothing more. A new output is made
with the umask; a rebuilt one keeps its mode. The same notes, template and
recap version give the same bytes; the PDF's creation date is the meeting
date, or SOURCE_DATE_EPOCH if set.

Exit status: 0 when every file was built, 1 when any file has errors (the
others are still built), 2 for usage errors or files that cannot be read or
written (or are not regular files), 130 when interrupted.`,
	new: func() runner { return &buildCmd{doc: render.Agreement} },
}

var briefCommand = command{
	name:    "brief",
	args:    "[-o DIR] [--format md,pdf,html] [--template FILE] [--paper a4|letter] [--since OLD.toml] [--as-of DATE] [--diagnostics text|json|sarif|github] [--font-path DIR]... [--no-system-fonts] NOTES.toml...",
	summary: "build the brief our side keeps: the agreement and everything private",
	help: `
Brief checks each notes file like 'recap check' and, if it has no errors,
writes its brief: DIR/NAME.brief.md and DIR/NAME.brief.pdf. The brief is for
our side only: the agreement's content with everything private in it (the
negotiation history, go_first reasons, how and on what evidence authority
was confirmed, notes, private entries) and the warnings of 'recap check'.
Every page says "Internal: not for the other party"; its PDF embeds the
whole notes file. A final recap's brief opens with its next moves, as
'recap status' gives them (hold, their move, our move, what not to do
yet, signatures, exposure...), as of the last date the notes record (the
meeting, the signing, a signature, an action done), so that the brief is
the same whenever it is built; --as-of DATE gives them as of that date.
Other flags as for 'recap build'.

Exit status: as for 'recap build'.`,
	new: func() runner { return &buildCmd{doc: render.Brief} },
}

// buildCmd builds one of the documents: the agreement (build) or the
// brief (brief).
type buildCmd struct {
	doc      render.Document
	outDir   string
	formats  render.Formats
	template string
	paper    pdf.Paper
	since    string
	asOf     string // the brief's next moves as of
	esign    render.ESign
	remind   string
	// diagnostics is how diagnostics print: text, json or sarif.
	diagnostics string
	fonts       fontFlags
}

func (b *buildCmd) flags(fs *flag.FlagSet) {
	b.formats, b.paper = render.Formats{render.FormatMD, render.FormatPDF}, pdf.A4
	formats := render.AllFormats
	if b.doc == render.Brief {
		formats = formats[:3] // no calendar: that is the agreement's
	}
	fs.StringVar(&b.outDir, "o", "", "write outputs to `DIR` (default: next to each notes file); - writes the one format asked to standard output")
	fs.Var(&b.formats, "format", "comma-separated output `formats`: "+strings.Join(choice.Names(formats), ", "))
	fs.StringVar(&b.template, "template", "", "use the "+string(b.doc)+" template in `FILE` (see 'recap template')")
	fs.StringVar(&b.diagnostics, "diagnostics", "text", "print diagnostics on standard error as `text`, json, sarif or github (as 'recap check --format')")
	if b.doc == render.Brief {
		fs.StringVar(&b.asOf, "as-of", "", "give a final recap's next moves as of `DATE` (YYYY-MM-DD; default: the last date the notes record)")
	}
	b.documentFlags(fs)
}

// documentFlags are the flags of how a document is made: its paper, the
// revision it lists changes since, fonts, and for the agreement its
// e-signature tags and calendar reminders. recap mail takes them too, for
// the agreement it attaches.
func (b *buildCmd) documentFlags(fs *flag.FlagSet) {
	fs.Var(&b.paper, "paper", "PDF paper `size`: "+choice.OneOf(pdf.Papers))
	fs.StringVar(&b.since, "since", "", "list the changes since the earlier revision in `OLD.toml`")
	if b.doc == render.Agreement {
		fs.Var(&b.esign, "esign", "place the text tags of an e-signature `service`: "+choice.OneOf(render.ESigns))
		fs.StringVar(&b.remind, "remind", "", "in the calendar, remind `DAYS` (2d) or weeks (1w) before each due date: ours to do, theirs to chase")
	}
	b.fonts.register(fs)
}

func (b *buildCmd) run(ctx context.Context, e *env, files []string) error {
	opt, err := b.prepare(e, b.command(), files)
	if err != nil {
		return err
	}
	w := new(outputs)
	done := make(chan []buildResult, 1)
	go func() {
		done <- buildAll(ctx, files, func(name string) buildResult { return b.buildFile(ctx, e, w, name, opt) })
	}()
	select {
	case results := <-done:
		if ctx.Err() == nil {
			return report(e, results, b.diagnostics)
		}
	case <-ctx.Done():
	}
	// Wait for renames under way, and let no other begin; the builds
	// still running end with the process.
	w.mu.Lock()
	return interrupted(w.written)
}

// exitInterrupted is the exit status of a command ended by Ctrl-C or
// SIGTERM, as shells give a process SIGINT ended.
const exitInterrupted = 130

// interrupted reports an interrupted build, and what it had written by
// then: the outputs of files whose build ended before.
func interrupted(written []string) error {
	msg := "interrupted: nothing written"
	if len(written) > 0 {
		msg = "interrupted: wrote " + strings.Join(written, ", ") + ", nothing else"
	}
	return &exitError{code: exitInterrupted, msg: msg}
}

// prepare checks the flags and files of build, brief or watch, loads what
// every build needs, and makes the output folder.
func (b *buildCmd) prepare(e *env, cmd string, files []string) (render.Options, error) {
	if len(files) == 0 {
		return render.Options{}, usageErrorf("%s: no notes files given", cmd)
	}
	if !slices.Contains(diagnosticFormats, b.diagnostics) {
		return render.Options{}, usageErrorf("%s: --diagnostics must be text, json, sarif or github, not %q", cmd, b.diagnostics)
	}
	if b.doc == render.Brief && slices.Contains(b.formats, render.FormatICS) {
		return render.Options{}, usageErrorf("brief: the calendar is made with the agreement: recap build --format ics")
	}
	opt, err := b.options(e, b.doc, b.template)
	if err != nil {
		return opt, err
	}
	if opt.Remind, err = reminder(b.remind); err != nil {
		return opt, usageErrorf("%s: --remind %q: %v", cmd, b.remind, err)
	}
	if opt.Remind > 0 && !slices.Contains(b.formats, render.FormatICS) {
		return opt, usageErrorf("%s: --remind sets reminders in the calendar: add ics to --format", cmd)
	}
	if b.outDir == "-" {
		// Standard output holds one document in one format.
		if cmd != "build" && cmd != "brief" || len(files) != 1 || len(b.formats) != 1 {
			return opt, usageErrorf("%s: -o - writes one document to standard output: give one notes file and one --format (build and brief only)", cmd)
		}
		return opt, nil
	}
	if err := checkOutputNames(files, b.outDir); err != nil {
		return opt, err
	}
	docs := []render.Document{b.doc}
	if cmd == "watch" {
		docs = []render.Document{render.Agreement, render.Brief}
	}
	if err := checkOutputsAreNotInputs(cmd, files, []string{b.template, b.since}, b.outDir, docs, b.formats); err != nil {
		return opt, err
	}
	if b.outDir != "" {
		err = os.MkdirAll(b.outDir, 0o755)
	}
	return opt, err
}

// options loads the template of a document and what else every build
// needs.
func (b *buildCmd) options(e *env, doc render.Document, templateFile string) (render.Options, error) {
	e.fonts = b.fonts.set()
	opt := render.Options{Record: render.Record{Document: doc, Paper: b.paper}, Formats: b.formats, Version: version(), Fonts: e.fonts}
	if doc == render.Agreement {
		opt.ESign = b.esign
	}
	if b.asOf != "" {
		d, err := schema.ParseDate(b.asOf)
		if err != nil {
			return opt, usageErrorf("%s: --as-of: %v", doc, err)
		}
		opt.AsOf = d
	}
	t, id, err := loadTemplate(doc, templateFile)
	if err != nil {
		return opt, err
	}
	opt.Template, opt.TemplateID = t, id
	if b.since != "" {
		if opt.Since, err = loadSource(e, b.since); err != nil {
			return opt, err
		}
		opt.Record.Since = render.Fingerprint(opt.Since.Src)
		if doc == render.Agreement {
			opt.Record.Since = render.Fingerprint(schema.SharedNotes(opt.Since.Notes))
		}
	}
	opt.Date, err = sourceDate()
	return opt, err
}

// reminder reads --remind: days ("2d") or weeks ("1w"), or "" for none.
func reminder(s string) (int, error) {
	if s == "" {
		return 0, nil
	}
	return daysOf(s, 1)
}

// daysOf reads a number of days ("2d") or weeks ("1w"), from least up to
// a year.
func daysOf(s string, least int) (int, error) {
	unit := 0
	if s != "" {
		unit = map[byte]int{'d': 1, 'w': 7}[s[len(s)-1]]
	}
	n, err := strconv.Atoi(s[:max(len(s)-1, 0)])
	if unit == 0 || err != nil || n < least || n*unit > 366 {
		return 0, fmt.Errorf("give days or weeks, from %dd to 52w, such as 7d or 2w", least)
	}
	return n * unit, nil
}

// defaultTemplates are each document's default template and its name.
var defaultTemplates = map[render.Document]struct {
	name string
	text []byte
}{
	render.Agreement: {"agreement.md.tmpl", templates.Agreement},
	render.Brief:     {"brief.md.tmpl", templates.Brief},
}

// maxTemplate bounds a template file: the default ones are 10 kB.
const maxTemplate = 1 << 20

// loadTemplate parses the template file, or the document's default one,
// and returns its id for `recap verify`: render.DefaultTemplate, or the
// file's hash.
func loadTemplate(doc render.Document, file string) (*template.Template, string, error) {
	if file == "" {
		d := defaultTemplates[doc]
		t, err := render.ParseTemplate(d.name, d.text)
		return t, render.DefaultTemplate, err
	}
	text, err := readRegular(file, maxTemplate)
	if err == nil && len(text) > maxTemplate {
		err = fmt.Errorf("%s is larger than %d MiB, too large for a template", file, maxTemplate>>20)
	}
	if err != nil {
		return nil, "", &exitError{code: exitUsage, msg: err.Error()}
	}
	t, err := render.ParseTemplate(file, text)
	if err != nil {
		return nil, "", &exitError{code: exitInvalid, msg: err.Error()}
	}
	return t, render.TemplateHash(text), nil
}

// sourceDate honours SOURCE_DATE_EPOCH (reproducible-builds.org).
func sourceDate() (time.Time, error) {
	s := os.Getenv("SOURCE_DATE_EPOCH")
	if s == "" {
		return time.Time{}, nil
	}
	sec, err := strconv.ParseInt(s, 10, 64)
	if err != nil || sec < 0 {
		return time.Time{}, usageErrorf("SOURCE_DATE_EPOCH must be a number of seconds, not %q", s)
	}
	return time.Unix(sec, 0).UTC(), nil
}

// outputBase returns DIR/NAME for a notes file's agreement, DIR/NAME.brief
// for its brief, without extension.
func outputBase(notes, outDir string, doc render.Document) string {
	name := strings.TrimSuffix(filepath.Base(notes), ".toml")
	if doc == render.Brief {
		name += ".brief"
	}
	if outDir == "" {
		outDir = filepath.Dir(notes)
	}
	return filepath.Join(outDir, name)
}

// checkOutputNames refuses two notes files that would write the same outputs.
func checkOutputNames(files []string, outDir string) error {
	seen := map[string]string{}
	for _, f := range files {
		base := outputBase(f, outDir, render.Agreement)
		if other, dup := seen[base]; dup {
			return usageErrorf("build: %s and %s would both write %s.*", other, f, base)
		}
		seen[base] = f
	}
	return nil
}

// checkOutputsAreNotInputs refuses a build that would write over one of
// its inputs: a template named as an output (notes.md beside notes.toml)
// would be overwritten, and a watch would then rebuild for ever.
func checkOutputsAreNotInputs(cmd string, files, others []string, outDir string, docs []render.Document, formats render.Formats) error {
	inputs := slices.DeleteFunc(append(slices.Clone(files), others...), func(s string) bool { return s == "" })
	for _, f := range files {
		for _, doc := range docs {
			for _, format := range formats {
				if doc == render.Brief && format == render.FormatICS {
					continue
				}
				out := outputBase(f, outDir, doc) + "." + string(format)
				for _, in := range inputs {
					if samePath(out, in) {
						return usageErrorf("%s: the output %s would overwrite the input %s: name the file otherwise, or write elsewhere with -o DIR", cmd, out, in)
					}
				}
			}
		}
	}
	return nil
}

// samePath reports whether two paths name one file: the same path, or the
// same file by two names (links).
func samePath(a, b string) bool {
	if absA, errA := filepath.Abs(a); errA == nil {
		if absB, errB := filepath.Abs(b); errB == nil && absA == absB {
			return true
		}
	}
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	return errA == nil && errB == nil && os.SameFile(fa, fb)
}

// buildResult is what building one notes file gave.
type buildResult struct {
	diags   schema.List
	written []string
	err     error // I/O or template error
}

func (b *buildCmd) buildFile(ctx context.Context, e *env, w *outputs, name string, opt render.Options) buildResult {
	in, res, ok := e.readChecked(name)
	if !ok {
		return res
	}
	opt.Context = ctx
	outs, err := render.Build(in, opt) // build-time rules give a schema.List
	switch {
	case res.failed(name, err):
	case b.outDir == "-":
		_, res.err = e.stdout.Write(outs[0].Data)
	default:
		res.written, res.err = w.write(ctx, name, b.outDir, opt.Document, outs, opt.Formats)
	}
	return res
}

// failed adds to the result what the error of building a notes file
// says: the diagnostics of build-time rules (a schema.List), or an error
// of the input (a template's, a --from that names no one of ours); it
// reports whether there was an error.
func (r *buildResult) failed(name string, err error) bool {
	var diags schema.List
	switch {
	case err == nil:
		return false
	case errors.As(err, &diags):
		r.diags = sorted(append(r.diags, diags...))
	case errors.Is(err, render.ErrFrom):
		r.err = usageErrorf("mail: %s: %v", name, err)
	default:
		r.err = &exitError{code: exitInvalid, msg: fmt.Sprintf("%s: %v", name, err)}
	}
	return true
}

// readChecked reads and checks a notes file; ok is false, with the
// result to report, if it cannot be read or has errors.
func (e *env) readChecked(name string) (in render.Source, res buildResult, ok bool) {
	src, err := readNotes(name)
	if err != nil {
		return in, buildResult{err: err}, false
	}
	in = e.checkNotes(name, src)
	return in, buildResult{diags: in.Diags}, in.Diags.Errors() == 0
}

// checkNotes checks notes as every command does.
func (e *env) checkNotes(name string, src []byte) render.Source {
	n, diags := e.loadNotes(name, src)
	return render.Source{Name: filepath.Base(name), Src: src, Notes: n, Diags: diags}
}

func sorted(l schema.List) schema.List {
	l.Sort()
	return l
}

// writeOutputs writes the outputs of a document of the notes file name
// whose format is one of formats, each atomically, and returns the paths
// written.
func (w *outputs) write(ctx context.Context, name, outDir string, doc render.Document, outs []render.Output, formats render.Formats) ([]string, error) {
	base := outputBase(name, outDir, doc)
	unlock, err := lockDir(filepath.Dir(base))
	if err != nil {
		return nil, writeError(base, err)
	}
	defer unlock()
	var all []*staged
	for _, o := range outs {
		if !slices.Contains(formats, o.Format) {
			continue
		}
		s, err := stage(base+"."+string(o.Format), o.Data)
		if err != nil {
			for _, s := range all {
				s.discard()
			}
			return nil, err
		}
		all = append(all, s)
	}
	return w.commit(ctx, all)
}

// outputs writes the outputs of a command's builds, and keeps the list of
// what it has written.
type outputs struct {
	// mu is held while a build's outputs are renamed into place: an
	// interrupted command takes it, and so waits for the renames under
	// way, and the next build finds the context done.
	mu      sync.Mutex
	written []string
}

// commit renames staged outputs into place, unless ctx is done: then it
// removes them, and nothing is written.
func (w *outputs) commit(ctx context.Context, all []*staged) ([]string, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	if err := ctx.Err(); err != nil {
		for _, s := range all {
			s.discard()
		}
		return nil, err
	}
	var written []string
	for i, s := range all {
		if err := s.commit(); err != nil {
			for _, s := range all[i+1:] {
				s.discard()
			}
			if len(written) > 0 {
				err = fmt.Errorf("%w (%s written, the others not)", err, strings.Join(written, ", "))
			}
			return written, err
		}
		written = append(written, s.path)
		w.written = append(w.written, s.path)
	}
	return written, nil
}

// buildAll builds files on all cores and returns results in input order.
func buildAll(ctx context.Context, files []string, build func(string) buildResult) []buildResult {
	results := make([]buildResult, len(files))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				results[i] = build(files[i])
			}
		}()
	}
	for i := range files {
		if ctx.Err() != nil {
			results[i] = buildResult{err: ctx.Err()}
			continue
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	return results
}

// report prints results in order and chooses the exit status. In the
// text format each file's diagnostics come before its outputs; in the
// others, all in one document, at the end.
func report(e *env, results []buildResult, format string) error {
	code := exitOK
	var all schema.List
	for _, r := range results {
		if format == "text" {
			printDiagnostics(e.stderr, format, r.diags)
		}
		all = append(all, r.diags...)
		for _, w := range r.written {
			fmt.Fprintln(e.stdout, term.Safe(w))
		}
		if r.diags.Errors() > 0 {
			code = max(code, exitInvalid)
		}
		if r.err != nil {
			code = max(code, exitCode(r.err, e.stderr))
		}
	}
	if format != "text" {
		printDiagnostics(e.stderr, format, all)
	}
	if code == exitOK {
		return nil
	}
	return &exitError{code: code}
}

// command is the name of the command that builds b's document.
func (b *buildCmd) command() string {
	if b.doc == render.Brief {
		return "brief"
	}
	return "build"
}
