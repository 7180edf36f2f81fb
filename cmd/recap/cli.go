package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/recaptool/recap/internal/term"
	"github.com/recaptool/recap/render/pdf"
	"github.com/recaptool/recap/schema"
)

// Exit statuses.
const (
	exitOK      = 0
	exitInvalid = 1 // the input has errors
	exitUsage   = 2 // bad usage, or a file could not be read or written
	// exitCondition: a condition the user asked to fail on
	// (--fail-overdue, --fail-on-weakened).
	exitCondition = 3
)

// exitError carries an exit status; its message, if any, is printed once.
type exitError struct {
	code int
	msg  string
}

func (e *exitError) Error() string { return e.msg }

// errInvalid reports invalid input whose diagnostics are already printed.
var errInvalid = &exitError{code: exitInvalid}

func usageErrorf(format string, args ...any) error {
	return &exitError{code: exitUsage, msg: fmt.Sprintf(format, args...) + "\nRun 'recap help' for usage."}
}

func exitCode(err error, stderr io.Writer) int {
	if err == nil {
		return exitOK
	}
	var e *exitError
	if !errors.As(err, &e) {
		fmt.Fprintf(stderr, "recap: %s\n", safeLines(err.Error()))
		return exitUsage
	}
	if e.msg != "" {
		fmt.Fprintf(stderr, "recap: %s\n", safeLines(e.msg))
	}
	return e.code
}

// safeLines makes a message safe for the terminal, line by line: file
// names and text from notes and PDFs in it print their control
// characters as escapes.
func safeLines(msg string) string {
	lines := strings.Split(msg, "\n")
	for i, l := range lines {
		lines[i] = term.Safe(l)
	}
	return strings.Join(lines, "\n")
}

// A runner is one command: its flags and what it does with its arguments.
type runner interface {
	flags(fs *flag.FlagSet)
	run(ctx context.Context, env *env, args []string) error
}

type command struct {
	name    string
	args    string // the synopsis after the name
	summary string
	help    string // what it does, how it exits
	new     func() runner
}

// env is what commands may touch of the process.
type env struct {
	stdin          io.Reader
	stdout, stderr io.Writer
	fonts          *pdf.FontSet // see fontSet
}

func commands() []command {
	return []command{
		checkCommand, buildCommand, briefCommand, mailCommand, sharedCommand, watchCommand, statusCommand, diffCommand, verifyCommand, initCommand, templateCommand, schemaCommand, rulesCommand, lspCommand, completionCommand, manCommand, versionCommand,
	}
}

func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	e := &env{stdin: stdin, stdout: stdout, stderr: stderr}
	if len(args) == 0 {
		printUsage(stderr)
		return &exitError{code: exitUsage}
	}
	name, rest := args[0], args[1:]
	switch name {
	case "help", "-h", "-help", "--help":
		return help(e, rest)
	case "-v", "-version", "--version":
		name = "version"
	}
	cmd, ok := lookup(name)
	if !ok {
		return unknownCommand(name)
	}
	r := cmd.new()
	fs := newFlagSet(cmd, r)
	operands, err := parseInterleaved(fs, rest)
	if errors.Is(err, flag.ErrHelp) {
		printCommandHelp(stdout, cmd)
		return nil
	}
	if err != nil {
		return usageErrorf("%s: %v", cmd.name, err)
	}
	err = r.run(ctx, e, operands)
	// A font that cannot be read is passed over, and said once.
	for _, w := range e.fonts.Skipped() {
		fmt.Fprintf(e.stderr, "recap: warning: a font was skipped: %s\n", term.Safe(w))
	}
	return err
}

func lookup(name string) (command, bool) {
	i := slices.IndexFunc(commands(), func(c command) bool { return c.name == name })
	if i < 0 {
		return command{}, false
	}
	return commands()[i], true
}

func help(e *env, args []string) error {
	if len(args) == 0 || len(args) == 1 && slices.Contains([]string{"-h", "-help", "--help"}, args[0]) {
		printUsage(e.stdout)
		return nil
	}
	cmd, ok := lookup(args[0])
	if !ok {
		return unknownCommand(args[0])
	}
	printCommandHelp(e.stdout, cmd)
	return nil
}

// unknownCommand refuses a command recap does not have, suggesting the one
// meant if it is near: "recap chek" is "recap check".
func unknownCommand(name string) error {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	if c := schema.Closest(name, names); c != "" && !strings.HasPrefix(name, "-") {
		return usageErrorf("unknown command %q; did you mean %q?", name, c)
	}
	return usageErrorf("unknown command %q", name)
}

func newFlagSet(cmd command, r runner) *flag.FlagSet {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard) // errors are reported once, by exitCode
	r.flags(fs)
	return fs
}

// parseInterleaved parses flags wherever they stand among the operands, as
// users expect ("recap check notes.toml --strict"); "--" ends the flags.
func parseInterleaved(fs *flag.FlagSet, args []string) ([]string, error) {
	var operands []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, err
		}
		rest := fs.Args()
		if stopped := len(args) - len(rest); stopped > 0 && args[stopped-1] == "--" {
			return append(operands, rest...), nil
		}
		if len(rest) == 0 {
			return operands, nil
		}
		operands = append(operands, rest[0])
		args = rest[1:]
	}
}

// intro is what recap is, for its usage and its manual.
const intro = `recap checks negotiation notes written in TOML and turns them into the
documents of a deal: the agreement both sides sign (Markdown for reading and
diffing, a PDF for signature) and the brief our side keeps.`

func printUsage(w io.Writer) {
	fmt.Fprint(w, intro+`

Usage:

	recap COMMAND [flags] [arguments]

Commands:

`)
	for _, c := range commands() {
		fmt.Fprintf(w, "	%-10s %s\n", c.name, c.summary)
	}
	fmt.Fprint(w, `
Run 'recap help COMMAND' or 'recap COMMAND -h' for more about a command.

Exit status:
`)
	for _, s := range exitStatuses {
		fmt.Fprintf(w, "	%-4d %s\n", s.code, s.meaning)
	}
}

func printCommandHelp(w io.Writer, cmd command) {
	fmt.Fprintf(w, "Usage: recap %s %s\n\n%s\n", cmd.name, cmd.args, strings.TrimSpace(cmd.help))
	if flags := flagDocs(cmd); len(flags) > 0 {
		fmt.Fprint(w, "\nFlags:\n")
		printFlags(w, flags)
	}
}
