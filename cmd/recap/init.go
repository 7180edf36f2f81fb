package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

var initCommand = command{
	name:    "init",
	args:    "[FILE]",
	summary: "write a commented starter notes file",
	help: `
Init writes a commented starter notes file to FILE (default notes.toml) that
passes 'recap check', and beside it recap.schema.json, the JSON Schema its
first line names for editors (Taplo: VS Code with Even Better TOML, say). It
never overwrites an existing file: a recap.schema.json already there is
kept.

Exit status: 0 when written, 1 when FILE already exists, 2 for usage or
write errors.`,
	new: func() runner { return new(initCmd) },
}

type initCmd struct{}

func (*initCmd) flags(*flag.FlagSet) {}

func (*initCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return usageErrorf("init: too many arguments; give one file name")
	}
	name := "notes.toml"
	if len(args) == 1 {
		name = args[0]
	}
	err := createNew(name, templates.Starter)
	if errors.Is(err, os.ErrExist) {
		return &exitError{code: exitInvalid, msg: name + " already exists; not overwriting it"}
	}
	if err != nil {
		return err
	}
	wrote := name
	schemaFile := filepath.Join(filepath.Dir(name), "recap.schema.json")
	switch err := createNew(schemaFile, schema.InlinedSchema()); {
	case err == nil:
		wrote += " and " + schemaFile
	case !errors.Is(err, os.ErrExist):
		return err
	}
	fmt.Fprintf(e.stdout, "wrote %s; edit it, then run: recap check %s\n", term.Safe(wrote), term.Safe(name))
	return nil
}
