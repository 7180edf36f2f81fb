package main

import (
	"bytes"
	"cmp"
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
)

var diffCommand = command{
	name:    "diff",
	args:    "[--format text|md] [--brief] [--fail-on-weakened] [--lenient] OLD.toml|OLD.pdf|/dev/null NEW.toml|NEW.pdf|/dev/null",
	summary: "say what changed between two revisions of the notes",
	help: `
Diff compares two revisions of the notes by meaning, not by line, and prints
one line per change: an item's text or owner, an action added or removed, a
due date moved (by how many days), a condition added or removed, authority
added or changed, status or revision. Unchanged entries are not mentioned,
and files that differ only in comments or layout print nothing.

By default it says what the agreement's "Changes since" would: the changes
of the shared notes, each entry named in words (no ids), so that it can be
sent to the other side. --brief says every change, private ones too
(limits, values, notes, rounds), with ids, marked as internal, as the
brief's "Changes since" does, and marks "weakened:" each change that
weakens our position: a condition removed from one of our actions, or
go_first added to one; a due date of theirs later or one of ours earlier;
a value of theirs lower or of ours higher; a confirmation of authority
removed or dated later; an open point added to a final recap. Without
--brief, whose output is fit to send, standard error says how many there
are. --format md
prints a Markdown section, as 'recap build --since OLD.toml' adds to the
documents.

Either side may be an agreement's or a brief's PDF, whose embedded notes
are compared, or /dev/null, no notes (a file added or deleted). --lenient
compares a revision with errors as no notes and says so, rather than
failing. Given git's seven arguments (PATH OLD-FILE OLD-HEX OLD-MODE
NEW-FILE NEW-HEX NEW-MODE), it is git's diff driver, lenient; the README
shows the .gitattributes that make it so.

Exit status: 0 whether or not anything changed; 1 if either file has
errors (not with --lenient); 2 for usage or file errors; 3 with
--fail-on-weakened when a change weakens our position (they are named on
standard error).`,
	new: func() runner { return new(diffCmd) },
}

type diffCmd struct {
	format         string
	brief          bool
	failOnWeakened bool
	lenient        bool
}

// isMode reports whether s is a file mode as git passes it ("100644"),
// or "." for a file that is not there.
func isMode(s string) bool {
	return s == "." || len(s) == 6 && strings.Trim(s, "01234567") == ""
}

func (c *diffCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output `format`: text or md")
	fs.BoolVar(&c.brief, "brief", false, "every change, private ones too, with ids, marked as internal: for our side only")
	fs.BoolVar(&c.failOnWeakened, "fail-on-weakened", false, "exit 3 when a change weakens our position")
	fs.BoolVar(&c.lenient, "lenient", false, "compare a revision with errors as no notes, saying so, and exit 0 (for git)")
}

func (c *diffCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) == 7 && isMode(args[3]) && isMode(args[6]) {
		// git's diff driver: PATH OLD-FILE OLD-HEX OLD-MODE NEW-FILE
		// NEW-HEX NEW-MODE (git help config, diff.<driver>.command).
		fmt.Fprintf(e.stdout, "recap diff %s\n", args[0])
		args, c.lenient = []string{args[1], args[4]}, true
	}
	if len(args) != 2 {
		return usageErrorf("diff: give two notes files, the old and the new")
	}
	if c.format != "text" && c.format != "md" {
		return usageErrorf("diff: --format must be text or md, not %q", c.format)
	}
	old, err := loadRevision(e, args[0], c.lenient)
	if err != nil {
		return err
	}
	new, err := loadRevision(e, args[1], c.lenient)
	if err != nil {
		return err
	}
	if old.Notes == nil || new.Notes == nil {
		// A file added or deleted, or one that cannot be read as notes:
		// what there is, in a line.
		switch {
		case devNull(old.Name) && new.Notes != nil:
			fmt.Fprintf(e.stdout, "added: %s\n", summary(new.Notes))
		case devNull(new.Name) && old.Notes != nil:
			fmt.Fprintf(e.stdout, "deleted: %s\n", summary(old.Notes))
		}
		return nil
	}
	cs := changes.Agreed(old.Notes, new.Notes)
	if c.brief {
		cs = changes.Between(old.Notes, new.Notes)
	}
	since := render.NewSince(old.Notes, cs, nil)
	if c.brief && len(cs) > 0 {
		mark := render.Internal + ": every change, private ones too\n"
		if c.format == "md" {
			mark = "**" + mark[:len(mark)-1] + ".**\n\n"
		}
		if _, err := io.WriteString(e.stdout, mark); err != nil {
			return err
		}
	}
	if c.format == "md" {
		md, err := render.ChangesMarkdown(since)
		if err != nil {
			return err
		}
		if _, err := e.stdout.Write(md); err != nil {
			return err
		}
		return c.weakened(e, old, new)
	}
	for _, ch := range since.Changes {
		if _, err := fmt.Fprintln(e.stdout, ch.Raw()); err != nil {
			return err
		}
	}
	return c.weakened(e, old, new)
}

