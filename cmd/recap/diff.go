package main

import (
	"context"
	"flag"
	"fmt"
	"io"

	"github.com/recaptool/recap/changes"
	"github.com/recaptool/recap/render"
)

var diffCommand = command{
	name:    "diff",
	args:    "[--format text|md] [--brief] OLD.toml NEW.toml",
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
brief's "Changes since" does. --format md prints a Markdown section, as
'recap build --since OLD.toml' adds to the documents.

Exit status: 0 whether or not anything changed; 1 if either file has
errors; 2 for usage or file errors.`,
	new: func() runner { return new(diffCmd) },
}

type diffCmd struct {
	format string
	brief  bool
}

func (c *diffCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output `format`: text or md")
	fs.BoolVar(&c.brief, "brief", false, "every change, private ones too, with ids, marked as internal: for our side only")
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
		_, err = e.stdout.Write(md)
		return err
	}
	for _, ch := range since.Changes {
		if _, err := fmt.Fprintln(e.stdout, ch.Raw()); err != nil {
			return err
		}
	}
	return nil
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
