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
	         but steps of its own party (their own delay excuses nothing)
	held     one of our deliveries, ready or late, for a party that is
	         overdue on anything: performing it would deliver into their
	         default
	blocked  something in its "if" is not done yet (the report says what, whose)
	ready    nothing left to wait for, and not overdue

The signing counts as done from the signed date. The text report starts
with what matters, in this order: Hold (our deliveries held, and why);
Their move (their actions ready or overdue, days left or late); Our move
(ours ready or late and not held, claims included); Do not perform yet
(our deliveries waiting on theirs, never a claim); Signatures (a final
recap not signed: whose signature is missing, and a schedule gone stale);
Exposure (delivered, received, the gap now and since when, against
limits.max_exposure, and what performing each ready delivery would make
it); open points with a date; what was performed before the signing, or
before what it waited for. Then every action in sequence order. --format
md gives a Markdown section; --format json lists every action with its
id and status ("held" with "held_because"), the exposure, and the
signatures missing.

Exit status: 0; 1 for invalid notes; 2 for usage or file errors; 3 with
--fail-overdue when anything is overdue or held (for reminders from cron
or CI).`,
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
	fs.BoolVar(&c.failOverdue, "fail-overdue", false, "exit 3 when any action is overdue or held")
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
	if c.failOverdue && r.Overdue()+r.Held() > 0 {
		msg := schema.Count(r.Overdue(), "action", "actions") + " overdue"
		if r.Held() > 0 {
			msg += ", " + schema.Count(r.Held(), "delivery", "deliveries") + " held"
		}
		return &exitError{code: exitCondition, msg: msg}
	}
	return nil
}
