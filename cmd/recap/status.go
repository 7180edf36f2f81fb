package main

import (
	"context"
	"flag"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/status"
)

var statusCommand = command{
	name:    "status",
	args:    "[--as-of DATE] [--format text|md|json|ics] [--party TEXT] [--person TEXT] [--due-within 7d] [--remind 2d] [--fail-overdue] NOTES.toml|DIR...",
	summary: "say whose move it is, what to hold back and how exposed we are, for one deal or many",
	help: `
Status reads signed notes (the signed date and each action's done date) and
gives every action one state as of a date (default: today):

	done     it has a done date on or before the date
	overdue  not done, due before the date, and nothing left to wait for
	         but steps of its own party (their own delay excuses nothing)
	held     one of our deliveries, ready or late, for a party that is
	         overdue on anything: performing it would deliver into their
	         default
	blocked  something in its "if" is not done yet (the report says what, whose)
	ready    nothing left to wait for, and not overdue

The signing counts as done from the signed date. The text report starts
with what matters, in this order: Hold (our deliveries held, and why);
Their move (their actions ready or overdue, days left or late); Our move
(ours ready or late and not held, claims included); Do not perform yet
(our deliveries waiting on theirs, never a claim); Signatures (a final
recap not signed: whose signature is missing, and a schedule gone stale);
Exposure (delivered, received, the gap now and since when, against
limits.max_exposure, and what performing each ready delivery would make
it); open points with a date; what was performed before the signing, or
before what it waited for. Then every action in sequence order. --format
md gives a Markdown section; --format json lists every action with its
id and status ("held" with "held_because"), the exposure, and the
signatures missing; --format ics is a calendar of the actions not done
(--remind 2d adds alarms: ours to do, theirs to chase, "Chase:").

Many deals: give several files, or folders (every .toml file below them;
hidden files and folders are skipped). The report merges every deal's
lines, each naming its deal, most urgent first within each part (the
earliest date a line turns on first), and ends with each counterparty's
track record across the deals: steps done, how many on time, the median
days late of those done late, and what is overdue now. A party is the
same where its registration is, else where its name is. A file that is
not valid notes is reported under "Skipped" and left out. JSON gives
{"as_of", "deals": [each deal as for one file, with "file"],
"track_record", "skipped"}; ics one calendar of every deal.

--party TEXT and --person TEXT keep what concerns a party, or a person,
whose name contains TEXT (any case): the actions they own or are for, the
open points they own, the signatures they owe, and the exposure of their
deals. --due-within 7d (or 2w) keeps what is due by then or late, what is
held, and the signatures and exposure, which are about today.

Exit status: 0; 1 for invalid notes (with many, after the report, when
any was skipped); 2 for usage or file errors; 3 with --fail-overdue when
anything shown is overdue or held (for reminders from cron or CI).`,
	new: func() runner { return new(statusCmd) },
}

type statusCmd struct {
	asOf        string
	format      string
	failOverdue bool
	party       string
	person      string
	dueWithin   string
	remind      string
}

func (c *statusCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.asOf, "as-of", "", "report as of `DATE` (YYYY-MM-DD; default today)")
	fs.StringVar(&c.format, "format", "text", "output `format`: text, md, json or ics")
	fs.BoolVar(&c.failOverdue, "fail-overdue", false, "exit 3 when any action shown is overdue or held")
	fs.StringVar(&c.party, "party", "", "keep what concerns a party whose name contains `TEXT`")
	fs.StringVar(&c.person, "person", "", "keep what a person whose name contains `TEXT` owns or signs")
	fs.StringVar(&c.dueWithin, "due-within", "", "keep what is due within `DAYS` (7d) or weeks (2w), or late")
	fs.StringVar(&c.remind, "remind", "", "with --format ics, remind `DAYS` (2d) or weeks (1w) before each due date")
}

// maxDeals bounds how many notes files one status reads.
const maxDeals = 100_000

func (c *statusCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 0 {
		return usageErrorf("status: give a notes file, or several, or folders of them")
	}
	switch c.format {
	case "text", "md", "json", "ics":
	default:
		return usageErrorf("status: --format must be text, md, json or ics, not %q", c.format)
	}
	asOf := schema.DateOf(time.Now())
	if c.asOf != "" {
		d, err := schema.ParseDate(c.asOf)
		if err != nil {
			return usageErrorf("status: --as-of: %v", err)
		}
		asOf = d
	}
	f := status.Filter{Party: c.party, Person: c.person}
	if c.dueWithin != "" {
		n, err := daysOf(c.dueWithin, 0)
		if err != nil {
			return usageErrorf("status: --due-within %q: %v", c.dueWithin, err)
		}
		f.DueBy = asOf.AddDays(n)
	}
	remind, err := reminder(c.remind)
	if err != nil {
		return usageErrorf("status: --remind %q: %v", c.remind, err)
	}
	if remind > 0 && c.format != "ics" {
		return usageErrorf("status: --remind sets reminders in a calendar: add --format ics")
	}
	cal := render.Calendar{Version: version(), Remind: remind}
	if len(args) == 1 {
		if fi, err := os.Stat(args[0]); err != nil || !fi.IsDir() {
			return c.one(e, args[0], asOf, f, cal)
		}
	}
	return c.many(ctx, e, args, asOf, f, cal)
}

