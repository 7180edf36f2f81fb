package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/render"
	"github.com/recaptool/recap/schema"
)

var diffCommand = command{
	name:    "diff",
	args:    "[--format text|md] [--brief] [--fail-on-weakened] OLD.toml NEW.toml",
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

Exit status: 0 whether or not anything changed; 1 if either file has
errors; 2 for usage or file errors; 3 with --fail-on-weakened when a
change weakens our position (they are named on standard error).`,
	new: func() runner { return new(diffCmd) },
}

type diffCmd struct {
	format         string
	brief          bool
	failOnWeakened bool
}

func (c *diffCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output `format`: text or md")
	fs.BoolVar(&c.brief, "brief", false, "every change, private ones too, with ids, marked as internal: for our side only")
	fs.BoolVar(&c.failOnWeakened, "fail-on-weakened", false, "exit 3 when a change weakens our position")
}

func (c *diffCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 2 {
		return usageErrorf("diff: give two notes files, the old and the new")
	}
	if c.format != "text" && c.format != "md" {
		return usageErrorf("diff: --format must be text or md, not %q", c.format)
	}
	old, err := loadSource(e, args[0])
	if err != nil {
		return err
	}
	new, err := loadSource(e, args[1])
	if err != nil {
		return err
	}
	cs := changes.Agreed(old.Notes, new.Notes)
	if c.brief {
		cs = changes.Between(old.Notes, new.Notes)
	}
	since := render.NewSince(old.Notes, cs)
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
