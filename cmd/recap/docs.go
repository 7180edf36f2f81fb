package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"regexp"
	"runtime/debug"
	"strings"
	"time"
)

// The documentation of the commands, drawn from the command table: each
// command's help, the flags of a flag.FlagSet of its own, and the exit
// statuses. `recap COMMAND -h`, `recap completion` and `recap man` all say
// the same, because they read the same table.

// exitStatuses are the exit statuses of every command, as DEVELOPERS.md
// lists them (TestExitStatuses keeps the two and every command's help in
// step).
var exitStatuses = []struct {
	code    int
	meaning string
}{
	{exitOK, "all is well: the command did what was asked"},
	{exitInvalid, "invalid input: notes with errors, a template that fails, a PDF that does not verify, an address a mail needs missing"},
	{exitUsage, "usage error, or a file that cannot be read or written"},
	{exitCondition, "a condition asked to fail on: --fail-overdue (status), --fail-on-weakened (diff)"},
	{exitInterrupted, "interrupted (Ctrl-C, SIGTERM) during a build, as shells report SIGINT"},
}

// flagDoc is one flag of a command, for its help, completions and the
// manual.
type flagDoc struct {
	name    string
	arg     string   // the value's name in the usage ("DIR"), "" for a boolean flag
	usage   string   // what it does
	def     string   // its default, "" for none worth saying
	choices []string // the values it takes, where the synopsis lists them
}

// flagDocs lists a command's flags in the order of their names.
func flagDocs(cmd command) []flagDoc {
	fs := flag.NewFlagSet(cmd.name, flag.ContinueOnError)
	cmd.new().flags(fs)
	choices := synopsisChoices(cmd.args)
	var out []flagDoc
	fs.VisitAll(func(f *flag.Flag) {
		arg, usage := flag.UnquoteUsage(f)
		if b, ok := f.Value.(interface{ IsBoolFlag() bool }); ok && b.IsBoolFlag() {
			arg = ""
		}
		d := flagDoc{name: f.Name, arg: arg, usage: usage, choices: choices[f.Name]}
		if f.DefValue != "" && f.DefValue != "false" && f.DefValue != "0" && f.DefValue != "[]" {
			d.def = f.DefValue
		}
		out = append(out, d)
	})
	return out
}

// choiceFlag finds in a synopsis the flags whose values it lists:
// "[--paper a4|letter]", "[--format md,pdf,html,ics]".
var choiceFlag = regexp.MustCompile(`--([a-z][a-z-]*) ([a-z0-9]+(?:[|,\\]+[a-z0-9]+)+)\]`)

func synopsisChoices(args string) map[string][]string {
	out := map[string][]string{}
	for _, m := range choiceFlag.FindAllStringSubmatch(args, -1) {
		out[m[1]] = strings.FieldsFunc(m[2], func(r rune) bool { return r == '|' || r == ',' || r == '\\' })
	}
	return out
}

// dashes is how a flag is written in help and the manual: --name, or -o
// for a one-letter flag.
func dashes(name string) string {
	if len(name) == 1 {
		return "-" + name
	}
	return "--" + name
}

// printFlags writes a command's flags as its help lists them.
func printFlags(w io.Writer, flags []flagDoc) {
	for _, f := range flags {
		line := "  " + dashes(f.name)
		if f.arg != "" {
			line += " " + f.arg
		}
		usage := f.usage
		if f.def != "" {
			usage += " (default " + f.def + ")"
		}
		fmt.Fprintf(w, "%s\n    \t%s\n", line, strings.ReplaceAll(usage, "\n", "\n    \t"))
	}
}

var completionCommand = command{
	name:    "completion",
	args:    "bash|zsh|fish",
	summary: "print a shell's completion script for recap",
	help: `
Completion prints a script that completes recap's commands, their flags and
the values of flags that take one of a few, for bash, zsh or fish:

	recap completion bash > ~/.local/share/bash-completion/completions/recap
	recap completion zsh > "${fpath[1]}/_recap"
	recap completion fish > ~/.config/fish/completions/recap.fish

Files are completed where a command takes them. Release archives carry the
three scripts in completions/.

Exit status: 0; 2 for a shell it does not know.`,
	new: func() runner { return new(completionCmd) },
}

