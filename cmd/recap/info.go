package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"

	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/templates"
)

var schemaCommand = command{
	name:    "schema",
	args:    "",
	summary: "print the JSON Schema of notes files, for editors",
	help: `
Schema prints the JSON Schema (draft-07) that holds the structural rules of
notes files. Save it next to your notes and start them with

	#:schema ./recap.schema.json

to get completion and the same checks in editors that use Taplo, such as
VS Code with Even Better TOML:

	recap schema > recap.schema.json`,
	new: func() runner { return new(schemaCmd) },
}

type schemaCmd struct{}

func (*schemaCmd) flags(*flag.FlagSet) {}

func (*schemaCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("schema: takes no arguments")
	}
	_, err := e.stdout.Write(schema.JSONSchema)
	return err
}

var templateCommand = command{
	name:    "template",
	args:    "",
	summary: "print the default recap template, to start your own",
	help: `
Template prints the default recap template, a Go text/template that writes
Markdown. Save it, edit it, and build with it:

	recap template > my.md.tmpl
	recap build --template my.md.tmpl notes.toml

User text reaches the template escaped, so it always prints as typed; the
PDF and HTML are drawn from the Markdown the template writes.`,
	new: func() runner { return new(templateCmd) },
}

type templateCmd struct{}

func (*templateCmd) flags(*flag.FlagSet) {}

func (*templateCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("template: takes no arguments")
	}
	_, err := e.stdout.Write(templates.Recap)
	return err
}

var versionCommand = command{
	name:    "version",
	args:    "",
	summary: "print recap's version",
	help:    "Version prints the version of recap, as recorded when it was built.",
	new:     func() runner { return new(versionCmd) },
}

type versionCmd struct{}

func (*versionCmd) flags(*flag.FlagSet) {}

func (*versionCmd) run(ctx context.Context, e *env, args []string) error {
	_, err := fmt.Fprintln(e.stdout, "recap", version())
	return err
}

// version is the module version, or "(devel)" for a build from a checkout.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}
