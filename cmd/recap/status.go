package main

import (
	"context"
	"flag"
	"time"

	"github.com/recaptool/recap/schema"
	"github.com/recaptool/recap/status"
)

var statusCommand = command{
	name:    "status",
	args:    "[--as-of DATE] [--format text|md|json] [--fail-overdue] NOTES.toml",
	summary: "say which actions are done, ready, blocked or overdue",
	help: `
Status reads signed notes (the signed date and each action's done date) and
gives every action one state as of a date (default: today):

	done     it has a done date on or before the date
	overdue  not done, due before the date, and nothing left to wait for
	blocked  something in its "if" is not done yet (the report says what, whose)
	ready    nothing left to wait for, and not overdue

The signing counts as done from the signed date. The text report starts
with what matters: our actions that are blocked (do not perform them yet),
the other side's overdue actions, ours, and where we performed before they
did; then every action in sequence order. --format md gives a Markdown
section; --format json lists every action with its id and status.

Exit status: 0; 1 for invalid notes; 2 for usage or file errors; 3 with
--fail-overdue when anything is overdue (for reminders from cron or CI).`,
	new: func() runner { return new(statusCmd) },
}

type statusCmd struct {
	asOf        string
	format      string
	failOverdue bool
}

func (c *statusCmd) flags(fs *flag.FlagSet) {
	fs.StringVar(&c.asOf, "as-of", "", "report as of `DATE` (YYYY-MM-DD; default today)")
	fs.StringVar(&c.format, "format", "text", "output `format`: text, md or json")
	fs.BoolVar(&c.failOverdue, "fail-overdue", false, "exit 3 when any action is overdue")
}

func (c *statusCmd) run(ctx context.Context, e *env, args []string) error {
	if len(args) != 1 {
		return usageErrorf("status: give one notes file")
	}
	if c.format != "text" && c.format != "md" && c.format != "json" {
		return usageErrorf("status: --format must be text, md or json, not %q", c.format)
	}
	asOf := schema.DateOf(time.Now())
	if c.asOf != "" {
		d, err := schema.ParseDate(c.asOf)
		if err != nil {
			return usageErrorf("status: --as-of: %v", err)
		}
		asOf = d
	}
	in, err := loadSource(e, args[0])
	if err != nil {
		return err
	}
	r := status.Of(in.Notes, asOf)
	var out []byte
	switch c.format {
	case "json":
		out, err = r.JSON()
	case "md":
		out = r.Markdown()
	default:
		out = r.Text()
	}
	if err != nil {
		return err
	}
	if _, err := e.stdout.Write(out); err != nil {
		return err
	}
	if c.failOverdue && r.Overdue() > 0 {
		return &exitError{code: exitCondition, msg: schema.Count(r.Overdue(), "action", "actions") + " overdue"}
	}
	return nil
}