// weakened fails, with --fail-on-weakened, where a change weakens our
// position: judged on every change, private ones too, whatever was
// printed. Without it, the default output, fit to send, still gets a word
// of concern on standard error.
func (c *diffCmd) weakened(e *env, old, new *render.Source) error {
	ws := changes.Weakened(changes.Between(old.Notes, new.Notes))
	if len(ws) == 0 {
		return nil
	}
	if !c.failOnWeakened {
		if !c.brief { // --brief marks them where they stand
			fmt.Fprintf(e.stderr, "recap: %s our position; recap diff --brief marks %s\n", schema.Count(len(ws), "change weakens", "changes weaken"), map[bool]string{true: "it", false: "them"}[len(ws) == 1])
		}
		return nil
	}
	lines := make([]string, len(ws))
	for i, w := range ws {
		lines[i] = "  " + w.Subject + ": " + w.Text
	}
	return &exitError{code: exitCondition, msg: schema.Count(len(ws), "change weakens", "changes weaken") + " our position:\n" + strings.Join(lines, "\n")}
}

// loadSource reads and checks a notes file; errors are printed and make
// it invalid input.
func loadSource(e *env, name string) (*render.Source, error) {
	src, err := readNotes(name)
	if err != nil {
		return nil, err
	}
	in := e.checkNotes(name, src)
	if in.Diags.Errors() > 0 {
		printDiagnostics(e.stderr, "text", in.Diags)
		return nil, errInvalid
	}
	return &in, nil
}

// isPDF reports whether data is a PDF, by its header.
func isPDF(data []byte) bool { return bytes.HasPrefix(data, []byte("%PDF-")) }

// devNull is how git and shells name a file that is not there: one side
// of a file added or deleted.
func devNull(name string) bool {
	return name == os.DevNull || name == "/dev/null" || strings.EqualFold(name, "nul")
}

// loadRevision reads one side of a diff: notes, the notes a recap PDF
// embeds, or none (/dev/null: Notes nil). Lenient, a revision with errors
// is no error: it says so on standard output and stands for none, so that
// a diff driver never fails a git command.
func loadRevision(e *env, name string, lenient bool) (*render.Source, error) {
	if devNull(name) {
		return &render.Source{Name: name}, nil
	}
	src, err := readNotes(name)
	if err != nil {
		return nil, err
	}
	shown := name
	if isPDF(src) {
		var embedded string
		if embedded, src, err = render.EmbeddedNotes(src); err != nil {
			return nil, &exitError{code: exitInvalid, msg: fmt.Sprintf("%s: %v", name, err)}
		}
		shown = name + " (" + embedded + ")"
	}
	in := e.checkNotes(shown, src)
	if n := in.Diags.Errors(); n > 0 {
		if !lenient {
			printDiagnostics(e.stderr, "text", in.Diags)
			return nil, errInvalid
		}
		first := in.Diags[slices.IndexFunc(in.Diags, func(d schema.Diagnostic) bool { return d.Severity == schema.Error })]
		fmt.Fprintf(e.stdout, "%s is not valid notes (%s; the first: %s), so it cannot be compared\n", shown, schema.Count(n, "error", "errors"), first)
		return &render.Source{Name: name}, nil
	}
	return &in, nil
}

// summary says in a line what notes are: "“Supply”, revision 3, final, 2
// parties, 4 terms, 17 steps".
func summary(n *schema.Notes) string {
	return fmt.Sprintf("“%s”, revision %d, %s, %s, %s, %s", n.Title, max(n.Revision, 1), cmp.Or(n.Status, schema.Draft),
		schema.Count(len(n.Parties), "party", "parties"), schema.Count(len(n.Items), "term", "terms"), schema.Count(len(n.Actions), "step", "steps"))
}
