package main

import (
	"context"
	"flag"

	"github.com/recaptool/recap/schema"
)

var sharedCommand = command{
	name:    "shared",
	args:    "NOTES.toml|DOCUMENT.pdf",
	summary: "print the shared notes: what the other side receives",
	help: `
Shared prints the shared notes of a notes file on standard output: the notes
without anything private (the negotiation history, go_first reasons, notes,
how and on what evidence authority was confirmed, values, limits, private
entries, comments), as canonical TOML. They are exactly what the agreement's
PDF embeds, and building them gives the same agreement, byte for byte.

Given an agreement's PDF, it prints the shared notes it embeds; a brief's,
the shared part of the notes it embeds. As git's textconv for PDFs, it
makes 'git diff' of agreements readable without Poppler (README, "In a
repository").

Exit status: 0, 1 if the notes have errors, 2 for usage or file errors.`,
	new: func() runner { return new(sharedCmd) },
}

type sharedCmd struct{}

func (*sharedCmd) flags(*flag.FlagSet) {}

func (*sharedCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usageErrorf("shared: give one notes file")
	}
	if devNull(args[0]) {
		return usageErrorf("shared: give a notes file or a recap PDF, not %s", args[0])
	}
	in, err := loadRevision(e, args[0], false)
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(schema.SharedNotes(in.Notes))
	return err
}
