package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"

	"github.com/recaptool/recap/schema"
)

var checkCommand = command{
	name:    "check",
	args:    "[--strict] [--format text|json] [--font-path DIR]... [--no-system-fonts] NOTES.toml...",
	summary: "check notes files and report every problem",
	help: `
Check validates each notes file and prints every problem found, one per line,
sorted by position, on standard output:

	FILE:LINE:COL: error: MESSAGE
	FILE:LINE:COL: warning: MESSAGE

With --format json it prints one JSON array of objects with the keys file,
line, col, severity, rule and message instead (an empty array if all is well).

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
	fs.StringVar(&c.format, "format", "text", "output `format`: text or json")
	c.fonts.register(fs)
}

func (c *checkCmd) run(ctx context.Context, e *env, files []string) error {
	if c.format != "text" && c.format != "json" {
		return usageErrorf("check: --format must be text or json, not %q", c.format)
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

func printDiagnostics(w io.Writer, format string, diags schema.List) error {
	if format == "json" {
		if diags == nil {
			diags = schema.List{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(diags)
	}
	for _, d := range diags {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}