// one reports on one notes file.
func (c *statusCmd) one(e *env, name string, asOf schema.Date, f status.Filter, cal render.Calendar) error {
	in, err := loadSource(e, name)
	if err != nil {
		return err
	}
	r := status.Of(in.Notes, asOf)
	r.Filter = f
	var out []byte
	switch c.format {
	case "json":
		out, err = r.JSON()
	case "md":
		out = r.Markdown()
	case "ics":
		w := render.NewCalendars(in.Notes.Title, cal)
		w.Add(name, in.Notes, r.Open())
		out = w.Bytes()
	default:
		out = r.Text()
	}
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(out); err != nil {
		return err
	}
	return c.fail(r.Overdue(), r.Held())
}

// many reports on many notes files, one at a time, merged.
func (c *statusCmd) many(ctx context.Context, e *env, args []string, asOf schema.Date, f status.Filter, cal render.Calendar) error {
	files, ioErr := e.notesFiles(args)
	if len(files) > maxDeals {
		return usageErrorf("status: %d notes files; at most %d at a time", len(files), maxDeals)
	}
	m := status.NewDeals(asOf, f)
	w := render.NewCalendars("recap: open actions as of "+asOf.Long(), cal)
	invalid := 0
	e.loadInOrder(ctx, files, func(name string, l loaded) {
		switch {
		case l.err != nil:
			fmt.Fprintf(e.stderr, "recap: %s\n", safeLines(l.err.Error()))
			ioErr = &exitError{code: exitUsage}
			m.Skip(name, "cannot be read")
		case l.diags.Errors() > 0:
			invalid++
			m.Skip(name, notValid(l.diags))
		default:
			if r := m.Add(name, l.notes); r != nil && c.format == "ics" {
				w.Add(name, l.notes, r.Open())
			}
		}
	})
	if err := ctx.Err(); err != nil {
		return err
	}
	var out []byte
	var err error
	switch c.format {
	case "json":
		out, err = m.JSON()
	case "md":
		out = m.Markdown()
	case "ics":
		out = w.Bytes()
	default:
		out = m.Text()
	}
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(out); err != nil {
		return err
	}
	switch {
	case ioErr != nil:
		return ioErr
	case invalid > 0:
		return &exitError{code: exitInvalid, msg: fmt.Sprintf("status: %s not valid notes, left out (recap check says why)", schema.Count(invalid, "file is", "files are"))}
	}
	return c.fail(m.Overdue(), m.Held())
}

// loaded is a notes file read and checked.
type loaded struct {
	notes *schema.Notes
	diags schema.List
	err   error // it could not be read
}

// loadInOrder reads and checks files on every core and hands each to
// use, in the order given, on the calling goroutine. At most two files
// per core are loaded and not yet used: memory holds a few deals, not
// all of them. Once ctx is done the files left are not read.
func (e *env) loadInOrder(ctx context.Context, files []string, use func(name string, l loaded)) {
	e.fontSet() // made once, before the loaders share it
	ahead := make(chan struct{}, 2*runtime.GOMAXPROCS(0))
	results := make([]chan loaded, len(files))
	for i := range results {
		results[i] = make(chan loaded, 1)
	}
	go func() {
		for i, name := range files {
			ahead <- struct{}{}
			go func() {
				if err := ctx.Err(); err != nil {
					results[i] <- loaded{err: err}
					return
				}
				src, err := readNotes(name)
				if err != nil {
					results[i] <- loaded{err: err}
					return
				}
				n, diags := e.loadNotes(name, src)
				results[i] <- loaded{notes: n, diags: diags}
			}()
		}
	}()
	for i, name := range files {
		l := <-results[i]
		<-ahead
		if ctx.Err() == nil {
			use(name, l)
		}
	}
}

// fail is the --fail-overdue condition.
func (c *statusCmd) fail(overdue, held int) error {
	if !c.failOverdue || overdue+held == 0 {
		return nil
	}
	msg := schema.Count(overdue, "action", "actions") + " overdue"
	if held > 0 {
		msg += ", " + schema.Count(held, "delivery", "deliveries") + " held"
	}
	return &exitError{code: exitCondition, msg: msg}
}

// notValid says why notes are left out: how many errors, and the first.
func notValid(diags schema.List) string {
	diags.Sort()
	for _, d := range diags {
		if d.Severity == schema.Error {
			first := fmt.Sprintf("%d:%d: %s", d.Line, d.Col, d.Message)
			return fmt.Sprintf("not valid notes (%s; the first at %s)", schema.Count(diags.Errors(), "error", "errors"), first)
		}
	}
	return "not valid notes"
}

// notesFiles expands the arguments: a file is itself, a folder every
// .toml file below it, in lexical order, hidden files and folders (their
// names start with a dot) skipped. A file given twice is read once. An
// argument that cannot be read is reported, and its error returned.
func (e *env) notesFiles(args []string) ([]string, error) {
	var files []string
	var ioErr error
	seen := map[string]bool{}
	add := func(name string) {
		if clean := filepath.Clean(name); !seen[clean] {
			seen[clean] = true
			files = append(files, name)
		}
	}
	for _, arg := range args {
		fi, err := os.Stat(arg)
		if err != nil || !fi.IsDir() {
			add(arg) // reading it says what is wrong
			continue
		}
		err = filepath.WalkDir(arg, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			hidden := path != arg && strings.HasPrefix(d.Name(), ".")
			switch {
			case d.IsDir() && hidden:
				return filepath.SkipDir
			case !d.IsDir() && !hidden && strings.HasSuffix(d.Name(), ".toml"):
				add(path)
			}
			return nil
		})
		if err != nil {
			fmt.Fprintf(e.stderr, "recap: %s\n", safeLines(err.Error()))
			ioErr = &exitError{code: exitUsage}
		}
	}
	return files, ioErr
}
