package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"

	"github.com/recaptool/recap/schema"
)

var checkCommand = command{
	name:    "check",
	args:    "[--strict] [--format text|json|sarif] [--font-path DIR]... [--no-system-fonts] NOTES.toml...",
	summary: "check notes files and report every problem",
	help: `
Check validates each notes file and prints every problem found, one per line,
sorted by position, on standard output:

	FILE:LINE:COL: error: MESSAGE
	FILE:LINE:COL: warning: MESSAGE

With --format json it prints one JSON array of objects with the keys file,
line, col, severity, rule and message instead (an empty array if all is
well); with --format sarif, a SARIF 2.1.0 log, for code-scanning tools.
A warning the notes accept (accept = ["RULE"] on its entry) prints as
"accepted" and does not fail --strict.

Exit status: 0 when no file has errors (warnings are allowed unless --strict),
1 when any file has errors, 2 for usage errors or files that cannot be read.`,
	new: func() runner { return new(checkCmd) },
}

type checkCmd struct {
	strict bool
	format string
	fonts  fontFlags
}

func (c *checkCmd) flags(fs *flag.FlagSet) {
	fs.BoolVar(&c.strict, "strict", false, "fail on warnings too")
	fs.StringVar(&c.format, "format", "text", "output `format`: text, json or sarif")
	c.fonts.register(fs)
}

func (c *checkCmd) run(ctx context.Context, e *env, files []string) error {
	if !slices.Contains(diagnosticFormats, c.format) {
		return usageErrorf("check: --format must be text, json or sarif, not %q", c.format)
	}
	if len(files) == 0 {
		return usageErrorf("check: no notes files given")
	}
	e.fonts = c.fonts.set()
	var all schema.List
	var ioErr error
	for _, name := range files {
		diags, err := e.checkFile(name)
		if err != nil {
			fmt.Fprintf(e.stderr, "recap: %s\n", safeLines(err.Error()))
			ioErr = &exitError{code: exitUsage}
			continue
		}
		all = append(all, diags...)
	}
	if err := printDiagnostics(e.stdout, c.format, all); err != nil {
		return err
	}
	switch {
	case ioErr != nil:
		return ioErr
	case all.Errors() > 0 || c.strict && all.Warnings() > 0:
		return errInvalid
	}
	return nil
}

func (e *env) checkFile(name string) (schema.List, error) {
	src, err := readNotes(name)
	if err != nil {
		return nil, err
	}
	_, diags := e.loadNotes(name, src)
	return diags, nil
}

// diagnosticFormats are the ways diagnostics print: lines, a JSON array,
// a SARIF log.
var diagnosticFormats = []string{"text", "json", "sarif"}

// printDiagnostics prints diagnostics in one of diagnosticFormats; every
// command prints them so.
func printDiagnostics(w io.Writer, format string, diags schema.List) error {
	switch format {
	case "json":
		if diags == nil {
			diags = schema.List{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(diags)
	case "sarif":
		b, err := diags.SARIF(version())
		if err == nil {
			_, err = w.Write(b)
		}
		return err
	}
	for _, d := range diags {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}
