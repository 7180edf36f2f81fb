package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"

	"github.com/recaptool/recap/render"
)

var verifyCommand = command{
	name:    "verify",
	args:    "[--template FILE] RECAP.pdf [NOTES.toml]",
	summary: "check that a PDF is exactly what recap made from its notes",
	help: `
Verify checks that RECAP.pdf is byte for byte the PDF this version of recap
makes from the notes embedded in it, by rebuilding it and comparing. With
NOTES.toml it also checks that this file is the one embedded. It prints one
line: "verified" and what, or why not: the PDF was altered or rewritten,
the notes differ, there are no embedded notes, or another recap version or
template made it (give that template with --template).

What this proves, and what it does not: see "Trust" in the README. It is
not a cryptographic signature of a person.

Exit status: 0 when verified, 1 when not, 2 for usage or file errors.`,
	new: func() runner { return new(verifyCmd) },
}

type verifyCmd struct{ template string }

func (c *verifyCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.template, "template", "", "the template `FILE` the PDF was built with, if not the default")
}

func (c *verifyCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) < 1 || len(args) > 2 {
		return usageErrorf("verify: give a PDF, and optionally the notes file")
	}
	file, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	def, _, err := loadTemplate("")
	if err != nil {
		return err
	}
	opt := render.VerifyOptions{Version: version(), Default: def}
	if c.template != "" {
		if opt.Template, opt.TemplateHash, err = loadTemplate(c.template); err != nil {
			return err
		}
	}
	if len(args) == 2 {
		if opt.Notes, err = readNotes(args[1]); err != nil {
			return err
		}
		opt.NotesName = args[1]
	}
	name, notes, err := render.Verify(file, opt)
	if errors.Is(err, render.ErrNotVerified) {
		return &exitError{code: exitInvalid, msg: fmt.Sprintf("%s: %v", args[0], err)}
	}
	if err != nil {
		return err
	}
	what := "the embedded " + name
	if len(args) == 2 {
		what = args[1]
	}
	_, err = fmt.Fprintf(e.stdout, "%s: verified: made by recap %s from %s (SHA-256 %s)\n", args[0], version(), what, render.Fingerprint(notes)[:16]+"…")
	return err
}
