package main

import (
	"context"
	"flag"

	"github.com/recaptool/recap/schema"
)

var sharedCommand = command{
	name:    "shared",
	args:    "NOTES.toml",
	summary: "print the shared notes: what the other side receives",
	help: `
Shared prints the shared notes of a notes file on standard output: the notes
without anything private (the negotiation history, go_first reasons, notes,
how and on what evidence authority was confirmed, values, limits, private
entries, comments), as canonical TOML. They are exactly what the agreement's
PDF embeds, and building them gives the same agreement, byte for byte.

Exit status: 0, 1 if the notes have errors, 2 for usage or file errors.`,
	new: func() runner { return new(sharedCmd) },
}

type sharedCmd struct{}

func (*sharedCmd) flags(*flag.FlagSet) {}

func (*sharedCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usageErrorf("shared: give one notes file")
	}
	in, err := loadSource(e, args[0])
	if err != nil {
		return err
	}
	_, err = e.stdout.Write(schema.SharedNotes(in.Notes))
	return err
}
