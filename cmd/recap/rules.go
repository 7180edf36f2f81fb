package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/recaptool/recap/schema"
)

var rulesCommand = command{
	name:    "rules",
	args:    "[--format text|json|markdown] [RULE]...",
	summary: "list the rules notes are checked against",
	help: `
Rules lists every rule recap checks notes against: its id (what a
diagnostic and ` + "`accept`" + ` name), whether it gives errors or warnings, whether
` + "`accept`" + ` may list it, what it finds, and why it matters. With RULE ids, only
those.

With --format json it prints a JSON array of objects with the keys id,
severity ("error", "warning", or "final-error": an error in a final recap,
a warning in a draft), escalates, acceptable, stage ("check", or "build"
for rules that depend on a build's flags), summary and help, for editors
and scripts; with --format markdown, the page docs/rules.md is made from.

Exit status: 0; 2 for an id that is no rule.`,
	new: func() runner { return new(rulesCmd) },
}

type rulesCmd struct {
	format string
}

func (c *rulesCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.format, "format", "text", "output `format`: text, json or markdown")
}

func (c *rulesCmd) run(ctx context.Context, e *env, args []string) error {
	rules := schema.Rules()
	if len(args) > 0 {
		rules = rules[:0]
		for _, id := range args {
			r := schema.LookupRule(id)
			if r == nil {
				var ids []string
				for _, r := range schema.Rules() {
					ids = append(ids, r.ID)
				}
				if c := schema.Closest(id, ids); c != "" {
					return usageErrorf("rules: %q is no rule; did you mean %q?", id, c)
				}
				return usageErrorf("rules: %q is no rule", id)
			}
			rules = append(rules, r)
		}
	}
	switch c.format {
	case "text":
		return printRules(e.stdout, rules)
	case "json":
		return printRulesJSON(e.stdout, rules)
	case "markdown":
		if len(args) > 0 {
			return usageErrorf("rules: --format markdown prints every rule; give no ids")
		}
		_, err := e.stdout.Write(schema.RulesMarkdown())
		return err
	}
	return usageErrorf("rules: --format must be text, json or markdown, not %q", c.format)
}

// printRules writes each rule as a heading line and its text indented.
func printRules(w io.Writer, rules []*schema.Rule) error {
	var b strings.Builder
	for i, r := range rules {
		if i > 0 {
			b.WriteByte('\n')
		}
		var about []string
		about = append(about, r.Level.String())
		if r.Escalates != "" {
			about = append(about, r.Escalates)
		}
		if r.Acceptable() {
			about = append(about, "may be accepted")
		}
		if r.Stage == schema.AtBuild {
			about = append(about, "applies at build")
		}
		fmt.Fprintf(&b, "%s (%s)\n", r.ID, strings.Join(about, "; "))
		for _, par := range []string{sentence(r.Summary), r.Help} {
			for _, line := range wrap(par, 72) {
				fmt.Fprintf(&b, "    %s\n", line)
			}
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func printRulesJSON(w io.Writer, rules []*schema.Rule) error {
	type entry struct {
		ID         string       `json:"id"`
		Severity   schema.Level `json:"severity"`
		Escalates  string       `json:"escalates,omitempty"`
		Acceptable bool         `json:"acceptable"`
		Stage      schema.Stage `json:"stage"`
		Summary    string       `json:"summary"`
		Help       string       `json:"help"`
	}
	out := []entry{}
	for _, r := range rules {
		out = append(out, entry{r.ID, r.Level, r.Escalates, r.Acceptable(), r.Stage, r.Summary, r.Help})
	}
	b, err := json.MarshalIndent(out, "", "  ")
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

// wrap breaks text into lines of at most width characters, at spaces; a
// word longer than width stands on a line of its own.
func wrap(text string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(text) {
		switch {
		case line == "":
			line = word
		case len([]rune(line))+1+len([]rune(word)) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	if line != "" {
		lines = append(lines, line)
	}
	return lines
}

// sentence makes a summary a sentence: a capital first letter, a full stop.
func sentence(s string) string {
	r, size := utf8.DecodeRuneInString(s)
	return string(unicode.ToUpper(r)) + s[size:] + "."
}
