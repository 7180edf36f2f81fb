package main

import (
	"cmp"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"

	"github.com/recaptool/recap/schema"
)

var checkCommand = command{
	name:    "check",
	args:    "[--strict] [--format text|json|sarif|github] [--stdin-filename NAME] [--font-path DIR]... [--no-system-fonts] NOTES.toml...|-",
	summary: "check notes files and report every problem",
	help: `
Check validates each notes file and prints every problem found, one per line,
sorted by position, on standard output:

	FILE:LINE:COL: error: MESSAGE
	FILE:LINE:COL: warning: MESSAGE

With --format json it prints one JSON array of objects with the keys file,
line, col, severity, rule and message instead (an empty array if all is
well); with --format sarif, a SARIF 2.1.0 log, for code-scanning tools
(every rule described); with --format github, GitHub Actions' workflow
commands (::error file=…,line=…,col=…::…), which annotate the lines of a
pull request without code scanning. A warning the notes accept (accept =
["RULE"] on its entry) prints as "accepted" and does not fail --strict.

"-" reads the notes from standard input, as an editor checks text not
saved yet; --stdin-filename NAME names them in the diagnostics (default
"<stdin>"), and says where a #:schema line's path is relative to.

Exit status: 0 when no file has errors (warnings are allowed unless --strict),
1 when any file has errors, 2 for usage errors or files that cannot be read.`,
	new: func() runner { return new(checkCmd) },
}

type checkCmd struct {
	strict    bool
	format    string
	stdinName string
	fonts     fontFlags
}

func (c *checkCmd) flags(fs *flag.FlagSet) {
	fs.BoolVar(&c.strict, "strict", false, "fail on warnings too")
	fs.StringVar(&c.format, "format", "text", "output `format`: text, json, sarif or github")
	fs.StringVar(&c.stdinName, "stdin-filename", "", "the `NAME` of notes read from standard input (-), for diagnostics")
	c.fonts.register(fs)
}

func (c *checkCmd) run(ctx context.Context, e *env, files []string) error {
	if !slices.Contains(diagnosticFormats, c.format) {
		return usageErrorf("check: --format must be text, json, sarif or github, not %q", c.format)
	}
	if len(files) == 0 {
		return usageErrorf("check: no notes files given")
	}
	e.fonts = c.fonts.set()
	var all schema.List
	var ioErr error
	if slices.Contains(files, "-") && len(files) > 1 {
		return usageErrorf("check: - (standard input) is checked alone")
	}
	if c.stdinName != "" && !slices.Contains(files, "-") {
		return usageErrorf("check: --stdin-filename names notes read from standard input: give - as the file")
	}
	for _, name := range files {
		var diags schema.List
		var err error
		if name == "-" {
			diags, err = e.checkStdin(cmp.Or(c.stdinName, "<stdin>"))
		} else {
			diags, err = e.checkFile(name)
		}
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

// checkStdin checks notes read from standard input, named name.
func (e *env) checkStdin(name string) (schema.List, error) {
	if e.stdin == nil {
		return nil, fmt.Errorf("no standard input")
	}
	src, err := io.ReadAll(io.LimitReader(e.stdin, schema.MaxSize+1))
	if err != nil {
		return nil, fmt.Errorf("reading standard input: %w", err)
	}
	_, diags := e.loadNotes(name, src)
	return diags, nil
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
// a SARIF log, GitHub Actions' workflow commands.
var diagnosticFormats = []string{"text", "json", "sarif", "github"}

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
	case "github":
		for _, d := range diags {
			if _, err := fmt.Fprintln(w, githubCommand(d)); err != nil {
				return err
			}
		}
		return nil
	}
	for _, d := range diags {
		if _, err := fmt.Fprintln(w, d); err != nil {
			return err
		}
	}
	return nil
}

// githubCommand writes a diagnostic as a workflow command of GitHub
// Actions, which annotates the line in a pull request: an error, a
// warning, or for an accepted warning a notice. Values are escaped as the
// runner reads them (% CR LF, and in properties : and ,).
func githubCommand(d schema.Diagnostic) string {
	level := map[schema.Severity]string{schema.Error: "error", schema.Warning: "warning", schema.Accepted: "notice"}[d.Severity]
	data := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A")
	prop := strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A", ":", "%3A", ",", "%2C")
	msg := d.Message
	if d.Severity == schema.Accepted && d.Why != "" {
		msg += " (accepted: " + d.Why + ")"
	}
	return fmt.Sprintf("::%s file=%s,line=%d,col=%d,title=%s::%s", level, prop.Replace(filepath.ToSlash(d.File)), max(d.Line, 1), max(d.Col, 1), prop.Replace("recap "+d.Rule), data.Replace(msg))
}