type completionCmd struct{}

func (*completionCmd) flags(*flag.FlagSet) {}

func (*completionCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usageErrorf("completion: give one shell: bash, zsh or fish")
	}
	var b strings.Builder
	switch args[0] {
	case "bash":
		bashCompletion(&b)
	case "zsh":
		zshCompletion(&b)
	case "fish":
		fishCompletion(&b)
	default:
		return usageErrorf("completion: %q is not bash, zsh or fish", args[0])
	}
	_, err := io.WriteString(e.stdout, b.String())
	return err
}

// shellWord quotes s for a shell script, in single quotes.
func shellWord(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

func commandNames() []string {
	var names []string
	for _, c := range commands() {
		names = append(names, c.name)
	}
	return append(names, "help")
}

func bashCompletion(b *strings.Builder) {
	b.WriteString(`# bash completion for recap (recap completion bash).
_recap() {
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	if [[ $COMP_CWORD -eq 1 ]]; then
		COMPREPLY=($(compgen -W ` + shellWord(strings.Join(commandNames(), " ")) + ` -- "$cur"))
		return
	fi
	local flags= values=
	case ${COMP_WORDS[1]} in
	help) COMPREPLY=($(compgen -W ` + shellWord(strings.Join(commandNames(), " ")) + ` -- "$cur")); return ;;
`)
	for _, c := range commands() {
		var names []string
		var cases strings.Builder
		for _, f := range flagDocs(c) {
			names = append(names, dashes(f.name))
			if f.arg == "" {
				continue
			}
			fmt.Fprintf(&cases, "\t\t%s) ", dashes(f.name))
			if len(f.choices) > 0 {
				fmt.Fprintf(&cases, "values=%s ;;\n", shellWord(strings.Join(f.choices, " ")))
			} else {
				cases.WriteString("values=@files ;;\n")
			}
		}
		fmt.Fprintf(b, "\t%s)\n\t\tflags=%s\n\t\tcase $prev in\n%s\t\tesac ;;\n", c.name, shellWord(strings.Join(names, " ")), cases.String())
	}
	b.WriteString(`	esac
	if [[ $values == @files ]]; then
		COMPREPLY=($(compgen -f -- "$cur"))
	elif [[ -n $values ]]; then
		COMPREPLY=($(compgen -W "$values" -- "$cur"))
	elif [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$flags" -- "$cur"))
	else
		COMPREPLY=($(compgen -f -- "$cur"))
	fi
}
complete -o filenames -o bashdefault -F _recap recap
`)
}

// zshQuote escapes a description for _arguments' [...] and a command list.
func zshQuote(s string) string {
	return strings.NewReplacer(`\`, `\\`, `'`, `'\''`, `[`, `\[`, `]`, `\]`, `:`, `\:`).Replace(s)
}

func zshCompletion(b *strings.Builder) {
	b.WriteString("#compdef recap\n# zsh completion for recap (recap completion zsh).\n_recap() {\n\tlocal -a commands\n\tcommands=(\n")
	for _, c := range commands() {
		fmt.Fprintf(b, "\t\t'%s:%s'\n", c.name, zshQuote(c.summary))
	}
	b.WriteString("\t\t'help:say more of a command'\n\t)\n\tif (( CURRENT == 2 )); then\n\t\t_describe 'command' commands\n\t\treturn\n\tfi\n\tlocal cmd=${words[2]}\n\tshift words\n\t(( CURRENT-- ))\n\tcase $cmd in\n")
	for _, c := range commands() {
		fmt.Fprintf(b, "\t%s)\n\t\t_arguments -s", c.name)
		for _, f := range flagDocs(c) {
			spec := dashes(f.name) + "[" + zshQuote(firstLine(f.usage)) + "]"
			if f.arg != "" {
				action := "_files"
				if len(f.choices) > 0 {
					action = "(" + strings.Join(f.choices, " ") + ")"
				}
				spec += ":" + strings.ToLower(f.arg) + ":" + action
			}
			fmt.Fprintf(b, " \\\n\t\t\t'%s'", spec)
		}
		b.WriteString(" \\\n\t\t\t'*:file:_files' ;;\n")
	}
	b.WriteString("\thelp) _describe 'command' commands ;;\n\tesac\n}\n_recap \"$@\"\n")
}

func fishCompletion(b *strings.Builder) {
	b.WriteString("# fish completion for recap (recap completion fish).\ncomplete -c recap -f\n")
	fmt.Fprintf(b, "complete -c recap -n __fish_use_subcommand -a help -d %s\n", shellWord("say more of a command"))
	for _, c := range commands() {
		fmt.Fprintf(b, "complete -c recap -n __fish_use_subcommand -a %s -d %s\n", c.name, shellWord(c.summary))
		cond := "__fish_seen_subcommand_from " + c.name
		fmt.Fprintf(b, "complete -c recap -n %s -F\n", shellWord(cond))
		for _, f := range flagDocs(c) {
			opt := "-l " + f.name
			if len(f.name) == 1 {
				opt = "-s " + f.name
			}
			fmt.Fprintf(b, "complete -c recap -n %s %s -d %s", shellWord(cond), opt, shellWord(firstLine(f.usage)))
			switch {
			case len(f.choices) > 0:
				fmt.Fprintf(b, " -x -a %s", shellWord(strings.Join(f.choices, " ")))
			case f.arg != "":
				b.WriteString(" -r -F")
			}
			b.WriteString("\n")
		}
	}
}

func firstLine(s string) string {
	l, _, _ := strings.Cut(s, "\n")
	return l
}

var manCommand = command{
	name:    "man",
	args:    "",
	summary: "print recap's manual page (roff)",
	help: `
Man prints recap's manual page, in roff, with every command, flag and exit
status:

	recap man > ~/.local/share/man/man1/recap.1
	man recap

Its date is SOURCE_DATE_EPOCH's if set, else that of the commit recap was
built from, else today's. Release archives carry it as man/recap.1.

Exit status: 0; 2 for arguments.`,
	new: func() runner { return new(manCmd) },
}

type manCmd struct{}

func (*manCmd) flags(*flag.FlagSet) {}

func (*manCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) > 0 {
		return usageErrorf("man takes no arguments")
	}
	date, err := manDate()
	if err != nil {
		return err
	}
	_, err = io.WriteString(e.stdout, manPage(date, version()))
	return err
}

// manDate is the manual's date: SOURCE_DATE_EPOCH's, the commit's, or
// today's.
func manDate() (string, error) {
	d, err := sourceDate()
	switch {
	case err != nil:
		return "", err
	case !d.IsZero():
		return d.Format(time.DateOnly), nil
	}
	bi, _ := debug.ReadBuildInfo()
	if t, err := time.Parse(time.RFC3339, setting(bi, "vcs.time")); err == nil {
		return t.UTC().Format(time.DateOnly), nil
	}
	return time.Now().Format(time.DateOnly), nil
}

// roff escapes text for roff: backslashes, characters outside ASCII, and
// a line that would start with a control character; a text longer than a
// line is broken at spaces into lines of at most 80 bytes, as mandoc's
// style asks.
func roff(s string) string {
	s = strings.ReplaceAll(s, `\`, `\e`)
	// Characters outside ASCII as roff's escapes of Unicode (\[u2026]),
	// which mandoc and groff read on any terminal.
	var esc strings.Builder
	for _, r := range s {
		if r < 0x80 {
			esc.WriteRune(r)
		} else {
			fmt.Fprintf(&esc, `\[u%04X]`, r)
		}
	}
	s = esc.String()
	var lines []string
	line := ""
	for _, w := range strings.Split(s, " ") {
		switch {
		case line == "":
			line = w
		case len(line)+1+len(w) > 80:
			lines = append(lines, line)
			line = w
		default:
			line += " " + w
		}
	}
	lines = append(lines, line)
	for i, l := range lines {
		if strings.HasPrefix(l, ".") || strings.HasPrefix(l, "'") {
			lines[i] = `\&` + l
		}
	}
	return strings.Join(lines, "\n")
}

// roffFlag writes a flag as the manual shows it: bold, with \- dashes.
func roffFlag(name string) string { return `\fB` + strings.ReplaceAll(dashes(name), "-", `\-`) + `\fR` }

// manText writes a help text as roff paragraphs: a blank line starts a
// paragraph; tab-indented lines are an example, set as they are.
func manText(b *strings.Builder, text string) {
	inExample, paragraph := false, false
	for _, line := range strings.Split(strings.TrimSpace(text), "\n") {
		example := strings.HasPrefix(line, "\t")
		switch {
		case example && !inExample:
			b.WriteString(".PP\n.RS 4\n.nf\n")
		case !example && inExample:
			b.WriteString(".fi\n.RE\n")
		}
		inExample = example
		switch {
		case example:
			b.WriteString(roff(strings.TrimPrefix(line, "\t")) + "\n")
		case strings.TrimSpace(line) == "":
			paragraph = true
		default:
			if paragraph {
				b.WriteString(".PP\n")
			}
			b.WriteString(roff(strings.TrimSpace(line)) + "\n")
		}
		if example || strings.TrimSpace(line) != "" {
			paragraph = paragraph && strings.TrimSpace(line) == ""
		}
	}
	if inExample {
		b.WriteString(".fi\n.RE\n")
	}
}

func manPage(date, version string) string {
	var b strings.Builder
	fmt.Fprintf(&b, ".TH RECAP 1 %s \"recap %s\" \"User Commands\"\n", date, strings.ReplaceAll(version, `"`, ""))
	b.WriteString(".SH NAME\nrecap \\- check negotiation notes and make the documents of a deal\n")
	b.WriteString(".SH SYNOPSIS\n.B recap\n.I command\n[\\fIflags\\fR] [\\fIarguments\\fR]\n")
	b.WriteString(".SH DESCRIPTION\n")
	manText(&b, intro)
	b.WriteString(".PP\nFlags may come before or after the arguments; \\fB\\-\\-\\fR ends them.\nEach flag of one letter or more can be written with one dash or two.\n")
	b.WriteString(".SH COMMANDS\n")
	for _, c := range commands() {
		fmt.Fprintf(&b, ".SS \"recap %s\"\n", c.name)
		fmt.Fprintf(&b, ".B recap %s\n%s\n.PP\n", c.name, roff(c.args))
		manText(&b, c.help)
		for _, f := range flagDocs(c) {
			b.WriteString(".TP\n" + roffFlag(f.name))
			if f.arg != "" {
				b.WriteString(` \fI` + roff(f.arg) + `\fR`)
			}
			usage := f.usage
			if f.def != "" {
				usage += " (default " + f.def + ")"
			}
			b.WriteString("\n" + roff(usage) + "\n")
		}
	}
	b.WriteString(".SH EXIT STATUS\n")
	for _, s := range exitStatuses {
		fmt.Fprintf(&b, ".TP\n.B %d\n%s\n", s.code, roff(s.meaning))
	}
	b.WriteString(".PP\nEach command's section above says which of these it gives, and when.\n")
	b.WriteString(".SH ENVIRONMENT\n.TP\n.B SOURCE_DATE_EPOCH\n" + roff("The creation date of the PDFs recap builds, in seconds since 1970, for reproducible builds; the manual's date.") + "\n")
	b.WriteString(".TP\n.B RECAP_FONT_PATH\n" + roff("Folders of fonts the PDF may use for what recap's own fonts lack, separated by colons.") + "\n")
	b.WriteString(".SH SEE ALSO\n" + roff("The README and docs/notes-format.md of recap's source, which describe the notes format; recap rules, which lists every rule.") + "\n")
	return b.String()
}
