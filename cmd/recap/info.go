package main

import (
	"context"
	"flag"
	"fmt"
	"runtime/debug"
	"sync"

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
	args:    "[agreement|brief|mail|nudge|sections]",
	summary: "print a default template, to start your own",
	help: `
Template prints the default template of the agreement (the default), of the
brief, of the recap's mail or a reminder ('recap mail', 'recap mail
--nudge'), or the sections the documents are made of, which every template
can use. Each is a Go text/template that writes Markdown (a mail carries it
as plain text and as HTML). Save one, edit it, and build with it:

	recap template > mine.md.tmpl
	recap build --template mine.md.tmpl notes.toml

User text reaches the template escaped, so it always prints as typed; the
PDF and HTML are drawn from the Markdown the template writes. The agreement
is made from the shared notes, so no template can put anything private in
it.`,
	new: func() runner { return new(templateCmd) },
}

type templateCmd struct{}

func (*templateCmd) flags(*flag.FlagSet) {}

func (*templateCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 1 {
		return usageErrorf("template: give at most one of agreement, brief, mail, nudge or sections")
	}
	which := "agreement"
	if len(args) == 1 {
		which = args[0]
	}
	var text []byte
	switch which {
	case "agreement":
		text = templates.Agreement
	case "brief":
		text = templates.Brief
	case "mail":
		text = templates.Mail
	case "nudge":
		text = templates.Nudge
	case "sections":
		text = templates.Sections
	default:
		return usageErrorf("template: %q is not agreement, brief, mail, nudge or sections", which)
	}
	_, err := e.stdout.Write(text)
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

// version is the module version; for a build from a checkout, "(devel)"
// and, where Go recorded it, the commit, "+modified" if the work tree was:
// "(devel) 564b757a1c2e+modified". Two builds of different code then
// name themselves differently, and verify can tell them apart.
var version = sync.OnceValue(func() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "(devel)"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	v, modified := "(devel)", false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			v += " " + s.Value[:min(12, len(s.Value))]
		case "vcs.modified":
			modified = s.Value == "true"
		}
	}
	if modified {
		v += "+modified"
	}
	return v
})
