package main

import (
	"context"
	"flag"
	"fmt"
	"runtime"
	"runtime/debug"
	"strings"
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

	recap schema > recap.schema.json

Exit status: 0; 2 for arguments.`,
	new: func() runner { return new(schemaCmd) },
}

type schemaCmd struct{}

func (*schemaCmd) flags(*flag.FlagSet) {}

func (*schemaCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("schema: takes no arguments")
	}
	_, err := e.stdout.Write(schema.InlinedSchema())
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
it.

Exit status: 0; 2 for a template it does not have.`,
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
	help: `
Version prints the version of recap: a release's version, or "(devel)" and
the commit a build from a git checkout was made of ("+modified" if its work
tree was), and on a second line the commit and its date, and the Go
version and platform. The first line is the identity 'recap verify'
compares: a PDF made by another build verifies only if this one rebuilds
it to the same bytes, and the line says which build made it.

Exit status: 0; 2 for arguments.`,
	new: func() runner { return new(versionCmd) },
}

type versionCmd struct{}

func (*versionCmd) flags(*flag.FlagSet) {}

func (*versionCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("version takes no arguments")
	}
	bi, _ := debug.ReadBuildInfo()
	_, err := fmt.Fprintf(e.stdout, "recap %s\n%s\n", version(), buildDetails(bi))
	return err
}

// releaseVersion is a release's version, set by the release script
// (.ci/release): go build -ldflags "-X main.releaseVersion=v1.2.0".
var releaseVersion string

// version is recap's identity, as `recap version` prints it, PDFs record
// it and `recap verify` compares it: a release's version; else the
// module's version (go install MODULE@VERSION); else, for a build from a
// checkout, "(devel)" and, where Go recorded it, the commit, "+modified"
// if the work tree was: "(devel) 564b757a1c2e+modified". Two builds of
// different code then name themselves differently, and verify can tell
// them apart.
var version = sync.OnceValue(func() string {
	bi, _ := debug.ReadBuildInfo()
	return identity(releaseVersion, bi)
})

func identity(release string, bi *debug.BuildInfo) string {
	switch {
	case release != "":
		return release
	case bi == nil:
		return "(devel)"
	case bi.Main.Version != "" && bi.Main.Version != "(devel)":
		return bi.Main.Version
	}
	v := "(devel)"
	if rev := setting(bi, "vcs.revision"); rev != "" {
		v += " " + rev[:min(12, len(rev))]
	}
	if setting(bi, "vcs.modified") == "true" {
		v += "+modified"
	}
	return v
}

// buildDetails says what a build was made of: "commit 564b757a1c2e…
// (2026-12-07T17:31:11Z), go1.26.0 linux/amd64".
func buildDetails(bi *debug.BuildInfo) string {
	var parts []string
	if rev := setting(bi, "vcs.revision"); rev != "" {
		c := "commit " + rev
		if at := setting(bi, "vcs.time"); at != "" {
			c += " (" + at + ")"
		}
		if setting(bi, "vcs.modified") == "true" {
			c += ", modified"
		}
		parts = append(parts, c)
	}
	goVersion := runtime.Version()
	if bi != nil {
		goVersion = bi.GoVersion
	}
	return strings.Join(append(parts, goVersion+" "+runtime.GOOS+"/"+runtime.GOARCH), ", ")
}

func setting(bi *debug.BuildInfo, key string) string {
	if bi == nil {
		return ""
	}
	for _, s := range bi.Settings {
		if s.Key == key {
			return s.Value
		}
	}
	return ""
}
